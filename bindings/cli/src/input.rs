//! Reading input documents: a file or standard input, as one JSON document, a JSON array, or
//! JSON Lines.

use crate::Fatal;
use serde_json::value::RawValue;
use std::io::Read;

/// Reads a whole file (or standard input for `-` or no path) as UTF-8 text.
pub fn read_text(path: Option<&str>) -> Result<String, Fatal> {
    let mut text = String::new();
    match path {
        None | Some("-") => std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?,
        Some(p) => std::fs::File::open(p)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(|e| Fatal(format!("cannot read `{p}`: {e}")))?,
    };
    Ok(text)
}

/// Splits input text into the texts of its documents: a JSON array's elements, one JSON
/// document, or the non-empty lines of JSON Lines. Bad documents stay in place as text, so that
/// each gets its own error row.
pub fn documents(text: &str) -> Vec<std::borrow::Cow<'_, str>> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
            return items
                .into_iter()
                .map(|r| std::borrow::Cow::Owned(r.get().to_string()))
                .collect();
        }
    }
    if serde_json::from_str::<&RawValue>(text).is_ok() {
        return vec![std::borrow::Cow::Borrowed(text)];
    }
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(std::borrow::Cow::Borrowed)
        .collect()
}

/// The `id` of a document, for error rows, unless it is missing or looks like a CPR number.
pub fn case_id_of(document: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<String>,
    }
    let id = serde_json::from_str::<IdOnly>(document).ok()?.id?;
    (!helhed::case::looks_like_cpr(&id)).then_some(id)
}
