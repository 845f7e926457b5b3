//! Fuzz cases for the command, run in CI with bounded counts: JSON Lines, CSV and plans, each
//! damaged by random byte edits (deleted runs, inserted quotes, braces, separators, line breaks,
//! invalid UTF-8, CPR numbers) and fed to the real binary. For every input: no panic, no hang,
//! rows in = rows out (every row's `index` in order), and no CPR number in any output channel.

use proptest::prelude::*;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Planted CPR numbers; no output may hold one.
const CPRS: [&str; 3] = ["150385-0123", "1503850123", "150385.0123"];

/// Bytes the edits insert: structure of JSON and CSV, line breaks, invalid UTF-8, and CPRs.
const PIECES: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "|",
    "\n",
    "\r\n",
    "\\",
    " ",
    "\u{feff}",
    "§",
    "150385-0123",
    "1503850123",
    "2023-02-30",
    "+2000-01-01",
    "null",
    "true",
    "sel",
    "\u{0}",
];

/// One edit of an input: at a position (a fraction of its length), delete a run of bytes, or
/// insert a piece (or an invalid UTF-8 byte).
#[derive(Debug, Clone)]
enum Edit {
    Delete { at: f64, len: usize },
    Insert { at: f64, piece: usize },
    Invalid { at: f64 },
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0.0..1.0f64, 1..8usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (0.0..1.0f64, 0..PIECES.len()).prop_map(|(at, piece)| Edit::Insert { at, piece }),
        (0.0..1.0f64).prop_map(|at| Edit::Invalid { at }),
    ];
    proptest::collection::vec(edit, 1..12)
}

fn apply(base: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = base.as_bytes().to_vec();
    for edit in edits {
        let pos = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
        match *edit {
            Edit::Delete { at, len } => {
                let start = pos(at, bytes.len());
                let end = (start + len).min(bytes.len());
                bytes.drain(start..end);
            }
            Edit::Insert { at, piece } => {
                let start = pos(at, bytes.len());
                bytes.splice(start..start, PIECES[piece].bytes());
            }
            Edit::Invalid { at } => {
                let start = pos(at, bytes.len());
                bytes.insert(start, 0xff);
            }
        }
    }
    bytes
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the command with `stdin`, killing it after a generous bound (a hang fails the test).
fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_helhed"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run helhed");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("helhed {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().expect("stdout")).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().expect("stderr")).into_owned(),
    }
}

fn assert_no_cpr(run: &Run, what: &str) -> Result<(), TestCaseError> {
    for text in [&run.stdout, &run.stderr] {
        prop_assert!(
            CPRS.iter().all(|c| !text.contains(c)) && !helhed::cpr::contains_cpr(text.as_bytes()),
            "{}: a CPR number in the output: {}",
            what,
            text
        );
    }
    Ok(())
}

/// Checks a `route --output-format csv` run: exit 0 or 1, and one row per record, the `index`
/// column counting 0, 1, 2, … in order.
fn assert_rows(run: &Run, records: usize, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        run.code == 0 || run.code == 1,
        "{}: exit {}: {}",
        what,
        run.code,
        run.stderr
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(run.stdout.as_bytes());
    let mut n = 0usize;
    for row in reader.records() {
        let row = row.map_err(|e| TestCaseError::fail(format!("{what}: output CSV: {e}")))?;
        let expected = n.to_string();
        prop_assert_eq!(row.get(0), Some(expected.as_str()), "{}: row order", what);
        n += 1;
    }
    prop_assert_eq!(n, records, "{}: rows in != rows out", what);
    Ok(())
}

/// The non-blank lines of an input, as the command counts them.
fn non_blank_lines(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .count()
}

