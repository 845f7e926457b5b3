"""The Arrow input forms `route_arrow` and `compare` read: a column of Arrow's Null type (a
polars column that is all `None`, `pl.Null`; `pa.nulls(n)`; a pandas column of `None`) is every
value missing, exactly as a properly typed all-null column; other common forms of the same
values (dictionary-encoded text, large and view strings, timestamps for dates, integer flags)
give the same table as the plain types; a type that holds other values fails the call with
`InvalidCase` naming the column, never a panic."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import helhed

AS_OF = "2025-06-01"
D = datetime.date

EFFORT = pa.struct([
    ("sector", pa.string()), ("law", pa.string()), ("section", pa.string()),
    ("kind", pa.string()), ("start", pa.date32()), ("end", pa.date32()),
])  # fmt: skip
PERIOD = pa.struct([("from", pa.date32()), ("to", pa.date32())])
VISITATION = pa.struct([("outcome", pa.string()), ("date", pa.date32())])

#: Each case column's plain Arrow type (a dated flag as booleans).
TYPES: dict[str, pa.DataType] = {
    "id": pa.string(),
    "birth_date": pa.date32(),
    "cpr": pa.string(),
    "benefit": pa.string(),
    "fleksjob": pa.bool_(),
    "placed": pa.bool_(),
    "aftercare": pa.bool_(),
    "efforts": pa.list_(EFFORT),
    "needs": pa.list_(pa.string()),
    "social_events": pa.list_(pa.string()),
    "education_status": pa.string(),
    "vocational_education": pa.bool_(),
    "plans": pa.list_(pa.string()),
    "legal_capacity": pa.string(),
    "visitation_category": pa.string(),
    "visitation": VISITATION,
}
SCHEMA = pa.schema(list(TYPES.items()))


def test_every_case_column_has_a_plain_type() -> None:
    assert list(TYPES) == helhed.CASE_COLUMNS


@pytest.fixture(scope="module")
def population() -> pa.Table:
    """Synthetic cases with every column in its plain type, some rows with a CPR number instead
    of a birth date, a visitation category, a visitation or a bad value."""
    rows = helhed.synth(600, seed=11, reference=AS_OF).to_pylist()
    categories = ["jobparat", "aktivitetsparat", None, None]
    for i, row in enumerate(rows):
        row["cpr"] = None
        row["visitation_category"] = categories[i % 4]
        if i % 7 == 0:
            row["visitation"] = {"outcome": "screened_in", "date": D(2024, 3, 1)}
        if i % 50 == 1:
            row["birth_date"], row["cpr"] = None, "0101651234"
        if i % 50 == 2:
            row["benefit"] = "lottery"
        if i % 50 == 3:
            row["needs"] = ["sel", "moon"]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def outputs(
    rules: helhed.RuleSet, model2: helhed.RuleSet, data: Any
) -> tuple[pa.Table, pa.Table, tuple[pa.Table, pa.Table, pa.Table]]:
    """`route_arrow` on the default and the fast path, and `compare`'s three tables."""
    default = rules.route_arrow(data, AS_OF)
    fast = rules.route_arrow(data, AS_OF, next_transition=False)
    result = helhed.compare(rules, model2, data, AS_OF)
    return default, fast, (result.crosstab, result.moved, result.errors)


def assert_same_outputs(
    rules: helhed.RuleSet, model2: helhed.RuleSet, data: Any, reference: pa.Table
) -> tuple[pa.Table, pa.Table]:
    """`data` gives the same tables as `reference` on both paths and in `compare`."""
    got, want = outputs(rules, model2, data), outputs(rules, model2, reference)
    assert got[0].num_rows == reference.num_rows  # rows in = rows out
    assert got[0].equals(want[0])
    assert got[1].equals(want[1])
    for a, b in zip(got[2], want[2]):
        assert a.equals(b)
    return got[0], got[1]


def with_column(table: pa.Table, name: str, column: Any) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, column)


def typed_nulls(table: pa.Table, name: str) -> pa.Table:
    """`table` with `name` all null in its plain type."""
    return with_column(table, name, pa.nulls(table.num_rows, TYPES[name]))


# ---------------------------------------------------------------------------------------------
# A whole column of Arrow's Null type.


