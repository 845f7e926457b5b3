#!/usr/bin/env bash
# The reviewers' tools (issue 12) in CI: every shipped rule set verifies with no gaps and no
# shadowed rows (bounces and unowned obligations are reported, not errors), and seed 000's
# question 11 example bounces under model 2 and not under the adopted model.
set -euo pipefail
cd "$(dirname "$0")/.."
# The binary scripts/test built (debug), else build it.
helhed="${HELHED:-}"
if [ -z "$helhed" ]; then
    cargo build -q -p helhed-cli
    helhed="${CARGO_TARGET_DIR:-target}/debug/helhed"
fi
for rules in $("$helhed" rules list | awk '{print $1}'); do
    "$helhed" verify --rules "$rules" > /dev/null \
        || { echo "helhed verify: rule set $rules has gaps or shadowed rows (run: helhed verify --rules $rules)" >&2; exit 1; }
done
"$helhed" timeline --from 2023-03-10 --to 2034-12-31 --rules norddjurs-model2-2020 examples/question_11.jsonl | grep -q '"bounces":\[{'
"$helhed" timeline --from 2023-03-10 --to 2034-12-31 --rules norddjurs-2021 examples/question_11.jsonl | grep -q '"bounces":\[\]'
