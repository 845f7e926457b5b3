//! Errors as JavaScript sees them: an `Error` named `HelhedError` with core's `code`, `field` and
//! `message` (a message that never holds input values, so never a CPR number), and the JSON
//! crossings of the boundary.

use helhed::{ErrorReport, InputError, RuleSetError};
use wasm_bindgen::prelude::*;

/// An error to throw in JavaScript: core's error report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelhedError {
    /// Stable code of the cause.
    pub code: String,
    /// The field the error is about (`""`: the whole document).
    pub field: String,
    /// What is wrong, naming the field.
    pub message: String,
}

impl HelhedError {
    /// An error with these parts.
    pub fn new(code: &str, field: &str, message: String) -> HelhedError {
        HelhedError {
            code: code.into(),
            field: field.into(),
            message,
        }
    }

    /// Core's error report as an error.
    pub fn from_report(report: ErrorReport) -> HelhedError {
        HelhedError {
            code: report.code.into(),
            field: report.field,
            message: report.message,
        }
    }

    /// Something that cannot happen went wrong inside the binding.
    pub fn internal(what: &str) -> HelhedError {
        HelhedError::new("internal", "", format!("internal error in helhed: {what}"))
    }

    /// The route options are not `{trace?, next_transition?}`.
    pub fn options(name: &str) -> HelhedError {
        let field = if name.is_empty() {
            "options".to_string()
        } else {
            format!("options.{name}")
        };
        HelhedError::new(
            "invalid_value",
            &field,
            format!("{field}: expected {{trace?: boolean | \"full\" | \"reference\", next_transition?: boolean}}"),
        )
    }
}

/// core's serialisation failed (it cannot: core's types always write as JSON). Without
/// serde_json's message, whose `Display` (with `std::io::Error`'s) is otherwise not in the module.
pub fn unwritable(_: serde_json::Error) -> HelhedError {
    HelhedError::internal("a result could not be written as JSON")
}

/// core's JSON writer wrote bytes that are not UTF-8 (it cannot), without `Utf8Error`'s message.
pub fn not_utf8() -> HelhedError {
    HelhedError::internal("a result was written as bytes that are not UTF-8")
}

/// A case's or plan's input error.
pub fn input_error(error: &InputError) -> HelhedError {
    HelhedError::from_report(error.to_report())
}

/// A rule file that cannot be loaded: code `rule_set`, field `""` (as core's plan checks
/// report it); the message names the file and the row.
pub fn rule_set_error(error: &RuleSetError) -> HelhedError {
    HelhedError::new("rule_set", "", error.to_string())
}

impl From<HelhedError> for JsValue {
    fn from(error: HelhedError) -> JsValue {
        let js = js_sys::Error::new(&error.message);
        js.set_name("HelhedError");
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code.into());
        let _ = js_sys::Reflect::set(&js, &"field".into(), &error.field.into());
        js.into()
    }
}

/// The JSON text of a JavaScript value (`undefined` is `null`), for core's JSON reader.
pub fn stringify(value: &JsValue) -> Result<String, HelhedError> {
    match js_sys::JSON::stringify(value) {
        Ok(text) => Ok(text.as_string().unwrap_or_else(|| "null".into())),
        // A BigInt, a cycle, a throwing toJSON: not a JSON document.
        Err(_) => Err(input_error(&InputError::InvalidValue {
            field: String::new(),
            expected: "a JSON-compatible value (JSON.stringify failed on it)".into(),
        })),
    }
}

/// A JavaScript value from JSON text that core wrote.
pub fn parse(json: &str) -> Result<JsValue, HelhedError> {
    js_sys::JSON::parse(json).map_err(|_| HelhedError::internal("JSON.parse failed on a result"))
}

/// The panic hook: throws the panic as an `Error` with the code `internal` instead of letting
/// the module trap. A message that could hold a CPR number is not shown.
pub fn throw_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let shown = if helhed::case::looks_like_cpr(&payload) {
        "(message not shown)".to_string()
    } else {
        payload
    };
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    wasm_bindgen::throw_val(HelhedError::internal(&format!("panic{place}: {shown}")).into());
}
