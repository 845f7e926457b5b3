//! Batch throughput on 1 and 2 threads: `route_batch_into` over cases and `decide_columns` over
//! columns, each on a rayon pool of the given size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use helhed::batch::days_since_epoch;
use helhed::{BatchColumns, CaseColumns, RuleSet};
use helhed_bench::{as_of, population_size, Population};
use std::hint::black_box;

fn batch(c: &mut Criterion) {
    let rules = RuleSet::default_rules();
    let date = as_of();
    let n = population_size();
    let population = Population::new(n);
    let cases = &population.cases;

    let birth: Vec<i32> = cases
        .iter()
        .map(|c| days_since_epoch(c.birth_date))
        .collect();
    let benefit: Vec<u8> = cases.iter().map(|c| c.benefit.index() as u8).collect();
    let flag =
        |f: &dyn Fn(&helhed::Case) -> bool| cases.iter().map(|c| f(c) as u8).collect::<Vec<u8>>();
    let (fleksjob, placed, aftercare, vocational) = (
        flag(&|c| c.fleksjob.on(date)),
        flag(&|c| c.placed.on(date)),
        flag(&|c| c.aftercare.on(date)),
        flag(&|c| c.vocational_education),
    );
    let education: Vec<u8> = cases
        .iter()
        .map(|c| c.education_status.index() as u8)
        .collect();
    let capacity: Vec<u8> = cases
        .iter()
        .map(|c| c.legal_capacity.index() as u8)
        .collect();
    let efforts: Vec<u16> = cases
        .iter()
        .map(|c| c.effort_sectors_on(date).bits())
        .collect();
    let needs: Vec<u16> = cases.iter().map(|c| c.needs.bits()).collect();
    let events: Vec<u16> = cases.iter().map(|c| c.social_events.bits()).collect();
    let plans: Vec<u16> = cases.iter().map(|c| c.plans.bits()).collect();
    let columns = CaseColumns {
        birth_date: &birth,
        benefit: &benefit,
        fleksjob: &fleksjob,
        placed: &placed,
        aftercare: &aftercare,
        vocational_education: &vocational,
        education_status: &education,
        legal_capacity: &capacity,
        effort_sectors: &efforts,
        need_sectors: &needs,
        social_events: &events,
        plans: &plans,
        // No visitation columns: the synthetic cases have none (the default).
        ..Default::default()
    };

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
