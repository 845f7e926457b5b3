//! Nothing panics on any input, and no error or decision repeats the input's CPR digits.
//!
//! Arbitrary JSON values (biased towards case documents: the contract's field names, dates, CPR
//! numbers, enum values), near-valid case documents and arbitrary strings go through
//! `Case::from_json` (and `Case::from_value`); whatever parses is routed by every built-in rule set
//! on an arbitrary date from 1900 to 2099.

use chrono::{Days, NaiveDate};
use helhed::{Case, InputError, RouteOptions, RuleSet};
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::sync::OnceLock;

mod support;

use support::{leaks, ten_digit_windows};

fn rule_sets() -> &'static [RuleSet] {
    static SETS: OnceLock<Vec<RuleSet>> = OnceLock::new();
    SETS.get_or_init(|| {
        helhed::ruleset::BUILTIN
            .iter()
            .map(|(id, _, _)| RuleSet::builtin(id).expect("built-in rule set loads"))
            .collect()
    })
}

/// A date from 1900-01-01 to 2099-12-31.
fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..73_049)
        .prop_map(|d| NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") + Days::new(d))
}

const FIELDS: &[&str] = &[
    "id",
    "birth_date",
    "cpr",
    "benefit",
    "fleksjob",
    "placed",
    "aftercare",
    "efforts",
    "needs",
    "social_events",
    "education_status",
    "vocational_education",
    "plans",
    "legal_capacity",
    "sector",
    "law",
    "section",
    "kind",
    "start",
    "end",
];

const WORDS: &[&str] = &[
    "none",
    "kontanthjaelp",
    "uddannelseshjaelp",
    "foertidspension",
    "ledighedsydelse",
    "sel",
    "lab",
    "barnets_lov",
    "health",
    "education",
    "homelessness",
    "in_education",
    "guardian",
    "min_plan",
    "",
];

/// A CPR-like string: ten digits, with or without the hyphen, sometimes mangled.
fn cpr() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-3][0-9][01][0-9][0-9]{2}-[0-9]{4}",
        "[0-3][0-9][01][0-9][0-9]{2}[0-9]{4}",
        "[0-9 +-]{0,13}",
    ]
}

/// A date-like string, valid or not.
fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        date().prop_map(|d| d.to_string()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9-]{0,12}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        proptest::sample::select(WORDS).prop_map(Value::from),
        date_text().prop_map(Value::from),
        cpr().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(FIELDS).prop_map(str::to_string),
        1 => cpr(),
        1 => ".{0,8}",
    ]
}

/// Arbitrary JSON, with keys mostly from the contract.
fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key(), inner, 0..10)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// A birth date or CPR part of a case: mostly exactly one of the two, sometimes both or neither.
fn birth() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    prop_oneof![
        9 => date().prop_map(|d| (Some(d.to_string()), None)),
        6 => cpr().prop_map(|c| (None, Some(c))),
        1 => (date_text(), cpr()).prop_map(|(d, c)| (Some(d), Some(c))),
        1 => Just((None, None)),
        1 => date_text().prop_map(|d| (Some(d), None)),
    ]
}

fn effort() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(&["sel", "lab", "barnets_lov", "health", "education"][..]),
        date(),
        proptest::option::of(prop_oneof![
            9 => (0u64..8000).prop_map(Ok),
            1 => date_text().prop_map(Err),
        ]),
        proptest::option::weighted(0.05, (key(), leaf())),
        proptest::option::weighted(0.05, date_text()),
    )
        .prop_map(|(sector, start, end, extra, bad_start)| {
            let mut m = Map::new();
            m.insert("sector".into(), sector.into());
            m.insert(
                "start".into(),
                bad_start.unwrap_or_else(|| start.to_string()).into(),
            );
            let end = match end {
                None => Value::Null,
                Some(Ok(days)) => start
                    .checked_add_days(Days::new(days))
                    .map_or(Value::Null, |d| d.to_string().into()),
                Some(Err(text)) => text.into(),
            };
            m.insert("end".into(), end);
            if let Some((k, v)) = extra {
                m.insert(k, v);
            }
            Value::Object(m)
        })
}

/// A decision date: any day from 1900 to 2099, half of the time one on which the built-in rule
/// sets have a version in force.
fn as_of() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        date(),
        (0u64..28_000).prop_map(|d| {
            NaiveDate::from_ymd_opt(2021, 1, 1).expect("valid date") + Days::new(d)
        }),
    ]
}

