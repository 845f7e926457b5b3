//! JSON Schemas of the contract's documents, generated from the Rust types.
//!
//! Two rules that the types alone do not express are added to the generated schemas: a case
//! holds exactly one of `birth_date` and `cpr` (a `oneOf`, in the case document wherever it
//! appears, a plan's `case` included), and every date matches [`crate::date::PATTERN`]. What a
//! schema cannot express, and only the library checks:
//!
//! - an effort that ends before it starts (`effort_ends_before_start`);
//! - an `id` (or a plan's `case_id`) that holds a CPR number (`id_looks_like_cpr`);
//! - a CPR number whose first six digits are not a date in the century its 7th digit gives
//!   (`invalid_cpr`);
//! - a key given twice in one object (`duplicate_field`: JSON Schema sees parsed objects);
//! - in plans, the checks of [`crate::plan`] (they give violations in the report, not errors).

use crate::{CaseInput, Decision, ErrorReport, Plan, PlanReport};
use schemars::schema::{InstanceType, ObjectValidation, RootSchema, Schema, SchemaObject};

/// The documents with a schema.
pub const NAMES: &[&str] = &["case", "decision", "error", "plan", "report"];

/// The JSON Schema of a document by name (`case`, `decision`, `error`, `plan`, `report`),
/// pretty-printed.
pub fn schema(name: &str) -> Option<String> {
    let mut schema = match name {
        "case" => schemars::schema_for!(CaseInput),
        "decision" => schemars::schema_for!(Decision),
        "error" => schemars::schema_for!(ErrorReport),
        "plan" => schemars::schema_for!(Plan),
        "report" => schemars::schema_for!(PlanReport),
        _ => return None,
    };
    exactly_one_birth_field(&mut schema);
    serde_json::to_string_pretty(&schema).ok()
}

/// Adds "exactly one of `birth_date` and `cpr`, as a string" to every case object in a schema.
fn exactly_one_birth_field(root: &mut RootSchema) {
    let objects = std::iter::once(&mut root.schema).chain(
        root.definitions.values_mut().filter_map(|s| match s {
            Schema::Object(o) => Some(o),
            Schema::Bool(_) => None,
        }),
    );
    for object in objects {
        let is_case = object.object.as_ref().is_some_and(|o| {
            o.properties.contains_key("birth_date") && o.properties.contains_key("cpr")
        });
        if !is_case {
            continue;
        }
        let given = |field: &str| -> Schema {
            let string = SchemaObject {
                instance_type: Some(InstanceType::String.into()),
                ..Default::default()
            };
            SchemaObject {
                object: Some(Box::new(ObjectValidation {
                    required: [field.to_string()].into(),
                    properties: [(field.to_string(), string.into())].into(),
                    ..Default::default()
                })),
                ..Default::default()
            }
            .into()
        };
        object.subschemas().one_of = Some(vec![given("birth_date"), given("cpr")]);
    }
}
