#!/usr/bin/env bash
# The Python binding's tests: builds the `helhed` wheel once (release) with pip through its PEP
# 517 backend (maturin) into a virtual environment of its own, then runs pytest (conformance
# against the Rust CLI, errors, Arrow round trips, GIL, fork, no CPR, Hypothesis properties,
# Spark in local[2] mode) and mypy.stubtest against the built module.
#
#   bindings/python/test.sh            # from anywhere
#   PYTHON=python3.12 bindings/python/test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/py-venv"
python="${PYTHON:-python3}"

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
py="$venv/bin/python"
export PATH="$venv/bin:$PATH"  # maturin, for pip's PEP 517 build without isolation

# Test dependencies: installed only when one is missing or at another version.
if ! "$py" - "$here/requirements-test.txt" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
wanted = [l.split("#")[0].strip() for l in open(sys.argv[1])]
for name, pin in (w.split("==") for w in wanted if w):
    try:
        if version(name) != pin:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
then
    "$py" -m pip install -q --disable-pip-version-check -r "$here/requirements-test.txt"
fi

# The wheel: one release build, reused by cargo's cache when nothing changed. pip builds it with
# the PEP 517 backend (maturin, from the venv: no second download).
"$py" -m pip install -q --disable-pip-version-check --no-build-isolation --force-reinstall \
    --no-deps "$here"

# The Rust CLI is the reference the conformance test compares with.
if [ -z "${HELHED_BIN:-}" ]; then
    cargo build -q --release -p helhed-cli --manifest-path "$root/Cargo.toml"
    export HELHED_BIN="$target/release/helhed"
fi

cd "$here/tests"
# Run from the tests folder so `import helhed` is the installed wheel, not the source tree.
"$py" -m pytest -q -p no:cacheprovider -W ignore::FutureWarning .
"$py" -m mypy.stubtest helhed --mypy-config-file "$here/mypy.ini"
