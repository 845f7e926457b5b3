//! Shared pieces of helhed's benchmarks (never published):
//!
//! - [`floor`]: the default rule set written by hand as a Rust `match`, the floor that rule-table
//!   routing is measured against;
//! - [`zen`]: the same decision tables translated, row by row from the loaded [`RuleSet`], into a
//!   GoRules JDM graph for `zen-engine`, and the per-case inputs that graph reads;
//! - [`Population`]: the benchmark cases, with the size depending on whether criterion runs for
//!   real (`--bench`) or once in test mode (CI), and the varied copy the agreement checks add;

use chrono::{Days, NaiveDate};
use helhed::synth::SplitMix64;
use helhed::{
    Benefit, Case, DatedFlag, Period, RuleSet, SocialEvent, VisitationCategory, VisitationOutcome,
};

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
    /// The cases, as `helhed synth --seed 2026` writes them (the timed cases).
    pub cases: Vec<Case>,
}

/// `date` moved by `days` (negative: earlier); `date` itself if that leaves the calendar.
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(date)
}

/// A period around `date`: it began 1–1,000 days before; it is open (40 %), ended 1–300 days
/// before `date` (30 %), or ends 1–600 days after it (30 %). 1 in 10 begins after `date`.
fn period(g: &mut SplitMix64, date: NaiveDate) -> Period {
    if g.chance(100) {
        let from = shift(date, 1 + g.below(365) as i64);
        return Period { from, to: None };
    }
    let from = shift(date, -1 - g.below(1000) as i64);
    let to = match g.below(10) {
        0..=3 => None,
        4..=6 => Some(shift(date, -1 - g.below(300) as i64).max(from)),
        _ => Some(shift(date, 1 + g.below(600) as i64)),
    };
    Period { from, to }
}

/// A flag given as a period instead: most of the flags that hold, and a few that do not.
fn dated(g: &mut SplitMix64, flag: DatedFlag, date: NaiveDate) -> DatedFlag {
    match flag {
        DatedFlag::Flag(true) if g.chance(700) => DatedFlag::During(period(g, date)),
        DatedFlag::Flag(false) if g.chance(20) => DatedFlag::During(period(g, date)),
        other => other,
    }
}

impl Population {
    /// `n` cases of the benchmark population.
    pub fn new(n: usize) -> Population {
        Population {
            cases: helhed::synth::population(SEED, n, as_of()),
        }
    }

    /// The same cases with the facts `helhed synth` does not draw, for the agreement checks (not
    /// timed): a visitation to the target group (55 %: screened in 35 %, out 20 %; one in six dated
    /// after the decision date), a visitation category (40 %), `fleksjob`, `placed` and
    /// `aftercare` as periods (most of those that hold, 2 % of the others, some ended or not yet
    /// begun), and facts that cannot all be true (3 % another benefit drawn regardless of age,
    /// 2 % a flex job regardless of age), so that the `manual_review` rows decide too; 4 % get
    /// homelessness and 4 % eviction, violence or release from prison, so that the over-30
    /// joint-plan rows see members. Row `i` depends only on the seed and `i`.
    pub fn varied(&self) -> Vec<Case> {
        let date = as_of();
        self.cases
            .iter()
            .enumerate()
            .map(|(i, case)| {
                let mut g = SplitMix64::for_row(SEED ^ 0x7661_7269_6564, i as u64);
                let mut case = case.clone();
                if case.visitation.is_none() && g.chance(550) {
                    let outcome = if g.chance(636) {
                        VisitationOutcome::ScreenedIn
                    } else {
                        VisitationOutcome::ScreenedOut
                    };
                    let days = if g.chance(167) {
                        1 + g.below(365) as i64
                    } else {
                        -(g.below(1000) as i64)
                    };
                    case.visitation = Some(helhed::Visitation {
                        outcome,
                        date: shift(date, days),
                    });
                }
                if case.visitation_category.is_none() && g.chance(400) {
                    let all = VisitationCategory::ALL;
                    case.visitation_category = Some(all[g.below(all.len() as u64) as usize]);
                }
                if g.chance(30) {
                    case.benefit = Benefit::ALL[g.below(Benefit::ALL.len() as u64) as usize];
                }
                if g.chance(20) {
                    case.fleksjob = DatedFlag::Flag(true);
                }
                case.fleksjob = dated(&mut g, case.fleksjob, date);
                case.placed = dated(&mut g, case.placed, date);
                case.aftercare = dated(&mut g, case.aftercare, date);
                if g.chance(40) {
                    case.social_events.insert(SocialEvent::Homelessness);
                }
                if g.chance(40) {
                    let chosen = [
                        SocialEvent::Eviction,
                        SocialEvent::Violence,
                        SocialEvent::ReleaseFromPrison,
                    ];
                    case.social_events.insert(chosen[g.below(3) as usize]);
                }
                case
            })
            .collect()
    }

