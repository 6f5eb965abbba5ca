"""Guide documents for the tests of harness/guide: one written from a model in the
project's own words (so CI, which has no copy of the published guide, still reads a whole
document in the published form), the published one where this machine has it, and revised
copies of either as a guide author would make them (a label renamed, a step removed, a
note reworded).

The published guide is not in the repository and must not be copied into it: a test that
needs it asks `real_document()`, which skips when it is absent."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from harness.guide.model import Guide

REAL_DOCUMENT = Path(__file__).resolve().parents[1].parent / "shared" / "guide" / "000_2fd113455a7d339d.txt"

STEP_HEADING = re.compile(r"^STEP\s+(\d+)\s*$")
STEP_COUNT = re.compile(r"^(\d+)\s+Steps\s*$")
NOTE_START = re.compile(r"^註\s*(\d+)\s*[：:]")


def real_document_path() -> Path:
    """Where the published guide is looked for: $GUIDE_DOCUMENT, else ../shared/guide/."""
    return Path(os.environ.get("GUIDE_DOCUMENT") or REAL_DOCUMENT)


def real_document() -> Path:
    """The published guide's path; skips the test when this machine has no copy (as CI)."""
    path = real_document_path()
    if not path.is_file():
        pytest.skip(f"the published guide document is not at {path} (it is not in the repository; "
                    "set GUIDE_DOCUMENT to its path)")
    return path


# Writing a model as a document ---------------------------------------------------------------

def _own_words(summary: str) -> str:
    """A summary as instructions: its 「」 become 『』, so that only the labels written
    on purpose below are quoted (a summary may quote a word the model does not list)."""
    return summary.replace("「", "『").replace("」", "』")


def write_document(guide: Guide) -> str:
    """`guide` in the published text form, in the project's words only: the header (title,
    notes as 註n：summary, "N Steps", 作者, 最近更新), then per step its "STEP n" heading,
    title, summary, one line quoting each label in 「」 and, for each marked label, an
    English description sentence that marks it; a part's heading ("title" / "N Steps")
    stands before the part's first step."""
    out = [f"1. {guide.title}", ""]
    for note in guide.notes:
        out += [f"{note.key}：{_own_words(note.summary)}", ""]
    out += [f"{guide.declared_steps} Steps", "", "作者", guide.author, "", "最近更新", guide.updated, ""]
    parts = {part.first_step: part for part in guide.parts}
    for step in guide.steps:
        if part := parts.get(step.number):
            out += [part.title, "", f"{part.declared_steps} Steps", ""]
        out += [f"STEP {step.number}", "", step.title, "", _own_words(step.summary), ""]
        out += [f"畫面上有「{label.text}」。" for label in step.labels]
        out.append("")
        out += [f"The '{label.text}' button is highlighted with a red box." for label in step.labels if label.marked]
        out.append("")
    return "\n".join(out)


# Revising a document ------------------------------------------------------------------------

def _headings(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, step number) of each "STEP n" heading."""
    return [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := STEP_HEADING.match(line.strip()))]


def _section(lines: list[str], step: int) -> tuple[int, int]:
    """The lines of STEP `step`, heading included: [start, end)."""
    headings = _headings(lines)
    starts = [i for i, n in headings if n == step]
    if len(starts) != 1:
        raise ValueError(f"the document has {len(starts)} STEP {step} headings")
    later = [i for i, _ in headings if i > starts[0]]
    return starts[0], later[0] if later else len(lines)


def _trailing_part(section: list[str]) -> list[str]:
    """A part heading ("title", "N Steps") at the end of a step's section, which belongs to
    the next step, not to this one."""
    counts = [j for j, line in enumerate(section) if STEP_COUNT.match(line.strip())]
    if not counts:
        return []
    before = [k for k in range(counts[-1]) if section[k].strip()]
    return section[before[-1] if before else counts[-1]:]


def rename_label(text: str, step: int, old: str, new: str) -> str:
    """The label `old` renamed `new` inside STEP `step` only, wherever the step quotes it:
    in 「」 and in the screenshot's English description ('old' or "old"), as an author
    renaming a button would write it. ValueError when the step does not quote `old`."""
    lines = text.splitlines()
    start, end = _section(lines, step)
    section = "\n".join(lines[start:end])
    renamed = section
    for left, right in (("「", "」"), ("'", "'"), ('"', '"')):
        renamed = renamed.replace(f"{left}{old}{right}", f"{left}{new}{right}")
    if renamed == section:
        raise ValueError(f"STEP {step} does not quote 「{old}」")
    return "\n".join(lines[:start] + renamed.split("\n") + lines[end:]) + "\n"


def remove_step(text: str, step: int, renumber: bool = True) -> str:
    """The document without STEP `step`: its "N Steps" counts (the guide's and that of the
    part the step is in) one less and, with `renumber`, the steps after it renumbered down
    by one. A part heading that followed the removed step's section stays where it was."""
    lines = text.splitlines()
    start, end = _section(lines, step)
    headings = _headings(lines)
    for i, line in enumerate(lines):
        if counted := STEP_COUNT.match(line.strip()):
            n = int(counted.group(1))
            following = [number for at, number in headings if at > i]
            # before STEP 1: the guide's count; else a part's, from the next heading on
            if i < headings[0][0] or (following and following[0] <= step < following[0] + n):
                lines[i] = f"{n - 1} Steps"
    keep = _trailing_part(lines[start:end]) if end < len(lines) else []
    if renumber:
        for at, number in headings:
            if number > step:
                lines[at] = f"STEP {number - 1}"
    return "\n".join(lines[:start] + keep + lines[end:]) + "\n"


def change_note(text: str, key: str, old: str, new: str) -> str:
    """The note `key` ("註2") with `old` reworded `new`, in that note only (from its
    "註n：" line up to the next note or the "N Steps" line). ValueError when it has no `old`."""
    lines = text.splitlines()
    number = key.removeprefix("註")
    first = _headings(lines)[0][0]
    inside, changed = False, False
    for i, line in enumerate(lines[:first]):
        stripped = line.strip()
        if started := NOTE_START.match(stripped):
            inside = started.group(1) == number
        elif STEP_COUNT.match(stripped):
            inside = False
        if inside and old in line:
            lines[i], changed = line.replace(old, new), True
    if not changed:
        raise ValueError(f"{key} does not say {old!r}")
    return "\n".join(lines) + "\n"
