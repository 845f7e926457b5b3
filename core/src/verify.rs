//! The verifier: proof, not sampling, that no citizen falls between chairs.
//!
//! For each version of a rule set, [`verify`] covers the whole input space — every age (as
//! intervals split at every threshold the rows and parameters use), every enum value and boolean,
//! every set of effort, need and event sectors — and reports:
//!
//! - **gaps**: regions where no routing row applies (the case ends in `manual_review` only
//!   because a row is missing);
//! - **shadowed** rows: rows that never decide, because earlier rows always win (`covered`),
//!   because the outcome of an earlier table they require never comes with them (`unreachable`),
//!   or because their own tests contradict one another (`unsatisfiable`);
//! - **unowned** obligations: an obligation that can apply with no responsible unit
//!   (`out_of_scope` or `manual_review`);
//! - **bounces**: with everything else fixed and the citizen ageing, a unit left and later
//!   re-entered (A → B → A), with the ages.
//!
//! Every finding names its rows and carries a concrete example (a v1 case and a date) that
//! triggers it.
//!
//! How: on each *segment* (a stretch of days with one version and constant parameters) every
//! table is compiled to per-fact lookups from a value to the bitmask of rows whose test accepts
//! it. Values of a fact that give the same bitmasks in all three tables are indistinguishable to
//! the rule set, so each fact's values fall into a few classes. The facts are combined one at a
//! time, keeping one representative case per distinct combination of bitmasks — the tables see
//! the bitmasks, never the case, so this is exact. Age is combined last, as ordered intervals
//! (per birth cohort, when an age bound depends on it), so that the citizen can be aged with
//! everything else fixed. The facts enumerated are those of [`Fact::ALL`] read from the case
//! ([`Origin::Case`]); derived facts ([`Origin::Derived`]) are worked out from their inputs,
//! which are enumerated together.

use crate::age::{age_on, date_of_age};
use crate::case::{Case, CaseInput, DatedFlag, Effort, Visitation};
use crate::facts::{Fact, Origin};
use crate::ruleset::compile::{domain_size, CompiledTable, Segment, AGE_CAP, MAX_COHORTS};
use crate::ruleset::RuleSet;
use crate::vocab::{
    Benefit, EducationStatus, EnumSet, LegalCapacity, ObligationKind, Sector, Unit,
};
use crate::vocab::{VisitationCategory, VisitationOutcome};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// What the verifier found in one rule set, version by version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The rule set's id.
    pub rule_set: String,
    /// One report per version, in date order.
    pub versions: Vec<VersionReport>,
}

impl Report {
    /// No version has a gap or a shadowed row (unowned obligations and bounces are findings for
    /// a reviewer, not errors).
    pub fn is_clean(&self) -> bool {
        self.versions
            .iter()
            .all(|v| v.gaps.is_empty() && v.shadowed.is_empty())
    }
}

/// The findings of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionReport {
    /// The version's id.
    pub version: String,
    /// Regions where no routing row applies.
    pub gaps: Vec<Gap>,
    /// Rows that never decide.
    pub shadowed: Vec<Shadowed>,
    /// Obligations that can apply with no responsible unit.
    pub unowned: Vec<Unowned>,
    /// Units left and later re-entered as the citizen ages.
    pub bounces: Vec<Bounce>,
}

/// A concrete input that triggers a finding: a v1 case and the date to route it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    /// The case (with a birth date; efforts start on `date`).
    pub case: CaseInput,
    /// The date to route it on.
    pub date: NaiveDate,
}

/// Whole-year ages from `from` to `to`, both included (`to` = 130 means 130 and older).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ages {
    /// The youngest age.
    pub from: u32,
    /// The oldest age.
    pub to: u32,
}

/// A region where no routing row applies: the case reaches `manual_review` only through a
/// missing row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The target-group row that decided (none if no target-group row applies either).
    pub rows: Vec<String>,
    /// The target-group membership in the region.
    pub target_group: bool,
    /// The ages of the region, with every other fact as in the example.
    pub ages: Ages,
    /// A case in the region.
    pub example: Example,
}

/// Why a row never decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShadowKind {
    /// Whenever its tests hold, an earlier row of the same table applies and wins.
    Covered,
    /// Its tests on the case hold, but never together with the target group or unit it
    /// requires from the earlier tables.
    Unreachable,
    /// Its tests contradict one another (or one test accepts no value): no case satisfies it.
    Unsatisfiable,
}

/// A row that can never decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shadowed {
    /// `target_group`, `routing` or `obligations`.
    pub table: &'static str,
    /// The row.
    pub row: String,
    /// Why it never decides.
    pub why: ShadowKind,
    /// The row first, then the rows that decide instead (`covered`: the earlier rows of the
    /// table; `unreachable`: the deciding rows of the earlier tables).
    pub rows: Vec<String>,
    /// For `unsatisfiable`: the facts whose tests cannot hold together (one fact: its test
    /// accepts no value).
    pub facts: Vec<&'static str>,
    /// A case on which the row's tests on the case hold and other rows decide (none for an
    /// unsatisfiable row: no such case exists).
    pub example: Option<Example>,
}

