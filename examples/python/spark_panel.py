"""Route a generated panel (every resident, every month, under every rule set) with PySpark.

``RuleSet.route_arrow`` is a pure function of Arrow batches, so it runs unchanged inside
Spark's ``mapInArrow``: each executor routes its partitions with the Rust core, on Arrow data,
with no Python object per row.

Run it locally (Java 17 and ``pip install pyspark helhed``)::

    python examples/python/spark_panel.py --people 2000 --months 24

On a cluster, ship the same script with ``spark-submit``; every executor needs the ``helhed``
wheel (it is abi3: one wheel for every CPython ≥ 3.11 on the platform), e.g.::

    pip wheel ./bindings/python -w dist/          # once, on a machine like the executors
    spark-submit --master yarn --deploy-mode cluster \\
        --conf spark.executorEnv.PYSPARK_PYTHON=./env/bin/python \\
        --archives env.tar.gz#env \\              # a venv with helhed (venv-pack / conda-pack)
        examples/python/spark_panel.py --people 6000000 --months 120 --out s3://bucket/panel/

Read the residents from your own table instead of ``helhed.synth`` (``spark.read.parquet``):
the columns are the contract's case fields (``helhed.CASE_COLUMNS``) plus any keys you carry.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

import helhed

#: The columns this job writes per person, month and rule set.
OUTPUT_SCHEMA = (
    "person string, month date, rule_set string, age int, age_band string, "
    "target_group boolean, unit string, coordinating_unit string, caseworkers int, "
    "obligations array<string>, next_transition_date date, error_code string"
)

KEYS = ["person", "month", "rule_set"]


def months(first: datetime.date, count: int) -> list[datetime.date]:
    """The first day of ``count`` consecutive months from ``first``."""
    out = []
    year, month = first.year, first.month
    for _ in range(count):
        out.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def route_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` function: route each batch, one call per (rule set, month) in it."""
    rules: dict[str, helhed.RuleSet] = {}
    for batch in batches:
        table = pa.Table.from_batches([batch])
        for key in pc.unique(pc.binary_join_element_wise(
            table.column("rule_set"), pc.cast(table.column("month"), pa.string()), "|"
        )).to_pylist():
            rule_set, month = key.split("|")
            if rule_set not in rules:
                rules[rule_set] = helhed.RuleSet.load(rule_set)
            mask = pc.and_(
                pc.equal(table.column("rule_set"), rule_set),
                pc.equal(table.column("month"), pa.scalar(datetime.date.fromisoformat(month))),
            )
            part = table.filter(mask)
            cases = part.select([c for c in part.column_names if c in helhed.CASE_COLUMNS])
            routed = rules[rule_set].route_arrow(cases, month, threads=1)
            out = pa.table(
                {
                    "person": part.column("person"),
                    "month": part.column("month"),
                    "rule_set": part.column("rule_set"),
                    "age": pc.cast(routed.column("age"), pa.int32()),
                    # Units, age bands and obligations come dictionary-encoded; Spark's
                    # schema wants plain strings.
                    "age_band": pc.cast(routed.column("age_band"), pa.string()),
                    "target_group": routed.column("target_group"),
                    "unit": pc.cast(routed.column("unit"), pa.string()),
                    "coordinating_unit": pc.cast(routed.column("coordinating_unit"), pa.string()),
                    "caseworkers": pc.cast(routed.column("caseworkers"), pa.int32()),
                    "obligations": pc.cast(routed.column("obligations"), pa.list_(pa.string())),
                    "next_transition_date": routed.column("next_transition_date"),
                    "error_code": routed.column("error_code"),
                }
            )
            yield from out.to_batches()


def build_panel(spark, people: int, month_count: int, rule_sets: list[str], seed: int):  # type: ignore[no-untyped-def]
    """Residents from core's synthetic generator, crossed with months and rule sets."""
    first = datetime.date(2023, 1, 1)
    residents = helhed.synth(people, seed=seed, reference=first)
    residents = residents.append_column("person", residents.column("id"))
    frame = spark.createDataFrame(residents.to_pandas(types_mapper=None))
    calendar = spark.createDataFrame([(m,) for m in months(first, month_count)], "month date")
    sets = spark.createDataFrame([(r,) for r in rule_sets], "rule_set string")
    return frame.crossJoin(calendar).crossJoin(sets)


def run(spark, people: int, month_count: int, rule_sets: list[str], seed: int = 1):  # type: ignore[no-untyped-def]
    """Routes the panel; returns the routed DataFrame."""
    panel = build_panel(spark, people, month_count, rule_sets, seed)
    return panel.mapInArrow(route_partition, OUTPUT_SCHEMA)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--rule-sets", default=",".join(helhed.RuleSet.list()))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--out", help="write the routed panel as Parquet here")
    args = parser.parse_args()

    from pyspark.sql import SparkSession

    # Local executors run this interpreter (the one with helhed installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("helhed-panel")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    routed = run(spark, args.people, args.months, args.rule_sets.split(","))
    if args.out:
        routed.write.mode("overwrite").parquet(args.out)
    summary = (
        routed.groupBy("rule_set", "unit").count().orderBy("rule_set", "unit").collect()
    )
    print(f"{'rule set':<24} {'unit':<28} {'person-months':>14}")
    for row in summary:
        print(f"{row['rule_set']:<24} {row['unit'] or '(error)':<28} {row['count']:>14}")
    spark.stop()


if __name__ == "__main__":
    main()
