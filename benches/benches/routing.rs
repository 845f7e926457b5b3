//! Per-case routing, side by side: helhed's trace-off fast path (`decide`), the contract's
//! decision with the trace off and on, the hand-written `match` floor, and GoRules zen-engine on
//! the same tables (generated from the rule set) and the same cases; and the full decision as
//! JSON, serialised with serde_json or written by `helhed::json::DecisionWriter`.
//!
//! `cargo bench -p helhed-bench --bench routing` measures; `cargo test -p helhed-bench --benches`
//! runs every benchmark once on a small population (CI), with the same agreement checks.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use helhed::json::DecisionWriter;
use helhed::{RouteOptions, RuleSet};
use helhed_bench::{as_of, floor, measuring, population_size, zen, Population};
use std::hint::black_box;

fn routing(c: &mut Criterion) {
    let rules = RuleSet::default_rules();
    let date = as_of();
    let n = population_size();
    let population = Population::new(n);
    let summary = population.check_floor(rules);
    let cases = &population.cases;
    eprintln!("routing: {n} synthetic cases timed; {summary}");

    let mut group = c.benchmark_group("per_case");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("decide_trace_off", |b| {
        b.iter(|| {
            for case in cases {
                black_box(rules.decide(black_box(case), date).ok());
            }
        })
    });
    group.bench_function("match_floor", |b| {
        b.iter(|| {
            for case in cases {
                black_box(floor::route(black_box(case), date));
            }
        })
    });

    // Building the contract's decision costs far more; a tenth of the cases is plenty.
    let some = &cases[..(n / 10).max(1)];
    group.throughput(Throughput::Elements(some.len() as u64));
    for (name, trace, next_transition) in [
        ("route_trace_off", false, false),
        ("route_trace_on", true, false),
        ("route_trace_on_with_transition", true, true),
    ] {
        let options = RouteOptions {
            trace,
            next_transition,
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                for case in some {
                    black_box(rules.route(black_box(case), date, options).ok());
                }
            })
        });
    }

    // The full default decision as JSON (what `helhed route` writes per row): serialising the
    // `Decision` with serde_json, and the fast writer that writes the same bytes without one.
    let writer = DecisionWriter::new(rules);
    let options = RouteOptions::default();
    let mut out = Vec::new();
    for case in some {
        out.clear();
        let fast = writer.route_into(case, date, options, &mut out).is_ok();
        let decision = rules.route(case, date, options).ok();
        let serde = decision.and_then(|d| serde_json::to_vec(&d).ok());
        assert!(fast && serde.as_deref() == Some(&out[..]), "same JSON");
    }
    group.bench_function("json_serde_trace_on_with_transition", |b| {
        b.iter(|| {
            out.clear();
            for case in some {
                if let Ok(decision) = rules.route(black_box(case), date, options) {
                    black_box(serde_json::to_writer(&mut out, &decision).ok());
                }
            }
        })
    });
    group.bench_function("json_writer_trace_on_with_transition", |b| {
        b.iter(|| {
            out.clear();
            for case in some {
                black_box(
                    writer
                        .route_into(black_box(case), date, options, &mut out)
                        .ok(),
                );
            }
        })
    });

    // zen: every benchmark case and its varied copy (the facts synth does not draw) is checked
    // (two threads, one decision each), a slice of the benchmark cases is timed.
    let varied = population.varied();
    let checked: usize = std::thread::scope(|s| {
        let halves: Vec<_> = [cases, &varied]
            .into_iter()
            .map(|part| s.spawn(move || zen::check(rules, part, date)))
            .collect();
        halves
            .into_iter()
            .map(|h| h.join().expect("zen check"))
            .sum()
    });
    drop(varied);
    eprintln!("routing: zen-engine and helhed agree on all {checked} cases (rows, unit, eligibility, target group, obligations)");
    let timed = &cases[..n.min(if measuring() { 20_000 } else { n })];
    let inputs: Vec<zen_engine::Variable> = timed
        .iter()
        .map(|case| zen_engine::Variable::from(zen::input(rules, case, date).expect("born")))
        .collect();
    let decision = zen::decision(rules, date);
    let options = zen::options();
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("zen_engine", |b| {
        b.iter(|| {
            futures::executor::block_on(async {
                for input in &inputs {
                    black_box(
                        decision
                            .evaluate_with_opts(input.clone(), options)
                            .await
                            .ok(),
                    );
                }
            })
        })
    });
    // helhed on exactly the zen slice, for a like-for-like ratio.
    group.bench_function("decide_trace_off_zen_slice", |b| {
        b.iter(|| {
            for case in timed {
                black_box(rules.decide(black_box(case), date).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, routing);
criterion_main!(benches);
