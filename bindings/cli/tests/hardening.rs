//! Issue 8: the edges an adversarial run and a first-time user found. Each test here failed
//! before the fix: free text of an effort in decisions, a stray CSV quote dropping the rest of
//! the file, a bad first line disabling streaming, CPR digits in headers, paths and widened id
//! spellings, unbounded `--threads` and record sizes, lenient dates, unredacted channels, "1
//! errors", English in `--explain da`, and the size of the default output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The digits of the CPR number these tests plant; no output may hold them.
const CPR_DIGITS: &str = "1503850123";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    fn rows(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    fn assert_no_cpr(&self, what: &str) {
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !text.contains("150385") && !digits.contains(CPR_DIGITS),
                "{what}: {name} holds the CPR number: {text}"
            );
        }
    }
}

fn helhed(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_helhed"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run helhed");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    // Written from a thread: the command may stop reading early (a usage error).
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("helhed ends");
    let _ = writer.join();
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A folder of files for one test, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path =
            std::env::temp_dir().join(format!("helhed-hardening-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp folder");
        Folder(path)
    }

    fn file(&self, name: &str, content: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).expect("write file");
        path.display().to_string()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const GOOD: &str = r#"{"id":"g","birth_date":"1990-01-01","benefit":"none","efforts":[]}"#;

