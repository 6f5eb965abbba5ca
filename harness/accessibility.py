"""An accessibility audit of each guide screen, in the state the guide shows it: axe-core's
WCAG 2.1 A and AA rules, run in the page by the axe-playwright-python package (which
bundles axe-core, so nothing is downloaded at run time). Each violation names its rule,
its impact and the elements it was found on, by role and accessible name as a user of
assistive technology meets them, besides the CSS path axe gives.

Audits are compared with the target's baseline (baselines/<target>/accessibility.json):
a violation the baseline lists is known and reported; a new one at impact serious or
critical fails its step; one the baseline lists that is gone is reported as fixed.

An automated audit finds only part of what a person would: it is a floor, not a
certificate of accessibility."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
FAILING_IMPACTS = ("serious", "critical")
STANDARD = "WCAG 2.1 A and AA (axe-core)"
BASELINE_FILE = "accessibility.json"
_SNAPSHOT_LINE = re.compile(r'^- (?P<role>[\w-]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


@dataclass(frozen=True)
class Element:
    role: str          # "" where the element has none
    name: str          # its accessible name, "" where it has none
    selector: str      # axe's CSS path, to find it in the page's source

    def said(self) -> str:
        return f"{self.role or 'no role'} 「{self.name}」" if self.name else f"{self.role or 'element'} without a name"


@dataclass(frozen=True)
class Finding:
    """One rule broken on one element."""

    rule: str
    impact: str
    help: str
    element: Element

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two audits' findings the same one: the rule and the element, by role
        and name first (a CSS path changes with any markup around it), else by path."""
        e = self.element
        return (self.rule, e.role, e.name, "" if e.name else e.selector)

    @property
    def fails(self) -> bool:
        return self.impact in FAILING_IMPACTS


@dataclass
class StepAudit:
    step: int
    findings: list[Finding]
    seconds: float = 0.0
    label_fallback: list[str] = field(default_factory=list)   # controls found only by the text beside them


@dataclass
class Comparison:
    """A step's audit against the baseline's."""

    known: list[Finding]
    new: list[Finding]
    fixed: list[Finding]

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.new if f.fails]


# Running the audit -------------------------------------------------------------------------

# axe-core waits on zero-delay timers between rules. Where the harness holds the browser's
# clock still (the walk's pinned time), those never fire and axe never finishes, and moving
# the clock would change the next screens. So while axe runs, its short timers go through
# a MessageChannel (real time, no clock moved) and its long ones (frame and preload
# timeouts, not needed on one page without frames) are dropped; the page's own timers are
# back as they were as soon as it is done. The page is idle between two guide steps.
_RUN_AXE = """async (options) => {
  const held = {setTimeout: window.setTimeout, clearTimeout: window.clearTimeout};
  const live = new Set();
  let next = 1e9;
  window.setTimeout = (fn, ms, ...args) => {
    const id = next++;
    if ((ms || 0) > 50) return id;
    live.add(id);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { if (live.delete(id)) typeof fn === "function" ? fn(...args) : 0; };
    channel.port2.postMessage(0);
    return id;
  };
  window.clearTimeout = (id) => { if (id >= 1e9) live.delete(id); else held.clearTimeout(id); };
  try {
    return await axe.run(document, options);
  } finally {
    window.setTimeout = held.setTimeout;
    window.clearTimeout = held.clearTimeout;
  }
}"""


def audit(page, step: int) -> StepAudit:
    """axe-core over the page as it stands, WCAG 2.1 A and AA."""
    from axe_playwright_python.base import AXE_SCRIPT

    started = time.monotonic()
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(_RUN_AXE, {"runOnly": {"type": "tag", "values": list(WCAG_21_AA)},
                                       "resultTypes": ["violations"]})
    findings = [Finding(v["id"], v.get("impact") or "minor", v.get("help", ""), _element(page, node))
                for v in results["violations"] for node in v["nodes"]]
    return StepAudit(step, findings, time.monotonic() - started)


def _element(page, node: Mapping) -> Element:
    target = node.get("target") or [""]
    selector = target[-1] if isinstance(target[-1], str) else " ".join(map(str, target[-1]))
    try:
        snapshot = page.locator(selector).first.aria_snapshot(timeout=2000)
    except PlaywrightError as error:       # said in the element's place, not dropped
        return Element("", f"(not read: {type(error).__name__})", selector)
    role, name = role_and_name(snapshot)
    return Element(role, name, selector)


def role_and_name(snapshot: str) -> tuple[str, str]:
    """The role and accessible name from the first line of an element's aria snapshot
    (`- button "確定"`, `- textbox`); text without a role has none."""
    first = next((line.strip() for line in snapshot.splitlines() if line.strip()), "")
    found = _SNAPSHOT_LINE.match(first)
    if not found or found["role"] == "text":
        return "", ""
    return found["role"], (found["name"] or "").replace('\\"', '"')


# Comparing with the baseline -----------------------------------------------------------------

def compare(current: StepAudit, baseline: Iterable[Finding] | None) -> Comparison:
    """New, known and fixed findings; without a baseline every finding is new."""
    before = {f.key: f for f in baseline or ()}
    now = {f.key: f for f in current.findings}
    return Comparison(known=[f for k, f in now.items() if k in before],
                      new=[f for k, f in now.items() if k not in before],
                      fixed=[f for k, f in before.items() if k not in now])


