//! `routeMany`'s trace entries as shared objects.
//!
//! A decision's trace is most of its JSON (about 1.8 KB of cited texts on the default rule set,
//! against some 600 bytes for the rest), yet a rule set has only a few dozen distinct entries.
//! Parsing 100,000 decisions' traces made V8 build millions of identical objects and strings:
//! most of `routeMany`'s time. Here each decision is written by core's writer as always; its
//! trace entries (the bytes core wrote, so byte for byte the same JSON) are then taken out and
//! replaced by their index in a table of the distinct entries. JavaScript parses the table once
//! and each decision's trace is filled with those (frozen) objects, so `JSON.stringify` of a row
//! is still exactly the line `helhed route` writes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The key of a decision's trace: core writes it last, as `,"trace":[...]}`. Inside a JSON
/// string a quote is escaped, so these bytes can only be the key itself.
const TRACE_KEY: &[u8] = b",\"trace\":[";

/// FNV-1a over a key's length and at most its first and last 48 bytes: the keys are trace
/// entries (trusted, a few hundred bytes, told apart by their rule id at the start and their
/// texts at the end), and the map compares whole keys on a hit anyway.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        const EDGE: usize = 48;
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        let mut mix = |part: &[u8]| {
            for &b in part {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        if bytes.len() <= 2 * EDGE {
            mix(bytes);
        } else {
            mix(&bytes[..EDGE]);
            mix(&bytes[bytes.len() - EDGE..]);
            mix(&(bytes.len() as u64).to_le_bytes());
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The distinct trace entries of a batch, and each decision's entries as indices into them.
#[derive(Default)]
pub struct Traces {
    index: HashMap<Vec<u8>, u32, BuildHasherDefault<Fnv>>,
    /// The distinct entries' JSON, as a JSON list.
    table: Vec<u8>,
    /// Each interned row: its position in the batch and its entries' indices.
    rows: Vec<(u32, Vec<u32>)>,
}

impl Traces {
    /// Takes the trace entries out of the decision `out[start..]` (row `row` of the batch),
    /// leaving `"trace":[]` in its place. A decision without the key is left as it is.
    pub fn take(&mut self, row: usize, out: &mut Vec<u8>, start: usize) {
        let Some(at) = find(&out[start..], TRACE_KEY) else {
            return;
        };
        let from = start + at + TRACE_KEY.len();
        // The entries, without the closing `]}`.
        let end = out.len().saturating_sub(2);
        if end < from || &out[end..] != b"]}" {
            return;
        }
        let mut indices = Vec::new();
        let mut i = from;
        while i < end {
            let Some(len) = object_len(&out[i..end]) else {
                // Not core's entries (cannot happen): keep the decision as written.
                return;
            };
            indices.push(self.intern(&out[i..i + len]));
            i += len;
            if out.get(i) == Some(&b',') {
                i += 1;
            }
        }
        out.truncate(from);
        out.extend_from_slice(b"]}");
        self.rows.push((row as u32, indices));
    }

    fn intern(&mut self, entry: &[u8]) -> u32 {
        if let Some(&i) = self.index.get(entry) {
            return i;
        }
        let i = self.index.len() as u32;
        self.table.push(if i == 0 { b'[' } else { b',' });
        self.table.extend_from_slice(entry);
        self.index.insert(entry.to_vec(), i);
        i
    }

    /// The table's JSON text: a list of the distinct entries.
    pub fn table_json(&self) -> &[u8] {
        if self.table.is_empty() {
            b"[]"
        } else {
            &self.table
        }
    }

    /// Closes the table's list (after the last decision).
    pub fn finish(&mut self) {
        if !self.table.is_empty() {
            self.table.push(b']');
        }
    }

    /// Each interned row's position and its entries' indices.
    pub fn rows(&self) -> &[(u32, Vec<u32>)] {
        &self.rows
    }
}

/// The first position of `needle` in `hay` (compared only where its first byte is).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    hay.iter()
        .enumerate()
        .filter(|&(_, &b)| b == first)
        .map(|(i, _)| i)
        .find(|&i| hay[i..].starts_with(needle))
}

/// The length of the JSON object at the start of `bytes` (strings may hold braces).
fn object_len(bytes: &[u8]) -> Option<usize> {
    if bytes.first() != Some(&b'{') {
        return None;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_indices_and_come_back_byte_for_byte() {
        let rules = helhed::RuleSet::default_rules();
        let writer = helhed::json::DecisionWriter::new(rules);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut traces = Traces::default();
        let mut expected = Vec::new();
        let mut out = Vec::new();
        for (row, doc) in [
            r#"{"id":"a {\"x\"}","birth_date":"2008-05-10","benefit":"none","efforts":[]}"#,
            r#"{"birth_date":"1990-04-02","benefit":"kontanthjaelp","efforts":[]}"#,
            r#"{"birth_date":"2008-05-10","benefit":"none","efforts":[]}"#,
        ]
        .iter()
        .enumerate()
        {
            let case = helhed::Case::from_json(doc).unwrap();
            let mut one = Vec::new();
            writer
                .route_into(&case, date, helhed::RouteOptions::default(), &mut one)
                .unwrap();
            expected.push(String::from_utf8(one.clone()).unwrap());
            let start = out.len();
            out.extend_from_slice(&one);
            traces.take(row, &mut out, start);
            out.push(b'\n');
        }
        traces.finish();
        let table: Vec<&serde_json::value::RawValue> =
            serde_json::from_slice(traces.table_json()).unwrap();
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(traces.rows().len(), 3);
        // Rows 0 and 2 differ only in the id, so they share every entry.
        assert_eq!(traces.rows()[0].1, traces.rows()[2].1);
        for (k, (row, indices)) in traces.rows().iter().enumerate() {
            assert_eq!(*row as usize, k);
            assert!(!indices.is_empty());
            let head = lines[k].strip_suffix(r#","trace":[]}"#).unwrap();
            let entries: Vec<&str> = indices.iter().map(|&i| table[i as usize].get()).collect();
            let rebuilt = format!(r#"{head},"trace":[{}]}}"#, entries.join(","));
            assert_eq!(rebuilt, expected[k]);
        }
    }

    #[test]
    fn objects_end_at_their_closing_brace_whatever_their_strings_hold() {
        assert_eq!(object_len(br#"{"a":"}\"{","b":[{}]},{"c":1}"#), Some(21));
        assert_eq!(object_len(br#"{"a":"#), None);
        assert_eq!(object_len(b"[1]"), None);
        assert_eq!(object_len(br#"{"a":"\\"}"#), Some(10));
        assert_eq!(object_len(br#"{"a":"x\"#), None);
    }
}
