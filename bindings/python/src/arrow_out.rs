//! Arrow columns out: one flat row per input row, a decision's fields or an error's.

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Int16Builder, Int8Builder, ListBuilder,
    StringBuilder, UInt32Builder, UInt64Builder, UInt8Builder,
};
use arrow_array::types::{Int16Type, Int8Type};
use arrow_array::{
    types::ArrowDictionaryKeyType, Array, ArrayRef, BooleanArray, Date32Array, DictionaryArray,
    ListArray, PrimitiveArray, RecordBatch, StringArray, UInt32Array, UInt8Array,
};
use arrow_buffer::{BooleanBuffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use helhed::ruleset::format::RoutingThen;
use helhed::{DatedFlag, ErrorReport, ErrorRow, InputError, Outcome, RuleSet, Transition, Unit};
use std::sync::Arc;

fn list_of_text(name: &str) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
}

/// A dictionary-encoded text type with `key` indexes (pyarrow `dictionary<values=string>`,
/// polars `Categorical`, pandas `category`).
fn coded(key: DataType) -> DataType {
    DataType::Dictionary(Box::new(key), Box::new(DataType::Utf8))
}

/// The item field of a `list<dictionary>` column.
fn coded_item(key: DataType) -> Arc<Field> {
    Arc::new(Field::new("item", coded(key), true))
}

/// The output schema of `route_arrow` (with a `trace` column of rule ids when asked). The
/// columns of names from small fixed sets (units, age bands, obligations) are
/// dictionary-encoded: each row holds a small index into the names of the set (every unit,
/// every age band, the rule set's obligations), the same names in every batch.
pub fn decision_schema(trace: bool) -> SchemaRef {
    let mut fields = vec![
        Field::new("case_id", DataType::Utf8, true),
        Field::new("age", DataType::UInt32, true),
        Field::new("age_band", coded(DataType::Int8), true),
        Field::new("target_group", DataType::Boolean, true),
        Field::new("unit", coded(DataType::Int8), true),
        Field::new("coordinating_unit", coded(DataType::Int8), true),
        Field::new("co_units", DataType::List(coded_item(DataType::Int8)), true),
        Field::new("caseworkers", DataType::UInt8, true),
        Field::new(
            "obligations",
            DataType::List(coded_item(DataType::Int16)),
            true,
        ),
        Field::new("next_transition_date", DataType::Date32, true),
        Field::new("next_transition_unit", coded(DataType::Int8), true),
        Field::new("error_code", DataType::Utf8, true),
        Field::new("error_field", DataType::Utf8, true),
        Field::new("error_message", DataType::Utf8, true),
    ];
    if trace {
        fields.push(list_of_text("trace"));
    }
    Arc::new(Schema::new(fields))
}

/// Rule-set texts each row refers to, made once per call.
pub struct Labels {
    /// The dictionaries: every unit's name (by `Unit::index`), every age band's, and the
    /// `kind:unit` label of each obligation row (by index in `RuleSet::obligations`).
    units: ArrayRef,
    age_bands: ArrayRef,
    obligation_names: ArrayRef,
    /// All-null columns of up to [`NULL_ROWS`] rows, sliced for each piece (no allocation).
    null_text: ArrayRef,
    null_date: ArrayRef,
    null_units: ArrayRef,
}

/// Rows of the shared all-null columns (a piece's rows; longer pieces get their own).
const NULL_ROWS: usize = 16 * 1024;

impl Labels {
    /// The labels of `rules`.
    pub fn of(rules: &RuleSet) -> Labels {
        let obligations: Vec<String> = rules
            .obligations
            .iter()
            .map(|r| format!("{}:{}", r.then.kind, r.then.unit))
            .collect();
        let names = |names: Vec<&str>| -> ArrayRef { Arc::new(StringArray::from(names)) };
        Labels {
            units: names(Unit::ALL.iter().map(|u| u.as_str()).collect()),
            age_bands: names(helhed::AgeBand::ALL.iter().map(|b| b.as_str()).collect()),
            obligation_names: names(obligations.iter().map(String::as_str).collect()),
            null_text: arrow_array::new_null_array(&DataType::Utf8, NULL_ROWS),
            null_date: arrow_array::new_null_array(&DataType::Date32, NULL_ROWS),
            null_units: arrow_array::new_null_array(&coded(DataType::Int8), NULL_ROWS),
        }
    }

