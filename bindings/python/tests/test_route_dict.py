"""`RuleSet.route` builds its dict in Rust and reads a dict without the `json` module: its result
must be exactly `json.loads` of the decision JSON the CLI writes (equal, with the same key order
everywhere), with the trace by reference, in full and off; and its errors must be those of the
same document given as JSON text."""

from __future__ import annotations

import datetime
import json
import math
import subprocess
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given, settings

import helhed
from helhed._helhed import _json_default
from helhed.testing import as_of_dates, cases
from test_conformance import ROUTING, rule_set

#: `route`'s trace argument and the CLI's flags that give the same trace.
TRACES: list[tuple[Any, list[str]]] = [
    (True, []),
    ("full", ["--trace", "full"]),
    (False, ["--no-trace"]),
]


def dumps(document: Any) -> str:
    """What `route` read a dict through before: `json.dumps` with the binding's default."""
    return json.dumps(document, default=_json_default, ensure_ascii=False)


def ordered(value: Any) -> Any:
    """The value with every dict as a list of its items, so that `==` also compares key order."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def cli_lines(cli: str, rules: str, as_of: str, documents: list[str], flags: list[str]) -> list[Any]:
    run = subprocess.run(
        [cli, "route", "--rules", rules, "--as-of", as_of, "--input-format", "jsonl", *flags],
        input="\n".join(documents) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(rows) == len(documents)
    return rows


def check_against_cli(cli: str, rules_id: str, as_of: str, documents: list[Any]) -> int:
    """Routes each document (a dict, or JSON text) with `route` and with the CLI, under every
    trace; returns the number of decisions compared."""
    rules = rule_set(rules_id)
    lines = [d if isinstance(d, str) else json.dumps(d) for d in documents]
    decided = 0
    for trace, flags in TRACES:
        for document, expected in zip(documents, cli_lines(cli, rules_id, as_of, lines, flags)):
            if "error" in expected and "as_of" not in expected:
                with pytest.raises(helhed.InvalidCase) as caught:
                    rules.route(document, as_of, trace=trace)
                error = caught.value
                assert [error.code, error.field, error.message] == [
                    expected["error"][k] for k in ("code", "field", "message")
                ]
                continue
            got = rules.route(document, as_of, trace=trace)
            assert got == expected
            assert ordered(got) == ordered(expected)
            decided += 1
    return decided


def test_route_equals_the_cli_json_on_every_conformance_case(cli: str) -> None:
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for case in ROUTING:
        if "case" in case:
            groups[(case["rule_set"], case["as_of"])].append(case["case"])
        elif "\n" not in case["case_text"] and case["case_text"].strip():
            groups[(case["rule_set"], case["as_of"])].append(case["case_text"])
    decided = sum(check_against_cli(cli, r, a, docs) for (r, a), docs in groups.items())
    assert decided > 3 * 100


def as_document(row: dict[str, Any]) -> dict[str, Any]:
    doc = {k: v for k, v in row.items() if v is not None}
    doc["birth_date"] = row["birth_date"].isoformat()
    doc["efforts"] = [
        {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in e.items()}
        for e in row["efforts"]
    ]
    return doc


@pytest.mark.parametrize("as_of", ["2026-01-01", "2031-07-15"])
def test_route_equals_the_cli_json_on_a_synthetic_population(cli: str, as_of: str) -> None:
    rows = helhed.synth(1500, seed=7, reference=datetime.date.fromisoformat(as_of)).to_pylist()
    documents = [as_document(r) for r in rows]
    assert check_against_cli(cli, "norddjurs-2021", as_of, documents) == 3 * len(documents)


def test_results_are_fresh_objects(rules: helhed.RuleSet) -> None:
    """Changing one result changes no other (the parts kept per rule set are handed out as
    copies)."""
    case = {"birth_date": "2008-05-10", "benefit": "none", "efforts": [], "id": "sag-1"}
    for trace in (True, "full"):
        first = rules.route(case, "2025-01-01", trace=trace)
        expected = json.loads(json.dumps(first))
        first["rule_set"]["id"] = "changed"
        first["trace"][0]["rule"] = "changed"
        first["trace"].append({})
        first["co_units"].append("changed")
        for obligation in first["obligations"]:
            obligation["unit"] = "changed"
        assert rules.route(case, "2025-01-01", trace=trace) == expected


def outcome(rules: helhed.RuleSet, document: Any, as_of: str) -> Any:
    """The decision, or the error's class and what it says."""
    try:
        return rules.route(document, as_of)
    except helhed.InvalidCase as e:
        return ("InvalidCase", e.code, e.field, e.message)
    except Exception as e:  # noqa: BLE001 - the class and message are what is compared
        return (type(e).__name__, str(e))


