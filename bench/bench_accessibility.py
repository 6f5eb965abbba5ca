#!/usr/bin/env python3
"""What the accessibility audit costs per guide step: the screenshot walk runs once
(features/guide_screenshots.feature, serial), and each step's audit time is read back from
the report it writes (reports/accessibility.json, measured around axe-core's run and the
reading of each element's role and name).

    .venv/bin/python bench/bench_accessibility.py [--target PATH]

The issue's budget is under 1 s per step."""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from harness.runs import ROOT, machine, run_pytest

WALK = "依指南重拍"
REPORT = ROOT / "reports" / "accessibility.json"
BUDGET_S = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", metavar="PATH", default=None, help="a target profile (default: the bundled portal)")
    args = parser.parse_args(argv)
    REPORT.unlink(missing_ok=True)
    done = run_pytest(["features", "-k", WALK, *(["--target", args.target] if args.target else [])],
                      junit=ROOT / "reports" / "bench-accessibility.xml")
    if not REPORT.is_file():
        print(f"the walk wrote no {REPORT.relative_to(ROOT)}: {done.summary()}\n{done.output}", file=sys.stderr)
        return 1
    data = json.loads(REPORT.read_text(encoding="utf-8"))
    seconds = {int(n): step["seconds"] for n, step in data["steps"].items()}
    print(f"the walk on {data['target']}: {done.seconds:.1f} s ({done.summary()}), on {machine()}")
    for n, s in sorted(seconds.items()):
        count = sum(len(v["elements"]) for v in data["steps"][str(n)]["violations"])
        print(f"STEP {n:>2}  {s:6.3f} s  {count} violating element(s)")
    print(f"audits: {len(seconds)} steps, median {statistics.median(seconds.values()):.3f} s, "
          f"max {max(seconds.values()):.3f} s, total {sum(seconds.values()):.2f} s "
          f"({sum(seconds.values()) / done.seconds:.0%} of the walk); budget {BUDGET_S:.1f} s per step: "
          f"{'kept' if max(seconds.values()) < BUDGET_S else 'EXCEEDED'}")
    return 0 if max(seconds.values()) < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