    /// An all-null `next_transition_unit` column of `rows` rows.
    fn null_units(&self, rows: usize) -> ArrayRef {
        if rows <= self.null_units.len() {
            self.null_units.slice(0, rows)
        } else {
            arrow_array::new_null_array(&coded(DataType::Int8), rows)
        }
    }

    /// An all-null column of `rows` rows of type `string`, or `date32` when `date`.
    fn nulls(&self, rows: usize, date: bool) -> ArrayRef {
        let (shared, data_type) = if date {
            (&self.null_date, DataType::Date32)
        } else {
            (&self.null_text, DataType::Utf8)
        };
        if rows <= shared.len() {
            shared.slice(0, rows)
        } else {
            arrow_array::new_null_array(&data_type, rows)
        }
    }
}

/// A dictionary column over `names`: row `i`'s index given by `key(i)` (`None`: null).
fn coded_column<K: ArrowDictionaryKeyType>(
    rows: usize,
    names: &ArrayRef,
    mut key: impl FnMut(usize) -> Option<K::Native>,
) -> Result<ArrayRef, ArrowError> {
    let mut keys = Vec::with_capacity(rows);
    let mut valid: Option<Vec<bool>> = None;
    for i in 0..rows {
        match key(i) {
            Some(k) => keys.push(k),
            None => {
                keys.push(K::Native::default());
                valid.get_or_insert_with(|| vec![true; rows])[i] = false;
            }
        }
    }
    let keys = PrimitiveArray::<K>::new(ScalarBuffer::from(keys), valid.map(NullBuffer::from));
    Ok(Arc::new(DictionaryArray::<K>::try_new(
        keys,
        Arc::clone(names),
    )?))
}

/// A `list<dictionary>` column from a list of indexes (a `ListBuilder`'s).
fn coded_list<K: ArrowDictionaryKeyType>(
    list: ListArray,
    names: &ArrayRef,
    key: DataType,
) -> Result<ArrayRef, ArrowError> {
    let (_, offsets, values, nulls) = list.into_parts();
    let keys = values
        .as_any()
        .downcast_ref::<PrimitiveArray<K>>()
        .cloned()
        .ok_or_else(|| ArrowError::ComputeError("list of indexes".into()))?;
    let items = DictionaryArray::<K>::try_new(keys, Arc::clone(names))?;
    Ok(Arc::new(ListArray::try_new(
        coded_item(key),
        offsets,
        Arc::new(items),
        nulls,
    )?))
}

/// A dictionary column from its indexes (a builder's).
fn coded_keys<K: ArrowDictionaryKeyType>(
    keys: PrimitiveArray<K>,
    names: &ArrayRef,
) -> Result<ArrayRef, ArrowError> {
    Ok(Arc::new(DictionaryArray::<K>::try_new(
        keys,
        Arc::clone(names),
    )?))
}

/// A dictionary column over `names` from its keys, which index `names` (they come from the
/// fixed sets `names` lists: units, age bands, the rule set's obligations), so their check is
/// skipped (a debug build still makes it).
fn dictionary<K: ArrowDictionaryKeyType>(
    keys: Vec<K::Native>,
    valid: Option<NullBuffer>,
    names: &ArrayRef,
) -> ArrayRef {
    let keys = PrimitiveArray::<K>::new(ScalarBuffer::from(keys), valid);
    debug_assert!(DictionaryArray::<K>::try_new(keys.clone(), Arc::clone(names)).is_ok());
    // SAFETY: every key is the index of a name in `names` (see above; checked in debug builds).
    Arc::new(unsafe { DictionaryArray::<K>::new_unchecked(keys, Arc::clone(names)) })
}

/// A `list<dictionary>` column over `names`: row `i`'s keys `keys[offsets[i]..offsets[i + 1]]`
/// (keys as [`dictionary`]'s); `valid`: the rows that are not null.
fn list_column<K: ArrowDictionaryKeyType>(
    offsets: Vec<i32>,
    keys: Vec<K::Native>,
    names: &ArrayRef,
    key: DataType,
    valid: Option<NullBuffer>,
) -> Result<ArrayRef, ArrowError> {
    let items = dictionary::<K>(keys, None, names);
    Ok(Arc::new(ListArray::try_new(
        coded_item(key),
        OffsetBuffer::new(ScalarBuffer::from(offsets)),
        items,
        valid,
    )?))
}

