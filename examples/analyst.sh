#!/usr/bin/env bash
# For an analyst: route a synthetic population of 200,000 under the adopted model and under the
# 2020 model-2 proposal, and compare where the citizens would go. Counts go to stderr (--summary);
# the decisions go to CSV files for a spreadsheet, pandas or DuckDB.
# Run: examples/analyst.sh [N [OUTPUT_DIR]]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200000}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
cargo build -q --release -p helhed-cli
helhed="${CARGO_TARGET_DIR:-target}/release/helhed"

"$helhed" synth --n "$n" --seed 2026 > "$out/population.jsonl"   # clearly synthetic: ids synth-…, no CPR
for rules in norddjurs-2021 norddjurs-model2-2020; do
  echo "== $rules" >&2
  "$helhed" route --rules "$rules" --as-of 2026-11-23 --output-format csv --summary \
    "$out/population.jsonl" > "$out/$rules.csv"
done

# Who changes unit between the models? Column 10 of the CSV output is `unit`.
echo "== unit under norddjurs-2021 -> unit under norddjurs-model2-2020 (changed only)" >&2
paste -d, <(cut -d, -f10 "$out/norddjurs-2021.csv") <(cut -d, -f10 "$out/norddjurs-model2-2020.csv") \
  | tail -n +2 | awk -F, '$1 != $2' | sort | uniq -c | sort -rn >&2
echo "decisions in $out" >&2
