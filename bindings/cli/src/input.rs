//! Reading input: a file or standard input, as JSON (one case, several one after another, or an
//! array), JSON Lines or CSV.
//!
//! JSON Lines, JSON documents and CSV are read as a stream of records with constant memory, in
//! linear time: a record is a line, or for JSON a pretty-printed document spread over several
//! lines (its inner lines indented, as `jq .` writes them). No record is held beyond the
//! record-size limit: a longer one is skipped to its end and becomes an error row. Only a JSON
//! array is read whole.

use crate::Fatal;
use serde_json::value::RawValue;
use std::io::{BufRead, BufReader, Read};

/// The input formats of `helhed route`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// JSON: a JSON array of cases (read whole), or cases one after another, each on one line
    /// or pretty-printed over several (streamed).
    Json,
    /// JSON Lines: one case per line (streamed).
    Jsonl,
    /// CSV with a header row, one case per line (streamed; layout in `helhed route --help`).
    Csv,
}

/// The default record-size limit: 1 MiB.
pub const DEFAULT_RECORD_LIMIT: usize = 1 << 20;

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

/// Reads a whole file (or standard input for `-` or no path).
pub fn read_bytes(path: Option<&str>) -> Result<Vec<u8>, Fatal> {
    let mut bytes = Vec::new();
    match path {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?,
        Some(p) => std::fs::File::open(p)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| Fatal(format!("cannot read `{p}`: {e}")))?,
    };
    Ok(bytes)
}

/// Whether the content is a JSON array: its first non-blank byte (after a byte-order mark) is
/// `[`. Anything else is read as records (JSON Lines, or JSON documents one after another).
/// Reads no further than that byte.
pub fn starts_with_array(reader: &mut dyn BufRead) -> std::io::Result<bool> {
    let mut at_start = true;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let mut skip = 0;
        if at_start && buf.starts_with(b"\xef\xbb\xbf") {
            skip = 3;
        }
        at_start = false;
        match buf[skip..].iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let first = buf[skip + i];
                reader.consume(skip + i);
                return Ok(first == b'[');
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Splits a JSON array read whole into the texts of its elements. When the text is not an
/// array but its first line is a whole JSON value and more lines follow, it is JSON Lines whose
/// first line is a list: `Ok(None)`, read it as records. Messages hold positions only.
pub fn array_elements(text: &str) -> Result<Option<Vec<String>>, String> {
    match serde_json::from_str::<Vec<&RawValue>>(text) {
        Ok(items) => Ok(Some(
            items.into_iter().map(|r| r.get().to_string()).collect(),
        )),
        Err(e) => {
            let mut lines = text.lines().filter(|l| !is_blank(l.as_bytes()));
            let first_whole = lines
                .next()
                .is_some_and(|l| serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok());
            if first_whole && lines.next().is_some() {
                Ok(None)
            } else {
                Err(format!(
                    "not a valid JSON array ({}); no case was routed",
                    where_and_what(&e)
                ))
            }
        }
    }
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

/// A line without its line ending (`\n` or `\r\n`).
pub fn trim_line_end(record: &[u8]) -> &[u8] {
    let record = record.strip_suffix(b"\n").unwrap_or(record);
    record.strip_suffix(b"\r").unwrap_or(record)
}

/// How a record was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStatus {
    /// Whole, within the limit.
    Whole,
    /// Longer than the limit: skipped to its end, nothing of it kept.
    TooLong,
}

/// Cuts a stream into records: lines (JSON Lines, CSV), or JSON documents that may be
/// pretty-printed over several lines. Memory is bounded by the record-size limit; every byte
/// is looked at a bounded number of times.
pub struct Records {
    reader: Box<dyn BufRead + Send>,
    limit: usize,
    /// Join indented continuation lines into one JSON document.
    json: bool,
    /// A line read ahead (JSON), with whether it was too long.
    carry: Option<(Vec<u8>, bool)>,
    /// Nothing read yet (a byte-order mark is skipped).
    first: bool,
}

impl Records {
    /// Records of `reader`, at most `limit` bytes each; `json` joins pretty-printed documents.
    pub fn new(reader: Box<dyn BufRead + Send>, limit: usize, json: bool) -> Records {
        Records {
            reader,
            limit,
            json,
            carry: None,
            first: true,
        }
    }

    /// Reads one line, appending at most `room` bytes of it to `buf` (the rest is consumed and
    /// dropped). Returns `None` at the end of the input, else whether the line was cut.
    fn line(&mut self, buf: &mut Vec<u8>, room: usize) -> std::io::Result<Option<bool>> {
        let mut read_any = false;
        let mut cut = false;
        let start = buf.len();
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            read_any = true;
            let (take, done) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let kept = buf.len() - start;
            let keep = take.min(room.saturating_sub(kept));
            buf.extend_from_slice(&available[..keep]);
            cut |= keep < take;
            self.reader.consume(take);
            if done {
                break;
            }
        }
        if self.first && read_any {
            self.first = false;
            if buf[start..].starts_with(b"\xef\xbb\xbf") {
                buf.drain(start..start + 3);
            }
        }
        Ok(read_any.then_some(cut))
    }

    /// The next non-blank line into `buf` (cleared first); `None` at the end.
    fn next_line(&mut self, buf: &mut Vec<u8>, room: usize) -> std::io::Result<Option<bool>> {
        loop {
            let start = buf.len();
            match self.line(buf, room)? {
                None => return Ok(None),
                Some(cut) if !cut && is_blank(&buf[start..]) => buf.truncate(start),
                Some(cut) => return Ok(Some(cut)),
            }
        }
    }

    /// Appends the next record to `buf`; returns `None` at the end of the input.
    pub fn next_into(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<RecordStatus>> {
        let start = buf.len();
        let mut cut = match self.carry.take() {
            Some((line, cut)) => {
                buf.extend_from_slice(&line);
                cut
            }
            None => match self.next_line(buf, self.limit)? {
                None => return Ok(None),
                Some(cut) => cut,
            },
        };
        if self.json {
            let mut scan: Option<Depth> = None;
            let mut next = Vec::new();
            loop {
                next.clear();
                // A cut record keeps reading its continuation lines, and drops them.
                let Some(next_cut) = self.line(&mut next, self.limit)? else {
                    break;
                };
                if is_blank(&next) && !next_cut {
                    break;
                }
                let continues = matches!(next.first(), Some(b' ' | b'\t' | b'}' | b']'));
                if continues {
                    let depth = scan.get_or_insert_with(|| Depth::of(&buf[start..]));
                    if depth.is_open() {
                        depth.add(&next);
                        if next_cut || buf.len() - start + next.len() > self.limit {
                            cut = true;
                        }
                        if !cut {
                            buf.extend_from_slice(&next);
                        }
                        if !depth.is_open() {
                            break;
                        }
                        continue;
                    }
                }
                self.carry = Some((std::mem::take(&mut next), next_cut));
                break;
            }
        }
        if cut {
            buf.truncate(start);
            return Ok(Some(RecordStatus::TooLong));
        }
        Ok(Some(RecordStatus::Whole))
    }
}

/// The nesting depth of JSON text read so far (outside strings).
#[derive(Debug, Clone, Copy, Default)]
struct Depth {
    depth: i64,
    in_string: bool,
    escape: bool,
}

impl Depth {
    fn of(text: &[u8]) -> Depth {
        let mut d = Depth::default();
        d.add(text);
        d
    }

    fn add(&mut self, text: &[u8]) {
        for &b in text {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if b == b'\\' {
                    self.escape = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
            } else {
                match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => self.depth -= 1,
                    _ => {}
                }
            }
        }
    }

    /// Whether a document is still open (more lines belong to it).
    fn is_open(&self) -> bool {
        self.depth > 0
    }
}

