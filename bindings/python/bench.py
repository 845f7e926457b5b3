"""Python benchmarks of helhed (run by scripts/bench; see BENCHMARKS.md), side by side in one run:

1. ``route_arrow`` on 1,000,000 rows handed over from polars (trace off), with and without
   ``next_transition``, against the native core on the same cases, interleaved in ``--rounds``
   rounds (native, then route_arrow, in each; best of 5 calls each):
   ``decide_columns`` (codes and bitmasks, no next transition) and ``decide`` +
   ``next_change_outcome`` (the work the default ``route_arrow`` does per row);
2. the same table through the ``zen-engine`` Python package's ``evaluate_batch``, running the
   JDM graph that the benches crate generates from the same rule set (exactly its rows);
3. ``route(dict)`` per call against zen-engine's ``evaluate`` per call;
4. peak memory (max RSS) of ``route_arrow`` on 1,000,000 rows: a first process writes the rows
   to a Parquet file, a fresh one reads it with polars and routes it.

5. OpenFisca-core's vectorised formulas on the equivalent table of facts, simulation set-up
   included, with formulas generated from the same JDM tables (bench_openfisca.py).

    python bindings/python/bench.py --native target/release/py-bench-native [--rows 1000000]
        [--rounds 3] [--only per-call|memory]
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import json
import os
import resource
import shutil
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


def status_mib(field: str) -> float | None:
    """A size from /proc/self/status (Linux), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss_mib() -> float:
    """The process's peak resident set size. VmHWM, not getrusage's ru_maxrss: Linux carries
    ru_maxrss over an exec, so a child started from a large parent would report the parent's."""
    peak = status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    """The resident set size now."""
    rss = status_mib("VmRSS")
    return rss if rss is not None else float("nan")


def write_parquet(rows: int, path: str) -> None:
    """The first process of the memory measure: the benchmark population to a Parquet file."""
    import polars as pl

    import helhed

    frame = pl.from_arrow(helhed.synth(rows, seed=SEED, reference=AS_OF))
    assert isinstance(frame, pl.DataFrame)
    frame.write_parquet(path)


def memory_only(path: str) -> None:
    """The second process of the memory measure: polars reads the Parquet file, route_arrow
    routes it; nothing else."""
    import polars as pl

    import helhed

    rules = helhed.RuleSet.default()
    frame = pl.read_parquet(path)
    read = {"rss_after_read_mib": rss_mib(), "peak_after_read_mib": peak_rss_mib()}
    out = rules.route_arrow(frame, AS_OF)
    assert out.num_rows == frame.height
    print(json.dumps({**read, "peak_mib": peak_rss_mib(), "rows": out.num_rows}))


def memory(rows: int, work: str) -> dict[str, float]:
    """Peak memory of route_arrow on `rows` rows read from Parquet, in a fresh process."""
    path = os.path.join(work, "cases.parquet")
    me = [sys.executable, __file__, "--rows", str(rows)]
    subprocess.run([*me, "--write-parquet", path], check=True)
    mem = json.loads(subprocess.run(
        [*me, "--memory-only", path], check=True, capture_output=True, text=True,
    ).stdout)
    assert mem["rows"] == rows
    return {
        "peak_rss_mib": mem["peak_mib"],
        "rss_after_read_mib": mem["rss_after_read_mib"],
        "peak_rss_after_read_mib": mem["peak_after_read_mib"],
        "parquet_mib": os.path.getsize(path) / 2**20,
    }


def as_document(row: dict[str, Any]) -> dict[str, Any]:
    doc = {k: v for k, v in row.items() if v is not None}
    doc["birth_date"] = row["birth_date"].isoformat()
    doc["efforts"] = [
        {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in e.items()}
        for e in row["efforts"]
    ]
    return doc


def zen_engine(work: str) -> tuple[Any, Any, list[Any]] | None:
    """zen-engine (the Python package) on the generated graph: the engine, the decision and the
    per-case inputs; None if it is not installed."""
    try:
        import zen  # type: ignore[import-not-found]
    except ImportError:
        return None
    graph = json.load(open(os.path.join(work, "graph.json"), encoding="utf-8"))
    inputs = [json.loads(line) for line in open(os.path.join(work, "inputs.jsonl"), encoding="utf-8")]
    engine = zen.ZenEngine({"loader": {"type": "static", "content": {"routing": graph}}})
    return engine, engine.create_decision(json.dumps(graph)), inputs


