//! Reading input: a file or standard input, as one JSON document, a JSON array, JSON Lines or
//! CSV. JSON Lines and CSV are read as a stream of records, in chunks, so memory stays constant
//! whatever the input's size; one JSON document or array is read whole (it is small).

use crate::Fatal;
use serde_json::value::RawValue;
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

/// The `id` of a document, for error rows, unless it is missing or looks like a CPR number.
pub fn case_id_of(document: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<String>,
    }
    let id = serde_json::from_str::<IdOnly>(document).ok()?.id?;
    (!helhed::case::looks_like_cpr(&id)).then_some(id)
}

/// Whether `line` is one complete JSON value (so the input is JSON Lines, not one document
/// spread over several lines).
pub fn is_complete_json(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}