/// Case documents that are valid or nearly so: the parts a host sends, each sometimes wrong.
fn near_case() -> impl Strategy<Value = Value> {
    (
        (
            birth(),
            proptest::option::weighted(0.3, prop_oneof![cpr(), "[a-z0-9-]{0,12}"]),
            proptest::sample::select(
                &[
                    "none",
                    "uddannelseshjaelp",
                    "kontanthjaelp",
                    "sygedagpenge",
                    "ressourceforloebsydelse",
                    "ledighedsydelse",
                    "foertidspension",
                    "folkepension",
                    "su",
                    "other",
                ][..],
            ),
            any::<[bool; 4]>(),
        ),
        (
            proptest::collection::vec(effort(), 0..4),
            proptest::collection::vec(
                proptest::sample::select(&["sel", "lab", "barnets_lov", "health", "education"][..]),
                0..4,
            ),
            proptest::collection::vec(
                proptest::sample::select(
                    &[
                        "homelessness",
                        "eviction",
                        "violence",
                        "debt",
                        "release_from_prison",
                    ][..],
                ),
                0..3,
            ),
            proptest::sample::select(
                &["in_education", "in_employment", "other_activity", "none"][..],
            ),
            proptest::option::weighted(0.1, (key(), leaf())),
        ),
    )
        .prop_map(
            |(((birth, cpr), id, benefit, flags), (efforts, needs, events, education, extra))| {
                let mut m = Map::new();
                if let Some(b) = birth {
                    m.insert("birth_date".into(), b.into());
                }
                if let Some(c) = cpr {
                    m.insert("cpr".into(), c.into());
                }
                if let Some(i) = id {
                    m.insert("id".into(), i.into());
                }
                m.insert("benefit".into(), benefit.into());
                m.insert("fleksjob".into(), flags[0].into());
                m.insert("placed".into(), flags[1].into());
                m.insert("aftercare".into(), flags[2].into());
                m.insert("vocational_education".into(), flags[3].into());
                m.insert("efforts".into(), Value::Array(efforts));
                m.insert("needs".into(), needs.into());
                m.insert("social_events".into(), events.into());
                m.insert("education_status".into(), education.into());
                if let Some((k, v)) = extra {
                    m.insert(k, v);
                }
                Value::Object(m)
            },
        )
}

/// An error, as every host shows it, repeats none of the input's 10-digit runs.
fn check_error(e: &InputError, input: &str) -> Result<(), TestCaseError> {
    let secrets = ten_digit_windows(input);
    let report = e.to_report();
    for shown in [e.to_string(), report.field, report.message] {
        prop_assert!(
            leaks(&secrets, &shown).is_none(),
            "error repeats input digits: {shown}"
        );
    }
    Ok(())
}

/// Parses `text`, routes what parses with every rule set, and checks errors and decisions.
fn exercise(text: &str, cpr_field: Option<&str>, as_of: NaiveDate) -> Result<(), TestCaseError> {
    let case = match Case::from_json(text) {
        Ok(case) => case,
        Err(e) => return check_error(&e, text),
    };
    let cpr_secrets = cpr_field.map(ten_digit_windows).unwrap_or_default();
    for rules in rule_sets() {
        match rules.route(&case, as_of, RouteOptions::default()) {
            Ok(decision) => {
                let json = serde_json::to_string(&decision).expect("decision serialises");
                prop_assert!(
                    leaks(&cpr_secrets, &json).is_none(),
                    "{}: decision repeats the CPR number",
                    rules.id
                );
            }
            Err(e) => check_error(&e, text)?,
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_json_never_panics(value in json(), as_of in as_of()) {
        let text = value.to_string();
        let cpr = value.get("cpr").and_then(Value::as_str);
        exercise(&text, cpr, as_of)?;
        if let Err(e) = Case::from_value(&value) {
            check_error(&e, &text)?;
        }
    }

    #[test]
    fn near_valid_cases_never_panic(value in near_case(), as_of in as_of()) {
        let text = value.to_string();
        let cpr = value.get("cpr").and_then(Value::as_str);
        exercise(&text, cpr, as_of)?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in ".{0,200}", as_of in date()) {
        exercise(&text, None, as_of)?;
    }

    #[test]
    fn json_like_strings_never_panic(text in r#"[{}\[\]",:0-9a-z_ -]{0,120}"#, as_of in date()) {
        exercise(&text, None, as_of)?;
    }
}