/// The output of a piece decided by `decide_columns` (`decided`), column by column: the
/// same rows [`DecisionColumns`] builds with [`DecisionColumns::decided_parts`] and
/// [`DecisionColumns::error`], without the next transition and the trace. `errors`: the error
/// rows in order (index in the piece, error); `case_ids`: the `case_id` column; `next`: each
/// row's next transition (its date as days since 1970-01-01 and its unit's index; `None`: no
/// transition, or an error row), or `None` when not asked for (the columns are null).
pub fn columns_batch(
    schema: SchemaRef,
    rules: &RuleSet,
    labels: &Labels,
    decided: &mut helhed::BatchColumns,
    errors: &[(usize, ErrorReport)],
    case_ids: ArrayRef,
    next: Option<&[Option<(i32, i8)>]>,
) -> Result<RecordBatch, ArrowError> {
    let rows = decided.len();
    let valid: Option<NullBuffer> = (!errors.is_empty()).then(|| {
        let mut valid = vec![true; rows];
        for (i, _) in errors {
            valid[*i] = false;
        }
        NullBuffer::from(valid)
    });
    // What each routing row shows, once per piece (a handful of rows), with one more entry
    // for "no row": (coordinating unit, co-units, caseworkers).
    let staffing: Vec<(Option<i8>, Vec<i8>, u8)> = rules
        .routing
        .iter()
        .map(|r| {
            let then = &r.then;
            let co_units = then.co_units.iter().map(|u| u.index() as i8).collect();
            (
                then.coordinating_unit.map(|u| u.index() as i8),
                co_units,
                then.caseworkers,
            )
        })
        .chain(std::iter::once((None, Vec::new(), 0)))
        .collect();
    let none = staffing.len() - 1;
    // Every column's keys in one pass over the rows.
    let mut age_band = vec![0i8; rows];
    let mut unit = vec![0i8; rows];
    let mut coordinating = vec![0i8; rows];
    let mut coordinating_valid: Option<Vec<bool>> = None;
    let mut co_offsets = Vec::with_capacity(rows + 1);
    let mut co_keys: Vec<i8> = Vec::with_capacity(rows * 2);
    let mut caseworkers = vec![0u8; rows];
    let mut obligation_offsets = Vec::with_capacity(rows + 1);
    let mut obligation_keys: Vec<i16> = Vec::with_capacity(rows * 2);
    co_offsets.push(0i32);
    obligation_offsets.push(0i32);
    let decided_rows = decided
        .routing_row
        .iter()
        .zip(&decided.age)
        .zip(&decided.obligations);
    for (i, ((&r, &age), &mask)) in decided_rows.enumerate() {
        let is_valid = valid.as_ref().is_none_or(|v| v.is_valid(i));
        let (coordinating_unit, co_units, workers) = &staffing[(r as usize).min(none)];
        caseworkers[i] = *workers;
        if is_valid {
            age_band[i] = helhed::AgeBand::of_age(age).index() as i8;
            unit[i] = decided.unit_of(i).unwrap_or(Unit::ManualReview).index() as i8;
            for &k in co_units {
                co_keys.push(k);
            }
            let mut mask = mask;
            while mask != 0 {
                obligation_keys.push(mask.trailing_zeros() as i16);
                mask &= mask - 1;
            }
        }
        match coordinating_unit.filter(|_| is_valid) {
            Some(k) => coordinating[i] = k,
            None => coordinating_valid.get_or_insert_with(|| vec![true; rows])[i] = false,
        }
        co_offsets.push(co_keys.len() as i32);
        obligation_offsets.push(obligation_keys.len() as i32);
    }
    let age = UInt32Array::new(
        ScalarBuffer::from(std::mem::take(&mut decided.age)),
        valid.clone(),
    );
    let age_band = dictionary::<Int8Type>(age_band, valid.clone(), &labels.age_bands);
    let target_group = BooleanArray::new(
        BooleanBuffer::from(decided.target_group.as_slice()),
        valid.clone(),
    );
    let unit = dictionary::<Int8Type>(unit, valid.clone(), &labels.units);
    let coordinating_unit = dictionary::<Int8Type>(
        coordinating,
        coordinating_valid.map(NullBuffer::from),
        &labels.units,
    );
    let co_units = list_column::<Int8Type>(
        co_offsets,
        co_keys,
        &labels.units,
        DataType::Int8,
        valid.clone(),
    )?;
    let caseworkers = UInt8Array::new(ScalarBuffer::from(caseworkers), valid.clone());
    let obligations = list_column::<Int16Type>(
        obligation_offsets,
        obligation_keys,
        &labels.obligation_names,
        DataType::Int16,
        valid.clone(),
    )?;
    let [error_code, error_field, error_message] = if errors.is_empty() {
        [
            labels.nulls(rows, false),
            labels.nulls(rows, false),
            labels.nulls(rows, false),
        ]
    } else {
        error_columns(errors, rows)
    };
    let (next_date, next_unit) = match next {
        None => (labels.nulls(rows, true), labels.null_units(rows)),
        Some(next) => {
            let dates: Vec<i32> = next.iter().map(|n| n.map_or(0, |(d, _)| d)).collect();
            let valid = next
                .iter()
                .any(Option::is_none)
                .then(|| NullBuffer::from_iter(next.iter().map(Option::is_some)));
            let dates: ArrayRef = Arc::new(Date32Array::new(ScalarBuffer::from(dates), valid));
            let units = coded_column::<Int8Type>(rows, &labels.units, |i| next[i].map(|(_, u)| u))?;
            (dates, units)
        }
    };
    let columns: Vec<ArrayRef> = vec![
        case_ids,
        Arc::new(age),
        age_band,
        Arc::new(target_group),
        unit,
        coordinating_unit,
        co_units,
        Arc::new(caseworkers),
        obligations,
        next_date,
        next_unit,
        error_code,
        error_field,
        error_message,
    ];
    RecordBatch::try_new(schema, columns)
}