/// An obligation that can apply with no responsible unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unowned {
    /// The obligation row, then the routing row that decided (if any).
    pub rows: Vec<String>,
    /// The obligation.
    pub kind: ObligationKind,
    /// The unit the row names (`out_of_scope` or `manual_review`).
    pub unit: Unit,
    /// A case on which it applies.
    pub example: Example,
}

/// A unit left and later re-entered as the citizen ages, everything else fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bounce {
    /// The unit left and re-entered.
    pub unit: Unit,
    /// The units in between, in order.
    pub via: Vec<Unit>,
    /// The age at which the citizen leaves `unit`.
    pub left_at: u32,
    /// The age at which the citizen comes back.
    pub back_at: u32,
    /// The routing rows: the one that routes to `unit` before, those in between, the one after.
    pub rows: Vec<String>,
    /// The case, on a date on which it is still in `unit` (efforts start that day, open-ended).
    pub example: Example,
    /// The example's date of leaving.
    pub left_on: NaiveDate,
    /// The example's date of coming back.
    pub back_on: NaiveDate,
}

/// Verifies every version of a rule set (see the module documentation).
pub fn verify(rules: &RuleSet) -> Report {
    let dimensions = Dimensions::of_facts();
    let mut found: Vec<Findings> = rules.versions.iter().map(|_| Findings::new()).collect();
    for (index, segment) in rules.segments.iter().enumerate() {
        let Some(span) = segment_span(rules, index) else {
            continue;
        };
        if let Some(findings) = found.get_mut(segment.version) {
            verify_segment(rules, segment, span, &dimensions, findings);
        }
    }
    Report {
        rule_set: rules.id.clone(),
        versions: rules
            .versions
            .iter()
            .zip(found)
            .map(|(version, findings)| findings.into_report(rules, &version.id))
            .collect(),
    }
}

const TABLES: [&str; 3] = ["target_group", "routing", "obligations"];
pub(crate) const FACTS: usize = Fact::ALL.len();
/// Fact indexes, in the order of [`Fact::ALL`] (as the compiled tables read them).
pub(crate) type Index = [u16; FACTS];
/// Per table (target group, routing, obligations): a bitmask of rows.
pub(crate) type Masks = [u64; 3];

/// A hash map keyed by bitmasks, hashed with rustc-hash's Fx hasher: the keys are a few machine
/// words the verifier made itself, so the standard SipHash's protection against chosen keys buys
/// nothing here, and it cost a third of the verifier's time. Nothing depends on the maps' order.
pub(crate) type MaskMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// The input dimensions: groups of case facts enumerated together (a derived fact ties its
/// inputs into one group), with the derived facts each group determines.
pub(crate) struct Dimensions {
    /// The group holding `age`: its derived facts (age is enumerated as intervals).
    pub(crate) age_derived: Vec<Fact>,
    /// Every other group: (inputs, derived facts).
    others: Vec<(Vec<Fact>, Vec<Fact>)>,
}

impl Dimensions {
    pub(crate) fn of_facts() -> Dimensions {
        let mut groups: Vec<(Vec<Fact>, Vec<Fact>)> = Fact::ALL
            .iter()
            .filter(|f| f.origin() == Origin::Case)
            .map(|&f| (vec![f], Vec::new()))
            .collect();
        for &derived in Fact::ALL.iter().filter(|f| f.origin() == Origin::Derived) {
            // Merge every group holding an input of `derived` into one.
            let mut merged: (Vec<Fact>, Vec<Fact>) = (Vec::new(), vec![derived]);
            groups.retain(|(inputs, derived_facts)| {
                if inputs.iter().any(|f| derived.inputs().contains(f)) {
                    merged.0.extend(inputs);
                    merged.1.extend(derived_facts);
                    false
                } else {
                    true
                }
            });
            groups.push(merged);
        }
        let age = groups
            .iter()
            .position(|(inputs, _)| inputs.contains(&Fact::Age));
        let age_derived = match age {
            Some(i) => groups.remove(i).1,
            None => Vec::new(),
        };
        Dimensions {
            age_derived,
            others: groups,
        }
    }
}

/// The first and last day of a segment.
fn segment_span(rules: &RuleSet, index: usize) -> Option<(NaiveDate, NaiveDate)> {
    let segment = rules.segments.get(index)?;
    let version = rules.versions.get(segment.version)?;
    let mut to = version.until.unwrap_or(NaiveDate::MAX);
    if let Some(next) = rules.segments.get(index + 1) {
        to = to.min(next.from.pred_opt()?);
    }
    (segment.from <= to).then_some((segment.from, to))
}

pub(crate) fn tables(segment: &Segment) -> [&CompiledTable; 3] {
    [
        &segment.target_group,
        &segment.routing,
        &segment.obligations,
    ]
}

/// The set bits of `mask`, lowest first. Steps from one set bit to the next (clearing the lowest
/// each time) rather than testing all 64 positions: the verifier calls this for every region.
fn bits(mask: u64) -> impl Iterator<Item = usize> {
    let mut rest = mask;
    std::iter::from_fn(move || {
        let bit = first_bit(rest)?;
        rest &= rest - 1;
        Some(bit)
    })
}

pub(crate) fn first_bit(mask: u64) -> Option<usize> {
    (mask != 0).then(|| mask.trailing_zeros() as usize)
}

