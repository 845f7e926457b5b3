//! Arrow columns in: the contract's case fields as columns, turned into core's [`Case`]s row by
//! row in Rust (no Python object per row). Only field mapping happens here: enum names are read
//! with core's `parse`, and every check of the case is core's [`CaseInput::validate`].

use arrow_array::cast::AsArray;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, GenericListArray, LargeStringArray, RecordBatch,
    StringArray, StringViewArray, StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field};
use chrono::NaiveDate;
use helhed::batch::{CaseColumns, CaseRow};
use helhed::case::{check_case_parts, looks_like_cpr, DatedFlag, Period, Visitation};
use helhed::error::{case_field_expects, case_fields_allowed};
use helhed::vocab::{EnumSet, SetMember, VisitationCategory, VisitationOutcome};
use helhed::{
    Benefit, Case, CaseInput, EducationStatus, Effort, InputError, LegalCapacity, PlanKind, Sector,
    SocialEvent,
};
use std::sync::Arc;

/// The case fields an Arrow table may have, in the contract's order.
pub const CASE_COLUMNS: &[&str] = helhed::case::CASE_FIELD_NAMES;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

type ListArray = GenericListArray<i32>;

/// A text column as it came (no copy): `string`, `large_string` or `string_view` (polars' own);
/// other text types (dictionary, null) are cast to `string` once.
enum Texts {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl Texts {
    fn of(column: &ArrayRef, field: &str) -> Result<Texts, InputError> {
        match column.data_type() {
            DataType::Utf8 => Ok(Texts::Utf8(column.as_string::<i32>().clone())),
            DataType::LargeUtf8 => Ok(Texts::Large(column.as_string::<i64>().clone())),
            DataType::Utf8View => Ok(Texts::View(column.as_string_view().clone())),
            t if is_text(t) => {
                let cast = cast(column, &DataType::Utf8, field, TEXT)?;
                Ok(Texts::Utf8(cast.as_string::<i32>().clone()))
            }
            _ => Err(wrong_type(field, TEXT)),
        }
    }

    /// The text of a row (`None` for a null cell).
    #[inline]
    fn get(&self, row: usize) -> Option<&str> {
        match self {
            Texts::Utf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Texts::Large(a) => (!a.is_null(row)).then(|| a.value(row)),
            Texts::View(a) => (!a.is_null(row)).then(|| a.value(row)),
        }
    }

    /// Whether every cell is null.
    fn all_null(&self) -> bool {
        match self {
            Texts::Utf8(a) => a.null_count() == a.len(),
            Texts::Large(a) => a.null_count() == a.len(),
            Texts::View(a) => a.null_count() == a.len(),
        }
    }

    /// Calls `f(i, text)` for each row `start + i` of `rows` (`None`: a null cell), matching
    /// the column's type once, not once a row.
    #[inline]
    fn for_each(&self, rows: std::ops::Range<usize>, mut f: impl FnMut(usize, Option<&str>)) {
        let start = rows.start;
        match self {
            Texts::Utf8(a) => rows.for_each(|r| f(r - start, (!a.is_null(r)).then(|| a.value(r)))),
            Texts::Large(a) => rows.for_each(|r| f(r - start, (!a.is_null(r)).then(|| a.value(r)))),
            Texts::View(a) => rows.for_each(|r| f(r - start, (!a.is_null(r)).then(|| a.value(r)))),
        }
    }

    /// Rows `start..start + len` as a `string` column: a zero-copy slice of a `string` column,
    /// a copy of the others.
    fn slice_utf8(&self, start: usize, len: usize) -> StringArray {
        let (values, offsets, nulls) = match self {
            Texts::Utf8(a) => return a.slice(start, len),
            Texts::Large(a) => {
                let a = a.slice(start, len);
                let o = a.value_offsets();
                let (first, last) = (o[0] as usize, o[len] as usize);
                let values = a.value_data()[first..last].to_vec();
                let offsets: Vec<i32> = o.iter().map(|&x| (x as usize - first) as i32).collect();
                (values, offsets, a.nulls().cloned())
            }
            Texts::View(a) => {
                // Each text's bytes copied once, in order, with its offset.
                let mut values = Vec::with_capacity(len * 16);
                let mut offsets = Vec::with_capacity(len + 1);
                offsets.push(0i32);
                let nulls = a.nulls().filter(|n| n.null_count() > 0);
                for (row, &view) in a.views()[start..start + len].iter().enumerate() {
                    let row = start + row;
                    let text_len = view as u32 as usize;
                    if nulls.is_some_and(|n| n.is_null(row)) {
                    } else if text_len <= 12 {
                        // A short text is inside its view, after the 4-byte length.
                        values.extend_from_slice(&view.to_le_bytes()[4..4 + text_len]);
                    } else {
                        values.extend_from_slice(a.value(row).as_bytes());
                    }
                    offsets.push(values.len() as i32);
                }
                (values, offsets, a.nulls().map(|n| n.slice(start, len)))
            }
        };
        StringArray::new(
            OffsetBuffer::new(offsets.into()),
            arrow_buffer::Buffer::from_vec(values),
            nulls,
        )
    }
}

/// The offsets of a list column: `list` (i32) or `large_list` (i64, polars' own).
enum Offsets {
    Small(OffsetBuffer<i32>),
    Large(OffsetBuffer<i64>),
}

/// A list column as it came (`list` or `large_list`; other list types cast to `list`): its
/// offsets, nulls and values, read without a downcast per row.
struct Lists<V> {
    offsets: Offsets,
    nulls: Option<NullBuffer>,
    values: V,
}

impl<V> Lists<V> {
    /// A list column whose items are `item` (a list type of another kind is cast to `list`
    /// of `item`), with its values read by `values`.
    fn of(
        column: &ArrayRef,
        item: DataType,
        field: &str,
        expected: &str,
        values: impl FnOnce(&ArrayRef) -> Result<V, InputError>,
    ) -> Result<Lists<V>, InputError> {
        match column.data_type() {
            DataType::List(_) => {
                let list = column.as_list::<i32>();
                Ok(Lists {
                    offsets: Offsets::Small(list.offsets().clone()),
                    nulls: list.nulls().filter(|n| n.null_count() > 0).cloned(),
                    values: values(list.values())?,
                })
            }
            DataType::LargeList(_) => {
                let list = column.as_list::<i64>();
                Ok(Lists {
                    offsets: Offsets::Large(list.offsets().clone()),
                    nulls: list.nulls().filter(|n| n.null_count() > 0).cloned(),
                    values: values(list.values())?,
                })
            }
            _ => {
                let list = list_of(column, item, field, expected)?;
                Ok(Lists {
                    offsets: Offsets::Small(list.offsets().clone()),
                    nulls: list.nulls().filter(|n| n.null_count() > 0).cloned(),
                    values: values(list.values())?,
                })
            }
        }
    }

    /// The values of rows `rows`, from the first row's first to the last row's last (null
    /// rows' values included).
    fn span(&self, rows: std::ops::Range<usize>) -> (usize, usize) {
        match &self.offsets {
            Offsets::Small(o) => (o[rows.start] as usize, o[rows.end] as usize),
            Offsets::Large(o) => (o[rows.start] as usize, o[rows.end] as usize),
        }
    }

    /// Whether a row has no values (a null cell or an empty list), from its offsets alone.
    #[inline]
    fn is_empty_at(&self, row: usize) -> bool {
        match &self.offsets {
            Offsets::Small(o) => o[row] == o[row + 1],
            Offsets::Large(o) => o[row] == o[row + 1],
        }
    }

