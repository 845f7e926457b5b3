"""GIL release, fork safety, no CPR in any output, synth, compare and the rule-set object."""

from __future__ import annotations

import json
import os
import threading
import time

import pyarrow as pa
import pytest

import helhed
from conftest import digits_of_cpr

AS_OF = "2025-06-01"


def test_another_thread_runs_during_a_batch(rules: helhed.RuleSet) -> None:
    table = helhed.synth(300_000, seed=2, reference=AS_OF)
    ticks = 0
    running = threading.Event()
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        running.set()
        while not done.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    running.wait()
    before = ticks
    start = time.perf_counter()
    rules.route_arrow(table, AS_OF, threads=1)
    elapsed = time.perf_counter() - start
    during = ticks - before
    done.set()
    counter.join()
    # With the GIL held for the whole call the counter would get at most a switch interval's
    # worth of ticks; released, it counts all through the call.
    assert elapsed > 0.05, "the batch is too short to tell"
    assert during > 10_000, f"the counter barely ran ({during} ticks in {elapsed:.2f}s)"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_routes_in_parallel(rules: helhed.RuleSet) -> None:
    table = helhed.synth(40_000, seed=4, reference=AS_OF)
    expected = rules.route_arrow(table, AS_OF, threads=2).column("unit").to_pylist()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's pool threads do not exist here
        try:
            units = rules.route_arrow(table, AS_OF, threads=2).column("unit").to_pylist()
            os.write(write, b"same" if units == expected else b"diff")
        finally:
            os._exit(0)
    os.close(write)
    deadline = time.time() + 60
    while time.time() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        pytest.fail("the forked child hung")
    assert os.read(read, 4) == b"same"


def test_no_cpr_number_leaves_any_output(rules: helhed.RuleSet) -> None:
    cprs = ["150385-0123", "0101901234", "3112991111"]
    docs = [
        {"cpr": cprs[0], "benefit": "kontanthjaelp", "efforts": [], "id": "a-1"},
        {"cpr": cprs[1], "benefit": "kontanthjaelp", "efforts": [], "id": f"sag {cprs[1]}"},
        {"cpr": cprs[2], "benefit": "none", "efforts": [], "wrong": 1},
        {"cpr": "15038x-0123", "benefit": "none", "efforts": []},
        {"birth_date": "2000-01-01", "cpr": cprs[0], "benefit": "none", "efforts": []},
    ]
    outputs = [json.dumps(rules.route_many(docs, AS_OF, trace=True))]
    for doc in docs:
        try:
            outputs.append(json.dumps(rules.route(doc, AS_OF)))
        except helhed.InvalidCase as e:
            outputs.append(f"{e} {e.field}")
        try:
            outputs.append(json.dumps(rules.check_plan({"created": "2025-01-01", "case": doc, "case_id": cprs[2]}, AS_OF)))
        except helhed.InvalidPlan as e:
            outputs.append(f"{e} {e.field}")
    table = pa.table(
        {
            "id": ["a", "1503850123", None],
            "cpr": [cprs[1], cprs[2], "999999-9999"],
            "benefit": ["none", "none", "none"],
        }
    )
    outputs.append(json.dumps(rules.route_arrow(table, AS_OF).to_pylist(), default=str))
    text = "\n".join(outputs)
    digits = {c.replace("-", "") for c in cprs} | {"1503850123", "9999999999"}
    assert not digits_of_cpr(text) & digits
    assert "15038" not in text


def test_synth_is_core_generator(rules: helhed.RuleSet) -> None:
    a = helhed.synth(1000, seed=9, reference=AS_OF)
    assert a.equals(helhed.synth(1000, seed=9, reference=AS_OF))
    assert not a.equals(helhed.synth(1000, seed=10, reference=AS_OF))
    assert a.column("id").to_pylist()[0] == "synth-000001"
    assert rules.route_arrow(a, AS_OF).column("error_code").null_count == 1000


def test_compare_crosstab_and_moves(rules: helhed.RuleSet, model2: helhed.RuleSet) -> None:
    table = helhed.synth(20_000, seed=6, reference=AS_OF)
    result = helhed.compare(rules, model2, table, AS_OF)
    assert result.rows == table.num_rows
    a = rules.route_arrow(table, AS_OF).column("unit").to_pylist()
    b = model2.route_arrow(table, AS_OF).column("unit").to_pylist()
    moved = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert result.moved.column("index").to_pylist() == moved
    assert moved, "model 2 moves nobody"
    crosstab = {row["unit"]: row for row in result.crosstab.to_pylist()}
    for x, y in zip(a, b):
        crosstab[x][y] -= 1
    assert all(v == 0 for row in crosstab.values() for k, v in row.items() if k != "unit")
    first = result.moved.to_pylist()[0]
    doc = {k: v for k, v in table.slice(first["index"], 1).to_pylist()[0].items() if v is not None}
    doc = json.loads(json.dumps(doc, default=lambda d: d.isoformat()))
    trace_a = [t["rule"] for t in rules.route(doc, AS_OF)["trace"] if t["table"] == "routing"]
    trace_b = [t["rule"] for t in model2.route(doc, AS_OF)["trace"] if t["table"] == "routing"]
    assert (trace_a, trace_b) == ([first["rule_a"]], [first["rule_b"]])
    assert result.errors.num_rows == 0


def test_rule_set_object(rules: helhed.RuleSet) -> None:
    assert helhed.RuleSet.list()[0] == rules.id == "norddjurs-2021"
    assert len(rules.sha256) == 64 and rules.title
    assert rules.version_on("2025-01-01")
    assert rules.version_on("1990-01-01") is None
    assert repr(rules) == 'RuleSet("norddjurs-2021")'
    from conftest import REPO

    path = REPO / "rules" / "ds-2017.toml"
    assert helhed.RuleSet.load(path).sha256 == helhed.RuleSet.load("ds-2017").sha256
    assert helhed.RuleSet.from_toml(path.read_text(encoding="utf-8")).id == "ds-2017"
