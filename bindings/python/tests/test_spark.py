"""examples/python/spark_panel.py in Spark's local[2] mode: the panel routed by executors with
mapInArrow equals routing the same rows directly."""

from __future__ import annotations

import datetime
import importlib.util
import os
import shutil
import sys

import helhed
from conftest import REPO

def load_example():  # type: ignore[no-untyped-def]
    path = REPO / "examples" / "python" / "spark_panel.py"
    spec = importlib.util.spec_from_file_location("spark_panel", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["spark_panel"] = module
    spec.loader.exec_module(module)
    return module


def test_spark_panel_in_local_mode() -> None:
    assert shutil.which("java"), "Spark needs Java (17) on the PATH"
    from pyspark.sql import SparkSession

    # Executors run this interpreter (with helhed and pyarrow), not whatever python3 is first.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    example = load_example()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("helhed-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    # Executors import the example's module (as `spark-submit --py-files` ships it).
    spark.sparkContext.addPyFile(str(REPO / "examples" / "python" / "spark_panel.py"))
    try:
        people, month_count = 300, 6
        rule_sets = helhed.RuleSet.list()
        routed = example.run(spark, people, month_count, rule_sets, seed=3)
        rows = routed.collect()
    finally:
        spark.stop()
    assert len(rows) == people * month_count * len(rule_sets)
    residents = helhed.synth(people, seed=3, reference=datetime.date(2023, 1, 1))
    for rule_set in rule_sets:
        for month in example.months(datetime.date(2023, 1, 1), month_count):
            direct = helhed.RuleSet.load(rule_set).route_arrow(residents, month)
            want = dict(zip(direct.column("case_id").to_pylist(), direct.column("unit").to_pylist()))
            got = {r["person"]: r["unit"] for r in rows if r["rule_set"] == rule_set and r["month"] == month}
            assert got == want, (rule_set, month)
