//! Arrow columns out: one flat row per input row, a decision's fields or an error's.

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, ListBuilder, StringBuilder, UInt32Builder, UInt64Builder,
    UInt8Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use helhed::{ErrorRow, InputError, Outcome, RuleSet, Transition};
use std::sync::Arc;

fn list_of_text(name: &str) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        true,
    )
}

/// The output schema of `route_arrow` (with a `trace` column of rule ids when asked).
pub fn decision_schema(trace: bool) -> SchemaRef {
    let mut fields = vec![
        Field::new("case_id", DataType::Utf8, true),
        Field::new("age", DataType::UInt32, true),
        Field::new("age_band", DataType::Utf8, true),
        Field::new("target_group", DataType::Boolean, true),
        Field::new("unit", DataType::Utf8, true),
        Field::new("coordinating_unit", DataType::Utf8, true),
        list_of_text("co_units"),
        Field::new("caseworkers", DataType::UInt8, true),
        list_of_text("obligations"),
        Field::new("next_transition_date", DataType::Date32, true),
        Field::new("next_transition_unit", DataType::Utf8, true),
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
    /// `kind:unit` of each obligation row, by index in `RuleSet::obligations`.
    pub obligations: Vec<String>,
}

impl Labels {
    /// The labels of `rules`.
    pub fn of(rules: &RuleSet) -> Labels {
        Labels {
            obligations: rules
                .obligations
                .iter()
                .map(|r| format!("{}:{}", r.then.kind, r.then.unit))
                .collect(),
        }
    }
}

/// Builders of one output chunk.
pub struct DecisionColumns {
    case_id: StringBuilder,
    age: UInt32Builder,
    age_band: StringBuilder,
    target_group: BooleanBuilder,
    unit: StringBuilder,
    coordinating_unit: StringBuilder,
    co_units: ListBuilder<StringBuilder>,
    caseworkers: UInt8Builder,
    obligations: ListBuilder<StringBuilder>,
    next_date: Date32Builder,
    next_unit: StringBuilder,
    error_code: StringBuilder,
    error_field: StringBuilder,
    error_message: StringBuilder,
    trace: Option<ListBuilder<StringBuilder>>,
}

fn days(date: NaiveDate) -> i32 {
    helhed::batch::days_since_epoch(date)
}

impl DecisionColumns {
    /// Empty builders for about `rows` rows.
    pub fn new(rows: usize, trace: bool) -> DecisionColumns {
        let text = || StringBuilder::with_capacity(rows, rows * 16);
        DecisionColumns {
            case_id: text(),
            age: UInt32Builder::with_capacity(rows),
            age_band: text(),
            target_group: BooleanBuilder::with_capacity(rows),
            unit: text(),
            coordinating_unit: text(),
            co_units: ListBuilder::new(StringBuilder::new()),
            caseworkers: UInt8Builder::with_capacity(rows),
            obligations: ListBuilder::new(StringBuilder::new()),
            next_date: Date32Builder::with_capacity(rows),
            next_unit: text(),
            error_code: StringBuilder::new(),
            error_field: StringBuilder::new(),
            error_message: StringBuilder::new(),
            trace: trace.then(|| ListBuilder::new(StringBuilder::new())),
        }
    }

    /// Appends a decided row.
    pub fn decided(
        &mut self,
        rules: &RuleSet,
        labels: &Labels,
        case_id: Option<&str>,
        outcome: &Outcome,
        next: Option<&Transition>,
        trace: Option<Vec<String>>,
    ) {
        self.case_id.append_option(case_id);
        self.age.append_value(outcome.age);
        self.age_band.append_value(outcome.age_band().as_str());
        self.target_group.append_value(outcome.target_group);
        self.unit.append_value(rules.unit_of(outcome).as_str());
        let routing = rules.routing_of(outcome);
        self.coordinating_unit.append_option(
            routing
                .and_then(|r| r.coordinating_unit)
                .map(|u| u.as_str()),
        );
        for unit in routing.map_or(&[][..], |r| r.co_units.as_slice()) {
            self.co_units.values().append_value(unit.as_str());
        }
        self.co_units.append(true);
        self.caseworkers
            .append_value(routing.map_or(0, |r| r.caseworkers));
        for i in rules.obligation_rows(outcome) {
            self.obligations
                .values()
                .append_value(&labels.obligations[i]);
        }
        self.obligations.append(true);
        self.next_date.append_option(next.map(|t| days(t.date)));
        self.next_unit.append_option(next.map(|t| t.unit.as_str()));
        self.error_code.append_null();
        self.error_field.append_null();
        self.error_message.append_null();
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
        self.case_id.append_option(row.case_id.as_deref());
        self.age.append_null();
        self.age_band.append_null();
        self.target_group.append_null();
        self.unit.append_null();
        self.coordinating_unit.append_null();
        self.co_units.append_null();
        self.caseworkers.append_null();
        self.obligations.append_null();
        self.next_date.append_null();
        self.next_unit.append_null();
        self.error_code.append_value(row.error.code);
        self.error_field.append_value(&row.error.field);
        self.error_message.append_value(&row.error.message);
        if let Some(builder) = &mut self.trace {
            builder.append_null();
        }
    }

    /// The finished chunk.
    pub fn finish(mut self, schema: SchemaRef) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.case_id.finish()),
            Arc::new(self.age.finish()),
            Arc::new(self.age_band.finish()),
            Arc::new(self.target_group.finish()),
            Arc::new(self.unit.finish()),
            Arc::new(self.coordinating_unit.finish()),
            Arc::new(self.co_units.finish()),
            Arc::new(self.caseworkers.finish()),
            Arc::new(self.obligations.finish()),
            Arc::new(self.next_date.finish()),
            Arc::new(self.next_unit.finish()),
            Arc::new(self.error_code.finish()),
            Arc::new(self.error_field.finish()),
            Arc::new(self.error_message.finish()),
        ];
        if let Some(mut builder) = self.trace.take() {
            columns.push(Arc::new(builder.finish()));
        }
        RecordBatch::try_new(schema, columns)
    }
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
        Field::new("fleksjob", DataType::Boolean, false),
        Field::new("placed", DataType::Boolean, false),
        Field::new("aftercare", DataType::Boolean, false),
        Field::new("efforts", DataType::List(item), false),
        list_of_text("needs"),
        list_of_text("social_events"),
        Field::new("education_status", DataType::Utf8, false),
        Field::new("vocational_education", DataType::Boolean, false),
        list_of_text("plans"),
        Field::new("legal_capacity", DataType::Utf8, false),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            text(&|c| c.id.as_deref()),
            Arc::new(birth.finish()),
            text(&|c| Some(c.benefit.as_str())),
            flag(&|c| c.fleksjob),
            flag(&|c| c.placed),
            flag(&|c| c.aftercare),
            Arc::new(efforts),
            names(&|c| c.needs.iter().map(|s| s.as_str()).collect()),
            names(&|c| c.social_events.iter().map(|s| s.as_str()).collect()),
            text(&|c| Some(c.education_status.as_str())),
            flag(&|c| c.vocational_education),
            names(&|c| c.plans.iter().map(|s| s.as_str()).collect()),
            text(&|c| Some(c.legal_capacity.as_str())),
        ],
    )
}
