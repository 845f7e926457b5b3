//! Helpers shared by the integration tests: reading the conformance case files in
//! `tests/conformance/`, and finding CPR-like numbers of an input in what the library wrote.
//!
//! Each test file that needs them says `mod support;`; not every file uses every helper.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folder of one kind of conformance case, e.g. `conformance_dir("routing")`.
pub fn conformance_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance")
        .join(kind)
}

/// One case object of a conformance file.
pub struct Loaded {
    /// `file: name`, or `file[index]` when the case has no name: what failures are reported under.
    pub label: String,
    /// The case object.
    pub case: Map<String, Value>,
}

/// Reads every `*.json` file of `dir` (a JSON array of case objects each), in file-name order.
/// Unreadable files, items that are not objects, and cases without a `name` or with a name used
/// before (in any file) are pushed to `failures`; the rest are returned.
pub fn load_cases(dir: &Path, failures: &mut Vec<String>) -> Vec<Loaded> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) => {
            failures.push(format!("cannot read {}: {e}", dir.display()));
            Vec::new()
        }
    };
    paths.sort();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for path in paths {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let items = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| {
                serde_json::from_str::<Vec<Value>>(&text)
                    .map_err(|e| format!("not a JSON array of cases: {e}"))
            });
        let items = match items {
            Ok(items) => items,
            Err(e) => {
                failures.push(format!("{file}: {e}"));
                continue;
            }
        };
        for (index, item) in items.into_iter().enumerate() {
            let Value::Object(case) = item else {
                failures.push(format!("{file}[{index}]: not an object"));
                continue;
            };
            let label = match case.get("name").and_then(Value::as_str) {
                None => {
                    failures.push(format!("{file}[{index}]: no `name`"));
                    format!("{file}[{index}]")
                }
                Some(name) => {
                    if let Some(first) = names.insert(name.to_string(), file.clone()) {
                        failures.push(format!("{file}: {name}: duplicate name (also in {first})"));
                    }
                    format!("{file}: {name}")
                }
            };
            out.push(Loaded { label, case });
        }
    }
    out
}

/// Runs of digits in `text`, with a single `-` or space between two digits skipped, so that
/// `150385-0123` and `1503850123` give the same run.
pub fn digit_runs(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if (c == '-' || c == ' ')
            && !current.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            continue;
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Every 10-digit window of `input`'s digit runs: its CPR numbers and anything that could be one.
pub fn ten_digit_windows(input: &str) -> BTreeSet<String> {
    let mut windows = BTreeSet::new();
    for run in digit_runs(input) {
        for start in 0..run.len().saturating_sub(9) {
            windows.insert(run[start..start + 10].to_string());
        }
    }
    windows
}

/// The first of the input's 10-digit `windows` that `output` repeats, hyphen or space or not.
pub fn leaks(windows: &BTreeSet<String>, output: &str) -> Option<String> {
    let runs = digit_runs(output);
    windows
        .iter()
        .find(|w| runs.iter().any(|r| r.contains(w.as_str())))
        .cloned()
}