    /// The value range of a row (empty for a null cell).
    #[inline]
    fn range(&self, row: usize) -> std::ops::Range<usize> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            return 0..0;
        }
        match &self.offsets {
            Offsets::Small(o) => o[row] as usize..o[row + 1] as usize,
            Offsets::Large(o) => o[row] as usize..o[row + 1] as usize,
        }
    }
}

/// A date column: Arrow dates, or ISO text.
enum Dates {
    Days(Date32Array),
    Text(Texts),
}

impl Dates {
    fn of(column: &ArrayRef, field: &str) -> Result<Dates, InputError> {
        match column.data_type() {
            DataType::Date32 => Ok(Dates::Days(column.as_primitive().clone())),
            DataType::Date64 | DataType::Timestamp(_, _) | DataType::Null => {
                let cast = cast(column, &DataType::Date32, field, DATE)?;
                Ok(Dates::Days(cast.as_primitive().clone()))
            }
            t if is_text(t) => Ok(Dates::Text(Texts::of(column, field)?)),
            _ => Err(wrong_type(field, DATE)),
        }
    }

    /// The date of a row (`None` for a null cell).
    fn at(&self, row: usize, field: &dyn Fn() -> String) -> Result<Option<NaiveDate>, InputError> {
        match self {
            Dates::Days(days) => {
                if days.is_null(row) {
                    return Ok(None);
                }
                days.value(row)
                    .checked_add(UNIX_EPOCH_DAYS_FROM_CE)
                    .and_then(NaiveDate::from_num_days_from_ce_opt)
                    .map(Some)
                    .ok_or_else(|| invalid(field(), "a date within chrono's range"))
            }
            Dates::Text(texts) => match texts.get(row) {
                None => Ok(None),
                Some(text) => parse_date(text)
                    .map(Some)
                    .ok_or_else(|| invalid(field(), "a date YYYY-MM-DD")),
            },
        }
    }
}

/// A strict ISO date `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

const DATE: &str = "a date column (date32, date64, timestamp or text YYYY-MM-DD)";
const TEXT: &str = "a string column";
const FLAG: &str = "a boolean column";
const LIST: &str = "a list column of strings";
const EFFORTS: &str = "a list column of structs {sector, law, section, kind, start, end}";

fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
        DataType::Dictionary(_, value) => is_text(value),
        _ => false,
    }
}

/// A value error on `field`, saying what core's case errors say the field must hold (`fallback`
/// where core has no words for it, e.g. a column's Arrow type).
fn invalid(field: impl Into<String>, fallback: &str) -> InputError {
    let field = field.into();
    let expected = case_field_expects(&field).unwrap_or_else(|| fallback.into());
    InputError::InvalidValue { field, expected }
}

/// A column of the wrong Arrow type.
fn wrong_type(field: &str, expected: &str) -> InputError {
    InputError::InvalidValue {
        field: field.into(),
        expected: expected.into(),
    }
}

fn one_of(allowed: String) -> String {
    format!("one of: {allowed}")
}

fn cast(
    column: &ArrayRef,
    to: &DataType,
    field: &str,
    expected: &str,
) -> Result<ArrayRef, InputError> {
    arrow_cast::cast(column, to).map_err(|_| wrong_type(field, expected))
}

fn text(column: &ArrayRef, field: &str) -> Result<Texts, InputError> {
    Texts::of(column, field)
}

fn flags(column: &ArrayRef, field: &str) -> Result<BooleanArray, InputError> {
    match column.data_type() {
        DataType::Boolean => Ok(column.as_boolean().clone()),
        t if t.is_integer() || *t == DataType::Null => {
            Ok(cast(column, &DataType::Boolean, field, FLAG)?
                .as_boolean()
                .clone())
        }
        _ => Err(wrong_type(field, FLAG)),
    }
}

fn is_list(t: &DataType) -> Option<&DataType> {
    match t {
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _) => Some(f.data_type()),
        _ => None,
    }
}

/// A list column with the given item type, as a `List` (i32 offsets).
fn list_of(
    column: &ArrayRef,
    item: DataType,
    field: &str,
    expected: &str,
) -> Result<ListArray, InputError> {
    let target = DataType::List(Arc::new(Field::new("item", item, true)));
    let cast = cast(column, &target, field, expected)?;
    Ok(cast.as_list::<i32>().clone())
}

/// A list-of-strings column (`needs`, `social_events`, `plans`).
fn names(column: &ArrayRef, field: &str) -> Result<Lists<Texts>, InputError> {
    match is_list(column.data_type()) {
        Some(item) if is_text(item) => {}
        _ => return Err(wrong_type(field, LIST)),
    }
    Lists::of(column, DataType::Utf8, field, LIST, |values| {
        Texts::of(values, field)
    })
}

/// The `efforts` column.
struct Efforts {
    list: Lists<()>,
    /// The null efforts (list items), when there is one: an effort the list holds as null is
    /// an error, whatever its struct's fields hold (as `[null]` is in JSON).
    null_items: Option<NullBuffer>,
    sector: Texts,
    start: Dates,
    end: Option<Dates>,
    law: Option<Texts>,
    section: Option<Texts>,
    kind: Option<Texts>,
}

impl Efforts {
    fn of(column: &ArrayRef) -> Result<Efforts, InputError> {
        if is_list(column.data_type()) == Some(&DataType::Null) {
            // A list of Arrow's Null type (polars' type of a column of empty lists): each list
            // empty or of null efforts, read as lists of structs {sector, start} whose items
            // are all null (a null effort is its row's error, as in a typed list).
            let item = DataType::Struct(
                vec![
                    Field::new("sector", DataType::Utf8, true),
                    Field::new("start", DataType::Date32, true),
                ]
                .into(),
            );
            let lists = list_of(column, item, "efforts", EFFORTS)?;
            return Efforts::of(&(Arc::new(lists) as ArrayRef));
        }
        let Some(DataType::Struct(fields)) = is_list(column.data_type()) else {
            return Err(wrong_type("efforts", EFFORTS));
        };
        check_struct_fields(fields, "efforts[]")?;
        let item = DataType::Struct(fields.clone());
        let mut structs: Option<StructArray> = None;
        let list = Lists::of(column, item, "efforts", EFFORTS, |values| {
            structs = Some(values.as_struct().clone());
            Ok(())
        })?;
        let structs = structs.unwrap_or_else(|| StructArray::new_empty_fields(0, None));
        let child = |name: &str| structs.column_by_name(name).cloned();
        let field = |name: &str| format!("efforts[].{name}");
        let required =
            |name: &str| child(name).ok_or_else(|| InputError::MissingField { field: field(name) });
        let optional_text = |name: &str| -> Result<Option<Texts>, InputError> {
            child(name).map(|c| text(&c, &field(name))).transpose()
        };
        Ok(Efforts {
            null_items: structs.nulls().filter(|n| n.null_count() > 0).cloned(),
            sector: text(&required("sector")?, &field("sector"))?,
            start: Dates::of(&required("start")?, &field("start"))?,
            end: child("end")
                .map(|c| Dates::of(&c, &field("end")))
                .transpose()?,
            law: optional_text("law")?,
            section: optional_text("section")?,
            kind: optional_text("kind")?,
            list,
        })
    }

    /// The value range of a row's efforts (empty for a null cell).
    #[inline]
    fn range(&self, row: usize) -> std::ops::Range<usize> {
        self.list.range(row)
    }

