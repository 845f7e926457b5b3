"""The two example properties of the guide (docs/python-testing.md), and the strategies' own
promise: they draw valid input only."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

import helhed
from helhed.testing import as_of_dates, cases, enum_values, plans

RULES = helhed.RuleSet.default()
EXAMPLES = settings(max_examples=200, deadline=None)


@EXAMPLES
@given(cases(benefit=st.sampled_from(["foertidspension", "folkepension"])), as_of_dates(rules=RULES))
def test_nobody_on_a_pension_is_in_the_target_group(case: dict, as_of: datetime.date) -> None:
    try:
        decision = RULES.route(case, as_of)
    except helhed.InvalidCase as e:  # decided before the citizen was born
        assert e.code == "as_of_before_birth"
        return
    assert decision["target_group"] is False


@EXAMPLES
@given(cases(), as_of_dates(max_value=datetime.date(2034, 12, 31), rules=RULES))
def test_the_decision_on_the_announced_date_is_the_one_announced(
    case: dict, as_of: datetime.date
) -> None:
    try:
        decision = RULES.route(case, as_of)
    except helhed.InvalidCase as e:
        assert e.code == "as_of_before_birth"
        return
    change = decision["next_transition"]
    if change is None:
        return
    later = RULES.route(case, change["date"])
    assert later["unit"] == change["unit"]
    assert later["target_group"] == change["target_group"]


@settings(max_examples=100, deadline=None)
@given(cases(cpr=True), plans(), as_of_dates(rules=RULES))
def test_strategies_draw_valid_input(case: dict, plan: dict, as_of: datetime.date) -> None:
    for check in (lambda: RULES.route(case, as_of), lambda: RULES.check_plan(plan, as_of)):
        try:
            check()
        except (helhed.InvalidCase, helhed.InvalidPlan) as e:
            assert e.code == "as_of_before_birth", e


def test_enum_values_come_from_the_contract() -> None:
    assert "folkepension" in enum_values("Benefit")
    assert "ungeindsatsen" in enum_values("Unit")
