//! `docs/questions.md` answers each of seed 000's 14 questions, and every row and parameter it
//! names exists in an embedded rule set (so the page cannot silently go stale when rows change).

use helhed::RuleSet;
use std::collections::BTreeSet;

const DOC: &str = include_str!("../../docs/questions.md");

/// Words in backticks on the page.
fn quoted() -> Vec<&'static str> {
    DOC.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_question_has_a_section() {
    for n in 1..=14 {
        assert!(
            DOC.contains(&format!("\n## {n}. ")),
            "docs/questions.md has no section for question {n}"
        );
    }
}

#[test]
fn every_row_and_parameter_named_exists() {
    let mut rows = BTreeSet::new();
    let mut parameters = BTreeSet::new();
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).unwrap();
        rows.extend(rules.target_group.iter().map(|r| r.id.clone()));
        rows.extend(rules.routing.iter().map(|r| r.id.clone()));
        rows.extend(rules.obligations.iter().map(|r| r.id.clone()));
        parameters.extend(rules.parameters.keys().cloned());
    }
    // Contract field names and values the page also puts in backticks.
    let fields = [
        "unit",
        "co_units",
        "coordinating_unit",
        "caseworkers",
        "forum",
        "target_group",
        "education_status",
        "none",
        "lab_contact",
        "education_duty",
        "notification_handling",
        "arbejdsmarked",
        "socialomraadet",
    ];
    let mut missing = Vec::new();
    for word in quoted() {
        let is_row = ["tg.", "routing.", "obligation."]
            .iter()
            .any(|p| word.starts_with(p));
        if is_row {
            // `obligation.offer-plan-…` names a family of rows by its prefix.
            let found = match word.strip_suffix('…') {
                Some(prefix) => rows.iter().any(|r| r.starts_with(prefix)),
                None => rows.contains(word),
            };
            if !found {
                missing.push(format!("row {word}"));
            }
        } else if word.contains('_')
            && !word.contains(' ')
            && !word.contains('.')
            && !word.starts_with("PLAN_")
            && !fields.contains(&word)
            && !parameters.contains(word)
        {
            missing.push(format!("parameter {word}"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/questions.md names what no embedded rule set has: {missing:?}"
    );
}
