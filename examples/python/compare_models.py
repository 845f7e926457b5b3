"""Compare the adopted model with model 2 over a synthetic municipality of 40,000 inhabitants.

    python examples/python/compare_models.py [--n 40000] [--as-of 2026-01-01]

Norddjurs argued in 2020–21 (seeds 000 and 002) over where the holistic cases should sit. This
routes the same population under the adopted model (`norddjurs-2021`) and model 2
(`norddjurs-model2-2020`), prints the crosstab of unit under the adopted model (rows) by unit
under model 2 (columns), and which pairs of routing rows moved the most people.
"""

from __future__ import annotations

import argparse

import polars as pl

import helhed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-01-01")
    args = parser.parse_args()

    municipality = helhed.synth(args.n, seed=args.seed, reference=args.as_of)
    adopted = helhed.RuleSet.load("norddjurs-2021")
    model2 = helhed.RuleSet.load("norddjurs-model2-2020")
    result = helhed.compare(adopted, model2, municipality, args.as_of)

    pl.Config.set_tbl_cols(20)
    print(f"{args.n} inhabitants on {args.as_of}: rows {adopted.id}, columns {model2.id}")
    print(pl.from_arrow(result.crosstab))
    moved = pl.from_arrow(result.moved)
    print(f"{moved.height} people ({moved.height / args.n:.1%}) change unit; the rows that moved them:")
    print(
        moved.group_by("unit_a", "unit_b", "rule_a", "rule_b")
        .len()
        .sort("len", descending=True)
        .head(10)
    )


if __name__ == "__main__":
    main()
