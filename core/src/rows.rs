//! The rows of a batch's output: each input row gives a decision or an [`ErrorRow`] in its place.
//!
//! Every host writes the same error row for the same bad input (the CLI's JSON Lines, the
//! WASM binding's `routeMany` and `routeJsonl`), so its shape lives here.

use crate::case::looks_like_cpr;
use crate::error::{ErrorReport, InputError};
use serde::Serialize;

/// The error row of a batch: `{"case_id", "error": {code, field, message}, "index"}`, in the
/// place of the decision a bad row would have had. Its JSON keys are in this (alphabetical)
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ErrorRow {
    /// The bad document's `id`, when it is an object with a string `id` that holds nothing like
    /// a CPR number; otherwise null.
    pub case_id: Option<String>,
    /// What is wrong with the row.
    pub error: ErrorReport,
    /// The 0-based row number in the input (blank lines of JSON Lines are not rows).
    pub index: usize,
}

impl ErrorRow {
    /// The error row for the row `index` whose JSON text is `document`; the `case_id` is read
    /// from the document (see [`case_id_of`]).
    pub fn new(index: usize, document: &str, error: &InputError) -> ErrorRow {
        ErrorRow {
            case_id: case_id_of(document),
            error: error.to_report(),
            index,
        }
    }
}

/// The `id` of a JSON document, for its error row: `None` unless the document is a JSON object
/// whose `id` is a string with nothing like a CPR number in it.
pub fn case_id_of(document: &str) -> Option<String> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(document).ok()?;
    let id = object.get("id")?.as_str()?;
    (!looks_like_cpr(id)).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Case;

    fn row_of(index: usize, text: &str) -> String {
        let error = Case::from_json(text).expect_err("a bad case");
        serde_json::to_string(&ErrorRow::new(index, text, &error)).unwrap_or_default()
    }

    #[test]
    fn an_error_row_has_the_contracts_keys_in_order() {
        let text = r#"{"id": "sag-7", "birth_date": "2000-01-01", "benefit": "x", "efforts": []}"#;
        let row = row_of(3, text);
        assert!(row.starts_with(r#"{"case_id":"sag-7","error":{"code":"invalid_value","field":"benefit","message":"benefit: expected one of: "#), "{row}");
        assert!(row.ends_with(r#""},"index":3}"#), "{row}");
    }

    #[test]
    fn the_case_id_is_null_when_it_cannot_be_read_or_looks_like_a_cpr_number() {
        assert_eq!(case_id_of(r#"{"id": "sag 150385-0123"}"#), None);
        assert_eq!(case_id_of(r#"{"id": 7}"#), None);
        assert_eq!(case_id_of(r#"[{"id": "a"}]"#), None);
        assert_eq!(case_id_of("{\"id\": \"a\""), None);
        assert_eq!(case_id_of(r#"{"id": "a", "benefit": 3}"#), Some("a".into()));
        let row = row_of(
            0,
            r#"{"id": "150385-0123", "benefit": "none", "efforts": []}"#,
        );
        assert!(row.starts_with(r#"{"case_id":null,"#), "{row}");
        assert!(!row.contains("150385"), "{row}");
    }
}