/// A set of rows (bits of a segment's table) as a set of row indexes of the rule set's table.
fn row_indexes(table: &CompiledTable, mask: u64) -> u64 {
    bits(mask)
        .filter_map(|b| table.rows.get(b))
        .fold(0u64, |acc, &row| acc | 1u64 << (row as u64).min(63))
}

/// The classes of one group of facts: for each distinct combination of bitmasks (one per
/// table), one representative assignment of the group's inputs.
fn classes<const N: usize>(
    tables: &[&CompiledTable; N],
    inputs: &[Fact],
    derived: &[Fact],
) -> Vec<([u64; N], Index)> {
    let sizes: Vec<usize> = inputs.iter().map(|&f| domain_size(f)).collect();
    let total: usize = sizes.iter().product();
    let mut seen: MaskMap<[u64; N], Index> = MaskMap::default();
    let mut order = Vec::new();
    for joint in 0..total {
        let mut index = [0u16; FACTS];
        let mut rest = joint;
        for (&fact, &size) in inputs.iter().zip(&sizes) {
            index[fact as usize] = (rest % size) as u16;
            rest /= size;
        }
        for &fact in derived {
            index[fact as usize] = fact.derive(&index).unwrap_or(0);
        }
        let masks: [u64; N] = std::array::from_fn(|t| {
            inputs.iter().chain(derived).fold(tables[t].all(), |m, &f| {
                m & tables[t].mask(f, index[f as usize])
            })
        });
        seen.entry(masks).or_insert_with(|| {
            order.push(masks);
            index
        });
    }
    order
        .into_iter()
        .filter_map(|m| seen.get(&m).map(|i| (m, *i)))
        .collect()
}

/// Every region of the facts other than age: one representative per distinct combination of
/// the tables' bitmasks, combining the groups of facts one at a time. Sorted, so that reports
/// (which keep the first example found) are reproducible.
pub(crate) fn regions<const N: usize>(
    tables: &[&CompiledTable; N],
    dimensions: &Dimensions,
) -> Vec<([u64; N], Index)> {
    // The states are walked in sorted order and the first representative of each combination
    // is kept, so the representatives (and with them every example) do not depend on a hash
    // map's iteration order: the same rule set gives the same report on every run.
    let mut states: Vec<([u64; N], Index)> =
        vec![(std::array::from_fn(|t| tables[t].all()), [0; FACTS])];
    for (inputs, derived) in &dimensions.others {
        let group = classes(tables, inputs, derived);
        let mut next: MaskMap<[u64; N], Index> =
            MaskMap::with_capacity_and_hasher(states.len() * group.len(), Default::default());
        for (masks, index) in &states {
            for (group_masks, group_index) in &group {
                let combined: [u64; N] = std::array::from_fn(|t| masks[t] & group_masks[t]);
                next.entry(combined).or_insert_with(|| {
                    let mut merged = *index;
                    for &f in inputs {
                        merged[f as usize] = group_index[f as usize];
                    }
                    merged
                });
            }
        }
        states = next.into_iter().collect();
        states.sort_unstable();
    }
    states
}

/// The ages from `youngest` to `oldest` as intervals of equal bitmasks, in order; each table's
/// cohort-dependent bounds use the cohort values given for it.
pub(crate) fn age_intervals<const N: usize>(
    tables: &[&CompiledTable; N],
    cohort_values: &[[u32; MAX_COHORTS]; N],
    dimensions: &Dimensions,
    (youngest, oldest): (u32, u32),
) -> Vec<(u32, u32, [u64; N])> {
    let mut intervals: Vec<(u32, u32, [u64; N])> = Vec::new();
    for age in youngest..=oldest {
        let mut index = [0u16; FACTS];
        index[Fact::Age as usize] = age.min(AGE_CAP) as u16;
        for &f in &dimensions.age_derived {
            index[f as usize] = f.derive(&index).unwrap_or(0);
        }
        let masks: [u64; N] = std::array::from_fn(|t| {
            std::iter::once(Fact::Age)
                .chain(dimensions.age_derived.iter().copied())
                .fold(tables[t].cohort_mask(age, &cohort_values[t]), |m, f| {
                    m & tables[t].mask(f, index[f as usize])
                })
        });
        match intervals.last_mut() {
            Some(last) if last.2 == masks => last.1 = age,
            _ => intervals.push((age, age, masks)),
        }
    }
    intervals
}

/// A birth cohort: the birth dates it covers and its value of each cohort parameter.
pub(crate) struct Cohort {
    pub(crate) born_from: Option<NaiveDate>,
    pub(crate) born_until: Option<NaiveDate>,
    pub(crate) values: [u32; MAX_COHORTS],
}

/// Every combination of the rule set's cohort parameters' entries with a common birth date.
pub(crate) fn cohorts(rules: &RuleSet) -> Vec<Cohort> {
    let mut combos = vec![Cohort {
        born_from: None,
        born_until: None,
        values: [0; MAX_COHORTS],
    }];
    for (slot, table) in rules.cohorts.iter().enumerate().take(MAX_COHORTS) {
        let mut next = Vec::new();
        for combo in &combos {
            for &(from, until, value) in &table.entries {
                let born_from = combo.born_from.max(from);
                let born_until = match (combo.born_until, until) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if born_from.zip(born_until).is_some_and(|(f, u)| f > u) {
                    continue;
                }
                let mut values = combo.values;
                values[slot] = value;
                next.push(Cohort {
                    born_from,
                    born_until,
                    values,
                });
            }
        }
        combos = next;
    }
    combos
}

