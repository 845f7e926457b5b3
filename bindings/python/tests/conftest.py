"""Shared fixtures: the repository's paths, the rule sets, and the Rust CLI to compare with."""

from __future__ import annotations

import os
import pathlib
import re
import shutil

import pytest

import helhed

REPO = pathlib.Path(__file__).resolve().parents[3]
CONFORMANCE = REPO / "tests" / "conformance"

#: A run of ten digits, a hyphen allowed after six: what a CPR number looks like.
CPR_LIKE = re.compile(r"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])")


def digits_of_cpr(text: str) -> set[str]:
    """The ten digits of every CPR-like number in ``text``."""
    return {m.group(0).replace("-", "") for m in CPR_LIKE.finditer(text)}


@pytest.fixture(scope="session")
def rules() -> helhed.RuleSet:
    return helhed.RuleSet.default()


@pytest.fixture(scope="session")
def model2() -> helhed.RuleSet:
    return helhed.RuleSet.load("norddjurs-model2-2020")


@pytest.fixture(scope="session")
def cli() -> str:
    """The `helhed` CLI (the Rust reference): $HELHED_BIN, else target/{debug,release}/helhed."""
    candidates = [os.environ.get("HELHED_BIN", "")]
    candidates += [str(REPO / "target" / p / "helhed") for p in ("debug", "release")]
    candidates.append(shutil.which("helhed") or "")
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    pytest.fail("the helhed CLI is not built: run `cargo build -p helhed-cli` (test.sh does)")
