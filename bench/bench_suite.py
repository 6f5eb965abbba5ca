#!/usr/bin/env python3
"""Wall time of the whole suite, serial and with pytest-xdist (`-n 2`), measured in one run
of this script, with the machine's load average before and after each.

    .venv/bin/python bench/bench_suite.py [--workers 2] [paths ...]

Default: pyproject's testpaths (tests/ and features/). Pass `features` to time the guide
suite alone. Each run is a fresh `python -m pytest -p no:cacheprovider -q`, so start-up,
collection and browser launches are included, as a developer or CI would see them.

With `--vs-bare-journey`, the same run also times the bare 17-step journey of
bench/bench_journey.py (three times before the suite and three after, in this process,
its browser already launched) and gives each suite time as a multiple of that journey's
median: a yardstick measured on the same machine in the same minutes."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from harness.runs import ROOT, machine, run_pytest

BARE_RUNS = 3


def timed(paths: list[str], workers: int, target: str | None = None) -> tuple[float, str, float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        done = run_pytest([*paths, *(["--target", target] if target else [])], workers=workers,
                          junit=Path(scratch) / "suite.xml")
        return done.seconds, done.summary(), done.load_before, done.load_after


def bare_journeys(runs: int) -> list[float]:
    """`runs` bare journeys (bench_journey.bare_once) on a portal and browser of their own."""
    sys.path.insert(0, str(ROOT / "bench"))      # bench/ is a folder of scripts, not a package
    from bench_journey import bare_once
    from playwright.sync_api import sync_playwright

    from harness.browser import launch_args
    from harness.control import Control
    from mock_portal.app import start_in_thread
    from mock_portal.domain.passwords import FAST_COST
    from mock_portal.policy import Policy

    running = start_in_thread(test_api=True, policy=Policy(password_cost=FAST_COST))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_args())
            times = [bare_once(browser, running.url, Control(running.url)) for _ in range(runs)]
            browser.close()
    finally:
        running.stop()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--target", metavar="PATH", default=None, help="a target profile (default: the bundled portal)")
    parser.add_argument("--vs-bare-journey", action="store_true",
                        help="also time the bare 17-step journey and give the suite's time as a multiple of it")
    args = parser.parse_args(argv)
    bare = bare_journeys(BARE_RUNS) if args.vs_bare_journey else []
    what = " ".join(args.paths) or "the whole suite (tests/ and features/)"
    print(f"{what} on {machine()}")
    results = {}
    for label, workers in (("serial", 0), (f"-n {args.workers}", args.workers)):
        wall, summary, before, after = timed(args.paths, workers, args.target)
        results[label] = wall
        print(f"{label:8} {wall:8.1f} s   {summary}   (load average {before:.1f} -> {after:.1f})", flush=True)
    serial, parallel = results["serial"], results[f"-n {args.workers}"]
    print(f"speed-up with -n {args.workers}: {serial / parallel:.2f}x")
    if bare:
        bare += bare_journeys(BARE_RUNS)
        journey = statistics.median(bare)
        print(f"bare 17-step journey: median {journey:.2f} s of {len(bare)} "
              f"({', '.join(f'{t:.2f}' for t in bare)})")
        for label, wall in results.items():
            print(f"{label:8} = {wall / journey:5.1f} bare journeys")
    return 0


if __name__ == "__main__":
    sys.exit(main())
