//! Loading rejects bad rule files with the file, the row (or parameter) and the reason.

use helhed::{RowProblem, RuleSet, RuleSetError};

const DEFAULT: &str = include_str!("../../rules/norddjurs-2021.toml");

fn load(text: &str) -> Result<RuleSet, RuleSetError> {
    RuleSet::from_toml("test.toml", text)
}

/// The default file with one exact piece of text replaced (which must occur).
fn mutate(from: &str, to: &str) -> String {
    assert!(DEFAULT.contains(from), "fixture text not found: {from}");
    DEFAULT.replacen(from, to, 1)
}

fn row_problem(text: &str) -> (String, RowProblem) {
    match load(text) {
        Err(RuleSetError::Row { file, row, reason }) => {
            assert_eq!(file, "test.toml");
            (row, reason)
        }
        other => panic!("expected a row error, got {other:?}"),
    }
}

#[test]
fn every_builtin_rule_set_loads() {
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(&rules.id, id);
        assert_eq!(rules.sha256.len(), 64);
    }
}

#[test]
fn unknown_field_is_rejected_with_its_name() {
    let err = load(&mutate(
        "id = \"tg.pension\"\n",
        "id = \"tg.pension\"\ncomment = \"x\"\n",
    ))
    .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, RuleSetError::Format { .. }), "{message}");
    assert!(
        message.contains("test.toml") && message.contains("comment"),
        "{message}"
    );
}

#[test]
fn unknown_enum_value_in_a_condition_names_row_and_value() {
    let (row, reason) = row_problem(&mutate(
        "when.education_status = \"none\"\nwhen.benefit",
        "when.education_status = [\"nothing\"]\nwhen.benefit",
    ));
    assert_eq!(row, "tg.young-not-in-education-or-work");
    assert!(
        matches!(&reason, RowProblem::UnknownValue { value, .. } if value == "nothing"),
        "{reason}"
    );
}

#[test]
fn unknown_enum_value_in_an_outcome_is_rejected() {
    let err = load(&mutate(
        "then = { unit = \"out_of_scope\", caseworkers = 0 }",
        "then = { unit = \"jobcenter\", caseworkers = 0 }",
    ))
    .unwrap_err();
    assert!(err.to_string().contains("jobcenter"), "{err}");
}

#[test]
fn undefined_parameter_names_row_and_parameter() {
    let (row, reason) = row_problem(&mutate(
        "when.age = { below = \"youth_effort_until_age\" }",
        "when.age = { below = \"youth_until\" }",
    ));
    assert_eq!(row, "tg.young-not-in-education-or-work");
    assert_eq!(reason, RowProblem::UndefinedParameter("youth_until".into()));
}

#[test]
fn unknown_fact_is_rejected() {
    let (row, reason) = row_problem(&mutate(
        "when.fleksjob = true\nthen.target_group = false",
        "when.flexjob = true\nthen.target_group = false",
    ));
    assert_eq!(row, "tg.fleksjob");
    assert!(matches!(reason, RowProblem::UnknownFact { .. }));
}

#[test]
fn a_fact_decided_later_is_not_available_earlier() {
    let (row, reason) = row_problem(&mutate(
        "when.fleksjob = true\nthen.target_group = false",
        "when.unit = \"arbejdsmarked\"\nthen.target_group = false",
    ));
    assert_eq!(row, "tg.fleksjob");
    assert!(matches!(
        reason,
        RowProblem::FactNotAvailable { fact: "unit", .. }
    ));
}

#[test]
fn type_errors_in_tests_are_rejected() {
    let (_, reason) = row_problem(&mutate(
        "when.fleksjob = true\nthen.target_group = false",
        "when.fleksjob = \"yes\"\nthen.target_group = false",
    ));
    assert!(matches!(reason, RowProblem::BadTest { .. }));
    // A list parameter used as an age bound.
    let (row, reason) = row_problem(&mutate(
        "when.age = { below = \"youth_effort_until_age\" }",
        "when.age = { below = \"pension_benefits\" }",
    ));
    assert_eq!(row, "tg.young-not-in-education-or-work");
    assert!(
        matches!(reason, RowProblem::ParameterType { .. }),
        "{reason}"
    );
}