    /// The checked sector, start and end of the `k`th effort of its row, value `i`.
    fn span(
        &self,
        i: usize,
        k: usize,
    ) -> Result<(Sector, NaiveDate, Option<NaiveDate>), InputError> {
        if self.null_items.as_ref().is_some_and(|n| n.is_null(i)) {
            return Err(invalid(format!("efforts[{k}]"), EFFORTS));
        }
        let path = |name: &str| format!("efforts[{k}].{name}");
        let sector = self
            .sector
            .get(i)
            .ok_or_else(|| InputError::MissingField {
                field: path("sector"),
            })
            .and_then(|s| {
                Sector::parse(s).ok_or_else(|| invalid(path("sector"), &one_of(Sector::allowed())))
            })?;
        let start =
            self.start
                .at(i, &|| path("start"))?
                .ok_or_else(|| InputError::MissingField {
                    field: path("start"),
                })?;
        let end = match &self.end {
            Some(end) => end.at(i, &|| path("end"))?,
            None => None,
        };
        Ok((sector, start, end))
    }

    fn at(&self, row: usize) -> Result<Vec<Effort>, InputError> {
        let range = self.range(row);
        let mut efforts = Vec::with_capacity(range.len());
        for (k, i) in range.enumerate() {
            let (sector, start, end) = self.span(i, k)?;
            let owned = |c: &Option<Texts>| c.as_ref().and_then(|c| c.get(i)).map(str::to_string);
            efforts.push(Effort {
                sector,
                law: owned(&self.law),
                section: owned(&self.section),
                kind: owned(&self.kind),
                start,
                end,
            });
        }
        Ok(efforts)
    }

    /// The sectors of a row's efforts active on `date`, with the same checks as [`Efforts::at`]
    /// (and nothing allocated unless a check fails); and whether an effort ends before it starts.
    fn sectors_on(
        &self,
        row: usize,
        date: NaiveDate,
    ) -> Result<(EnumSet<Sector>, bool), InputError> {
        let mut sectors = EnumSet::empty();
        let mut backwards = false;
        for (k, i) in self.range(row).enumerate() {
            let (sector, start, end) = self.span(i, k)?;
            if start <= date && end.is_none_or(|end| date <= end) {
                sectors.insert(sector);
            }
            backwards |= end.is_some_and(|end| end < start);
        }
        Ok((sectors, backwards))
    }

    /// For efforts `values` (their sector codes `codes`, from `values.start`), each one's sector
    /// bit when it is active on `day` (days since 1970-01-01), 0 when not, when it is plainly
    /// valid: its sector given and known (not `wrong`), its start and end Arrow dates in chrono's
    /// range, no end before its start; an effort that is not is marked in `wrong` (the general
    /// path then reads its row, and gives its error if it has one). `None` when the dates are
    /// not Arrow dates (every row with an effort is then read by the general path).
    fn active_bits(
        &self,
        values: std::ops::Range<usize>,
        day: i32,
        codes: &[u8],
        wrong: &mut [bool],
    ) -> Option<Vec<u16>> {
        let (Dates::Days(starts), ends) = (&self.start, &self.end) else {
            return None;
        };
        let ends = match ends {
            None => None,
            Some(Dates::Days(ends)) => Some(ends),
            Some(Dates::Text(_)) => return None,
        };
        let (min, max) = day_range();
        let first = values.start;
        let mut bits = vec![0u16; values.len()];
        for i in values {
            let k = i - first;
            let start = starts.value(i);
            if wrong[k] || starts.is_null(i) || !(min..=max).contains(&start) {
                wrong[k] = true;
                continue;
            }
            let end = match ends {
                Some(ends) if ends.is_valid(i) => {
                    let end = ends.value(i);
                    if !(min..=max).contains(&end) || end < start {
                        wrong[k] = true;
                        continue;
                    }
                    Some(end)
                }
                _ => None,
            };
            if start <= day && end.is_none_or(|end| day <= end) {
                bits[k] = 1 << (codes[k] & 15);
            }
        }
        Some(bits)
    }

    /// The start and end of a row's efforts, in order, once [`Efforts::sectors_on`] has
    /// checked them.
    fn spans(&self, row: usize) -> impl Iterator<Item = (NaiveDate, Option<NaiveDate>)> + '_ {
        self.range(row)
            .enumerate()
            .filter_map(|(k, i)| self.span(i, k).ok())
            .map(|(_, start, end)| (start, end))
    }
}

#[inline]
fn opt_text(column: &Option<Texts>, row: usize) -> Option<&str> {
    column.as_ref().and_then(|c| c.get(row))
}

/// A dated flag column (`fleksjob`, `placed`, `aftercare`): booleans (the flag on every date),
/// or structs `{from, to}` (the period it holds; a null cell: never).
enum FlagColumn {
    Bools(BooleanArray),
    Periods(Box<Periods>),
}

/// The struct form of a dated flag column.
struct Periods {
    cells: StructArray,
    from: Dates,
    to: Option<Dates>,
}

impl FlagColumn {
    fn of(column: &ArrayRef, field: &str) -> Result<FlagColumn, InputError> {
        let DataType::Struct(fields) = column.data_type() else {
            return Ok(FlagColumn::Bools(flags(column, field)?));
        };
        check_struct_fields(fields, field)?;
        let cells = column.as_struct().clone();
        let from = cells
            .column_by_name("from")
            .ok_or_else(|| InputError::MissingField {
                field: format!("{field}.from"),
            })?;
        Ok(FlagColumn::Periods(Box::new(Periods {
            from: Dates::of(from, &format!("{field}.from"))?,
            to: cells
                .column_by_name("to")
                .map(|c| Dates::of(c, &format!("{field}.to")))
                .transpose()?,
            cells,
        })))
    }

    fn at(&self, row: usize, field: &str) -> Result<DatedFlag, InputError> {
        match self {
            FlagColumn::Bools(b) => Ok(DatedFlag::Flag(!b.is_null(row) && b.value(row))),
            FlagColumn::Periods(periods) => {
                let Periods { cells, from, to } = periods.as_ref();
                if cells.is_null(row) {
                    return Ok(DatedFlag::Flag(false));
                }
                let from = from.at(row, &|| format!("{field}.from"))?.ok_or_else(|| {
                    InputError::MissingField {
                        field: format!("{field}.from"),
                    }
                })?;
                let to = match to {
                    Some(to) => to.at(row, &|| format!("{field}.to"))?,
                    None => None,
                };
                Ok(DatedFlag::During(Period { from, to }))
            }
        }
    }
}

/// The `visitation` column: structs `{outcome, date}` (a null cell: none).
struct Visitations {
    cells: StructArray,
    outcome: Texts,
    date: Dates,
}

impl Visitations {
    fn of(column: &ArrayRef) -> Result<Visitations, InputError> {
        let DataType::Struct(fields) = column.data_type() else {
            return Err(wrong_type("visitation", "a struct column {outcome, date}"));
        };
        check_struct_fields(fields, "visitation")?;
        let cells = column.as_struct().clone();
        let child = |name: &str| {
            cells
                .column_by_name(name)
                .cloned()
                .ok_or_else(|| InputError::MissingField {
                    field: format!("visitation.{name}"),
                })
        };
        Ok(Visitations {
            outcome: text(&child("outcome")?, "visitation.outcome")?,
            date: Dates::of(&child("date")?, "visitation.date")?,
            cells,
        })
    }

    fn at(&self, row: usize) -> Result<Option<Visitation>, InputError> {
        if self.cells.is_null(row) {
            return Ok(None);
        }
        let outcome = self
            .outcome
            .get(row)
            .ok_or_else(|| InputError::MissingField {
                field: "visitation.outcome".into(),
            })
            .and_then(|s| {
                VisitationOutcome::parse(s).ok_or_else(|| {
                    invalid("visitation.outcome", &one_of(VisitationOutcome::allowed()))
                })
            })?;
        let date = self
            .date
            .at(row, &|| "visitation.date".into())?
            .ok_or_else(|| InputError::MissingField {
                field: "visitation.date".into(),
            })?;
        Ok(Some(Visitation { outcome, date }))
    }
}

