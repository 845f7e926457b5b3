"""route_arrow: pyarrow, polars and pandas in; one flat row per input row out, equal to the
contract's decision field by field; bad rows fill the error columns."""

from __future__ import annotations

import datetime
import json

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import helhed

AS_OF = "2025-06-01"


@pytest.fixture(scope="module")
def population() -> pa.Table:
    return helhed.synth(20_000, seed=11, reference=AS_OF)


def test_flat_columns(rules: helhed.RuleSet, population: pa.Table) -> None:
    out = rules.route_arrow(population, AS_OF)
    assert out.column_names == [
        "case_id", "age", "age_band", "target_group", "unit", "coordinating_unit", "co_units",
        "caseworkers", "obligations", "next_transition_date", "next_transition_unit",
        "error_code", "error_field", "error_message",
    ]  # fmt: skip
    assert out.num_rows == population.num_rows
    assert out.column("case_id").to_pylist() == population.column("id").to_pylist()
    assert out.column("error_code").null_count == out.num_rows


def test_rows_equal_the_decisions_field_by_field(rules: helhed.RuleSet, population: pa.Table) -> None:
    sample = population.slice(0, 3000)
    flat = rules.route_arrow(sample, AS_OF).to_pylist()
    docs = [_document(row) for row in sample.to_pylist()]
    decisions = rules.route_many(docs, AS_OF)
    for row, d in zip(flat, decisions):
        assert row["case_id"] == d["case_id"]
        assert row["age"] == d["age"]
        assert row["age_band"] == d["age_band"]
        assert row["target_group"] == d["target_group"]
        assert row["unit"] == d["unit"]
        assert row["coordinating_unit"] == d["coordinating_unit"]
        assert row["co_units"] == d["co_units"]
        assert row["caseworkers"] == d["caseworkers"]
        assert row["obligations"] == [f"{o['kind']}:{o['unit']}" for o in d["obligations"]]
        nt = d["next_transition"]
        assert row["next_transition_date"] == (
            None if nt is None else datetime.date.fromisoformat(nt["date"])
        )
        assert row["next_transition_unit"] == (None if nt is None else nt["unit"])


def _document(row: dict) -> dict:
    """A synth row as a JSON case document."""
    doc = {k: v for k, v in row.items() if v is not None}
    doc["birth_date"] = row["birth_date"].isoformat()
    doc["efforts"] = [
        {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in e.items()}
        for e in row["efforts"]
    ]
    return json.loads(json.dumps(doc))


def test_pandas_polars_and_pyarrow_give_the_same_table(
    rules: helhed.RuleSet, population: pa.Table
) -> None:
    reference = rules.route_arrow(population, AS_OF)
    polars_in = pl.from_arrow(population)
    pandas_in = population.to_pandas(types_mapper=pd.ArrowDtype)
    for data in (polars_in, pandas_in, population.to_reader(max_chunksize=777)):
        out = rules.route_arrow(data, AS_OF)
        assert out.equals(reference)
    # and back out again
    assert pl.from_arrow(reference).height == population.num_rows
    assert len(reference.to_pandas()) == population.num_rows


def test_plain_python_values_in_polars_and_pandas(rules: helhed.RuleSet) -> None:
    frame = pl.DataFrame(
        {
            "id": ["a", "b"],
            "birth_date": [datetime.date(2008, 5, 10), datetime.date(1960, 1, 1)],
            "benefit": ["none", "foertidspension"],
            "needs": [["sel"], []],
            "efforts": [
                [{"sector": "lab", "start": datetime.date(2020, 1, 1), "end": datetime.date(2021, 1, 1)}],
                [{"sector": "sel", "start": datetime.date(2024, 1, 1), "end": None}],
            ],
        }
    )
    out = rules.route_arrow(frame, AS_OF).to_pylist()
    assert [r["unit"] for r in out] == [
        rules.route({**_plain(frame.row(i, named=True))}, AS_OF)["unit"] for i in range(2)
    ]
    text_dates = pd.DataFrame({"birth_date": ["2008-05-10"], "benefit": ["none"]})
    assert rules.route_arrow(text_dates, AS_OF).column("age").to_pylist() == [17]


def _plain(row: dict) -> dict:
    return json.loads(json.dumps(row, default=lambda d: d.isoformat()))


def test_bad_rows_fill_the_error_columns_and_the_rest_is_decided(rules: helhed.RuleSet) -> None:
    table = pa.table(
        {
            "id": ["ok-1", "bad-benefit", "1503850123", "ok-2", "bad-date", "bad-need"],
            "birth_date": ["2000-01-01", "2000-01-01", "2000-01-01", "1999-05-05", "2000-13-01", "2000-01-01"],
            "benefit": ["none", "lottery", "none", "su", "none", "none"],
            "needs": [[], [], [], ["lab"], [], ["sel", "moon"]],
        }
    )  # fmt: skip
    out = rules.route_arrow(table, AS_OF).to_pylist()
    assert len(out) == table.num_rows
    assert [r["error_code"] for r in out] == [
        None, "invalid_value", "id_looks_like_cpr", None, "invalid_value", "invalid_value",
    ]  # fmt: skip
    assert [r["error_field"] for r in out] == [
        None, "benefit", "id", None, "birth_date", "needs[1]",
    ]  # fmt: skip
    assert out[2]["case_id"] is None  # a CPR-like id never comes back
    assert out[0]["unit"] is not None and out[3]["unit"] is not None
    assert all(r["unit"] is None for r in out if r["error_code"])


