"""Run the guide suite against the bundled portal deviating from the guide, once per named
deviation, and show which scenarios notice.

    .venv/bin/python scripts/deviation_matrix.py                 # every deviation, plus a baseline run
    .venv/bin/python scripts/deviation_matrix.py r-login-lock-six screen-swapped-tabs
    .venv/bin/python scripts/deviation_matrix.py --list

A deviation is CAUGHT when a functional scenario tagged with what the deviation breaks
fails (its rule, `@r-login-lock`, or for a screen the guide steps that walk it, `@step-8`
…), and every scenario that fails carries one of those tags. The screenshot walk
(`@screenshots`) may fail besides: it checks how every screen looks, so any deviation that
changes what a screen shows rightly fails it. When the walk is all that fails, its failure
counts only if it is the walk's label check (a label the guide quotes is not on the
screen) or its accessibility audit failing exactly steps the deviation changes; pixels
alone count as not caught. Any other failure means the suite fails for the
wrong reason (or a scenario lacks a tag), and the row says which. The column "caught by"
says which kind of check caught it.

First the suite runs against the guide's own portal: every scenario must pass there, or
the matrix means nothing. The matrix is printed and written to docs/deviation-matrix.md
(--out); each run's JUnit report stays in reports/deviations/ (--reports)."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mock_portal.deviations import DEVIATIONS, Deviation

from .junit import case_outcome
from .runs import ROOT, machine, run_pytest

PLUGIN = "harness.deviation_plugin"
TAGS_PROPERTY = "tags"
VISUAL_TAG = "screenshots"        # features/guide_screenshots.feature: compares every screen to a baseline
LABEL_CHECK = "is not on the screen"   # how the walk says a label the guide quotes is missing
A11Y_CHECK = re.compile(r"STEP (\d+): \d+ new accessibility violation")   # the walk's audit failing a step
BASELINE = "(none: the guide's portal)"


@dataclass
class Scenario:
    name: str
    tags: frozenset[str]
    outcome: str                      # passed, failed, skipped
    message: str = ""                 # the failure's first line
    detail: str = ""                  # the failure's whole message


@dataclass
class Run:
    deviation: str
    scenarios: list[Scenario]
    seconds: float
    exit_code: int
    output: str = ""
    started: str = ""                 # when the suite began, from its JUnit report

    @property
    def failed(self) -> list[Scenario]:
        return [s for s in self.scenarios if s.outcome == "failed"]


@dataclass
class Verdict:
    deviation: Deviation | None
    run: Run
    caught: bool
    wrong: list[Scenario] = field(default_factory=list)     # failed without the expected tag
    tagged_passed: list[Scenario] = field(default_factory=list)
    note: str = ""
    caught_by: str = ""               # "tagged scenario(s)", "the walk's label check", or what fell short


def pytest_args(deviation: str | None, *, select: str | None, extra: list[str]) -> list[str]:
    args = ["features", "-p", PLUGIN]
    if deviation:
        args += ["--portal-deviate", deviation]
    if select:
        args += ["-m", select]
    return args + extra


def run_suite(deviation: str | None, reports: Path, *, workers: int = 2, select: str | None = None,
              extra: list[str] = (), timeout: float = 3600) -> Run:
    done = run_pytest(pytest_args(deviation, select=select, extra=list(extra)),
                      junit=reports / f"{deviation or 'baseline'}.xml", workers=workers, timeout=timeout,
                      env={"PYTHONDONTWRITEBYTECODE": "1"})
    kept = load_run(deviation, reports)
    return Run(deviation or BASELINE, kept.scenarios if kept else [], done.seconds, done.returncode,
               done.output, kept.started if kept else "")


def load_run(deviation: str | None, reports: Path) -> Run | None:
    """A run kept in `reports` by an earlier invocation (--from-reports), or None."""
    junit = reports / f"{deviation or 'baseline'}.xml"
    if not junit.exists():
        return None
    root = ET.parse(junit).getroot()
    suite = next(root.iter("testsuite"))
    scenarios = scenarios_in(root)
    return Run(deviation or BASELINE, scenarios, float(suite.get("time", 0)),
               int(any(s.outcome == "failed" for s in scenarios)), started=started_at(suite))


def started_at(suite: ET.Element) -> str:
    """When the run began, in UTC to the minute: rows judged from kept reports may come from
    different sessions, and the matrix must say which."""
    stamp = suite.get("timestamp", "")
    try:
        return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


def read_junit(path: Path) -> list[Scenario]:
    return scenarios_in(ET.parse(path).getroot())


def scenarios_in(root: ET.Element) -> list[Scenario]:
    """One Scenario per test case."""
    found = []
    for case in root.iter("testcase"):
        properties = {p.get("name"): p.get("value", "") for p in case.iter("property")}
        tags = frozenset(properties.get(TAGS_PROPERTY, "").split())
        outcome, message = case_outcome(case)
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        detail = "" if problem is None else (problem.get("message") or "") + "\n" + (problem.text or "")
        found.append(Scenario(case.get("name", "?"), tags, outcome, message, detail))
    return found


def judge(deviation: Deviation, run: Run) -> Verdict:
    """Caught: a scenario tagged with what the deviation breaks failed, and every other
    failure is one too, or a screenshot comparison (@screenshots), which checks how every
    screen looks and so rightly fails whatever rule changes what a screen shows."""
    expected = set(deviation.tags)
    failed = run.failed
    functional = [s for s in failed if expected & s.tags and VISUAL_TAG not in s.tags]
    visual = [s for s in failed if VISUAL_TAG in s.tags]
    label_check = [s for s in visual if expected & s.tags and LABEL_CHECK in s.detail]
    wrong = [s for s in failed if not expected & s.tags and VISUAL_TAG not in s.tags]
    tagged_passed = [s for s in run.scenarios if expected & s.tags and s.outcome == "passed"]
    if not run.scenarios:
        return Verdict(deviation, run, False, note=f"no test results (pytest exit {run.exit_code})",
                       caught_by="nothing ran")
    if not failed:
        return Verdict(deviation, run, False, tagged_passed=tagged_passed, note="no scenario failed",
                       caught_by="nothing")
    if wrong:
        return Verdict(deviation, run, False, wrong, tagged_passed,
                       note=f"{len(wrong)} failed scenario(s) not tagged {' / '.join(sorted(expected))}",
                       caught_by="scenarios of other rules")
    if functional:
        return Verdict(deviation, run, True, [], tagged_passed, caught_by=f"{len(functional)} tagged scenario(s)")
    if label_check:
        return Verdict(deviation, run, True, [], tagged_passed, caught_by="the walk's label check")
    audited = {f"step-{n}" for s in visual for n in A11Y_CHECK.findall(s.detail)}
    if audited and audited <= expected:
        return Verdict(deviation, run, True, [], tagged_passed,
                       caught_by=f"the walk's accessibility audit ({', '.join(sorted(audited))})")
    if audited:
        return Verdict(deviation, run, False, [], tagged_passed, caught_by="the walk's accessibility audit",
                       note=f"the audit failed {', '.join(sorted(audited - expected))}, which it does not change")
    return Verdict(deviation, run, False, [], tagged_passed,
                   note="only the screenshot comparison failed, no scenario of the rule",
                   caught_by="only the screenshot comparison")


def short(name: str, width: int = 60) -> str:
    """A scenario's test name without `test_`, its example ids decoded, cut to width."""
    text = name.removeprefix("test_")
    if "[" in text:
        base, _, rest = text.partition("[")
        with contextlib.suppress(UnicodeDecodeError):
            rest = rest.encode("ascii", "backslashreplace").decode("unicode_escape")
        text = f"{base}[{rest}"
    return text if len(text) <= width else text[: width - 1] + "…"