/// Rejects a struct field the contract's object at `path` does not have.
fn check_struct_fields(fields: &arrow_schema::Fields, path: &str) -> Result<(), InputError> {
    let allowed = case_fields_allowed(path).unwrap_or("");
    let names: Vec<&str> = allowed.split(", ").collect();
    match fields.iter().find(|f| !names.contains(&f.name().as_str())) {
        Some(f) => Err(InputError::UnknownField {
            field: format!("{path}.{}", f.name()),
            allowed: allowed.to_string(),
        }),
        None => Ok(()),
    }
}

/// A column read by `read` (`None`: not given). A column of a type `read` does not take
/// (`InvalidValue`) whose cells are all null in this batch is read as not given: it holds no
/// value, whatever its type (pandas makes a `float64` column of NaN of an empty CSV column, a
/// null in Arrow). With a value, it fails the batch, naming the column.
fn or_missing<T>(
    column: Option<&ArrayRef>,
    read: impl FnOnce(&ArrayRef) -> Result<T, InputError>,
) -> Result<Option<T>, InputError> {
    let Some(column) = column else {
        return Ok(None);
    };
    match read(column) {
        Err(InputError::InvalidValue { .. }) if column.null_count() == column.len() => Ok(None),
        read => read.map(Some),
    }
}

/// One record batch's case columns, each cast to the form rows are read from.
pub struct CaseBatch {
    rows: usize,
    id: Option<Texts>,
    birth_date: Option<Dates>,
    cpr: Option<Texts>,
    benefit: Option<Texts>,
    fleksjob: Option<FlagColumn>,
    placed: Option<FlagColumn>,
    aftercare: Option<FlagColumn>,
    efforts: Option<Efforts>,
    needs: Option<Lists<Texts>>,
    social_events: Option<Lists<Texts>>,
    education_status: Option<Texts>,
    vocational_education: Option<BooleanArray>,
    plans: Option<Lists<Texts>>,
    legal_capacity: Option<Texts>,
    visitation_category: Option<Texts>,
    visitation: Option<Visitations>,
}

