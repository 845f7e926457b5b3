"""route_arrow reads its input column by column into core's codes instead of one `Case` per row.
With next_transition=False it decides them with `decide_columns`: the same table as the default
path, column for column, except the two next-transition columns, which are null; bad rows give
the same error columns. The default path (trace off) decides each row read there and finds its
next change with core's `next_change_outcome`: the same table as the row-by-row path (the one
`trace=True` takes) and the same next transitions as `route` and `route_many`."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

import helhed

from conftest import CONFORMANCE

AS_OF = "2025-06-01"
NEXT = ["next_transition_date", "next_transition_unit"]


def assert_same_but_next(default: pa.Table, fast: pa.Table) -> None:
    """`fast` equals `default` in every column but the next transition's, which are null."""
    assert fast.schema == default.schema
    assert fast.num_rows == default.num_rows
    for name in default.column_names:
        if name in NEXT:
            assert fast.column(name).null_count == fast.num_rows, name
        else:
            assert fast.column(name).to_pylist() == default.column(name).to_pylist(), name
    assert fast.drop_columns(NEXT).equals(default.drop_columns(NEXT))


def conformance_cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted((CONFORMANCE / "routing").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(case.get("case"), dict):
                cases.append(case)
    return cases


def one_row_table(doc: dict[str, Any]) -> pa.Table:
    # An empty list has no item type in Arrow; a missing column is the same default.
    return pa.Table.from_pylist([{k: v for k, v in doc.items() if v != []}])


def conformance_tables() -> Iterator[tuple[helhed.RuleSet, dict[str, Any], pa.Table]]:
    """Each conformance case that Arrow can hold as a one-row table: its rule set (loaded once),
    the case and the table. (A wrong JSON type, for one, has no Arrow table.)"""
    rule_sets: dict[str, helhed.RuleSet] = {}
    for case in conformance_cases():
        rules = rule_sets.setdefault(case["rule_set"], helhed.RuleSet.load(case["rule_set"]))
        try:
            table = one_row_table(case["case"])
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            continue
        yield rules, case, table


def test_conformance_cases_equal_the_default_path() -> None:
    """Every conformance case that is a document, as a one-row table: decided or failed alike."""
    compared = errors = 0
    for rules, case, table in conformance_tables():
        try:
            default = rules.route_arrow(table, case["as_of"])
        except helhed.InvalidCase as error:
            with pytest.raises(helhed.InvalidCase) as fast_error:
                rules.route_arrow(table, case["as_of"], next_transition=False)
            assert (fast_error.value.code, fast_error.value.field) == (error.code, error.field)
            continue
        fast = rules.route_arrow(table, case["as_of"], next_transition=False)
        assert_same_but_next(default, fast)
        compared += 1
        errors += default.column("error_code").null_count == 0
    assert compared > 100 and errors > 10, (compared, errors)


def bad_population(n: int) -> pa.Table:
    """A synthetic population where every tenth row has one problem of its own kind."""
    rows = helhed.synth(n, seed=3, reference=AS_OF).to_pylist()
    for i, row in enumerate(rows):
        row["cpr"] = None
        kind = (i // 10) % 12 if i % 10 == 0 else None
        if kind == 0:
            row["benefit"] = "lottery"
        elif kind == 1:
            row["id"] = f"150385-{i % 10000:04d}"  # a CPR-like id: never shown
        elif kind == 2:
            row["needs"] = ["sel", "sel"]
        elif kind == 3:
            start = datetime.date(2024, 3, 1)
            row["efforts"] = [
                {"sector": "lab", "start": start, "end": None, "law": None, "section": None, "kind": None},
                {"sector": "sel", "start": start, "end": datetime.date(2024, 2, 1), "law": "SEL",
                 "section": None, "kind": None},
            ]  # fmt: skip
        elif kind == 4:
            row["visitation_category"] = "lazy"
        elif kind == 5:
            row["birth_date"] = None  # neither birth date nor CPR number
        elif kind == 6:
            row["birth_date"], row["cpr"] = None, "0101651234"  # the CPR number instead: fine
        elif kind == 7:
            row["cpr"] = "0101651234"  # both
        elif kind == 8:
            row["birth_date"], row["cpr"] = None, "3213650000"  # not a date
        elif kind == 9:
            row["birth_date"] = datetime.date(2030, 1, 1)  # born after the decision date
        elif kind == 10:
            row["efforts"] = [{"sector": "moon", "start": datetime.date(2020, 1, 1), "end": None,
                               "law": None, "section": None, "kind": None}]  # fmt: skip
        elif kind == 11:
            row["benefit"] = None
    return pa.Table.from_pylist(rows)


def test_synthetic_population_with_bad_rows_equals_the_default_path() -> None:
    rules = helhed.RuleSet.default()
    table = bad_population(6000)
    default = rules.route_arrow(table, AS_OF)
    fast = rules.route_arrow(table, AS_OF, next_transition=False)
    assert_same_but_next(default, fast)
    codes = set(default.column("error_code").to_pylist()) - {None}
    assert codes >= {
        "invalid_value", "id_looks_like_cpr", "no_birth_date", "birth_date_and_cpr",
        "effort_ends_before_start", "as_of_before_birth", "missing_field",
    }, codes  # fmt: skip
    ids = fast.column("case_id").to_pylist()
    assert not any(i and i.startswith("150385-") for i in ids)
    # Rows in = rows out, in several batches and on one thread as on many.
    many = rules.route_arrow(table.to_reader(max_chunksize=1001), AS_OF, next_transition=False, threads=3)
    assert many.equals(rules.route_arrow(table, AS_OF, next_transition=False, threads=1))
    assert_same_but_next(default, many)


def test_other_rule_sets_and_a_date_without_a_version() -> None:
    table = bad_population(2000)
    for rule_set in helhed.RuleSet.list():
        rules = helhed.RuleSet.load(rule_set)
        for as_of in (AS_OF, "2026-11-23", "1990-01-01"):
            default = rules.route_arrow(table, as_of)
            assert_same_but_next(default, rules.route_arrow(table, as_of, next_transition=False))


def test_trace_without_the_next_transition() -> None:
    rules = helhed.RuleSet.default()
    table = helhed.synth(300, seed=5, reference=AS_OF)
    traced = rules.route_arrow(table, AS_OF, trace=True)
    fast = rules.route_arrow(table, AS_OF, trace=True, next_transition=False)
    assert_same_but_next(traced, fast)
    assert fast.column("trace").null_count == 0


def test_route_many_without_the_next_transition() -> None:
    rules = helhed.RuleSet.default()
    rows = helhed.synth(200, seed=9, reference=AS_OF).to_pylist()
    docs = [json.dumps({k: v for k, v in r.items() if v is not None}, default=str) for r in rows]
    docs.append('{"benefit": "none"}')
    with_next = rules.route_many(docs, AS_OF)
    without = rules.route_many(docs, AS_OF, next_transition=False)
    assert any(d.get("next_transition") for d in with_next)
    for a, b in zip(with_next, without):
        assert b.get("next_transition") is None
        assert {k: v for k, v in a.items() if k != "next_transition"} == {
            k: v for k, v in b.items() if k != "next_transition"
        }


def as_large(table: pa.Table) -> pa.Table:
    """The same table with `large_string` text columns and `large_list` lists of names."""
    columns = []
    for field in table.schema:
        column = table.column(field.name)
        if pa.types.is_string(field.type):
            column = column.cast(pa.large_string())
        elif pa.types.is_list(field.type) and pa.types.is_string(field.type.value_type):
            column = column.cast(pa.large_list(pa.large_string()))
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def test_polars_and_large_types_with_bad_rows_equal_the_default_path() -> None:
    """The fast path reads polars' own types (`string_view`, `large_list`) and `large_string`
    columns without casting them: the same rows, errors included, as from `string` columns."""
    import polars as pl

    rules = helhed.RuleSet.default()
    table = bad_population(6000)
    default = rules.route_arrow(table, AS_OF)
    # As given (the all-null `visitation` of polars' `Null` type), and with the efforts' texts
    # typed as strings and without `visitation` (its default).
    effort = pa.struct([
        ("sector", pa.string()), ("law", pa.string()), ("section", pa.string()),
        ("kind", pa.string()), ("start", pa.date32()), ("end", pa.date32()),
    ])  # fmt: skip
    typed = table.drop_columns(["visitation"])
    typed = typed.set_column(
        typed.schema.get_field_index("efforts"), "efforts", typed.column("efforts").cast(pa.list_(effort))
    )
    assert pl.from_arrow(table).schema["visitation"] == pl.Null
    for data in (pl.from_arrow(table), pl.from_arrow(typed), as_large(table)):
        fast = rules.route_arrow(data, AS_OF, next_transition=False, threads=2)
        assert_same_but_next(default, fast)
        assert rules.route_arrow(data, AS_OF).equals(default)


def test_polars_texts_that_share_a_valid_texts_length_and_prefix() -> None:
    """polars' `string_view` enum texts longer than 12 bytes are cached by length and first 4
    bytes: a text that shares them with a valid one (but is not it) still fails, as on the
    row-by-row path, and the valid ones still decide the same, in every column of names."""
    import polars as pl

    rules = helhed.RuleSet.default()
    rows = helhed.synth(3000, seed=5, reference=AS_OF).to_pylist()
    near = {
        "benefit": ["ressourceforloebsydelsX", "uddannelseshjaelp", "ressourceforloebsydelse",
                    "ledighedsydelsX", "kontanthjaelP", "x" * 12, ""],
        "education_status": ["in_employmenX", "in_employment", "other_activitX"],
        "legal_capacity": ["future_power_of_attorneY", "future_power_of_attorney"],
        "needs": [["barnets_lov"], ["barnets_loX"], ["education", "barnets_lov"]],
        "social_events": [["psychiatric_illnesX"], ["release_from_prison", "substance_abuse"]],
        "plans": [["helhedsorienteret_plaN"], ["rehabiliteringsplan", "helhedsorienteret_plan"]],
    }  # fmt: skip
    for i, row in enumerate(rows):
        row["cpr"] = None
        if i % 3 == 0:
            field = list(near)[(i // 3) % len(near)]
            row[field] = near[field][(i // 18) % len(near[field])]
    table = pa.Table.from_pylist(rows)
    by_rows = rules.route_arrow(table, AS_OF, trace=True).drop_columns(["trace"])
    fast = rules.route_arrow(pl.from_arrow(table), AS_OF, next_transition=False)
    assert_same_but_next(by_rows, fast)
    errors = fast.column("error_code").to_pylist()
    assert 100 < sum(e is not None for e in errors) < 1000


def test_names_are_dictionary_encoded_with_the_same_values() -> None:
    """Units, age bands and obligations come dictionary-encoded (the same dictionary in every
    batch); their values are the decision's strings."""
    import polars as pl

    rules = helhed.RuleSet.default()
    table = helhed.synth(5000, seed=11, reference=AS_OF)
    for out in (
        rules.route_arrow(table.to_reader(max_chunksize=777), AS_OF),
        rules.route_arrow(table.to_reader(max_chunksize=777), AS_OF, next_transition=False),
    ):
        schema = out.schema
        for name in ("unit", "coordinating_unit", "next_transition_unit", "age_band"):
            assert schema.field(name).type == pa.dictionary(pa.int8(), pa.string()), name
        assert schema.field("co_units").type.value_type == pa.dictionary(pa.int8(), pa.string())
        assert schema.field("obligations").type.value_type == pa.dictionary(pa.int16(), pa.string())
        assert schema.field("case_id").type == pa.string()
        frame = pl.from_arrow(out)
        assert isinstance(frame, pl.DataFrame)
        assert frame.schema["unit"] == pl.Categorical
        plain = out.column("unit").cast(pa.string()).to_pylist()
        assert plain == out.column("unit").to_pylist() == frame["unit"].to_list()
        assert out.column("obligations").cast(pa.list_(pa.string())).to_pylist() == out.column(
            "obligations"
        ).to_pylist()
    rows = table.slice(0, 300).to_pylist()
    flat = rules.route_arrow(table.slice(0, 300), AS_OF).to_pylist()
    for row, got in zip(rows, flat):
        doc = {k: v for k, v in row.items() if v is not None and v != []}
        doc["birth_date"] = row["birth_date"].isoformat()
        doc["efforts"] = [
            {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in e.items() if v is not None}
            for e in row["efforts"]
        ]
        want = rules.route(doc, AS_OF, trace=False)
        assert got["unit"] == want["unit"]
        assert got["age_band"] == want["age_band"]
        assert got["obligations"] == [f"{o['kind']}:{o['unit']}" for o in want["obligations"]]


def mixed_population(n: int, seed: int) -> pa.Table:
    """Synthetic rows with what `synth` does not draw: dated flags as periods (open, ended, not
    yet begun), visitations before and after the decision dates, visitation categories, and
    every 13th row one of the bad rows of `bad_population`'s kinds."""
    rows = helhed.synth(n, seed=seed, reference=AS_OF).to_pylist()
    bad = bad_population(n).to_pylist()
    day = datetime.date(2025, 6, 1)
    for i, row in enumerate(rows):
        row["cpr"] = None
        for k, name in enumerate(("fleksjob", "placed", "aftercare")):
            on = row.get(name)
            if (i + k) % 5 == 0:
                start = day + datetime.timedelta(days=(i * 37 + k * 101) % 900 - 450)
                end = None if i % 3 == 0 else start + datetime.timedelta(days=(i * 11) % 700)
                row[name] = {"from": start, "to": end}
            else:
                row[name] = {"from": datetime.date(2000, 1, 1), "to": None} if on else None
        if i % 4 == 1:
            outcome = "screened_in" if i % 3 else "screened_out"
            row["visitation"] = {
                "outcome": outcome,
                "date": day + datetime.timedelta(days=(i * 53) % 1200 - 800),
            }
        else:
            row["visitation"] = None
        if i % 6 == 2:
            row["visitation_category"] = ["jobparat", "aktivitetsparat", "ressourceforloeb"][i % 3]
        if i % 13 == 0 and bad[i]["id"] != row["id"] or i % 130 == 0:
            row = bad[i]
            for name in ("fleksjob", "placed", "aftercare", "visitation"):
                row[name] = rows[i][name] if name in rows[i] else None
        rows[i] = row
    period = pa.struct([("from", pa.date32()), ("to", pa.date32())])
    effort = pa.struct([
        ("sector", pa.string()), ("law", pa.string()), ("section", pa.string()),
        ("kind", pa.string()), ("start", pa.date32()), ("end", pa.date32()),
    ])  # fmt: skip
    schema = pa.schema([
        ("id", pa.string()), ("birth_date", pa.date32()), ("cpr", pa.string()),
        ("benefit", pa.string()), ("fleksjob", period), ("placed", period), ("aftercare", period),
        ("efforts", pa.list_(effort)), ("needs", pa.list_(pa.string())),
        ("social_events", pa.list_(pa.string())), ("education_status", pa.string()),
        ("vocational_education", pa.bool_()), ("plans", pa.list_(pa.string())),
        ("legal_capacity", pa.string()), ("visitation_category", pa.string()),
        ("visitation", pa.struct([("outcome", pa.string()), ("date", pa.date32())])),
    ])  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def document(row: dict[str, Any]) -> str:
    """An input row as the JSON case document `route_many` reads."""
    doc = {k: v for k, v in row.items() if v is not None}
    doc["efforts"] = [{k: v for k, v in e.items() if v is not None} for e in doc.get("efforts", [])]
    return json.dumps(doc, default=str)


def test_default_path_equals_the_row_by_row_path_and_route_many() -> None:
    """The default route_arrow (next transition searched, by columns) gives the row-by-row
    path's table (`trace=True`, its trace left out) on a mixed batch with bad rows, periods and
    visitations, on every shipped rule set and several dates; and each row's next transition is
    `route_many`'s (date and unit), each error row its error. Rows in = rows out."""
    table = mixed_population(3000, seed=21)
    docs = [document(r) for r in table.to_pylist()]
    searched = 0
    for rule_set in helhed.RuleSet.list():
        rules = helhed.RuleSet.load(rule_set)
        for as_of in (AS_OF, "2019-06-30", "2026-06-30", "2040-01-01", "9999-12-30", "1990-01-01"):
            default = rules.route_arrow(table.to_reader(max_chunksize=1001), as_of, threads=2)
            assert default.num_rows == table.num_rows
            by_rows = rules.route_arrow(table, as_of, trace=True).drop_columns(["trace"])
            assert default.equals(by_rows), (rule_set, as_of)
            flat = default.to_pylist()
            for row, d in zip(flat, rules.route_many(docs, as_of)):
                if "error" in d:
                    assert (row["error_code"], row["error_field"]) == (
                        d["error"]["code"], d["error"]["field"],
                    )  # fmt: skip
                    assert row["next_transition_date"] is None
                    continue
                assert row["error_code"] is None
                nt = d["next_transition"]
                assert row["next_transition_date"] == (
                    None if nt is None else datetime.date.fromisoformat(nt["date"])
                ), (rule_set, as_of, row["case_id"])
                assert row["next_transition_unit"] == (None if nt is None else nt["unit"])
                searched += nt is not None
    assert searched > 5000, searched


def test_conformance_cases_next_transition_equals_route() -> None:
    """Every conformance case that is a document, as a one-row table: the default
    route_arrow's next transition is `route`'s (date and unit); a row `route` rejects fails."""
    compared = 0
    for rules, case, table in conformance_tables():
        try:
            row = rules.route_arrow(table, case["as_of"]).to_pylist()[0]
        except helhed.InvalidCase:
            continue  # a whole-table error: compared with the fast path above
        # A table without an `efforts` column gives every row none (the document needs the key).
        doc = {"efforts": [], **case["case"]}
        try:
            decision = rules.route(doc, case["as_of"], trace=False)
        except helhed.InvalidCase:
            # (A document and a table can fail differently: a null is a wrong value in JSON
            # and a missing one in Arrow.)
            assert row["error_code"] is not None
            continue
        nt = decision["next_transition"]
        assert row["next_transition_date"] == (
            None if nt is None else datetime.date.fromisoformat(nt["date"])
        )
        assert row["next_transition_unit"] == (None if nt is None else nt["unit"])
        compared += 1
    assert compared > 100, compared
