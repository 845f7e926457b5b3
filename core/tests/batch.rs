//! The batch engine gives exactly what `decide` and `route` give, case by case, in input order,
//! on the sequential and the parallel path, for cases and for columns.

use chrono::NaiveDate;
use helhed::batch::{days_since_epoch, ERROR_UNIT, NO_ROUTING_ROW};
use helhed::{
    BatchColumns, Case, CaseColumns, CaseColumnsBuf, CaseRow, InputError, RouteOptions, RuleSet,
    Unit,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Dates in each version of the default rule set, and one before it.
fn dates() -> [NaiveDate; 4] {
    [
        day(2021, 6, 1),
        day(2023, 3, 1),
        day(2025, 7, 1),
        day(2027, 2, 28),
    ]
}

/// A generated population where some rows carry a visitation (before or after the dates the
/// tests use) and a visitation category, so that the columns of both are exercised.
fn population(seed: u64, n: usize) -> Vec<Case> {
    let mut cases = helhed::synth::population(seed, n, day(2026, 1, 1));
    for (i, case) in cases.iter_mut().enumerate() {
        if i % 3 == 0 {
            case.visitation = Some(helhed::Visitation {
                outcome: helhed::VisitationOutcome::ALL[i / 3 % 2],
                date: day(2022 + (i % 5) as i32, 6, 1),
            });
        }
        if i % 4 == 0 {
            case.visitation_category = Some(helhed::VisitationCategory::ALL[i / 4 % 5]);
        }
    }
    cases
}

/// Checks every row of a column batch against `decide` and `route`.
fn check_columns(rules: &RuleSet, cases: &[Case], as_of: NaiveDate, out: &BatchColumns) {
    assert_eq!(out.len(), cases.len());
    let mut errors = out.errors.iter().peekable();
    for (i, case) in cases.iter().enumerate() {
        match rules.decide(case, as_of) {
            Ok(outcome) => {
                assert_eq!(
                    out.unit[i],
                    rules.unit_of(&outcome).index() as u8,
                    "row {i}"
                );
                assert_eq!(out.eligible[i], outcome.eligible, "row {i}");
                assert_eq!(out.target_group[i], outcome.target_group, "row {i}");
                assert_eq!(out.age[i], outcome.age, "row {i}");
                assert_eq!(
                    out.routing_row[i],
                    outcome.routing_row().map_or(NO_ROUTING_ROW, |r| r as u16),
                    "row {i}"
                );
                assert_eq!(
                    out.obligations[i],
                    rules.obligation_mask(&outcome),
                    "row {i}"
                );
            }
            Err(e) => {
                assert_eq!(out.unit[i], ERROR_UNIT);
                assert_eq!(errors.next(), Some(&(i, e)), "row {i}");
            }
        }
    }
    assert_eq!(errors.next(), None);
}

#[test]
fn route_batch_equals_decide_and_route_on_generated_cases() {
    let rules = RuleSet::default_rules();
    // Above the parallel threshold, so both paths run (the tail chunk and the parallel chunks).
    let cases = helhed::synth::population(2024, 20_000, day(2026, 1, 1));
    for as_of in dates() {
        let batch = rules.route_batch(&cases, as_of);
        assert_eq!(batch.len(), cases.len());
        let small = rules.route_batch(&cases[..100], as_of);
        assert_eq!(small[..], batch[..100]);
        let options = RouteOptions {
            trace: false,
            next_transition: false,
        };
        for (i, (case, got)) in cases.iter().zip(&batch).enumerate() {
            assert_eq!(got, &rules.decide(case, as_of), "case {i} on {as_of}");
            match (got, rules.route(case, as_of, options)) {
                (Ok(outcome), Ok(decision)) => {
                    assert_eq!(rules.unit_of(outcome), decision.unit);
                    assert_eq!(outcome.target_group, decision.target_group);
                    let kinds: Vec<_> = rules
                        .obligation_rows(outcome)
                        .map(|r| rules.obligations[r].then.kind)
                        .collect();
                    let want: Vec<_> = decision.obligations.iter().map(|o| o.kind).collect();
                    assert_eq!(kinds, want);
                }
                (Err(a), Err(b)) => assert_eq!(a, &b),
                (a, b) => panic!("case {i} on {as_of}: batch {a:?}, route {b:?}"),
            }
        }
    }
}

#[test]
fn every_rule_set_batch_equals_decide() {
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).unwrap();
        let cases = population(7, 9_000);
        for as_of in dates() {
            let batch = rules.route_batch(&cases, as_of);
            for (case, got) in cases.iter().zip(&batch) {
                assert_eq!(got, &rules.decide(case, as_of), "{id} on {as_of}");
            }
            let columns = CaseColumnsBuf::from_cases(&cases, as_of);
            let mut out = BatchColumns::default();
            rules
                .decide_columns(&columns.columns(), as_of, &mut out)
                .unwrap();
            check_columns(&rules, &cases, as_of, &out);
        }
    }
}

#[test]
fn columns_equal_decide_sequential_and_parallel() {
    let rules = RuleSet::default_rules();
    let cases = population(99, 30_000);
    let mut out = BatchColumns::default();
    for as_of in dates() {
        let columns = CaseColumnsBuf::from_cases(&cases, as_of);
        rules
            .decide_columns(&columns.columns(), as_of, &mut out)
            .unwrap();
        check_columns(rules, &cases, as_of, &out);
        // The same buffer, reused for a short batch on the sequential path.
        let short = &cases[..500];
        let columns = CaseColumnsBuf::from_cases(short, as_of);
        rules
            .decide_columns(&columns.columns(), as_of, &mut out)
            .unwrap();
        check_columns(rules, short, as_of, &out);
    }
}