/// What a decided row shows (besides its obligations).
pub struct Decided<'r> {
    /// Whole years on the decision date.
    pub age: u32,
    /// Target-group membership.
    pub target_group: bool,
    /// The responsible unit.
    pub unit: Unit,
    /// The deciding routing row's staffing (`None`: no row matched).
    pub routing: Option<&'r RoutingThen>,
}

/// Builders of one output chunk.
pub struct DecisionColumns {
    /// `None` when the caller hands the finished `case_id` column to [`DecisionColumns::finish`].
    case_id: Option<StringBuilder>,
    age: UInt32Builder,
    /// The dictionary columns' indexes (see [`decision_schema`]).
    age_band: Int8Builder,
    target_group: BooleanBuilder,
    unit: Int8Builder,
    coordinating_unit: Int8Builder,
    co_units: ListBuilder<Int8Builder>,
    caseworkers: UInt8Builder,
    obligations: ListBuilder<Int16Builder>,
    /// `next_transition_date` and `_unit`; `None` when not asked for (the columns are null).
    next: Option<(Date32Builder, Int8Builder)>,
    /// The error rows (position in the chunk, error): few, so the error columns are built at
    /// the end, all null when there are none.
    errors: Vec<(usize, ErrorReport)>,
    trace: Option<ListBuilder<StringBuilder>>,
}

fn days(date: NaiveDate) -> i32 {
    helhed::batch::days_since_epoch(date)
}

impl DecisionColumns {
    /// Empty builders for about `rows` rows; `case_ids`: whether rows bring their `case_id`
    /// (else [`DecisionColumns::finish`] is given the column); `next_transition`: whether
    /// decided rows bring their next transition (else its columns are null).
    pub fn new(rows: usize, trace: bool, case_ids: bool, next_transition: bool) -> DecisionColumns {
        let text = || StringBuilder::with_capacity(rows, rows * 16);
        DecisionColumns {
            case_id: case_ids.then(text),
            age: UInt32Builder::with_capacity(rows),
            age_band: Int8Builder::with_capacity(rows),
            target_group: BooleanBuilder::with_capacity(rows),
            unit: Int8Builder::with_capacity(rows),
            coordinating_unit: Int8Builder::with_capacity(rows),
            co_units: ListBuilder::new(Int8Builder::new()),
            caseworkers: UInt8Builder::with_capacity(rows),
            obligations: ListBuilder::new(Int16Builder::new()),
            next: next_transition.then(|| {
                (
                    Date32Builder::with_capacity(rows),
                    Int8Builder::with_capacity(rows),
                )
            }),
            errors: Vec::new(),
            trace: trace.then(|| ListBuilder::new(StringBuilder::new())),
        }
    }

