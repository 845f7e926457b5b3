//! JSON Schemas of the contract's documents, generated from the Rust types.

use crate::{CaseInput, Decision, ErrorReport};

/// The documents with a schema.
pub const NAMES: &[&str] = &["case", "decision", "error"];

/// The JSON Schema of a document by name (`case`, `decision`, `error`), pretty-printed.
pub fn schema(name: &str) -> Option<String> {
    let schema = match name {
        "case" => schemars::schema_for!(CaseInput),
        "decision" => schemars::schema_for!(Decision),
        "error" => schemars::schema_for!(ErrorReport),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok()
}