/// The `id` of a document, for error rows: `None` unless the document is a JSON object whose
/// `id` is a string without anything like a CPR number in it (anywhere in the text).
pub fn case_id_of(document: &str) -> Option<String> {
    helhed::error_row::case_id_of_json(document)
}

/// The case documents of a whole input held in memory: a JSON array's elements, else records
/// (JSON Lines, or JSON documents one after another, pretty-printed or not). A record over the
/// default size limit is kept as an empty document, so it becomes one error row in its place.
pub fn documents(text: &str) -> Result<Vec<String>, String> {
    let mut reader: &[u8] = text.as_bytes();
    if starts_with_array(&mut reader).map_err(|e| e.to_string())? {
        if let Some(items) = array_elements(text)? {
            return Ok(items);
        }
    }
    let owned = std::io::Cursor::new(text.as_bytes().to_vec());
    let mut records = Records::new(Box::new(owned), DEFAULT_RECORD_LIMIT, true);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while let Some(status) = records.next_into(&mut buf).map_err(|e| e.to_string())? {
        out.push(match status {
            RecordStatus::Whole => String::from_utf8_lossy(&buf).into_owned(),
            RecordStatus::TooLong => String::new(),
        });
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, limit: usize, json: bool) -> Vec<(String, RecordStatus)> {
        let mut r = Records::new(
            Box::new(std::io::Cursor::new(text.to_string().into_bytes())),
            limit,
            json,
        );
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(status) = r.next_into(&mut buf).unwrap() {
            out.push((
                String::from_utf8_lossy(trim_line_end(&buf)).into_owned(),
                status,
            ));
            buf.clear();
        }
        out
    }

    #[test]
    fn lines_pretty_documents_and_the_limit() {
        use RecordStatus::*;
        let text = "\u{feff}{\"a\":1}\n\n{\n  \"b\": \"}{\",\n  \"c\": [\n    1\n  ]\n}\n{\"d\":\n{\"e\":2}\n  {\"f\":3}\n";
        let got = records(text, 100, true);
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "{\"a\":1}",
                "{\n  \"b\": \"}{\",\n  \"c\": [\n    1\n  ]\n}",
                "{\"d\":",
                "{\"e\":2}",
                "  {\"f\":3}"
            ]
        );
        assert!(got.iter().all(|(_, s)| *s == Whole));
        let long = format!("{}\nab\n{}\nc", "x".repeat(50), "y".repeat(11));
        let got = records(&long, 10, false);
        assert_eq!(
            got,
            [
                (String::new(), TooLong),
                ("ab".to_string(), Whole),
                (String::new(), TooLong),
                ("c".to_string(), Whole)
            ]
        );
        let pretty = format!("{{\n  \"a\": \"{}\"\n}}\n{{\"b\":1}}\n", "z".repeat(40));
        let got = records(&pretty, 20, true);
        assert_eq!(
            got,
            [(String::new(), TooLong), ("{\"b\":1}".to_string(), Whole)]
        );
    }
}