    /// Appends a decided row.
    pub fn decided(
        &mut self,
        rules: &RuleSet,
        case_id: Option<&str>,
        outcome: &Outcome,
        next: Option<&Transition>,
        trace: Option<Vec<String>>,
    ) {
        let decided = Decided {
            age: outcome.age,
            target_group: outcome.target_group,
            unit: rules.unit_of(outcome),
            routing: rules.routing_of(outcome),
        };
        self.decided_parts(
            case_id,
            &decided,
            rules.obligation_rows(outcome),
            next,
            trace,
        );
    }

    /// Appends a decided row given by its parts (`obligations`: indexes in
    /// `RuleSet::obligations`, in table order).
    pub fn decided_parts(
        &mut self,
        case_id: Option<&str>,
        decided: &Decided<'_>,
        obligations: impl Iterator<Item = usize>,
        next: Option<&Transition>,
        trace: Option<Vec<String>>,
    ) {
        if let Some(ids) = &mut self.case_id {
            ids.append_option(case_id);
        }
        self.age.append_value(decided.age);
        self.age_band
            .append_value(helhed::AgeBand::of_age(decided.age).index() as i8);
        self.target_group.append_value(decided.target_group);
        self.unit.append_value(decided.unit.index() as i8);
        let routing = decided.routing;
        self.coordinating_unit.append_option(
            routing
                .and_then(|r| r.coordinating_unit)
                .map(|u| u.index() as i8),
        );
        for unit in routing.map_or(&[][..], |r| r.co_units.as_slice()) {
            self.co_units.values().append_value(unit.index() as i8);
        }
        self.co_units.append(true);
        self.caseworkers
            .append_value(routing.map_or(0, |r| r.caseworkers));
        for i in obligations {
            self.obligations.values().append_value(i as i16);
        }
        self.obligations.append(true);
        if let Some((dates, units)) = &mut self.next {
            dates.append_option(next.map(|t| days(t.date)));
            units.append_option(next.map(|t| t.unit.index() as i8));
        }
        if let Some(builder) = &mut self.trace {
            for rule in trace.unwrap_or_default() {
                builder.values().append_value(rule);
            }
            builder.append(true);
        }
    }

    /// Appends an error row (the decision's columns null).
    pub fn error(&mut self, index: usize, case_id: Option<&str>, error: &InputError) {
        let row = ErrorRow::new(index, case_id, error);
        if let Some(ids) = &mut self.case_id {
            ids.append_option(row.case_id.as_deref());
        }
        self.age.append_null();
        self.age_band.append_null();
        self.target_group.append_null();
        self.unit.append_null();
        self.coordinating_unit.append_null();
        self.co_units.append_null();
        self.caseworkers.append_null();
        self.obligations.append_null();
        if let Some((dates, units)) = &mut self.next {
            dates.append_null();
            units.append_null();
        }
        self.errors
            .push((ArrayBuilder::len(&self.age) - 1, row.error));
        if let Some(builder) = &mut self.trace {
            builder.append_null();
        }
    }

