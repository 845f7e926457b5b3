//! Arrow columns in: the contract's case fields as columns, turned into core's [`Case`]s row by
//! row in Rust (no Python object per row). Only field mapping happens here: enum names are read
//! with core's `parse`, and every check of the case is core's [`CaseInput::validate`].

use arrow_array::cast::AsArray;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, GenericListArray, RecordBatch, StringArray,
    StructArray,
};
use arrow_schema::{DataType, Field};
use chrono::NaiveDate;
use helhed::batch::CaseRow;
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

/// A date column: Arrow dates, or ISO text.
enum Dates {
    Days(Date32Array),
    Text(StringArray),
}

impl Dates {
    fn of(column: &ArrayRef, field: &str) -> Result<Dates, InputError> {
        match column.data_type() {
            DataType::Date32 => Ok(Dates::Days(column.as_primitive().clone())),
            DataType::Date64 | DataType::Timestamp(_, _) | DataType::Null => {
                let cast = cast(column, &DataType::Date32, field, DATE)?;
                Ok(Dates::Days(cast.as_primitive().clone()))
            }
            t if is_text(t) => Ok(Dates::Text(text(column, field)?)),
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
            Dates::Text(texts) => {
                if texts.is_null(row) {
                    return Ok(None);
                }
                parse_date(texts.value(row))
                    .map(Some)
                    .ok_or_else(|| invalid(field(), "a date YYYY-MM-DD"))
            }
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

fn text(column: &ArrayRef, field: &str) -> Result<StringArray, InputError> {
    if !is_text(column.data_type()) {
        return Err(wrong_type(field, TEXT));
    }
    let cast = cast(column, &DataType::Utf8, field, TEXT)?;
    Ok(cast.as_string::<i32>().clone())
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
fn names(column: &ArrayRef, field: &str) -> Result<ListArray, InputError> {
    match column.data_type() {
        DataType::Null => list_of(column, DataType::Utf8, field, LIST),
        t => match is_list(t) {
            Some(item) if is_text(item) => list_of(column, DataType::Utf8, field, LIST),
            _ => Err(wrong_type(field, LIST)),
        },
    }
}

/// The `efforts` column.
struct Efforts {
    list: ListArray,
    sector: StringArray,
    start: Dates,
    end: Option<Dates>,
    law: Option<StringArray>,
    section: Option<StringArray>,
    kind: Option<StringArray>,
}

impl Efforts {
    fn of(column: &ArrayRef) -> Result<Option<Efforts>, InputError> {
        if *column.data_type() == DataType::Null {
            return Ok(None);
        }
        let Some(DataType::Struct(fields)) = is_list(column.data_type()) else {
            return Err(wrong_type("efforts", EFFORTS));
        };
        check_struct_fields(fields, "efforts[]")?;
        let item = DataType::Struct(fields.clone());
        let list = list_of(column, item, "efforts", EFFORTS)?;
        let structs: StructArray = list.values().as_struct().clone();
        let child = |name: &str| structs.column_by_name(name).cloned();
        let field = |name: &str| format!("efforts[].{name}");
        let required =
            |name: &str| child(name).ok_or_else(|| InputError::MissingField { field: field(name) });
        let optional_text = |name: &str| -> Result<Option<StringArray>, InputError> {
            child(name).map(|c| text(&c, &field(name))).transpose()
        };
        Ok(Some(Efforts {
            sector: text(&required("sector")?, &field("sector"))?,
            start: Dates::of(&required("start")?, &field("start"))?,
            end: child("end")
                .map(|c| Dates::of(&c, &field("end")))
                .transpose()?,
            law: optional_text("law")?,
            section: optional_text("section")?,
            kind: optional_text("kind")?,
            list,
        }))
    }

    /// The value range of a row's efforts (empty for a null cell).
    fn range(&self, row: usize) -> std::ops::Range<usize> {
        if self.list.is_null(row) {
            return 0..0;
        }
        let offsets = self.list.value_offsets();
        offsets[row] as usize..offsets[row + 1] as usize
    }

    /// The checked sector, start and end of the `k`th effort of its row, value `i`.
    fn span(
        &self,
        i: usize,
        k: usize,
    ) -> Result<(Sector, NaiveDate, Option<NaiveDate>), InputError> {
        let path = |name: &str| format!("efforts[{k}].{name}");
        let sector = text_at(&self.sector, i)
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
            let owned = |c: &Option<StringArray>| {
                c.as_ref().and_then(|c| text_at(c, i)).map(str::to_string)
            };
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

    /// The start and end of a row's efforts, in order, once [`Efforts::sectors_on`] has
    /// checked them.
    fn spans(&self, row: usize) -> impl Iterator<Item = (NaiveDate, Option<NaiveDate>)> + '_ {
        self.range(row)
            .enumerate()
            .filter_map(|(k, i)| self.span(i, k).ok())
            .map(|(_, start, end)| (start, end))
    }
}

fn opt_text(column: &Option<StringArray>, row: usize) -> Option<&str> {
    column.as_ref().and_then(|c| text_at(c, row))
}

fn text_at(column: &StringArray, row: usize) -> Option<&str> {
    (!column.is_null(row)).then(|| column.value(row))
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
    outcome: StringArray,
    date: Dates,
}

impl Visitations {
    fn of(column: &ArrayRef) -> Result<Option<Visitations>, InputError> {
        if *column.data_type() == DataType::Null {
            return Ok(None);
        }
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
        Ok(Some(Visitations {
            outcome: text(&child("outcome")?, "visitation.outcome")?,
            date: Dates::of(&child("date")?, "visitation.date")?,
            cells,
        }))
    }

    fn at(&self, row: usize) -> Result<Option<Visitation>, InputError> {
        if self.cells.is_null(row) {
            return Ok(None);
        }
        let outcome = text_at(&self.outcome, row)
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

/// One record batch's case columns, each cast to the form rows are read from.
pub struct CaseBatch {
    rows: usize,
    id: Option<StringArray>,
    birth_date: Option<Dates>,
    cpr: Option<StringArray>,
    benefit: Option<StringArray>,
    fleksjob: Option<FlagColumn>,
    placed: Option<FlagColumn>,
    aftercare: Option<FlagColumn>,
    efforts: Option<Efforts>,
    needs: Option<ListArray>,
    social_events: Option<ListArray>,
    education_status: Option<StringArray>,
    vocational_education: Option<BooleanArray>,
    plans: Option<ListArray>,
    legal_capacity: Option<StringArray>,
    visitation_category: Option<StringArray>,
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
        let column = |name: &str| batch.column_by_name(name);
        let texts = |name: &str| column(name).map(|c| text(c, name)).transpose();
        let bools = |name: &str| column(name).map(|c| flags(c, name)).transpose();
        let lists = |name: &str| column(name).map(|c| names(c, name)).transpose();
        let dated = |name: &str| column(name).map(|c| FlagColumn::of(c, name)).transpose();
        if column("benefit").is_none() {
            return Err(InputError::MissingField {
                field: "benefit".into(),
            });
        }
        if column("birth_date").is_none() && column("cpr").is_none() {
            return Err(InputError::NoBirthDate);
        }
        Ok(CaseBatch {
            rows: batch.num_rows(),
            id: texts("id")?,
            birth_date: column("birth_date")
                .map(|c| Dates::of(c, "birth_date"))
                .transpose()?,
            cpr: texts("cpr")?,
            benefit: texts("benefit")?,
            fleksjob: dated("fleksjob")?,
            placed: dated("placed")?,
            aftercare: dated("aftercare")?,
            efforts: match column("efforts") {
                Some(c) => Efforts::of(c)?,
                None => None,
            },
            needs: lists("needs")?,
            social_events: lists("social_events")?,
            education_status: texts("education_status")?,
            vocational_education: bools("vocational_education")?,
            plans: lists("plans")?,
            legal_capacity: texts("legal_capacity")?,
            visitation_category: texts("visitation_category")?,
            visitation: match column("visitation") {
                Some(c) => Visitations::of(c)?,
                None => None,
            },
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// The output `case_id` column of rows `start..start + len`: each row's `id`, null where it
    /// is null or looks like a CPR number (such a row is an error row, and an error row never
    /// shows such an id). Without such an id, a zero-copy slice of the input column.
    pub fn case_ids(&self, start: usize, len: usize) -> ArrayRef {
        let Some(ids) = &self.id else {
            return arrow_array::new_null_array(&DataType::Utf8, len);
        };
        let ids = ids.slice(start, len);
        if !ids.iter().flatten().any(looks_like_cpr) {
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
        self.id.as_ref().and_then(|c| text_at(c, row))
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

/// The fields [`CaseBatch::case`] and [`CaseBatch::row_on`] read first.
struct Scalars {
    benefit: Benefit,
    education_status: EducationStatus,
    legal_capacity: LegalCapacity,
    birth_date: Option<NaiveDate>,
}

/// A list-of-names cell as a set.
fn set<T>(
    column: &Option<ListArray>,
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
    if list.is_null(row) {
        return Ok(EnumSet::empty());
    }
    let names: &StringArray = list.values().as_string::<i32>();
    let offsets = list.value_offsets();
    let (from, to) = (offsets[row] as usize, offsets[row + 1] as usize);
    let mut set = EnumSet::empty();
    for (k, i) in (from..to).enumerate() {
        let value = text_at(names, i)
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