impl CaseBatch {
    /// Checks a batch's columns (names and types) and casts them; a column that is not a case
    /// field, or of the wrong type, fails the whole batch, naming the column. `benefit` is
    /// required, and one of `birth_date` and `cpr`; a missing optional column (even `efforts`)
    /// is the contract's default for every row.
    pub fn new(batch: &RecordBatch) -> Result<CaseBatch, InputError> {
        let schema = batch.schema();
        for f in schema.fields() {
            if !CASE_COLUMNS.contains(&f.name().as_str()) {
                let shown = if f.name().bytes().filter(u8::is_ascii_digit).count() >= 4 {
                    "(a column name with digits, not shown)".to_string()
                } else {
                    f.name().clone()
                };
                return Err(InputError::UnknownField {
                    field: shown,
                    allowed: case_fields_allowed("")
                        .map_or_else(|| CASE_COLUMNS.join(", "), str::to_string),
                });
            }
        }
        // A column of Arrow's Null type (all null: polars' `pl.Null`, `pa.nulls(n)`, a pandas
        // column of `None`) is read as absent: each of its cells is missing, which is what an
        // absent column gives every row (a null cell of a required field, e.g. `benefit`, is
        // each row's error). It is still there for the checks of the columns given just below,
        // so a batch fails only for what is not there. So is a column of a type the field is
        // not read from whose cells are all null in this batch ([`or_missing`]).
        let given = |name: &str| batch.column_by_name(name);
        let column = |name: &str| given(name).filter(|c| *c.data_type() != DataType::Null);
        let texts = |name: &str| or_missing(column(name), |c| text(c, name));
        let bools = |name: &str| or_missing(column(name), |c| flags(c, name));
        let lists = |name: &str| or_missing(column(name), |c| names(c, name));
        let dated = |name: &str| or_missing(column(name), |c| FlagColumn::of(c, name));
        if given("benefit").is_none() {
            return Err(InputError::MissingField {
                field: "benefit".into(),
            });
        }
        if given("birth_date").is_none() && given("cpr").is_none() {
            return Err(InputError::NoBirthDate);
        }
        Ok(CaseBatch {
            rows: batch.num_rows(),
            id: texts("id")?,
            birth_date: or_missing(column("birth_date"), |c| Dates::of(c, "birth_date"))?,
            cpr: texts("cpr")?,
            benefit: texts("benefit")?,
            fleksjob: dated("fleksjob")?,
            placed: dated("placed")?,
            aftercare: dated("aftercare")?,
            efforts: or_missing(column("efforts"), Efforts::of)?,
            needs: lists("needs")?,
            social_events: lists("social_events")?,
            education_status: texts("education_status")?,
            vocational_education: bools("vocational_education")?,
            plans: lists("plans")?,
            legal_capacity: texts("legal_capacity")?,
            visitation_category: texts("visitation_category")?,
            visitation: or_missing(column("visitation"), Visitations::of)?,
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// The output `case_id` column of rows `start..start + len`: each row's `id`, null where it
    /// is null or looks like a CPR number (such a row is an error row, and an error row never
    /// shows such an id). Without such an id, a zero-copy slice of a `string` input column (a
    /// copy of a `large_string` or `string_view` one). `checked`: the caller has already found
    /// that no id of these rows looks like a CPR number.
    pub fn case_ids(&self, start: usize, len: usize, checked: bool) -> ArrayRef {
        let Some(ids) = &self.id else {
            return arrow_array::new_null_array(&DataType::Utf8, len);
        };
        let ids = ids.slice_utf8(start, len);
        if checked || !ids.iter().flatten().any(looks_like_cpr) {
            return Arc::new(ids);
        }
        let shown: StringArray = ids
            .iter()
            .map(|id| id.filter(|id| !looks_like_cpr(id)))
            .collect();
        Arc::new(shown)
    }

    /// The row's `id`, if any (it may look like a CPR number: callers filter).
    pub fn id(&self, row: usize) -> Option<&str> {
        opt_text(&self.id, row)
    }

    /// The row's `benefit`, `education_status`, `legal_capacity` and `birth_date`, read in
    /// that order (the order [`CaseBatch::case`] and [`CaseBatch::row_on`] both read in).
    fn scalars(&self, row: usize) -> Result<Scalars, InputError> {
        let text = |c| opt_text(c, row);
        let benefit = match text(&self.benefit) {
            None => {
                return Err(InputError::MissingField {
                    field: "benefit".into(),
                })
            }
            Some(s) => {
                Benefit::parse(s).ok_or_else(|| invalid("benefit", &one_of(Benefit::allowed())))?
            }
        };
        let education_status = match text(&self.education_status) {
            None => EducationStatus::None,
            Some(s) => EducationStatus::parse(s)
                .ok_or_else(|| invalid("education_status", &one_of(EducationStatus::allowed())))?,
        };
        let legal_capacity = match text(&self.legal_capacity) {
            None => LegalCapacity::Full,
            Some(s) => LegalCapacity::parse(s)
                .ok_or_else(|| invalid("legal_capacity", &one_of(LegalCapacity::allowed())))?,
        };
        let birth_date = match &self.birth_date {
            Some(d) => d.at(row, &|| "birth_date".to_string())?,
            None => None,
        };
        Ok(Scalars {
            benefit,
            education_status,
            legal_capacity,
            birth_date,
        })
    }

    fn dated(
        &self,
        column: &Option<FlagColumn>,
        row: usize,
        field: &str,
    ) -> Result<DatedFlag, InputError> {
        match column {
            Some(c) => c.at(row, field),
            None => Ok(DatedFlag::Flag(false)),
        }
    }

    fn flag(column: &Option<BooleanArray>, row: usize) -> bool {
        column
            .as_ref()
            .is_some_and(|c| !c.is_null(row) && c.value(row))
    }

    fn needs(&self, row: usize) -> Result<EnumSet<Sector>, InputError> {
        set(&self.needs, row, "needs", Sector::parse, Sector::allowed)
    }

    fn social_events(&self, row: usize) -> Result<EnumSet<SocialEvent>, InputError> {
        set(
            &self.social_events,
            row,
            "social_events",
            SocialEvent::parse,
            SocialEvent::allowed,
        )
    }

    fn plans(&self, row: usize) -> Result<EnumSet<PlanKind>, InputError> {
        set(
            &self.plans,
            row,
            "plans",
            PlanKind::parse,
            PlanKind::allowed,
        )
    }

    fn visitation_category(&self, row: usize) -> Result<Option<VisitationCategory>, InputError> {
        match opt_text(&self.visitation_category, row) {
            None => Ok(None),
            Some(s) => VisitationCategory::parse(s).map(Some).ok_or_else(|| {
                invalid(
                    "visitation_category",
                    &one_of(VisitationCategory::allowed()),
                )
            }),
        }
    }

    fn visitation(&self, row: usize) -> Result<Option<Visitation>, InputError> {
        match &self.visitation {
            Some(v) => v.at(row),
            None => Ok(None),
        }
    }

    /// The validated case of a row.
    pub fn case(&self, row: usize) -> Result<Case, InputError> {
        let Scalars {
            benefit,
            education_status,
            legal_capacity,
            birth_date,
        } = self.scalars(row)?;
        let input = CaseInput {
            id: self.id(row).map(str::to_string),
            birth_date,
            cpr: opt_text(&self.cpr, row).map(str::to_string),
            benefit,
            fleksjob: self.dated(&self.fleksjob, row, "fleksjob")?,
            placed: self.dated(&self.placed, row, "placed")?,
            aftercare: self.dated(&self.aftercare, row, "aftercare")?,
            efforts: match &self.efforts {
                Some(e) => e.at(row)?,
                None => Vec::new(),
            },
            needs: self.needs(row)?,
            social_events: self.social_events(row)?,
            education_status,
            vocational_education: Self::flag(&self.vocational_education, row),
            plans: self.plans(row)?,
            legal_capacity,
            visitation_category: self.visitation_category(row)?,
            visitation: self.visitation(row)?,
        };
        input.validate()
    }

    /// Rows `start..start + len` on `date` as core's columns, read column by column: the
    /// common forms of each column in a tight loop, and any row that is not plainly valid there
    /// (a value that does not parse, a CPR number, a period to check, ...) read again by
    /// [`CaseBatch::row_on`], which gives it its row or its error. So each row holds what
    /// `row_on` gives, and a row fails exactly when, and with the error, `row_on` fails.
    /// `out` is emptied first (its memory kept: a thread reads its pieces into one).
    pub fn read_piece(&self, start: usize, len: usize, date: NaiveDate, out: &mut PieceColumns) {
        let rows = start..start + len;
        out.reset(len);
        let mut bad = std::mem::take(&mut out.bad);
        read_codes(
            &self.benefit,
            rows.clone(),
            &mut out.benefit,
            &mut bad,
            None,
            |s| Benefit::parse(s).map(|b| b.index() as u8),
        );
        let none = EducationStatus::None.index() as u8;
        read_codes(
            &self.education_status,
            rows.clone(),
            &mut out.education_status,
            &mut bad,
            Some(none),
            |s| EducationStatus::parse(s).map(|e| e.index() as u8),
        );
        let full = LegalCapacity::Full.index() as u8;
        read_codes(
            &self.legal_capacity,
            rows.clone(),
            &mut out.legal_capacity,
            &mut bad,
            Some(full),
            |s| LegalCapacity::parse(s).map(|l| l.index() as u8),
        );
        if self
            .visitation_category
            .as_ref()
            .is_some_and(|c| !c.all_null())
        {
            read_codes(
                &self.visitation_category,
                rows.clone(),
                &mut out.visitation_category,
                &mut bad,
                Some(0),
                |s| VisitationCategory::parse(s).map(|v| 1 + v.index() as u8),
            );
        }
        // The birth date: given as days (a CPR number, or a text date, the general path).
        match &self.birth_date {
            Some(Dates::Days(days)) if days.null_count() == 0 => {
                // No branch a row: a day out of range marks its row (whose date the general
                // path then writes).
                let (min, max) = day_range();
                let birth_dates = out.birth_date.iter_mut().zip(&days.values()[rows.clone()]);
                for ((out, &day), bad) in birth_dates.zip(bad.iter_mut()) {
                    *out = day;
                    *bad |= !(min..=max).contains(&day);
                }
            }
            Some(Dates::Days(days)) => {
                let (min, max) = day_range();
                for (i, row) in rows.clone().enumerate() {
                    let day = days.value(row);
                    if days.is_null(row) || !(min..=max).contains(&day) {
                        bad[i] = true;
                    } else {
                        out.birth_date[i] = day;
                    }
                }
            }
            _ => bad.fill(true),
        }
        if let Some(cpr) = &self.cpr {
            cpr.for_each(rows.clone(), |i, text| bad[i] |= text.is_some());
        }
        for (column, flags) in [
            (&self.fleksjob, &mut out.fleksjob),
            (&self.placed, &mut out.placed),
            (&self.aftercare, &mut out.aftercare),
        ] {
            match column {
                None => {}
                Some(FlagColumn::Bools(b)) => set_flags(b, start, len, flags),
                // Periods are checked (an end before its start) by the general path.
                Some(FlagColumn::Periods(_)) => {
                    for (i, row) in rows.clone().enumerate() {
                        match column.as_ref().map(|c| c.at(row, "")) {
                            Some(Ok(DatedFlag::Flag(on))) => flags[i] = on as u8,
                            _ => bad[i] = true,
                        }
                    }
                }
            }
        }
        if let Some(b) = &self.vocational_education {
            set_flags(b, start, len, &mut out.vocational_education);
        }
        if let Some(efforts) = &self.efforts {
            let day = helhed::batch::days_since_epoch(date);
            let (first, last) = efforts.list.span(rows.clone());
            let mut codes = vec![0u8; last - first];
            let mut wrong = vec![false; last - first];
            read_text_codes(
                &efforts.sector,
                first..last,
                &mut codes,
                &mut wrong,
                None,
                |s| Sector::parse(s).map(|v| v.index() as u8),
            );
            if let Some(nulls) = &efforts.null_items {
                // A null effort: its row is read again by the general path, for its error.
                for i in (first..last).filter(|&i| nulls.is_null(i)) {
                    wrong[i - first] = true;
                }
            }
            // Each effort's sector bit when it is active on `day` (0 when not), or `wrong`;
            // then each row's sectors are its efforts' bits.
            match efforts.active_bits(first..last, day, &codes, &mut wrong) {
                Some(bits) => {
                    let values = (first, bits.as_slice(), wrong.as_slice());
                    let nulls = efforts.list.nulls.as_ref();
                    let out = &mut out.effort_sectors;
                    match &efforts.list.offsets {
                        Offsets::Small(o) => {
                            or_bits(o, nulls, rows.clone(), values, false, out, &mut bad)
                        }
                        Offsets::Large(o) => {
                            or_bits(o, nulls, rows.clone(), values, false, out, &mut bad)
                        }
                    }
                }
                None => {
                    for (i, row) in rows.clone().enumerate() {
                        bad[i] |= !efforts.list.is_empty_at(row);
                    }
                }
            }
        }
        if let Some(list) = &self.needs {
            read_sets(list, rows.clone(), &mut out.need_sectors, &mut bad, |s| {
                Sector::parse(s).map(|v| v.index() as u8)
            });
        }
        if let Some(list) = &self.social_events {
            read_sets(list, rows.clone(), &mut out.social_events, &mut bad, |s| {
                SocialEvent::parse(s).map(|v| v.index() as u8)
            });
        }
        if let Some(list) = &self.plans {
            read_sets(list, rows.clone(), &mut out.plans, &mut bad, |s| {
                PlanKind::parse(s).map(|v| v.index() as u8)
            });
        }
        if let Some(visitation) = self
            .visitation
            .as_ref()
            .filter(|v| v.cells.null_count() < v.cells.len())
        {
            for (i, row) in rows.clone().enumerate() {
                match visitation.at(row) {
                    Ok(v) => {
                        out.visitation[i] = v
                            .and_then(|v| v.on(date))
                            .map_or(0, |v| 1 + v.index() as u8)
                    }
                    Err(_) => bad[i] = true,
                }
            }
        }
        if let Some(Texts::View(ids)) = &self.id {
            // polars' ids: checked and copied to the output's `string` column in one pass.
            let (case_ids, cpr_id) = view_ids(ids, start, len, &mut bad);
            out.cpr_id = cpr_id;
            out.case_ids = (!cpr_id).then_some(case_ids);
        } else if let Some(ids) = &self.id {
            let mut cpr_id = false;
            ids.for_each(rows.clone(), |i, id| {
                if id.is_some_and(looks_like_cpr) {
                    bad[i] = true;
                    cpr_id = true;
                }
            });
            out.cpr_id = cpr_id;
        }
        // Most pieces have no row to read again: one quick look at `bad` settles them.
        if bad.iter().fold(false, |any, &b| any | b) {
            for (i, row) in rows.enumerate().filter(|(i, _)| bad[*i]) {
                match self.row_on(row, date) {
                    Ok(case_row) => out.set(i, case_row),
                    Err(error) => {
                        out.set(i, CaseRow::default());
                        out.errors.push((i, error));
                    }
                }
            }
        }
        out.bad = bad;
    }

    /// A row's facts on `date` as a [`CaseRow`] of core's columns, without building its
    /// [`Case`]: the same fields read in the same order and the same checks
    /// ([`check_case_parts`], what [`CaseInput::validate`] runs), so a row fails here exactly
    /// when, and with the error, [`CaseBatch::case`] fails.
    pub fn row_on(&self, row: usize, date: NaiveDate) -> Result<CaseRow, InputError> {
        let Scalars {
            benefit,
            education_status,
            legal_capacity,
            birth_date,
        } = self.scalars(row)?;
        let fleksjob = self.dated(&self.fleksjob, row, "fleksjob")?;
        let placed = self.dated(&self.placed, row, "placed")?;
        let aftercare = self.dated(&self.aftercare, row, "aftercare")?;
        let (effort_sectors, effort_backwards) = match &self.efforts {
            Some(e) => e.sectors_on(row, date)?,
            None => (EnumSet::empty(), false),
        };
        let needs = self.needs(row)?;
        let social_events = self.social_events(row)?;
        let plans = self.plans(row)?;
        let visitation_category = self.visitation_category(row)?;
        let visitation = self.visitation(row)?;
        let birth_date = check_case_parts(
            self.id(row),
            birth_date,
            opt_text(&self.cpr, row),
            [&fleksjob, &placed, &aftercare],
            // The efforts again only when one ends before it starts: the check fails on them.
            self.efforts
                .iter()
                .filter(|_| effort_backwards)
                .flat_map(|e| e.spans(row)),
        )?;
        Ok(CaseRow {
            birth_date: helhed::batch::days_since_epoch(birth_date),
            benefit: benefit.index() as u8,
            fleksjob: fleksjob.on(date) as u8,
            placed: placed.on(date) as u8,
            aftercare: aftercare.on(date) as u8,
            vocational_education: Self::flag(&self.vocational_education, row) as u8,
            education_status: education_status.index() as u8,
            legal_capacity: legal_capacity.index() as u8,
            effort_sectors: effort_sectors.bits(),
            need_sectors: needs.bits(),
            social_events: social_events.bits(),
            plans: plans.bits(),
            visitation_category: visitation_category.map_or(0, |v| 1 + v.index() as u8),
            visitation: visitation
                .and_then(|v| v.on(date))
                .map_or(0, |v| 1 + v.index() as u8),
        })
    }
}

impl CaseBatch {
    /// Fills `case` with what the search for row `row`'s next change reads, once
    /// [`CaseBatch::read_piece`] has read the row without an error into `piece` (at `i`): the
    /// codes and sets from `piece`, and the dated parts (birth date, the dated flags' periods,
    /// each effort's sector, start and end, the visitation) from the columns. The texts that no
    /// fact reads are left out: no `id` (the row's id was checked, and does not look like a CPR
    /// number) and no effort's `law`, `section` or `kind`. So `case` is [`CaseBatch::case`]'s
    /// case without those texts, and nothing is allocated once `case.efforts` has grown.
    /// An error here (none is expected for a row read without one) leaves the row to `case`.
    pub fn dated_case(
        &self,
        row: usize,
        piece: &PieceColumns,
        i: usize,
        case: &mut Case,
    ) -> Result<(), InputError> {
        let day = piece.birth_date[i];
        case.id = None;
        case.birth_date = day
            .checked_add(UNIX_EPOCH_DAYS_FROM_CE)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| invalid("birth_date", "a date within chrono's range"))?;
        let code = |all_len: usize, c: u8| -> Result<usize, InputError> {
            let c = c as usize;
            (c < all_len)
                .then_some(c)
                .ok_or_else(|| invalid("", "a code read from the columns"))
        };
        case.benefit = Benefit::ALL[code(Benefit::ALL.len(), piece.benefit[i])?];
        case.education_status =
            EducationStatus::ALL[code(EducationStatus::ALL.len(), piece.education_status[i])?];
        case.legal_capacity =
            LegalCapacity::ALL[code(LegalCapacity::ALL.len(), piece.legal_capacity[i])?];
        case.vocational_education = piece.vocational_education[i] != 0;
        case.needs = EnumSet::from_bits(piece.need_sectors[i]);
        case.social_events = EnumSet::from_bits(piece.social_events[i]);
        case.plans = EnumSet::from_bits(piece.plans[i]);
        case.visitation_category = match piece.visitation_category[i] {
            0 => None,
            c => Some(VisitationCategory::ALL[code(VisitationCategory::ALL.len() + 1, c)? - 1]),
        };
        case.fleksjob = self.dated(&self.fleksjob, row, "fleksjob")?;
        case.placed = self.dated(&self.placed, row, "placed")?;
        case.aftercare = self.dated(&self.aftercare, row, "aftercare")?;
        case.visitation = self.visitation(row)?;
        case.efforts.clear();
        if let Some(efforts) = &self.efforts {
            for (k, v) in efforts.range(row).enumerate() {
                let (sector, start, end) = efforts.span(v, k)?;
                case.efforts.push(Effort {
                    sector,
                    law: None,
                    section: None,
                    kind: None,
                    start,
                    end,
                });
            }
        }
        Ok(())
    }
}

/// The first and last days since 1970-01-01 that chrono has a date for (what [`Dates::at`]
/// accepts).
fn day_range() -> (i32, i32) {
    (
        helhed::batch::days_since_epoch(NaiveDate::MIN),
        helhed::batch::days_since_epoch(NaiveDate::MAX),
    )
}

/// Core's columns of one piece of rows, read column by column ([`CaseBatch::read_piece`]).
#[derive(Default)]
pub struct PieceColumns {
    birth_date: Vec<i32>,
    benefit: Vec<u8>,
    fleksjob: Vec<u8>,
    placed: Vec<u8>,
    aftercare: Vec<u8>,
    vocational_education: Vec<u8>,
    education_status: Vec<u8>,
    legal_capacity: Vec<u8>,
    effort_sectors: Vec<u16>,
    need_sectors: Vec<u16>,
    social_events: Vec<u16>,
    plans: Vec<u16>,
    visitation_category: Vec<u8>,
    visitation: Vec<u8>,
    /// The rows that could not be read (index in the piece, in order), with
    /// [`CaseBatch::row_on`]'s error; each holds [`CaseRow::default`] in the columns.
    pub errors: Vec<(usize, InputError)>,
    /// Whether some row's `id` looks like a CPR number (such a row is among `errors`).
    pub cpr_id: bool,
    /// The output's `case_id` column, when made while reading (`string_view` ids, none of
    /// which looks like a CPR number).
    pub case_ids: Option<ArrayRef>,
    /// [`CaseBatch::read_piece`]'s rows to read again (kept here for its memory).
    bad: Vec<bool>,
}

impl PieceColumns {
    /// Empties the columns for `rows` rows (each 0, no errors), keeping their memory.
    fn reset(&mut self, rows: usize) {
        fn zeros<T: Copy + Default>(column: &mut Vec<T>, rows: usize) {
            column.clear();
            column.resize(rows, T::default());
        }
        zeros(&mut self.birth_date, rows);
        zeros(&mut self.benefit, rows);
        zeros(&mut self.fleksjob, rows);
        zeros(&mut self.placed, rows);
        zeros(&mut self.aftercare, rows);
        zeros(&mut self.vocational_education, rows);
        zeros(&mut self.education_status, rows);
        zeros(&mut self.legal_capacity, rows);
        zeros(&mut self.effort_sectors, rows);
        zeros(&mut self.need_sectors, rows);
        zeros(&mut self.social_events, rows);
        zeros(&mut self.plans, rows);
        zeros(&mut self.visitation_category, rows);
        zeros(&mut self.visitation, rows);
        zeros(&mut self.bad, rows);
        self.errors.clear();
        self.cpr_id = false;
        self.case_ids = None;
    }

    fn set(&mut self, i: usize, row: CaseRow) {
        self.birth_date[i] = row.birth_date;
        self.benefit[i] = row.benefit;
        self.fleksjob[i] = row.fleksjob;
        self.placed[i] = row.placed;
        self.aftercare[i] = row.aftercare;
        self.vocational_education[i] = row.vocational_education;
        self.education_status[i] = row.education_status;
        self.legal_capacity[i] = row.legal_capacity;
        self.effort_sectors[i] = row.effort_sectors;
        self.need_sectors[i] = row.need_sectors;
        self.social_events[i] = row.social_events;
        self.plans[i] = row.plans;
        self.visitation_category[i] = row.visitation_category;
        self.visitation[i] = row.visitation;
    }

    /// The columns `decide_columns` reads.
    pub fn columns(&self) -> CaseColumns<'_> {
        CaseColumns {
            birth_date: &self.birth_date,
            benefit: &self.benefit,
            fleksjob: &self.fleksjob,
            placed: &self.placed,
            aftercare: &self.aftercare,
            vocational_education: &self.vocational_education,
            education_status: &self.education_status,
            legal_capacity: &self.legal_capacity,
            effort_sectors: &self.effort_sectors,
            need_sectors: &self.need_sectors,
            social_events: &self.social_events,
            plans: &self.plans,
            visitation_category: &self.visitation_category,
            visitation: &self.visitation,
        }
    }
}

/// The codes of the list values of rows `rows` (`parse` of each, the view cache included),
/// indexed from the first value of the first row: (first value, codes, values that are null or
/// do not parse).
fn value_codes(
    list: &Lists<Texts>,
    rows: std::ops::Range<usize>,
    parse: impl Fn(&str) -> Option<u8>,
) -> (usize, Vec<u8>, Vec<bool>) {
    let (first, last) = list.span(rows);
    let mut codes = vec![0u8; last - first];
    let mut wrong = vec![false; last - first];
    read_text_codes(
        &list.values,
        first..last,
        &mut codes,
        &mut wrong,
        None,
        parse,
    );
    (first, codes, wrong)
}

/// A list-of-names column's sets as bitmasks (bit `code`), rows `rows`: a row with a name that
/// is null or does not parse, or a name twice, is marked in `bad` (the general path gives its
/// error, as [`set`] does).
fn read_sets(
    list: &Lists<Texts>,
    rows: std::ops::Range<usize>,
    out: &mut [u16],
    bad: &mut [bool],
    parse: impl Fn(&str) -> Option<u8>,
) {
    let (first, codes, wrong) = value_codes(list, rows.clone(), parse);
    if codes.is_empty() {
        return; // every row's set is empty
    }
    let bits: Vec<u16> = codes.iter().map(|&code| 1u16 << (code & 15)).collect();
    let values = (first, bits.as_slice(), wrong.as_slice());
    let nulls = list.nulls.as_ref();
    match &list.offsets {
        Offsets::Small(o) => or_bits(o, nulls, rows, values, true, out, bad),
        Offsets::Large(o) => or_bits(o, nulls, rows, values, true, out, bad),
    }
}

/// Each row's bits: the bits of its list's values OR-ed, rows `rows` of a list column (its
/// `offsets` and `nulls`; a null row stays 0). `values` are (first value, each value's bits,
/// whether it is wrong), both indexed from the first value of the first row. A row with a
/// wrong value, or, when `distinct`, two values of one bit, is marked in `bad`
/// (its bits are then not used).
fn or_bits<O: arrow_array::OffsetSizeTrait>(
    offsets: &[O],
    nulls: Option<&NullBuffer>,
    rows: std::ops::Range<usize>,
    (first, bits, wrong): (usize, &[u16], &[bool]),
    distinct: bool,
    out: &mut [u16],
    bad: &mut [bool],
) {
    // Most rows have no value: the rows of each 64 that have one are found as the bits of a
    // mask (no branch per row), and only they are read; the others keep 0.
    let offsets = &offsets[rows.start..=rows.end];
    let mut base = 0;
    while base < rows.len() {
        let block = &offsets[base..(base + 64).min(rows.len()) + 1];
        let mut some = 0u64;
        for (j, pair) in block.windows(2).enumerate() {
            some |= u64::from(pair[0] != pair[1]) << j;
        }
        while some != 0 {
            let r = base + some.trailing_zeros() as usize;
            some &= some - 1;
            if nulls.is_some_and(|n| n.is_null(rows.start + r)) {
                continue;
            }
            let (from, to) = (
                offsets[r].as_usize() - first,
                offsets[r + 1].as_usize() - first,
            );
            let (mut all, mut wrong_row) = (0u16, false);
            for (&bit, &wrong) in bits[from..to].iter().zip(&wrong[from..to]) {
                wrong_row |= wrong || (distinct && all & bit != 0);
                all |= bit;
            }
            out[r] = all;
            bad[r] |= wrong_row;
        }
        base += 64;
    }
}

/// Rows `start..start + len` of a `string_view` id column as a `string` column, each id checked
/// on the way (one that looks like a CPR number marks its row in `bad`); and whether one did.
fn view_ids(ids: &StringViewArray, start: usize, len: usize, bad: &mut [bool]) -> (ArrayRef, bool) {
    let mut values = Vec::with_capacity(len * 16);
    let mut offsets = Vec::with_capacity(len + 1);
    offsets.push(0i32);
    let nulls = ids.nulls().filter(|n| n.null_count() > 0);
    let mut cpr_id = false;
    for (i, &view) in ids.views()[start..start + len].iter().enumerate() {
        let row = start + i;
        let text_len = view as u32 as usize;
        if !nulls.is_some_and(|n| n.is_null(row)) {
            let inline = view.to_le_bytes();
            // A short text is inside its view, after the 4-byte length.
            let bytes = if text_len <= 12 {
                &inline[4..4 + text_len]
            } else {
                ids.value(row).as_bytes()
            };
            if helhed::cpr::contains_cpr(bytes) {
                bad[i] = true;
                cpr_id = true;
            }
            values.extend_from_slice(bytes);
        }
        offsets.push(values.len() as i32);
    }
    let (offsets, values) = (
        OffsetBuffer::new(offsets.into()),
        arrow_buffer::Buffer::from_vec(values),
    );
    let nulls = ids.nulls().map(|n| n.slice(start, len));
    debug_assert!(StringArray::try_new(offsets.clone(), values.clone(), nulls.clone()).is_ok());
    // SAFETY: the values are whole texts of a `string_view` column (valid UTF-8) one after the
    // other, each offset the end of one (checked in debug builds).
    let column = unsafe { StringArray::new_unchecked(offsets, values, nulls) };
    (Arc::new(column), cpr_id)
}

/// Sets `flags[i]` to 1 where row `start + i` of `column` is true (not null), the rest
/// staying 0: by the set bits of the piece's values and validity (flags are mostly false).
fn set_flags(column: &BooleanArray, start: usize, len: usize, flags: &mut [u8]) {
    let values = column.values().slice(start, len);
    let on = match column.nulls().filter(|n| n.null_count() > 0) {
        Some(nulls) => &values & &nulls.inner().slice(start, len),
        None => values,
    };
    for i in on.set_indices() {
        flags[i] = 1;
    }
}

/// Slots of [`ViewCache`] (a power of two).
const VIEW_SLOTS: usize = 256;

/// The code of a cell's text (`parse` of it; -1: it does not parse), from a cache of the texts
/// seen: a `string_view` text of up to 12 bytes is keyed by its whole view (which holds the
/// text), a longer one by its length and first 4 bytes (the view's first 8 bytes) and
/// confirmed by comparing its text with the cached one. A key has two slots (the one its hash
/// gives and the next); a text found in neither is parsed and put in one.
struct ViewCache<'a> {
    keys: [u128; VIEW_SLOTS + 1],
    texts: [&'a [u8]; VIEW_SLOTS + 1],
    codes: [i16; VIEW_SLOTS + 1],
}

impl<'a> ViewCache<'a> {
    /// An empty slot's key: no view's (its length, the first 4 bytes, would be more than 12
    /// with the rest not 0).
    const EMPTY: u128 = u128::MAX;

