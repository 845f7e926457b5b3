"""Python benchmarks of helhed (run by scripts/bench; see BENCHMARKS.md), side by side in one run:

1. ``route_arrow`` on 1,000,000 rows handed over from polars (trace off), with and without
   ``next_transition``, against the native core on the same cases in the same run:
   ``decide_columns`` (codes and bitmasks, no next transition) and ``decide`` +
   ``next_transition`` (the work the default ``route_arrow`` does per row);
2. the same table through the ``zen-engine`` Python package's ``evaluate_batch``, running the
   JDM graph that the benches crate generates from the same rule set (exactly its rows);
3. ``route(dict)`` per call against zen-engine's ``evaluate`` per call;
4. peak memory (max RSS) of a process that builds 1,000,000 rows in polars and routes them.

5. OpenFisca-core's vectorised formulas on the equivalent table of facts, simulation set-up
   included, with formulas generated from the same JDM tables (bench_openfisca.py).

    python bindings/python/bench.py --native target/release/py-bench-native [--rows 1000000]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable

AS_OF = datetime.date(2026, 1, 1)  # the benches crate's date and population (seed 2026)
SEED = 2026


def best(runs: int, f: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_only(rows: int) -> None:
    """The child process of the memory measure: polars table in, decisions out, nothing else."""
    import polars as pl

    import helhed

    frame = pl.from_arrow(helhed.synth(rows, seed=SEED, reference=AS_OF))
    before = peak_rss_mib()
    out = helhed.RuleSet.default().route_arrow(frame, AS_OF)
    assert out.num_rows == rows
    print(json.dumps({"input_peak_mib": before, "peak_mib": peak_rss_mib()}))


def as_document(row: dict[str, Any]) -> dict[str, Any]:
    doc = {k: v for k, v in row.items() if v is not None}
    doc["birth_date"] = row["birth_date"].isoformat()
    doc["efforts"] = [
        {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in e.items()}
        for e in row["efforts"]
    ]
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-call", type=int, default=20_000, help="cases for the per-call runs")
    parser.add_argument("--zen-batch", type=int, default=100_000, help="cases for evaluate_batch")
    parser.add_argument("--native", required=True, help="path of the py-bench-native binary")
    parser.add_argument("--memory-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_only:
        memory_only(args.rows)
        return

    import polars as pl

    import helhed

    work = tempfile.mkdtemp(prefix="helhed-pybench-")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
          f"helhed {helhed.__version__}; polars {pl.__version__}")

    # 1. Native, in this run.
    native = json.loads(subprocess.run(
        [args.native, "--n", str(args.rows), "--zen-dir", work,
         "--zen-cases", str(max(args.zen_batch, args.per_call)),
         "--facts-csv", os.path.join(work, "facts.csv")],
        check=True, capture_output=True, text=True,
    ).stdout)
    columns_rate = args.rows / native["decide_columns_s"]
    transition_rate = args.rows / native["decide_with_transition_s"]

    # route_arrow from polars.
    rules = helhed.RuleSet.default()
    table = helhed.synth(args.rows, seed=SEED, reference=AS_OF)
    frame = pl.from_arrow(table)
    out = rules.route_arrow(frame, AS_OF)
    assert out.num_rows == args.rows and out.column("error_code").null_count == args.rows
    arrow_s = best(3, lambda: rules.route_arrow(frame, AS_OF))
    arrow_rate = args.rows / arrow_s
    # The same without the next transition (core's columns): the same table but those two columns.
    fast = rules.route_arrow(frame, AS_OF, next_transition=False)
    next_columns = ["next_transition_date", "next_transition_unit"]
    assert fast.drop_columns(next_columns).equals(out.drop_columns(next_columns))
    arrow_fast_s = best(3, lambda: rules.route_arrow(frame, AS_OF, next_transition=False))
    arrow_fast_rate = args.rows / arrow_fast_s

    results: dict[str, Any] = {
        "rows": args.rows,
        "route_arrow_polars_rows_per_s": arrow_rate,
        "route_arrow_no_next_transition_rows_per_s": arrow_fast_rate,
        "native_decide_columns_rows_per_s": columns_rate,
        "native_decide_with_transition_rows_per_s": transition_rate,
    }

    # 3. Per call: route(dict) on the first cases.
    docs = [as_document(r) for r in table.slice(0, args.per_call).to_pylist()]
    route_s = best(3, lambda: [rules.route(d, AS_OF) for d in docs])
    route_off_s = best(3, lambda: [rules.route(d, AS_OF, trace=False) for d in docs])
    results["route_dict_calls_per_s"] = len(docs) / route_s
    results["route_dict_trace_off_calls_per_s"] = len(docs) / route_off_s

    # 2 and 3 for zen-engine (the Python package), on the generated graph and inputs.
    try:
        import zen  # type: ignore[import-not-found]
    except ImportError:
        zen = None
    if zen is not None:
        graph = json.load(open(os.path.join(work, "graph.json"), encoding="utf-8"))
        inputs = [json.loads(line) for line in open(os.path.join(work, "inputs.jsonl"), encoding="utf-8")]
        engine = zen.ZenEngine({"loader": {"type": "static", "content": {"routing": graph}}})
        decision = engine.create_decision(json.dumps(graph))
        per_call = inputs[: args.per_call]
        zen_call_s = best(1, lambda: [decision.evaluate(i) for i in per_call])
        results["zen_evaluate_calls_per_s"] = len(per_call) / zen_call_s
        batch = [{"key": "routing", "context": i} for i in inputs[: args.zen_batch]]
        answers: list[Any] = []
        zen_batch_s = best(1, lambda: answers.extend(engine.evaluate_batch(batch)))
        results["zen_evaluate_batch_rows_per_s"] = len(batch) / zen_batch_s
        # The same answers: zen's unit equals helhed's on every case of the batch.
        units = out.column("unit").to_pylist()
        differ = sum(
            1 for a, u in zip(answers, units) if not a["success"] or a["data"]["result"].get("unit") != u
        )
        results["zen_cases_compared"] = len(answers)
        results["zen_cases_differing"] = differ

    # 5. OpenFisca-core on the equivalent table (set-up included), if it is installed.
    try:
        import bench_openfisca
        import openfisca_core  # noqa: F401
    except ImportError:
        bench_openfisca = None  # type: ignore[assignment]
    if bench_openfisca is not None:
        graph = json.load(open(os.path.join(work, "graph.json"), encoding="utf-8"))
        facts_frame = pl.read_csv(os.path.join(work, "facts.csv"))
        facts = {c: facts_frame[c].to_numpy() for c in facts_frame.columns}
        units_of: list[list[str]] = []
        of_s = best(1, lambda: units_of.append(bench_openfisca.run(graph, facts)))
        results["openfisca_rows_per_s"] = args.rows / of_s
        helhed_units = out.column("unit").to_pylist()
        results["openfisca_rows_differing"] = sum(
            1 for a, b in zip(units_of[0], helhed_units) if a != b
        )

    # 4. Peak memory in a fresh process.
    mem = json.loads(subprocess.run(
        [sys.executable, __file__, "--memory-only", "--rows", str(args.rows), "--native", args.native],
        check=True, capture_output=True, text=True,
    ).stdout)
    results["peak_rss_mib"] = mem["peak_mib"]
    results["peak_rss_before_routing_mib"] = mem["input_peak_mib"]

    def ratio(a: str, b: str) -> str:
        return f"{results[a] / results[b]:.2f}x" if b in results and a in results else "n/a"

    print(json.dumps(results, indent=2))
    print(f"route_arrow (polars, {args.rows:,} rows): {arrow_rate:,.0f} rows/s")
    print(f"  vs native decide_columns:           {ratio('route_arrow_polars_rows_per_s', 'native_decide_columns_rows_per_s')} (target >= 0.5x)")
    print(f"  vs native decide + next_transition: {ratio('route_arrow_polars_rows_per_s', 'native_decide_with_transition_rows_per_s')}")
    print(f"  vs zen-engine evaluate_batch:       {ratio('route_arrow_polars_rows_per_s', 'zen_evaluate_batch_rows_per_s')} (target >= 200x)")
    print(f"  vs OpenFisca-core vectorised:       {ratio('route_arrow_polars_rows_per_s', 'openfisca_rows_per_s')} (target >= 3x)")
    print(f"route_arrow, next_transition=False:   {arrow_fast_rate:,.0f} rows/s")
    print(f"  vs native decide_columns:           {ratio('route_arrow_no_next_transition_rows_per_s', 'native_decide_columns_rows_per_s')} (target >= 0.5x)")
    print(f"  vs route_arrow (default):           {ratio('route_arrow_no_next_transition_rows_per_s', 'route_arrow_polars_rows_per_s')}")
    print(f"  vs OpenFisca-core vectorised:       {ratio('route_arrow_no_next_transition_rows_per_s', 'openfisca_rows_per_s')}")
    print(f"  vs zen-engine evaluate_batch:       {ratio('route_arrow_no_next_transition_rows_per_s', 'zen_evaluate_batch_rows_per_s')}")
    print(f"route(dict) per call: {results['route_dict_calls_per_s']:,.0f} calls/s (trace on), "
          f"{results['route_dict_trace_off_calls_per_s']:,.0f} (trace off)")
    print(f"  vs zen-engine evaluate per call:    {ratio('route_dict_calls_per_s', 'zen_evaluate_calls_per_s')} (target >= 20x)")
    print(f"peak memory, {args.rows:,} rows: {results['peak_rss_mib']:,.0f} MiB "
          f"({results['peak_rss_before_routing_mib']:,.0f} MiB before routing; target < 1024)")


if __name__ == "__main__":
    main()
