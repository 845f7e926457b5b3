//! `helhed rules lint`: the findings of the broken fixtures (`tests/lint/`) as text and JSON, and
//! the exit codes: 0 clean (warnings allowed), 1 findings, 2 a rule set cannot be loaded.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs `helhed rules lint ARGS` in the repository root: (exit code, stdout, stderr).
fn lint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_helhed"))
        .current_dir(root())
        .args(["rules", "lint"])
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
fn a_clean_file_exits_0_and_prints_no_findings() {
    let (code, stdout, stderr) = lint(&["tests/lint/clean.toml", "--sources", "tests/lint/seeds"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn each_broken_fixture_exits_1_naming_file_line_check_and_row() {
    for (file, line) in [
        (
            "tests/lint/seed-quote.toml",
            "tests/lint/seed-quote.toml:34: error[seed-quote] routing.adult: \"Borgere har altid ret til to sagsbehandlere\" is not in seed 900_fixture.txt",
        ),
        (
            "tests/lint/unknown-seed.toml",
            "tests/lint/unknown-seed.toml:34: error[unknown-seed] routing.adult: cites seed 901_missing.txt",
        ),
        (
            "tests/lint/law-not-yet-in-force.toml",
            "tests/lint/law-not-yet-in-force.toml:51: error[law-not-yet-in-force] obligation.on-request: in force from 2020-01-01, but cites Barnets lov",
        ),
        (
            "tests/lint/duplicate-id.toml",
            "tests/lint/duplicate-id.toml:43: error[duplicate-id] routing.\\u{200B}adult:",
        ),
    ] {
        let (code, stdout, stderr) = lint(&[file, "--sources", "tests/lint/seeds"]);
        assert_eq!(code, 1, "{file}: {stdout}{stderr}");
        assert!(stdout.lines().any(|l| l.starts_with(line)), "{file}: {stdout}");
    }
}

#[test]
fn an_embedded_id_in_a_user_file_is_a_warning_and_exits_0() {
    let (code, stdout, stderr) = lint(&["tests/lint/embedded-id.toml"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.starts_with(
            "tests/lint/embedded-id.toml:2: warning[embedded-id] id: `norddjurs-2021`"
        ),
        "{stdout}"
    );
    assert!(stderr.contains("seed quotes not checked"), "{stderr}");
}

#[test]
fn json_output_is_an_array_of_findings() {
    let (code, stdout, _) = lint(&[
        "tests/lint/seed-quote.toml",
        "tests/lint/clean.toml",
        "--sources",
        "tests/lint/seeds",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let findings: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(findings.len(), 1, "{stdout}");
    let f = &findings[0];
    assert_eq!(f["file"], "tests/lint/seed-quote.toml");
    assert_eq!(f["line"], 34);
    assert_eq!(f["item"], "routing.adult");
    assert_eq!(f["check"], "seed-quote");
    assert_eq!(f["level"], "error");
}

#[test]
fn a_file_that_cannot_be_loaded_exits_2() {
    let (code, _, stderr) = lint(&["tests/lint/README.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot load"), "{stderr}");
    let (code, _, stderr) = lint(&["no-such-rule-set"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = lint(&["tests/lint/clean.toml", "--sources", "no/such/dir"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot read sources"), "{stderr}");
}

#[test]
fn another_law_table_is_read_with_laws() {
    // A table in which Serviceloven takes effect in 2030: the clean fixture's SEL citations, in
    // force from 2020, become findings.
    let dir = std::env::temp_dir().join(format!("helhed-lint-laws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let laws = dir.join("laws.toml");
    std::fs::write(
        &laws,
        "[[laws]]\nid = \"sel\"\nname = \"Serviceloven\"\ncited_as = [\"SEL\"]\nin_force = 2030-01-01\nsource = \"test\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = lint(&["tests/lint/clean.toml", "--laws", laws.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.contains("error[law-not-yet-in-force]"))
            .count(),
        2,
        "{stdout}"
    );
    let (code, _, stderr) = lint(&["tests/lint/clean.toml", "--laws", "tests/lint/clean.toml"]);
    assert_eq!(code, 2, "a rule file is not a law table: {stderr}");
}