def failure_lines(audits: Mapping[int, StepAudit], comparisons: Mapping[int, Comparison]) -> list[str]:
    """One line per step with new serious or critical violations, naming them."""
    lines = []
    for n in sorted(audits):
        failing = comparisons[n].failing
        if failing:
            said = "; ".join(f"{f.rule} ({f.impact}) on {f.element.said()}" for f in failing)
            lines.append(f"STEP {n}: {len(failing)} new accessibility violation(s): {said}")
    return lines


# Files ---------------------------------------------------------------------------------------

def _grouped(findings: Iterable[Finding]) -> list[dict]:
    """Findings as axe groups them: by rule, with the elements it was found on."""
    rules: dict[str, dict] = {}
    for f in findings:
        rule = rules.setdefault(f.rule, {"rule": f.rule, "impact": f.impact, "help": f.help, "elements": []})
        rule["elements"].append({"role": f.element.role, "name": f.element.name, "selector": f.element.selector})
    return list(rules.values())


def _ungrouped(violations: Iterable[Mapping]) -> list[Finding]:
    return [Finding(v["rule"], v.get("impact", "minor"), v.get("help", ""),
                    Element(e.get("role", ""), e.get("name", ""), e.get("selector", "")))
            for v in violations for e in v.get("elements", [])]


def report(target: str, audits: Mapping[int, StepAudit], comparisons: Mapping[int, Comparison],
           baseline_found: bool) -> dict:
    """reports/accessibility.json: every audited step, with an empty list when clean."""
    return {
        "target": target,
        "standard": STANDARD,
        "baseline": "found" if baseline_found else "none: every violation counts as new",
        "note": "An automated audit finds only part of what a person would: a floor, not a certificate.",
        "steps": {str(n): {
            "violations": _grouped(audits[n].findings),
            "new": _grouped(comparisons[n].new),
            "fixed": _grouped(comparisons[n].fixed),
            "label_fallback": audits[n].label_fallback,
            "seconds": round(audits[n].seconds, 3),
        } for n in sorted(audits)},
    }


def baseline_of(audits: Mapping[int, StepAudit], target: str) -> dict:
    """What --update-baselines approves: each audited step's violations as they are now."""
    return {"target": target, "standard": STANDARD,
            "steps": {str(n): {"violations": _grouped(audits[n].findings)} for n in sorted(audits)}}


def read_baseline(path: Path) -> dict[int, list[Finding]] | None:
    """The approved findings per step, or None where the target has no baseline yet."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(n): _ungrouped(step.get("violations", [])) for n, step in data.get("steps", {}).items()}


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class AccessibilityRun:
    """The audits of one screenshot walk: one per guide step, compared with the target's
    baseline; `finish` writes reports/accessibility.json, approves the set with
    --update-baselines, and returns the lines of the steps that fail."""

    def __init__(self, target: str, baseline: Path, update: bool) -> None:
        self.target, self.baseline_path, self.update = target, baseline, update
        self.baseline = None if update else read_baseline(baseline)
        self.audits: dict[int, StepAudit] = {}
        self._fallback_seen: set[str] = set()

    def audit(self, page, step: int, label_fallback: Iterable[str] = ()) -> StepAudit:
        """Audit the step's screen. `label_fallback`: what the harness's label fallback has
        found so far on controls this screen holds; each goes with the first step that does."""
        done = audit(page, step)
        done.label_fallback = [text for text in dict.fromkeys(label_fallback) if text not in self._fallback_seen]
        self._fallback_seen.update(done.label_fallback)
        self.audits[step] = done
        return done

    def comparison(self, step: int) -> Comparison:
        return compare(self.audits[step], None if self.baseline is None else self.baseline.get(step, []))

    def comparisons(self) -> dict[int, Comparison]:
        return {n: self.comparison(n) for n in self.audits}

    def finish(self, report_path: Path) -> list[str]:
        comparisons = self.comparisons()
        write_json(report_path, report(self.target, self.audits, comparisons, self.baseline is not None))
        if self.update:
            write_json(self.baseline_path, baseline_of(self.audits, self.target))
            return []
        return failure_lines(self.audits, comparisons)


def step_lines(done: StepAudit, comparison: Comparison) -> list[str]:
    """A step's audit as the Allure step and the terminal say it."""
    if not done.findings and not comparison.fixed:
        return [f"STEP {done.step}: no WCAG 2.1 A/AA violation found by axe-core ({done.seconds:.2f} s)"]
    new = {f.key for f in comparison.new}
    lines = [f"STEP {done.step}: {len(done.findings)} violation(s) ({done.seconds:.2f} s)"]
    lines += [f"  {'NEW ' if f.key in new else 'known '}{f.rule} ({f.impact}) on {f.element.said()} "
              f"[{f.element.selector}]: {f.help}" for f in done.findings]
    lines += [f"  fixed {f.rule} ({f.impact}) on {f.element.said()}" for f in comparison.fixed]
    lines += [f"  label fallback: {text}" for text in done.label_fallback]
    return lines
