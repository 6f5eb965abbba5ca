"""Label conformance: is each label the guide quotes for a step on that step's screen?

Looked for in the screen's aria snapshot (harness/aria.py), normalised as a guide author
would compare (harness/guide/normalise.py): first a node whose role and accessible name
say it (a button, link, tab, option, heading…), then any visible text that contains it.
A label found neither way is "renamed" when the screen shows something close to it (the
closest text is named: did you mean 「新增申請案」?) and "missing" when nothing is."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from ..aria import Node
from .model import Label, Step
from .normalise import normalise

FOUND, RENAMED, MISSING, NOT_UI = "found", "renamed", "missing", "not UI"
CLOSE_ENOUGH = 0.5          # SequenceMatcher ratio from which a text is "the label, renamed"


@dataclass(frozen=True)
class LabelVerdict:
    label: str                 # as the guide writes it
    verdict: str               # found, renamed, missing, not UI
    by: str = ""               # "role" (with `role`) or "text", for a label found
    role: str = ""
    seen: str = ""             # for renamed: the closest text on the screen
    reason: str = ""           # for not UI: why the guide's words are not a label of the screen

    @property
    def fails(self) -> bool:
        return self.verdict in (RENAMED, MISSING)

    def line(self, step: int) -> str:
        """The failure line: "STEP 3: 「台灣就業金卡網站」 … did you mean 「台灣就業金卡官網」?"."""
        if self.verdict == RENAMED:
            return (f"STEP {step}: the guide's label 「{self.label}」 is not on the screen; "
                    f"did you mean 「{self.seen}」?")
        return f"STEP {step}: the guide's label 「{self.label}」 is not on the screen, nor anything like it"

    def to_dict(self) -> dict:
        return asdict(self)


def _windows(text: str, size: int) -> Iterable[str]:
    """Stretches of `text` about as long as the label: a renamed label may sit inside prose."""
    for width in {max(1, size - 1), size, size + 1}:
        for start in range(0, max(1, len(text) - width + 1)):
            yield text[start:start + width]


def _segments(text: str) -> list[str]:
    """`text` cut at whitespace and punctuation: the words a renamed label would be."""
    pieces, current = [], []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch)[0] == "P":
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p for p in pieces if p]


def _best(key: str, candidates: Iterable[tuple[str, str]]) -> tuple[str, float]:
    """Among (shown, normalised) candidates, the one sharing the most characters with
    `key`, of the length nearest to it; never one sharing fewer than two characters."""
    letters = set(key)
    best, best_rank, likeness = "", (1, 0), 0.0
    for shown, piece in candidates:
        if len(letters & set(piece)) < 2:
            continue
        shared = sum(block.size for block in difflib.SequenceMatcher(None, key, piece).get_matching_blocks())
        rank = (shared, -abs(len(piece) - len(key)))
        if rank > best_rank:
            best, best_rank, likeness = shown, rank, 2 * shared / (len(key) + len(piece))
    return best, likeness


def closest(label: str, nodes: list[Node]) -> tuple[str, float]:
    """The screen's text most like `label`, with its likeness 0..1: a name or a word of
    the text first; inside a run of text with no word breaks, any stretch of its length."""
    key = normalise(label)
    said = [text for node in nodes for text in (node.name, node.text) if text]
    words = [(s, normalise(s)) for s in said] + [(w, normalise(w)) for s in said for w in _segments(s)]
    best, likeness = _best(key, words)
    if likeness >= CLOSE_ENOUGH:
        return best, likeness
    stretches = ((p, p) for s in said for p in _windows(normalise(s), len(key)))
    return _best(key, stretches)


def judge(label: Label, nodes: list[Node]) -> LabelVerdict:
    if not label.ui:
        return LabelVerdict(label.text, NOT_UI, reason=label.reason)
    key = normalise(label.text)
    for node in nodes:
        if node.role != "text" and node.name and normalise(node.name) == key:
            return LabelVerdict(label.text, FOUND, by="role", role=node.role)
    for node in nodes:
        if any(key in normalise(said) for said in (node.name, node.text) if said):
            return LabelVerdict(label.text, FOUND, by="text")
    seen, likeness = closest(label.text, nodes)
    if likeness >= CLOSE_ENOUGH:
        return LabelVerdict(label.text, RENAMED, seen=seen)
    return LabelVerdict(label.text, MISSING)


def check_step(step: Step, nodes: list[Node]) -> list[LabelVerdict]:
    """A verdict for every label the guide quotes for `step`, in the guide's order."""
    return [judge(label, nodes) for label in step.labels]


def summary_line(verdict: dict) -> str:
    """One verdict (as a Shot keeps it) for a reader: "「新增申請人」 found: button"."""
    label, state = verdict["label"], verdict["verdict"]
    if state == FOUND:
        return f"「{label}」 found: {verdict['role']}" if verdict["by"] == "role" else f"「{label}」 found as text"
    if state == RENAMED:
        return f"「{label}」 renamed? the screen shows 「{verdict['seen']}」"
    if state == NOT_UI:
        return f"「{label}」 not UI: {verdict['reason']}"
    return f"「{label}」 missing"