def per_call(rules: Any, docs: list[dict[str, Any]], zen: tuple[Any, Any, list[Any]] | None,
             rounds: int) -> dict[str, float]:
    """route(dict) per call, trace on and off, and zen-engine's evaluate per call on as many
    inputs, in alternating rounds (so each gets the same share of a shared machine); the best
    round of each."""
    timings: dict[str, list[float]] = {"on": [], "off": [], "zen": []}
    inputs = zen[2][: len(docs)] if zen is not None else []
    for _ in range(rounds):
        timings["on"].append(best(1, lambda: [rules.route(d, AS_OF) for d in docs]))
        timings["off"].append(best(1, lambda: [rules.route(d, AS_OF, trace=False) for d in docs]))
        if zen is not None:
            evaluate = zen[1].evaluate
            timings["zen"].append(best(1, lambda: [evaluate(i) for i in inputs]))
    results = {
        "route_dict_calls_per_s": len(docs) / min(timings["on"]),
        "route_dict_trace_off_calls_per_s": len(docs) / min(timings["off"]),
    }
    if timings["zen"]:
        results["zen_evaluate_calls_per_s"] = len(inputs) / min(timings["zen"])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-call", type=int, default=20_000, help="cases for the per-call runs")
    parser.add_argument("--per-call-rounds", type=int, default=3,
                        help="alternating rounds of the per-call runs (the best of each counts)")
    parser.add_argument("--zen-batch", type=int, default=100_000, help="cases for evaluate_batch")
    parser.add_argument("--native", help="path of the py-bench-native binary")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds of native and route_arrow timings (measure 1)")
    parser.add_argument("--only", choices=["per-call", "memory"],
                        help="run only the per-call runs (3), or only the memory measure (4)")
    parser.add_argument("--write-parquet", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--memory-only", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_parquet:
        write_parquet(args.rows, args.write_parquet)
        return
    if args.memory_only:
        memory_only(args.memory_only)
        return
    if args.native is None and args.only != "memory":
        parser.error("--native is required (but for --only memory)")

    import polars as pl

    import helhed

    work = tempfile.mkdtemp(prefix="helhed-pybench-")
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # 76 MB of inputs a run
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
          f"helhed {helhed.__version__}; polars {pl.__version__}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.only:
        only(args, work)
        return

    # 1. Native and route_arrow, interleaved: each round times native decide_columns (and
    # decide + next_change_outcome) in a subprocess, then route_arrow with and without the next
    # transition, so a change in the machine's load between them shows in that round's ratios
    # and not in the bests. The first round also writes zen's graph and inputs and OpenFisca's
    # facts. Each figure is the best of its rounds; each ratio is also given per round.
    rules = helhed.RuleSet.default()
    table = helhed.synth(args.rows, seed=SEED, reference=AS_OF)
    frame = pl.from_arrow(table)
    out = rules.route_arrow(frame, AS_OF)
    assert out.num_rows == args.rows and out.column("error_code").null_count == args.rows
    # The same without the next transition (core's columns): the same table but those two columns.
    fast = rules.route_arrow(frame, AS_OF, next_transition=False)
    next_columns = ["next_transition_date", "next_transition_unit"]
    assert fast.drop_columns(next_columns).equals(out.drop_columns(next_columns))
    rounds: list[dict[str, float]] = []
    for round_ in range(args.rounds):
        command = [args.native, "--n", str(args.rows)]
        if round_ == 0:
            command += ["--zen-dir", work, "--zen-cases", str(max(args.zen_batch, args.per_call)),
                        "--facts-csv", os.path.join(work, "facts.csv")]
        native = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        rounds.append({
            "native_decide_columns_rows_per_s": args.rows / native["decide_columns_s"],
            "native_decide_with_transition_rows_per_s": args.rows / native["decide_with_transition_s"],
            "route_arrow_polars_rows_per_s": args.rows / best(5, lambda: rules.route_arrow(frame, AS_OF)),
            "route_arrow_no_next_transition_rows_per_s": args.rows / best(
                5, lambda: rules.route_arrow(frame, AS_OF, next_transition=False)),
        })
    results: dict[str, Any] = {"rows": args.rows, "rounds": args.rounds}
    for key in rounds[0]:
        results[key] = max(r[key] for r in rounds)
    results["rounds_fast_vs_decide_columns"] = [
        r["route_arrow_no_next_transition_rows_per_s"] / r["native_decide_columns_rows_per_s"]
        for r in rounds
    ]
    results["rounds_default_vs_decide_columns"] = [
        r["route_arrow_polars_rows_per_s"] / r["native_decide_columns_rows_per_s"] for r in rounds
    ]
    results["rounds_default_vs_decide_with_transition"] = [
        r["route_arrow_polars_rows_per_s"] / r["native_decide_with_transition_rows_per_s"]
        for r in rounds
    ]
    arrow_rate = results["route_arrow_polars_rows_per_s"]
    arrow_fast_rate = results["route_arrow_no_next_transition_rows_per_s"]

    # 3. Per call: route(dict) on the first cases, and zen-engine's evaluate on the same cases.
    zen = zen_engine(work)
    docs = [as_document(r) for r in table.slice(0, args.per_call).to_pylist()]
    results.update(per_call(rules, docs, zen, args.per_call_rounds))

    # 2 for zen-engine (the Python package), on the generated graph and inputs.
    if zen is not None:
        engine, _, inputs = zen
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

    # 4. Peak memory of route_arrow on rows read from Parquet, in a fresh process.
    results.update(memory(args.rows, work))

    def ratio(a: str, b: str) -> str:
        return ratio_of(results, a, b)

    print(json.dumps(results, indent=2))
    print(f"route_arrow (polars, {args.rows:,} rows): {arrow_rate:,.0f} rows/s")
    print(f"  vs native decide_columns:           {ratio('route_arrow_polars_rows_per_s', 'native_decide_columns_rows_per_s')} "
          f"(rounds {per_round(results['rounds_default_vs_decide_columns'])}; target >= 0.5x)")
    print(f"  vs native decide + next_change_outcome: {ratio('route_arrow_polars_rows_per_s', 'native_decide_with_transition_rows_per_s')} "
          f"(rounds {per_round(results['rounds_default_vs_decide_with_transition'])}; the same work)")
    print(f"  vs zen-engine evaluate_batch:       {ratio('route_arrow_polars_rows_per_s', 'zen_evaluate_batch_rows_per_s')} (target >= 200x)")
    print(f"  vs OpenFisca-core vectorised:       {ratio('route_arrow_polars_rows_per_s', 'openfisca_rows_per_s')} (target >= 3x)")
    print(f"route_arrow, next_transition=False:   {arrow_fast_rate:,.0f} rows/s")
    print(f"  vs native decide_columns:           {ratio('route_arrow_no_next_transition_rows_per_s', 'native_decide_columns_rows_per_s')} "
          f"(rounds {per_round(results['rounds_fast_vs_decide_columns'])}; target >= 0.5x)")
    print(f"  vs route_arrow (default):           {ratio('route_arrow_no_next_transition_rows_per_s', 'route_arrow_polars_rows_per_s')}")
    print(f"  vs OpenFisca-core vectorised:       {ratio('route_arrow_no_next_transition_rows_per_s', 'openfisca_rows_per_s')}")
    print(f"  vs zen-engine evaluate_batch:       {ratio('route_arrow_no_next_transition_rows_per_s', 'zen_evaluate_batch_rows_per_s')}")
    print_per_call(results)
    print_memory(results, args.rows)


def per_round(ratios: list[float]) -> str:
    return " ".join(f"{r:.2f}" for r in ratios)


def ratio_of(results: dict[str, Any], a: str, b: str) -> str:
    return f"{results[a] / results[b]:.2f}x" if b in results and a in results else "n/a"


def print_per_call(results: dict[str, Any]) -> None:
    print(f"route(dict) per call: {results['route_dict_calls_per_s']:,.0f} calls/s (trace on), "
          f"{results['route_dict_trace_off_calls_per_s']:,.0f} (trace off)")
    print(f"  vs zen-engine evaluate per call:    {ratio_of(results, 'route_dict_calls_per_s', 'zen_evaluate_calls_per_s')} (target >= 20x)")


def print_memory(results: dict[str, Any], rows: int) -> None:
    print(f"peak memory, route_arrow on {rows:,} rows read from Parquet ({results['parquet_mib']:,.0f} MiB): "
          f"{results['peak_rss_mib']:,.0f} MiB ({results['rss_after_read_mib']:,.0f} MiB resident after "
          f"reading, {results['peak_rss_after_read_mib']:,.0f} MiB peak; target < 1024)")


def only(args: argparse.Namespace, work: str) -> None:
    """One part of the run: the per-call runs (3) or the memory measure (4)."""
    import helhed

    results: dict[str, Any] = {}
    if args.only == "per-call":
        # The native binary writes zen's graph and inputs for the first cases.
        subprocess.run(
            [args.native, "--n", str(args.per_call), "--zen-dir", work,
             "--zen-cases", str(args.per_call)],
            check=True, capture_output=True, text=True,
        )
        rules = helhed.RuleSet.default()
        table = helhed.synth(args.per_call, seed=SEED, reference=AS_OF)
        docs = [as_document(r) for r in table.to_pylist()]
        results.update(per_call(rules, docs, zen_engine(work), args.per_call_rounds))
        print(json.dumps(results, indent=2))
        print_per_call(results)
    else:
        results.update(memory(args.rows, work))
        print(json.dumps(results, indent=2))
        print_memory(results, args.rows)


if __name__ == "__main__":
    main()