    fn new() -> ViewCache<'a> {
        ViewCache {
            keys: [Self::EMPTY; VIEW_SLOTS + 1],
            texts: [&[]; VIEW_SLOTS + 1],
            codes: [-1; VIEW_SLOTS + 1],
        }
    }

    /// The code of `view`'s text (`text()` gives it), parsing it when not cached.
    #[inline(always)]
    fn code(
        &mut self,
        view: u128,
        text: impl Fn() -> &'a str,
        parse: &impl Fn(&str) -> Option<u8>,
    ) -> i16 {
        let short = view as u32 <= 12;
        // A long text's key: its length and prefix. A short view's length (its first 4 bytes)
        // is at most 12, a long one's more, so no short key equals a long one.
        let key = if short { view } else { view & u64::MAX as u128 };
        let mixed = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (mixed >> 56) as usize;
        for slot in [slot, slot + 1] {
            if self.keys[slot] == key && (short || self.texts[slot] == text().as_bytes()) {
                return self.codes[slot];
            }
        }
        self.insert(slot, key, text(), parse)
    }

    /// Parses `text` and caches its code under `key`, in slot `slot` or the next.
    #[inline(never)]
    fn insert(
        &mut self,
        slot: usize,
        key: u128,
        text: &'a str,
        parse: &impl Fn(&str) -> Option<u8>,
    ) -> i16 {
        let code = parse(text).map_or(-1, i16::from);
        let slot = if self.keys[slot] == Self::EMPTY {
            slot
        } else {
            slot + 1
        };
        self.keys[slot] = key;
        self.texts[slot] = text.as_bytes();
        self.codes[slot] = code;
        code
    }
}

