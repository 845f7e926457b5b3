//! A document given as Python objects, as JSON text: byte for byte what
//! `json.dumps(document, default=_json_default, ensure_ascii=False)` writes (the default
//! separators `", "` and `": "` included), without the `json` module's per-call set-up. Core then
//! parses the text as it parses any other, so errors are the same as for the JSON given as a
//! string. `tests/test_route_dict.py` compares the two on generated documents and odd values.

use pyo3::exceptions::{PyRecursionError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Nesting deeper than this is refused (`json.dumps` stops at Python's recursion limit).
const MAX_DEPTH: usize = 256;

/// `json.dumps(value, default=_json_default, ensure_ascii=False)`.
pub fn dumps(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut out = String::with_capacity(512);
    let mut open = Vec::new();
    write_value(value, &mut out, &mut open)?;
    Ok(out)
}

/// Writes one value; `open` holds the containers being written (for the circular check).
fn write_value(value: &Bound<'_, PyAny>, out: &mut String, open: &mut Vec<usize>) -> PyResult<()> {
    if value.is_none() {
        out.push_str("null");
    } else if let Ok(b) = value.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if let Ok(text) = value.cast::<PyString>() {
        write_str(out, text.to_str()?);
    } else if value.cast::<PyInt>().is_ok() {
        write_int(out, value)?;
    } else if let Ok(f) = value.cast::<PyFloat>() {
        write_float(out, f)?;
    } else if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        enter(value, open)?;
        out.push('[');
        for (i, item) in value.try_iter()?.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_value(&item?, out, open)?;
        }
        out.push(']');
        open.pop();
    } else if let Ok(dict) = value.cast::<PyDict>() {
        enter(value, open)?;
        out.push('{');
        for (i, (key, item)) in dict.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_key(&key, out)?;
            out.push_str(": ");
            write_value(&item, out, open)?;
        }
        out.push('}');
        open.pop();
    } else {
        let converted = crate::_json_default(value)?;
        write_str(out, &converted);
    }
    Ok(())
}

/// Marks a container as being written; `json`'s errors for a cycle and for too deep nesting.
fn enter(value: &Bound<'_, PyAny>, open: &mut Vec<usize>) -> PyResult<()> {
    let id = value.as_ptr() as usize;
    if open.contains(&id) {
        return Err(PyValueError::new_err("Circular reference detected"));
    }
    if open.len() >= MAX_DEPTH {
        return Err(PyRecursionError::new_err(
            "maximum recursion depth exceeded while encoding a JSON object",
        ));
    }
    open.push(id);
    Ok(())
}

/// A dict key as `json` writes it: strings as they are; floats, ints, booleans and `None` as
/// their JSON text in quotes; anything else is an error.
fn write_key(key: &Bound<'_, PyAny>, out: &mut String) -> PyResult<()> {
    if let Ok(text) = key.cast::<PyString>() {
        write_str(out, text.to_str()?);
        return Ok(());
    }
    let is_scalar = key.is_none()
        || key.cast::<PyBool>().is_ok()
        || key.cast::<PyInt>().is_ok()
        || key.cast::<PyFloat>().is_ok();
    if !is_scalar {
        return Err(PyTypeError::new_err(format!(
            "keys must be str, int, float, bool or None, not {}",
            key.get_type().name()?
        )));
    }
    let mut text = String::new();
    write_value(key, &mut text, &mut Vec::new())?;
    write_str(out, &text);
    Ok(())
}

/// An int as `json` writes it (subclasses too): `int.__repr__`.
fn write_int(out: &mut String, value: &Bound<'_, PyAny>) -> PyResult<()> {
    if value.is_exact_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            out.push_str(itoa::Buffer::new().format(n));
            return Ok(());
        }
    }
    let repr = value
        .py()
        .get_type::<PyInt>()
        .getattr(pyo3::intern!(value.py(), "__repr__"))?
        .call1((value,))?;
    out.push_str(repr.cast::<PyString>()?.to_str()?);
    Ok(())
}

/// A float as `json` writes it: `float.__repr__`, or `NaN`, `Infinity`, `-Infinity`.
fn write_float(out: &mut String, value: &Bound<'_, PyFloat>) -> PyResult<()> {
    let x = value.value();
    if x.is_nan() {
        out.push_str("NaN");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        // `float.__repr__` of the value (a subclass's own `__repr__` is not used).
        out.push_str(PyFloat::new(value.py(), x).repr()?.to_str()?);
    }
    Ok(())
}

/// A JSON string as `json` writes it with `ensure_ascii=False`: `"` and `\` with a backslash,
/// `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as `\u00XX` (lower-case hex),
/// everything else as it is.
fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\0'..='\u{1f}' => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(escaped);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&text[start..]);
    out.push('"');
}
