//! The plan documentation cannot drift from the code: the code table of `docs/plan-checks.md` is
//! generated from `helhed::plan::codes`, and the README's example plan gives what the README says.

use helhed::plan::{check_plan, codes, Code, Plan, Severity};
use helhed::RuleSet;
use std::path::PathBuf;

const BEGIN: &str = "<!-- codes:begin (generated; do not edit) -->\n";
const END: &str = "<!-- codes:end -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_code_table_in_the_docs_is_generated_from_the_codes() {
    let path = root().join("docs/plan-checks.md");
    let text = std::fs::read_to_string(&path).expect("docs/plan-checks.md");
    let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("docs/plan-checks.md lacks the markers {BEGIN:?} and {END:?}");
    };
    let start = start + BEGIN.len();
    assert!(start <= end, "markers out of order");
    let table = codes::markdown_table();
    if text[start..end] == table {
        return;
    }
    if std::env::var_os("HELHED_BLESS").is_some() {
        let updated = format!("{}{table}{}", &text[..start], &text[end..]);
        std::fs::write(&path, updated).expect("write docs/plan-checks.md");
        return;
    }
    panic!(
        "the code table in docs/plan-checks.md is stale: run `HELHED_BLESS=1 cargo test -p helhed --test plan_docs`"
    );
}

#[test]
fn every_code_is_in_the_table_with_its_severity() {
    let table = codes::markdown_table();
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        assert!(
            table.contains(&format!("| `{code}` | {severity} |")),
            "{code} missing from the table"
        );
    }
}

fn d(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// The README section's worked example (docs/README-plan-section.md).
#[test]
fn the_readme_example_plan_is_valid_with_one_warning() {
    let text =
        std::fs::read_to_string(root().join("examples/plan.json")).expect("examples/plan.json");
    let plan = Plan::from_json(&text).expect("the example is a plan");
    for id in ["norddjurs-2021", "ds-2017"] {
        let rules = RuleSet::builtin(id).unwrap();
        let report = check_plan(&plan, d("2026-03-10"), &rules).unwrap();
        assert!(report.valid, "{id}");
        let codes: Vec<&str> = report.violations.iter().map(|v| v.code.as_str()).collect();
        assert_eq!(codes, ["PLAN_CASELOAD_ABOVE_CEILING"], "{id}");
    }

    // The parents object and only the young person consents: invalid under the default,
    // valid under ds-2017.
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["parents_object"] = true.into();
    let consents = value["consents"].as_array().unwrap().clone();
    value["consents"] = consents
        .into_iter()
        .filter(|c| c["given_by"] == "citizen")
        .collect::<Vec<_>>()
        .into();
    let plan = Plan::from_value(&value).unwrap();
    let default = check_plan(&plan, d("2026-03-10"), RuleSet::default_rules()).unwrap();
    assert!(!default.valid);
    assert_eq!(default.violations[0].code.as_str(), "PLAN_PARENTS_OBJECT");
    let ds = check_plan(
        &plan,
        d("2026-03-10"),
        &RuleSet::builtin("ds-2017").unwrap(),
    )
    .unwrap();
    assert!(ds.valid);
}