const JSON_CASES: &[&str] = &[
    r#"{"id":"a","birth_date":"1990-01-01","benefit":"kontanthjaelp","needs":["sel"],"efforts":[{"sector":"lab","start":"2024-01-01","end":"2027-01-01","kind":"mentor","law":"150385-0123","section":"§ 1"}]}"#,
    r#"{"id":"sag 150385-0123","birth_date":"2008-05-10","benefit":"none","efforts":[]}"#,
    r#"{"id":"c","cpr":"150385-0123","benefit":"none","efforts":[],"social_events":["homelessness"]}"#,
    r#"{"id":"d","birth_date":"2009-08-30","benefit":"none","placed":true,"efforts":[{"sector":"barnets_lov","start":"2023-01-01","end":null}],"education_status":"none"}"#,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(8), ..ProptestConfig::default() })]

    #[test]
    fn damaged_json_lines(edits in edits()) {
        let base: String = JSON_CASES.iter().map(|c| format!("{c}\n")).collect::<String>().repeat(3);
        let mut bytes = apply(&base, &edits);
        // Keep one record per non-blank line (no line that continues a pretty-printed
        // document, no array), so that the rows can be counted here.
        let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        for line in &mut lines {
            if matches!(line.first(), Some(b' ' | b'\t' | b'}' | b']' | b'[' | 0x0b | 0x0c | b'\r'))
                && !line.iter().all(u8::is_ascii_whitespace)
            {
                line.insert(0, b'x');
            }
        }
        bytes = lines.join(&b'\n');
        if bytes.starts_with(b"\xef\xbb\xbf") {
            bytes.drain(..3);
        }
        let records = non_blank_lines(&bytes);
        for extra in [&["--output-format", "csv"][..], &["--output-format", "csv", "--threads", "3"][..]] {
            let mut args = vec!["route", "--as-of", "2026-11-23", "--input-format", "jsonl"];
            args.extend(extra);
            let out = run(&args, &bytes);
            assert_no_cpr(&out, "JSON Lines")?;
            assert_rows(&out, records, "JSON Lines")?;
        }
        for extra in [&[][..], &["--trace", "full"][..], &["--explain", "da"][..]] {
            let mut args = vec!["route", "--as-of", "2026-11-23"];
            args.extend(extra);
            let out = run(&args, &bytes);
            prop_assert!(out.code == 0 || out.code == 1, "exit {}: {}", out.code, out.stderr);
            assert_no_cpr(&out, "JSON Lines")?;
        }
    }

    #[test]
    fn damaged_csv(edits in edits()) {
        let header = "id,birth_date,cpr,benefit,efforts,needs\n";
        let rows = "a,1990-01-01,,kontanthjaelp,lab:2024-01-01:2027-01-01:150385-0123:§ 1:mentor,sel\n\
                    \"sag 150385-0123\",2008-05-10,,none,,\n\
                    c,,150385-0123,none,,\n\
                    \"d, \"\"quoted\"\"\",2009-08-30,,none,barnets_lov:2023-01-01:,education\n";
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend(apply(&rows.repeat(3), &edits));
        let records = non_blank_lines(&bytes) - 1;
        for threads in ["1", "2"] {
            let out = run(
                &["route", "--as-of", "2026-11-23", "--input-format", "csv", "--output-format", "csv", "--threads", threads],
                &bytes,
            );
            assert_no_cpr(&out, "CSV")?;
            assert_rows(&out, records, "CSV")?;
        }
        let out = run(&["route", "--as-of", "2026-11-23", "--input-format", "csv", "--explain", "en"], &bytes);
        prop_assert!(out.code == 0 || out.code == 1, "exit {}: {}", out.code, out.stderr);
        assert_no_cpr(&out, "CSV")?;
        // A damaged header: a usage error at worst, never a CPR in the message.
        let whole = apply(&format!("{header}{rows}"), &edits);
        let out = run(&["route", "--as-of", "2026-11-23", "--input-format", "csv"], &whole);
        prop_assert!((0..=2).contains(&out.code), "exit {}: {}", out.code, out.stderr);
        assert_no_cpr(&out, "CSV header")?;
    }

    #[test]
    fn damaged_plans(edits in edits()) {
        let plan = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/plan.json"))
            .expect("the example plan")
            .replace("sag-2026-0117", "sag 150385-0123");
        let bytes = apply(&plan, &edits);
        let out = run(&["check-plan", "--as-of", "2026-03-10", "-"], &bytes);
        prop_assert!((0..=2).contains(&out.code), "exit {}: {}", out.code, out.stderr);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&out.stdout).is_ok(), "not one JSON document: {}", out.stdout);
        assert_no_cpr(&out, "plan")?;
    }
}
