"""The run's one summary (../shared/spec/targets.md): how many scenarios ran, how many
were skipped for each missing capability, and for every guide step and rule id whether
this target checked it, failed it, or could not check it and why. The terminal, the JUnit
report's properties, reports/guide-summary.json and the gallery all show this one result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from .capabilities import NEEDS
from .guide_index import RULES, STEPS, rule_tag, step_tag

FAILED = ("failed", "error", "xpassed")
NOT_RAN = ("skipped", "not run", "xfailed")
CHECKED, FAILS, NOT_CHECKABLE, NOT_RUN = "checked", "failed", "not checkable", "not run"


@dataclass
class Verdict:
    key: str                           # "STEP 8" or "R-DRAFT-30"
    verdict: str                       # checked, failed, not checkable, not run
    scenarios: list[str] = field(default_factory=list)   # the ones that decided it
    why: list[str] = field(default_factory=list)         # what the scenarios that could not check it lacked
    of: int = 0                                          # scenarios tagged with it


@dataclass
class Summary:
    target: str
    ran: int
    passed: int
    failed: int
    skipped: int
    skipped_by_need: dict[str, int]    # a scenario lacking two needs counts under both
    verdicts: list[Verdict]
    findings: dict[str, int] = field(default_factory=dict)   # what screens lacked -> scenarios that saw it

    def to_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        """The terminal's words: counts first, then every step and rule."""
        needs = ", ".join(f"@{tag} {n}" for tag, n in self.skipped_by_need.items()) or "none"
        out = [f"target {self.target}: ran {self.ran} scenarios ({self.passed} passed, {self.failed} failed), "
               f"skipped {self.skipped}; skipped for lack of: {needs}"]
        for verdict in self.verdicts:
            if verdict.verdict == NOT_RUN:
                detail = "no scenario tagged with it was collected in this run"
            elif verdict.verdict == NOT_CHECKABLE:
                detail = "; ".join(verdict.why)
            elif verdict.verdict == FAILS:
                detail = "by " + "; ".join(verdict.scenarios)
            else:
                detail = f"by {len(verdict.scenarios)} of {verdict.of} scenario(s)"
                if verdict.why:
                    detail += "; the others not here: " + "; ".join(verdict.why)
            out.append(f"{verdict.key:<16} {verdict.verdict}: {detail}")
        out += [f"finding: {finding} ({n} scenario(s))" for finding, n in self.findings.items()]
        return out

    def properties(self) -> list[tuple[str, str]]:
        """JUnit <property> pairs of the whole run."""
        pairs = [("guide_target", self.target), ("guide_ran", str(self.ran)), ("guide_passed", str(self.passed)),
                 ("guide_failed", str(self.failed)), ("guide_skipped", str(self.skipped))]
        pairs += [(f"guide_skipped_{tag}", str(n)) for tag, n in self.skipped_by_need.items()]
        pairs += [("guide_finding", f"{finding} ({n} scenario(s))") for finding, n in self.findings.items()]
        for verdict in self.verdicts:
            value = verdict.verdict + (": " + "; ".join(verdict.why) if verdict.why else "")
            pairs.append((f"guide_{verdict.key.replace(' ', '-')}", value))
        return pairs


def summarize(target: str, scenarios: Iterable) -> Summary:
    """`scenarios`: ScenarioResult-like (outcome, tags, name, missing, unchecked)."""
    scenarios = list(scenarios)
    ran = [s for s in scenarios if s.outcome not in NOT_RAN]
    skipped = [s for s in scenarios if s.outcome == "skipped"]
    by_need: Counter[str] = Counter()
    for s in skipped:
        by_need.update({tag for tag, _ in s.missing} or {"other"})
    order = [*NEEDS, "profile-data", "other"]
    keys = [(f"STEP {n}", step_tag(n)) for n in STEPS] + [(r, rule_tag(r)) for r in RULES]
    return Summary(
        target=target, ran=len(ran), passed=sum(s.outcome == "passed" for s in ran),
        failed=sum(s.outcome in FAILED for s in ran), skipped=len(skipped),
        skipped_by_need={tag: by_need[tag] for tag in sorted(by_need, key=order.index)},
        verdicts=[_verdict(key, tag, scenarios) for key, tag in keys],
        findings=dict(Counter(f for s in scenarios for f in getattr(s, "findings", ()))))


def _verdict(key: str, tag: str, scenarios: list) -> Verdict:
    tagged = [s for s in scenarios if tag in s.tags]
    judged = [s for s in tagged if tag not in s.unchecked]
    failed = [s.name for s in judged if s.outcome in FAILED]
    why = list(dict.fromkeys(
        [f"needs {NEEDS[t].what if t in NEEDS else t} ({reason})" for s in tagged for t, reason in s.missing]
        + [s.unchecked[tag] for s in tagged if tag in s.unchecked]
        + [s.reason for s in tagged if s.outcome == "skipped" and not s.missing and s.reason]))
    if failed:
        return Verdict(key, FAILS, failed, why, len(tagged))
    checked = [s.name for s in judged if s.outcome == "passed"]
    if checked:
        return Verdict(key, CHECKED, checked, why, len(tagged))
    return Verdict(key, NOT_CHECKABLE if why else NOT_RUN, [], why, len(tagged))