def test_route_many_keeps_rows_in_order_with_error_rows(rules: helhed.RuleSet) -> None:
    good = {"birth_date": "2000-01-01", "benefit": "none", "efforts": []}
    docs = [good, "{", dict(good, id="x", benefit="?"), json.dumps(good).encode()] * 3000
    out = rules.route_many(docs, AS_OF, threads=2)
    assert len(out) == len(docs)
    for i, (doc, row) in enumerate(zip(docs, out)):
        if i % 4 in (1, 2):
            assert row["index"] == i and "error" in row
        else:
            assert row["unit"] and "error" not in row
    assert out[2]["case_id"] == "x"


def test_threads_do_not_change_the_answer(rules: helhed.RuleSet, population: pa.Table) -> None:
    one = rules.route_arrow(population, AS_OF, threads=1)
    assert one.equals(rules.route_arrow(population, AS_OF, threads=3))


def test_trace_column_lists_the_deciding_rows(rules: helhed.RuleSet, population: pa.Table) -> None:
    sample = population.slice(0, 50)
    out = rules.route_arrow(sample, AS_OF, trace=True)
    decisions = rules.route_many([_document(r) for r in sample.to_pylist()], AS_OF, trace="full")
    assert out.column("trace").to_pylist() == [[t["rule"] for t in d["trace"]] for d in decisions]


def test_dated_flags_visitation_and_sets_as_in_json(rules: helhed.RuleSet) -> None:
    """Dated flags as structs {from, to}, the visitation as a struct, a set with a value twice:
    each row decides (or fails) exactly as its JSON document does."""
    docs = [
        {"id": "p", "birth_date": "2005-02-01", "benefit": "none", "efforts": [],
         "placed": {"from": "2024-01-01", "to": "2026-02-01"}},
        {"id": "q", "birth_date": "1990-02-01", "benefit": "kontanthjaelp", "efforts": [],
         "visitation": {"outcome": "screened_in", "date": "2025-01-01"},
         "visitation_category": "aktivitetsparat"},
        {"id": "r", "birth_date": "1990-02-01", "benefit": "kontanthjaelp", "efforts": [],
         "needs": ["sel", "sel"]},
        {"id": "s", "birth_date": "1990-02-01", "benefit": "kontanthjaelp", "efforts": [],
         "visitation_category": "lazy"},
    ]  # fmt: skip
    table = pa.table(
        {
            "id": ["p", "q", "r", "s"],
            "birth_date": ["2005-02-01", "1990-02-01", "1990-02-01", "1990-02-01"],
            "benefit": ["none", "kontanthjaelp", "kontanthjaelp", "kontanthjaelp"],
            "placed": pa.array(
                [{"from": datetime.date(2024, 1, 1), "to": datetime.date(2026, 2, 1)}, None, None, None],
                pa.struct([("from", pa.date32()), ("to", pa.date32())]),
            ),
            "visitation": pa.array(
                [None, {"outcome": "screened_in", "date": datetime.date(2025, 1, 1)}, None, None],
                pa.struct([("outcome", pa.string()), ("date", pa.date32())]),
            ),
            "visitation_category": [None, "aktivitetsparat", None, "lazy"],
            "needs": [[], [], ["sel", "sel"], []],
        }
    )
    flat = rules.route_arrow(table, AS_OF).to_pylist()
    json_rows = rules.route_many(docs, AS_OF)
    for row, d in zip(flat, json_rows):
        if "error" in d:
            assert (row["error_code"], row["error_field"], row["error_message"]) == (
                d["error"]["code"], d["error"]["field"], d["error"]["message"],
            )  # fmt: skip
        else:
            assert row["error_code"] is None
            assert (row["unit"], row["target_group"]) == (d["unit"], d["target_group"])
            nt = d["next_transition"]
            assert row["next_transition_unit"] == (nt and nt["unit"])
    assert [r["error_code"] is None for r in flat] == [True, True, False, False]
    synth = helhed.synth(50, reference=AS_OF)
    assert {"visitation", "visitation_category", "placed"} <= set(synth.column_names)


def test_trace_by_reference_or_in_full(rules: helhed.RuleSet) -> None:
    case = {"birth_date": "2000-01-01", "benefit": "kontanthjaelp", "efforts": []}
    by_ref = rules.route(case, AS_OF)["trace"]
    decision = rules.route(case, AS_OF, trace="full")
    full = decision["trace"]
    # By reference, the version entry is left out: `rule_set.version` names it.
    assert full[0]["table"] == "versions"
    assert full[0]["rule"] == decision["rule_set"]["version"]
    assert [t["rule"] for t in by_ref] == [t["rule"] for t in full[1:]]
    assert all(set(t) == {"rule", "table", "status"} for t in by_ref)
    assert "text_en" not in by_ref[0] and full[0]["text_en"]
    assert rules.route(case, AS_OF, trace=False)["trace"] == []
    with pytest.raises(ValueError):
        rules.route(case, AS_OF, trace="some")  # type: ignore[arg-type]
