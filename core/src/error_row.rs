//! The error row: what a batch gives in place of a decision for a case it cannot decide.
//!
//! Every host's batch output (the CLI's JSON Lines, Python's `route_many`, ...) has one row per
//! input row; a bad row is `{"case_id": ..., "error": {code, field, message}, "index": ...}`,
//! where `index` is the 0-based row and `case_id` the row's `id` when it has a readable one that
//! is not a CPR number.

use crate::case::looks_like_cpr;
use crate::error::{ErrorReport, InputError};
use serde::Serialize;

/// One bad row of a batch, as the contract's JSON gives it (keys in this order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ErrorRow {
    /// The row's `id`, if it has one that is not a CPR number.
    pub case_id: Option<String>,
    /// Why the row was not decided.
    pub error: ErrorReport,
    /// The 0-based row number in the input.
    pub index: usize,
}

impl ErrorRow {
    /// The error row for row `index` with `error`; a `case_id` that looks like a CPR number is
    /// dropped.
    pub fn new(index: usize, case_id: Option<&str>, error: &InputError) -> ErrorRow {
        ErrorRow {
            case_id: case_id.filter(|id| !looks_like_cpr(id)).map(str::to_string),
            error: error.to_report(),
            index,
        }
    }

    /// The row as one line of JSON (no newline).
    pub fn to_json(&self) -> String {
        // Serialising a struct of strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The `id` of a JSON case document, read leniently for an error row: `None` when the text is
/// not a JSON object, has no string `id`, or its `id` looks like a CPR number.
pub fn case_id_of_json(document: &str) -> Option<String> {
    // Read by core's case reader, as serde_json reads the text into a map (the tests compare).
    let id = crate::case_read::id_of(document)?;
    (!looks_like_cpr(&id)).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_row_has_the_contract_shape_and_no_cpr() {
        let error = InputError::MissingField {
            field: "benefit".into(),
        };
        let row = ErrorRow::new(3, Some("sag-1"), &error);
        assert_eq!(
            row.to_json(),
            r#"{"case_id":"sag-1","error":{"code":"missing_field","field":"benefit","message":"benefit: required field is missing"},"index":3}"#
        );
        assert_eq!(
            ErrorRow::new(0, Some("x 150385-0123"), &error).case_id,
            None
        );
    }

    #[test]
    fn case_id_is_read_leniently() {
        assert_eq!(
            case_id_of_json(r#"{"id": "a", "benefit": 3}"#),
            Some("a".into())
        );
        assert_eq!(case_id_of_json(r#"{"id": "1503850123"}"#), None);
        assert_eq!(case_id_of_json(r#"{"id": 7}"#), None);
        assert_eq!(case_id_of_json("not json"), None);
    }
}
