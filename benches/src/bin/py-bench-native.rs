//! The native side of the Python benchmark (`bindings/python/bench.py`), run in the same
//! session: the throughput of `decide_columns` and of `decide` + `next_change_outcome` (the work
//! the default `route_arrow` does per row) on the benchmark population, on all cores; and, with
//! `--zen-dir`, the zen-engine JDM graph of the default rule set and the per-case inputs for the
//! `zen-engine` Python package, generated from the loaded rule set (as the criterion benchmark
//! does), so Python's zen runs exactly the same tables.
//!
//!     py-bench-native --n 1000000 [--zen-dir DIR --zen-cases 20000]
//!
//! With `--facts-csv PATH`, also writes the same per-case facts zen reads as a CSV table (codes
//! and bitmasks), the equivalent table of the OpenFisca run.
//!
//! Prints one JSON object.

use helhed::{BatchColumns, CaseColumnsBuf, RuleSet};
use helhed_bench::{as_of, zen, Population};
use rayon::prelude::*;
use std::time::Instant;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The best of `runs` timings of `f`, in seconds.
fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let n: usize = arg("--n").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let rules = RuleSet::default_rules();
    let date = as_of();
    let population = Population::new(n);
    let cases = &population.cases;

    let owned = CaseColumnsBuf::from_cases(cases, date);
    let columns = owned.columns();
    let mut out = BatchColumns::default();
    let columns_s = best(5, || {
        rules
            .decide_columns(&columns, date, &mut out)
            .expect("columns of equal length");
    });
    let with_transition_s = best(3, || {
        let answers: Vec<_> = cases
            .par_iter()
            .with_min_len(4096)
            .map(|c| {
                let outcome = rules.decide(c, date).ok()?;
                Some((outcome, rules.next_change_outcome(c, date, &outcome)))
            })
            .collect();
        std::hint::black_box(answers);
    });

    let mut zen_written = 0;
    if let Some(dir) = arg("--zen-dir") {
        let k: usize = arg("--zen-cases")
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000);
        let graph = zen::graph(rules, date);
        std::fs::write(format!("{dir}/graph.json"), graph.to_string()).expect("write graph");
        let mut lines = String::new();
        for case in cases.iter().take(k) {
            if let Some(input) = zen::input(rules, case, date) {
                lines.push_str(&input.to_string());
                lines.push('\n');
                zen_written += 1;
            }
        }
        std::fs::write(format!("{dir}/inputs.jsonl"), lines).expect("write inputs");
    }
    if let Some(path) = arg("--facts-csv") {
        write_facts(rules, cases, date, &path);
    }
    println!(
        "{{\"rows\":{n},\"threads\":{},\"decide_columns_s\":{columns_s},\"decide_with_transition_s\":{with_transition_s},\"zen_inputs\":{zen_written}}}",
        rayon::current_num_threads()
    );
}

/// The facts zen's inputs hold, one row per case: enum values as codes (index in the enum's
/// `ALL`; for `visitation_category` and `visitation`, 0 for none and 1 + the index), sets as
/// bitmasks, cohort parameters' values.
fn write_facts(rules: &RuleSet, cases: &[helhed::Case], date: chrono::NaiveDate, path: &str) {
    use std::io::Write;
    let cohorts: Vec<&String> = rules
        .parameters
        .iter()
        .filter(|(_, p)| !p.cohorts.is_empty())
        .map(|(name, _)| name)
        .collect();
    let file = std::fs::File::create(path).expect("create the facts file");
    let mut out = std::io::BufWriter::new(file);
    let mut header = String::from("age,age_band,benefit,fleksjob,placed,aftercare,vocational_education,education_status,legal_capacity,effort_sectors,need_sectors,sectors,social_events,plans,visitation_category,visitation");
    for name in &cohorts {
        header.push_str(&format!(",cohort_{name}"));
    }
    writeln!(out, "{header}").expect("write");
    let leap = rules.leap_rule_on(date);
    for case in cases {
        let Some(age) = helhed::age::age_on(case.birth_date, date, leap) else {
            continue;
        };
        let efforts = case.effort_sectors_on(date);
        let mut line = format!(
            "{age},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            helhed::AgeBand::of_age(age).index(),
            case.benefit.index(),
            case.fleksjob.on(date) as u8,
            case.placed.on(date) as u8,
            case.aftercare.on(date) as u8,
            case.vocational_education as u8,
            case.education_status.index(),
            case.legal_capacity.index(),
            efforts.bits(),
            case.needs.bits(),
            efforts.union(case.needs).bits(),
            case.social_events.bits(),
            case.plans.bits(),
            case.visitation_category.map_or(0, |v| 1 + v.index()),
            case.visitation
                .and_then(|v| v.on(date))
                .map_or(0, |v| 1 + v.index()),
        );
        for name in &cohorts {
            let value = rules.cohort_value(name, case.birth_date).unwrap_or(0);
            line.push_str(&format!(",{value}"));
        }
        writeln!(out, "{line}").expect("write");
    }
}