def null_column_in(library: str, table: pa.Table, name: str) -> Any:
    """`table` with `name` a column of Arrow's Null type, as `library` makes it."""
    if library == "pyarrow":
        return with_column(table, name, pa.nulls(table.num_rows))
    if library == "polars":
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        frame = frame.with_columns(pl.lit(None).alias(name))
        assert frame.schema[name] == pl.Null
        return frame
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    frame[name] = pd.Series([None] * table.num_rows, dtype=object)
    assert pa.Schema.from_pandas(frame).field(name).type == pa.null()
    return frame


@pytest.mark.parametrize("library", ["pyarrow", "polars", "pandas"])
@pytest.mark.parametrize("name", list(TYPES))
def test_a_null_typed_column_is_every_value_missing(
    rules: helhed.RuleSet, model2: helhed.RuleSet, population: pa.Table, library: str, name: str
) -> None:
    data = null_column_in(library, population, name)
    default, fast = assert_same_outputs(rules, model2, data, typed_nulls(population, name))
    codes, fields = default.column("error_code"), default.column("error_field")
    errors = set(zip(codes.to_pylist(), fields.to_pylist()))
    if name == "benefit":  # required: each row's error, naming the field
        assert errors == {("missing_field", "benefit")}
    elif name == "birth_date":  # the rows with a CPR number instead are decided
        assert ("no_birth_date", "birth_date") in errors and (None, None) in errors
    else:
        assert (None, None) in errors
    if name == "id":
        assert default.column("case_id").null_count == default.num_rows


@pytest.mark.parametrize("name", list(TYPES))
def test_an_all_missing_column_of_another_type_is_every_value_missing(
    rules: helhed.RuleSet, model2: helhed.RuleSet, population: pa.Table, name: str
) -> None:
    """pandas reads a CSV column that is empty in the sample as `float64` NaN (null in Arrow):
    with no value, its type does not matter. With a value, it fails the call (below)."""
    frame = population.to_pandas(types_mapper=pd.ArrowDtype)
    frame[name] = float("nan")
    column = pa.Table.from_pandas(frame).column(name)
    assert column.type == pa.float64() and column.null_count == len(column)
    assert_same_outputs(rules, model2, frame, typed_nulls(population, name))
    # and from pyarrow, an all-null column of integers, in batches
    ints = with_column(population, name, pa.nulls(population.num_rows, pa.int64()))
    batches = pa.Table.from_batches(ints.to_batches(max_chunksize=250))
    assert_same_outputs(rules, model2, batches, typed_nulls(population, name))


@pytest.mark.parametrize("library", ["pyarrow", "polars", "pandas"])
def test_every_column_null_typed_at_once(
    rules: helhed.RuleSet, model2: helhed.RuleSet, population: pa.Table, library: str
) -> None:
    """A sample whose columns are all empty: each row the error of its missing benefit."""
    data, reference = population, population
    for name in TYPES:
        if library == "pyarrow":
            data = with_column(data, name, pa.nulls(population.num_rows))
        reference = typed_nulls(reference, name)
    if library == "polars":
        data = pl.DataFrame({name: [None] * population.num_rows for name in TYPES})
    elif library == "pandas":
        data = pd.DataFrame({name: [None] * population.num_rows for name in TYPES})
    default, _ = assert_same_outputs(rules, model2, data, reference)
    assert set(default.column("error_field").to_pylist()) == {"benefit"}


def test_a_null_typed_required_column_is_not_a_missing_column(rules: helhed.RuleSet) -> None:
    """A Null-typed `benefit` is there (every cell missing: each row's error); a table without
    the column fails the call, as before."""
    frame = pl.DataFrame({"birth_date": [D(2000, 1, 1)] * 3, "benefit": [None] * 3})
    out = rules.route_arrow(frame, AS_OF, next_transition=False)
    assert out.column("error_field").to_pylist() == ["benefit"] * 3
    with pytest.raises(helhed.InvalidCase) as caught:
        rules.route_arrow(frame.drop("benefit"), AS_OF)
    assert (caught.value.field, caught.value.code) == ("benefit", "missing_field")
    # Neither a birth date nor a CPR number, with the column there but empty: each row's error.
    empty_dates = pl.DataFrame({"birth_date": [None] * 2, "benefit": ["none"] * 2})
    out = rules.route_arrow(empty_dates, AS_OF)
    assert out.column("error_code").to_pylist() == ["no_birth_date"] * 2


