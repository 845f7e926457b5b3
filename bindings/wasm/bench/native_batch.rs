//! The native side of the WASM benchmark (`bench/bench.mjs`): the same cases and date, on one
//! core (this crate builds core without the `parallel` feature, so `route_batch` runs on the
//! calling thread). Prints one JSON object of best-of-N wall times in nanoseconds.
//!
//! `cargo run --release -p helhed-wasm --example native_batch -- CASES.jsonl AS_OF [REPEATS]`

use helhed::json::DecisionWriter;
use helhed::{Case, RouteOptions, RuleSet};
use std::time::Instant;

/// The fastest of `repeats` runs of `f`, in nanoseconds.
fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> u128 {
    (0..repeats)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_nanos()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(as_of)) = (args.get(1), args.get(2)) else {
        return Err("usage: native_batch CASES.jsonl AS_OF [REPEATS]".into());
    };
    let repeats: usize = args.get(3).map_or(Ok(5), |r| r.parse())?;
    let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d")?;
    let text = std::fs::read_to_string(path)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let rules = RuleSet::default_rules();
    let parse = || -> Result<Vec<Case>, helhed::InputError> {
        lines.iter().map(|l| Case::from_json(l)).collect()
    };
    let cases = parse()?;

    let parse_ns = best(repeats, parse);
    let route_batch_ns = best(repeats, || rules.route_batch(&cases, as_of));
    let writer = DecisionWriter::new(rules);
    let mut out = Vec::with_capacity(text.len() * 8);
    // Text in, the contract's JSON out, trace on: what `routeJsonl` does.
    let jsonl_ns = best(repeats, || {
        out.clear();
        for line in &lines {
            if let Ok(case) = Case::from_json(line) {
                let _ = writer.route_into(&case, as_of, RouteOptions::default(), &mut out);
                out.push(b'\n');
            }
        }
        out.len()
    });
    let route_call_ns = best(repeats, || {
        let mut bytes = 0;
        for case in &cases {
            if let Ok(decision) = rules.route(case, as_of, RouteOptions::default()) {
                bytes += serde_json::to_vec(&decision).map_or(0, |v| v.len());
            }
        }
        bytes
    });
    // The decision as a Rust value, no JSON: what any host's `routeMany` must build at least
    // (the contract's decision, with its next transition by default), before crossing to JS.
    let decide_struct = |options: RouteOptions| {
        best(repeats, || {
            cases
                .iter()
                .filter_map(|case| rules.route(case, as_of, options).ok())
                .map(|d| d.obligations.len())
                .sum::<usize>()
        })
    };
    let decision_ns = decide_struct(RouteOptions::default());
    let decision_lean_ns = decide_struct(RouteOptions {
        trace: false,
        next_transition: false,
    });
    let decision_no_trace_ns = decide_struct(RouteOptions {
        trace: false,
        next_transition: true,
    });
    println!(
        "{{\"cases\":{},\"repeats\":{repeats},\"parse_ns\":{parse_ns},\"route_batch_ns\":{route_batch_ns},\"jsonl_ns\":{jsonl_ns},\"route_json_ns\":{route_call_ns},\"decision_ns\":{decision_ns},\"decision_no_trace_ns\":{decision_no_trace_ns},\"decision_lean_ns\":{decision_lean_ns}}}",
        cases.len()
    );
    Ok(())
}
