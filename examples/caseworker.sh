#!/usr/bin/env bash
# For a caseworker: one situation in, the answer and its reasons in plain Danish out.
# Run: examples/caseworker.sh   (HELHED=path/to/helhed uses that binary instead of cargo run)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${HELHED:-}" ]; then helhed=("$HELHED"); else helhed=(cargo run -q --release -p helhed-cli --); fi
echo '{"id":"borger-1","birth_date":"2009-08-30","benefit":"none","placed":true,"efforts":[{"sector":"barnets_lov","law":"Barnets lov","section":"§ 46","kind":"anbringelse","start":"2023-01-01","end":null}],"education_status":"none"}' \
  | "${helhed[@]}" route --explain da --as-of 2026-11-23