def test_a_single_record_batch_with_a_null_column(
    rules: helhed.RuleSet, model2: helhed.RuleSet, population: pa.Table
) -> None:
    """A `pyarrow.RecordBatch` comes over `__arrow_c_array__`, read the same way."""
    table = with_column(population, "needs", pa.nulls(population.num_rows))
    batch = table.combine_chunks().to_batches()[0]
    assert_same_outputs(rules, model2, batch, typed_nulls(population, "needs"))


# ---------------------------------------------------------------------------------------------
# Null types inside lists and structs: what polars gives a sample whose lists are all empty, or
# whose efforts all have no end.

ROWS: list[dict[str, Any]] = [
    {"id": "a", "birth_date": D(2008, 5, 10), "benefit": "none",
     "efforts": [{"sector": "lab", "start": D(2024, 1, 1), "end": None, "law": None,
                  "section": None, "kind": None}],
     "needs": [], "social_events": None, "plans": [],
     "fleksjob": {"from": D(2024, 2, 1), "to": None},
     "visitation": {"outcome": "screened_in", "date": None}},
    {"id": "b", "birth_date": D(1979, 4, 30), "benefit": "kontanthjaelp",
     "efforts": [{"sector": "sel", "start": D(2023, 6, 1), "end": None, "law": None,
                  "section": None, "kind": None},
                 {"sector": "lab", "start": D(2025, 1, 1), "end": None, "law": None,
                  "section": None, "kind": None}],
     "needs": None, "social_events": [], "plans": None,
     "fleksjob": None, "visitation": None},
    {"id": "c", "birth_date": D(2001, 1, 1), "benefit": "uddannelseshjaelp",
     "efforts": [], "needs": [], "social_events": [], "plans": [],
     "fleksjob": {"from": D(2020, 1, 1), "to": None}, "visitation": None},
]  # fmt: skip

ROW_TYPES = {**{k: TYPES[k] for k in ROWS[0] if k != "fleksjob"}, "fleksjob": PERIOD}


def typed_rows(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=pa.schema(list(ROW_TYPES.items())))


def null_types(data: Any) -> set[str]:
    """The columns whose Arrow type has a Null type somewhere."""

    def has_null(t: pa.DataType) -> bool:
        if t == pa.null():
            return True
        if pa.types.is_struct(t):
            return any(has_null(t.field(i).type) for i in range(t.num_fields))
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            return has_null(t.value_type)
        return False

    schema = pa.RecordBatchReader.from_stream(data).schema
    return {f.name for f in schema if has_null(f.type)}


@pytest.mark.parametrize("library", ["pyarrow", "polars", "pandas"])
def test_null_types_inside_lists_and_structs(
    rules: helhed.RuleSet, model2: helhed.RuleSet, library: str
) -> None:
    """Lists all empty or null (`list<null>`), efforts' `law`, `section`, `kind` and `end`
    always null, a period's `to` and a visitation's `date` always null: the same table as the
    plain types (the visitation without a date is its row's error, as typed)."""
    if library == "polars":
        data: Any = pl.DataFrame(ROWS)
    elif library == "pandas":
        data = pd.DataFrame(ROWS)
    else:
        data = pa.Table.from_pylist(ROWS)
    assert null_types(data) >= {"efforts", "needs", "plans", "fleksjob", "visitation"}
    default, _ = assert_same_outputs(rules, model2, data, typed_rows(ROWS))
    assert default.column("error_field").to_pylist() == ["visitation.date", None, None]


def test_list_of_null_items(rules: helhed.RuleSet, model2: helhed.RuleSet) -> None:
    """A `list<null>` holding null items: each row the error a typed null item gives."""
    n = 4
    base = pa.table({"birth_date": [D(2000, 1, 1)] * n, "benefit": ["none"] * n})
    lists = [[None], [], None, [None, None]]
    for name in ("efforts", "needs", "social_events", "plans"):
        data = base.append_column(name, pa.array(lists, pa.list_(pa.null())))
        reference = base.append_column(name, pa.array(lists, TYPES[name]))
        default, _ = assert_same_outputs(rules, model2, data, reference)
        item = f"{name}[0]"
        assert default.column("error_field").to_pylist() == [item, None, None, item]
        polars_data = pl.from_arrow(data)
        assert isinstance(polars_data, pl.DataFrame)
        assert_same_outputs(rules, model2, polars_data, reference)