    /// The finished chunk (`case_ids`: the `case_id` column, when rows did not bring theirs).
    pub fn finish(
        mut self,
        schema: SchemaRef,
        labels: &Labels,
        case_ids: Option<ArrayRef>,
    ) -> Result<RecordBatch, ArrowError> {
        let case_id: ArrayRef = match (self.case_id.take(), case_ids) {
            (_, Some(ids)) => ids,
            (Some(mut builder), None) => Arc::new(builder.finish()),
            (None, None) => Arc::new(arrow_array::new_null_array(&DataType::Utf8, self.age.len())),
        };
        let rows = ArrayBuilder::len(&self.age);
        let nulls = || arrow_array::new_null_array(&DataType::Utf8, rows);
        let (next_date, next_unit): (ArrayRef, ArrayRef) = match self.next.take() {
            Some((mut dates, mut units)) => (
                Arc::new(dates.finish()),
                coded_keys(units.finish(), &labels.units)?,
            ),
            None => (labels.nulls(rows, true), labels.null_units(rows)),
        };
        let [error_code, error_field, error_message] = if self.errors.is_empty() {
            [nulls(), nulls(), nulls()]
        } else {
            error_columns(&self.errors, rows)
        };
        let mut columns: Vec<ArrayRef> = vec![
            case_id,
            Arc::new(self.age.finish()),
            coded_keys(self.age_band.finish(), &labels.age_bands)?,
            Arc::new(self.target_group.finish()),
            coded_keys(self.unit.finish(), &labels.units)?,
            coded_keys(self.coordinating_unit.finish(), &labels.units)?,
            coded_list::<Int8Type>(self.co_units.finish(), &labels.units, DataType::Int8)?,
            Arc::new(self.caseworkers.finish()),
            coded_list::<Int16Type>(
                self.obligations.finish(),
                &labels.obligation_names,
                DataType::Int16,
            )?,
            next_date,
            next_unit,
            error_code,
            error_field,
            error_message,
        ];
        if let Some(mut builder) = self.trace.take() {
            columns.push(Arc::new(builder.finish()));
        }
        RecordBatch::try_new(schema, columns)
    }
}

/// The `error_code`, `error_field` and `error_message` columns of `rows` rows, given the error
/// rows in order.
fn error_columns(errors: &[(usize, ErrorReport)], rows: usize) -> [ArrayRef; 3] {
    let mut code = StringBuilder::with_capacity(rows, errors.len() * 16);
    let mut field = StringBuilder::with_capacity(rows, errors.len() * 16);
    let mut message = StringBuilder::with_capacity(rows, errors.len() * 64);
    let mut errors = errors.iter().peekable();
    for row in 0..rows {
        match errors.next_if(|(at, _)| *at == row) {
            Some((_, error)) => {
                code.append_value(error.code);
                field.append_value(&error.field);
                message.append_value(&error.message);
            }
            None => {
                code.append_null();
                field.append_null();
                message.append_null();
            }
        }
    }
    [
        Arc::new(code.finish()),
        Arc::new(field.finish()),
        Arc::new(message.finish()),
    ]
}

/// The schema of `compare`'s moved rows.
pub fn moved_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("index", DataType::UInt64, false),
        Field::new("case_id", DataType::Utf8, true),
        Field::new("unit_a", DataType::Utf8, false),
        Field::new("unit_b", DataType::Utf8, false),
        Field::new("rule_a", DataType::Utf8, false),
        Field::new("rule_b", DataType::Utf8, false),
    ]))
}

/// The schema of error rows (`compare`'s rows that neither rule set could decide).
pub fn error_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("index", DataType::UInt64, false),
        Field::new("case_id", DataType::Utf8, true),
        Field::new("error_code", DataType::Utf8, false),
        Field::new("error_field", DataType::Utf8, false),
        Field::new("error_message", DataType::Utf8, false),
    ]))
}

/// One moved row of `compare`.
pub struct MovedRow {
    /// Input row.
    pub index: usize,
    /// The row's id.
    pub case_id: Option<String>,
    /// The move.
    pub change: helhed::compare::Move,
}

/// The moved rows as a record batch.
pub fn moved_batch(rows: &[MovedRow]) -> Result<RecordBatch, ArrowError> {
    let mut index = UInt64Builder::new();
    let (mut id, mut ua, mut ub, mut ra, mut rb) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    for r in rows {
        index.append_value(r.index as u64);
        id.append_option(r.case_id.as_deref());
        ua.append_value(r.change.unit_a.as_str());
        ub.append_value(r.change.unit_b.as_str());
        ra.append_value(&r.change.rule_a);
        rb.append_value(&r.change.rule_b);
    }
    RecordBatch::try_new(
        moved_schema(),
        vec![
            Arc::new(index.finish()),
            Arc::new(id.finish()),
            Arc::new(ua.finish()),
            Arc::new(ub.finish()),
            Arc::new(ra.finish()),
            Arc::new(rb.finish()),
        ],
    )
}

