"""A rule file full of CPR-like numbers (tests/cpr/): no host output repeats one of them."""

from __future__ import annotations

import json
import re
import shutil

import pyarrow as pa
import pytest

import helhed
from conftest import REPO

FIXTURE = REPO / "tests" / "cpr" / "cpr-in-rule-file.toml"
#: The numbers in the fixture, with every separator it uses (hyphen, space, dot, slash,
#: underscore, en dash, " - ") or none.
NUMBERS = re.compile(r"150385\D{0,3}0123|0101901234|010165\D?1234")


def outputs(rules: helhed.RuleSet) -> str:
    """Everything the rule set gives back for a few cases and a plan, as one text."""
    cases = [
        {"id": f"sag-{i}", "birth_date": born, "benefit": benefit, "efforts": []}
        for i, (born, benefit) in enumerate(
            [("1990-04-02", "kontanthjaelp"), ("2008-05-10", "none"), ("1960-01-01", "foertidspension")]
        )
    ]
    texts = [rules.id, rules.title, rules.municipality, str(rules.version_on("2027-06-01"))]
    for as_of in ["2025-06-01", "2027-06-01"]:
        for case in cases:
            for trace in [True, False, "ref"]:
                texts.append(json.dumps(rules.route(case, as_of, trace=trace)))
        texts.append(json.dumps(rules.route_many(cases + [{"benefit": "x"}], as_of, trace=True)))
        rows = pa.Table.from_pylist([{k: v for k, v in c.items() if k != "efforts"} for c in cases])
        table = rules.route_arrow(rows, as_of)
        texts.append(json.dumps(table.to_pylist(), default=str))
        plan = {"created": as_of, "case": cases[0], "case_id": "sag-0"}
        texts.append(json.dumps(rules.check_plan(plan, as_of)))
    compared = helhed.compare(helhed.RuleSet.default(), rules, rows, "2025-06-01")
    texts.append(json.dumps(compared.moved.to_pylist(), default=str))
    texts.append(json.dumps(compared.crosstab.to_pylist(), default=str))
    return "\n".join(texts)


def test_no_cpr_from_a_rule_file_reaches_any_output(tmp_path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert len(NUMBERS.findall(text)) >= 15, "the fixture holds the numbers"
    path = tmp_path / "cpr 150385-0123.toml"
    shutil.copy(FIXTURE, path)
    for rules in [helhed.RuleSet.from_toml(text, "cpr 150385-0123.toml"), helhed.RuleSet.load(path)]:
        assert rules.id == "rules [CPR removed]"
        out = outputs(rules)
        assert "[CPR removed]" in out
        assert not NUMBERS.search(out), NUMBERS.search(out)


def test_a_rule_file_error_names_the_file_without_the_number(tmp_path) -> None:
    path = tmp_path / "cpr 150385-0123.toml"
    path.write_text('id = "x 150385-0123"\ntitle = 1503850123\n', encoding="utf-8")
    for load in [lambda: helhed.RuleSet.load(path), lambda: helhed.RuleSet.from_toml(path.read_text(), path.name)]:
        with pytest.raises(helhed.InvalidRuleSet) as caught:
            load()
        error = caught.value
        shown = f"{error} {error.file} {error.row} {error.args}"
        assert "[CPR removed]" in shown
        assert not NUMBERS.search(shown), shown