/// The date `years` years before `date` (28 February for 29 February in a common year).
fn years_before(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = date.year().checked_sub(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
}

/// A birth date in the cohort and a date in the span on which the citizen is `age`, the date as
/// early as possible.
pub(crate) fn birth_and_date(
    rules: &RuleSet,
    age: u32,
    cohort: &Cohort,
    (from, to): (NaiveDate, NaiveDate),
) -> Option<(NaiveDate, NaiveDate)> {
    let leap = rules.leap_rule_on(from);
    let mut date = from;
    let mut birth = years_before(date, age)?;
    if let Some(until) = cohort.born_until {
        birth = birth.min(until);
    }
    if let Some(born_from) = cohort.born_from.filter(|&f| birth < f) {
        // Too young a cohort on the span's first day: wait until its first birth date is `age`.
        birth = born_from;
        date = date_of_age(birth, age, leap)?.max(from);
    }
    // Avoid 29 February births: their birthday moves with the leap-day rule.
    if birth.month() == 2 && birth.day() == 29 && cohort.born_from.is_none_or(|f| f < birth) {
        birth = birth.pred_opt()?;
    }
    (date <= to && age_on(birth, date, leap) == Some(age)).then_some((birth, date))
}

/// The ages possible for the cohort on some day of the span.
pub(crate) fn feasible_ages(
    rules: &RuleSet,
    cohort: &Cohort,
    (from, to): (NaiveDate, NaiveDate),
) -> (u32, u32) {
    let leap = rules.leap_rule_on(from);
    let youngest = cohort
        .born_until
        .filter(|&u| u < from)
        .and_then(|u| age_on(u, from, leap))
        .unwrap_or(0);
    let oldest = match cohort.born_from {
        Some(f) if to != NaiveDate::MAX => age_on(f, to, leap).unwrap_or(0),
        _ => AGE_CAP,
    };
    (youngest.min(AGE_CAP), oldest.min(AGE_CAP))
}

/// A v1 case whose facts have the lookup indexes of `index` (the case facts only), born on
/// `birth`, with its efforts starting on `date`.
pub(crate) fn case_with(index: &Index, birth: NaiveDate, date: NaiveDate) -> Case {
    let mut case = Case::born(birth);
    for &fact in Fact::ALL {
        let value = index[fact as usize];
        let at = value as usize;
        // Every fact is named: a new fact must say how a case carries it.
        match fact {
            Fact::Age
            | Fact::AgeBand
            | Fact::Sectors
            | Fact::TargetGroup
            | Fact::Eligible
            | Fact::Unit => {}
            // Index 0 is `none` (not given); then the vocabulary's values in order.
            Fact::VisitationCategory => {
                case.visitation_category = at
                    .checked_sub(1)
                    .and_then(|i| VisitationCategory::ALL.get(i).copied())
            }
            Fact::Visitation => {
                case.visitation = at
                    .checked_sub(1)
                    .and_then(|i| VisitationOutcome::ALL.get(i).copied())
                    .map(|outcome| Visitation { outcome, date })
            }
            Fact::Benefit => case.benefit = Benefit::ALL.get(at).copied().unwrap_or(Benefit::None),
            Fact::Fleksjob => case.fleksjob = DatedFlag::Flag(value == 1),
            Fact::Placed => case.placed = DatedFlag::Flag(value == 1),
            Fact::Aftercare => case.aftercare = DatedFlag::Flag(value == 1),
            Fact::VocationalEducation => case.vocational_education = value == 1,
            Fact::EducationStatus => {
                case.education_status = EducationStatus::ALL
                    .get(at)
                    .copied()
                    .unwrap_or(EducationStatus::None)
            }
            Fact::LegalCapacity => {
                case.legal_capacity = LegalCapacity::ALL
                    .get(at)
                    .copied()
                    .unwrap_or(LegalCapacity::Full)
            }
            Fact::EffortSectors => {
                case.efforts = EnumSet::<Sector>::from_bits(value)
                    .iter()
                    .map(|sector| Effort {
                        sector,
                        law: None,
                        section: None,
                        kind: None,
                        start: date,
                        end: None,
                    })
                    .collect()
            }
            Fact::NeedSectors => case.needs = EnumSet::from_bits(value),
            Fact::SocialEvents => case.social_events = EnumSet::from_bits(value),
            Fact::Plans => case.plans = EnumSet::from_bits(value),
        }
    }
    case
}

/// Where a region is: the representative of the other facts, the age and the cohort.
struct Place<'a> {
    index: &'a Index,
    age: u32,
    cohort: &'a Cohort,
    span: (NaiveDate, NaiveDate),
}

impl Place<'_> {
    fn example(&self, rules: &RuleSet) -> Option<Example> {
        let (birth, date) = birth_and_date(rules, self.age, self.cohort, self.span)?;
        Some(Example {
            case: case_with(self.index, birth, date).to_input(),
            date,
        })
    }
}

/// The deciding rows of the earlier tables, and an example.
type Decided = (Vec<String>, Option<Example>);

