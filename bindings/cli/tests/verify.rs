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