/// Error rows as a record batch.
pub fn error_batch(rows: &[ErrorRow]) -> Result<RecordBatch, ArrowError> {
    let mut index = UInt64Builder::new();
    let (mut id, mut code, mut field, mut message) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    for r in rows {
        index.append_value(r.index as u64);
        id.append_option(r.case_id.as_deref());
        code.append_value(r.error.code);
        field.append_value(&r.error.field);
        message.append_value(&r.error.message);
    }
    RecordBatch::try_new(
        error_schema(),
        vec![
            Arc::new(index.finish()),
            Arc::new(id.finish()),
            Arc::new(code.finish()),
            Arc::new(field.finish()),
            Arc::new(message.finish()),
        ],
    )
}

/// Cases (e.g. from core's synthetic population) as a table of the input columns `route_arrow`
/// reads: the inverse of `arrow_in`.
pub fn case_batch(cases: &[helhed::Case]) -> Result<RecordBatch, ArrowError> {
    use arrow_array::{Array, Date32Array, ListArray, StructArray};
    use arrow_buffer::OffsetBuffer;
    let n = cases.len();
    let text = |f: &dyn Fn(&helhed::Case) -> Option<&str>| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(n, n * 8);
        for c in cases {
            b.append_option(f(c));
        }
        Arc::new(b.finish())
    };
    let flag = |f: &dyn Fn(&helhed::Case) -> bool| -> ArrayRef {
        let mut b = BooleanBuilder::with_capacity(n);
        for c in cases {
            b.append_value(f(c));
        }
        Arc::new(b.finish())
    };
    let names = |f: &dyn Fn(&helhed::Case) -> Vec<&'static str>| -> ArrayRef {
        let mut b = ListBuilder::new(StringBuilder::new());
        for c in cases {
            for name in f(c) {
                b.values().append_value(name);
            }
            b.append(true);
        }
        Arc::new(b.finish())
    };
    let mut birth = Date32Array::builder(n);
    for c in cases {
        birth.append_value(days(c.birth_date));
    }
    // Efforts: a list of structs, built from flat child columns and offsets.
    let mut lengths = Vec::with_capacity(n);
    let (mut sector, mut law, mut section, mut kind) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut start, mut end) = (Date32Builder::new(), Date32Builder::new());
    for c in cases {
        lengths.push(c.efforts.len());
        for e in &c.efforts {
            sector.append_value(e.sector.as_str());
            law.append_option(e.law.as_deref());
            section.append_option(e.section.as_deref());
            kind.append_option(e.kind.as_deref());
            start.append_value(days(e.start));
            end.append_option(e.end.map(days));
        }
    }
    let effort_fields = vec![
        Field::new("sector", DataType::Utf8, false),
        Field::new("law", DataType::Utf8, true),
        Field::new("section", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, true),
        Field::new("start", DataType::Date32, false),
        Field::new("end", DataType::Date32, true),
    ];
    let structs = StructArray::try_new(
        effort_fields.into(),
        vec![
            Arc::new(sector.finish()),
            Arc::new(law.finish()),
            Arc::new(section.finish()),
            Arc::new(kind.finish()),
            Arc::new(start.finish()),
            Arc::new(end.finish()),
        ],
        None,
    )?;
    let item = Arc::new(Field::new("item", structs.data_type().clone(), true));
    let efforts = ListArray::try_new(
        item.clone(),
        OffsetBuffer::from_lengths(lengths),
        Arc::new(structs),
        None,
    )?;
    let schema = Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("birth_date", DataType::Date32, false),
        Field::new("benefit", DataType::Utf8, false),
        dated_flag_field("fleksjob", cases, |c| c.fleksjob),
        dated_flag_field("placed", cases, |c| c.placed),
        dated_flag_field("aftercare", cases, |c| c.aftercare),
        Field::new("efforts", DataType::List(item), false),
        list_of_text("needs"),
        list_of_text("social_events"),
        Field::new("education_status", DataType::Utf8, false),
        Field::new("vocational_education", DataType::Boolean, false),
        list_of_text("plans"),
        Field::new("legal_capacity", DataType::Utf8, false),
        Field::new("visitation_category", DataType::Utf8, true),
        Field::new("visitation", visitation_type(), true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            text(&|c| c.id.as_deref()),
            Arc::new(birth.finish()),
            text(&|c| Some(c.benefit.as_str())),
            dated_flag(cases, |c| c.fleksjob)?,
            dated_flag(cases, |c| c.placed)?,
            dated_flag(cases, |c| c.aftercare)?,
            Arc::new(efforts),
            names(&|c| c.needs.iter().map(|s| s.as_str()).collect()),
            names(&|c| c.social_events.iter().map(|s| s.as_str()).collect()),
            text(&|c| Some(c.education_status.as_str())),
            flag(&|c| c.vocational_education),
            names(&|c| c.plans.iter().map(|s| s.as_str()).collect()),
            text(&|c| Some(c.legal_capacity.as_str())),
            text(&|c| c.visitation_category.map(|v| v.as_str())),
            visitations(cases)?,
        ],
    )
}

