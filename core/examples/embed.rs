//! For a municipal case system: embed the crate, route a case received as JSON, keep the audit
//! record, and turn bad input into a message for the user — without ever logging a CPR number.
//!
//! Run: `cargo run -p helhed --example embed`

use chrono::NaiveDate;
use helhed::{Case, RouteOptions, RuleSet};

fn main() {
    // Load once at start-up; a RuleSet is immutable and can be shared across threads.
    let rules = RuleSet::default_rules();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date");

    let incoming = [
        // A case as the host sends it: the CPR number only derives the birth date.
        r#"{"id": "nexus-4711", "cpr": "300497-1234", "benefit": "kontanthjaelp",
            "efforts": [{"sector": "lab", "law": "LAB", "section": "§ 32", "kind": "praktik", "start": "2026-02-01", "end": null}],
            "needs": ["sel"]}"#,
        // A mistyped benefit: the error names the field and the allowed values, never the input.
        r#"{"id": "nexus-4712", "cpr": "300497-1234", "benefit": "kontanthjælp", "efforts": []}"#,
    ];

    for json in incoming {
        match Case::from_json(json).and_then(|case| {
            rules.route(
                &case,
                as_of,
                RouteOptions {
                    trace: true,
                    next_transition: true,
                },
            )
        }) {
            Ok(decision) => {
                // The audit record: reload this rule set (id, version, sha256) to reproduce the decision.
                let audit = &decision.rule_set;
                let coordinating = decision
                    .coordinating_unit
                    .map_or("none", |unit| unit.as_str());
                println!(
                    "{}: unit {}, coordinating {coordinating}, decided by {} version {} sha256 {}",
                    decision.case_id.as_deref().unwrap_or("-"),
                    decision.unit,
                    audit.id,
                    audit.version,
                    audit.sha256
                );
                for step in &decision.trace {
                    println!("    {} [{}] {}", step.rule, step.source, step.text_en);
                }
                // The contract's JSON for the host's own storage or API.
                let stored = serde_json::to_string(&decision).expect("decisions serialise");
                assert!(!stored.contains("300497"), "no CPR number in the output");
            }
            Err(error) => {
                let report = error.to_report();
                println!(
                    "rejected: field `{}` ({}): {}",
                    report.field, report.code, report.message
                );
                assert!(!report.message.contains("300497"));
            }
        }
    }
}
