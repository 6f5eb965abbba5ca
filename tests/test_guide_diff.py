"""`guide diff` on a revised guide: one label renamed in STEP 8, STEP 15 removed (the
steps after it renumbered) and 註2 reworded must be named exactly, each with the
scenarios and baselines it touches. Run on the real document where it is present, and
always on one the tests write in our own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.guide.diff import diff, report
from harness.guide.features import checked_units
from harness.guide.model import load
from harness.guide.reader import read_document

from .test_guide_reader import DOCUMENT, needs_document, write_document

ROOT = Path(__file__).resolve().parent.parent
WORDING = "wording changed around the labels (instructions or screenshot text)"


def section(text: str, step: int) -> tuple[int, int]:
    start = text.index(f"STEP {step}\n")
    following = re.search(r"^STEP \d+\n", text[start + 1:], flags=re.MULTILINE)
    return start, (start + 1 + following.start()) if following else len(text)


def revise(text: str) -> str:
    start, end = section(text, 8)
    text = text[:start] + text[start:end].replace("「新增申請人」", "「新增申請案」") + text[end:]
    start, end = section(text, 15)
    text = text[:start] + text[end:]
    text = text.replace("STEP 16\n", "STEP 15\n").replace("STEP 17\n", "STEP 16\n")
    text = text.replace("17 Steps", "16 Steps").replace("11 Steps", "10 Steps")
    note = re.search(r"^註2：(.*)$", text, flags=re.MULTILINE)
    return text[:note.end()] + "另有補充。" + text[note.end():]


@pytest.fixture(params=["ours", pytest.param("published", marks=needs_document)])
def original(request) -> str:
    return write_document(load()) if request.param == "ours" else DOCUMENT.read_text(encoding="utf-8")


def test_a_revised_guide_is_diffed_exactly(original):
    old, new = read_document(original, "old.txt"), read_document(revise(original), "new.txt")
    changes = diff(old, new)
    assert [(c.where, c.what) for c in changes] == [
        ("guide", "says 16 Steps, was 17"),
        ("guide", "part 「重新申請」: 10 Steps from STEP 7, was 11 Steps from STEP 7"),
        ("STEP 15", "step removed: 「儲存成功」"),
        ("STEP 8", "label renamed: 「新增申請人」 → 「新增申請案」"),
        ("STEP 16 → 15", "renumbered: 「預覽申請資料及送出」 is now STEP 15"),
        ("STEP 17 → 16", "renumbered: 「完成」 is now STEP 16"),
        ("註2", "note changed (supports R-CARRY-DOCS)"),
    ]
    by_what = {c.what: c for c in changes}
    assert by_what["label renamed: 「新增申請人」 → 「新增申請案」"].tags == ("step-8",)
    assert by_what["step removed: 「儲存成功」"].steps == (15,)
    assert by_what["note changed (supports R-CARRY-DOCS)"].tags == ("r-carry-docs",)
    assert any("另有補充" in line for line in by_what["note changed (supports R-CARRY-DOCS)"].detail)


def test_the_report_names_the_scenarios_and_baselines_a_change_touches(original):
    changes = diff(read_document(original, "old.txt"), read_document(revise(original), "new.txt"))
    lines = report(changes, checked_units(), ROOT / "baselines", ROOT)
    rename = lines.index("STEP 8: label renamed: 「新增申請人」 → 「新增申請案」")
    block = lines[rename + 1:next(i for i in range(rename + 1, len(lines)) if not lines[i].startswith(" "))]
    step8 = [u.where for u in checked_units() if "step-8" in u.tags]
    assert block[0] == f"  scenarios (@step-8): {len(step8)}" and len(step8) > 5
    assert any("journey.feature" in line for line in block)
    if (ROOT / "baselines/bundled/chromium-156/step-08.png").is_file():
        assert "baselines/bundled/chromium-156/step-08.png" in block[-1]
    assert lines[-1].startswith("in all: ")


def test_no_change_and_single_changes():
    """A retitled step is one change, not a removal and an addition; a label added,
    marked or removed is one change each (the words around it changed too)."""
    guide = read_document(write_document(load()), "ours.txt")
    assert diff(guide, guide) == []
    text = write_document(load())
    retitled = read_document(text.replace("\n同意申請須知\n", "\n閱讀並同意申請須知\n"), "new.txt")
    assert [(c.where, c.what) for c in diff(guide, retitled)] == [
        ("STEP 9", "title changed: 「同意申請須知」 → 「閱讀並同意申請須知」")]
    start, end = section(text, 16)
    added = text[:end] + "請看「暫存」。\nThe '送出' button is highlighted with a red box.\n" + text[end:]
    assert [(c.where, c.what) for c in diff(guide, read_document(added, "new.txt"))] == [
        ("STEP 16", "label added: 「暫存」"), ("STEP 16", "label 「送出」 now marked in the screenshot"),
        ("STEP 16", WORDING)]
    removed = text[:start] + text[start:end].replace("請看「送出」。", "") + text[end:]
    assert [(c.where, c.what) for c in diff(guide, read_document(removed, "new.txt"))] == [
        ("STEP 16", "label removed: 「送出」"), ("STEP 16", WORDING)]
