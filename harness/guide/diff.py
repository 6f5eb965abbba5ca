"""What changed between two versions of the guide, in the terms its author and our
scenarios use: steps added, removed or renumbered, titles changed, labels added, removed
or renamed per step, marks moved, a step's or note's wording changed (with the rule ids a
note supports), and for each change the scenarios and baselines it touches (by their
@step-N and @r-… tags).

Steps are matched by title first (a removed step renumbers the ones after it, which keep
their titles), then by number (a retitled step keeps its place)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Guide, Label, Step
from .normalise import normalise

RENAME_SIMILARITY = 0.5     # a removed and an added label this alike are one label renamed


@dataclass(frozen=True)
class Change:
    where: str                        # "STEP 8", "STEP 15 → 14", "註2", "guide"
    what: str                         # one line: 「新增申請人」 renamed 「新增申請案」
    tags: tuple[str, ...] = ()        # feature tags it touches: step-8, r-carry-docs
    steps: tuple[int, ...] = ()       # old step numbers whose baselines it touches
    detail: tuple[str, ...] = field(default=(), compare=False)   # e.g. the wording, line by line


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio()


def _pair(old: list[Label], new: list[Label]) -> tuple[list[tuple[Label, Label]], list[Label], list[Label]]:
    """Removed and added labels paired, most alike first, into renames."""
    candidates = sorted(((_similar(a.text, b.text), i, j) for i, a in enumerate(old) for j, b in enumerate(new)),
                        reverse=True)
    used_old, used_new, pairs = set(), set(), []
    for ratio, i, j in candidates:
        if ratio >= RENAME_SIMILARITY and i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j]))
    return (pairs, [a for i, a in enumerate(old) if i not in used_old],
            [b for j, b in enumerate(new) if j not in used_new])


def _wording(old: str, new: str) -> tuple[str, ...]:
    """The lines that differ, when both versions carry their text (a document does; the
    shipped model keeps only a fingerprint)."""
    if not old or not new:
        return ()
    return tuple(line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
                 if line[:1] in "+-" and not line.startswith(("+++", "---")) and line[1:].strip())


def match_steps(old: Guide, new: Guide) -> tuple[list[tuple[Step, Step]], list[Step], list[Step]]:
    """(old, new) pairs of the same step, then the old steps removed and the new added."""
    pairs, left_old, left_new = [], list(old.steps), list(new.steps)
    for key in (lambda s: normalise(s.title), lambda s: s.number):
        for a in list(left_old):
            b = next((b for b in left_new if key(b) == key(a)), None)
            if b is not None:
                pairs.append((a, b))
                left_old.remove(a)
                left_new.remove(b)
    return sorted(pairs, key=lambda p: p[0].number), left_old, left_new


def _step_changes(a: Step, b: Step) -> list[Change]:
    where = f"STEP {a.number}" if a.number == b.number else f"STEP {a.number} → {b.number}"
    touch = {"tags": (f"step-{a.number}",), "steps": (a.number,)}
    changes = []
    if a.number != b.number:
        changes.append(Change(where, f"renumbered: 「{a.title}」 is now STEP {b.number}", **touch))
    if a.title != b.title:
        changes.append(Change(where, f"title changed: 「{a.title}」 → 「{b.title}」", **touch))
    old_keys, new_keys = {label.key: label for label in a.labels}, {label.key: label for label in b.labels}
    renamed, removed, added = _pair([x for k, x in old_keys.items() if k not in new_keys],
                                    [x for k, x in new_keys.items() if k not in old_keys])
    for x, y in renamed:
        changes.append(Change(where, f"label renamed: 「{x.text}」 → 「{y.text}」", **touch))
        if x.marked != y.marked:
            state = "now marked" if y.marked else "no longer marked"
            changes.append(Change(where, f"label 「{y.text}」 {state} in the screenshot", **touch))
    changes += [Change(where, f"label removed: 「{x.text}」", **touch) for x in removed]
    changes += [Change(where, f"label added: 「{y.text}」", **touch) for y in added]
    for key in [k for k in new_keys if k in old_keys]:     # in the step's order, whatever the hash seed
        x, y = old_keys[key], new_keys[key]
        if x.marked != y.marked:
            state = "now marked" if y.marked else "no longer marked"
            changes.append(Change(where, f"label 「{y.text}」 {state} in the screenshot", **touch))
    if a.fingerprint != b.fingerprint:
        changes.append(Change(where, "wording changed around the labels (instructions or screenshot text)", **touch,
                              detail=_wording(a.text, b.text)))
    return changes


def diff(old: Guide, new: Guide) -> list[Change]:
    changes: list[Change] = []
    if old.declared_steps != new.declared_steps:
        changes.append(Change("guide", f"says {new.declared_steps} Steps, was {old.declared_steps}"))
    for part in dict.fromkeys([p.title for p in old.parts] + [p.title for p in new.parts]):
        a = next((p for p in old.parts if p.title == part), None)
        b = next((p for p in new.parts if p.title == part), None)
        if a != b:
            was = f"{a.declared_steps} Steps from STEP {a.first_step}" if a else "not there"
            now = f"{b.declared_steps} Steps from STEP {b.first_step}" if b else "gone"
            changes.append(Change("guide", f"part 「{part}」: {now}, was {was}"))
    pairs, removed, added = match_steps(old, new)
    changes += [Change(f"STEP {s.number}", f"step removed: 「{s.title}」", (f"step-{s.number}",), (s.number,))
                for s in removed]
    changes += [Change(f"STEP {s.number}", f"step added: 「{s.title}」") for s in added]
    for a, b in pairs:
        changes += _step_changes(a, b)
    for key in dict.fromkeys([n.key for n in old.notes] + [n.key for n in new.notes]):
        a, b = old.note(key), new.note(key)
        rules = tuple(dict.fromkeys((a.rules if a else ()) + (b.rules if b else ())))
        tags = tuple(r.lower() for r in rules)
        about = f" (supports {', '.join(rules)})" if rules else ""
        if a is None:
            changes.append(Change(key, f"note added{about}", tags))
        elif b is None:
            changes.append(Change(key, f"note removed{about}", tags))
        elif a.fingerprint != b.fingerprint:
            changes.append(Change(key, f"note changed{about}", tags, detail=_wording(a.text, b.text)))
    return changes


# What a change touches ---------------------------------------------------------------------

def affected_scenarios(change: Change, units: Iterable) -> list[str]:
    tags = set(change.tags)
    return [unit.where for unit in units if unit.tags & tags]


def affected_baselines(change: Change, baselines: Path) -> list[Path]:
    return sorted(p for n in change.steps for p in baselines.glob(f"*/chromium-*/step-{n:02d}.png"))


def report(changes: list[Change], units: Iterable, baselines: Path, root: Path) -> list[str]:
    """The diff as the CLI prints it: each change, then what it touches."""
    units = list(units)
    if not changes:
        return ["no change: the two guides have the same steps, titles, labels, marks and notes"]
    lines = [f"{len(changes)} change{'s' if len(changes) != 1 else ''}:"]
    for change in changes:
        lines.append(f"{change.where}: {change.what}")
        lines += [f"    {line}" for line in change.detail[:12]]
        if len(change.detail) > 12:
            lines.append(f"    … {len(change.detail) - 12} more lines")
        scenarios = affected_scenarios(change, units)
        tags = " ".join(f"@{t}" for t in change.tags)
        if change.tags:
            lines.append(f"  scenarios ({tags}): {len(scenarios)}")
            lines += [f"    {where}" for where in scenarios]
        shots = affected_baselines(change, baselines)
        if shots:
            lines.append("  baselines: " + ", ".join(p.relative_to(root).as_posix() for p in shots))
    touched = {where for change in changes for where in affected_scenarios(change, units)}
    shots = {p for change in changes for p in affected_baselines(change, baselines)}
    lines.append(f"in all: {len(touched)} scenarios and {len(shots)} baselines to look at")
    return lines