#[test]
fn a_row_without_source_is_rejected() {
    let text = mutate(
        "source = \"seed 001_2c3fbfbc16702f80.txt (er visiteret fleksjob eller førtidspension)\"\n",
        "",
    );
    let (row, reason) = row_problem(&text);
    assert_eq!(row, "tg.fleksjob");
    assert_eq!(reason, RowProblem::MissingSource);
}

#[test]
fn a_row_without_status_or_texts_is_rejected() {
    let (_, reason) = row_problem(&mutate(
        "status = \"source\"\ntext_da = \"Borgere visiteret til fleksjob",
        "text_da = \"Borgere visiteret til fleksjob",
    ));
    assert_eq!(reason, RowProblem::MissingStatus);
    let (_, reason) = row_problem(&mutate(
        "text_en = \"Citizens granted a flex job are not in the target group.\"\n",
        "",
    ));
    assert_eq!(reason, RowProblem::MissingText("text_en"));
}

#[test]
fn overlapping_versions_are_rejected() {
    let err = load(&mutate("until = 2025-06-30", "until = 2025-07-01")).unwrap_err();
    assert!(
        matches!(&err, RuleSetError::BadVersion { version, .. } if version == "2024-01-01"),
        "{err}"
    );
}

#[test]
fn overlapping_parameter_periods_are_rejected() {
    let text = mutate(
        "[[parameters.adult_age.values]]\nvalue = 18\n",
        "[[parameters.adult_age.values]]\nuntil = 2024-12-31\nvalue = 18\nsource = \"x\"\nstatus = \"source\"\n[[parameters.adult_age.values]]\nfrom = 2024-06-01\nvalue = 18\n",
    );
    let err = load(&text).unwrap_err();
    assert!(
        matches!(&err, RuleSetError::Parameter { parameter, .. } if parameter == "adult_age"),
        "{err}"
    );
    assert!(err.to_string().contains("overlapping"), "{err}");
}

#[test]
fn a_parameter_gap_on_a_day_a_row_is_in_force_is_rejected() {
    let text = mutate(
        "[[parameters.adult_age.values]]\nvalue = 18\n",
        "[[parameters.adult_age.values]]\nuntil = 2024-12-31\nvalue = 18\n",
    );
    let (_, reason) = row_problem(&text);
    assert!(
        matches!(reason, RowProblem::ParameterGap { ref parameter, .. } if parameter == "adult_age"),
        "{reason}"
    );
}

#[test]
fn unknown_version_ids_and_duplicate_rows_are_rejected() {
    let (_, reason) = row_problem(&mutate(
        "versions = [\"2022-03-01\", \"2022-10-01\", \"2024-01-01\"]",
        "versions = [\"2022-03\"]",
    ));
    assert_eq!(reason, RowProblem::UnknownVersion("2022-03".into()));
    let (row, reason) = row_problem(&mutate("id = \"tg.fleksjob\"", "id = \"tg.pension\""));
    assert_eq!(row, "tg.pension");
    assert_eq!(reason, RowProblem::Duplicate);
}

#[test]
fn cohort_gaps_are_rejected() {
    let err = load(&mutate("born_from = 1963-01-01", "born_from = 1963-02-01")).unwrap_err();
    assert!(
        matches!(&err, RuleSetError::Parameter { parameter, .. } if parameter == "folkepension_age"),
        "{err}"
    );
}

#[test]
fn toml_syntax_errors_name_the_file() {
    let err = load("id = ").unwrap_err();
    assert!(matches!(err, RuleSetError::Format { ref file, .. } if file == "test.toml"));
}

