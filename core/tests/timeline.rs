//! The timeline (`helhed::timeline`) and `next_transition`: seed 000's question 11, and
//! properties over generated cases (bounded case counts, so CI stays fast).

use chrono::{Days, NaiveDate};
use helhed::strategies::{case, date};
use helhed::timeline::{change_on, timeline, TimelineSegment};
use helhed::{Case, Decision, RouteOptions, RuleSet, Unit};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn rule_sets() -> &'static [RuleSet] {
    static SETS: std::sync::OnceLock<Vec<RuleSet>> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        helhed::ruleset::BUILTIN
            .iter()
            .map(|(id, _, _)| RuleSet::builtin(id).unwrap())
            .collect()
    })
}

const PLAIN: RouteOptions = RouteOptions {
    trace: false,
    next_transition: false,
};

/// Unit, (eligible, target group), coordinating unit, co-units, caseworkers, obligations.
type Answer = (
    Unit,
    (bool, bool),
    Option<Unit>,
    Vec<Unit>,
    u8,
    Vec<helhed::Obligation>,
);

/// The parts of a decision a timeline segment gives.
fn answer(d: &Decision) -> Answer {
    (
        d.unit,
        (d.eligible, d.target_group),
        d.coordinating_unit,
        d.co_units.clone(),
        d.caseworkers,
        d.obligations.clone(),
    )
}

fn segment_answer(s: &TimelineSegment) -> Answer {
    (
        s.unit,
        (s.eligible, s.target_group),
        s.coordinating_unit,
        s.co_units.clone(),
        s.caseworkers,
        s.obligations.clone(),
    )
}

/// Seed 000, question 11: placed 15–18, ungestøtte 18–22, bostøtte from 23. Model 2 sends the
/// young person from Socialområdet to Ungeindsatsen at 23 and back at 25; the adopted model
/// keeps them in Ungeindsatsen until 25.
#[test]
fn question_11_bounces_under_model_2_only() {
    let case = Case::from_json(include_str!("../../examples/question_11.jsonl")).unwrap();
    let (from, to) = (d(2023, 3, 10), d(2034, 12, 31));
    let model2 = RuleSet::builtin("norddjurs-model2-2020").unwrap();
    let line = timeline(&model2, &case, from, to).unwrap();
    let units: Vec<(NaiveDate, Unit)> = line.segments.iter().map(|s| (s.from, s.unit)).collect();
    assert_eq!(units.first(), Some(&(from, Unit::Socialomraadet)));
    assert_eq!(line.bounces.len(), 1, "{line:?}");
    let b = line.bounces[0];
    assert_eq!(
        (b.unit, b.left_on, b.back_on),
        (Unit::Socialomraadet, d(2031, 3, 10), d(2033, 3, 10))
    );
    let left = line.segments.iter().find(|s| s.from == b.left_on).unwrap();
    assert_eq!(
        (left.unit, left.why.as_str()),
        (Unit::Ungeindsatsen, "turns 23")
    );
    let adopted = RuleSet::builtin("norddjurs-2021").unwrap();
    let line = timeline(&adopted, &case, from, to).unwrap();
    assert!(line.bounces.is_empty(), "{line:?}");
    assert_eq!(line.segments.last().unwrap().to, to);
}

/// `changes --on`: the timeline cut at one date — the day of a birthday that changes the unit,
/// and nothing the day after.
#[test]
fn change_on_a_date() {
    let case = Case::from_json(include_str!("../../examples/question_11.jsonl")).unwrap();
    let model2 = RuleSet::builtin("norddjurs-model2-2020").unwrap();
    let change = change_on(&model2, &case, d(2031, 3, 10)).unwrap().unwrap();
    assert_eq!(change.before.unit, Unit::Socialomraadet);
    assert_eq!(change.after.unit, Unit::Ungeindsatsen);
    assert_eq!(change.after.why, "turns 23");
    assert!(change.after.changes.contains(&helhed::Change::Unit));
    assert!(change_on(&model2, &case, d(2031, 3, 11)).unwrap().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The timeline agrees with routing day by day: every day of a segment routes to the
    /// segment's answer, consecutive segments differ, and the days left out cannot be decided.
    #[test]
    fn timeline_agrees_with_day_by_day_routing(case in case(), from in date(), length in 0u64..1200) {
        let to = from + Days::new(length);
        for rules in rule_sets() {
            let line = timeline(rules, &case, from, to).unwrap();
            for pair in line.segments.windows(2) {
                prop_assert_eq!(pair[0].to.succ_opt().unwrap(), pair[1].from);
                prop_assert_ne!(segment_answer(&pair[0]), segment_answer(&pair[1]));
            }
            let mut day = from;
            while day <= to {
                let segment = line.segments.iter().find(|s| s.from <= day && day <= s.to);
                match (rules.route(&case, day, PLAIN), segment) {
                    (Ok(decision), Some(s)) => prop_assert_eq!(
                        answer(&decision), segment_answer(s), "{} on {}", rules.id, day
                    ),
                    (Err(_), None) => {}
                    (routed, s) => prop_assert!(false, "{} on {}: {:?} vs {:?}", rules.id, day, routed.map(|d| d.unit), s),
                }
                day = day.succ_opt().unwrap();
            }
        }
    }

    /// `next_transition` is the first date on which the answer differs, says what changes, and
    /// agrees with the timeline. Checked day by day up to the transition (at most ten years on).
    #[test]
    fn next_transition_is_the_first_day_the_answer_differs(case in case(), on in date()) {
        for rules in rule_sets() {
            let Ok(decision) = rules.route(&case, on, RouteOptions { trace: false, next_transition: true }) else {
                continue;
            };
            let horizon = on + Days::new(3652);
            let end = decision.next_transition.as_ref().map_or(horizon, |t| t.date.min(horizon));
            let mut day = on.succ_opt().unwrap();
            while day < end {
                let routed = rules.route(&case, day, PLAIN).unwrap();
                prop_assert_eq!(answer(&routed), answer(&decision), "{} on {}", rules.id, day);
                day = day.succ_opt().unwrap();
            }
            if let Some(t) = decision.next_transition.as_ref().filter(|t| t.date <= horizon) {
                let then = rules.route(&case, t.date, PLAIN).unwrap();
                prop_assert_ne!(answer(&then), answer(&decision));
                prop_assert_eq!((t.unit, t.target_group, t.caseworkers, t.coordinating_unit), (then.unit, then.target_group, then.caseworkers, then.coordinating_unit));
                prop_assert_eq!(&t.obligations, &then.obligations);
                prop_assert_eq!(t.changes.contains(&helhed::Change::Unit), then.unit != decision.unit);
                prop_assert_eq!(t.changes.contains(&helhed::Change::Eligible), then.eligible != decision.eligible);
                prop_assert_eq!(t.eligible, then.eligible);
                prop_assert_eq!(t.changes.contains(&helhed::Change::Obligations), then.obligations != decision.obligations);
                // The timeline from `on` turns on the same day, for the same reason.
                let line = timeline(rules, &case, on, t.date).unwrap();
                let last = line.segments.last().unwrap();
                prop_assert_eq!(last.from, t.date);
                prop_assert_eq!(&last.why, &t.reason);
                prop_assert_eq!(&last.changes, &t.changes);
            }
        }
    }
}
