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
