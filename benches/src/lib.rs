//! Shared pieces of helhed's benchmarks (never published):
//!
//! - [`floor`]: the default rule set written by hand as a Rust `match`, the floor that rule-table
//!   routing is measured against;
//! - [`zen`]: the same decision tables translated, row by row from the loaded [`RuleSet`], into a
//!   GoRules JDM graph for `zen-engine`, and the per-case inputs that graph reads;
//! - [`Population`]: the benchmark cases, with the size depending on whether criterion runs for
//!   real (`--bench`) or once in test mode (CI).

use chrono::NaiveDate;
use helhed::{Case, RuleSet};

pub mod floor;
pub mod zen;

/// The decision date of every benchmark (version `2025-07-01` of the default rule set).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date")
}

/// Seed of the benchmark population (`helhed synth --seed 2026`).
pub const SEED: u64 = 2026;

/// Whether criterion runs for real (`cargo bench` passes `--bench`); otherwise it runs every
/// benchmark once as a test, and the set-up stays small so CI does not time anything.
pub fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The benchmark cases: 1,000,000 when measuring, 2,000 in test mode (`HELHED_BENCH_CASES`
/// overrides).
pub fn population_size() -> usize {
    std::env::var("HELHED_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if measuring() { 1_000_000 } else { 2_000 })
}

/// The synthetic population of the benchmarks.
pub struct Population {
    /// The cases, as `helhed synth --seed 2026` writes them.
    pub cases: Vec<Case>,
}

impl Population {
    /// `n` cases of the benchmark population.
    pub fn new(n: usize) -> Population {
        Population {
            cases: helhed::synth::population(SEED, n, as_of()),
        }
    }

    /// Checks that the hand-written floor agrees with the rule engine on every case (routing
    /// row, target group, obligations); panics naming the first case that differs.
    pub fn check_floor(&self, rules: &RuleSet) {
        let date = as_of();
        for (i, case) in self.cases.iter().enumerate() {
            let engine = rules.decide(case, date).expect("benchmark cases are valid");
            let hand = floor::route(case, date).expect("benchmark cases are born");
            assert_eq!(
                engine.routing_row(),
                Some(hand.routing_row as usize),
                "case {i}: routing row"
            );
            assert_eq!(
                engine.target_group, hand.target_group,
                "case {i}: target group"
            );
            assert_eq!(
                rules.obligation_mask(&engine),
                hand.obligations as u64,
                "case {i}: obligations"
            );
        }
    }
}
