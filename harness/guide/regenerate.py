"""The guide regenerated for its authors after the screenshot walk: reports/guide/index.html
(opens from disk: images beside it, relative links) and reports/guide/guide.md, every step
in the guide's order with its number and title, this run's annotated capture, the verdict
on each label the guide quotes there, and whether the screen changed since its baseline.
With --guide DOC each step also carries the document's own text, ready to publish from."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..screenshots import Shot, step_file
from .conformance import FOUND, MISSING, NOT_UI, RENAMED
from .model import Guide

TEMPLATES = Path(__file__).with_name("templates")
SCREEN = {   # a Shot's verdict -> what the author reads
    "same": "與基準圖相同", "changed": "畫面已變更", "no baseline": "沒有基準圖", "not compared": "未比對",
    "approved": "已核准為基準圖", "not approved": "未核准：截圖不穩定",
}
LABEL = {FOUND: "找到", RENAMED: "疑似改名", MISSING: "找不到", NOT_UI: "非畫面文字"}


@dataclass
class StepPage:
    number: int
    title: str
    summary: str
    text: str                              # the document's own words ("" for the shipped model)
    image: str | None                      # file name beside the page
    screen: str                            # the screen's verdict, in words
    changed: bool
    structure: str
    labels: list[dict] = field(default_factory=list)
    why_not: str = ""                      # why there is no capture


def _environment(autoescape: bool) -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True,
                       autoescape=select_autoescape(["html"]) if autoescape else False)


def step_pages(guide: Guide, shots: Mapping[int, Shot], walk_number: Mapping[str, int],
               stopped: tuple[int, str] | None) -> list[StepPage]:
    """One page section per step of `guide`; its capture is the walk's shot of the step
    with the same title (`walk_number`: title -> the walk's STEP number), else the same number."""
    pages = []
    for step in guide.steps:
        number = walk_number.get(step.title, step.number)
        shot = shots.get(number)
        why = ""
        if shot is None:
            why = (stopped[1] if stopped and number >= stopped[0]
                   else "the walk has no such step" if step.title not in walk_number else "not captured in this run")
        pages.append(StepPage(
            step.number, step.title, step.summary, step.text,
            image=step_file(step.number) if shot else None,
            screen=SCREEN.get(shot.verdict, shot.verdict) if shot else "本次未截圖",
            changed=bool(shot and shot.verdict == "changed"), structure=shot.structure if shot else "",
            labels=[{**v, "words": LABEL.get(v["verdict"], v["verdict"])} for v in (shot.conformance if shot else [])],
            why_not=why))
    return pages


def write_guide(out_dir: Path, root: Path, guide: Guide, shots: Mapping[int, Shot],
                walk_number: Mapping[str, int], *, target: str, stopped=None, when: str = "") -> Path:
    """reports/guide/index.html and guide.md, with the captures copied beside them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("step-*.png"):
        old.unlink()
    pages = step_pages(guide, shots, walk_number, stopped)
    for page in pages:
        if page.image:
            shot = shots[walk_number.get(page.title, page.number)]
            shutil.copyfile(root / shot.current, out_dir / page.image)
    counts = {words: sum(label["verdict"] == key for p in pages for label in p.labels) for key, words in LABEL.items()}
    context = {"guide": guide, "pages": pages, "target": target, "when": when, "counts": counts,
               "from_document": any(p.text for p in pages)}
    (out_dir / "guide.md").write_text(_environment(False).get_template("guide.md.j2").render(context),
                                      encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(_environment(True).get_template("guide.html").render(context), encoding="utf-8")
    return index
