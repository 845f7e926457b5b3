"""The Python examples (examples/python) run and say what they should."""

from __future__ import annotations

import subprocess
import sys

import polars as pl

import helhed
from conftest import REPO

EXAMPLES = REPO / "examples" / "python"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False)


def test_route_file_parquet_and_csv(tmp_path, cli: str) -> None:  # type: ignore[no-untyped-def]
    parquet = tmp_path / "cases.parquet"
    pl.from_arrow(helhed.synth(3000, seed=5)).write_parquet(parquet)
    done = run(str(EXAMPLES / "route_file.py"), str(parquet), "--as-of", "2026-01-01")
    assert done.returncode == 0, done.stderr
    from_parquet = pl.read_parquet(tmp_path / "cases.decisions.parquet")
    assert from_parquet.height == 3000 and from_parquet["error_code"].null_count() == 3000

    csv = tmp_path / "cases.csv"
    with open(csv, "w", encoding="utf-8") as f:
        subprocess.run([cli, "synth", "--n", "3000", "--seed", "5", "--format", "csv"], stdout=f, check=True)
    done = run(str(EXAMPLES / "route_file.py"), str(csv), "--as-of", "2026-01-01")
    assert done.returncode == 0, done.stderr
    from_csv = pl.read_parquet(tmp_path / "cases.decisions.parquet")
    assert from_csv.equals(from_parquet), "CSV and Parquet of the same cases decide differently"


def test_compare_models_prints_the_crosstab() -> None:
    done = run(str(EXAMPLES / "compare_models.py"), "--n", "5000")
    assert done.returncode == 0, done.stderr
    assert "norddjurs-model2-2020" in done.stdout and "change unit" in done.stdout


def test_check_plan_example() -> None:
    done = run(str(EXAMPLES / "check_plan.py"), "--as-of", "2025-03-01")
    assert done.returncode in (0, 1), done.stderr
    assert "plan" in done.stdout and ("valid" in done.stdout)
