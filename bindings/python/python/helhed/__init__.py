"""helhed: rules and decisions for Danish municipal holistic case management.

Given the facts of a citizen's situation on a date, helhed decides whether the citizen belongs
to the holistic effort's target group, which unit is responsible, who must do what, and when the
answer will change, with a cited reason for every step. This package is a thin binding of the
Rust core: decisions are the v1 JSON contract, the same every host gives.

>>> import helhed
>>> rules = helhed.RuleSet.default()
>>> d = rules.route({"birth_date": "2008-05-10", "benefit": "none", "efforts": []}, "2025-01-01")
>>> d["unit"]
'ungeindsatsen'
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pyarrow

from helhed._helhed import CASE_COLUMNS, RuleSet, __version__, _compare, schema, synth
from helhed.errors import HelhedError, InvalidCase, InvalidPlan, InvalidRuleSet

__all__ = [
    "CASE_COLUMNS",
    "Comparison",
    "HelhedError",
    "InvalidCase",
    "InvalidPlan",
    "InvalidRuleSet",
    "RuleSet",
    "__version__",
    "compare",
    "schema",
    "synth",
]


@dataclass(frozen=True)
class Comparison:
    """Where the same cases land under rule set A and under rule set B.

    - ``crosstab``: one row per unit under A (column ``unit``), one count column per unit under
      B; only units that occur.
    - ``moved``: the rows whose unit differs, with the routing rows that decided under A and B
      (``index``, ``case_id``, ``unit_a``, ``unit_b``, ``rule_a``, ``rule_b``).
    - ``errors``: the rows neither could decide (``index``, ``case_id``, ``error_code``,
      ``error_field``, ``error_message``).
    """

    rules_a: str
    rules_b: str
    crosstab: pyarrow.Table
    moved: pyarrow.Table
    errors: pyarrow.Table

    @property
    def rows(self) -> int:
        """Cases decided under both rule sets."""
        return sum(
            sum(v for v in self.crosstab.column(name).to_pylist())
            for name in self.crosstab.column_names[1:]
        )


def compare(
    rules_a: RuleSet,
    rules_b: RuleSet,
    data: Any,
    as_of: datetime.date | str | None = None,
    *,
    threads: int | None = None,
) -> Comparison:
    """Routes every row of ``data`` (an Arrow table, as for :meth:`RuleSet.route_arrow`) under
    both rule sets on ``as_of``, and returns the crosstab of unit under A by unit under B and the
    rows that moved, with the rule rows that moved them."""
    cells, moved, errors = _compare(rules_a, rules_b, data, as_of, threads=threads)
    units_a = sorted({a for a, _, _ in cells}, key=[a for a, _, _ in cells].index)
    units_b = sorted({b for _, b, _ in cells}, key=[b for _, b, _ in cells].index)
    counts = {(a, b): n for a, b, n in cells}
    columns: dict[str, Any] = {"unit": pyarrow.array(units_a, pyarrow.string())}
    for b in units_b:
        columns[b] = pyarrow.array([counts.get((a, b), 0) for a in units_a], pyarrow.uint64())
    return Comparison(
        rules_a=rules_a.id,
        rules_b=rules_b.id,
        crosstab=pyarrow.table(columns),
        moved=moved,
        errors=errors,
    )