/// What one version's segments showed, accumulated by row index of the rule set's tables.
struct Findings {
    /// Rows that decided (target group, routing) or applied (obligations).
    fired: [u64; 3],
    /// Rows whose tests held in context (with the earlier tables' real outcomes).
    reached: [u64; 3],
    /// Rows whose tests on the case held (the earlier tables' outcomes left free).
    own: [u64; 3],
    /// Per row reached but not fired: the rows that won instead, and an example.
    covered: [BTreeMap<usize, (u64, Option<Example>)>; 3],
    /// Per row whose own tests held: the deciding rows of the earlier tables then, an example.
    context: [BTreeMap<usize, Decided>; 3],
    gaps: BTreeMap<(Option<usize>, u32, u32), Gap>,
    unowned: BTreeMap<usize, Unowned>,
    bounces: BTreeMap<(Unit, u32, u32, Vec<String>), Bounce>,
    /// Per row: the facts it tests whose lookups never accept a value, or whose tests together
    /// accept nothing (filled in at the end).
    tested: [BTreeMap<usize, Vec<Fact>>; 3],
}

impl Findings {
    fn new() -> Findings {
        Findings {
            fired: [0; 3],
            reached: [0; 3],
            own: [0; 3],
            covered: Default::default(),
            context: Default::default(),
            gaps: BTreeMap::new(),
            unowned: BTreeMap::new(),
            bounces: BTreeMap::new(),
            tested: Default::default(),
        }
    }

    fn into_report(self, rules: &RuleSet, version: &str) -> VersionReport {
        let ids: [Vec<&str>; 3] = [
            rules.target_group.iter().map(|r| r.id.as_str()).collect(),
            rules.routing.iter().map(|r| r.id.as_str()).collect(),
            rules.obligations.iter().map(|r| r.id.as_str()).collect(),
        ];
        let in_version: [Vec<bool>; 3] = [
            rules
                .target_group
                .iter()
                .map(|r| r.in_version(version))
                .collect(),
            rules
                .routing
                .iter()
                .map(|r| r.in_version(version))
                .collect(),
            rules
                .obligations
                .iter()
                .map(|r| r.in_version(version))
                .collect(),
        ];
        let names = |mask: u64, t: usize| -> Vec<String> {
            bits(mask)
                .filter_map(|i| ids[t].get(i).map(|s| s.to_string()))
                .collect()
        };
        let mut shadowed = Vec::new();
        for t in 0..3 {
            for (row, &id) in ids[t].iter().enumerate() {
                if !in_version[t][row] || self.fired[t] >> row & 1 == 1 {
                    continue;
                }
                let bit = 1u64 << row;
                let entry = if self.own[t] & bit == 0 {
                    Shadowed {
                        table: TABLES[t],
                        row: id.to_string(),
                        why: ShadowKind::Unsatisfiable,
                        rows: vec![id.to_string()],
                        facts: self.tested[t]
                            .get(&row)
                            .map(|facts| facts.iter().map(|f| f.name()).collect())
                            .unwrap_or_default(),
                        example: None,
                    }
                } else if self.reached[t] & bit != 0 {
                    let (winners, example) = self.covered[t].get(&row).cloned().unwrap_or_default();
                    let mut rows = vec![id.to_string()];
                    rows.extend(names(winners, t));
                    Shadowed {
                        table: TABLES[t],
                        row: id.to_string(),
                        why: ShadowKind::Covered,
                        rows,
                        facts: Vec::new(),
                        example,
                    }
                } else {
                    let (deciding, example) =
                        self.context[t].get(&row).cloned().unwrap_or_default();
                    let mut rows = vec![id.to_string()];
                    rows.extend(deciding);
                    Shadowed {
                        table: TABLES[t],
                        row: id.to_string(),
                        why: ShadowKind::Unreachable,
                        rows,
                        facts: Vec::new(),
                        example,
                    }
                };
                shadowed.push(entry);
            }
        }
        VersionReport {
            version: version.to_string(),
            gaps: self.gaps.into_values().collect(),
            shadowed,
            unowned: self.unowned.into_values().collect(),
            bounces: self.bounces.into_values().collect(),
        }
    }
}

/// The outcome of the three tables for one region.
pub(crate) struct Evaluation {
    /// Bits (of the segment's tables) whose tests hold with the real earlier outcomes.
    pub(crate) context: Masks,
    /// Bits whose tests on the case hold, earlier outcomes left free.
    pub(crate) own: Masks,
    pub(crate) target_group_bit: Option<usize>,
    pub(crate) routing_bit: Option<usize>,
    pub(crate) eligible: bool,
    pub(crate) target_group: bool,
    pub(crate) unit: Unit,
}

/// The rows (bits) of each table that accept some value of the outcome facts (every
/// combination of the facts of [`Origin::Outcome`]).
pub(crate) fn free_outcomes(tables: &[&CompiledTable; 3]) -> Masks {
    let outcomes: Vec<Fact> = Fact::ALL
        .iter()
        .copied()
        .filter(|f| f.origin() == Origin::Outcome)
        .collect();
    let combinations: usize = outcomes.iter().map(|&f| domain_size(f)).product();
    std::array::from_fn(|t| {
        let table = tables[t];
        let mut any = 0u64;
        for combination in 0..combinations {
            let mut rest = combination;
            let mut mask = table.all();
            for &fact in &outcomes {
                let size = domain_size(fact);
                mask &= table.mask(fact, (rest % size) as u16);
                rest /= size;
            }
            any |= mask;
        }
        any
    })
}

