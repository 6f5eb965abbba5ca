"""Reads a guide in its published text form into the model (harness/guide/model.py).

The form (as `../shared/guide/000_2fd113455a7d339d.txt`): a title line ("8. 重新申請教學"),
the notes 註1–註3, "17 Steps" and the author and dates, then for each step a "STEP n"
heading, the step's title on the next line, its instructions, the text of its screenshot
and often an English description of it ("… is highlighted with a red box"). A titled part
("重新申請" / "11 Steps") may stand between two steps.

A step's labels are the words it quotes in 「」, title included, each once, in order.
A label is marked when a sentence of the description that speaks of a red box, a red
circle or a red number quotes it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .model import SHIPPED, Guide, Label, ModelError, Note, Part, Step, load
from .normalise import normalise

STEP_HEADING = re.compile(r"^STEP\s+(\d+)\s*$")
STEP_COUNT = re.compile(r"^(\d+)\s+Steps\s*$")
NOTE_START = re.compile(r"^註\s*(\d+)\s*[：:]\s*")
TITLE_NUMBER = re.compile(r"^\d+\.\s*")
QUOTED = re.compile(r"「([^「」]+)」")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")       # a Markdown link: its words are what shows
METADATA = {"作者": "author", "最近更新": "updated"}
METADATA_KEYS = (*METADATA, "製作日期")
# a sentence of a screenshot's description that says the picture marks something
MARKING = re.compile(r"red box|circled in red|highlighted|red ['\"]\d+\.['\"]", re.IGNORECASE)
DESCRIBED = re.compile(r"(?<![A-Za-z])'([^']+)'(?![A-Za-z])|\"([^\"]+)\"")   # not an apostrophe
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class ReadError(ValueError):
    """A file that is not a guide in the published form; one line naming the file."""


def fingerprint(text: str) -> str:
    """Stands for a passage's wording: equal when only what `normalise` ignores differs."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def _labels(title: str, body: str) -> tuple[Label, ...]:
    seen: dict[str, str] = {}
    for text in QUOTED.findall(LINK.sub(r"\1", title + "\n" + body)):
        seen.setdefault(normalise(text), text)
    marked = set()
    for sentence in SENTENCE_END.split(body):
        if MARKING.search(sentence):
            marked |= {normalise(a or b) for a, b in DESCRIBED.findall(sentence)}
    return tuple(Label(text, marked=key in marked) for key, text in seen.items())


def _around_labels(body: str, labels: tuple[Label, ...]) -> str:
    """The body with its labels blanked, in 「」 and where a description quotes them: the
    labels are compared one by one, the fingerprint stands for the words around them."""
    keys = {label.key for label in labels}
    body = QUOTED.sub("「」", body)
    return DESCRIBED.sub(lambda m: "''" if normalise(m.group(1) or m.group(2)) in keys else m.group(0), body)


def _head(lines: list[str], source: str) -> dict:
    """The lines before STEP 1: title, notes, declared step count, author and date."""
    head: dict = {"title": "", "notes": [], "declared_steps": 0, "author": "", "updated": ""}
    note: list[str] | None = None
    pending_key = None
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if pending_key:
            if pending_key in METADATA:
                head[METADATA[pending_key]] = text
            pending_key = None
            continue
        if not head["title"]:
            head["title"] = TITLE_NUMBER.sub("", text)
            continue
        if started := NOTE_START.match(text):
            note = [f"註{started.group(1)}", text[started.end():]]
            head["notes"].append(note)
            continue
        if counted := STEP_COUNT.match(text):
            head["declared_steps"], note = int(counted.group(1)), None
            continue
        if text in METADATA_KEYS:
            pending_key, note = text, None
            continue
        if note is not None:
            note.append(text)
    if not head["title"]:
        raise ReadError(f"{source}: no title line before STEP 1")
    return head


def read_document(text: str, source: str = "<guide>", annotations: Guide | None = None) -> Guide:
    """The model of a guide document; `annotations` (the shipped model by default) gives
    the project's part: rules, summaries, which labels are not UI."""
    lines = text.splitlines()
    headings = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := STEP_HEADING.match(line.strip()))]
    if not headings:
        raise ReadError(f"{source}: no \"STEP n\" heading: not a guide in the published text form")
    numbers = [n for _, n in headings]
    if len(set(numbers)) != len(numbers):
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        raise ReadError(f"{source}: STEP {', '.join(map(str, twice))} appears more than once")
    head = _head(lines[:headings[0][0]], source)
    steps, parts = [], []
    ends = [i for i, _ in headings[1:]] + [len(lines)]
    for (start, number), end in zip(headings, ends, strict=True):
        section = [line.rstrip() for line in lines[start + 1:end]]
        counts = [j for j, line in enumerate(section) if STEP_COUNT.match(line.strip())]
        if counts and end < len(lines):        # a part heading before the next step: its title, "N Steps"
            j = counts[-1]
            before = [k for k in range(j) if section[k].strip()]
            title_at = before[-1] if before else j
            parts.append(Part(section[title_at].strip() if before else "", number + 1,
                              int(STEP_COUNT.match(section[j].strip()).group(1))))
            section = section[:title_at]
        filled = [j for j, line in enumerate(section) if line.strip()]
        if not filled:
            raise ReadError(f"{source}: STEP {number} has no title line")
        title = section[filled[0]].strip()
        body = "\n".join(section[filled[0] + 1:]).strip()
        labels = _labels(title, body)
        steps.append(Step(number, title, labels, fingerprint(_around_labels(body, labels)), text=body))
    notes = tuple(Note(key, fingerprint("\n".join(paragraphs)), text="\n\n".join(paragraphs))
                  for key, *paragraphs in head["notes"])
    guide = Guide(head["title"], tuple(steps), notes, tuple(parts), head["declared_steps"],
                  head["author"], head["updated"], source=source)
    if annotations is None:
        annotations = load(SHIPPED)
    return guide.annotated(annotations)


def read(path: str | Path, annotations: Guide | None = None) -> Guide:
    """A guide from a file: a model (.toml) as it is, a document through the reader.
    ReadError (one line) for a file that is neither."""
    path = Path(path)
    if path.suffix == ".toml":
        try:
            return load(path)
        except ModelError as error:
            raise ReadError(str(error)) from None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReadError(f"{path}: cannot read: {error.__class__.__name__}: {error}") from None
    return read_document(text, str(path), annotations)
