//! Routing with the trace off allocates nothing per case: `decide` allocates nothing at all, and
//! the batch paths allocate nothing once their output buffers are warm. Counted by a global
//! allocator that counts the allocations of the current thread only (tests run in parallel).

use chrono::NaiveDate;
use helhed::batch::days_since_epoch;
use helhed::{BatchColumns, CaseColumns, RuleSet};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn bump() {
    // `try_with`: the thread-local may already be gone while a thread shuts down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// const-initialised thread-local Cell, which itself never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_counter_sees_allocations() {
    let n = allocations_during(|| drop(std::hint::black_box(vec![1u8; 16])));
    assert_eq!(n, 1);
}

#[test]
fn decide_allocates_nothing() {
    let rules = RuleSet::default_rules();
    let cases = helhed::synth::population(11, 5_000, day(2026, 1, 1));
    // Both versions of the default rule set (in 2023 the youngest are not born yet: an error
    // without allocation too).
    for as_of in [day(2023, 5, 1), day(2026, 1, 1)] {
        let mut units = 0usize;
        let n = allocations_during(|| {
            for case in &cases {
                if let Ok(outcome) = rules.decide(case, as_of) {
                    units += rules.unit_of(&outcome).index();
                    units += rules.obligation_mask(&outcome).count_ones() as usize;
                }
            }
        });
        assert_eq!(n, 0, "decide allocated {n} times for {} cases", cases.len());
        assert!(units > 0);
    }
}

#[test]
fn the_next_change_outcome_allocates_nothing() {
    // What columnar hosts call for each row's next transition (`next_transition` builds texts
    // and lists; this does not).
    let rules = RuleSet::default_rules();
    let cases = helhed::synth::population(12, 5_000, day(2026, 1, 1));
    for as_of in [day(2023, 5, 1), day(2026, 1, 1)] {
        let outcomes: Vec<_> = cases.iter().map(|c| rules.decide(c, as_of).ok()).collect();
        let mut found = 0usize;
        let n = allocations_during(|| {
            for (case, outcome) in cases.iter().zip(&outcomes) {
                if let Some(outcome) = outcome {
                    found += rules.next_change_outcome(case, as_of, outcome).is_some() as usize;
                }
            }
        });
        assert_eq!(n, 0, "next_change_outcome allocated {n} times");
        assert!(found > 0);
    }
}

#[test]
fn warm_batches_allocate_nothing() {
    let rules = RuleSet::default_rules();
    let as_of = day(2026, 1, 1);
    // Below the parallel threshold: the calling thread does all the work, so it sees every
    // allocation there is.
    let cases = helhed::synth::population(12, 4_000, as_of);
    let mut out = Vec::new();
    rules.route_batch_into(&cases, as_of, &mut out);
    let n = allocations_during(|| rules.route_batch_into(&cases, as_of, &mut out));
    assert_eq!(n, 0, "a warm route_batch_into allocated {n} times");

    let birth: Vec<i32> = cases
        .iter()
        .map(|c| days_since_epoch(c.birth_date))
        .collect();
    let benefit: Vec<u8> = cases.iter().map(|c| c.benefit.index() as u8).collect();
    let efforts: Vec<u16> = cases
        .iter()
        .map(|c| c.effort_sectors_on(as_of).bits())
        .collect();
    let needs: Vec<u16> = cases.iter().map(|c| c.needs.bits()).collect();
    let cols = CaseColumns {
        birth_date: &birth,
        benefit: &benefit,
        effort_sectors: &efforts,
        need_sectors: &needs,
        ..Default::default()
    };
    let mut out = BatchColumns::default();
    rules.decide_columns(&cols, as_of, &mut out).unwrap();
    let n = allocations_during(|| rules.decide_columns(&cols, as_of, &mut out).unwrap());
    assert_eq!(n, 0, "a warm decide_columns allocated {n} times");
}

#[test]
fn the_cpr_check_of_ids_allocates_nothing() {
    let rules = RuleSet::default_rules();
    let as_of = day(2026, 1, 1);
    let mut cases = helhed::synth::population(13, 100, as_of);
    for (i, case) in cases.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
        case.id = Some(format!("sag {i} 150385-0123 and some more text after it"));
    }
    let mut found = 0usize;
    let mut errors = 0usize;
    let mut out = Vec::new();
    rules.route_batch_into(&cases, as_of, &mut out);
    let n = allocations_during(|| {
        for case in &cases {
            found += case.id.as_deref().is_some_and(helhed::case::looks_like_cpr) as usize;
            errors += rules.decide(case, as_of).is_err() as usize;
        }
        rules.route_batch_into(&cases, as_of, &mut out);
    });
    assert_eq!(n, 0, "checking ids for CPR numbers allocated {n} times");
    assert_eq!(found, 34);
    assert_eq!(errors, 34);
    assert_eq!(out.iter().filter(|r| r.is_err()).count(), 34);
}
