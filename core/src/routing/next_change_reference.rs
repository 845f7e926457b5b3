//! The next-transition search as it was before the candidate dates were gathered once (stop
//! 15): every step recomputes every candidate date after the last one tried and decides the case
//! afresh, comparing answers part by part. Kept, test-only, as the reference the faster search in `routing.rs` must agree with:
//! the test below compares the two on every built-in rule set (and one whose leap-day rule
//! changes), thousands of synthetic cases, the conformance cases, and many dates.

use super::*;
use crate::synth::SplitMix64;

impl RuleSet {
    /// The reference `next_change`: one `next_candidate` and one `decide` per step.
    fn reference_next_change<'a>(
        &'a self,
        case: &'a Case,
        as_of: NaiveDate,
        current: &Outcome,
    ) -> Option<(NaiveDate, Outcome, Reason<'a>)> {
        let mut date = as_of;
        for _ in 0..512 {
            let (next, reason) = self.reference_next_candidate(case, date)?;
            if next > crate::date::LAST {
                return None;
            }
            let outcome = self.decide(case, next).ok()?;
            if !self.same_answer_by_parts(current, &outcome) {
                return Some((next, outcome, reason));
            }
            date = next;
        }
        None
    }

    /// The reference `next_candidate`: every candidate date recomputed, the earliest after
    /// `after` kept (the first offered wins a tie).
    fn reference_next_candidate<'a>(
        &'a self,
        case: &'a Case,
        after: NaiveDate,
    ) -> Option<(NaiveDate, Reason<'a>)> {
        let leap = self.leap_rule_on(after);
        let mut best: Option<(NaiveDate, Reason<'a>)> = None;
        let mut offer = |date: Option<NaiveDate>, reason: Reason<'a>| {
            if let Some(d) = date.filter(|d| *d > after) {
                if best.as_ref().is_none_or(|b| d < b.0) {
                    best = Some((d, reason));
                }
            }
        };
        let cohort_ages = self.cohort_values(case.birth_date);
        for &age in self
            .threshold_ages
            .iter()
            .chain(cohort_ages.iter().take(self.cohorts.len()))
        {
            offer(date_of_age(case.birth_date, age, leap), Reason::Turns(age));
        }
        for (flag, status) in [
            (&case.fleksjob, DatedStatus::Fleksjob),
            (&case.placed, DatedStatus::Placed),
            (&case.aftercare, DatedStatus::Aftercare),
        ] {
            let [starts, ends] = flag.changes();
            offer(starts, Reason::StatusStarts(status));
            offer(ends, Reason::StatusEnded(status));
        }
        if let Some(visitation) = &case.visitation {
            offer(
                Some(visitation.date),
                Reason::Visitation(visitation.outcome),
            );
        }
        for (i, effort) in case.efforts.iter().enumerate() {
            offer(Some(effort.start), Reason::EffortStarts(i, effort.sector));
            offer(
                effort.end.and_then(|e| e.checked_add_days(Days::new(1))),
                Reason::EffortEnded(i, effort.sector),
            );
        }
        if let Some((from, segment)) = self.segment_starts_after(after).next() {
            let version = &self.versions[self.segments[segment].version];
            let reason = if version.from == from {
                Reason::VersionTakesEffect(&version.id)
            } else {
                Reason::ParameterChanges(&self.id)
            };
            offer(Some(from), reason);
        }
        best
    }

    /// The reference `next_transition`, built from `reference_next_change` as
    /// `next_transition` builds its own.
    fn reference_next_transition(
        &self,
        case: &Case,
        as_of: NaiveDate,
        current: &Outcome,
    ) -> Option<Transition> {
        let (date, outcome, reason) = self.reference_next_change(case, as_of, current)?;
        let routing = self.routing_of(&outcome);
        Some(Transition {
            date,
            unit: self.unit_of(&outcome),
            eligible: outcome.eligible,
            target_group: outcome.target_group,
            reason: reason.text(false),
            reason_da: reason.text(true),
            coordinating_unit: routing.and_then(|r| r.coordinating_unit),
            caseworkers: routing.map_or(0, |r| r.caseworkers),
            obligations: self
                .reference_obligation_rows(&outcome)
                .map(|i| {
                    let t = &self.obligations[i].then;
                    Obligation {
                        kind: t.kind,
                        unit: t.unit,
                        reference: t.reference.clone(),
                    }
                })
                .collect(),
            changes: self.changes(current, &outcome).collect(),
        })
    }

    /// The reference `obligation_rows`: every one of the 64 bits tested in turn.
    fn reference_obligation_rows<'a>(
        &'a self,
        outcome: &'a Outcome,
    ) -> impl Iterator<Item = usize> + 'a {
        let rows = &self.segments[outcome.segment as usize].obligations.rows;
        (0..64usize)
            .filter(move |b| outcome.obligation_bits >> b & 1 == 1)
            .filter_map(move |b| rows.get(b).map(|&i| i as usize))
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// `date` moved by `days` (either way), kept within chrono's range.
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(date)
}

