//! `helhed verify`: exit codes (0 clean, 1 gaps or shadowed rows, 2 a rule file that fails to
//! load) and the JSON report's shape.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/verify")
        .join(name)
        .display()
        .to_string()
}

fn verify(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_helhed"))
        .arg("verify")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn exit_codes() {
    let (code, out, _) = verify(&["--rules", "norddjurs-2021"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 gaps, 0 shadowed"));
    let (code, out, _) = verify(&["--rules", &fixture("gap.toml")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("gap: no routing row for ages 30–130+"),
        "{out}"
    );
    let (code, _, _) = verify(&["--rules", &fixture("shadowed.toml")]);
    assert_eq!(code, 1);
    // A bounce is a finding, not an error.
    let (code, out, _) = verify(&["--rules", &fixture("bounce.toml")]);
    assert_eq!(code, 0);
    assert!(out.contains("bounce: ungeindsatsen → socialomraadet at 18 → ungeindsatsen at 23"));
}

#[test]
fn a_rule_file_that_fails_to_load_names_file_row_and_reason() {
    let dir = std::env::temp_dir().join(format!("helhed-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.toml");
    let text = std::fs::read_to_string(fixture("gap.toml"))
        .unwrap()
        .replace(
            "when.age = { below = 30 }",
            "when.age = { below = \"nowhere\" }",
        );
    std::fs::write(&path, text).unwrap();
    let (code, _, err) = verify(&["--rules", &path.display().to_string()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.toml") && err.contains("routing.young"),
        "{err}"
    );
}

#[test]
fn json_report() {
    let (code, out, _) = verify(&["--rules", "norddjurs-model2-2020", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["rule_set"], "norddjurs-model2-2020");
    let bounces = report["versions"][0]["bounces"].as_array().unwrap();
    assert!(bounces.iter().any(|b| b["unit"] == "ungeindsatsen"
        && b["left_at"] == 18
        && b["back_at"] == 23
        && b["example"]["case"]["aftercare"] == true));
}

fn helhed(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_helhed"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn question_11() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/question_11.jsonl")
        .display()
        .to_string()
}

#[test]
fn timeline_shows_the_bounce_of_question_11() {
    let file = question_11();
    let args = |rules| {
        vec![
            "timeline",
            "--from",
            "2023-03-10",
            "--to",
            "2034-12-31",
            "--rules",
            rules,
            &file,
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    };
    let run = |rules| {
        let a = args(rules);
        helhed(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let (code, out) = run("norddjurs-model2-2020");
    assert_eq!(code, 0);
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["case_id"], "placed-15-18-ungestoette-18-22");
    assert_eq!(
        line["bounces"],
        serde_json::json!([{"unit": "socialomraadet", "left_on": "2031-03-10", "back_on": "2033-03-10"}])
    );
    let (_, out) = run("norddjurs-2021");
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(line["bounces"], serde_json::json!([]));
}

#[test]
fn changes_on_a_date_lists_only_the_cases_that_change() {
    let file = question_11();
    let (code, out) = helhed(&[
        "changes",
        "--on",
        "2031-03-10",
        "--rules",
        "norddjurs-model2-2020",
        &file,
    ]);
    assert_eq!(code, 0);
    let row: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(row["before"]["unit"], "socialomraadet");
    assert_eq!(row["after"]["unit"], "ungeindsatsen");
    assert_eq!(row["after"]["why"], "turns 23");
    let (code, out) = helhed(&[
        "changes",
        "--on",
        "2031-03-11",
        "--rules",
        "norddjurs-model2-2020",
        &file,
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn diff_exit_codes() {
    let (code, out) = helhed(&[
        "diff",
        "norddjurs-2021",
        "norddjurs-2021",
        "--on",
        "2026-01-01",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("0 regions differ"));
    let (code, out) = helhed(&[
        "diff",
        "norddjurs-2021",
        "norddjurs-model2-2020",
        "--on",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let diff: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!diff["regions"].as_array().unwrap().is_empty());
}
