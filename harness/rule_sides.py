"""Which side of each rule the features check: what a rule refuses, what it lets through,
each boundary the spec states and each condition of a rule flipped on its own. A suite
that checks only the refusing side passes against a portal that refuses too much.

Tags on a scenario (or an Examples block):
  @refuses / @allows / @states     for every rule the scenario is tagged with
  @refuses-r-… (…)                 for that one rule only
  @boundary-<name>                 both sides of that boundary are checked here
  @flips-<condition>               that condition of the rule is the only thing changed

`python -m harness.rule_sides > docs/rule-sides.md` writes the table;
tests/test_rule_sides.py keeps it and the features in step."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .guide.features import Checked, checked_units
from .guide_index import RULE_TAGS, RULES

SIDES = ("refuses", "allows", "states")

# The boundaries the spec (../shared/spec/portal.md) states, per rule, as tag names.
# Each is checked on both sides (refused, allowed), except where POINTER_ONLY says that
# the boundary moves what a refusal says rather than whether it refuses.
BOUNDARIES: dict[str, dict[str, str]] = {
    "R-RENEW-EXPIRED": {"last-valid-day": "the card's last valid day (still valid) and the day after"},
    "R-RENEW-VALID": {"last-valid-day": "the card's last valid day and the day after",
                      "four-months": "the day the last four months begin (pointed to 延期申請), "
                                     "and the day before (not pointed)"},
    "R-EXTEND-WINDOW": {"four-months": "the day the last four months begin, and the day before",
                        "last-valid-day": "the card's last valid day, and the day after"},
    "R-LOGIN-LOCK": {"fifth-try": "the 4th wrong password in a row, and the 5th"},
    "R-PASSWORD-AGE": {"90-days": "a password 90 days old, and 91"},
    "R-SESSION-30": {"30-minutes": "00:01 left, and 00:00"},
    "R-DRAFT-30": {"day-30": "day 30 of a draft, and day 31"},
    "R-UPLOAD": {"2-mb": "exactly 2,097,152 bytes, and one byte more"},
    "R-ARCH-ALL": {"all-criteria": "every criterion but one of a 建築設計 category, and all of them"},
}

POINTER_ONLY = {("R-RENEW-VALID", "four-months")}

# The conditions of a rule that each decide it on their own.
CONDITIONS: dict[str, dict[str, str]] = {
    "R-CARRY-DOCS": {"field": "another 專長領域 than the last card's", "category": "another 申請資格",
                     "new-rule": "a new rule for the category since the card was issued"},
    "R-HOUSEHOLD": {"nationality": "ROC nationality", "household": "a household registration in Taiwan",
                    "moved-out": "the registration moved out"},
    "R-RENEW-NOMATCH": {"ui-number": "a 統一證號 with no card", "birth-date": "another 出生日期",
                        "format": "a malformed 統一證號"},
}


@dataclass(frozen=True)
class RuleSides:
    rule_id: str
    sides: dict[str, tuple[str, ...]]          # side -> the scenarios checking it
    boundaries: dict[str, dict[str, tuple[str, ...]]]   # boundary -> side -> scenarios
    flips: dict[str, tuple[str, ...]]          # condition -> scenarios
    unsided: tuple[str, ...]                   # tagged with the rule, no side said


def sides_of(unit: Checked, rule_tag: str) -> set[str]:
    return {side for side in SIDES if side in unit.tags or f"{side}-{rule_tag}" in unit.tags}


def survey(units: tuple[Checked, ...] | None = None) -> dict[str, RuleSides]:
    """For every rule of the spec, which scenarios check which side, boundary and condition."""
    units = checked_units() if units is None else units
    found = {}
    for tag, rule_id in RULE_TAGS.items():
        mine = [u for u in units if tag in u.tags]
        sides = {side: tuple(u.where for u in mine if side in sides_of(u, tag)) for side in SIDES}
        boundaries = {
            name: {side: tuple(u.where for u in mine if f"boundary-{name}" in u.tags and side in sides_of(u, tag))
                   for side in ("refuses", "allows")}
            for name in BOUNDARIES.get(rule_id, {})}
        flips = {name: tuple(u.where for u in mine if f"flips-{name}" in u.tags)
                 for name in CONDITIONS.get(rule_id, {})}
        unsided = tuple(u.where for u in mine if not sides_of(u, tag))
        found[rule_id] = RuleSides(rule_id, sides, boundaries, flips, unsided)
    return found


def gaps(found: dict[str, RuleSides]) -> list[str]:
    """What the features leave unchecked, one line each."""
    missing = []
    for rule_id, rule in found.items():
        for side in ("refuses", "allows"):
            if not rule.sides[side]:
                missing.append(f"{rule_id}: no scenario checks what it {side[:-1]}s (@{side})")
        for name, by_side in rule.boundaries.items():
            for side, where in by_side.items():
                if not where and not ((rule_id, name) in POINTER_ONLY and side == "allows"):
                    missing.append(f"{rule_id}: boundary {name} not checked on the side it {side[:-1]}s")
        missing += [f"{rule_id}: condition {name} is never flipped on its own (@flips-{name})"
                    for name, where in rule.flips.items() if not where]
        missing += [f"{rule_id}: {where} says no side (@refuses, @allows or @states)" for where in rule.unsided]
    return missing


def _names(where: tuple[str, ...]) -> str:
    """`features/x.feature:12` and the scenario's name, one per line of the cell."""
    return "<br>".join(w.replace("features/", "", 1) for w in where) or "—"


def markdown(found: dict[str, RuleSides] | None = None) -> str:
    found = survey() if found is None else found
    lines = [
        "# Every rule from both sides",
        "",
        "Written by `python -m harness.rule_sides` from the features' tags; "
        "`tests/test_rule_sides.py` fails when this file or the features fall out of step, or when a rule "
        "lacks a side, a boundary or a flipped condition.",
        "",
        "Counts are of scenarios, an outline's Examples block counting once.",
        "",
        "| rule | refuses | allows | states | boundaries | conditions flipped | scenarios |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule_id, rule in found.items():
        counts = [str(len(rule.sides[s])) for s in SIDES]
        total = len({w for s in SIDES for w in rule.sides[s]})
        bounds = ", ".join(rule.boundaries) or "none stated"
        flips = ", ".join(rule.flips) or "—"
        lines.append(f"| {rule_id} | {' | '.join(counts)} | {bounds} | {flips} | {total} |")
    for rule_id, rule in found.items():
        lines += ["", f"## {rule_id}", "", RULES[rule_id].summary, "", "| side | scenarios |", "|---|---|"]
        lines += [f"| {side} | {_names(rule.sides[side])} |" for side in SIDES]
        for name, by_side in rule.boundaries.items():
            allowed = _names(by_side["allows"])
            if (rule_id, name) in POINTER_ONLY and not by_side["allows"]:
                allowed = "— (both days are refused; what changes is the pointer, checked on the refused side)"
            lines += [f"| boundary {name} ({BOUNDARIES[rule_id][name]}), refused | {_names(by_side['refuses'])} |",
                      f"| boundary {name}, allowed | {allowed} |"]
        for name, where in rule.flips.items():
            lines.append(f"| condition {name} flipped ({CONDITIONS[rule_id][name]}) | {_names(where)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
