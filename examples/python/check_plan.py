"""Check a coordinating plan and print its findings.

    python examples/python/check_plan.py [plan.json] [--as-of 2025-03-01]

Without a file, checks `examples/plan.json`. Exit code 0 when the plan is valid, 1 when it has
errors, 2 when it is not a plan at all.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import helhed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = pathlib.Path(__file__).resolve().parents[1] / "plan.json"
    parser.add_argument("plan", nargs="?", type=pathlib.Path, default=default)
    parser.add_argument("--as-of", default="2025-03-01")
    parser.add_argument("--rules", default="norddjurs-2021")
    args = parser.parse_args()

    rules = helhed.RuleSet.load(args.rules)
    try:
        report = rules.check_plan(args.plan.read_bytes(), args.as_of)
    except helhed.InvalidPlan as error:
        print(f"not a plan: {error} (field {error.field!r})", file=sys.stderr)
        return 2
    print(f"plan {report['case_id'] or '(no id)'} on {report['as_of']}: "
          f"{'valid' if report['valid'] else 'NOT valid'}")
    for v in report["violations"]:
        print(f"  {v['severity']:<7} {v['code']:<28} {v.get('path', '')}")
        print(f"          {v['message_en']} ({v['reference']})")
    return 0 if report["valid"] else 1


if __name__ == "__main__":
    sys.exit(main())
