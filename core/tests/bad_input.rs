//! Bad input the review found: ids holding a CPR number. Every error is typed, names the field,
//! and never repeats the input's digits.

use chrono::NaiveDate;
use helhed::case::looks_like_cpr;
use helhed::{Case, InputError, RouteOptions, RuleSet};

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
    ] {
        assert!(looks_like_cpr(text), "{text}");
    }
    for text in [
        "",
        "sag-17",
        "synth-000123",
        "sag 150385-012",
        "15038501234",
        "150385-01234",
        "1150385-0123",
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
