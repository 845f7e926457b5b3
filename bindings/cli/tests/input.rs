//! `helhed route` on the shapes of input users give it: one pretty-printed JSON case, a JSON
//! array, documents one after another, JSON Lines (with blank and bad lines), CSV, broken
//! arrays, empty input; and error rows never show an id that holds a CPR number.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const A: &str = r#"{"id": "a", "birth_date": "1990-01-01", "benefit": "none", "efforts": []}"#;
const B: &str = r#"{"id": "b", "birth_date": "1991-01-01", "benefit": "none", "efforts": []}"#;

/// The CPR number used in these tests; no output may hold its digits.
const CPR: &str = "150385-0123";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The output rows as JSON.
    fn rows(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// `case_id` of each row (decisions and error rows alike).
    fn case_ids(&self) -> Vec<Value> {
        self.rows().iter().map(|r| r["case_id"].clone()).collect()
    }

    fn assert_no_cpr(&self) {
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !text.contains("150385") && !digits.contains("1503850123"),
                "{name} holds the CPR number: {text}"
            );
        }
    }
}

/// Runs `helhed route --no-trace --as-of 2025-01-01 [extra] [file]` with `stdin`.
fn route(extra: &[&str], file: Option<&PathBuf>, stdin: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_helhed"));
    command
        .args(["route", "--no-trace", "--as-of", "2025-01-01"])
        .args(extra);
    if let Some(path) = file {
        command.arg(path);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run helhed");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("helhed ends");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
    }
}

/// A file with `text`, removed when dropped.
struct TempFile(PathBuf);

impl std::ops::Deref for TempFile {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A file named `name` (with a name unique to this process and call) holding `text`.
fn file(name: &str, text: &str) -> TempFile {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("helhed-cli-{}-{n}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write input");
    TempFile(path)
}

fn pretty(json: &str) -> String {
    let value: Value = serde_json::from_str(json).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

/// Runs the text from standard input (format detected) and as a `.json` file; both must agree.
fn route_json(name: &str, text: &str) -> Run {
    let from_stdin = route(&[], None, text);
    let from_file = route(&[], Some(&file(&format!("{name}.json"), text)), "");
    assert_eq!(from_stdin.code, from_file.code, "{name}: exit codes differ");
    assert_eq!(
        from_stdin.stdout, from_file.stdout,
        "{name}: outputs differ"
    );
    from_stdin
}

#[test]
fn one_pretty_printed_case_is_one_row() {
    let run = route_json("pretty", &pretty(A));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.case_ids(), ["a"]);
}

#[test]
fn a_json_array_compact_or_pretty_is_one_row_per_element() {
    let array = format!("[{A}, {B}]");
    for text in [array.clone(), pretty(&array), format!("[\n{A},\n{B}\n]\n")] {
        let run = route_json("array", &text);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.case_ids(), ["a", "b"]);
    }
    let run = route_json("empty-array", "[]");
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn pretty_printed_cases_one_after_another_are_one_row_each() {
    // What `jq . cases.jsonl` writes.
    let run = route_json("concatenated", &format!("{}\n{}\n", pretty(A), pretty(B)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.case_ids(), ["a", "b"]);
}

#[test]
fn json_lines_skip_blank_lines_and_give_bad_lines_an_error_row() {
    let text = format!("\n{A}\n\n   \n{B}\n\n");
    for run in [
        route(&[], None, &text),
        route(&[], Some(&file("lines.jsonl", &text)), ""),
        route(&[], Some(&file("lines.json", &text)), ""),
    ] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.case_ids(), ["a", "b"]);
    }
    // A bad first line: the input is still JSON Lines, not one broken document.
    let text = format!("{{\"id\": \"x\", \"benefit\": \n{A}\n\n{B}\n");
    let run = route_json("bad-first-line", &text);
    assert_eq!(run.code, 1);
    let rows = run.rows();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["index"], 0);
    assert_eq!(rows[0]["error"]["code"], "syntax");
    assert_eq!(run.case_ids()[1..], ["a", "b"]);
    // A bad line in the middle of streamed JSON Lines.
    let run = route(&[], None, &format!("{A}\n[1, 2]\n{B}\n"));
    assert_eq!(run.code, 1);
    let rows = run.rows();
    assert_eq!(rows[1]["index"], 1);
    assert_eq!(rows[1]["error"]["field"], "");
    assert_eq!(
        rows[1]["error"]["message"],
        "expected a JSON object (one case)"
    );
}

