#!/usr/bin/env python3
"""Run the whole suite N times, each time in another random order and with pytest-xdist,
and report every test's pass rate. No retries: a test that fails once is a flake to fix
at its cause.

    .venv/bin/python scripts/flake_check.py                  # 10 runs of the whole suite, -n 2
    .venv/bin/python scripts/flake_check.py --runs 3 features # 3 runs of the guide suite only
    .venv/bin/python scripts/flake_check.py --seed 1234       # replay: run 1 uses seed 1234, run 2 1235 …

Order: pytest-random-order (`--random-order-bucket=global`), with an explicit seed per run
so every xdist worker collects the same order and a failing order can be replayed
(`pytest --random-order-bucket=global --random-order-seed=SEED -n 2`). The machine's load
average is recorded with each run: other processes competing for the CPU are part of
what a flake report must say.

Writes docs/flake-report.md (--out) and keeps each run's JUnit report in reports/flake/."""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from harness.junit import case_outcome
from harness.runs import ROOT, machine, run_pytest

RETRY_PLUGINS = ("rerunfailures", "flaky", "retry")


@dataclass
class RunResult:
    number: int
    seed: int
    seconds: float
    exit_code: int
    load_before: float
    load_after: float
    outcomes: dict[str, str] = field(default_factory=dict)     # test id -> passed / failed / skipped
    messages: dict[str, str] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)


def check_no_retries() -> None:
    """A retry plugin would hide the flakes this script is for."""
    done = subprocess.run([sys.executable, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True)
    found = [line for line in done.stdout.splitlines() if any(p in line.lower() for p in RETRY_PLUGINS)]
    if found:
        sys.exit(f"a retry plugin is installed ({', '.join(found)}); uninstall it: flakes must not be retried away")


def read_junit(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    outcomes, messages = {}, {}
    for case in ET.parse(path).getroot().iter("testcase"):
        test = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome, message = case_outcome(case, width=300)
        if outcome == "failed":          # a teardown error after a pass reports the case twice
            outcomes[test], messages[test] = outcome, message
        else:
            outcomes.setdefault(test, outcome)
    return outcomes, messages


def run_once(number: int, seed: int, paths: list[str], workers: int, reports: Path, extra: list[str],
             timeout: float) -> RunResult:
    junit = reports / f"run-{number:02d}-seed-{seed}.xml"
    done = run_pytest([*paths, "--random-order-bucket=global", f"--random-order-seed={seed}", *extra],
                      junit=junit, workers=workers, timeout=timeout)
    result = RunResult(number, seed, done.seconds, done.returncode, done.load_before, done.load_after)
    if junit.exists():
        result.outcomes, result.messages = read_junit(junit)
    if done.returncode not in (0, 1) or not result.outcomes:
        print(done.output[-3000:], file=sys.stderr)
    return result


def summarize(results: list[RunResult]) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]]]:
    """Per test: how many runs it passed, how many it ran (not skipped), and its failure messages."""
    passed, ran, messages = defaultdict(int), defaultdict(int), defaultdict(list)
    for result in results:
        for test, outcome in result.outcomes.items():
            if outcome == "skipped":
                continue
            ran[test] += 1
            if outcome == "passed":
                passed[test] += 1
            else:
                messages[test].append(f"run {result.number} (seed {result.seed}): {result.messages.get(test, '')}")
    return passed, ran, messages


def write_report(path: Path, results: list[RunResult], command: str, *, note: str) -> None:
    passed, ran, messages = summarize(results)
    tests = sorted(ran)
    imperfect = [t for t in tests if passed[t] < len(results)]
    clean_runs = sum(1 for r in results if r.count("failed") == 0 and r.outcomes and r.exit_code == 0)
    lines = [
        "# Flake report",
        "",
        f"Written by `scripts/flake_check.py` on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: "
        f"`{command}`, {len(results)} runs, each in its own random order (pytest-random-order, global bucket, "
        "the seed below), no retries.",
        "",
        f"Machine: {machine()}.",
        "",
        f"**{clean_runs} of {len(results)} runs passed completely; "
        f"{len(tests) - len(imperfect)} of {len(tests)} tests passed in every run.**",
        "",
    ]
    if note:
        lines += [note, ""]
    lines += ["| run | seed | passed | failed | skipped | wall time | load avg before → after |",
              "|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.number} | {r.seed} | {r.count('passed')} | {r.count('failed')} | {r.count('skipped')} "
                     f"| {r.seconds:.0f} s | {r.load_before:.1f} → {r.load_after:.1f} |")
    lines += ["", "## Tests below 100 %", ""]
    if imperfect:
        lines += ["| test | passed | failures |", "|---|---|---|"]
        for t in imperfect:
            lines.append(f"| `{t}` | {passed[t]}/{ran[t]} | {'<br>'.join(messages[t])} |")
    else:
        lines.append("None: every test passed in every run it ran in.")
    lines += ["", "## Every test's pass rate", "", "<details><summary>"
              f"{len(tests)} tests</summary>", "", "| test | passed |", "|---|---|"]
    lines += [f"| `{t}` | {passed[t]}/{ran[t]} |" for t in tests]
    lines += ["", "</details>", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="what to run (default: the whole suite, pyproject's testpaths)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--target", metavar="PATH", default=None,
                        help="the portal under test, as a profile (passed to pytest; default: the bundled portal)")
    parser.add_argument("-n", "--workers", type=int, default=2, help="pytest-xdist workers (0: none)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the first run; the next runs add 1")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one run may take")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "flake-report.md")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports" / "flake")
    parser.add_argument("--note", default="", help="a sentence for the report (e.g. what else ran meanwhile)")
    args, extra = parser.parse_known_args(argv)
    if args.target:
        extra = ["--target", args.target, *extra]
    check_no_retries()
    args.reports.mkdir(parents=True, exist_ok=True)
    first = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    command = " ".join(["pytest", *args.paths, f"-n {args.workers}" if args.workers else "",
                        "--random-order-bucket=global --random-order-seed=SEED", *extra]).replace("  ", " ")
    results = []
    for number in range(1, args.runs + 1):
        seed = first + number - 1
        print(f"run {number}/{args.runs} (seed {seed}) …", flush=True)
        result = run_once(number, seed, args.paths, args.workers, args.reports, extra, args.timeout)
        results.append(result)
        failed = [t for t, o in result.outcomes.items() if o == "failed"]
        print(f"  {result.count('passed')} passed, {len(failed)} failed, {result.count('skipped')} skipped,"
              f" {result.seconds:.0f} s, load {result.load_before:.1f} → {result.load_after:.1f}", flush=True)
        for test in failed:
            print(f"  FAILED {test}: {result.messages.get(test, '')}", flush=True)
        write_report(args.out, results, command, note=args.note)      # after every run: partial results survive
    passed, ran, _ = summarize(results)
    imperfect = {t: f"{passed[t]}/{ran[t]}" for t in ran if passed[t] < len(results)}
    print(f"\n{len(ran)} tests, {len(results)} runs; below 100 %: {len(imperfect)}")
    for test, rate in sorted(imperfect.items()):
        print(f"  {rate}  {test}")
    print(f"report: {args.out}")
    clean = all(r.exit_code == 0 for r in results) and not imperfect
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