def test_a_null_effort_is_an_error_whatever_its_fields_hold(
    rules: helhed.RuleSet, model2: helhed.RuleSet
) -> None:
    """A list item that is null is not an effort, even where its struct's fields hold values
    (Arrow leaves them undefined): the row's error names it, as `"efforts": [null]` in JSON."""
    efforts = pa.StructArray.from_arrays(
        [pa.array(["lab", "sel", "lab"]), pa.array([D(2020, 1, 1)] * 3, pa.date32())],
        names=["sector", "start"],
        mask=pa.array([False, True, False]),
    )
    lists = pa.ListArray.from_arrays(pa.array([0, 2, 3, 3], pa.int32()), efforts)
    table = pa.table({"birth_date": [D(2000, 1, 1)] * 3, "benefit": ["none"] * 3, "efforts": lists})
    default, fast, _ = outputs(rules, model2, table)
    for out in (default, fast):
        assert out.column("error_field").to_pylist() == ["efforts[1]", None, None]
        assert out.column("error_code").to_pylist() == ["invalid_value", None, None]
    document = '{"birth_date": "2000-01-01", "benefit": "none", "efforts": [null]}'
    json_error = rules.route_many([document])[0]["error"]
    message = default.column("error_message")[0].as_py()
    assert json_error["message"] == message.replace("[1]", "[0]")


@pytest.mark.parametrize("field", ["sector", "start"])
def test_required_effort_fields_of_null_type_are_each_efforts_error(
    rules: helhed.RuleSet, model2: helhed.RuleSet, field: str
) -> None:
    rows = [
        {"birth_date": D(2000, 1, 1), "benefit": "none",
         "efforts": [{"sector": "lab", "start": D(2024, 1, 1)}]},
        {"birth_date": D(2000, 1, 1), "benefit": "none", "efforts": []},
    ]  # fmt: skip
    for row in rows:
        for effort in row["efforts"]:
            effort[field] = None
    effort_type = pa.struct([("sector", pa.string()), ("start", pa.date32())])
    reference = pa.Table.from_pylist(
        rows,
        schema=pa.schema([("birth_date", pa.date32()), ("benefit", pa.string()),
                          ("efforts", pa.list_(effort_type))]),
    )  # fmt: skip
    frame = pl.DataFrame(rows)
    polars_fields = {**{"sector": pl.String, "start": pl.Date}, field: pl.Null}
    assert frame.schema["efforts"] == pl.List(pl.Struct(polars_fields))
    default, _ = assert_same_outputs(rules, model2, frame, reference)
    assert default.column("error_field").to_pylist() == [f"efforts[0].{field}", None]


# ---------------------------------------------------------------------------------------------
# Other forms of the same values.


def cast(name: str, to: pa.DataType) -> Callable[[pa.Table], Any]:
    return lambda table: with_column(table, name, table.column(name).cast(to))


def polars(*exprs: pl.Expr) -> Callable[[pa.Table], Any]:
    def make(table: pa.Table) -> Any:
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame.with_columns(*exprs)

    return make


def pandas(**columns: Callable[[pd.Series], pd.Series]) -> Callable[[pa.Table], Any]:
    def make(table: pa.Table) -> Any:
        frame = table.to_pandas()
        for name, f in columns.items():
            frame[name] = f(frame[name])
        return frame

    return make


def in_zone(zone: str) -> Callable[[pa.Table], Any]:
    """Birth dates as timestamps at local midnight in `zone`."""

    def make(table: pa.Table) -> Any:
        local = table.column("birth_date").cast(pa.timestamp("us"))
        return with_column(table, "birth_date", pc.assume_timezone(local, zone))

    return make


def effort_fields(**types: pa.DataType) -> pa.DataType:
    return pa.list_(pa.struct([(f.name, types.get(f.name, f.type)) for f in EFFORT]))


TEXTS = ["id", "benefit", "education_status", "legal_capacity", "visitation_category"]
SETS = ["needs", "social_events", "plans"]
FLAGS = ["fleksjob", "placed", "aftercare", "vocational_education"]


def polars_enum(name: str) -> Callable[[pa.Table], Any]:
    """`name` as a polars Enum of the values it holds."""

    def make(table: pa.Table) -> Any:
        values = sorted({v for v in table.column(name).to_pylist() if v is not None})
        return polars(pl.col(name).cast(pl.Enum(values)))(table)

    return make