/// Decides a region as [`RuleSet::decide`] does, from its bitmasks: the target-group table gives
/// eligibility, membership follows from it and the region's visitation (where the segment's
/// rule set needs one), routing sees both, and obligations see them and the unit.
pub(crate) fn evaluate(
    rules: &RuleSet,
    segment: &Segment,
    tables: &[&CompiledTable; 3],
    free: &Masks,
    masks: Masks,
    index: &Index,
) -> Evaluation {
    let tg_bit = first_bit(masks[0]);
    let eligible = tg_bit
        .and_then(|b| tables[0].rows.get(b))
        .and_then(|&i| rules.target_group.get(i as usize))
        .is_some_and(|r| r.then.target_group);
    // The visitation fact's index 0 is `none`; then the outcomes in order.
    let visitation = (index[Fact::Visitation as usize] as usize)
        .checked_sub(1)
        .and_then(|i| VisitationOutcome::ALL.get(i).copied());
    let (target_group, _) = crate::routing::MembershipBasis::decide(
        eligible,
        visitation,
        segment.membership_by_visitation,
    );
    let membership = |table: &CompiledTable| {
        table.mask(Fact::Eligible, eligible as u16)
            & table.mask(Fact::TargetGroup, target_group as u16)
    };
    let routing = masks[1] & membership(tables[1]);
    let routing_bit = first_bit(routing);
    let unit = routing_bit
        .and_then(|b| tables[1].rows.get(b))
        .and_then(|&i| rules.routing.get(i as usize))
        .map_or(Unit::ManualReview, |r| r.then.unit);
    let obligations =
        masks[2] & membership(tables[2]) & tables[2].mask(Fact::Unit, unit.index() as u16);
    Evaluation {
        context: [masks[0], routing, obligations],
        own: [masks[0], masks[1] & free[1], masks[2] & free[2]],
        target_group_bit: tg_bit,
        routing_bit,
        eligible,
        target_group,
        unit,
    }
}

fn verify_segment(
    rules: &RuleSet,
    segment: &Segment,
    span: (NaiveDate, NaiveDate),
    dimensions: &Dimensions,
    findings: &mut Findings,
) {
    let tables = tables(segment);
    let free = free_outcomes(&tables);
    let states = regions(&tables, dimensions);

    let unsatisfied_facts = |t: usize, bit: usize| -> Vec<Fact> {
        let row = 1u64 << bit;
        Fact::ALL
            .iter()
            .copied()
            .filter(|&f| f.origin() != Origin::Outcome)
            .filter(|&f| (0..domain_size(f) as u16).all(|v| tables[t].mask(f, v) & row == 0))
            .collect()
    };

    for cohort in cohorts(rules) {
        let intervals = age_intervals(
            &tables,
            &[cohort.values; 3],
            dimensions,
            feasible_ages(rules, &cohort, span),
        );
        // Many regions share their bitmasks once combined with an age interval. Within one
        // cohort, `record` is idempotent for a given (masks, visitation, interval): everything it
        // keeps is either an OR of masks or the first example found (and whether an example
        // exists depends on the age and cohort only). So each such key is evaluated and recorded
        // once, in the same order as before, and later regions reuse its unit and routing row.
        let mut seen: MaskMap<(Masks, u16, u32), (Unit, Option<usize>)> = MaskMap::default();
        for (state_masks, index) in &states {
            // Per interval: (first age, unit, routing row index).
            let mut path: Vec<(u32, Unit, Option<usize>)> = Vec::with_capacity(intervals.len());
            for &(from, to, age_masks) in &intervals {
                let masks: Masks = std::array::from_fn(|t| state_masks[t] & age_masks[t]);
                let key = (masks, index[Fact::Visitation as usize], from);
                if let Some(&(unit, routing_row)) = seen.get(&key) {
                    path.push((from, unit, routing_row));
                    continue;
                }
                let eval = evaluate(rules, segment, &tables, &free, masks, index);
                let place = Place {
                    index,
                    age: from,
                    cohort: &cohort,
                    span,
                };
                record(rules, &tables, &eval, &place, to, findings);
                let routing_row = eval
                    .routing_bit
                    .and_then(|b| tables[1].rows.get(b))
                    .map(|&i| i as usize);
                seen.insert(key, (eval.unit, routing_row));
                path.push((from, eval.unit, routing_row));
            }
            record_bounces(rules, &path, index, &cohort, span, findings);
        }
    }
    // Rows never satisfiable on their own: name the tests that cannot hold.
    for (t, table) in tables.iter().enumerate() {
        for bit in bits(table.all()) {
            let Some(&row) = table.rows.get(bit) else {
                continue;
            };
            let row = row as usize;
            if findings.own[t] >> row & 1 == 0 && !findings.tested[t].contains_key(&row) {
                let mut facts = unsatisfied_facts(t, bit);
                if facts.is_empty() {
                    facts = row_facts(rules, t, row);
                }
                findings.tested[t].insert(row, facts);
            }
        }
    }
}