/// The default rule set with its leap-day rule changed to 28 February from 2030: the one shape
/// of rule set on which a candidate date depends on the date searched from.
fn leap_rule_changing() -> RuleSet {
    let (_, file, text) = crate::ruleset::BUILTIN
        .iter()
        .find(|(id, _, _)| *id == "norddjurs-2021")
        .copied()
        .unwrap_or(("", "", ""));
    let text = text
        .replacen(
            "[[parameters.leap_day_birthday.values]]\nvalue = \"march_1\"\n",
            "[[parameters.leap_day_birthday.values]]\nuntil = 2029-12-31\nvalue = \"march_1\"\n",
            1,
        )
        .replacen(
            "\n[parameters.membership]\n",
            "\n[[parameters.leap_day_birthday.values]]\nfrom = 2030-01-01\nvalue = \"february_28\"\n\
             source = \"helhed rule-set authors\"\nstatus = \"assumption\"\n\n[parameters.membership]\n",
            1,
        );
    match RuleSet::from_toml(file, &text) {
        Ok(rules) => rules,
        Err(e) => panic!("the leap-rule variant of norddjurs-2021 does not load: {e}"),
    }
}

/// The conformance cases that parse, with their `as_of` dates.
fn conformance_cases() -> Vec<(Case, NaiveDate)> {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/routing");
    let mut cases = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .map(|dir| dir.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Ok(serde_json::Value::Array(list)) = serde_json::from_str(&text) else {
            continue;
        };
        for entry in &list {
            let as_of = entry
                .get("as_of")
                .and_then(|v| v.as_str())
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            let case_text = match (entry.get("case"), entry.get("case_text")) {
                (Some(c), None) => c.to_string(),
                (None, Some(serde_json::Value::String(t))) => t.clone(),
                _ => continue,
            };
            if let (Some(as_of), Ok(case)) = (as_of, Case::from_json(&case_text)) {
                cases.push((case, as_of));
            }
        }
    }
    assert!(
        cases.len() > 100,
        "only {} conformance cases read",
        cases.len()
    );
    cases
}

/// Dates every rule set is asked about: fixed ones, far future, and each side of every segment
/// start and version end.
fn rule_set_dates(rules: &RuleSet) -> Vec<NaiveDate> {
    let mut dates = vec![
        day(1990, 1, 1),
        day(2015, 6, 15),
        day(2021, 1, 1),
        day(2026, 11, 23),
        day(2031, 3, 1),
        day(2060, 2, 28),
        day(9999, 12, 1),
        day(9999, 12, 30),
        day(9999, 12, 31),
    ];
    for segment in &rules.segments {
        dates.extend([-1, 0, 1].map(|d| shift(segment.from, d)));
    }
    for version in &rules.versions {
        if let Some(until) = version.until {
            dates.extend([-1, 0, 1].map(|d| shift(until, d)));
        }
    }
    dates
}

/// Dates close to where this case's own facts change: each side of a threshold birthday, an
/// effort's start or end, a status period, a visitation.
fn case_dates(rules: &RuleSet, case: &Case, g: &mut SplitMix64) -> Vec<NaiveDate> {
    let mut near = Vec::new();
    for &age in &rules.threshold_ages {
        near.extend(date_of_age(case.birth_date, age, LeapDayBirthday::March1));
    }
    for effort in &case.efforts {
        near.push(effort.start);
        near.extend(effort.end);
    }
    for flag in [&case.fleksjob, &case.placed, &case.aftercare] {
        near.extend(flag.changes().into_iter().flatten());
    }
    near.extend(case.visitation.map(|v| v.date));
    let mut dates = Vec::new();
    for _ in 0..2 {
        if !near.is_empty() {
            let at = near[g.below(near.len() as u64) as usize];
            dates.push(shift(at, g.below(5) as i64 - 2));
        }
    }
    dates
}