/// An enum column's codes: `parse` of each text, `null` for a null cell (`None`: a null cell
/// is not allowed); a row whose text does not parse is marked in `bad`.
fn read_codes(
    column: &Option<Texts>,
    rows: std::ops::Range<usize>,
    out: &mut [u8],
    bad: &mut [bool],
    null: Option<u8>,
    parse: impl Fn(&str) -> Option<u8>,
) {
    let Some(column) = column else {
        match null {
            Some(code) => out.fill(code),
            None => bad.fill(true),
        }
        return;
    };
    read_text_codes(column, rows, out, bad, null, parse);
}

/// [`read_codes`] of a column that is there.
fn read_text_codes(
    column: &Texts,
    rows: std::ops::Range<usize>,
    out: &mut [u8],
    bad: &mut [bool],
    null: Option<u8>,
    parse: impl Fn(&str) -> Option<u8>,
) {
    if let Texts::View(views) = column {
        // Each distinct text is parsed once ([`ViewCache`]), which is most cells of an enum
        // column. No branch on the code: a row whose text does not parse gets code 255 (-1)
        // and is marked in `bad` (the general path then writes the row).
        let raw = &views.views()[rows.clone()];
        let nulls = views.nulls().filter(|n| n.null_count() > 0);
        let null = null.map_or(-1, i16::from);
        let mut cache = ViewCache::new();
        let start = rows.start;
        for (i, ((&view, out), bad)) in raw
            .iter()
            .zip(out.iter_mut())
            .zip(bad.iter_mut())
            .enumerate()
        {
            let row = start + i;
            let code = if nulls.is_some_and(|n| n.is_null(row)) {
                null
            } else {
                cache.code(view, || views.value(row), &parse)
            };
            *out = code as u8;
            *bad |= code < 0;
        }
        return;
    }
    column.for_each(rows, |i, text| match text.map_or(null, &parse) {
        Some(code) => out[i] = code,
        None => bad[i] = true,
    });
}

/// The fields [`CaseBatch::case`] and [`CaseBatch::row_on`] read first.
struct Scalars {
    benefit: Benefit,
    education_status: EducationStatus,
    legal_capacity: LegalCapacity,
    birth_date: Option<NaiveDate>,
}

/// A list-of-names cell as a set.
fn set<T>(
    column: &Option<Lists<Texts>>,
    row: usize,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: fn() -> String,
) -> Result<EnumSet<T>, InputError>
where
    T: SetMember + Copy,
{
    let Some(list) = column else {
        return Ok(EnumSet::empty());
    };
    let mut set = EnumSet::empty();
    for (k, i) in list.range(row).enumerate() {
        let value = list
            .values
            .get(i)
            .and_then(parse)
            .ok_or_else(|| invalid(format!("{field}[{k}]"), &one_of(allowed())))?;
        if set.contains(value) {
            // A value given twice: the JSON path's error (a set holds each value once).
            return Err(invalid(field, "a list of distinct values"));
        }
        set.insert(value);
    }
    Ok(set)
}
