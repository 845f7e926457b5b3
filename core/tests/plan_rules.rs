//! Plan parameters and consent semantics come from the rule set: `ds-2017` extends the default and
//! overrides only what the DS proposal changes; bad values are rejected at load time; a rule set
//! without them cannot check plans and says which parameter is missing; nothing panics.

use helhed::plan::{check_plan, Plan};
use helhed::vocab::{ObligationKind, Unit};
use helhed::{Case, PlanCheckError, RouteOptions, RuleSet, RuleSetError};
use proptest::prelude::*;

const DEFAULT: &str = include_str!("../../rules/norddjurs-2021.toml");

fn d(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn ds() -> RuleSet {
    RuleSet::builtin("ds-2017").unwrap()
}

fn child(parameters: &str) -> String {
    format!(
        "id = \"test-child\"\ntitle = \"t\"\nmunicipality = \"m\"\nextends = \"norddjurs-2021\"\n{parameters}"
    )
}

#[test]
fn ds_2017_extends_the_default_and_changes_only_consent_and_the_right_to_a_plan() {
    let parent = RuleSet::default_rules();
    let ds = ds();
    assert_eq!(ds.extends.as_deref(), Some("norddjurs-2021"));
    let ids = |rows: &[String]| rows.to_vec();
    let routing = |r: &RuleSet| ids(&r.routing.iter().map(|x| x.id.clone()).collect::<Vec<_>>());
    let target = |r: &RuleSet| {
        ids(&r
            .target_group
            .iter()
            .map(|x| x.id.clone())
            .collect::<Vec<_>>())
    };
    assert_eq!(routing(&ds), routing(parent));
    assert_eq!(target(&ds), target(parent));
    assert_eq!(
        ds.versions.iter().map(|v| &v.id).collect::<Vec<_>>(),
        parent.versions.iter().map(|v| &v.id).collect::<Vec<_>>()
    );
    // The parent's obligation rows come first, unchanged; the proposal's rows follow.
    for (mine, theirs) in ds.obligations.iter().zip(&parent.obligations) {
        assert_eq!(mine.id, theirs.id);
        assert_eq!(mine.then, theirs.then);
        assert_eq!(mine.source, theirs.source);
        assert_eq!(mine.text_en, theirs.text_en);
    }
    for row in &ds.obligations[parent.obligations.len()..] {
        assert!(row.id.starts_with("obligation.ds-"), "{}", row.id);
        assert!(
            row.source.contains("seed 003_b2662dd495bcefef.txt"),
            "{}",
            row.id
        );
    }
    // Parameters: only the consent ones differ, and an added list for the proposal's rows.
    let date = d("2025-03-01");
    for (name, param) in &parent.parameters {
        let mine = ds.parameter_on(name, date).map(|v| v.value.clone());
        let theirs = param.value_on(date).map(|v| v.value.clone());
        if name == "under_18_consent" || name == "young_person_consent_from_age" {
            assert_ne!(mine, theirs, "{name}");
            let value = ds.parameter_on(name, date).unwrap();
            assert!(
                value.source.starts_with("seed 003_b2662dd495bcefef.txt"),
                "{name}"
            );
        } else {
            assert_eq!(mine, theirs, "{name}");
        }
    }
    let added: Vec<&String> = ds
        .parameters
        .keys()
        .filter(|k| !parent.parameters.contains_key(*k))
        .collect();
    assert_eq!(added, ["other_sectors"]);
}

fn obligations(rules: &RuleSet, case: &str, date: &str) -> Vec<(ObligationKind, Unit)> {
    let case = Case::from_json(case).unwrap();
    let decision = rules
        .route(&case, d(date), RouteOptions::default())
        .unwrap();
    let mut list: Vec<_> = decision
        .obligations
        .iter()
        .map(|o| (o.kind, o.unit))
        .collect();
    list.sort();
    list
}

#[test]
fn under_ds_2017_everyone_with_efforts_from_several_sectors_is_offered_a_plan_and_a_caseworker() {
    // Over 30, bostøtte and psychiatric treatment: outside the default's target group.
    let case = r#"{"birth_date": "1980-01-01", "benefit": "none", "efforts": [
        {"sector": "sel", "start": "2024-01-01"}, {"sector": "health", "start": "2024-01-01"}]}"#;
    assert!(obligations(RuleSet::default_rules(), case, "2025-03-01").is_empty());
    // The plan is offered; the caseworker comes when the citizen accepts it (proposed § 28 b).
    assert_eq!(
        obligations(&ds(), case, "2025-03-01"),
        [(ObligationKind::OfferCoordinatingPlan, Unit::Socialomraadet)]
    );
    let accepted = r#"{"birth_date": "1980-01-01", "benefit": "none", "efforts": [
        {"sector": "sel", "start": "2024-01-01"}, {"sector": "health", "start": "2024-01-01"}],
        "plans": ["helhedsorienteret_plan"]}"#;
    assert_eq!(
        obligations(&ds(), accepted, "2025-03-01"),
        [
            (ObligationKind::OfferCoordinatingPlan, Unit::Socialomraadet),
            (
                ObligationKind::AppointCoordinatingCaseworker,
                Unit::Socialomraadet
            ),
        ]
    );
    // One sector only (SEL and Barnets lov are both social): no plan under either.
    let one = r#"{"birth_date": "2005-01-01", "benefit": "none", "efforts": [
        {"sector": "sel", "start": "2024-01-01"}, {"sector": "barnets_lov", "start": "2024-01-01"}]}"#;
    assert!(!obligations(&ds(), one, "2025-03-01")
        .iter()
        .any(|(k, _)| *k == ObligationKind::OfferCoordinatingPlan));
    // The target group (screened in) gets the offer once, not twice.
    let target = r#"{"birth_date": "1980-01-01", "benefit": "kontanthjaelp", "efforts": [
        {"sector": "sel", "start": "2024-01-01"}, {"sector": "lab", "start": "2024-01-01"}],
        "visitation": {"outcome": "screened_in", "date": "2024-06-01"}}"#;
    let list = obligations(&ds(), target, "2025-03-01");
    assert_eq!(
        list,
        obligations(RuleSet::default_rules(), target, "2025-03-01")
    );
    assert_eq!(
        list.iter()
            .filter(|(k, _)| *k == ObligationKind::OfferCoordinatingPlan)
            .count(),
        1
    );
}

