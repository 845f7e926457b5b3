"""The OpenFisca-core side of bench.py: the same decision tables as zen's (the JDM graph the
benches crate generates from the default rule set) as vectorised OpenFisca formulas, over the
equivalent table of facts (one row per case: codes and bitmasks, as py-bench-native writes it).

The formulas are generated, not written by hand: each table cell (a zen unary expression such as
``$ >= 18 and $ < 25``, ``$ in ["su"]``, ``some($, # in ["sel"])``) becomes a numpy mask, and a
table with hit policy ``first`` gives each row the first matching row's output. bench.py checks
that the units equal helhed's on every row before it reports a figure.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

import helhed

LISTS = {
    "effort_sectors": "Sector",
    "need_sectors": "Sector",
    "sectors": "Sector",
    "social_events": "SocialEvent",
    "plans": "PlanKind",
}
CODES = {
    "age_band": "AgeBand",
    "benefit": "Benefit",
    "education_status": "EducationStatus",
    "legal_capacity": "LegalCapacity",
    "unit": "Unit",
}
# Enums whose code 0 is "none" (not given, or no visitation by the date), then the contract's
# values from 1 (py-bench-native's facts table).
OPTIONAL_CODES = {
    "visitation_category": "VisitationCategory",
    "visitation": "VisitationOutcome",
}


def codes_of(field: str) -> list[str]:
    """The words of a coded column, in the order of its codes."""
    if field in OPTIONAL_CODES:
        return ["none", *vocabulary(OPTIONAL_CODES[field])]
    return vocabulary(CODES[field])


def vocabulary(name: str) -> list[str]:
    """An enum's values in the order of its codes (the contract's schema order)."""
    for document in ("case", "plan", "decision"):
        definition = json.loads(helhed.schema(document))["definitions"].get(name)
        if definition is not None:
            return _enum(definition)
    raise KeyError(name)


def _enum(definition: dict[str, Any]) -> list[str]:
    if "enum" in definition:
        return list(definition["enum"])
    return [v for option in definition.get("oneOf", []) for v in _enum(option)]


def _words(inner: str) -> list[str]:
    return json.loads(f"[{inner}]")  # type: ignore[no-any-return]


def cell_mask(field: str, expression: str, get: Any) -> np.ndarray:
    """The rows where one zen unary cell over ``field`` holds."""
    column = get(field)
    mask = np.ones(len(column), dtype=bool)
    if not expression.strip():
        return mask
    for part in expression.split(" and "):
        part = part.strip()
        if m := re.fullmatch(r"\$ (>=|<) (\S+)", part):
            bound = get(m.group(2)) if m.group(2).startswith("cohort_") else int(m.group(2))
            mask &= column >= bound if m.group(1) == ">=" else column < bound
        elif m := re.fullmatch(r"\$ == (true|false)", part):
            mask &= column == (m.group(1) == "true")
        elif m := re.fullmatch(r"(not \()?\$ in \[(.*)\]\)?", part):
            vocab = codes_of(field)
            codes = [vocab.index(w) for w in _words(m.group(2))]
            hit = np.isin(column, codes)
            mask &= ~hit if m.group(1) else hit
        elif m := re.fullmatch(r"(some|none)\(\$, # in \[(.*)\]\)", part):
            bits = _bits(field, _words(m.group(2)))
            mask &= (column & bits) != 0 if m.group(1) == "some" else (column & bits) == 0
        elif m := re.fullmatch(r'("[^"]*") in \$', part):
            mask &= (column & _bits(field, [json.loads(m.group(1))])) != 0
        elif m := re.fullmatch(r"len\(\$\) (==|>) 0", part):
            mask &= column == 0 if m.group(1) == "==" else column != 0
        else:
            raise ValueError(f"a zen cell this translator does not know: {part!r}")
    return mask


def _bits(field: str, words: list[str]) -> int:
    vocab = vocabulary(LISTS[field])
    return sum(1 << vocab.index(w) for w in words)


def first_hit(table: dict[str, Any], output: str, get: Any, n: int) -> np.ndarray:
    """A ``first`` table's output for every row (-1 where no row matches)."""
    content = table["content"]
    field_of = {i["id"]: i["field"] for i in content["inputs"]}
    out_id = next(o["id"] for o in content["outputs"] if o["field"] == output)
    result = np.full(n, -1, dtype=np.int64)
    open_rows = np.ones(n, dtype=bool)
    for row in content["rules"]:
        mask = open_rows.copy()
        for cell_id, field in field_of.items():
            mask &= cell_mask(field, row.get(cell_id, ""), get)
        value = json.loads(row[out_id])
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, str):
            value = codes_of(output).index(value)
        result[mask] = value
        open_rows &= ~mask
    return result


def build(graph: dict[str, Any], columns: list[str]) -> Any:
    """An OpenFisca tax-benefit system: one input variable per fact column, and the formulas
    ``eligible``, ``target_group`` (membership) and ``unit`` generated from the graph's tables."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(key="person", plural="persons", label="Person", is_person=True)
    system = TaxBenefitSystem([person])
    tables = {node["id"]: node for node in graph["nodes"] if node["type"] == "decisionTableNode"}

    def fact_variable(name: str) -> type:
        return type(name, (Variable,), {
            "value_type": int, "entity": person, "definition_period": DateUnit.YEAR,
            "label": name,
        })

    for name in columns:
        system.add_variable(fact_variable(name))

    def eligible_formula(persons: Any, period: Any) -> np.ndarray:
        get = lambda field: persons(field, period)  # noqa: E731
        return first_hit(tables["target_group"], "eligible", get, persons.count) == 1

    def target_group_formula(persons: Any, period: Any) -> np.ndarray:
        get = lambda field: persons(field, period)  # noqa: E731
        return first_hit(tables["membership"], "target_group", get, persons.count) == 1

    def unit_formula(persons: Any, period: Any) -> np.ndarray:
        def get(field: str) -> np.ndarray:
            return persons(field, period)

        return first_hit(tables["routing"], "unit", get, persons.count)

    system.add_variable(type("eligible", (Variable,), {
        "value_type": bool, "entity": person, "definition_period": DateUnit.YEAR,
        "label": "eligible", "formula": eligible_formula,
    }))
    system.add_variable(type("target_group", (Variable,), {
        "value_type": bool, "entity": person, "definition_period": DateUnit.YEAR,
        "label": "target group", "formula": target_group_formula,
    }))
    system.add_variable(type("unit", (Variable,), {
        "value_type": int, "entity": person, "definition_period": DateUnit.YEAR,
        "label": "unit code", "formula": unit_formula,
    }))
    return system


def run(graph: dict[str, Any], facts: dict[str, np.ndarray]) -> list[str]:
    """Set-up and calculation: a simulation of every row, its inputs set, ``unit`` calculated.
    Returns the unit of each row."""
    from openfisca_core.simulations import SimulationBuilder

    system = build(graph, list(facts))
    n = len(next(iter(facts.values())))
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", [str(i) for i in range(n)])
    simulation = builder.build(system)
    for name, values in facts.items():
        simulation.set_input(name, "2026", values)
    codes = simulation.calculate("unit", "2026")
    units = vocabulary("Unit")
    return [units[c] if c >= 0 else "manual_review" for c in codes]
