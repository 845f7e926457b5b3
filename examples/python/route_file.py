"""Route a CSV or Parquet file of cases with polars, and write the decisions next to it.

    python examples/python/route_file.py cases.parquet --as-of 2026-01-01
    python examples/python/route_file.py cases.csv --as-of 2026-01-01 --rules ds-2017

Parquet holds the contract's columns as they are (lists as lists). CSV is the CLI's layout
(`helhed route --help`): lists separated by `|`, efforts as `sector:start:end` (end empty while
open), dated flags as `true`/`false` or `FROM..TO`, the visitation as `OUTCOME:DATE`. Without a file, a synthetic population of 10,000 is written to a temporary Parquet file
first. The decisions go to `<file>.decisions.parquet`; the units are counted on the screen.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile

import polars as pl

import helhed

LISTS = ["needs", "social_events", "plans"]
FLAGS = ["fleksjob", "placed", "aftercare", "vocational_education"]


def read_csv(path: pathlib.Path) -> pl.DataFrame:
    """The CLI's CSV layout as the contract's columns."""
    frame = pl.read_csv(path, infer_schema=False)  # every cell as text; empty = null
    columns = []
    for name in frame.columns:
        col = pl.col(name)
        if name in LISTS:
            columns.append(col.str.split("|").alias(name))
        elif name in FLAGS and frame[name].str.contains("..", literal=True).any():
            # Periods FROM..TO; a plain `true` holds on every date (from 0001-01-01).
            parts = col.replace("true", "0001-01-01..").str.split("..")
            period = pl.struct(
                **{
                    "from": parts.list.get(0, null_on_oob=True).str.to_date("%Y-%m-%d", strict=False),
                    "to": parts.list.get(1, null_on_oob=True).replace("", None).str.to_date(
                        "%Y-%m-%d", strict=False
                    ),
                }
            )
            columns.append(pl.when(col.str.contains("..", literal=True) | (col == "true"))
                           .then(period).otherwise(None).alias(name))
        elif name in FLAGS:
            columns.append((col == "true").alias(name))
        elif name == "visitation":
            parts = col.str.split(":")
            visitation = pl.struct(
                outcome=parts.list.get(0, null_on_oob=True),
                date=parts.list.get(1, null_on_oob=True).str.to_date("%Y-%m-%d", strict=False),
            )
            columns.append(pl.when(col.is_not_null()).then(visitation).otherwise(None).alias(name))
        elif name == "birth_date":
            columns.append(col.str.to_date("%Y-%m-%d", strict=False).alias(name))
        elif name == "efforts":
            parts = pl.element().str.split(":")
            effort = pl.struct(
                sector=parts.list.get(0),
                start=parts.list.get(1).str.to_date("%Y-%m-%d", strict=False),
                end=parts.list.get(2, null_on_oob=True).replace("", None).str.to_date(
                    "%Y-%m-%d", strict=False
                ),
            )
            columns.append(col.str.split("|").list.eval(effort).alias(name))
        else:
            columns.append(col)
    return frame.select(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=pathlib.Path)
    parser.add_argument("--as-of", default="2026-01-01")
    parser.add_argument("--rules", default="norddjurs-2021")
    args = parser.parse_args()

    path = args.file
    if path is None:
        path = pathlib.Path(tempfile.mkdtemp()) / "cases.parquet"
        pl.from_arrow(helhed.synth(10_000, seed=1)).write_parquet(path)
    cases = read_csv(path) if path.suffix == ".csv" else pl.read_parquet(path)

    rules = helhed.RuleSet.load(args.rules)
    decisions = pl.from_arrow(rules.route_arrow(cases, args.as_of))
    out = path.with_suffix(".decisions.parquet")
    decisions.write_parquet(out)

    errors = decisions.filter(pl.col("error_code").is_not_null())
    print(f"{cases.height} cases -> {out} ({errors.height} errors)")
    print(decisions.group_by("unit").len().sort("len", descending=True))
    if errors.height:
        print(errors.select("case_id", "error_field", "error_message").head(5))


if __name__ == "__main__":
    main()
