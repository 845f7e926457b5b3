//! JSON Schemas of the contract's documents, generated from the Rust types.

use crate::{CaseInput, Decision, ErrorReport, Plan, PlanReport};

/// The documents with a schema.
pub const NAMES: &[&str] = &["case", "decision", "error", "plan", "report"];

/// The JSON Schema of a document by name (`case`, `decision`, `error`, `plan`, `report`),
/// pretty-printed.
pub fn schema(name: &str) -> Option<String> {
    let schema = match name {
        "case" => schemars::schema_for!(CaseInput),
        "decision" => schemars::schema_for!(Decision),
        "error" => schemars::schema_for!(ErrorReport),
        "plan" => schemars::schema_for!(Plan),
        "report" => schemars::schema_for!(PlanReport),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok()
}