    /// Checks that the hand-written floor agrees with the rule engine on every case and on every
    /// case of [`Population::varied`] (routing row, eligibility, target group, obligations), and
    /// that the varied cases reach what the synthetic ones cannot (members, cases awaiting a
    /// visitation, `manual_review`, the LAB § 36 caseworker, dated flags on either side of the
    /// date); panics naming the first case that differs. Returns a one-line summary.
    pub fn check_floor(&self, rules: &RuleSet) -> String {
        let date = as_of();
        let version = &rules.version_on(date).expect("a version in force").id;
        let mut rows_hit = vec![0usize; rules.routing.len()];
        let (mut members, mut awaiting, mut manual, mut lab36) = (0, 0, 0, 0);
        let (mut dated_on, mut dated_off) = (0, 0);
        let varied = self.varied();
        for (set, cases) in [("synthetic", &self.cases), ("varied", &varied)] {
            for (i, case) in cases.iter().enumerate() {
                let engine = rules.decide(case, date).expect("benchmark cases are valid");
                let hand = floor::route(case, date).expect("benchmark cases are born");
                assert_eq!(
                    engine.routing_row(),
                    Some(hand.routing_row as usize),
                    "{set} case {i}: routing row"
                );
                assert_eq!(engine.eligible, hand.eligible, "{set} case {i}: eligible");
                assert_eq!(
                    engine.target_group, hand.target_group,
                    "{set} case {i}: target group"
                );
                assert_eq!(
                    rules.obligation_mask(&engine),
                    hand.obligations as u64,
                    "{set} case {i}: obligations"
                );
                rows_hit[hand.routing_row as usize] += 1;
                members += hand.target_group as usize;
                awaiting += (hand.obligations & 0b1110 != 0) as usize;
                manual += (1..=4).contains(&hand.routing_row) as usize;
                lab36 += (hand.obligations & (0b11 << 10) != 0) as usize;
                for flag in [case.fleksjob, case.placed, case.aftercare] {
                    if let DatedFlag::During(_) = flag {
                        dated_on += flag.on(date) as usize;
                        dated_off += !flag.on(date) as usize;
                    }
                }
            }
        }
        for (what, count) in [
            ("members of the target group", members),
            ("eligible citizens awaiting a visitation", awaiting),
            ("manual_review rows", manual),
            ("LAB § 36 caseworker obligations", lab36),
            ("dated flags holding on the date", dated_on),
            ("dated flags not holding on the date", dated_off),
        ] {
            assert!(count > 0, "the checked cases have no {what}");
        }
        let in_force: Vec<usize> = (0..rules.routing.len())
            .filter(|&r| rules.routing[r].in_version(version))
            .collect();
        let missed: Vec<&str> = in_force
            .iter()
            .filter(|&&r| rows_hit[r] == 0)
            .map(|&r| rules.routing[r].id.as_str())
            .collect();
        format!(
            "the floor agrees with the engine on {} cases ({} synthetic, {} varied): \
             {} members, {awaiting} awaiting a visitation, {manual} manual review; \
             routing rows decided: {} of {} in force{}",
            self.cases.len() + varied.len(),
            self.cases.len(),
            varied.len(),
            members,
            in_force.len() - missed.len(),
            in_force.len(),
            if missed.is_empty() {
                String::new()
            } else {
                format!(" (never: {})", missed.join(", "))
            },
        )
    }
}