def outcome_of_text(rules: helhed.RuleSet, document: Any, as_of: str) -> Any:
    try:
        text = dumps(document)
    except Exception as e:  # noqa: BLE001
        return (type(e).__name__, str(e))
    return outcome(rules, text, as_of)


class Code(int):
    """An int subclass (as an IntEnum is) with a repr of its own."""

    def __repr__(self) -> str:
        return "Code!"


ODD_DOCUMENTS: list[Any] = []
_BASE = {"birth_date": "2000-02-29", "benefit": "none", "efforts": []}
for _field, _value in [
    ("id", "tab\tquote\"back\\slash\x01\x1f\x7f æøå \u2028 😀"),
    ("id", "0102031234"),
    ("id", 12),
    ("id", Code(5)),
    ("id", 2**70),
    ("id", 1.5),
    ("id", 1e16),
    ("id", -0.0),
    ("id", math.nan),
    ("id", math.inf),
    ("id", -math.inf),
    ("id", None),
    ("id", True),
    ("id", datetime.date(2020, 1, 2)),
    ("id", datetime.datetime(2020, 1, 2, 3, 4)),
    ("id", object()),
    ("id", ["a", ("b", 1)]),
    ("birth_date", datetime.date(2000, 2, 29)),
    ("benefit", "folkepension"),
    ("benefit", 3),
    ("efforts", ({"sector": "sel", "start": datetime.date(2024, 1, 1)},)),
    ("efforts", [{"sector": "sel", "start": "2024-01-01", "end": None}]),
    ("needs", {1: "a", 2.5: "b", None: "c", False: "d"}),
    ("needs", {(1, 2): "a"}),
    ("placed", {"from": "2024-01-01", "to": "2023-01-01"}),
]:
    ODD_DOCUMENTS.append(dict(_BASE, **{_field: _value}))
_CYCLE: dict[str, Any] = dict(_BASE)
_CYCLE["needs"] = [_CYCLE]
ODD_DOCUMENTS.append(_CYCLE)
ODD_DOCUMENTS.append({"birth_date": "2000-01-01"})
ODD_DOCUMENTS.append({})


@pytest.mark.parametrize("document", ODD_DOCUMENTS, ids=range(len(ODD_DOCUMENTS)))
def test_a_dict_reads_as_its_json_dumps_text(rules: helhed.RuleSet, document: Any) -> None:
    """Odd values (escapes, int and float forms, dates, tuples, non-string keys, cycles) give
    the decision or error that `json.dumps` of the dict gives."""
    got = outcome(rules, document, "2025-01-01")
    assert got == outcome_of_text(rules, document, "2025-01-01")
    assert not (isinstance(got, tuple) and "0102031234" in str(got))


@settings(max_examples=200, deadline=None)
@given(cases(cpr=True), as_of_dates(rules=helhed.RuleSet.default()))
def test_generated_dicts_read_as_their_json_text(case: dict[str, Any], as_of: datetime.date) -> None:
    rules = rule_set("norddjurs-2021")
    assert outcome(rules, case, as_of.isoformat()) == outcome_of_text(rules, case, as_of.isoformat())
