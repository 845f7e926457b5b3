"""The shared conformance cases (tests/conformance) through Python: each against its expectation
(as the Rust runner checks it), and each decision and report equal, field by field, to what the
Rust CLI gives for the same input."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from typing import Any

import pytest

import helhed
from conftest import CONFORMANCE, digits_of_cpr

RULE_TABLES = {"target_group", "routing", "obligations"}
DECISION_FIELDS = [
    "unit",
    "target_group",
    "coordinating_unit",
    "co_units",
    "caseworkers",
    "forum",
    "age",
    "age_band",
    "case_id",
]


def load(kind: str) -> list[dict[str, Any]]:
    cases = []
    for path in sorted((CONFORMANCE / kind).glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            case["_file"] = path.name
            cases.append(case)
    assert cases, f"no conformance cases in {CONFORMANCE / kind}"
    return cases


ROUTING = load("routing")
PLANS = load("plans")
_RULE_SETS: dict[str, helhed.RuleSet] = {}


def rule_set(name: str) -> helhed.RuleSet:
    if name not in _RULE_SETS:
        _RULE_SETS[name] = helhed.RuleSet.load(name)
    return _RULE_SETS[name]


def document(case: dict[str, Any], key: str) -> Any:
    return case[f"{key}_text"] if f"{key}_text" in case else case[key]


def check_decision(decision: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    problems = []
    for field in DECISION_FIELDS:
        if field in expect and decision[field] != expect[field]:
            problems.append(f"{field}: {decision[field]!r} != {expect[field]!r}")
    if "obligations" in expect:
        got = sorted(f"{o['kind']}:{o['unit']}" for o in decision["obligations"])
        if got != sorted(expect["obligations"]):
            problems.append(f"obligations: {got} != {sorted(expect['obligations'])}")
    if "rules" in expect:
        got = [t["rule"] for t in decision["trace"] if t["table"] in RULE_TABLES]
        if got != expect["rules"]:
            problems.append(f"rules: {got} != {expect['rules']}")
    if "version" in expect and decision["rule_set"]["version"] != expect["version"]:
        problems.append(f"version: {decision['rule_set']['version']} != {expect['version']}")
    if "next_transition" in expect:
        want, got = expect["next_transition"], decision["next_transition"]
        if want is None or got is None:
            if want != got:
                problems.append(f"next_transition: {got} != {want}")
        else:
            for k, v in want.items():
                if got.get(k) != v:
                    problems.append(f"next_transition.{k}: {got.get(k)!r} != {v!r}")
    return problems


@pytest.mark.parametrize("case", ROUTING, ids=[c["name"] for c in ROUTING])
def test_routing_case_meets_its_expectation(case: dict[str, Any]) -> None:
    rules = rule_set(case["rule_set"])
    doc = document(case, "case")
    text = doc if isinstance(doc, str) else json.dumps(doc)
    try:
        decision = rules.route(text, case["as_of"])
    except helhed.InvalidCase as error:
        assert "expect_error" in case, f"unexpected error {error.code} {error.field}: {error}"
        assert error.code == case["expect_error"]["code"]
        if "field" in case["expect_error"]:
            assert error.field == case["expect_error"]["field"]
        leaked = digits_of_cpr(text) & digits_of_cpr(str(error))
        assert not leaked, "a CPR number of the input is in the error message"
        return
    assert "expect_error" not in case, f"expected error {case['expect_error']}, got a decision"
    assert check_decision(decision, case["expect"]) == []
    assert not digits_of_cpr(text) & digits_of_cpr(json.dumps(decision))


def test_routing_decisions_equal_the_rust_cli_field_by_field(cli: str) -> None:
    """Every conformance case given as a document, grouped by rule set and date, through
    `route_many` (trace on) and through `helhed route`: the same JSON, row by row."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in ROUTING:
        if "case" in case:
            groups[(case["rule_set"], case["as_of"])].append(json.dumps(case["case"]))
    compared = 0
    for (rule_set_id, as_of), lines in groups.items():
        run = subprocess.run(
            [cli, "route", "--rules", rule_set_id, "--as-of", as_of, "--input-format", "jsonl"],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode in (0, 1), run.stderr
        rust = [json.loads(line) for line in run.stdout.splitlines()]
        python = rule_set(rule_set_id).route_many(lines, as_of, trace=True)
        assert len(rust) == len(python) == len(lines)
        for r, p in zip(rust, python):
            assert p.keys() == r.keys()
            for field in r:
                assert p[field] == r[field], f"{rule_set_id} {as_of}: {field}"
            compared += 1
    assert compared > 50


@pytest.mark.parametrize("case", PLANS, ids=[c["name"] for c in PLANS])
def test_plan_case_meets_its_expectation_and_equals_the_rust_cli(
    case: dict[str, Any], cli: str
) -> None:
    rules = rule_set(case["rule_set"])
    doc = document(case, "plan")
    text = doc if isinstance(doc, str) else json.dumps(doc)
    run = subprocess.run(
        [cli, "check-plan", "--rules", case["rule_set"], "--as-of", case["as_of"]],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = rules.check_plan(text, case["as_of"])
    except helhed.InvalidPlan as error:
        assert "expect_error" in case, f"unexpected error {error.code} {error.field}: {error}"
        assert error.code == case["expect_error"]["code"]
        if "field" in case["expect_error"]:
            assert error.field == case["expect_error"]["field"]
        assert run.returncode == 2
        assert not digits_of_cpr(text) & digits_of_cpr(str(error))
        return
    assert "expect_error" not in case
    expect = case["expect"]
    assert report["valid"] == expect["valid"]
    assert sorted({v["code"] for v in report["violations"]}) == expect["codes"]
    if "violations" in expect:
        assert [f"{v['code']} {v['path']}" for v in report["violations"]] == expect["violations"]
    rust = json.loads(run.stdout)
    assert report.keys() == rust.keys()
    for field in rust:
        assert report[field] == rust[field], field
