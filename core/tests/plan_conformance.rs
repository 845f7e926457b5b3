//! Runs the plan conformance cases in `tests/conformance/plans/*.json` (format:
//! `tests/conformance/plans/README.md`) and checks that every code has a case that triggers it
//! and a near miss that does not.

use helhed::plan::{check_plan, Code, Plan, Severity};
use helhed::{PlanCheckError, RuleSet};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

mod support;

use support::{leaks, ten_digit_windows};

fn validator(name: &str) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&helhed::schema::schema(name).expect("known schema")).expect("JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

struct Checked {
    problems: Vec<String>,
    expected_codes: BTreeSet<String>,
    near_miss: Option<String>,
}

fn run_case(
    case: &Map<String, Value>,
    rules: &mut BTreeMap<String, RuleSet>,
    plan_schema: &jsonschema::Validator,
    report_schema: &jsonschema::Validator,
) -> Checked {
    let mut problems = Vec::new();
    let mut expected_codes = BTreeSet::new();
    let near_miss = case
        .get("near_miss")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(code) = &near_miss {
        if Code::parse(code).is_none() {
            problems.push(format!("near_miss `{code}` is not a code"));
        }
    }
    let Some(rule_set) = case.get("rule_set").and_then(Value::as_str) else {
        problems.push("no `rule_set`".into());
        return Checked {
            problems,
            expected_codes,
            near_miss,
        };
    };
    if !rules.contains_key(rule_set) {
        match RuleSet::builtin(rule_set) {
            Ok(r) => {
                rules.insert(rule_set.to_string(), r);
            }
            Err(e) => {
                problems.push(format!("rule set: {e}"));
                return Checked {
                    problems,
                    expected_codes,
                    near_miss,
                };
            }
        }
    }
    let rules = &rules[rule_set];
    let as_of = match case
        .get("as_of")
        .and_then(Value::as_str)
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    {
        Some(d) => d,
        None => {
            problems.push("`as_of` is not a date".into());
            return Checked {
                problems,
                expected_codes,
                near_miss,
            };
        }
    };
    let text = match (case.get("plan"), case.get("plan_text")) {
        (Some(plan), None) => plan.to_string(),
        (None, Some(Value::String(text))) => text.clone(),
        _ => {
            problems.push("give exactly one of `plan` and `plan_text` (a string)".into());
            return Checked {
                problems,
                expected_codes,
                near_miss,
            };
        }
    };
    let numbers = ten_digit_windows(&text);
    let result = Plan::from_json(&text)
        .map_err(PlanCheckError::from)
        .and_then(|plan| check_plan(&plan, as_of, rules));
    match (case.get("expect"), case.get("expect_error"), result) {
        (Some(Value::Object(expect)), None, Ok(report)) => {
            if let Some(plan) = case.get("plan") {
                let errors: Vec<String> = plan_schema
                    .iter_errors(plan)
                    .map(|e| e.to_string())
                    .collect();
                if !errors.is_empty() {
                    problems.push(format!("the plan fails the plan schema: {errors:?}"));
                }
            }
            let json = serde_json::to_value(&report).expect("report serialises");
            let errors: Vec<String> = report_schema
                .iter_errors(&json)
                .map(|e| e.to_string())
                .collect();
            if !errors.is_empty() {
                problems.push(format!("the report fails the report schema: {errors:?}"));
            }
            if leaks(&numbers, &json.to_string()).is_some() {
                problems.push("the report repeats a CPR-like number of the input".into());
            }
            let has_error = report
                .violations
                .iter()
                .any(|v| v.severity == Severity::Error);
            if report.valid == has_error {
                problems.push("`valid` is not the absence of errors".into());
            }
            for v in &report.violations {
                if v.severity != v.code.severity() {
                    problems.push(format!("{} has severity {:?}", v.code, v.severity));
                }
                if v.path.is_empty()
                    || v.reference.is_empty()
                    || v.message_da.is_empty()
                    || v.message_en.is_empty()
                {
                    problems.push(format!("{}: empty path, reference or message", v.code));
                }
            }
            if report
                .violations
                .windows(2)
                .any(|w| w[0].code.order() > w[1].code.order())
            {
                problems.push("violations are not in the order of the checks".into());
            }
            let got: BTreeSet<String> = report
                .violations
                .iter()
                .map(|v| v.code.to_string())
                .collect();
            match expect.get("codes").and_then(Value::as_array) {
                Some(codes) => {
                    let listed: Vec<String> = codes
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect();
                    let mut sorted = listed.clone();
                    sorted.sort();
                    sorted.dedup();
                    if sorted != listed {
                        problems.push("expect.codes must be sorted and without duplicates".into());
                    }
                    expected_codes = listed.into_iter().collect();
                    if got != expected_codes {
                        problems.push(format!("codes: expected {expected_codes:?}, got {got:?}"));
                    }
                }
                None => problems.push("expect.codes missing".into()),
            }
            match expect.get("valid").and_then(Value::as_bool) {
                Some(valid) if valid == report.valid => {}
                Some(valid) => {
                    problems.push(format!("valid: expected {valid}, got {}", report.valid))
                }
                None => problems.push("expect.valid missing".into()),
            }
            if let Some(list) = expect.get("violations").and_then(Value::as_array) {
                let want: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                let have: Vec<String> = report
                    .violations
                    .iter()
                    .map(|v| format!("{} {}", v.code, v.path))
                    .collect();
                if want != have {
                    problems.push(format!("violations: expected {want:?}, got {have:?}"));
                }
            }
            if let Some(code) = &near_miss {
                if expected_codes.contains(code) {
                    problems.push(format!("near_miss {code} is among the expected codes"));
                }
            }
        }
        (None, Some(Value::Object(expect)), Err(error)) => {
            let report = error.to_report();
            if leaks(&numbers, &report.message).is_some()
                || leaks(&numbers, &report.field).is_some()
            {
                problems.push("the error repeats a CPR-like number of the input".into());
            }
            if expect.get("code").and_then(Value::as_str) != Some(report.code) {
                problems.push(format!(
                    "error code: expected {:?}, got {} ({})",
                    expect.get("code"),
                    report.code,
                    report.message
                ));
            }
            if let Some(field) = expect.get("field").and_then(Value::as_str) {
                if field != report.field {
                    problems.push(format!(
                        "error field: expected {field:?}, got {:?}",
                        report.field
                    ));
                }
            }
        }
        (Some(_), None, Err(error)) => {
            problems.push(format!("expected a report, got the error {error}"))
        }
        (None, Some(_), Ok(report)) => problems.push(format!(
            "expected an error, got a report with {:?}",
            report
                .violations
                .iter()
                .map(|v| v.code.as_str())
                .collect::<Vec<_>>()
        )),
        _ => problems.push("give exactly one of `expect` and `expect_error` (an object)".into()),
    }
    Checked {
        problems,
        expected_codes,
        near_miss,
    }
}

#[test]
fn plan_conformance_cases() {
    let mut failures = Vec::new();
    let dir = support::conformance_dir("plans");
    let cases = support::load_cases(&dir, &mut failures);
    assert!(
        !cases.is_empty() || !failures.is_empty(),
        "no conformance cases found in {}",
        dir.display()
    );
    let plan_schema = validator("plan");
    let report_schema = validator("report");
    let mut rules = BTreeMap::new();
    let mut triggered: BTreeSet<String> = BTreeSet::new();
    let mut missed: BTreeSet<String> = BTreeSet::new();
    let mut rule_sets: BTreeSet<String> = BTreeSet::new();
    for loaded in &cases {
        let label = &loaded.label;
        if let Some(id) = loaded.case.get("rule_set").and_then(Value::as_str) {
            rule_sets.insert(id.to_string());
        }
        let checked = run_case(&loaded.case, &mut rules, &plan_schema, &report_schema);
        failures.extend(checked.problems.iter().map(|p| format!("{label}: {p}")));
        if checked.problems.is_empty() {
            triggered.extend(checked.expected_codes);
            missed.extend(checked.near_miss);
        }
    }
    for code in Code::ALL {
        if !triggered.contains(code.as_str()) {
            failures.push(format!("no passing case triggers {code}"));
        }
        if !missed.contains(code.as_str()) {
            failures.push(format!("no passing near miss for {code}"));
        }
    }
    for id in ["norddjurs-2021", "ds-2017"] {
        if !rule_sets.contains(id) {
            failures.push(format!("no case runs under {id}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} plan conformance cases or checks failed:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}
