//! Reading input: a file or standard input, as one JSON document, a JSON array, JSON Lines or
//! CSV. JSON Lines and CSV are read as a stream of records, in chunks, so memory stays constant
//! whatever the input's size; one JSON document or array is read whole (it is small).

use crate::Fatal;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

/// The input formats of `helhed route`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// One JSON case, or a JSON array of cases (read whole).
    Json,
    /// JSON Lines: one case per line (streamed).
    Jsonl,
    /// CSV with a header row (streamed; layout in `helhed route --help`).
    Csv,
}

/// An opened input: a buffered reader and the format, decided by `--input-format`, the file's
/// extension (`.json`, `.jsonl`/`.ndjson`, `.csv`), or else the content.
pub struct Input {
    /// The reader, positioned at the start.
    pub reader: Box<dyn BufRead + Send>,
    /// The format (`None`: detect from the content).
    pub format: Option<InputFormat>,
    /// The size in bytes, when known (for the progress bar).
    pub size: Option<u64>,
}

/// Opens a file (or standard input for `-` or no path).
pub fn open(path: Option<&str>, format: Option<InputFormat>) -> Result<Input, Fatal> {
    const BUFFER: usize = 1 << 20;
    match path {
        None | Some("-") => Ok(Input {
            reader: Box::new(BufReader::with_capacity(BUFFER, std::io::stdin())),
            format,
            size: None,
        }),
        Some(p) => {
            let file =
                std::fs::File::open(p).map_err(|e| Fatal(format!("cannot read `{p}`: {e}")))?;
            let size = file.metadata().ok().map(|m| m.len());
            let by_extension = match std::path::Path::new(p)
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("json") => Some(InputFormat::Json),
                Some("jsonl" | "ndjson") => Some(InputFormat::Jsonl),
                Some("csv") => Some(InputFormat::Csv),
                _ => None,
            };
            Ok(Input {
                reader: Box::new(BufReader::with_capacity(BUFFER, file)),
                format: format.or(by_extension),
                size,
            })
        }
    }
}

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

/// Reads the rest of a reader as UTF-8 text.
pub fn read_rest(reader: &mut dyn BufRead, name: &str) -> Result<String, Fatal> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| Fatal(format!("cannot read {name}: {e}")))?;
    Ok(text)
}

/// Splits JSON input text (read whole) into the texts of its cases, one per row:
///
/// - a JSON array: its elements (`[]` is no rows);
/// - one JSON document, or several one after another (pretty-printed, as `jq .` writes them, or
///   one per line): each document;
/// - JSON Lines with bad lines: each non-blank line, so that each bad line gets its own error row;
/// - one broken document (a case cut off or mistyped, or with text after it): the whole text,
///   which gives one error row with the line and column of the fault.
///
/// It fails (the command exits 2, nothing routed) when the rows cannot be told apart: a broken
/// JSON array, broken text after the first documents, or no text at all. A byte-order mark at
/// the start is skipped. Messages hold positions only, never the input's text.
pub fn documents(text: &str) -> Result<Vec<Cow<'_, str>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err("the input is empty: expected one JSON case or a JSON array of cases".into());
    }
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<Vec<&RawValue>>(text) {
            Ok(items) => Ok(items.into_iter().map(|r| Cow::Borrowed(r.get())).collect()),
            // JSON Lines whose first row happens to be a list.
            Err(_) if is_json_lines(text, true) => Ok(lines(text)),
            Err(e) => Err(format!(
                "not a valid JSON array ({}); no case was routed",
                where_and_what(&e)
            )),
        };
    }
    let mut values = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    let error = loop {
        match stream.next() {
            None => return Ok(values),
            Some(Ok(value)) => values.push(Cow::Borrowed(value.get())),
            Some(Err(e)) => break e,
        }
    };
    if is_json_lines(text, false) {
        Ok(lines(text))
    } else if values.is_empty() || text.lines().filter(|l| !l.trim().is_empty()).count() == 1 {
        // One document, broken (or with text after it): one error row, which says where.
        Ok(vec![Cow::Borrowed(text)])
    } else {
        Err(format!(
            "not valid JSON after document {} ({}); no case was routed",
            values.len(),
            where_and_what(&error)
        ))
    }
}

/// Whether text that is not a sequence of JSON documents is JSON Lines with some bad lines: more
/// than one non-blank line, and a line that is a whole JSON object or list by itself, starting
/// at the line's start (the first line, for text that starts with a list). A pretty-printed
/// document has no such line: its inner lines are indented, and its first is not whole.
fn is_json_lines(text: &str, first_only: bool) -> bool {
    let mut rows = text.lines().filter(|l| !l.trim().is_empty());
    let whole = |line: &str| line.starts_with(['{', '[']) && is_complete_json(line.as_bytes());
    let Some(first) = rows.next() else {
        return false;
    };
    let mut rest = rows.peekable();
    rest.peek().is_some() && (whole(first) || (!first_only && rest.any(whole)))
}

/// The non-blank lines of a text.
fn lines(text: &str) -> Vec<Cow<'_, str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(Cow::Borrowed)
        .collect()
}

/// `line 3, column 5: …` for a JSON error, in words that never quote the input.
fn where_and_what(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "the text ends too early",
        _ => "a syntax error",
    };
    format!("line {}, column {}: {what}", e.line(), e.column())
}

/// Whether a line holds nothing but whitespace.
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Reads the next record into `buf` (appending): a line, or for CSV as many lines as it takes
/// to close every quoted cell. Returns the bytes appended (0 at the end of the input); the
/// line ending stays in `buf`.
pub fn read_record(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    csv: bool,
) -> std::io::Result<usize> {
    let start = buf.len();
    loop {
        let n = reader.read_until(b'\n', buf)?;
        if n == 0 || !csv {
            break;
        }
        let quotes = buf[start..].iter().filter(|&&b| b == b'"').count();
        if quotes % 2 == 0 {
            break;
        }
    }
    Ok(buf.len() - start)
}

/// A record without its line ending (`\n` or `\r\n`).
pub fn trim_line_end(record: &[u8]) -> &[u8] {
    let record = record.strip_suffix(b"\n").unwrap_or(record);
    record.strip_suffix(b"\r").unwrap_or(record)
}

/// The `id` of a document, for error rows: `None` unless the document is a JSON object whose
/// `id` is a string without anything like a CPR number in it (anywhere in the text).
pub fn case_id_of(document: &str) -> Option<String> {
    helhed::error_row::case_id_of_json(document)
}

/// Whether `line` is one complete JSON value (so the input is JSON Lines, not one document
/// spread over several lines).
pub fn is_complete_json(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}
