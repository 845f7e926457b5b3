#!/usr/bin/env python3
"""Route a Norddjurs-sized synthetic population on 17 November 2022 and print the counts that
docs/calibration.md compares with seed 001: eligible citizens by age and unit, members (as given,
and with every citizen screened in), and youth social cases in Ungeindsatsen.

Usage: scripts/calibration.py [PATH-TO-helhed]   (default: target/release/helhed, else target/debug/helhed)
"""
import collections
import json
import os
import subprocess
import sys

DATE = "2022-11-17"
N = "37000"


def helhed() -> str:
    if len(sys.argv) > 1:
        return sys.argv[1]
    for path in ("target/release/helhed", "target/debug/helhed"):
        if os.path.exists(path):
            return path
    sys.exit("build helhed first: cargo build --release -p helhed-cli")


def run(binary: str, profile: str, screened: bool) -> collections.Counter:
    synth = subprocess.run(
        [binary, "synth", "--n", N, "--seed", "1", "--reference", DATE, "--profile", profile],
        capture_output=True, text=True, check=True,
    ).stdout
    cases = [json.loads(line) for line in synth.splitlines()]
    if screened:
        for case in cases:
            case["visitation"] = {"outcome": "screened_in", "date": "2022-03-01"}
    text = "".join(json.dumps(c) + "\n" for c in cases)
    out = subprocess.run(
        [binary, "route", "--as-of", DATE, "--no-trace", "--input-format", "jsonl"],
        input=text, capture_output=True, text=True,
    ).stdout
    counts = collections.Counter()
    for case, line in zip(cases, out.splitlines()):
        d = json.loads(line)
        age = d["age"]
        group = "15-17" if age < 18 else ("18-29" if age < 30 else "30+")
        social = any(
            e["sector"] in ("sel", "barnets_lov")
            and e["start"] <= DATE
            and (e["end"] is None or e["end"] >= DATE)
            for e in case["efforts"]
        )
        if d["eligible"]:
            counts[("eligible", group, d["unit"])] += 1
        if d["target_group"]:
            counts[("member", group, d["unit"])] += 1
        if d["unit"] == "ungeindsatsen" and social:
            counts[("youth social case in ungeindsatsen", group)] += 1
        counts[("unit", d["unit"])] += 1
    return counts


def main() -> None:
    binary = helhed()
    for profile in ("municipality", "case-rich"):
        for screened in (False, True):
            label = "every citizen screened in" if screened else "no visitation"
            print(f"== {profile}, {label}")
            counts = run(binary, profile, screened)
            for key in sorted(counts):
                print("  " + " / ".join(key) + f": {counts[key]}")


if __name__ == "__main__":
    main()
