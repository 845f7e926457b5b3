//! Runs the routing conformance cases in `tests/conformance/routing/*.json` (the format is in that
//! folder's README): every case through `Case::from_json` and `RuleSet::route`, compared with its
//! expectation. All failures are reported, each with its file and case name, before the test
//! fails. Also checks that case names are unique, that no CPR number of the input reaches an error
//! or a decision, and that the cases together decide with every row (and version) of every
//! built-in rule set.

use chrono::NaiveDate;
use helhed::{Decision, InputError, RouteOptions, RuleSet};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

mod support;

use support::{leaks, ten_digit_windows};

/// Keys a case object may have.
const CASE_KEYS: &[&str] = &[
    "name",
    "note",
    "rule_set",
    "as_of",
    "case",
    "case_text",
    "expect",
    "expect_error",
];

/// `expect` keys compared with the decision's field of the same name.
const DECISION_FIELDS: &[&str] = &[
    "unit",
    "eligible",
    "target_group",
    "coordinating_unit",
    "co_units",
    "caseworkers",
    "forum",
    "age",
    "age_band",
    "case_id",
];

/// `expect` keys compared in their own way.
const SPECIAL_FIELDS: &[&str] = &["obligations", "rules", "version", "next_transition"];

/// Trace tables whose rows `expect.rules` lists.
const RULE_TABLES: &[&str] = &["target_group", "routing", "obligations"];

fn rule_set<'a>(
    cache: &'a mut BTreeMap<String, Result<RuleSet, String>>,
    id: &str,
) -> &'a Result<RuleSet, String> {
    cache
        .entry(id.to_string())
        .or_insert_with(|| RuleSet::builtin(id).map_err(|e| e.to_string()))
}

fn obligations_of(decision: &Decision) -> Vec<String> {
    let mut list: Vec<String> = decision
        .obligations
        .iter()
        .map(|o| format!("{}:{}", o.kind, o.unit))
        .collect();
    list.sort();
    list
}

fn rules_of(decision: &Decision) -> Vec<String> {
    decision
        .trace
        .iter()
        .filter(|t| RULE_TABLES.contains(&t.table.as_str()))
        .map(|t| t.rule.clone())
        .collect()
}

/// Compares a decision with `expect`; returns the mismatches.
fn compare(decision: &Decision, expect: &Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let json = match serde_json::to_value(decision) {
        Ok(v) => v,
        Err(e) => return vec![format!("decision does not serialise: {e}")],
    };
    for (key, want) in expect {
        let got: Value = if DECISION_FIELDS.contains(&key.as_str()) {
            json.get(key).cloned().unwrap_or(Value::Null)
        } else {
            match key.as_str() {
                "obligations" => {
                    let mut want_list: Vec<String> = match want.as_array() {
                        Some(items) => items
                            .iter()
                            .map(|i| i.as_str().unwrap_or("<not a string>").to_string())
                            .collect(),
                        None => {
                            problems.push("expect.obligations: not a list".into());
                            continue;
                        }
                    };
                    want_list.sort();
                    let got_list = obligations_of(decision);
                    if want_list != got_list {
                        problems.push(format!(
                            "obligations: expected {want_list:?}, got {got_list:?}"
                        ));
                    }
                    continue;
                }
                "rules" => Value::from(rules_of(decision)),
                "version" => Value::from(decision.rule_set.version.clone()),
                "next_transition" => {
                    let got = json.get("next_transition").cloned().unwrap_or(Value::Null);
                    match (want, &got) {
                        (Value::Null, Value::Null) => {}
                        (Value::Null, _) => {
                            problems.push(format!("next_transition: expected null, got {got}"))
                        }
                        (Value::Object(fields), Value::Object(have)) => {
                            for (k, v) in fields {
                                let h = have.get(k).unwrap_or(&Value::Null);
                                if h != v {
                                    problems.push(format!(
                                        "next_transition.{k}: expected {v}, got {h} (transition {got})"
                                    ));
                                }
                            }
                        }
                        (Value::Object(_), _) => {
                            problems.push(format!("next_transition: expected {want}, got {got}"))
                        }
                        _ => problems.push("expect.next_transition: not null or an object".into()),
                    }
                    continue;
                }
                _ => {
                    problems.push(format!(
                        "expect.{key}: unknown key; known: {}, {}",
                        DECISION_FIELDS.join(", "),
                        SPECIAL_FIELDS.join(", ")
                    ));
                    continue;
                }
            }
        };
        if &got != want {
            problems.push(format!("{key}: expected {want}, got {got}"));
        }
    }
    problems
}

/// What a case produced: a decision, or an error.
enum Outcome {
    Decided(Box<Decision>),
    Failed(InputError),
}

