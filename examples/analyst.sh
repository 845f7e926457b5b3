#!/usr/bin/env bash
# For an analyst: route a synthetic population of 200,000 under the adopted model and under the
# 2020 model-2 proposal, and compare where the citizens would go. Counts go to stderr (--summary);
# the decisions go to CSV files for a spreadsheet, pandas or DuckDB.
# Run: examples/analyst.sh [N [OUTPUT_DIR]]
# Without OUTPUT_DIR the decisions are written to a temporary folder that is removed at the end
# (the counts on stderr are the result); the population is always temporary.
# HELHED=path/to/helhed uses that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="${2:-$work}"
mkdir -p "$out"
if [ -z "${HELHED:-}" ]; then
  cargo build -q --release -p helhed-cli
  HELHED="${CARGO_TARGET_DIR:-target}/release/helhed"
fi

"$HELHED" synth --n "$n" --seed 2026 > "$work/population.jsonl"   # clearly synthetic: ids synth-…, no CPR
for rules in norddjurs-2021 norddjurs-model2-2020; do
  echo "== $rules" >&2
  "$HELHED" route --rules "$rules" --as-of 2026-11-23 --output-format csv --summary \
    "$work/population.jsonl" > "$out/$rules.csv"
done

# Who changes unit between the models? Column 10 of the CSV output is `unit`.
echo "== unit under norddjurs-2021 -> unit under norddjurs-model2-2020 (changed only)" >&2
paste -d, <(cut -d, -f10 "$out/norddjurs-2021.csv") <(cut -d, -f10 "$out/norddjurs-model2-2020.csv") \
  | tail -n +2 | awk -F, '$1 != $2' | sort | uniq -c | sort -rn >&2
if [ "$out" != "$work" ]; then
  echo "decisions in $out" >&2
fi