#[test]
fn extends_takes_what_the_child_does_not_give_and_hashes_the_chain() {
    let child = r#"
id = "child"
title = "A child"
municipality = "Test"
extends = "norddjurs-2021"
[parameters.youth_effort_until_age]
description = "Changed"
[[parameters.youth_effort_until_age.values]]
value = 23
source = "test"
status = "assumption"
"#;
    let rules = load(child).unwrap();
    let parent = RuleSet::default_rules();
    assert_eq!(rules.routing.len(), parent.routing.len());
    assert_ne!(rules.sha256, parent.sha256);
    let case =
        helhed::Case::from_json(r#"{"birth_date":"2002-01-01","benefit":"none","efforts":[]}"#)
            .unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert_eq!(
        parent.route(&case, date, Default::default()).unwrap().unit,
        helhed::Unit::Ungeindsatsen
    );
    // 24, no efforts, not in education: the parent's youth effort (to 25) has a case; the
    // child's (to 23) has none.
    assert_eq!(
        rules.route(&case, date, Default::default()).unwrap().unit,
        helhed::Unit::OutOfScope
    );
    let unknown = load(&child.replace("norddjurs-2021", "nowhere")).unwrap_err();
    assert!(matches!(unknown, RuleSetError::UnknownParent { .. }));
}

#[test]
fn decisions_before_the_first_version_are_an_error_naming_as_of() {
    let case =
        helhed::Case::from_json(r#"{"birth_date":"2002-01-01","benefit":"none","efforts":[]}"#)
            .unwrap();
    let err = RuleSet::default_rules()
        .route(
            &case,
            chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            Default::default(),
        )
        .unwrap_err();
    assert_eq!(err.field(), "as_of");
}

mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Cutting any stretch out of a valid rule file gives a rule set or an error, never a panic.
        #[test]
        fn damaged_rule_files(start in 0usize..super::DEFAULT.len(), len in 0usize..400, insert in "[a-z_=\\[\\]\"{}0-9 \n.-]{0,12}") {
            let text = super::DEFAULT;
            let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            let end = (start + len).min(text.len());
            let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
            let damaged = format!("{}{}{}", &text[..start], insert, &text[end..]);
            let _ = super::load(&damaged);
        }
    }
}

/// Issue 8: a rule file with several problems reports them all in one load, one per line.
#[test]
fn several_problems_are_reported_at_once_one_per_line() {
    let text = mutate("value = \"march_1\"", "value = \"march_2\"");
    let text = text.replacen(
        "when.sectors = { empty = false }\nthen = { unit = \"socialomraadet\", caseworkers = 1 }",
        "when.sectors = { empty = false }\nthen = { unit = \"socialomraadet\", caseworkers = 3 }",
        1,
    );
    let text = text.replacen("when.fleksjob = true", "when.no_such_fact = true", 1);
    let err = load(&text).unwrap_err();
    let RuleSetError::Several { errors } = &err else {
        panic!("expected several problems, got {err:?}");
    };
    assert_eq!(errors.len(), 3, "{err}");
    // Hosts that raise one error with a file and a row take the first problem's.
    assert_eq!(err.file(), "test.toml");
    assert_eq!(err.row(), errors.first().and_then(|e| e.row()));
    let message = err.to_string();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 3, "{message}");
    assert!(
        lines[0].contains("parameter `leap_day_birthday`"),
        "{message}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("row `tg.fleksjob`") && l.contains("no_such_fact")),
        "{message}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("routing.pension") && l.contains("caseworkers")),
        "{message}"
    );
    assert!(
        lines.iter().all(|l| l.starts_with("test.toml: ")),
        "{message}"
    );
    // One problem is reported as itself.
    let one = load(&mutate("value = \"march_1\"", "value = \"march_2\"")).unwrap_err();
    assert!(matches!(one, RuleSetError::Parameter { .. }), "{one:?}");
}