/// Checks one case; returns its problems and, when it decided, the decision.
fn run_case(
    case: &Map<String, Value>,
    cache: &mut BTreeMap<String, Result<RuleSet, String>>,
) -> (Vec<String>, Option<(String, Decision)>) {
    let mut problems = Vec::new();
    if let Some(k) = case.keys().find(|k| !CASE_KEYS.contains(&k.as_str())) {
        problems.push(format!(
            "unknown key `{k}`; known: {}",
            CASE_KEYS.join(", ")
        ));
    }
    let Some(rule_set_id) = case.get("rule_set").and_then(Value::as_str) else {
        return (vec!["no `rule_set`".into()], None);
    };
    let Some(as_of) = case
        .get("as_of")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    else {
        return (vec!["no `as_of` date (YYYY-MM-DD)".into()], None);
    };
    let text = match (case.get("case"), case.get("case_text")) {
        (Some(c), None) => c.to_string(),
        (None, Some(Value::String(t))) => t.clone(),
        _ => {
            return (
                vec!["give exactly one of `case` and `case_text` (a string)".into()],
                None,
            )
        }
    };
    let rules = match rule_set(cache, rule_set_id) {
        Ok(r) => r,
        Err(e) => return (vec![format!("rule set `{rule_set_id}`: {e}")], None),
    };
    let outcome = match helhed::Case::from_json(&text) {
        Err(e) => Outcome::Failed(e),
        Ok(parsed) => match rules.route(&parsed, as_of, RouteOptions::default()) {
            Ok(d) => Outcome::Decided(Box::new(d)),
            Err(e) => Outcome::Failed(e),
        },
    };
    let windows = ten_digit_windows(&text);
    match (&outcome, case.get("expect"), case.get("expect_error")) {
        (Outcome::Decided(d), Some(Value::Object(expect)), None) => {
            problems.extend(compare(d, expect));
            let json = serde_json::to_string(d.as_ref()).unwrap_or_default();
            if let Some(w) = leaks(&windows, &json) {
                problems.push(format!("the decision repeats the input's digits {w}"));
            }
        }
        (Outcome::Failed(e), None, Some(Value::Object(want))) => {
            let message = e.to_string();
            if let Some(code) = want.get("code") {
                if code != e.code() {
                    problems.push(format!(
                        "error code: expected {code}, got \"{}\" ({message})",
                        e.code()
                    ));
                }
            } else {
                problems.push("expect_error has no `code`".into());
            }
            if let Some(field) = want.get("field") {
                if field != &e.field() {
                    problems.push(format!(
                        "error field: expected {field}, got \"{}\" ({message})",
                        e.field()
                    ));
                }
            }
            if let Some(k) = want
                .keys()
                .find(|k| !["code", "field"].contains(&k.as_str()))
            {
                problems.push(format!("expect_error.{k}: unknown key; known: code, field"));
            }
            for shown in [message, e.field(), format!("{:?}", e.to_report())] {
                if let Some(w) = leaks(&windows, &shown) {
                    problems.push(format!("the error repeats the input's digits {w}: {shown}"));
                }
            }
        }
        (Outcome::Decided(d), None, Some(want)) => problems.push(format!(
            "expected error {want}, got a decision: unit {}, age {}",
            d.unit, d.age
        )),
        (Outcome::Failed(e), Some(_), None) => problems.push(format!(
            "expected a decision, got error {} ({}): {e}",
            e.code(),
            e.field()
        )),
        _ => problems.push("give exactly one of `expect` and `expect_error` (an object)".into()),
    }
    let decided = match outcome {
        Outcome::Decided(d) => Some((rule_set_id.to_string(), *d)),
        Outcome::Failed(_) => None,
    };
    (problems, decided)
}

#[test]
fn routing_conformance_cases() {
    let mut failures = Vec::new();
    let dir = support::conformance_dir("routing");
    let cases = support::load_cases(&dir, &mut failures);
    assert!(
        !cases.is_empty() || !failures.is_empty(),
        "no conformance cases found in {}",
        dir.display()
    );
    let mut cache = BTreeMap::new();
    // (rule set, table, row id) of every row that decided some case.
    let mut used: BTreeSet<(String, String, String)> = BTreeSet::new();
    for loaded in &cases {
        let label = &loaded.label;
        let (problems, decided) = run_case(&loaded.case, &mut cache);
        failures.extend(problems.into_iter().map(|p| format!("{label}: {p}")));
        if let Some((rule_set_id, decision)) = decided {
            for t in &decision.trace {
                used.insert((rule_set_id.clone(), t.table.clone(), t.rule.clone()));
            }
        }
    }

    // Coverage: every row and version of every built-in rule set decided at least one case.
    let mut uncovered = Vec::new();
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = match RuleSet::builtin(id) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("built-in rule set {id} does not load: {e}"));
                continue;
            }
        };
        let rows = rules
            .versions
            .iter()
            .map(|v| ("versions", v.id.clone()))
            .chain(
                rules
                    .target_group
                    .iter()
                    .map(|r| ("target_group", r.id.clone())),
            )
            .chain(rules.routing.iter().map(|r| ("routing", r.id.clone())))
            .chain(
                rules
                    .obligations
                    .iter()
                    .map(|r| ("obligations", r.id.clone())),
            );
        for (table, row) in rows {
            if !used.contains(&(id.to_string(), table.to_string(), row.clone())) {
                uncovered.push(format!("{id} {table} {row}"));
            }
        }
    }
    if !uncovered.is_empty() {
        failures.push(format!(
            "rows that decide no conformance case ({}):\n    {}",
            uncovered.len(),
            uncovered.join("\n    ")
        ));
    }

    assert!(
        failures.is_empty(),
        "{} of {} conformance cases or checks failed:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}

#[test]
fn the_cpr_leak_check_finds_a_number_with_or_without_its_hyphen() {
    assert_eq!(
        support::digit_runs("a 150385-0123, 2025-01-01 b"),
        ["1503850123", "20250101"]
    );
    assert_eq!(
        ten_digit_windows(r#"{"cpr": "150385-0123", "x": "1409084234", "d": "2025-01-10"}"#),
        ["1409084234", "1503850123"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert!(leaks(&ten_digit_windows("150385-0123"), "x 1503850123").is_some());
    assert!(leaks(&ten_digit_windows("1503850123"), "150385 0123").is_some());
    assert!(leaks(&ten_digit_windows("2000-01-01"), "2000-01-01").is_none());
}
