//! Comparing two rule sets on the same cases: where each case lands under A and under B, and
//! which routing rows moved it (the question Norddjurs argued over in 2020–21, seeds 000 and 002).
//!
//! ```
//! use helhed::{compare::{Crosstab, Move}, Case, RuleSet};
//! use chrono::NaiveDate;
//!
//! let a = RuleSet::builtin("norddjurs-2021").unwrap();
//! let b = RuleSet::builtin("norddjurs-model2-2020").unwrap();
//! let case = Case::from_json(r#"{"birth_date": "2004-05-10", "benefit": "uddannelseshjaelp",
//!     "efforts": [{"sector": "sel", "start": "2024-01-01"}], "needs": ["lab"]}"#).unwrap();
//! let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
//! let (oa, ob) = (a.decide(&case, date).unwrap(), b.decide(&case, date).unwrap());
//! let mut crosstab = Crosstab::default();
//! crosstab.add(a.unit_of(&oa), b.unit_of(&ob));
//! assert_eq!(crosstab.total(), 1);
//! if let Some(m) = Move::between(&a, &oa, &b, &ob) {
//!     assert_ne!(m.unit_a, m.unit_b);
//! }
//! ```

use crate::routing::{Outcome, NO_ROUTING_ROW};
use crate::ruleset::RuleSet;
use crate::vocab::Unit;

/// Counts of cases by unit under rule set A (rows) and unit under rule set B (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosstab {
    counts: [[u64; Unit::ALL.len()]; Unit::ALL.len()],
}

impl Default for Crosstab {
    fn default() -> Self {
        Crosstab {
            counts: [[0; Unit::ALL.len()]; Unit::ALL.len()],
        }
    }
}

impl Crosstab {
    /// Counts one case that lands in `a` under A and in `b` under B.
    pub fn add(&mut self, a: Unit, b: Unit) {
        self.counts[a.index()][b.index()] += 1;
    }

    /// Adds another crosstab's counts (to merge the crosstabs of parallel chunks).
    pub fn merge(&mut self, other: &Crosstab) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (n, m) in row.iter_mut().zip(other_row) {
                *n += m;
            }
        }
    }

    /// The number of cases in `a` under A and in `b` under B.
    pub fn get(&self, a: Unit, b: Unit) -> u64 {
        self.counts[a.index()][b.index()]
    }

    /// All cases counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// The cells with a count, as (unit under A, unit under B, count), in the units' order.
    pub fn cells(&self) -> impl Iterator<Item = (Unit, Unit, u64)> + '_ {
        Unit::ALL.iter().flat_map(move |&a| {
            Unit::ALL
                .iter()
                .map(move |&b| (a, b, self.get(a, b)))
                .filter(|&(_, _, n)| n > 0)
        })
    }
}

/// A case that lands in a different unit under B than under A, with the routing rows that
/// decided it under each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The unit under A.
    pub unit_a: Unit,
    /// The unit under B.
    pub unit_b: Unit,
    /// The id of A's routing row that decided (`no-routing-row` when none matched).
    pub rule_a: String,
    /// The id of B's routing row that decided (`no-routing-row` when none matched).
    pub rule_b: String,
}

impl Move {
    /// The move of a case decided as `outcome_a` by `a` and `outcome_b` by `b`; `None` when
    /// the case lands in the same unit under both.
    pub fn between(
        a: &RuleSet,
        outcome_a: &Outcome,
        b: &RuleSet,
        outcome_b: &Outcome,
    ) -> Option<Move> {
        let (unit_a, unit_b) = (a.unit_of(outcome_a), b.unit_of(outcome_b));
        (unit_a != unit_b).then(|| Move {
            unit_a,
            unit_b,
            rule_a: a.routing_rule_id(outcome_a).to_string(),
            rule_b: b.routing_rule_id(outcome_b).to_string(),
        })
    }
}

impl RuleSet {
    /// The id of the routing row that decided an outcome (`no-routing-row` when none matched,
    /// as in the trace).
    pub fn routing_rule_id(&self, outcome: &Outcome) -> &str {
        outcome
            .routing_row()
            .and_then(|i| self.routing.get(i))
            .map_or(NO_ROUTING_ROW, |r| r.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth;
    use chrono::NaiveDate;

    #[test]
    fn moves_are_exactly_the_off_diagonal_of_the_crosstab() {
        let a = RuleSet::builtin("norddjurs-2021").unwrap();
        let b = RuleSet::builtin("norddjurs-model2-2020").unwrap();
        let date = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let mut crosstab = Crosstab::default();
        let mut moves = 0;
        for case in synth::population(5, 4000, date) {
            let (oa, ob) = (
                a.decide(&case, date).unwrap(),
                b.decide(&case, date).unwrap(),
            );
            crosstab.add(a.unit_of(&oa), b.unit_of(&ob));
            if let Some(m) = Move::between(&a, &oa, &b, &ob) {
                moves += 1;
                let trace_a = a.route(&case, date, Default::default()).unwrap().trace;
                assert!(trace_a
                    .iter()
                    .any(|t| t.table == "routing" && t.rule == m.rule_a));
            }
        }
        let off_diagonal: u64 = crosstab
            .cells()
            .filter(|(x, y, _)| x != y)
            .map(|(_, _, n)| n)
            .sum();
        assert_eq!(crosstab.total(), 4000);
        assert_eq!(off_diagonal, moves);
        assert!(moves > 0, "model 2 moves nobody in 4000 synthetic cases");
    }
}