FORMS: dict[str, Callable[[pa.Table], Any]] = {
    **{f"polars Categorical {n}": polars(pl.col(n).cast(pl.Categorical)) for n in TEXTS},
    **{f"pandas category {n}": pandas(**{n: lambda s: s.astype("category")}) for n in TEXTS},
    **{f"dictionary<int32, large_string> {n}": cast(n, pa.dictionary(pa.int32(), pa.large_string()))
       for n in TEXTS},
    **{f"large_string {n}": cast(n, pa.large_string()) for n in TEXTS},
    **{f"string_view {n}": cast(n, pa.string_view()) for n in TEXTS},
    **{f"polars Enum {n}": polars_enum(n) for n in TEXTS if n != "id"},
    **{f"polars List(Categorical) {n}": polars(pl.col(n).cast(pl.List(pl.Categorical)))
       for n in SETS},
    **{f"list<large_string> {n}": cast(n, pa.list_(pa.large_string())) for n in SETS},
    **{f"large_list<string_view> {n}": cast(n, pa.large_list(pa.string_view())) for n in SETS},
    **{f"list<dictionary> {n}": cast(n, pa.list_(pa.dictionary(pa.int8(), pa.string())))
       for n in SETS},
    **{f"birth_date {t}": cast("birth_date", t)
       for t in (pa.timestamp("s"), pa.timestamp("ms"), pa.timestamp("us"), pa.timestamp("ns"),
                 pa.date64(), pa.string(), pa.large_string())},
    "birth_date timestamp[us, UTC]": cast("birth_date", pa.timestamp("us", "UTC")),
    "birth_date timestamp[us, Europe/Copenhagen]": in_zone("Europe/Copenhagen"),
    "birth_date timestamp[us, America/New_York]": in_zone("America/New_York"),
    "polars Datetime birth_date": polars(pl.col("birth_date").cast(pl.Datetime("us"))),
    "polars Datetime(Europe/Copenhagen) birth_date": polars(
        pl.col("birth_date").cast(pl.Datetime("ms")).dt.replace_time_zone("Europe/Copenhagen")
    ),
    "pandas datetime64 birth_date": pandas(birth_date=lambda s: pd.to_datetime(s)),
    "pandas text birth_date": pandas(birth_date=lambda s: s.map(lambda d: d and d.isoformat())),
    **{f"{t} {n}": cast(n, t)
       for n in FLAGS for t in (pa.int8(), pa.int32(), pa.int64(), pa.uint8())},
    "pandas Int8 fleksjob": pandas(fleksjob=lambda s: s.astype("Int8")),
    "efforts start and end timestamps": cast(
        "efforts", effort_fields(start=pa.timestamp("us"), end=pa.timestamp("ms"))
    ),
    "efforts sector dictionary": cast(
        "efforts", effort_fields(sector=pa.dictionary(pa.int8(), pa.string()))
    ),
    "efforts large_list": cast("efforts", pa.large_list(EFFORT)),
    "polars efforts Datetime and Categorical": polars(
        pl.col("efforts").list.eval(
            pl.element().struct.with_fields(
                pl.field("start").cast(pl.Datetime("us")),
                pl.field("end").cast(pl.Datetime("ms")),
                pl.field("sector").cast(pl.Categorical),
            )
        )
    ),
    "visitation date timestamp, outcome dictionary": cast(
        "visitation",
        pa.struct([
            ("outcome", pa.dictionary(pa.int8(), pa.string())), ("date", pa.timestamp("ms")),
        ]),
    ),
}  # fmt: skip


@pytest.mark.parametrize("form", list(FORMS))
def test_other_forms_of_the_same_values(
    rules: helhed.RuleSet, model2: helhed.RuleSet, population: pa.Table, form: str
) -> None:
    assert_same_outputs(rules, model2, FORMS[form](population), population)