#[test]
fn cleared_columns_take_rows_one_by_one_again() {
    let rules = RuleSet::default_rules();
    let as_of = day(2026, 1, 1);
    let cases = population(5, 300);
    let mut out = BatchColumns::default();
    let columns = CaseColumnsBuf::from_cases(&cases, as_of);
    rules
        .decide_columns(&columns.columns(), as_of, &mut out)
        .unwrap();
    out.errors.push((0, InputError::AsOfBeforeBirth));
    out.clear();
    assert!(out.is_empty() && out.errors.is_empty());
    // Pushed one by one after `clear`, the rows are what `decide_columns` writes.
    let mut pushed = out;
    for case in &cases {
        match rules.decide(case, as_of) {
            Ok(outcome) => pushed.push(rules, &outcome),
            Err(error) => {
                pushed.errors.push((pushed.len(), error));
                pushed.push_undecided();
            }
        }
    }
    check_columns(rules, &cases, as_of, &pushed);
}

#[test]
fn empty_columns_mean_the_defaults() {
    let rules = RuleSet::default_rules();
    let as_of = day(2026, 1, 1);
    let case =
        Case::from_json(r#"{"birth_date":"1990-04-02","benefit":"kontanthjaelp","efforts":[]}"#)
            .unwrap();
    let birth = [days_since_epoch(case.birth_date)];
    let benefit = [case.benefit.index() as u8];
    let cols = CaseColumns {
        birth_date: &birth,
        benefit: &benefit,
        ..Default::default()
    };
    let mut out = BatchColumns::default();
    rules.decide_columns(&cols, as_of, &mut out).unwrap();
    check_columns(rules, &[case], as_of, &out);
    assert_eq!(out.unit_of(0), Some(Unit::Arbejdsmarked));
}

#[test]
fn bad_values_give_error_rows_never_a_panic() {
    let rules = RuleSet::default_rules();
    let as_of = day(2026, 1, 1);
    let birth = [
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        i32::MAX,
        days_since_epoch(day(2030, 1, 1)),
    ];
    let benefit = [0, 200, 0, 0, 0, 0, 0, 0, 0];
    let fleksjob = [0, 0, 2, 0, 0, 0, 0, 0, 0];
    let education_status = [3, 3, 3, 9, 3, 3, 3, 3, 3];
    let legal_capacity = [0, 0, 0, 0, 3, 0, 0, 0, 0];
    let effort_sectors = [0, 0, 0, 0, 0, 1 << 5, 0, 0, 0];
    let social_events = [0, 0, 0, 0, 0, 0, 1 << 7, 0, 0];
    let cols = CaseColumns {
        birth_date: &birth,
        benefit: &benefit,
        fleksjob: &fleksjob,
        education_status: &education_status,
        legal_capacity: &legal_capacity,
        effort_sectors: &effort_sectors,
        social_events: &social_events,
        ..Default::default()
    };
    let mut out = BatchColumns::default();
    rules.decide_columns(&cols, as_of, &mut out).unwrap();
    let fields: Vec<(usize, String)> = out.errors.iter().map(|(i, e)| (*i, e.field())).collect();
    assert_eq!(
        fields,
        [
            (1, "benefit".to_string()),
            (2, "fleksjob".into()),
            (3, "education_status".into()),
            (4, "legal_capacity".into()),
            (5, "effort_sectors".into()),
            (6, "social_events".into()),
            (7, "birth_date".into()),
            (8, "as_of".into()),
        ]
    );
    assert_eq!(out.unit[0], Unit::OutOfScope.index() as u8);
    assert!(out.unit[1..].iter().all(|&u| u == ERROR_UNIT));
    assert_eq!(out.errors[7].1, InputError::AsOfBeforeBirth);

    // A column of the wrong length fails the call, naming the column.
    let short = [0u8; 2];
    let cols = CaseColumns {
        placed: &short,
        ..cols
    };
    let err = rules.decide_columns(&cols, as_of, &mut out).unwrap_err();
    assert_eq!(err.field(), "columns.placed");

    // No version in force: every row says so.
    let cols = CaseColumns {
        birth_date: &birth[..1],
        benefit: &benefit[..1],
        ..Default::default()
    };
    rules
        .decide_columns(&cols, day(2000, 1, 1), &mut out)
        .unwrap();
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].1.code(), "no_version_in_force");
}

#[test]
fn batch_on_a_one_thread_pool_equals_the_global_pool() {
    let rules = RuleSet::default_rules();
    let cases = helhed::synth::population(5, 20_000, day(2026, 1, 1));
    let as_of = day(2026, 6, 1);
    let global = rules.route_batch(&cases, as_of);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let single = pool.install(|| rules.route_batch(&cases, as_of));
    assert_eq!(global, single);
}

#[test]
fn column_buffer_refilled_row_by_row_equals_one_built_from_cases() {
    let cases = population(11, 300);
    let as_of = day(2025, 7, 1);
    let whole = CaseColumnsBuf::from_cases(&cases, as_of);
    assert_eq!(whole.len(), cases.len());
    // A used buffer, cleared and refilled, holds exactly the same columns.
    let mut refilled = CaseColumnsBuf::from_cases(&cases[..50], day(2021, 6, 1));
    refilled.clear();
    assert!(refilled.is_empty());
    for case in &cases {
        refilled.push(CaseRow::of(case, as_of));
    }
    assert_eq!(refilled, whole);
    let columns = whole.columns();
    assert_eq!(columns.len(), cases.len());
    for (i, case) in cases.iter().enumerate() {
        assert_eq!(columns.birth_date[i], days_since_epoch(case.birth_date));
        assert_eq!(
            columns.effort_sectors[i],
            case.effort_sectors_on(as_of).bits()
        );
    }
}
