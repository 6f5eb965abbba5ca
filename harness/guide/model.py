"""The guide as data: its steps (number, title as the guide writes it, every label it
quotes in 「」 and whether its screenshot marks that label), its notes 註1–註3, and the
rule ids each step and note supports. The project ships one model
(`renewal.zh-TW.toml` beside this file); `reader.read_document` builds the same model
from a guide document, so a revised guide can be read, diffed and checked against.

What the document itself says is compared (numbers, titles, labels, marks, and a
fingerprint of each step's and note's wording); what the project adds is ours: which
labels are not UI and why, the rule ids, and a summary in our own words. The shipped
model carries no prose of the guide, only fingerprints of it: a document read at run
time carries its own text (`text`, never compared), for the regenerated guide."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .normalise import normalise

SHIPPED = Path(__file__).with_name("renewal.zh-TW.toml")


class ModelError(ValueError):
    """A guide model file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class Label:
    """A label the guide quotes for a step, verbatim (「編輯-」 stays as written)."""

    text: str
    marked: bool = False          # the guide's screenshot marks it (a red box, a red number)
    ui: bool = True               # something the screen shows; False for e.g. a law's name
    reason: str = ""              # why it is not UI

    @property
    def key(self) -> str:
        return normalise(self.text)


@dataclass(frozen=True)
class Step:
    number: int
    title: str                    # the guide's heading, verbatim
    labels: tuple[Label, ...] = ()
    fingerprint: str = ""         # of the step's wording below its title (reader.fingerprint)
    rules: tuple[str, ...] = ()   # rule ids this step is a source of (ours)
    summary: str = field(default="", compare=False)   # what the step says, in our words
    text: str = field(default="", compare=False)      # the document's own wording, when read from one

    @property
    def ui_labels(self) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.ui)

    def label(self, text: str) -> Label | None:
        return next((label for label in self.labels if label.key == normalise(text)), None)


@dataclass(frozen=True)
class Note:
    key: str                      # "註1"
    fingerprint: str = ""
    rules: tuple[str, ...] = ()
    summary: str = field(default="", compare=False)
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Part:
    """A titled run of steps ("重新申請", 11 Steps, from STEP 7)."""

    title: str
    first_step: int
    declared_steps: int


@dataclass(frozen=True)
class Guide:
    title: str
    steps: tuple[Step, ...]
    notes: tuple[Note, ...] = ()
    parts: tuple[Part, ...] = ()
    declared_steps: int = 0       # the "17 Steps" the guide states
    author: str = ""
    updated: str = ""
    source: str = field(default="", compare=False)    # where it was read from

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    def step_titled(self, title: str) -> Step | None:
        return next((s for s in self.steps if normalise(s.title) == normalise(title)), None)

    def note(self, key: str) -> Note | None:
        return next((n for n in self.notes if n.key == key), None)

    def places(self, rule_id: str) -> tuple[str, ...]:
        """Where the guide states a rule: "註1", "STEP 10"…, notes first."""
        return tuple([n.key for n in self.notes if rule_id in n.rules]
                     + [f"STEP {s.number}" for s in self.steps if rule_id in s.rules])

    def annotated(self, by: Guide) -> Guide:
        """This guide with `by`'s annotations (rules, summaries, which labels are not UI)
        on the steps, notes and labels they share: a step by its title (else its number),
        a note by its key, a label by its normalised text."""
        def step(s: Step) -> Step:
            known = by.step_titled(s.title) or by.step(s.number)
            if known is None:
                return s
            labels = []
            for label in s.labels:
                other = known.label(label.text)
                labels.append(replace(label, ui=other.ui, reason=other.reason) if other else label)
            return replace(s, labels=tuple(labels), rules=known.rules, summary=known.summary)

        def note(n: Note) -> Note:
            known = by.note(n.key)
            return replace(n, rules=known.rules, summary=known.summary) if known else n

        return replace(self, steps=tuple(map(step, self.steps)), notes=tuple(map(note, self.notes)))


# Reading and writing the model file -------------------------------------------------------

def load(path: Path = SHIPPED) -> Guide:
    """The model in a TOML file (the shape `dumps` writes); ModelError when unusable."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ModelError(f"{path}: cannot read the guide model: {error}") from None
    try:
        return Guide(
            title=data["title"], declared_steps=int(data.get("declared_steps", 0)),
            author=data.get("author", ""), updated=data.get("updated", ""), source=str(path),
            parts=tuple(Part(p["title"], int(p["first_step"]), int(p["declared_steps"]))
                        for p in data.get("parts", [])),
            notes=tuple(Note(n["key"], n.get("fingerprint", ""), tuple(n.get("rules", [])), n.get("summary", ""))
                        for n in data.get("notes", [])),
            steps=tuple(Step(int(s["number"]), s["title"],
                             tuple(Label(label["text"], bool(label.get("marked", False)),
                                         bool(label.get("ui", True)), label.get("reason", ""))
                                   for label in s.get("labels", [])),
                             s.get("fingerprint", ""), tuple(s.get("rules", [])), s.get("summary", ""))
                        for s in data["steps"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"{path}: not a guide model: missing or bad {error}") from None


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _list(items) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def dumps(guide: Guide) -> str:
    """The model as the TOML `load` reads; prose (`text`) is left out, as in the shipped file."""
    out = ["# The guide model: what the guide says, step by step (harness/guide/model.py).",
           "# Titles and labels are the guide's, verbatim; summaries are our own words; the",
           "# fingerprints stand for the guide's wording, which this file does not copy.",
           f"title = {_q(guide.title)}", f"author = {_q(guide.author)}", f"updated = {_q(guide.updated)}",
           f"declared_steps = {guide.declared_steps}"]
    for part in guide.parts:
        out += ["", "[[parts]]", f"title = {_q(part.title)}", f"first_step = {part.first_step}",
                f"declared_steps = {part.declared_steps}"]
    for note in guide.notes:
        out += ["", "[[notes]]", f"key = {_q(note.key)}", f"fingerprint = {_q(note.fingerprint)}",
                f"rules = {_list(note.rules)}", f"summary = {_q(note.summary)}"]
    for step in guide.steps:
        out += ["", "[[steps]]", f"number = {step.number}", f"title = {_q(step.title)}",
                f"fingerprint = {_q(step.fingerprint)}", f"rules = {_list(step.rules)}",
                f"summary = {_q(step.summary)}"]
        if step.labels:
            out.append("labels = [")
            for label in step.labels:
                fields = [f"text = {_q(label.text)}"]
                if label.marked:
                    fields.append("marked = true")
                if not label.ui:
                    fields += ["ui = false", f"reason = {_q(label.reason)}"]
                out.append("  { " + ", ".join(fields) + " },")
            out.append("]")
    return "\n".join(out) + "\n"
