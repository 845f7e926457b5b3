//! Batch throughput on 1 and 2 threads: `route_batch_into` over cases and `decide_columns` over
//! columns, each on a rayon pool of the given size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use helhed::batch::NO_ROUTING_ROW;
use helhed::{BatchColumns, CaseColumnsBuf, RuleSet};
use helhed_bench::{as_of, population_size, Population};
use std::hint::black_box;

fn batch(c: &mut Criterion) {
    let rules = RuleSet::default_rules();
    let date = as_of();
    let n = population_size();
    let population = Population::new(n);
    let cases = &population.cases;

    let owned = CaseColumnsBuf::from_cases(cases, date);
    let columns = owned.columns();

    // The columns say what the cases say: decide_columns agrees with `decide` on every case
    // of the population and of its varied copy (visitation, category, dated flags).
    let varied = population.varied();
    for set in [cases, &varied] {
        let owned = CaseColumnsBuf::from_cases(set, date);
        let mut by_columns = BatchColumns::default();
        rules
            .decide_columns(&owned.columns(), date, &mut by_columns)
            .expect("columns of one length");
        for (i, case) in set.iter().enumerate() {
            let outcome = rules.decide(case, date).expect("benchmark cases are valid");
            let row = outcome.routing_row().map_or(NO_ROUTING_ROW, |r| r as u16);
            assert_eq!(
                (
                    by_columns.routing_row[i],
                    by_columns.eligible[i],
                    by_columns.target_group[i],
                    by_columns.obligations[i]
                ),
                (
                    row,
                    outcome.eligible,
                    outcome.target_group,
                    rules.obligation_mask(&outcome)
                ),
                "case {i}: decide_columns and decide differ"
            );
        }
    }
    drop(varied);

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let mut out = Vec::new();
        group.bench_function(BenchmarkId::new("route_batch", threads), |b| {
            b.iter(|| {
                pool.install(|| rules.route_batch_into(black_box(cases), date, &mut out));
                black_box(out.len())
            })
        });
        let mut out = BatchColumns::default();
        group.bench_function(BenchmarkId::new("decide_columns", threads), |b| {
            b.iter(|| {
                pool.install(|| {
                    rules
                        .decide_columns(black_box(&columns), date, &mut out)
                        .expect("columns of one length")
                });
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
