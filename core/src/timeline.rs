//! The timeline: a case's decisions over a period, as segments that change exactly on the dates
//! that matter, and the bounces among them.
//!
//! [`timeline`] never routes day by day. From each segment's first day it asks
//! [`RuleSet::next_transition`]'s search for the next date on which the answer changes: it tries
//! only the candidate dates — the birthdays on which the citizen crosses an age the rules or
//! parameters use (the folkepension age by birth cohort among them), the days efforts start and
//! the days after they end, and the first days of rule-set versions and parameter periods — and
//! keeps the first whose answer (unit, target group, staffing, obligations) differs. So a
//! segment's `why` and a decision's `next_transition` come from one search and always agree.

use crate::case::Case;
use crate::decision::{Change, Obligation};
use crate::error::InputError;
use crate::routing::Outcome;
use crate::ruleset::RuleSet;
use crate::vocab::Unit;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// One case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The case's `id`, if any.
    pub case_id: Option<String>,
    /// Consecutive periods with one answer, in date order.
    pub segments: Vec<TimelineSegment>,
    /// Units left and later re-entered within the timeline.
    pub bounces: Vec<TimelineBounce>,
}

/// A period (both days included) on which the answer is the same every day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineSegment {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The rule-set version in force on the first day.
    pub version: String,
    /// The responsible unit.
    pub unit: Unit,
    /// Eligibility (the rule set's target-group criteria hold).
    pub eligible: bool,
    /// Target-group membership.
    pub target_group: bool,
    /// The coordinating unit, if any.
    pub coordinating_unit: Option<Unit>,
    /// Other units granting efforts alongside.
    pub co_units: Vec<Unit>,
    /// Number of caseworkers.
    pub caseworkers: u8,
    /// Who must do what.
    pub obligations: Vec<Obligation>,
    /// What changed on the first day, in English (`start` for the first segment).
    pub why: String,
    /// What changed on the first day, in Danish.
    pub why_da: String,
    /// The parts of the answer that changed on the first day (empty for the first segment).
    pub changes: Vec<Change>,
}

/// A unit left and later re-entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimelineBounce {
    /// The unit.
    pub unit: Unit,
    /// The first day in another unit.
    pub left_on: NaiveDate,
    /// The first day back.
    pub back_on: NaiveDate,
}

/// The first day on or after `from` (and not after `to`) on which the case can be decided: born,
/// and a version in force. Other input errors are returned.
fn first_decided(
    rules: &RuleSet,
    case: &Case,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<(NaiveDate, Outcome)>, InputError> {
    let mut date = from.max(case.birth_date);
    // Each step moves to a later segment start: bounded by the number of segments.
    for _ in 0..=rules.segments.len() {
        if date > to {
            return Ok(None);
        }
        match rules.decide(case, date) {
            Ok(outcome) => return Ok(Some((date, outcome))),
            Err(InputError::NoVersionInForce { .. }) => {
                match rules.segment_starts_after(date).next() {
                    Some((next, _)) => date = next,
                    None => return Ok(None),
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// The timeline of `case` from `from` to `to` (both included). It starts on the first day the
/// case can be decided (its birth, or the first version in force) and is empty if there is none.
/// Fails only on an input error that no date cures (an id that holds a CPR number).
pub fn timeline(
    rules: &RuleSet,
    case: &Case,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Timeline, InputError> {
    let mut segments = Vec::new();
    if let Some((start, outcome)) = first_decided(rules, case, from, to)? {
        let mut start = start;
        let mut current = outcome;
        let mut why = (String::from("start"), String::from("start"), Vec::new());
        loop {
            // The last day a version is in force, when the rule set ends before `to`.
            let version_end = rules
                .version_on(start)
                .and_then(|v| v.until)
                .filter(|&u| u.succ_opt().is_none_or(|d| rules.version_on(d).is_none()))
                .unwrap_or(to)
                .min(to);
            let next = rules
                .next_change(case, start, &current)
                .filter(|(date, _, _)| *date <= version_end);
            let end = match &next {
                Some((date, _, _)) => date.checked_sub_days(Days::new(1)).unwrap_or(*date),
                None => version_end,
            };
            segments.push(segment(rules, &current, start, end, why));
            match next {
                Some((date, outcome, reason)) => {
                    why = (
                        reason.text(false),
                        reason.text(true),
                        rules.changes(&current, &outcome).collect(),
                    );
                    start = date;
                    current = outcome;
                }
                None => break,
            }
        }
    }
    let bounces = bounces(&segments);
    Ok(Timeline {
        case_id: case.id.clone(),
        segments,
        bounces,
    })
}

fn segment(
    rules: &RuleSet,
    outcome: &Outcome,
    from: NaiveDate,
    to: NaiveDate,
    (why, why_da, changes): (String, String, Vec<Change>),
) -> TimelineSegment {
    let routing = rules.routing_of(outcome);
    TimelineSegment {
        from,
        to,
        version: rules
            .version_on(from)
            .map(|v| v.id.clone())
            .unwrap_or_default(),
        unit: rules.unit_of(outcome),
        eligible: outcome.eligible,
        target_group: outcome.target_group,
        coordinating_unit: routing.and_then(|r| r.coordinating_unit),
        co_units: routing.map(|r| r.co_units.clone()).unwrap_or_default(),
        caseworkers: routing.map_or(0, |r| r.caseworkers),
        obligations: rules.obligations_of(outcome),
        why,
        why_da,
        changes,
    }
}

/// Every return to a unit left earlier (`out_of_scope` and `manual_review` are not units one
/// returns to): A → B → A, with the first day in B and the first day back in A.
pub fn bounces(segments: &[TimelineSegment]) -> Vec<TimelineBounce> {
    // Runs of one unit: (unit, first day).
    let mut runs: Vec<(Unit, NaiveDate)> = Vec::new();
    for s in segments {
        if runs.last().is_none_or(|r| r.0 != s.unit) {
            runs.push((s.unit, s.from));
        }
    }
    let mut found = Vec::new();
    for back in 2..runs.len() {
        let unit = runs[back].0;
        if matches!(unit, Unit::OutOfScope | Unit::ManualReview) {
            continue;
        }
        if let Some(left) = runs[..back - 1].iter().rposition(|r| r.0 == unit) {
            found.push(TimelineBounce {
                unit,
                left_on: runs[left + 1].1,
                back_on: runs[back].1,
            });
        }
    }
    found
}

/// A case whose decision changes on a date, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeOn {
    /// The case's `id`, if any.
    pub case_id: Option<String>,
    /// The date.
    pub date: NaiveDate,
    /// The answer on the day before.
    pub before: TimelineSegment,
    /// The answer from the date (its `why` and `changes` say what changed).
    pub after: TimelineSegment,
}

/// Whether (and how) `case`'s decision changes on `date`: the timeline cut at one date. `None`
/// when the answer on `date` is the day before's (or either day cannot be decided).
pub fn change_on(
    rules: &RuleSet,
    case: &Case,
    date: NaiveDate,
) -> Result<Option<ChangeOn>, InputError> {
    let Some(day_before) = date.pred_opt() else {
        return Ok(None);
    };
    let line = timeline(rules, case, day_before, date)?;
    let [before, after] = line.segments.as_slice() else {
        return Ok(None);
    };
    Ok(
        (before.from == day_before && after.from == date).then(|| ChangeOn {
            case_id: case.id.clone(),
            date,
            before: before.clone(),
            after: after.clone(),
        }),
    )
}