fn visitation_type() -> DataType {
    DataType::Struct(
        vec![
            Field::new("outcome", DataType::Utf8, false),
            Field::new("date", DataType::Date32, false),
        ]
        .into(),
    )
}

fn visitations(cases: &[helhed::Case]) -> Result<ArrayRef, ArrowError> {
    use arrow_array::StructArray;
    use arrow_buffer::NullBuffer;
    let (mut outcome, mut date) = (StringBuilder::new(), Date32Builder::new());
    let mut valid = Vec::with_capacity(cases.len());
    for c in cases {
        match c.visitation {
            Some(v) => {
                outcome.append_value(v.outcome.as_str());
                date.append_value(days(v.date));
            }
            None => {
                outcome.append_value("");
                date.append_value(0);
            }
        }
        valid.push(c.visitation.is_some());
    }
    let DataType::Struct(fields) = visitation_type() else {
        unreachable!("a struct type")
    };
    Ok(Arc::new(StructArray::try_new(
        fields,
        vec![Arc::new(outcome.finish()), Arc::new(date.finish())],
        Some(NullBuffer::from(valid)),
    )?))
}

fn period_type() -> DataType {
    DataType::Struct(
        vec![
            Field::new("from", DataType::Date32, false),
            Field::new("to", DataType::Date32, true),
        ]
        .into(),
    )
}

fn all_flags(cases: &[helhed::Case], get: fn(&helhed::Case) -> DatedFlag) -> bool {
    cases.iter().all(|c| matches!(get(c), DatedFlag::Flag(_)))
}

/// A dated flag's field: booleans when every case gives a plain flag, else periods.
fn dated_flag_field(
    name: &str,
    cases: &[helhed::Case],
    get: fn(&helhed::Case) -> DatedFlag,
) -> Field {
    if all_flags(cases, get) {
        Field::new(name, DataType::Boolean, false)
    } else {
        Field::new(name, period_type(), true)
    }
}

/// A dated flag column: booleans, or structs `{from, to}` where a plain `true` is the period
/// from 0001-01-01 on (every date a case can have) and `false` is null.
fn dated_flag(
    cases: &[helhed::Case],
    get: fn(&helhed::Case) -> DatedFlag,
) -> Result<ArrayRef, ArrowError> {
    use arrow_array::StructArray;
    use arrow_buffer::NullBuffer;
    if all_flags(cases, get) {
        let mut b = BooleanBuilder::with_capacity(cases.len());
        for c in cases {
            b.append_value(get(c).on(NaiveDate::MIN));
        }
        return Ok(Arc::new(b.finish()));
    }
    let first_day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let (mut from, mut to) = (Date32Builder::new(), Date32Builder::new());
    let mut valid = Vec::with_capacity(cases.len());
    for c in cases {
        let period = match get(c) {
            DatedFlag::Flag(true) => Some((first_day, None)),
            DatedFlag::Flag(false) => None,
            DatedFlag::During(p) => Some((p.from, p.to)),
        };
        from.append_value(period.map_or(0, |(f, _)| days(f)));
        to.append_option(period.and_then(|(_, t)| t).map(days));
        valid.push(period.is_some());
    }
    let DataType::Struct(fields) = period_type() else {
        unreachable!("a struct type")
    };
    Ok(Arc::new(StructArray::try_new(
        fields,
        vec![Arc::new(from.finish()), Arc::new(to.finish())],
        Some(NullBuffer::from(valid)),
    )?))
}