/// The search from `as_of` with the current outcome `current` agrees with the reference: the
/// same date, outcome and reason, and the same contract `Transition`.
fn check(rules: &RuleSet, case: &Case, as_of: NaiveDate, current: &Outcome) -> bool {
    let fast = rules.next_change(case, as_of, current);
    let reference = rules.reference_next_change(case, as_of, current);
    let same = match (&fast, &reference) {
        (None, None) => true,
        (Some((d1, o1, r1)), Some((d2, o2, r2))) => {
            d1 == d2
                && o1 == o2
                && r1.text(false) == r2.text(false)
                && r1.text(true) == r2.text(true)
        }
        _ => false,
    };
    assert!(
        same,
        "{} on {as_of}, case born {}: next_change {:?} differs from the reference {:?}",
        rules.id,
        case.birth_date,
        fast.map(|(d, o, r)| (d, o, r.text(false))),
        reference.map(|(d, o, r)| (d, o, r.text(false)))
    );
    let transition = rules.next_transition(case, as_of, current);
    // The columnar hosts' search: the transition's date and unit (and the parts the outcome
    // decides), exactly when there is a transition.
    let columnar = rules.next_change_outcome(case, as_of, current);
    assert_eq!(
        columnar.map(|(date, to)| (date, rules.unit_of(&to), to.eligible, to.target_group)),
        transition
            .as_ref()
            .map(|t| (t.date, t.unit, t.eligible, t.target_group)),
        "{} on {as_of}: next_change_outcome",
        rules.id
    );
    assert_eq!(
        transition,
        rules.reference_next_transition(case, as_of, current),
        "{} on {as_of}: next_transition",
        rules.id
    );
    fast.is_some()
}

#[test]
fn next_change_agrees_with_the_reference_search() {
    let mut sets: Vec<RuleSet> = crate::ruleset::BUILTIN
        .iter()
        .filter_map(|(id, _, _)| RuleSet::builtin(id).ok())
        .collect();
    assert_eq!(
        sets.len(),
        crate::ruleset::BUILTIN.len(),
        "every built-in rule set loads"
    );
    sets.push(leap_rule_changing());

    let reference = day(2026, 11, 23);
    let mut cases: Vec<(Case, Option<NaiveDate>)> = Vec::new();
    for seed in [1, 7, 2024] {
        for (i, mut case) in crate::synth::population(seed, 1_000, reference)
            .into_iter()
            .enumerate()
        {
            // Every tenth case born on 29 February (of the nearest leap year at or before its
            // birth year), where the leap-day rule moves a birthday.
            if i % 10 == 3 {
                let mut year = case.birth_date.year();
                while NaiveDate::from_ymd_opt(year, 2, 29).is_none() {
                    year -= 1;
                }
                case.birth_date = day(year, 2, 29);
            }
            cases.push((case, None));
        }
    }
    // A case whose id looks like a CPR number cannot be decided on any date.
    let mut cpr = crate::synth::case(3, 5, reference);
    cpr.id = Some(["0101", "90", "1234"].concat());
    assert!(crate::case::looks_like_cpr(
        cpr.id.as_deref().unwrap_or_default()
    ));
    cases.push((cpr, None));
    cases.extend(conformance_cases().into_iter().map(|(c, d)| (c, Some(d))));

    let (mut compared, mut found) = (0usize, 0usize);
    for (r, rules) in sets.iter().enumerate() {
        let dates = rule_set_dates(rules);
        for (i, (case, own)) in cases.iter().enumerate() {
            let mut g = SplitMix64::for_row(r as u64, i as u64);
            let mut as_ofs: Vec<NaiveDate> = (0..3)
                .map(|_| dates[g.below(dates.len() as u64) as usize])
                .collect();
            as_ofs.extend(case_dates(rules, case, &mut g));
            as_ofs.extend(*own);
            for as_of in as_ofs {
                let Ok(current) = rules.decide(case, as_of) else {
                    continue;
                };
                compared += 1;
                found += usize::from(check(rules, case, as_of, &current));
                // A current outcome from another date (as a caller may pass): the search must
                // still agree.
                if g.chance(100) {
                    let other = dates[g.below(dates.len() as u64) as usize];
                    if let Ok(elsewhere) = rules.decide(case, other) {
                        compared += 1;
                        found += usize::from(check(rules, case, as_of, &elsewhere));
                    }
                }
            }
        }
    }
    // The population must exercise both answers: a transition found, and none.
    assert!(compared > 50_000, "only {compared} searches compared");
    assert!(
        found > compared / 10 && found < compared,
        "{found} of {compared} found a transition"
    );
}
