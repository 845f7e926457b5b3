//! The shipped JSON Schemas (`schemas/*.json`) are generated from the Rust types, are up to date,
//! and accept what the library reads and writes (and reject what it rejects).

use helhed::{Case, RouteOptions, RuleSet};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&helhed::schema::schema(name).expect("known schema"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn shipped_schemas_are_generated_from_the_types() {
    let bless = std::env::var_os("HELHED_BLESS").is_some();
    let mut stale = Vec::new();
    for name in helhed::schema::NAMES {
        let path = root().join("schemas").join(format!("{name}.schema.json"));
        let generated = helhed::schema::schema(name).expect("known schema") + "\n";
        if bless {
            std::fs::write(&path, &generated).expect("write schema");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas (run `HELHED_BLESS=1 cargo test -p helhed --test schemas`): {stale:?}"
    );
}

#[test]
fn sample_cases_and_their_decisions_and_errors_validate() {
    let cases = validator("case");
    let decisions = validator("decision");
    let errors = validator("error");
    let text = std::fs::read_to_string(root().join("examples/cases.jsonl")).expect("examples");
    let rules = RuleSet::default_rules();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            cases.is_valid(&value),
            "sample case fails the case schema: {line}"
        );
        let decision = rules
            .route(
                &Case::from_json(line).unwrap(),
                date,
                RouteOptions::default(),
            )
            .unwrap();
        for decision in [decision.clone(), decision.with_trace_by_reference()] {
            let json = serde_json::to_value(&decision).unwrap();
            let problems: Vec<String> = decisions
                .iter_errors(&json)
                .map(|e| e.to_string())
                .collect();
            assert!(
                problems.is_empty(),
                "decision fails the decision schema: {problems:?}"
            );
        }
    }
    let error = Case::from_json(r#"{"birth_date":"2000-01-01","benefit":"bogus","efforts":[]}"#)
        .unwrap_err();
    assert!(errors.is_valid(&serde_json::to_value(error.to_report()).unwrap()));
}

#[test]
fn the_case_schema_rejects_what_the_library_rejects() {
    let cases = validator("case");
    for bad in [
        r#"{"birth_date":"2000-01-01","benefit":"bogus","efforts":[]}"#,
        r#"{"birth_date":"2000-01-01","benefit":"none","efforts":[],"unknown":1}"#,
        r#"{"birth_date":"2000-01-01","efforts":[]}"#,
        r#"{"birth_date":"2000-01-01","benefit":"none","efforts":[{"sector":"x","start":"2020-01-01"}]}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(bad).unwrap();
        assert!(!cases.is_valid(&value), "schema accepts {bad}");
        assert!(Case::from_json(bad).is_err(), "library accepts {bad}");
    }
}

/// The date pattern of the schemas accepts exactly what `helhed::date::parse` accepts.
#[test]
fn the_date_pattern_agrees_with_the_strict_date_reader() {
    let pattern = jsonschema::validator_for(&serde_json::json!({
        "type": "string",
        "pattern": helhed::date::PATTERN
    }))
    .expect("pattern compiles");
    let mut texts: Vec<String> = Vec::new();
    let years = (1..=33)
        .chain(96..=104)
        .chain(396..=404)
        .chain(1896..=1904)
        .chain(1996..=2104)
        .chain(9990..=9999);
    for year in years {
        for month in 0..=13 {
            for day in 0..=32 {
                texts.push(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }
    texts.extend(
        [
            "0000-01-01",
            "+2000-01-01",
            "1990-1-1",
            "10000-01-01",
            "2026-11-23T00:00",
            " 2026-11-23",
            "",
            "2026/11/23",
        ]
        .map(String::from),
    );
    let mut accepted = 0;
    for text in &texts {
        let ok = helhed::date::parse(text).is_ok();
        accepted += ok as usize;
        assert_eq!(pattern.is_valid(&serde_json::json!(text)), ok, "{text}");
    }
    assert!(accepted > 60_000, "{accepted}");
}

/// A small deterministic generator (the test needs no randomness, only variety).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// A host that validates cases with `schemas/case.schema.json` before calling gets the
/// library's answer: on thousands of generated and damaged cases, the schema accepts a case
/// exactly when `Case::from_value` does, except for the checks the schema cannot express
/// (listed in `helhed::schema`'s documentation), which only the library makes.
#[test]
fn the_case_schema_agrees_with_the_library_on_many_cases() {
    let cases = validator("case");
    let reference = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dates = [
        "2023-02-30",
        "0000-01-01",
        "+2000-01-01",
        "1990-1-1",
        "2024-02-29",
        "1900-02-29",
        "2000-02-29",
        "1985-03-15",
        "9999-12-31",
    ];
    let cprs = [
        "150385-0123",
        "1503850123",
        "15038-50123",
        "3102851234",
        "150385 0123",
        "290200-4000",
    ];
    // Codes of the checks only the library makes.
    let library_only = [
        "effort_ends_before_start",
        "id_looks_like_cpr",
        "invalid_cpr",
    ];
    let mut rng = Lcg(7);
    let (mut agreed, mut library_only_seen, mut rejected) = (0, 0, 0);
    for i in 0..3_000u64 {
        let case = helhed::synth::case(8, i, reference);
        let mut value = serde_json::to_value(case.to_input()).unwrap();
        let object = value.as_object_mut().unwrap();
        for _ in 0..rng.next(3) {
            match rng.next(16) {
                0 => {
                    object.remove("birth_date");
                }
                1 => {
                    object.insert("cpr".into(), cprs[rng.next(cprs.len())].into());
                }
                2 => {
                    object.remove("birth_date");
                    object.insert("cpr".into(), cprs[rng.next(cprs.len())].into());
                }
                3 => {
                    object.insert("birth_date".into(), serde_json::Value::Null);
                }
                4 => {
                    object.insert("birth_date".into(), dates[rng.next(dates.len())].into());
                }
                5 => {
                    object.insert("needs".into(), serde_json::json!(["sel", "sel"]));
                }
                6 => {
                    object.insert(
                        "social_events".into(),
                        serde_json::json!(["homelessness", "homelessness"]),
                    );
                }
                7 => {
                    object.insert("benefit".into(), "bogus".into());
                }
                8 => {
                    object.remove(["benefit", "efforts"][rng.next(2)]);
                }
                9 => {
                    object.insert("unknown".into(), 1.into());
                }
                10 => {
                    object.insert("fleksjob".into(), "yes".into());
                }
                11 => {
                    object.insert(
                        "id".into(),
                        ["sag 150385-0123", "sag-1", "x"][rng.next(3)].into(),
                    );
                }
                12 => {
                    let start = dates[rng.next(dates.len())];
                    let end: serde_json::Value = match rng.next(2) {
                        0 => serde_json::Value::Null,
                        _ => dates[rng.next(dates.len())].into(),
                    };
                    object.insert(
                        "efforts".into(),
                        serde_json::json!([{"sector": "lab", "start": start, "end": end}]),
                    );
                }
                13 => {
                    let sector = ["sel", "x", "lab"][rng.next(3)];
                    let law: serde_json::Value = match rng.next(3) {
                        0 => serde_json::Value::Null,
                        1 => "SEL".into(),
                        _ => 5.into(),
                    };
                    object.insert(
                        "efforts".into(),
                        serde_json::json!([{"sector": sector, "start": "2024-01-01", "law": law}]),
                    );
                }
                14 => {
                    object.insert("plans".into(), serde_json::json!(["min_plan", "min_plan"]));
                }
                _ => {
                    object.insert("id".into(), 17.into());
                }
            }
        }
        let library = Case::from_value(&value);
        let schema = cases.is_valid(&value);
        match (&library, schema) {
            (Ok(_), true) => agreed += 1,
            (Err(_), false) => {
                agreed += 1;
                rejected += 1;
            }
            (Err(e), true) if library_only.contains(&e.code()) => library_only_seen += 1,
            _ => panic!(
                "schema says {schema}, library says {:?} for {value}",
                library.map(|_| ()).map_err(|e| e.to_string())
            ),
        }
    }
    assert!(rejected > 1_000, "{rejected}");
    assert!(agreed + library_only_seen == 3_000);
    assert!(library_only_seen > 10, "{library_only_seen}");
}

#[test]
fn case_field_names_are_the_schemas_properties_in_the_error_messages_order() {
    let schema: serde_json::Value =
        serde_json::from_str(&helhed::schema::schema("case").expect("known schema"))
            .expect("schema is JSON");
    let mut in_schema: Vec<&str> = schema["properties"]
        .as_object()
        .expect("the case schema lists its properties")
        .keys()
        .map(String::as_str)
        .collect();
    let mut named = helhed::case::CASE_FIELD_NAMES.to_vec();
    in_schema.sort_unstable();
    named.sort_unstable();
    assert_eq!(named, in_schema);
    assert_eq!(
        helhed::error::case_fields_allowed(""),
        Some(helhed::case::CASE_FIELD_NAMES.join(", ").as_str())
    );
}