def test_list_views_fixed_size_lists_and_periods_of_timestamps(
    rules: helhed.RuleSet, model2: helhed.RuleSet
) -> None:
    n = 4
    needs = ["sel", "lab", "health", "moon"]  # the last one its row's error
    periods = [{"from": D(2024, 1, 1), "to": None}, None, {"from": D(2024, 9, 1), "to": None},
               {"from": D(2020, 1, 1), "to": D(2025, 1, 1)}]  # fmt: skip
    reference = pa.table({
        "birth_date": [D(1990, 1, 1)] * n,
        "benefit": ["kontanthjaelp"] * n,
        "needs": pa.array([[x] for x in needs], pa.list_(pa.string())),
        "fleksjob": pa.array(periods, PERIOD),
    })  # fmt: skip
    stamp = pa.struct([("from", pa.timestamp("us")), ("to", pa.timestamp("ms"))])
    forms = [
        pa.FixedSizeListArray.from_arrays(pa.array(needs), 1),
        pa.ListViewArray.from_arrays(
            pa.array(range(n), pa.int32()), pa.array([1] * n, pa.int32()), pa.array(needs)
        ),
        pa.array([[x] for x in needs], pa.large_list(pa.large_string())),
    ]
    for column in forms:
        data = with_column(reference, "needs", column)
        data = with_column(data, "fleksjob", reference.column("fleksjob").cast(stamp))
        default, _ = assert_same_outputs(rules, model2, data, reference)
        assert default.column("error_field").to_pylist() == [None, None, None, "needs[0]"]


# ---------------------------------------------------------------------------------------------
# Types that hold other values: the call fails, naming the column.


def _other_types(n: int) -> dict[str, pa.Array]:
    return {
        "int64": pa.array(range(n), pa.int64()),
        "float64": pa.array([0.5] * n, pa.float64()),
        "binary": pa.array([b"x"] * n, pa.binary()),
        "decimal": pa.array([1] * n, pa.decimal128(5, 0)),
        "duration": pa.array([1] * n, pa.duration("s")),
        "time32": pa.array([1] * n, pa.time32("s")),
        "list<int64>": pa.array([[1]] * n, pa.list_(pa.int64())),
        "list<list<string>>": pa.array([[["a"]]] * n, pa.list_(pa.list_(pa.string()))),
        "map": pa.array([[("a", 1)]] * n, pa.map_(pa.string(), pa.int64())),
        "dictionary<int8, int64>": pa.array([1] * n, pa.int64()).dictionary_encode(),
        "run_end_encoded<string>": pa.RunEndEncodedArray.from_arrays(
            pa.array([n], pa.int32()), pa.array(["x"])
        ),
        "sparse union": pa.UnionArray.from_sparse(
            pa.array([0] * n, pa.int8()), [pa.array(["x"] * n)]
        ),
        "fixed_size_binary": pa.array([b"ab"] * n, pa.binary(2)),
    }


#: What each column accepts among `_other_types`' (a flag: integers).
ACCEPTED = {name: {"int64"} for name in FLAGS}


@pytest.mark.parametrize("name", list(TYPES))
def test_types_of_other_values_fail_naming_the_column(
    rules: helhed.RuleSet, model2: helhed.RuleSet, name: str
) -> None:
    base = pa.table({"birth_date": [D(2000, 1, 1)] * 3, "benefit": ["none"] * 3})
    for label, column in _other_types(3).items():
        if label in ACCEPTED.get(name, set()):
            continue
        table = base.drop_columns([name]) if name in base.column_names else base
        table = table.append_column(name, column)
        for call in (
            lambda: rules.route_arrow(table, AS_OF),
            lambda: rules.route_arrow(table, AS_OF, next_transition=False),
            lambda: helhed.compare(rules, model2, table, AS_OF),
        ):
            with pytest.raises(helhed.InvalidCase) as caught:
                call()
            assert caught.value.field == name, label
            assert caught.value.code == "invalid_value", label


def test_struct_columns_with_other_fields_fail_naming_the_field(rules: helhed.RuleSet) -> None:
    base = pa.table({"birth_date": [D(2000, 1, 1)], "benefit": ["none"]})
    for name, field in [("visitation", "visitation.a"), ("fleksjob", "fleksjob.a")]:
        with pytest.raises(helhed.InvalidCase) as caught:
            rules.route_arrow(base.append_column(name, pa.array([{"a": 1}])), AS_OF)
        assert (caught.value.field, caught.value.code) == (field, "unknown_field")


def test_data_that_is_not_a_table(rules: helhed.RuleSet, model2: helhed.RuleSet) -> None:
    with pytest.raises(TypeError):
        rules.route_arrow([{"benefit": "none"}], AS_OF)  # not Arrow data
    with pytest.raises(TypeError):
        helhed.compare(rules, model2, {"benefit": ["none"]}, AS_OF)
    with pytest.raises(ValueError, match="Arrow data"):
        rules.route_arrow(pa.array([1, 2]), AS_OF)  # an array, not a table's columns
    with pytest.raises(ValueError, match="Arrow data"):
        rules.route_arrow(pl.Series("benefit", ["none"]), AS_OF)
