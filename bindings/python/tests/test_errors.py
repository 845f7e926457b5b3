"""Every exception class, with the attributes that name what is wrong."""

from __future__ import annotations

import datetime

import polars as pl
import pyarrow as pa
import pytest

import helhed

CASE = {"birth_date": "1990-01-01", "benefit": "kontanthjaelp", "efforts": []}


def test_every_error_is_a_helhed_error() -> None:
    for cls in (helhed.InvalidCase, helhed.InvalidPlan, helhed.InvalidRuleSet):
        assert issubclass(cls, helhed.HelhedError)
        assert issubclass(cls, Exception)


def test_invalid_case_names_field_and_code(rules: helhed.RuleSet) -> None:
    bad = dict(CASE, efforts=[{"sector": "sel", "start": "2024-05-01", "end": "2024-01-01"}])
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route(bad, "2025-01-01")
    assert caught.value.field == "efforts[0].end"
    assert caught.value.code == "effort_ends_before_start"
    assert "efforts[0].end" in caught.value.message
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route(dict(CASE, colour="blue"), "2025-01-01")
    assert (caught.value.field, caught.value.code) == ("colour", "unknown_field")
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route("{not json", "2025-01-01")
    assert (caught.value.field, caught.value.code) == ("", "syntax")
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route(b"\xff\xfe", "2025-01-01")
    assert caught.value.field == ""


def test_bad_decision_dates_are_invalid_case_on_as_of(rules: helhed.RuleSet) -> None:
    for as_of in ("2025-1-1", "01-01-2025", "2025-02-30", datetime.datetime(2025, 1, 1)):
        with pytest.raises(helhed.InvalidCase) as caught:
            rules.route(CASE, as_of)  # type: ignore[arg-type]
        assert caught.value.field == "as_of"
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route(dict(CASE, birth_date="2024-06-01"), "2024-01-01")
    assert (caught.value.field, caught.value.code) == ("as_of", "as_of_before_birth")
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route(CASE, "1980-01-01")
    assert (caught.value.field, caught.value.code) == ("as_of", "no_version_in_force")
    assert rules.route(CASE, datetime.date(2025, 1, 1))["as_of"] == "2025-01-01"
    assert rules.route(CASE)["as_of"] == datetime.date.today().isoformat()


def test_invalid_plan_names_field(rules: helhed.RuleSet) -> None:
    plan = {"created": "2025-01-10", "case": dict(CASE, benefit="lottery")}
    with pytest.raises(helhed.InvalidPlan) as caught:
        rules.check_plan(plan, "2025-03-01")
    assert (caught.value.field, caught.value.code) == ("case.benefit", "invalid_value")
    with pytest.raises(helhed.InvalidPlan) as caught:
        rules.check_plan({"case": CASE}, "2025-03-01")
    assert (caught.value.field, caught.value.code) == ("created", "missing_field")


def test_invalid_rule_set_names_file_and_row(tmp_path: object) -> None:
    text = helhed.RuleSet.load("norddjurs-2021")
    assert text.id == "norddjurs-2021"
    with pytest.raises(helhed.InvalidRuleSet) as caught:
        helhed.RuleSet.from_toml("id = 3", file="mine.toml")
    assert caught.value.file == "mine.toml"
    assert caught.value.row is None
    with pytest.raises(helhed.InvalidRuleSet) as caught:
        helhed.RuleSet.load("no-such-rule-set")
    assert caught.value.file == "no-such-rule-set"
    assert "norddjurs-2021" in caught.value.message


def test_invalid_rule_set_row(repo_rules_text: str) -> None:
    broken = repo_rules_text.replace('status = "source"', 'status = "rumour"', 1)
    with pytest.raises(helhed.InvalidRuleSet) as caught:
        helhed.RuleSet.from_toml(broken, file="broken.toml")
    assert caught.value.file == "broken.toml"
    missing_source = _drop_first_row_source(repo_rules_text)
    with pytest.raises(helhed.InvalidRuleSet) as caught:
        helhed.RuleSet.from_toml(missing_source, file="broken.toml")
    assert caught.value.row is not None
    assert caught.value.row in str(caught.value)


def _drop_first_row_source(text: str) -> str:
    lines = text.splitlines()
    in_row = False
    for i, line in enumerate(lines):
        if line.strip().startswith("[[routing]]"):
            in_row = True
        if in_row and line.strip().startswith("source ="):
            del lines[i]
            return "\n".join(lines)
    raise AssertionError("no routing row with a source")


@pytest.fixture
def repo_rules_text() -> str:
    from conftest import REPO

    return (REPO / "rules" / "norddjurs-2021.toml").read_text(encoding="utf-8")


def test_arrow_columns_are_checked_by_name(rules: helhed.RuleSet) -> None:
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route_arrow(pa.table({"benefit": ["none"], "birth_date": ["2000-01-01"], "x": [1]}))
    assert (caught.value.field, caught.value.code) == ("x", "unknown_field")
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route_arrow(pl.DataFrame({"birth_date": ["2000-01-01"]}))
    assert (caught.value.field, caught.value.code) == ("benefit", "missing_field")
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route_arrow(pa.table({"benefit": [1], "birth_date": ["2000-01-01"]}))
    assert caught.value.field == "benefit"


def test_wrong_python_types_are_type_errors(rules: helhed.RuleSet) -> None:
    with pytest.raises(TypeError):
        rules.route(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rules.route(dict(CASE, birth_date={1, 2}))
    with pytest.raises(ValueError):
        rules.route_many([CASE], threads=0)