/// The facts a row tests.
fn row_facts(rules: &RuleSet, table: usize, row: usize) -> Vec<Fact> {
    let conditions = match table {
        0 => rules.target_group.get(row).map(|r| &r.conditions),
        1 => rules.routing.get(row).map(|r| &r.conditions),
        _ => rules.obligations.get(row).map(|r| &r.conditions),
    };
    conditions
        .map(|c| c.iter().map(|c| c.fact).collect())
        .unwrap_or_default()
}

fn record(
    rules: &RuleSet,
    tables: &[&CompiledTable; 3],
    eval: &Evaluation,
    place: &Place<'_>,
    oldest: u32,
    findings: &mut Findings,
) {
    let rows_of = |t: usize, bit: Option<usize>| -> Option<usize> {
        bit.and_then(|b| tables[t].rows.get(b)).map(|&i| i as usize)
    };
    let tg_row = rows_of(0, eval.target_group_bit);
    let routing_row = rows_of(1, eval.routing_bit);
    let fired = [
        eval.target_group_bit.map_or(0, |b| 1u64 << b),
        eval.routing_bit.map_or(0, |b| 1u64 << b),
        eval.context[2],
    ];
    for t in 0..3 {
        let table = tables[t];
        findings.fired[t] |= row_indexes(table, fired[t]);
        findings.reached[t] |= row_indexes(table, eval.context[t]);
        findings.own[t] |= row_indexes(table, eval.own[t]);
        // Reached but beaten by an earlier row (first-match tables only).
        if t < 2 {
            let winner = row_indexes(table, fired[t]);
            for bit in bits(eval.context[t] & !fired[t]) {
                let Some(&row) = table.rows.get(bit) else {
                    continue;
                };
                let entry = findings.covered[t].entry(row as usize).or_insert((0, None));
                entry.0 |= winner;
                if entry.1.is_none() {
                    entry.1 = place.example(rules);
                }
            }
        }
        // Tests on the case hold, but not with the earlier tables' outcomes.
        if t > 0 {
            for bit in bits(eval.own[t] & !eval.context[t]) {
                let Some(&row) = table.rows.get(bit) else {
                    continue;
                };
                findings.context[t].entry(row as usize).or_insert_with(|| {
                    let mut deciding: Vec<String> = tg_row
                        .and_then(|r| rules.target_group.get(r))
                        .map(|r| r.id.clone())
                        .into_iter()
                        .collect();
                    if t == 2 {
                        deciding.extend(
                            routing_row
                                .and_then(|r| rules.routing.get(r))
                                .map(|r| r.id.clone()),
                        );
                    }
                    (deciding, place.example(rules))
                });
            }
        }
    }
    if eval.routing_bit.is_none() {
        let key = (tg_row, place.age, oldest);
        if let std::collections::btree_map::Entry::Vacant(slot) = findings.gaps.entry(key) {
            if let Some(example) = place.example(rules) {
                slot.insert(Gap {
                    rows: tg_row
                        .and_then(|r| rules.target_group.get(r))
                        .map(|r| r.id.clone())
                        .into_iter()
                        .collect(),
                    target_group: eval.target_group,
                    ages: Ages {
                        from: place.age,
                        to: oldest,
                    },
                    example,
                });
            }
        }
    }
    for bit in bits(eval.context[2]) {
        let Some(&row) = tables[2].rows.get(bit) else {
            continue;
        };
        let Some(obligation) = rules.obligations.get(row as usize) else {
            continue;
        };
        let unit = obligation.then.unit;
        if matches!(unit, Unit::OutOfScope | Unit::ManualReview)
            && !findings.unowned.contains_key(&(row as usize))
        {
            if let Some(example) = place.example(rules) {
                let mut rows = vec![obligation.id.clone()];
                rows.extend(
                    routing_row
                        .and_then(|r| rules.routing.get(r))
                        .map(|r| r.id.clone()),
                );
                findings.unowned.insert(
                    row as usize,
                    Unowned {
                        rows,
                        kind: obligation.then.kind,
                        unit,
                        example,
                    },
                );
            }
        }
    }
}