/// Over every combination of effort sectors, some needs, ages, benefits, fleksjob, education
/// status and an accepted plan: under ds-2017 everyone with efforts or needs from two sectors (the
/// social ones counting as one), one of them social or LAB, whose case is in one of the three
/// units is offered a plan by that unit, and gets a caseworker once the plan is accepted; and no
/// rule set gives the same obligation twice.
#[test]
fn the_ds_2017_right_to_a_plan_holds_for_every_multi_sector_case_and_nothing_is_given_twice() {
    use helhed::vocab::{Benefit, EducationStatus, EnumSet, Sector};
    let ds = ds();
    let sets = [RuleSet::default_rules().clone(), ds.clone()];
    let date = d("2025-03-01");
    let options = RouteOptions {
        trace: false,
        next_transition: false,
    };
    let social: EnumSet<Sector> = [Sector::Sel, Sector::BarnetsLov].into_iter().collect();
    let mut checked = 0;
    for efforts in 0u16..32 {
        for needs in [0u16, 1, 2, 16, 8] {
            for birth in ["2008-06-01", "2005-06-01", "1998-06-01", "1980-06-01"] {
                for benefit in [
                    Benefit::None,
                    Benefit::Kontanthjaelp,
                    Benefit::Foertidspension,
                    Benefit::Ledighedsydelse,
                ] {
                    for (fleksjob, accepted) in
                        [(false, false), (true, false), (false, true), (true, true)]
                    {
                        for education_status in
                            [EducationStatus::None, EducationStatus::InEducation]
                        {
                            let effort_sectors = EnumSet::<Sector>::from_bits(efforts);
                            let case = helhed::CaseInput {
                                id: None,
                                birth_date: Some(d(birth)),
                                cpr: None,
                                benefit,
                                fleksjob: fleksjob.into(),
                                placed: false.into(),
                                aftercare: false.into(),
                                efforts: effort_sectors
                                    .iter()
                                    .map(|sector| helhed::Effort {
                                        sector,
                                        law: None,
                                        section: None,
                                        kind: None,
                                        start: d("2024-01-01"),
                                        end: None,
                                    })
                                    .collect(),
                                needs: EnumSet::from_bits(needs),
                                social_events: EnumSet::empty(),
                                education_status,
                                vocational_education: false,
                                plans: if accepted {
                                    [helhed::PlanKind::HelhedsorienteretPlan]
                                        .into_iter()
                                        .collect()
                                } else {
                                    EnumSet::empty()
                                },
                                legal_capacity: helhed::vocab::LegalCapacity::Full,
                                visitation_category: None,
                                visitation: None,
                            }
                            .validate()
                            .unwrap();
                            for rules in &sets {
                                let decision = rules.route(&case, date, options).unwrap();
                                let mut kinds: Vec<_> = decision
                                    .obligations
                                    .iter()
                                    .map(|o| (o.kind, o.unit))
                                    .collect();
                                let before = kinds.len();
                                kinds.sort();
                                kinds.dedup();
                                assert_eq!(
                                    before,
                                    kinds.len(),
                                    "{}: an obligation twice for {case:?}",
                                    rules.id
                                );
                                if rules.id != "ds-2017" {
                                    continue;
                                }
                                let sectors = effort_sectors.union(case.needs);
                                let count = sectors.iter().filter(|s| !social.contains(*s)).count()
                                    + usize::from(sectors.intersects(social));
                                // The proposal is about LAB and SEL: education and health alone
                                // do not give the right.
                                let lab_or_social =
                                    sectors.intersects(social) || sectors.contains(Sector::Lab);
                                let unit = decision.unit;
                                if count >= 2
                                    && lab_or_social
                                    && matches!(
                                        unit,
                                        Unit::Ungeindsatsen
                                            | Unit::Arbejdsmarked
                                            | Unit::Socialomraadet
                                    )
                                {
                                    let kinds_due: &[ObligationKind] = if accepted {
                                        &[
                                            ObligationKind::OfferCoordinatingPlan,
                                            ObligationKind::AppointCoordinatingCaseworker,
                                        ]
                                    } else {
                                        &[ObligationKind::OfferCoordinatingPlan]
                                    };
                                    for &kind in kinds_due {
                                        assert!(
                                            kinds.contains(&(kind, unit)),
                                            "ds-2017: {kind:?} missing for {case:?} in {unit:?}"
                                        );
                                    }
                                }
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 5000);
}

#[test]
fn misspelled_or_out_of_range_plan_parameters_are_rejected_at_load_time() {
    for (parameter, value) in [
        ("under_18_consent", "\"young_persons\""),
        ("under_18_consent", "16"),
        ("young_person_consent_from_age", "\"sixteen\""),
        ("young_person_consent_from_age", "-1"),
        ("caseload_ceiling", "0"),
        ("follow_up_interval_months", "0"),
        ("follow_up_interval_months", "\"quarterly\""),
    ] {
        let text = child(&format!(
            "[parameters.{parameter}]\ndescription = \"d\"\n[[parameters.{parameter}.values]]\nvalue = {value}\nsource = \"s\"\nstatus = \"assumption\"\n"
        ));
        match RuleSet::from_toml("child.toml", &text) {
            Err(RuleSetError::Parameter {
                file,
                parameter: p,
                reason,
            }) => {
                assert_eq!(file, "child.toml");
                assert_eq!(p, parameter);
                assert!(reason.starts_with("value must be"), "{reason}");
            }
            other => panic!("{parameter} = {value}: expected a parameter error, got {other:?}"),
        }
    }
}

fn youth_plan(age_birth: &str, consents: &str, parents_object: bool) -> Plan {
    Plan::from_json(&format!(
        r#"{{"created": "2025-01-10",
            "case": {{"birth_date": "{age_birth}", "benefit": "none", "needs": ["education"],
                      "efforts": [{{"sector": "barnets_lov", "start": "2024-10-01"}}]}},
            "consents": {consents}, "parents_object": {parents_object}}}"#
    ))
    .unwrap()
}

fn codes(rules: &RuleSet, plan: &Plan) -> Vec<&'static str> {
    check_plan(plan, d("2025-03-01"), rules)
        .unwrap()
        .violations
        .iter()
        .map(|v| v.code.as_str())
        .filter(|c| c.contains("CONSENT") || c.contains("PARENTS"))
        .collect()
}

#[test]
fn a_rule_set_can_extend_ds_2017_and_override_one_consent_parameter() {
    // A municipality adopting the DS rule, but from 16: extends ds-2017, which extends the default.
    let text = "id = \"ds-from-16\"\ntitle = \"t\"\nmunicipality = \"m\"\nextends = \"ds-2017\"\n\
        [parameters.young_person_consent_from_age]\ndescription = \"d\"\n\
        [[parameters.young_person_consent_from_age.values]]\nvalue = 16\nsource = \"local decision\"\nstatus = \"assumption\"\n";
    let rules = RuleSet::from_toml("ds-from-16.toml", text).unwrap();
    let young_only = r#"[{"given_by": "citizen", "date": "2025-01-10"}]"#;
    let fifteen = youth_plan("2009-09-14", young_only, true);
    let sixteen = youth_plan("2008-09-14", young_only, true);
    assert!(codes(&ds(), &fifteen).is_empty());
    assert_eq!(codes(&rules, &fifteen), ["PLAN_PARENTS_OBJECT"]);
    assert!(codes(&rules, &sixteen).is_empty());
    let report = check_plan(&fifteen, d("2025-03-01"), &rules).unwrap();
    let v = &report.violations[0];
    assert!(
        v.reference.contains("local decision (rule-set assumption)"),
        "{}",
        v.reference
    );
    assert!(report.rule_set.id == "ds-from-16" && report.rule_set.sha256.len() == 64);
}

#[test]
fn a_rule_set_without_plan_parameters_names_the_missing_one() {
    let start = DEFAULT.find("[parameters.under_18_consent]").unwrap();
    let end = DEFAULT
        .find("[parameters.young_person_consent_from_age]")
        .unwrap();
    let text = format!("{}{}", &DEFAULT[..start], &DEFAULT[end..]);
    let rules = RuleSet::from_toml("no-consent.toml", &text).unwrap();
    let plan = youth_plan("2008-09-14", "[]", false);
    match check_plan(&plan, d("2025-03-01"), &rules) {
        Err(PlanCheckError::RuleSet(RuleSetError::Parameter {
            file, parameter, ..
        })) => {
            assert_eq!(file, "no-consent.toml");
            assert_eq!(parameter, "under_18_consent");
        }
        other => panic!("expected a parameter error, got {other:?}"),
    }
    let report = check_plan(&plan, d("2025-03-01"), &rules)
        .unwrap_err()
        .to_report();
    assert_eq!(report.code, "rule_set");
}

#[test]
fn input_errors_in_the_plan_and_at_check_time_name_their_field() {
    let plan = youth_plan("2008-09-14", "[]", false);
    let error = check_plan(&plan, d("2008-01-01"), RuleSet::default_rules()).unwrap_err();
    assert_eq!(error.to_report().field, "as_of");
    let error = Plan::from_json(
        r#"{"created": "2025-01-10", "case": {"cpr": "150385-0123", "birth_date": "1985-03-15", "benefit": "none", "efforts": []}}"#,
    )
    .unwrap_err();
    assert_eq!(error.field(), "case.birth_date");
    assert_eq!(error.code(), "birth_date_and_cpr");
    assert!(!error.to_string().contains("150385"));
}

const BASE: &str = include_str!("../../examples/plan.json");

fn value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(31),
            Just(i64::from(u32::MAX)),
            Just(i64::MAX)
        ]
        .prop_map(serde_json::Value::from),
        prop_oneof![
            Just("0001-01-01"),
            Just("9999-12-31"),
            Just("2024-02-29"),
            Just("2025-01-10"),
            Just("2026-03-10"),
            Just("2008-09-14"),
            Just("00:00"),
            Just("24:00"),
            Just("citizen"),
            Just("custody_holder"),
            Just("monday"),
            Just("lab"),
            Just("ungeindsatsen"),
            Just("overall"),
            Just("education"),
            Just("min_plan"),
            Just(""),
            Just("150385-0123"),
        ]
        .prop_map(serde_json::Value::from),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
    ]
}

