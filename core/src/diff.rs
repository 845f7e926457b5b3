//! Diff: where two rule sets (or two versions of one) route differently, without a population.
//!
//! [`diff`] takes the tables in force on one date in each rule set and covers the whole input
//! space with the verifier's partition reasoning ([`crate::verify`]), over all six tables at
//! once: each region of cases that both rule sets treat alike within themselves is decided by
//! both, and the regions whose answers differ are reported with the deciding rows on both sides
//! and an example case.

use crate::decision::Change;
use crate::error::InputError;
use crate::ruleset::compile::CompiledTable;
use crate::ruleset::RuleSet;
use crate::verify::{
    age_intervals, birth_and_date, case_with, evaluate, free_outcomes, regions, tables, Ages,
    Cohort, Dimensions, Evaluation, Example, Index,
};
use crate::vocab::Unit;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Where two rule sets route differently on their dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The first side.
    pub a: DiffSide,
    /// The second side.
    pub b: DiffSide,
    /// The regions where the answers differ.
    pub regions: Vec<Region>,
}

/// One side of a diff: the rule set, and the version in force on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffSide {
    /// Rule-set id.
    pub rule_set: String,
    /// The version in force on `date`.
    pub version: String,
    /// The date whose tables are compared.
    pub date: NaiveDate,
}

/// A side's answer in a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionAnswer {
    /// The responsible unit.
    pub unit: Unit,
    /// Eligibility (the target-group criteria hold).
    pub eligible: bool,
    /// Target-group membership.
    pub target_group: bool,
    /// The deciding rows: target group, routing, then the obligation rows.
    pub rows: Vec<String>,
}

/// A region of the input space where the two sides' answers differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// What differs.
    pub changes: Vec<Change>,
    /// The ages of the region, with every other fact as in the example.
    pub ages: Ages,
    /// The first side's answer.
    pub a: RegionAnswer,
    /// The second side's answer.
    pub b: RegionAnswer,
    /// A case in the region, on the first side's date.
    pub example: Example,
    /// The same case on the second side's date, when the dates differ (same age and facts).
    pub example_b: Option<Example>,
}

/// The obligations of an evaluation, as (kind, unit, reference) and row ids.
fn obligations<'r>(
    rules: &'r RuleSet,
    table: &CompiledTable,
    eval: &Evaluation,
) -> Vec<(&'r crate::ruleset::format::ObligationThen, &'r str)> {
    (0..64)
        .filter(|b| eval.context[2] >> b & 1 == 1)
        .filter_map(|b| table.rows.get(b))
        .filter_map(|&i| rules.obligations.get(i as usize))
        .map(|r| (&r.then, r.id.as_str()))
        .collect()
}

fn answer(
    rules: &RuleSet,
    tables: &[&CompiledTable; 3],
    eval: &Evaluation,
    obligation_rows: &[&str],
) -> RegionAnswer {
    let row = |t: usize, bit: Option<usize>| -> Option<usize> {
        bit.and_then(|b| tables[t].rows.get(b)).map(|&i| i as usize)
    };
    let mut rows: Vec<String> = Vec::new();
    rows.extend(
        row(0, eval.target_group_bit)
            .and_then(|i| rules.target_group.get(i))
            .map(|r| r.id.clone()),
    );
    rows.push(
        row(1, eval.routing_bit)
            .and_then(|i| rules.routing.get(i))
            .map_or_else(
                || crate::routing::NO_ROUTING_ROW.to_string(),
                |r| r.id.clone(),
            ),
    );
    rows.extend(obligation_rows.iter().map(|s| s.to_string()));
    RegionAnswer {
        unit: eval.unit,
        eligible: eval.eligible,
        target_group: eval.target_group,
        rows,
    }
}

/// Compares the tables of `a` in force on `on_a` with those of `b` on `on_b` over the whole
/// input space. Fails when a side has no version in force on its date.
pub fn diff(
    a: &RuleSet,
    on_a: NaiveDate,
    b: &RuleSet,
    on_b: NaiveDate,
) -> Result<Diff, InputError> {
    let no_version = |rules: &RuleSet, date| InputError::NoVersionInForce {
        rule_set: rules.id.clone(),
        date,
    };
    let seg_a = a.segment_on(on_a).ok_or_else(|| no_version(a, on_a))?;
    let seg_b = b.segment_on(on_b).ok_or_else(|| no_version(b, on_b))?;
    let (ta, tb) = (tables(&a.segments[seg_a]), tables(&b.segments[seg_b]));
    let all: [&CompiledTable; 6] = [ta[0], ta[1], ta[2], tb[0], tb[1], tb[2]];
    let (free_a, free_b) = (free_outcomes(&ta), free_outcomes(&tb));
    let dimensions = Dimensions::of_facts();
    let states = regions(&all, &dimensions);
    let mut found: BTreeMap<(Vec<String>, Vec<String>), Region> = BTreeMap::new();
    for (cohort_a, cohort_b) in joint_cohorts(a, b) {
        let ages_a = crate::verify::feasible_ages(a, &cohort_a, (on_a, on_a));
        let ages_b = crate::verify::feasible_ages(b, &cohort_b, (on_b, on_b));
        let youngest = ages_a.0.max(ages_b.0);
        let oldest = ages_a.1.min(ages_b.1);
        if youngest > oldest {
            continue;
        }
        let values = [
            cohort_a.values,
            cohort_a.values,
            cohort_a.values,
            cohort_b.values,
            cohort_b.values,
            cohort_b.values,
        ];
        let intervals = age_intervals(&all, &values, &dimensions, (youngest, oldest));
        for (masks, index) in &states {
            for &(from, to, age_masks) in &intervals {
                let m: [u64; 6] = std::array::from_fn(|t| masks[t] & age_masks[t]);
                let ea = evaluate(
                    a,
                    &a.segments[seg_a],
                    &ta,
                    &free_a,
                    [m[0], m[1], m[2]],
                    index,
                );
                let eb = evaluate(
                    b,
                    &b.segments[seg_b],
                    &tb,
                    &free_b,
                    [m[3], m[4], m[5]],
                    index,
                );
                let oa = obligations(a, ta[2], &ea);
                let ob = obligations(b, tb[2], &eb);
                let changes = changes(a, &ta, &ea, &oa, b, &tb, &eb, &ob);
                if changes.is_empty() {
                    continue;
                }
                let rows_a: Vec<&str> = oa.iter().map(|o| o.1).collect();
                let rows_b: Vec<&str> = ob.iter().map(|o| o.1).collect();
                let answer_a = answer(a, &ta, &ea, &rows_a);
                let answer_b = answer(b, &tb, &eb, &rows_b);
                let key = (answer_a.rows.clone(), answer_b.rows.clone());
                if found.contains_key(&key) {
                    continue;
                }
                let Some(example) = example_on(a, index, from, &cohort_a, on_a) else {
                    continue;
                };
                let example_b = if on_a == on_b {
                    None
                } else {
                    example_on(b, index, from, &cohort_b, on_b)
                };
                found.insert(
                    key,
                    Region {
                        changes,
                        ages: Ages { from, to },
                        a: answer_a,
                        b: answer_b,
                        example,
                        example_b,
                    },
                );
            }
        }
    }
    let side = |rules: &RuleSet, segment: usize, date| DiffSide {
        rule_set: rules.id.clone(),
        version: rules.versions[rules.segments[segment].version].id.clone(),
        date,
    };
    Ok(Diff {
        a: side(a, seg_a, on_a),
        b: side(b, seg_b, on_b),
        regions: found.into_values().collect(),
    })
}