def print_matrix(verdicts: list[Verdict], baseline: Run | None) -> None:
    if baseline:
        state = "all pass" if not baseline.failed else f"{len(baseline.failed)} FAIL"
        print(f"\nbaseline (the guide's portal): {len(baseline.scenarios)} scenarios, {state},"
              f" {baseline.seconds:.0f} s")
    print(f"\n{'deviation':44} {'failed':>6}  {'caught':6}  scenarios that failed")
    for v in verdicts:
        names = ", ".join(short(s.name, 40) for s in v.run.failed[:4])
        more = f" (+{len(v.run.failed) - 4})" if len(v.run.failed) > 4 else ""
        print(f"{v.run.deviation:44} {len(v.run.failed):>6}  {'yes' if v.caught else 'NO':6}  {names}{more}")
        print(f"{'':44} {'':>6}  {'':6}  caught by: {v.caught_by}")
        if v.note:
            print(f"{'':44} {'':>6}  {'':6}  -> {v.note}")
    caught = sum(v.caught for v in verdicts)
    print(f"\n{caught} of {len(verdicts)} deviations caught")


ROW_NAME = re.compile(r"^\| `(?P<name>[^`]+)` \|")


def kept_rows(path: Path, run_now: set[str]) -> dict[str, str]:
    """The rows of an earlier matrix for deviations not run now (--merge), each in today's
    columns: a row written before the "caught by" column gets it from its own list of
    failed scenarios (caught then meant a failed scenario of the rule besides the walk)."""
    if not path.exists():
        return {}
    kept = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = ROW_NAME.match(line)
        if not found or found["name"] in run_now or found["name"] not in DEVIATIONS:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) == 7:
            failed = [n for n in cells[5].split("<br>") if n and n != "—" and not n.startswith("依指南重拍")]
            by = f"{len(failed)} tagged scenario(s)" if cells[4] == "yes" and failed else "see the row's note"
            cells.insert(5, by)
        kept[found["name"]] = "| " + " | ".join(cells) + " |"
    return kept