/// Sets the value at a path of keys and indexes (if the path exists).
fn set(target: &mut serde_json::Value, path: &[&str], value: serde_json::Value) {
    let mut cursor = target;
    for key in path {
        let next = match key.parse::<usize>() {
            Ok(i) => cursor.get_mut(i),
            Err(_) => cursor.get_mut(*key),
        };
        match next {
            Some(n) => cursor = n,
            None => return,
        }
    }
    *cursor = value;
}

fn cached(id: &str) -> &'static RuleSet {
    static SETS: std::sync::OnceLock<Vec<RuleSet>> = std::sync::OnceLock::new();
    let sets = SETS.get_or_init(|| vec![RuleSet::default_rules().clone(), ds()]);
    sets.iter().find(|r| r.id == id).unwrap()
}

const PATHS: &[&[&str]] = &[
    &["created"],
    &["case", "birth_date"],
    &["case", "legal_capacity"],
    &["case", "efforts", "0", "start"],
    &["case", "efforts", "0", "end"],
    &["consents", "0", "given_by"],
    &["consents", "0", "date"],
    &["consents", "1", "withdrawn"],
    &["parents_object"],
    &["goals", "0", "area"],
    &["goals", "1", "deadline"],
    &["offers", "0", "start"],
    &["offers", "1", "end"],
    &["offers", "1", "schedule", "0", "from"],
    &["offers", "1", "schedule", "0", "to"],
    &["offers", "0", "schedule", "0", "weekday"],
    &["coordinating_caseworker", "caseload"],
    &["coordinating_caseworker", "unit"],
    &["follow_ups", "0", "date"],
    &["closed"],
    &["summary"],
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any change of any field to any value gives a report or an input error, never a panic;
    /// `valid` is the absence of errors; no CPR number reaches the output.
    #[test]
    fn changed_plans_never_panic(
        changes in proptest::collection::vec((0..PATHS.len(), value()), 1..5),
        as_of in prop_oneof![Just("2026-03-10"), Just("2022-03-01"), Just("9999-12-31"), Just("2008-09-13")],
        rule_set in prop_oneof![Just("norddjurs-2021"), Just("ds-2017")],
    ) {
        let mut plan: serde_json::Value = serde_json::from_str(BASE).unwrap();
        for (path, value) in changes {
            set(&mut plan, PATHS[path], value);
        }
        let text = plan.to_string();
        let rules = cached(rule_set);
        let result = Plan::from_json(&text)
            .map_err(PlanCheckError::from)
            .and_then(|p| check_plan(&p, d(as_of), rules));
        let output = match result {
            Ok(report) => {
                let has_error = report.violations.iter().any(|v| v.severity == helhed::Severity::Error);
                prop_assert_eq!(report.valid, !has_error);
                serde_json::to_string(&report).unwrap()
            }
            Err(e) => serde_json::to_string(&e.to_report()).unwrap(),
        };
        prop_assert!(!output.contains("1503850123") && !output.contains("150385-0123"));
    }

    /// Damaged text never panics.
    #[test]
    fn damaged_plan_text_never_panics(start in 0usize..BASE.len(), len in 0usize..200, insert in "[a-z_:\\[\\]\"{}0-9 ,.-]{0,8}") {
        let mut text = BASE.to_string();
        let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + len).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(start..end, &insert);
        if let Ok(plan) = Plan::from_json(&text) {
            let _ = check_plan(&plan, d("2026-03-10"), RuleSet::default_rules());
        }
    }
}

#[test]
fn every_built_in_rule_set_can_check_the_example_plan() {
    let plan = Plan::from_json(include_str!("../../examples/plan.json")).unwrap();
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).unwrap();
        for date in ["2023-03-10", "2026-03-10"] {
            if rules.version_on(d(date)).is_none() {
                continue; // hoi-2022 starts on 1 July 2023
            }
            let report = check_plan(&plan, d(date), &rules)
                .unwrap_or_else(|e| panic!("{id} on {date}: {e}"));
            assert_eq!(report.rule_set.id, *id);
        }
    }
}
