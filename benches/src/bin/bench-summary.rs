//! Reads criterion's results (the directory given, or `$CRITERION_HOME`) and prints the figures
//! and the ratios the targets are stated in, as Markdown for BENCHMARKS.md.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A benchmark's median time per element, in nanoseconds.
fn collect(dir: &Path, found: &mut BTreeMap<String, f64>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "new") {
                if let Some((id, ns)) = read(&path) {
                    found.insert(id, ns);
                }
            } else {
                collect(&path, found);
            }
        }
    }
}

fn read(dir: &Path) -> Option<(String, f64)> {
    let json = |name: &str| -> Option<Value> {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).ok()?).ok()
    };
    let benchmark = json("benchmark.json")?;
    let estimates = json("estimates.json")?;
    let id = benchmark.get("full_id")?.as_str()?.to_string();
    let elements = benchmark
        .get("throughput")
        .and_then(|t| t.get("Elements"))
        .and_then(Value::as_f64)
        .unwrap_or(1.0);
    let median = estimates.get("median")?.get("point_estimate")?.as_f64()?;
    Some((id, median / elements))
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CRITERION_HOME").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target/criterion"));
    let mut found = BTreeMap::new();
    collect(&dir, &mut found);
    if found.is_empty() {
        eprintln!(
            "bench-summary: no criterion results under {}",
            dir.display()
        );
        std::process::exit(1);
    }
    println!("| benchmark | ns per case (median) | cases per second |");
    println!("| --- | ---: | ---: |");
    for (id, ns) in &found {
        println!("| `{id}` | {ns:.1} | {:.0} |", 1e9 / ns);
    }
    let get = |id: &str| found.get(id).copied();
    let ratio = |label: &str, a: &str, b: &str, target: &str| {
        if let (Some(x), Some(y)) = (get(a), get(b)) {
            println!("| {label} | {:.2} | {target} |", x / y);
        }
    };
    println!();
    println!("| ratio | measured | target |");
    println!("| --- | ---: | --- |");
    ratio(
        "trace-off routing (`decide`) / hand-written `match`, 1M cases",
        "per_case/decide_trace_off",
        "per_case/match_floor",
        "≤ 3",
    );
    ratio(
        "zen-engine / helhed `decide`, per case, same 20k cases",
        "per_case/zen_engine",
        "per_case/decide_trace_off_zen_slice",
        "≥ 300",
    );
    ratio(
        "zen-engine / helhed `decide` on 1M cases (helhed memory-bound)",
        "per_case/zen_engine",
        "per_case/decide_trace_off",
        "(for reference)",
    );
    ratio(
        "`route` trace off (contract decision, no transition) / `decide`",
        "per_case/route_trace_off",
        "per_case/decide_trace_off",
        "(for reference)",
    );
    ratio(
        "`route` trace on / trace off",
        "per_case/route_trace_on",
        "per_case/route_trace_off",
        "(for reference)",
    );
    ratio(
        "full decision as JSON: serde_json / `DecisionWriter` (same bytes)",
        "per_case/json_serde_trace_on_with_transition",
        "per_case/json_writer_trace_on_with_transition",
        "(for reference)",
    );
    ratio(
        "`route_batch` speed-up, 2 threads over 1",
        "batch/route_batch/1",
        "batch/route_batch/2",
        "near 2",
    );
    ratio(
        "`decide_columns` speed-up, 2 threads over 1",
        "batch/decide_columns/1",
        "batch/decide_columns/2",
        "near 2",
    );
}