fn example_on(
    rules: &RuleSet,
    index: &Index,
    age: u32,
    cohort: &Cohort,
    on: NaiveDate,
) -> Option<Example> {
    let (birth, date) = birth_and_date(rules, age, cohort, (on, on))?;
    Some(Example {
        case: case_with(index, birth, date).to_input(),
        date,
    })
}

/// The birth cohorts of both sides, combined: pairs with a common birth date.
fn joint_cohorts(a: &RuleSet, b: &RuleSet) -> Vec<(Cohort, Cohort)> {
    let mut pairs = Vec::new();
    for ca in crate::verify::cohorts(a) {
        for cb in crate::verify::cohorts(b) {
            let born_from = ca.born_from.max(cb.born_from);
            let born_until = match (ca.born_until, cb.born_until) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            if born_from.zip(born_until).is_some_and(|(f, u)| f > u) {
                continue;
            }
            pairs.push((
                Cohort {
                    born_from,
                    born_until,
                    values: ca.values,
                },
                Cohort {
                    born_from,
                    born_until,
                    values: cb.values,
                },
            ));
        }
    }
    pairs
}

#[allow(clippy::too_many_arguments)]
fn changes(
    a: &RuleSet,
    ta: &[&CompiledTable; 3],
    ea: &Evaluation,
    oa: &[(&crate::ruleset::format::ObligationThen, &str)],
    b: &RuleSet,
    tb: &[&CompiledTable; 3],
    eb: &Evaluation,
    ob: &[(&crate::ruleset::format::ObligationThen, &str)],
) -> Vec<Change> {
    let routing = |rules: &'_ RuleSet, t: &[&CompiledTable; 3], e: &Evaluation| {
        e.routing_bit
            .and_then(|bit| t[1].rows.get(bit))
            .and_then(|&i| rules.routing.get(i as usize))
            .map(|r| r.then.clone())
    };
    let (ra, rb) = (routing(a, ta, ea), routing(b, tb, eb));
    let field = |f: &dyn Fn(&crate::ruleset::format::RoutingThen) -> String| {
        ra.as_ref().map(f) != rb.as_ref().map(f)
    };
    Change::ALL
        .into_iter()
        .filter(|c| match c {
            Change::Unit => ea.unit != eb.unit,
            Change::Eligible => ea.eligible != eb.eligible,
            Change::TargetGroup => ea.target_group != eb.target_group,
            Change::CoordinatingUnit => field(&|r| format!("{:?}", r.coordinating_unit)),
            Change::CoUnits => field(&|r| format!("{:?}", r.co_units)),
            Change::Caseworkers => field(&|r| r.caseworkers.to_string()),
            Change::Forum => field(&|r| format!("{:?}", r.forum)),
            Change::Obligations => {
                let list = |o: &[(&crate::ruleset::format::ObligationThen, &str)]| {
                    o.iter().map(|(t, _)| (*t).clone()).collect::<Vec<_>>()
                };
                list(oa) != list(ob)
            }
        })
        .collect()
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} (version {}, {}) vs {} (version {}, {}): {} regions differ",
            self.a.rule_set,
            self.a.version,
            self.a.date,
            self.b.rule_set,
            self.b.version,
            self.b.date,
            self.regions.len()
        )?;
        for r in &self.regions {
            let changes: Vec<&str> = r.changes.iter().map(|c| c.as_str()).collect();
            writeln!(
                f,
                "  ages {}–{}: {} ({}) vs {} ({}); differs in {}",
                r.ages.from,
                r.ages.to,
                r.a.unit,
                r.a.rows.join(", "),
                r.b.unit,
                r.b.rows.join(", "),
                changes.join(", ")
            )?;
            let case = serde_json::to_string(&r.example.case).unwrap_or_default();
            writeln!(f, "    example: {case} on {}", r.example.date)?;
        }
        Ok(())
    }
}