#[test]
fn an_efforts_free_text_reaches_no_output() {
    let case = r#"{"birth_date":"1990-01-01","benefit":"none","needs":["sel"],"efforts":[{"sector":"lab","start":"2024-01-01","end":"2027-01-01","kind":"mentor","law":"1503850123","section":"§ 1"}]}"#;
    let csv = "birth_date,benefit,needs,efforts\n1990-01-01,none,sel,lab:2024-01-01:2027-01-01:1503850123:§ 1:mentor\n";
    for (args, input) in [
        (vec![], case),
        (vec!["--trace", "full"], case),
        (vec!["--output-format", "csv"], case),
        (vec!["--explain", "en"], case),
        (vec!["--explain", "da"], case),
        (vec!["--input-format", "csv"], csv),
        (vec!["--input-format", "csv", "--output-format", "csv"], csv),
    ] {
        let mut all = vec!["route", "--as-of", "2026-11-23"];
        all.extend(&args);
        let run = helhed(&all, input.as_bytes());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.assert_no_cpr(&format!("{args:?}"));
        assert!(
            run.stdout.contains("efforts[0] (lab)"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

fn csv_population(rows: usize, row_5: &str) -> String {
    let mut text = String::from("id,birth_date,benefit\n");
    for i in 0..rows {
        if i == 5 {
            text.push_str(row_5);
        } else {
            text.push_str(&format!("sag-{i},1990-01-01,none"));
        }
        text.push('\n');
    }
    text
}

#[test]
fn a_stray_quote_in_a_csv_cell_costs_at_most_its_own_row() {
    let folder = Folder::new("quotes");
    // A quote inside a cell is a character of the cell; the row is decided.
    let path = folder.file(
        "stray.csv",
        csv_population(10_000, "sag\"5,1990-01-01,none").as_bytes(),
    );
    let run = helhed(
        &[
            "route",
            "--as-of",
            "2026-11-23",
            "--no-trace",
            "--summary",
            &path,
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.lines().len(), 10_000);
    assert_eq!(run.rows()[5]["case_id"], "sag\"5");
    // A quote that opens a cell and is never closed: one error row, and the rest is read.
    let unclosed = format!("\"sag5 {},1990-01-01,none", "150385-0123");
    let path = folder.file("unclosed.csv", csv_population(10_000, &unclosed).as_bytes());
    for output in ["jsonl", "csv"] {
        let run = helhed(
            &[
                "route",
                "--as-of",
                "2026-11-23",
                "--summary",
                "--output-format",
                output,
                &path,
            ],
            b"",
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.assert_no_cpr("unclosed quote");
        let lines = run.lines();
        let header = usize::from(output == "csv");
        assert_eq!(lines.len(), 10_000 + header);
        assert!(
            run.stderr.contains("10000 rows: 9999 decided, 1 error;"),
            "{}",
            run.stderr
        );
        if output == "jsonl" {
            let rows = run.rows();
            assert_eq!(rows[5]["error"]["code"], "invalid_value");
            assert!(rows[5]["case_id"].is_null());
            assert_eq!(rows[6]["case_id"], "sag-6");
            assert_eq!(rows[9_999]["case_id"], "sag-9999");
        }
    }
    // Quoted cells with commas and doubled quotes are read as RFC 4180 says.
    let text = "id,birth_date,benefit\n\"a,\"\"b\"\"\",1990-01-01,\"none\"\n";
    let run = helhed(
        &["route", "--as-of", "2026-11-23", "--input-format", "csv"],
        text.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.rows()[0]["case_id"], "a,\"b\"");
}

#[test]
fn a_bad_first_line_costs_one_error_row_and_streaming_goes_on() {
    let folder = Folder::new("first-line");
    let mut input = b"\xff\xfe not text {\n".to_vec();
    for _ in 0..1_000 {
        input.extend_from_slice(GOOD.as_bytes());
        input.push(b'\n');
    }
    let path = folder.file("cases", &input);
    for run in [
        helhed(&["route", "--as-of", "2026-11-23", "--no-trace"], &input),
        helhed(
            &["route", "--as-of", "2026-11-23", "--no-trace", &path],
            b"",
        ),
    ] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let rows = run.rows();
        assert_eq!(rows.len(), 1_001);
        assert_eq!(rows[0]["error"]["code"], "syntax");
        assert!(rows[1..].iter().all(|r| r["case_id"] == "g"));
    }
}

#[test]
fn cpr_numbers_in_headers_paths_and_ids_never_leave() {
    let folder = Folder::new("cpr-places");
    let run = helhed(
        &["route", "--input-format", "csv", "--as-of", "2026-11-23"],
        b"id,birth_date,150385-0123\n",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown column"), "{}", run.stderr);
    run.assert_no_cpr("CSV header");
    let missing = folder
        .0
        .join("cases-150385-0123.jsonl")
        .display()
        .to_string();
    let run = helhed(&["route", "--as-of", "2026-11-23", &missing], b"");
    assert_eq!(run.code, 2);
    run.assert_no_cpr("file path");
    let ids = [
        "150385.0123",
        "150385/0123",
        "150385_0123",
        "150385\u{2013}0123",
        "150385 - 0123",
        "sag 01503850123",
    ];
    let lines: String = ids
        .iter()
        .map(|id| GOOD.replace("\"g\"", &format!("\"{id}\"")) + "\n")
        .collect();
    let csv: String = std::iter::once("id,birth_date,benefit\n".to_string())
        .chain(ids.iter().map(|id| format!("{id},1990-01-01,none\n")))
        .collect();
    for (args, input) in [
        (vec![], lines.as_str()),
        (vec!["--input-format", "csv"], csv.as_str()),
        (
            vec!["--input-format", "csv", "--output-format", "csv"],
            csv.as_str(),
        ),
    ] {
        let mut all = vec!["route", "--as-of", "2026-11-23"];
        all.extend(&args);
        let run = helhed(&all, input.as_bytes());
        assert_eq!(run.code, 1, "{args:?}");
        run.assert_no_cpr(&format!("ids {args:?}"));
        if args.len() < 3 {
            for row in run.rows() {
                assert_eq!(row["error"]["code"], "id_looks_like_cpr", "{row}");
                assert!(row["case_id"].is_null());
            }
        }
    }
}

#[test]
fn threads_are_capped_with_a_usage_error() {
    for n in ["40000", "257", "0", "many"] {
        let run = helhed(
            &["route", "--threads", n, "--as-of", "2026-11-23"],
            GOOD.as_bytes(),
        );
        assert_eq!(run.code, 2, "--threads {n}");
        assert!(
            run.stderr.contains("number of threads from 1 to"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    let run = helhed(
        &["route", "--threads", "1", "--as-of", "2026-11-23"],
        GOOD.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_record_over_the_size_limit_is_one_error_row() {
    let long = GOOD.replace("\"g\"", &format!("\"{}\"", "x".repeat(2 << 20)));
    let input = format!("{GOOD}\n{long}\n{GOOD}\n");
    let run = helhed(
        &["route", "--as-of", "2026-11-23", "--no-trace"],
        input.as_bytes(),
    );
    assert_eq!(run.code, 1);
    let rows = run.rows();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (&rows[0]["case_id"], &rows[2]["case_id"]),
        (&"g".into(), &"g".into())
    );
    assert!(rows[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--max-record-bytes"));
    let run = helhed(
        &[
            "route",
            "--as-of",
            "2026-11-23",
            "--no-trace",
            "--max-record-bytes",
            "3000000",
        ],
        input.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Bytes without a line break, as from /dev/zero: one error row, nothing held.
    let zeros = vec![0u8; 5 << 20];
    let run = helhed(&["route", "--as-of", "2026-11-23"], &zeros);
    assert_eq!((run.code, run.lines().len()), (1, 1), "{}", run.stderr);
    // A CSV row too.
    let csv = format!(
        "id,birth_date,benefit\n{},1990-01-01,none\ng,1990-01-01,none\n",
        "y".repeat(2 << 20)
    );
    let run = helhed(
        &["route", "--as-of", "2026-11-23", "--input-format", "csv"],
        csv.as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.rows().len(), 2);
}

#[test]
fn dates_are_strict_iso_in_every_input_and_output() {
    for args in [
        vec!["route", "--as-of", "23-11-2026"],
        vec!["route", "--as-of", "+2026-11-23"],
        vec!["route", "--as-of", "10000-01-01"],
        vec!["check-plan", "--as-of", "2026-2-1"],
    ] {
        let run = helhed(&args, GOOD.as_bytes());
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("expected a date YYYY-MM-DD"),
            "{}",
            run.stderr
        );
    }
    for birth in ["0000-01-01", "+2000-01-01", "1990-1-1", "2023-02-30"] {
        let json = GOOD.replace("1990-01-01", birth);
        let csv = format!("birth_date,benefit\n{birth},none\n");
        for (args, input) in [(vec![], json), (vec!["--input-format", "csv"], csv)] {
            let mut all = vec!["route", "--as-of", "2026-11-23"];
            all.extend(&args);
            let run = helhed(&all, input.as_bytes());
            assert_eq!(run.code, 1, "{birth} {args:?}");
            assert_eq!(run.rows()[0]["error"]["field"], "birth_date");
        }
    }
    let young = GOOD.replace("1990-01-01", "9990-01-01");
    let run = helhed(&["route", "--as-of", "9999-06-01"], young.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('+'), "{}", run.stdout);
}

/// A rule set whose id, texts, source and forum hold CPR numbers, at a path that holds one: the
/// redaction is all that stands between them and every output channel.
const CPR_RULES: &str = r#"
id = "rules 150385-0123"
title = "t"
municipality = "m"
extends = "norddjurs-2021"

[[routing]]
id = "routing.all"
then = { unit = "arbejdsmarked", caseworkers = 1, forum = "forum 150385-0123" }
source = "source 1503850123"
status = "source"
text_da = "da 150385.0123"
text_en = "en 150385/0123"
"#;

#[test]
fn every_output_channel_passes_through_the_redaction() {
    let folder = Folder::new("channels");
    let rules = folder.file("rules-150385-0123.toml", CPR_RULES.as_bytes());
    let broken = folder.file("broken-150385-0123.toml", b"id = \"x\"\n[[nonsense");
    let plan =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/plan.json"))
            .expect("example plan");
    let route = |extra: &[&str], as_of: &str, input: &[u8]| {
        let mut args = vec!["route", "--as-of", as_of, "--rules", rules.as_str()];
        args.extend(extra);
        helhed(&args, input)
    };
    let channels: Vec<(&str, Run, i32)> = vec![
        (
            "decision rows",
            route(&[], "2026-01-01", GOOD.as_bytes()),
            0,
        ),
        (
            "decision rows, full trace",
            route(&["--trace", "full"], "2026-01-01", GOOD.as_bytes()),
            0,
        ),
        (
            "CSV",
            route(&["--output-format", "csv"], "2026-01-01", GOOD.as_bytes()),
            0,
        ),
        (
            "explanations",
            route(&["--explain", "en"], "2026-01-01", GOOD.as_bytes()),
            0,
        ),
        (
            "explanations in Danish",
            route(&["--explain", "da"], "2026-01-01", GOOD.as_bytes()),
            0,
        ),
        ("error rows", route(&[], "2000-01-01", GOOD.as_bytes()), 1),
        (
            "CSV error rows",
            route(&["--output-format", "csv"], "2000-01-01", GOOD.as_bytes()),
            1,
        ),
        (
            "stderr, summary",
            route(&["--summary"], "2026-01-01", GOOD.as_bytes()),
            0,
        ),
        (
            "plan reports",
            helhed(
                &["check-plan", "--as-of", "2026-03-10", "--rules", &rules],
                &plan,
            ),
            0,
        ),
        ("rules show", helhed(&["rules", "show", &rules], b""), 0),
        ("rules check", helhed(&["rules", "check", &rules], b""), 0),
        (
            "stderr, bad rule file",
            helhed(&["rules", "check", &broken], b""),
            2,
        ),
    ];
    for (name, run, code) in channels {
        assert_eq!(run.code, code, "{name}: {}", run.stderr);
        assert!(
            !run.stdout.is_empty() || !run.stderr.is_empty(),
            "{name}: no output"
        );
        run.assert_no_cpr(name);
        assert!(
            run.stdout.contains(helhed::cpr::REDACTED)
                || run.stderr.contains(helhed::cpr::REDACTED),
            "{name}: nothing was redacted, so the test did not reach the channel: {} {}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn the_summary_counts_in_words_that_agree_with_the_numbers() {
    let input = format!("{GOOD}\n{{\"benefit\": 1}}\n");
    let run = helhed(
        &["route", "--as-of", "2026-11-23", "--summary"],
        input.as_bytes(),
    );
    assert!(
        run.stderr.contains("2 rows: 1 decided, 1 error;"),
        "{}",
        run.stderr
    );
    let run = helhed(
        &["route", "--as-of", "2026-11-23", "--summary"],
        GOOD.as_bytes(),
    );
    assert!(
        run.stderr.contains("1 row: 1 decided, 0 errors;"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_da_is_danish_tags_and_error_rows_included() {
    let input = format!(
        "{}\n{}\n",
        r#"{"id":"sag-17","birth_date":"1979-04-30","benefit":"kontanthjaelp","efforts":[{"sector":"lab","start":"2026-01-05"}],"needs":["sel"],"social_events":["homelessness"]}"#,
        GOOD.replace("\"none\"", "\"nope\"")
    );
    let run = helhed(
        &["route", "--as-of", "2026-11-23", "--explain", "da"],
        input.as_bytes(),
    );
    assert_eq!(run.code, 1);
    let text = run.stdout;
    assert!(text.contains("· kilde ·"), "{text}");
    for english in [
        "· source ·",
        "ASSUMPTION",
        "question ",
        "example ",
        "Row ",
        "expected",
    ] {
        assert!(!text.contains(english), "`{english}` in {text}");
    }
    assert!(
        text.contains("Række 1 (sag g): ikke afgjort: feltet benefit"),
        "{text}"
    );
}

#[test]
fn the_default_output_writes_the_trace_by_reference() {
    let synth = helhed(&["synth", "--n", "2000", "--seed", "7"], b"");
    assert_eq!(synth.code, 0);
    let run = helhed(&["route", "--as-of", "2026-11-23"], synth.stdout.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = run.rows();
    assert_eq!(rows.len(), 2000);
    let per_decision = run.stdout.len() / rows.len();
    assert!(per_decision <= 700, "{per_decision} bytes per decision");
    for row in &rows {
        let trace = row["trace"].as_array().unwrap();
        // The version in force is `rule_set.version`, not a trace entry.
        assert!(row["rule_set"]["version"].is_string(), "{row}");
        assert!(trace.iter().all(|e| e["table"] != "versions"), "{row}");
        assert!(trace.iter().any(|e| e["table"] == "routing"), "{row}");
        for entry in trace {
            let keys: Vec<&str> = entry
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys.len(), 3, "{entry}");
            assert!(
                keys.iter().all(|k| ["rule", "table", "status"].contains(k)),
                "{entry}"
            );
        }
    }
    let full = helhed(
        &["route", "--as-of", "2026-11-23", "--trace", "full"],
        GOOD.as_bytes(),
    );
    assert!(full.stdout.contains("\"text_da\":"), "{}", full.stdout);
    assert!(
        full.stdout.contains("\"table\":\"versions\""),
        "{}",
        full.stdout
    );
    let none = helhed(
        &["route", "--as-of", "2026-11-23", "--no-trace"],
        GOOD.as_bytes(),
    );
    assert!(
        none.stdout.trim_end().ends_with(",\"trace\":[]}"),
        "{}",
        none.stdout
    );
}