#[test]
fn a_broken_array_is_one_clear_message_and_exit_2() {
    let whole = pretty(&format!("[{A}, {B}]"));
    let cut = &whole[..whole.len() / 2];
    let mistyped = format!("[\n{A},\n{{\"id\": \"c\", \"benefit\": ]\n");
    for (name, text) in [("cut", cut), ("mistyped", mistyped.as_str())] {
        let run = route_json(name, text);
        assert_eq!(run.code, 2, "{name}: {}", run.stdout);
        assert_eq!(run.stdout, "", "{name}: no rows for an unreadable array");
        assert!(
            run.stderr.contains("not a valid JSON array (line ")
                && run.stderr.contains("no case was routed"),
            "{name}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{name}: {}", run.stderr);
    }
}

#[test]
fn one_broken_pretty_printed_case_is_one_error_row_that_says_where() {
    let whole = pretty(A);
    let lines: Vec<&str> = whole.lines().collect();
    let cut = lines[..3].join("\n");
    let run = route_json("broken-case", &cut);
    assert_eq!(run.code, 1);
    let rows = run.rows();
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    assert_eq!(rows[0]["error"]["code"], "syntax");
    assert_eq!(rows[0]["error"]["field"], "");
    assert!(rows[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("line 3"));
    // Text after a single case: one error row too.
    let run = route_json("text-after", &format!("{A} extra"));
    assert_eq!((run.code, run.rows().len()), (1, 1));
}

#[test]
fn broken_text_after_several_documents_is_one_error_row() {
    let run = route_json(
        "broken-after",
        &format!("{}\n{}\n{{ \"id\": ", pretty(A), pretty(B)),
    );
    assert_eq!(run.code, 1);
    let rows = run.rows();
    assert_eq!(rows.len(), 3, "{}", run.stdout);
    assert_eq!(run.case_ids()[..2], ["a", "b"]);
    assert_eq!(rows[2]["index"], 2);
    assert_eq!(rows[2]["error"]["code"], "syntax");
}

#[test]
fn empty_input_is_no_rows_unless_it_was_declared_json() {
    for text in ["", "\n\n  \n"] {
        let run = route(&[], None, text);
        assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{text:?}");
        let run = route(&[], Some(&file("empty.jsonl", text)), "");
        assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{text:?}");
        for run in [
            route(&[], Some(&file("empty.json", text)), ""),
            route(&["--input-format", "json"], None, text),
        ] {
            assert_eq!(run.code, 2, "{text:?}");
            assert!(run.stderr.contains("the input is empty"), "{}", run.stderr);
        }
    }
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let run = route_json("bom", &format!("\u{feff}{}", pretty(A)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.case_ids(), ["a"]);
}

#[test]
fn error_rows_never_show_an_id_holding_a_cpr_number() {
    let cpr_id = A.replace("\"a\"", &format!("\"sag {CPR}\""));
    let cpr_id_bad = B
        .replace("\"b\"", "\"sag1503850123\"")
        .replace("\"none\"", "\"nope\"");
    let plain_bad = B.replace("\"none\"", "\"nope\"");
    let lines = format!("{cpr_id}\n{cpr_id_bad}\n{plain_bad}\n");
    let array = format!("[{cpr_id}, {cpr_id_bad}, {plain_bad}]");
    for run in [
        route(&[], None, &lines),
        route(&[], Some(&file("ids.jsonl", &lines)), ""),
        route_json("ids", &array),
    ] {
        assert_eq!(run.code, 1);
        let rows = run.rows();
        assert_eq!(rows[0]["error"]["code"], "id_looks_like_cpr");
        assert_eq!(rows[0]["error"]["field"], "id");
        assert_eq!(rows[1]["error"]["field"], "benefit");
        assert_eq!(run.case_ids(), [Value::Null, Value::Null, "b".into()]);
        run.assert_no_cpr();
    }
    let csv = format!(
        "id,birth_date,benefit\nsag {CPR},1990-01-01,none\nx1503850123,1990-01-01,nope\nb,1990-01-01,nope\n"
    );
    for format in ["jsonl", "csv"] {
        let run = route(
            &["--output-format", format],
            Some(&file("ids.csv", &csv)),
            "",
        );
        assert_eq!(run.code, 1);
        run.assert_no_cpr();
        if format == "jsonl" {
            assert_eq!(run.case_ids(), [Value::Null, Value::Null, "b".into()]);
        }
    }
}

#[test]
fn a_key_given_twice_is_an_error_row_naming_it() {
    let text = A.replace("\"efforts\"", "\"benefit\": \"su\", \"efforts\"");
    let run = route(&[], None, &format!("{text}\n"));
    assert_eq!(run.code, 1);
    let rows = run.rows();
    assert_eq!(rows[0]["error"]["code"], "duplicate_field");
    assert_eq!(rows[0]["error"]["field"], "benefit");
    assert_eq!(rows[0]["case_id"], "a");
}