def write_markdown(path: Path, verdicts: list[Verdict], baseline: Run | None, *, workers: int,
                   select: str | None, note: str = "", from_reports: bool = False,
                   earlier: dict[str, str] | None = None) -> None:
    now = f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    lines = [
        "# Deviation matrix",
        "",
        "Written by `scripts/deviation_matrix.py`: the guide suite (`features/`, "
        f"`-n {workers}`) run against the bundled portal once per named deviation "
        "(`python -m mock_portal --list-deviations`). **Caught** means a functional scenario tagged with what the "
        "deviation breaks failed (its rule, or for a screen the steps that walk it) and every scenario that failed "
        "is tagged so; the screenshot walk may fail besides, and counts alone only through its label check or its "
        "accessibility audit failing exactly the steps the deviation changes, never through pixels. **Caught by** "
        "says which kind of check it was.",
        "",
        (f"Judged {now} from the JUnit reports earlier runs kept; each row says when its run began (UTC)."
         if from_reports else f"Run {now} on {machine()}.")
        + (" A row marked *bounded* ran only the scenarios its `-m` names (those of the rule, and the entry "
           "scenarios as bystanders): it shows the rule's scenarios catch the deviation, not yet that no other "
           "scenario fails." if select or any("(bounded:" in row for row in (earlier or {}).values()) else ""),
        "",
    ]
    if note:
        lines += [note, ""]
    if baseline:
        state = "every one passed" if not baseline.failed else \
            f"**{len(baseline.failed)} failed**: " + ", ".join(short(s.name) for s in baseline.failed)
        lines += [f"Baseline, the guide's own portal: {len(baseline.scenarios)} scenarios, {state} "
                  f"({baseline.seconds:.0f} s, began {baseline.started or '?'} UTC).", ""]
    lines += ["| deviation | what it changes | expected tags | failed | caught | caught by | scenarios that failed "
              "| began (UTC) |",
              "|---|---|---|---|---|---|---|---|"]
    rows = dict(earlier or {})
    for v in verdicts:
        d = v.deviation
        failed = "<br>".join(short(s.name, 70) for s in v.run.failed) or "—"
        caught = "yes" if v.caught else f"**NO**: {v.note}"
        tags = " ".join(f"`@{t}`" for t in d.tags) if len(d.tags) <= 3 else \
            f"`@{d.tags[0]}` … `@{d.tags[-1]}`"
        bounded = f" (bounded: only `-m \"{select}\"`)" if select else ""
        rows[d.name] = (f"| `{d.name}` | {d.description} | {tags} | {len(v.run.failed)} | {caught} | {v.caught_by} "
                        f"| {failed} | {v.run.started or '?'}{bounded} |")
    ordered = [rows[name] for name in DEVIATIONS if name in rows]
    lines += ordered
    caught = sum(" | yes | " in row for row in ordered)
    missing = [name for name in DEVIATIONS if name not in rows]
    lines += ["", f"{caught} of {len(ordered)} deviations caught"
              + (f"; not run yet: {', '.join(f'`{n}`' for n in missing)}" if missing else "") + ".", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="deviations to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the deviations and what should catch them")
    parser.add_argument("-n", "--workers", type=int, default=2, help="pytest-xdist workers per run (0: none)")
    parser.add_argument("-m", "--select", default=None, help="a pytest -m expression to run fewer scenarios")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run against the guide's portal")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the matrix (default: docs/deviation-matrix.md when running all)")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports" / "deviations")
    parser.add_argument("--from-reports", action="store_true",
                        help="run nothing: judge the JUnit reports an earlier run left in --reports")
    parser.add_argument("--note", default="", help="a sentence for the written matrix (where and how it ran)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the --out file's rows of deviations not run now (run some, keep the rest)")
    args, extra = parser.parse_known_args(argv)

    if args.list:
        for d in DEVIATIONS.values():
            print(f"{d.name:44} {' '.join('@' + t for t in d.tags)}")
        return 0
    unknown = [n for n in args.names if n not in DEVIATIONS]
    if unknown:
        parser.error(f"unknown deviation(s) {', '.join(unknown)}; see --list")
    names = args.names or list(DEVIATIONS)
    out = args.out or (None if args.names or args.select else ROOT / "docs" / "deviation-matrix.md")

    def run(name: str | None) -> Run:
        if args.from_reports:
            kept = load_run(name, args.reports)
            if kept is None:
                sys.exit(f"no report for {name or 'the baseline'} in {args.reports}")
            return kept
        return run_suite(name, args.reports, workers=args.workers, select=args.select, extra=extra)

    baseline = None
    if not args.no_baseline:
        print("baseline: the guide's own portal …", flush=True)
        baseline = run(None)
        print(f"  {len(baseline.scenarios)} scenarios, {len(baseline.failed)} failed, {baseline.seconds:.0f} s",
              flush=True)
        if baseline.failed or not baseline.scenarios:
            print("the suite does not pass against the guide's own portal; the matrix would mean nothing:\n"
                  + "\n".join(f"  {s.name}: {s.message}" for s in baseline.failed) + baseline.output[-2000:],
                  file=sys.stderr)
            return 2
    verdicts = []
    for name in names:
        print(f"{name} …", flush=True)
        result = run(name)
        verdict = judge(DEVIATIONS[name], result)
        verdicts.append(verdict)
        print(f"  {len(result.failed)} failed, {'caught' if verdict.caught else 'NOT caught: ' + verdict.note},"
              f" {result.seconds:.0f} s", flush=True)
    print_matrix(verdicts, baseline)
    if out:
        earlier = kept_rows(out, {v.deviation.name for v in verdicts}) if args.merge else None
        write_markdown(out, verdicts, baseline, workers=args.workers, select=args.select, note=args.note,
                       from_reports=args.from_reports, earlier=earlier)
        print(f"written to {out}")
    return 0 if all(v.caught for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
