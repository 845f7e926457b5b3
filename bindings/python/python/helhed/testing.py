"""Hypothesis strategies for the contract's documents, for property-based tests of rule sets.

``cases()`` draws valid v1 case documents, ``plans()`` valid v1 plan documents and
``as_of_dates()`` decision dates. Every value set (benefits, sectors, units, ...) is read from
the contract's JSON Schema that helhed ships, so the strategies follow the contract. Pin any
field by passing it as a keyword: a plain value, or a strategy::

    from hypothesis import given, strategies as st
    from helhed.testing import cases, as_of_dates

    @given(cases(benefit=st.sampled_from(["foertidspension", "folkepension"])), as_of_dates(rules=rules))
    def test_pensioners_are_not_in_the_target_group(case, as_of):
        assert not rules.route(case, as_of)["target_group"]

Needs the ``hypothesis`` package (``pip install helhed[testing]``).
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from hypothesis import strategies as st

from helhed._helhed import RuleSet, schema

__all__ = ["as_of_dates", "cases", "efforts", "enum_values", "plans"]

#: The window dates are drawn from unless given: wide enough for every age band and every
#: rule-set version shipped.
EARLIEST = datetime.date(1925, 1, 1)
LATEST = datetime.date(2035, 12, 31)
AS_OF_EARLIEST = datetime.date(2019, 1, 1)


_SCHEMAS: dict[str, dict[str, Any]] = {}


def _schema(name: str) -> dict[str, Any]:
    if name not in _SCHEMAS:
        _SCHEMAS[name] = json.loads(schema(name))
    return _SCHEMAS[name]


def _enum(definition: dict[str, Any]) -> list[str]:
    if "enum" in definition:
        return list(definition["enum"])
    values: list[str] = []
    for option in definition.get("oneOf", []) + definition.get("anyOf", []):
        values.extend(_enum(option))
    return values


def enum_values(name: str) -> list[str]:
    """The values of a contract enum (``Benefit``, ``Sector``, ``Unit``, ...), in the schema's
    order."""
    definitions = {**_schema("decision")["definitions"], **_schema("plan")["definitions"]}
    if name not in definitions:
        raise KeyError(f"the contract has no enum {name!r}; known: {sorted(definitions)}")
    return _enum(definitions[name])


def _strategy(value: Any) -> st.SearchStrategy[Any]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)


def _dates(earliest: datetime.date, latest: datetime.date) -> st.SearchStrategy[str]:
    return st.dates(min_value=earliest, max_value=latest).map(datetime.date.isoformat)


def as_of_dates(
    min_value: datetime.date = AS_OF_EARLIEST,
    max_value: datetime.date = LATEST,
    *,
    rules: RuleSet | None = None,
) -> st.SearchStrategy[datetime.date]:
    """Decision dates (``datetime.date``), by default 2019–2035; with ``rules``, only dates on
    which a version of that rule set is in force."""
    dates = st.dates(min_value=min_value, max_value=max_value)
    if rules is None:
        return dates
    return dates.filter(lambda d: rules.version_on(d) is not None)


# Opaque ids and free texts: letters, a hyphen and at most three digits, so never a CPR number.
_ID = st.from_regex(re.compile(r"\A[a-z]{1,8}-[0-9]{1,3}\Z"))
_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ,.", min_size=1, max_size=30)


@st.composite
def efforts(
    draw: st.DrawFn,
    earliest: datetime.date = datetime.date(2010, 1, 1),
    latest: datetime.date = LATEST,
) -> dict[str, Any]:
    """One effort: a sector, optional law, section and kind, a start and an end on or after it
    (or none: open-ended)."""
    start = draw(st.dates(min_value=earliest, max_value=latest))
    end = draw(st.none() | st.dates(min_value=start, max_value=max(start, latest)))
    effort: dict[str, Any] = {
        "sector": draw(st.sampled_from(enum_values("Sector"))),
        "start": start.isoformat(),
        "end": None if end is None else end.isoformat(),
    }
    for key in ("law", "section", "kind"):
        if draw(st.booleans()):
            effort[key] = draw(_TEXT)
    return effort


def _subset(name: str) -> st.SearchStrategy[list[str]]:
    values = enum_values(name)
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values))


def _cpr_for(birth: datetime.date, draw: st.DrawFn) -> str:
    """A CPR number whose first six digits and century digit give ``birth`` (1937–2036)."""
    yy = birth.year % 100
    if 1937 <= birth.year <= 1999:
        century_digit = draw(st.sampled_from([0, 1, 2, 3]))
    else:
        century_digit = draw(st.sampled_from([4, 9]))
    serial = draw(st.integers(min_value=0, max_value=999))
    sep = draw(st.sampled_from(["-", ""]))
    return f"{birth:%d%m}{yy:02d}{sep}{century_digit}{serial:03d}"


@st.composite
def cases(draw: st.DrawFn, **pinned: Any) -> dict[str, Any]:
    """Valid v1 case documents (dicts). Keywords pin fields to a value or a strategy, e.g.
    ``cases(benefit="folkepension", birth_date=st.just("1950-01-01"))``; pin ``cpr`` to use a
    CPR number instead of a birth date (``cpr=True`` draws one matching the birth date)."""
    unknown = set(pinned) - set(_schema("case")["properties"])
    if unknown:
        raise TypeError(f"cases() has no field(s) {sorted(unknown)}")
    pick = lambda key, default: draw(_strategy(pinned[key]) if key in pinned else default)  # noqa: E731
    birth = pick(
        "birth_date",
        st.dates(min_value=EARLIEST, max_value=datetime.date(2030, 12, 31)).map(
            datetime.date.isoformat
        ),
    )
    case: dict[str, Any] = {}
    if "id" in pinned or draw(st.booleans()):
        case["id"] = pick("id", _ID)
    cpr = pinned.get("cpr")
    if cpr is True:
        year = datetime.date.fromisoformat(birth).year
        if not 1937 <= year <= 2036:
            birth = f"{max(1937, min(year, 2036))}{birth[4:]}"
        case["cpr"] = _cpr_for(datetime.date.fromisoformat(birth), draw)
    elif cpr is not None:
        case["cpr"] = draw(_strategy(cpr))
    else:
        case["birth_date"] = birth
    case["benefit"] = pick("benefit", st.sampled_from(enum_values("Benefit")))
    case["efforts"] = pick("efforts", st.lists(efforts(), max_size=4))
    for flag in ("fleksjob", "placed", "aftercare", "vocational_education"):
        case[flag] = pick(flag, st.booleans())
    case["needs"] = pick("needs", _subset("Sector"))
    case["social_events"] = pick("social_events", _subset("SocialEvent"))
    case["plans"] = pick("plans", _subset("PlanKind"))
    case["education_status"] = pick(
        "education_status", st.sampled_from(enum_values("EducationStatus"))
    )
    case["legal_capacity"] = pick("legal_capacity", st.sampled_from(enum_values("LegalCapacity")))
    return case


def _from_schema(node: dict[str, Any], definitions: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for a plan's sub-document from its JSON Schema (objects, lists, enums, dates,
    clock times, booleans, counts and texts: what the plan schema uses)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name == "ClockTime":
            return st.builds(
                "{:02d}:{:02d}".format, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])
            )
        return _from_schema(definitions[name], definitions)
    if "allOf" in node:
        return _from_schema(node["allOf"][0], definitions)
    values = _enum(node)
    if values:
        return st.sampled_from(values)
    if "anyOf" in node:
        return st.one_of([_from_schema(o, definitions) for o in node["anyOf"]])
    types = node.get("type", "object")
    types = types if isinstance(types, list) else [types]
    options: list[st.SearchStrategy[Any]] = []
    for t in types:
        if t == "null":
            options.append(st.none())
        elif t == "boolean":
            options.append(st.booleans())
        elif t == "integer":
            options.append(st.integers(min_value=0, max_value=60))
        elif t == "string" and node.get("format") == "date":
            options.append(_dates(datetime.date(2018, 1, 1), datetime.date(2030, 12, 31)))
        elif t == "string":
            options.append(_TEXT)
        elif t == "array":
            options.append(st.lists(_from_schema(node["items"], definitions), max_size=3))
        elif t == "object":
            props = node.get("properties", {})
            required = set(node.get("required", []))
            options.append(
                st.fixed_dictionaries(
                    {k: _from_schema(v, definitions) for k, v in props.items() if k in required},
                    optional={
                        k: _from_schema(v, definitions)
                        for k, v in props.items()
                        if k not in required
                    },
                )
            )
    return st.one_of(options)


@st.composite
def plans(draw: st.DrawFn, **pinned: Any) -> dict[str, Any]:
    """Valid v1 coordinating-plan documents (dicts): a case from :func:`cases`, a creation date,
    and consents, goals, offers, sector plans, caseworkers and follow-ups drawn from the plan
    schema (valid input, not necessarily a lawful plan: that is what ``check_plan`` judges).
    Keywords pin fields to a value or a strategy (``case=cases(benefit="kontanthjaelp")``)."""
    plan_schema = _schema("plan")
    properties = plan_schema["properties"]
    unknown = set(pinned) - set(properties)
    if unknown:
        raise TypeError(f"plans() has no field(s) {sorted(unknown)}")
    plan: dict[str, Any] = {}
    for key, node in properties.items():
        if key in pinned:
            plan[key] = draw(_strategy(pinned[key]))
        elif key == "case":
            plan[key] = draw(cases())
        elif key == "case_id":
            if draw(st.booleans()):
                plan[key] = draw(_ID)
        elif key == "created":
            plan[key] = draw(_dates(datetime.date(2019, 1, 1), datetime.date(2030, 12, 31)))
        elif key in plan_schema.get("required", []) or draw(st.booleans()):
            plan[key] = draw(_from_schema(node, plan_schema["definitions"]))
    return plan
