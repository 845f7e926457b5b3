#!/usr/bin/env bash
# Every test of the WASM binding: builds the package (build.sh installs what it needs), runs the
# node tests against the optimised module in pkg/node (conformance side by side with the Rust
# CLI, errors, memory, and the caseworker page in Debian's Chromium), and type-checks the
# generated declarations with tsc.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

./build.sh

if ! command -v chromium > /dev/null; then
    echo "  [wasm test] installing Debian's chromium"
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
fi

# The CLI the conformance tests compare with: the one scripts/test built ($HELHED), else a debug
# build.
if [ -z "${HELHED_CLI:-}" ]; then
    if [ -n "${HELHED:-}" ] && [ -x "$HELHED" ]; then
        HELHED_CLI=$(cd "$root" && realpath "$HELHED")
    else
        cargo build --quiet -p helhed-cli --manifest-path "$root/Cargo.toml"
        HELHED_CLI="${CARGO_TARGET_DIR:-$root/target}/debug/helhed"
    fi
fi
export HELHED_CLI

echo "  [wasm test] tsc --noEmit on the generated declarations"
node_modules/.bin/tsc --noEmit -p tsconfig.json

echo "  [wasm test] node --test"
node --test --test-reporter=spec tests/
