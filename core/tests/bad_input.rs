//! Bad input the review found: ids holding a CPR number, lists where an object belongs, keys
//! given twice, and the field of errors about the whole document. Every error is typed, names
//! the field, and never repeats the input's digits.

use chrono::NaiveDate;
use helhed::case::looks_like_cpr;
use helhed::{Case, CaseInput, InputError, Plan, RouteOptions, RuleSet};

const CASE: &str =
    r#"{"id": "sag-1", "birth_date": "1990-04-02", "benefit": "none", "efforts": []}"#;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The error of `result`, after checking that its message and report hold none of `secret`'s
/// digits (with or without the hyphen).
fn error_of<T: std::fmt::Debug>(result: Result<T, InputError>, secret: &str) -> InputError {
    let e = result.expect_err("an error");
    let digits: String = secret.chars().filter(char::is_ascii_digit).collect();
    for shown in [e.to_string(), e.field(), format!("{:?}", e.to_report())] {
        let shown_digits: String = shown.chars().filter(char::is_ascii_digit).collect();
        assert!(
            digits.len() < 6 || !shown_digits.contains(&digits[..6]),
            "`{shown}` repeats digits of the input"
        );
    }
    e
}

fn plan_text(case: &str) -> String {
    format!(r#"{{"case_id": "plan-1", "created": "2025-01-10", "case": {case}}}"#)
}

#[test]
fn cpr_like_numbers_are_found_anywhere_in_a_text() {
    for text in [
        "1503850123",
        "150385-0123",
        "150385 0123",
        "sag 150385-0123",
        "sag1503850123",
        "borger1503850123b",
        "SAG-2024/17 (cpr 010101-4000) Jobcenter",
        "12-150385-0123",
        "150385-0123-7",
        "a 290200-4000",
        // Spellings the check missed before (issue 8).
        "150385.0123",
        "150385/0123",
        "150385_0123",
        "150385\u{2013}0123",
        "150385 - 0123",
        "15038501234",
        "150385-01234",
        "1150385-0123",
    ] {
        assert!(looks_like_cpr(text), "{text}");
    }
    for text in [
        "",
        "sag-17",
        "synth-000123",
        "sag 150385-012",
        "3102850123",
        "2024999999",
        "150385--0123",
        "15 03 85 01 23",
        "١٥٠٣٨٥٠١٢٣",
        "2025-01-15T10:30:00",
        "550e8400-e29b-41d4-a716-446655440000",
    ] {
        assert!(!looks_like_cpr(text), "{text}");
    }
}

#[test]
fn an_id_holding_a_cpr_number_is_an_error_naming_the_field() {
    for id in ["sag 150385-0123", "1503850123", "x150385-0123y"] {
        let text = CASE.replace("sag-1", id);
        let e = error_of(Case::from_json(&text), id);
        assert_eq!(e.code(), "id_looks_like_cpr");
        assert_eq!(e.field(), "id");
        assert_eq!(
            e.to_string(),
            "id: must not contain a CPR number; use an opaque reference (the value is not shown)"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(error_of(Case::from_value(&value), id).field(), "id");
    }
}

#[test]
fn a_case_built_in_code_with_a_cpr_id_is_not_routed() {
    let rules = RuleSet::default_rules();
    let mut case = Case::from_json(CASE).unwrap();
    case.id = Some("sag 150385-0123".into());
    let as_of = day(2025, 3, 1);
    let e = error_of(rules.route(&case, as_of, RouteOptions::default()), "150385");
    assert_eq!((e.code(), e.field().as_str()), ("id_looks_like_cpr", "id"));
    assert_eq!(
        rules.decide(&case, as_of).unwrap_err(),
        InputError::IdLooksLikeCpr { field: "id" }
    );
    let good = Case::from_json(CASE).unwrap();
    let results = rules.route_batch(&[good.clone(), case, good], as_of);
    assert!(results[0].is_ok() && results[2].is_ok());
    assert_eq!(
        results[1],
        Err(InputError::IdLooksLikeCpr { field: "id" }),
        "the batch gives the row an error and decides the others"
    );
}

#[test]
fn a_list_where_the_case_belongs_is_an_error_about_the_whole_document() {
    let as_list = r#"["sag-1", "1990-04-02", null, "none", false, false, false, []]"#;
    for text in [
        as_list,
        &format!("[{CASE}]"),
        "[]",
        "42",
        r#""150385-0123""#,
        "null",
    ] {
        let e = error_of(Case::from_json(text), "150385-0123");
        assert_eq!(e.code(), "invalid_value", "{text}");
        assert_eq!(e.field(), "", "{text}");
        assert_eq!(e.to_string(), "expected a JSON object (one case)", "{text}");
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(Case::from_value(&value).unwrap_err(), e, "{text}");
        // The fast path of hosts that use serde directly rejects it too.
        assert!(serde_json::from_str::<CaseInput>(text).is_err(), "{text}");
    }
}

#[test]
fn a_list_where_an_effort_belongs_names_the_effort() {
    let text = r#"{"birth_date": "1990-04-02", "benefit": "none",
        "efforts": [{"sector": "sel", "start": "2024-01-01"}, ["lab", null, null, null, "2024-01-01", null]]}"#;
    let e = error_of(Case::from_json(text), "");
    assert_eq!(
        (e.code(), e.field().as_str()),
        ("invalid_value", "efforts[1]")
    );
    assert!(e
        .to_string()
        .starts_with("efforts[1]: expected an effort object"));
}

#[test]
fn objects_still_read_and_write_as_before() {
    let case = Case::from_json(
        r#"{"id": "a", "birth_date": "1990-04-02", "benefit": "none", "efforts":
            [{"sector": "sel", "law": "SEL", "start": "2024-01-01", "end": null}]}"#,
    )
    .unwrap();
    let text = serde_json::to_string(&case.to_input()).unwrap();
    assert!(text.starts_with(r#"{"id":"a","birth_date":"1990-04-02","benefit":"none""#));
    assert_eq!(Case::from_json(&text).unwrap(), case);
}

#[test]
fn a_key_given_twice_names_the_key() {
    for (text, field) in [
        (
            r#"{"benefit": "none", "birth_date": "1990-04-02", "efforts": [], "benefit": "su"}"#,
            "benefit",
        ),
        (
            r#"{"id": "a", "id": "150385-0123", "birth_date": "1990-04-02", "benefit": "none", "efforts": []}"#,
            "id",
        ),
        (
            r#"{"birth_date": "1990-04-02", "benefit": "none", "efforts": [{"sector": "sel", "start": "2024-01-01", "sector": "lab"}]}"#,
            "efforts[0].sector",
        ),
    ] {
        let e = error_of(Case::from_json(text), "150385-0123");
        assert_eq!((e.code(), e.field().as_str()), ("duplicate_field", field));
        assert_eq!(
            e.to_string(),
            format!("{field}: given more than once; give each field once")
        );
    }
}

#[test]
fn whole_document_errors_have_the_field_empty_for_cases_and_plans() {
    for text in ["", "{", "[1, 2", "42", "[]", "true"] {
        let case = Case::from_json(text).unwrap_err();
        let plan = Plan::from_json(text).unwrap_err();
        assert_eq!(case.field(), "", "case {text:?}");
        assert_eq!(plan.field(), "", "plan {text:?}");
        assert_eq!(case.to_report().field, "");
    }
}

#[test]
fn plans_reject_lists_cpr_ids_and_keys_given_twice() {
    let case = CASE.replace("sag-1", "c-1");
    let good = plan_text(&case);
    assert!(Plan::from_json(&good).is_ok());

    let e = error_of(Plan::from_json(&format!("[{good}]")), "");
    assert_eq!((e.code(), e.field().as_str()), ("invalid_value", ""));
    assert_eq!(e.to_string(), "expected a JSON object (one plan)");

    let e = error_of(Plan::from_json(&plan_text(r#"["c-1", "1990-04-02"]"#)), "");
    assert_eq!((e.code(), e.field().as_str()), ("invalid_value", "case"));

    let text = good.replace(
        r#""created": "2025-01-10""#,
        r#""created": "2025-01-10", "consents": [["citizen", "2025-01-10", null]]"#,
    );
    let e = error_of(Plan::from_json(&text), "");
    assert_eq!(
        (e.code(), e.field().as_str()),
        ("invalid_value", "consents[0]")
    );

    let text = good.replace("plan-1", "plan for 150385-0123");
    let e = error_of(Plan::from_json(&text), "150385-0123");
    assert_eq!(
        (e.code(), e.field().as_str()),
        ("id_looks_like_cpr", "case_id")
    );

    let text = plan_text(&CASE.replace("sag-1", "sag1503850123"));
    let e = error_of(Plan::from_json(&text), "1503850123");
    assert_eq!(
        (e.code(), e.field().as_str()),
        ("id_looks_like_cpr", "case.id")
    );
    assert!(e
        .to_string()
        .starts_with("case.id: must not contain a CPR number"));

    let text = good.replace(
        r#""created": "2025-01-10""#,
        r#""created": "2025-01-10", "created": "2025-01-11""#,
    );
    let e = error_of(Plan::from_json(&text), "");
    assert_eq!(
        (e.code(), e.field().as_str()),
        ("duplicate_field", "created")
    );

    let value: serde_json::Value = serde_json::from_str(&format!("[{good}]")).unwrap();
    assert_eq!(Plan::from_value(&value).unwrap_err().field(), "");
}

/// Issue 8, defect 1: an effort's free text (law, section, kind) never reaches a decision; a
/// transition names the effort by its position and sector.
#[test]
fn an_efforts_free_text_never_reaches_the_decision() {
    let text = r#"{"birth_date":"1990-01-01","benefit":"none","needs":["sel"],"efforts":[{"sector":"lab","start":"2024-01-01","end":"2027-01-01","kind":"kindtext 150385-0123","law":"1503850123","section":"§ 1"}]}"#;
    let case = Case::from_json(text).unwrap();
    let decision = RuleSet::default_rules()
        .route(&case, day(2026, 11, 23), RouteOptions::default())
        .unwrap();
    let transition = decision.next_transition.clone().expect("the effort's end");
    assert_eq!(transition.reason, "effort ended: efforts[0] (lab)");
    assert_eq!(transition.reason_da, "indsats ophørt: efforts[0] (lab)");
    let json = serde_json::to_string(&decision).unwrap();
    assert!(
        !json.contains("0123") && !json.contains("kindtext"),
        "{json}"
    );
    for danish in [false, true] {
        let words = helhed::explain::describe_decision(&decision, danish);
        assert!(
            !words.contains("0123") && !words.contains("kindtext"),
            "{words}"
        );
    }
}

/// Issue 8, defect 7: dates are ISO `YYYY-MM-DD` with years 0001–9999 in every input.
#[test]
fn lenient_dates_are_rejected_in_cases_and_plans() {
    for date in [
        "0000-01-01",
        "+2000-01-01",
        "1990-1-1",
        "2023-02-30",
        "10000-01-01",
    ] {
        for (text, field) in [
            (CASE.replace("1990-04-02", date), "birth_date"),
            (
                CASE.replace(
                    r#""efforts": []"#,
                    &format!(r#""efforts": [{{"sector": "sel", "start": "{date}"}}]"#),
                ),
                "efforts[0].start",
            ),
            (
                CASE.replace(
                    r#""efforts": []"#,
                    &format!(
                        r#""efforts": [{{"sector": "sel", "start": "0001-01-01", "end": "{date}"}}]"#
                    ),
                ),
                "efforts[0].end",
            ),
        ] {
            let e = Case::from_json(&text).expect_err(&text);
            assert_eq!((e.code(), e.field().as_str()), ("invalid_value", field), "{text}");
        }
        let plan = plan_text(CASE).replace("2025-01-10", date);
        let e = Plan::from_json(&plan).expect_err(&plan);
        assert_eq!((e.code(), e.field().as_str()), ("invalid_value", "created"));
    }
}

/// Issue 8, defect 7: output dates are always `YYYY-MM-DD`: no transition after 9999-12-31,
/// and a decision date outside 0001–9999 is an error naming `as_of`.
#[test]
fn output_dates_stay_within_years_1_to_9999() {
    let rules = RuleSet::default_rules();
    let case = Case::from_json(CASE).unwrap();
    let late = day(9999, 6, 1);
    let decision = rules.route(&case, late, RouteOptions::default()).unwrap();
    let json = serde_json::to_string(&decision).unwrap();
    assert!(!json.contains('+'), "{json}");
    if let Some(t) = &decision.next_transition {
        assert!(t.date <= helhed::date::LAST);
    }
    // The same case, born late enough that its next birthday threshold is after 9999.
    let young = Case::from_json(&CASE.replace("1990-04-02", "9990-01-01")).unwrap();
    let decision = rules.route(&young, late, RouteOptions::default()).unwrap();
    assert!(decision
        .next_transition
        .as_ref()
        .is_none_or(|t| t.date <= helhed::date::LAST));
    let mut out = Vec::new();
    helhed::json::DecisionWriter::new(rules)
        .route_into(&young, late, RouteOptions::default(), &mut out)
        .unwrap();
    assert!(!String::from_utf8(out).unwrap().contains('+'));
    for far in [day(10_000, 1, 1), NaiveDate::MAX, day(0, 12, 31)] {
        let e = rules
            .route(&case, far, RouteOptions::default())
            .unwrap_err();
        assert_eq!((e.code(), e.field().as_str()), ("invalid_value", "as_of"));
        let batch = rules.route_batch(std::slice::from_ref(&case), far);
        assert_eq!(batch[0].as_ref().unwrap_err(), &e);
    }
}

/// Issue 8, defect 7: a value given twice in a set-valued field is an error (the schema says
/// `uniqueItems`).
#[test]
fn a_value_given_twice_in_a_set_is_an_error() {
    for (field, list) in [
        ("needs", r#"["sel", "sel"]"#),
        ("social_events", r#"["homelessness", "homelessness"]"#),
        ("plans", r#"["min_plan", "min_plan"]"#),
    ] {
        let text = CASE.replace(
            r#""efforts": []"#,
            &format!(r#""efforts": [], "{field}": {list}"#),
        );
        let e = Case::from_json(&text).expect_err(&text);
        assert_eq!((e.code(), e.field().as_str()), ("invalid_value", field));
        assert!(e.to_string().contains("distinct"), "{e}");
    }
}