/// Finds the returns in a path of (first age, unit, routing row) intervals.
fn record_bounces(
    rules: &RuleSet,
    path: &[(u32, Unit, Option<usize>)],
    index: &Index,
    cohort: &Cohort,
    span: (NaiveDate, NaiveDate),
    findings: &mut Findings,
) {
    // Runs of one unit: (first age, unit, routing row at the start, routing row at the end).
    let mut runs: Vec<(u32, Unit, Option<usize>, Option<usize>)> = Vec::new();
    for &(age, unit, row) in path {
        match runs.last_mut() {
            Some(last) if last.1 == unit => last.3 = row,
            _ => runs.push((age, unit, row, row)),
        }
    }
    let id = |row: Option<usize>| -> String {
        row.and_then(|r| rules.routing.get(r)).map_or_else(
            || crate::routing::NO_ROUTING_ROW.to_string(),
            |r| r.id.clone(),
        )
    };
    for back in 2..runs.len() {
        let unit = runs[back].1;
        if matches!(unit, Unit::OutOfScope | Unit::ManualReview) {
            continue;
        }
        let Some(left) = runs[..back - 1].iter().rposition(|r| r.1 == unit) else {
            continue;
        };
        let left_at = runs[left + 1].0;
        let back_at = runs[back].0;
        let mut rows = vec![id(runs[left].3)];
        rows.extend(runs[left + 1..back].iter().map(|r| id(r.2)));
        rows.push(id(runs[back].2));
        let key = (unit, left_at, back_at, rows.clone());
        if findings.bounces.contains_key(&key) {
            continue;
        }
        let Some((birth, date)) = birth_and_date(rules, left_at.saturating_sub(1), cohort, span)
        else {
            continue;
        };
        let leap = rules.leap_rule_on(date);
        let (Some(left_on), Some(back_on)) = (
            date_of_age(birth, left_at, leap),
            date_of_age(birth, back_at, leap),
        ) else {
            continue;
        };
        findings.bounces.insert(
            key,
            Bounce {
                unit,
                via: runs[left + 1..back].iter().map(|r| r.1).collect(),
                left_at,
                back_at,
                rows,
                example: Example {
                    case: case_with(index, birth, date).to_input(),
                    date,
                },
                left_on,
                back_on,
            },
        );
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let example = |e: &Example| -> String {
            let case = serde_json::to_string(&e.case).unwrap_or_default();
            format!("{case} on {}", e.date)
        };
        writeln!(f, "{}", self.rule_set)?;
        for v in &self.versions {
            writeln!(
                f,
                "  version {}: {} gaps, {} shadowed, {} unowned, {} bounces",
                v.version,
                v.gaps.len(),
                v.shadowed.len(),
                v.unowned.len(),
                v.bounces.len()
            )?;
            for g in &v.gaps {
                writeln!(
                    f,
                    "    gap: no routing row for ages {}–{}{} (target group {}, decided by {})",
                    g.ages.from,
                    g.ages.to,
                    if g.ages.to >= AGE_CAP { "+" } else { "" },
                    g.target_group,
                    if g.rows.is_empty() {
                        "no row".to_string()
                    } else {
                        g.rows.join(", ")
                    }
                )?;
                writeln!(f, "      example: {}", example(&g.example))?;
            }
            for s in &v.shadowed {
                let why = match s.why {
                    ShadowKind::Covered => format!("covered by {}", s.rows[1..].join(", ")),
                    ShadowKind::Unreachable => format!(
                        "its tests on the case hold only where {} decide otherwise",
                        s.rows[1..].join(", ")
                    ),
                    ShadowKind::Unsatisfiable => {
                        format!(
                            "unsatisfiable: its tests on {} cannot hold",
                            s.facts.join(", ")
                        )
                    }
                };
                writeln!(f, "    shadowed: {} row {}: {why}", s.table, s.row)?;
                if let Some(e) = &s.example {
                    writeln!(f, "      example: {}", example(e))?;
                }
            }
            for u in &v.unowned {
                writeln!(
                    f,
                    "    unowned: {} goes to {} (rows {})",
                    u.kind,
                    u.unit,
                    u.rows.join(", ")
                )?;
                writeln!(f, "      example: {}", example(&u.example))?;
            }
            for b in &v.bounces {
                let via: Vec<&str> = b.via.iter().map(|u| u.as_str()).collect();
                writeln!(
                    f,
                    "    bounce: {} → {} at {} → {} at {} (rows {})",
                    b.unit,
                    via.join(" → "),
                    b.left_at,
                    b.unit,
                    b.back_at,
                    b.rows.join(", ")
                )?;
                writeln!(
                    f,
                    "      example: {} (leaves {}, back {})",
                    example(&b.example),
                    b.left_on,
                    b.back_on
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verifier enumerates every fact a case carries, once: each case fact is an input of
    /// exactly one group, and each derived fact is worked out in the group of its inputs. A new
    /// fact is picked up from `Fact::ALL` by its origin, with no list here to update.
    #[test]
    fn every_fact_is_enumerated_once() {
        let dimensions = Dimensions::of_facts();
        for &fact in Fact::ALL {
            let as_input = dimensions
                .others
                .iter()
                .filter(|(inputs, _)| inputs.contains(&fact))
                .count()
                + usize::from(fact == Fact::Age);
            let as_derived = dimensions
                .others
                .iter()
                .filter(|(_, derived)| derived.contains(&fact))
                .count()
                + dimensions
                    .age_derived
                    .iter()
                    .filter(|&&f| f == fact)
                    .count();
            match fact.origin() {
                Origin::Case => assert_eq!((as_input, as_derived), (1, 0), "{}", fact.name()),
                Origin::Derived => {
                    assert_eq!((as_input, as_derived), (0, 1), "{}", fact.name());
                    let group_inputs: Vec<Fact> = if dimensions.age_derived.contains(&fact) {
                        vec![Fact::Age]
                    } else {
                        dimensions
                            .others
                            .iter()
                            .find(|(_, d)| d.contains(&fact))
                            .map(|(i, _)| i.clone())
                            .unwrap_or_default()
                    };
                    assert!(fact.inputs().iter().all(|f| group_inputs.contains(f)));
                }
                Origin::Outcome => assert_eq!((as_input, as_derived), (0, 0), "{}", fact.name()),
            }
        }
    }
}
