"""`guide diff` (harness/guide/diff.py): a revised guide, with one label renamed in STEP 8,
STEP 15 removed (the steps after it renumbered) and 註2 reworded, must be named change by
change and nothing else, each with the scenarios and baselines it touches, so that whoever
updates the suite after the guide changes knows what to look at. Run on a document written
in our own words (always) and on the published one (where this machine has it)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from harness.guide.__main__ import main
from harness.guide.diff import Change, diff, match_steps, report
from harness.guide.features import FEATURES, checked_units
from harness.guide.model import SHIPPED, Guide, Label, Step, load
from harness.guide.reader import read_document
from tests.guide_documents import change_note, real_document, remove_step, rename_label, write_document

ROOT = Path(__file__).resolve().parents[1]
RENAMED = "label renamed: 「新增申請人」 → 「新增申請案」"
EXPECTED = [
    ("guide", "says 16 Steps, was 17"),
    ("guide", "part 「重新申請」: 10 Steps from STEP 7, was 11 Steps from STEP 7"),
    ("STEP 15", "step removed: 「儲存成功」"),
    ("STEP 8", RENAMED),
    ("STEP 16 → 15", "renumbered: 「預覽申請資料及送出」 is now STEP 15"),
    ("STEP 17 → 16", "renumbered: 「完成」 is now STEP 16"),
    ("註2", "note changed (supports R-CARRY-DOCS)"),
]


def revise(text: str) -> str:
    """The three revisions an author might make at once."""
    text = rename_label(text, 8, "新增申請人", "新增申請案")
    text = remove_step(text, 15)
    return change_note(text, "註2", "基本資料", "個人資料")


@pytest.fixture(params=["synthetic", "published"])
def base(request) -> str:
    """A guide document: ours written from the shipped model, or the published one (skipped where absent)."""
    if request.param == "synthetic":
        return write_document(load(SHIPPED))
    return real_document().read_text(encoding="utf-8")


@pytest.fixture
def revision(base) -> tuple[Guide, Guide, list[Change]]:
    old, new = read_document(base, "old.txt"), read_document(revise(base), "new.txt")
    return old, new, diff(old, new)


def change(changes: list[Change], where: str, what: str) -> Change:
    found = [c for c in changes if (c.where, c.what) == (where, what)]
    assert len(found) == 1, f"{where}: {what} is named {len(found)} times"
    return found[0]


# The revised guide ---------------------------------------------------------------------------

def test_the_revision_reads_as_revised(revision):
    """The revised copy is what the diff tests think it is (a check of tests/guide_documents.py)."""
    old, new, _ = revision
    assert [s.number for s in new.steps] == list(range(1, 17)) and new.declared_steps == 16
    assert [s.title for s in new.steps] == [s.title for s in old.steps if s.number != 15]
    assert new.parts == (replace(old.parts[0], declared_steps=10),)
    assert [label.text for label in new.step(8).labels] == ["新增申請案", "編輯-"]


def test_diff_names_the_revisions_and_nothing_else(revision):
    _, _, changes = revision
    assert [(c.where, c.what) for c in changes] == EXPECTED


def test_diff_names_each_revision_once_and_nothing_else_outside_step_8(revision):
    """As the test above, but leaving out STEP 8's wording, which the reader gets wrong
    (see SPURIOUS_WORDING): what it must name still shows."""
    _, _, changes = revision
    named = [(c.where, c.what) for c in changes]
    assert [pair for pair in named if pair[0] != "STEP 8"] == [pair for pair in EXPECTED if pair[0] != "STEP 8"]
    assert named.count(("STEP 8", RENAMED)) == 1
    assert {what for where, what in named if where == "STEP 8"} <= {
        RENAMED, "wording changed around the labels (instructions or screenshot text)"}


def test_each_change_touches_its_tags_and_baselines(revision):
    _, _, changes = revision
    renamed = change(changes, "STEP 8", RENAMED)
    assert (renamed.tags, renamed.steps) == (("step-8",), (8,))
    removed = change(changes, "STEP 15", "step removed: 「儲存成功」")
    assert (removed.tags, removed.steps) == (("step-15",), (15,))
    note = change(changes, "註2", "note changed (supports R-CARRY-DOCS)")
    assert (note.tags, note.steps) == (("r-carry-docs",), ())
    assert any(line.startswith("+") and "個人資料" in line for line in note.detail)
    assert any(line.startswith("-") and "基本資料" in line for line in note.detail)
    renumbered = change(changes, "STEP 16 → 15", "renumbered: 「預覽申請資料及送出」 is now STEP 15")
    assert (renumbered.tags, renumbered.steps) == (("step-16",), (16,))


def test_the_report_lists_what_the_step_8_rename_touches(revision):
    """Under the rename: the count of @step-8 scenarios, each of them (the journey's among
    them), then the STEP 8 baselines; under the note, the @r-carry-docs scenarios."""
    _, _, changes = revision
    units = checked_units(FEATURES)
    lines = report(changes, units, ROOT / "baselines", ROOT)
    assert lines[0] == f"{len(changes)} changes:"
    at = lines.index(f"STEP 8: {RENAMED}")
    step_8 = [u.where for u in units if "step-8" in u.tags]
    assert lines[at + 1] == f"  scenarios (@step-8): {len(step_8)}"
    assert lines[at + 2:at + 2 + len(step_8)] == [f"    {where}" for where in step_8]
    assert any(where.startswith("features/journey.feature:") for where in step_8)
    shots = lines[at + 2 + len(step_8)]
    assert shots.startswith("  baselines: ")
    listed = shots.removeprefix("  baselines: ").split(", ")
    assert listed and all(p.endswith("/step-08.png") and (ROOT / p).is_file() for p in listed)
    if (ROOT / "baselines/bundled/chromium-156/step-08.png").is_file():
        assert "baselines/bundled/chromium-156/step-08.png" in listed
    at = lines.index("註2: note changed (supports R-CARRY-DOCS)")
    block = lines[at + 1:next(i for i in range(at + 1, len(lines)) if not lines[i].startswith(" "))]
    carry = [u.where for u in units if "r-carry-docs" in u.tags]
    assert f"  scenarios (@r-carry-docs): {len(carry)}" in block
    assert any("features/carried_documents.feature:" in line for line in block)
    assert lines[-1].startswith("in all: ")


def test_the_cli_says_there_are_changes(base, tmp_path, capsys):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(base, encoding="utf-8")
    new.write_text(revise(base), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{len(diff(read_document(base), read_document(revise(base))))} changes:"
    assert f"STEP 8: {RENAMED}" in out and "STEP 15: step removed: 「儲存成功」" in out


# No change ----------------------------------------------------------------------------------------

def test_a_guide_is_unchanged_from_itself(base):
    guide = read_document(base)
    assert diff(guide, guide) == []
    assert diff(load(SHIPPED), load(SHIPPED)) == []


def test_the_cli_says_no_change_for_the_shipped_model(capsys):
    assert main(["diff", "shipped", "shipped"]) == 0
    assert capsys.readouterr().out.startswith("no change: ")


# One change at a time, on the shipped model -----------------------------------------------------

def with_step(guide: Guide, number: int, **changes) -> Guide:
    return replace(guide, steps=tuple(replace(s, **changes) if s.number == number else s for s in guide.steps))


def labels(guide: Guide, number: int) -> tuple[Label, ...]:
    return guide.step(number).labels


SHIPPED_GUIDE = load(SHIPPED)


def test_a_retitled_step_is_a_title_change_not_a_removal_and_an_addition():
    new = with_step(SHIPPED_GUIDE, 9, title="閱讀並同意申請須知")
    assert diff(SHIPPED_GUIDE, new) == [
        Change("STEP 9", "title changed: 「同意申請須知」 → 「閱讀並同意申請須知」", ("step-9",), (9,))]
    pairs, removed, added = match_steps(SHIPPED_GUIDE, new)
    assert (len(pairs), removed, added) == (17, [], [])


def test_an_added_label_is_named_once():
    new = with_step(SHIPPED_GUIDE, 16, labels=(*labels(SHIPPED_GUIDE, 16), Label("上一頁")))
    assert diff(SHIPPED_GUIDE, new) == [Change("STEP 16", "label added: 「上一頁」", ("step-16",), (16,))]


def test_a_removed_label_is_named_once():
    new = with_step(SHIPPED_GUIDE, 5, labels=labels(SHIPPED_GUIDE, 5)[:1])
    assert diff(SHIPPED_GUIDE, new) == [Change("STEP 5", "label removed: 「忘記密碼」", ("step-5",), (5,))]


def test_a_label_that_becomes_marked_is_named_once():
    same, agree = labels(SHIPPED_GUIDE, 9)[1], labels(SHIPPED_GUIDE, 9)[0]
    new = with_step(SHIPPED_GUIDE, 9, labels=(replace(agree, marked=True), same))
    assert diff(SHIPPED_GUIDE, new) == [
        Change("STEP 9", "label 「同意」 now marked in the screenshot", ("step-9",), (9,))]
    assert diff(new, SHIPPED_GUIDE) == [
        Change("STEP 9", "label 「同意」 no longer marked in the screenshot", ("step-9",), (9,))]


def test_a_label_written_differently_only_as_normalise_ignores_is_no_change():
    """臺 for 台, a stray hyphen, a trailing colon: not a change an author would make."""
    new = with_step(SHIPPED_GUIDE, 3, labels=tuple(replace(label, text=label.text.replace("台", "臺"))
                                                   for label in labels(SHIPPED_GUIDE, 3)))
    new = with_step(new, 8, labels=(labels(SHIPPED_GUIDE, 8)[0], replace(labels(SHIPPED_GUIDE, 8)[1], text="編輯：")))
    assert diff(SHIPPED_GUIDE, new) == []


def test_a_removed_step_renumbers_the_rest_by_title():
    """Without its title, STEP 16 would be matched to the old STEP 15 by number."""
    new = replace(SHIPPED_GUIDE, steps=tuple(replace(s, number=s.number - 1) if s.number > 15 else s
                                             for s in SHIPPED_GUIDE.steps if s.number != 15))
    pairs, removed, added = match_steps(SHIPPED_GUIDE, new)
    assert [(a.number, b.number) for a, b in pairs][-2:] == [(16, 15), (17, 16)]
    assert ([s.number for s in removed], added) == ([15], [])


def test_a_renamed_label_that_loses_its_mark_says_so():
    step8 = labels(SHIPPED_GUIDE, 8)
    new = with_step(SHIPPED_GUIDE, 8, labels=(Label("新增申請案"), step8[1]))
    assert sorted(c.what for c in diff(SHIPPED_GUIDE, new)) == sorted([
        RENAMED, "label 「新增申請案」 no longer marked in the screenshot"])


MARK_ORDER = """
from dataclasses import replace
from harness.guide.diff import diff
from harness.guide.model import load
old = load()
new = replace(old, steps=tuple(replace(s, labels=tuple(replace(x, marked=True) for x in s.labels))
                               if s.number == 10 else s for s in old.steps))
print("|".join(c.what for c in diff(old, new)))
"""


def test_mark_changes_come_in_the_steps_label_order_whatever_the_hash_seed():
    """Two runs of `guide diff` on the same files print the same lines. Fixed seeds, so the
    test itself is deterministic."""
    expected = "|".join(f"label 「{label.text}」 now marked in the screenshot" for label in labels(SHIPPED_GUIDE, 10))
    for seed in ("0", "1", "2"):
        printed = subprocess.run([sys.executable, "-c", MARK_ORDER], cwd=ROOT, capture_output=True, text=True,
                                 env={**os.environ, "PYTHONHASHSEED": seed}, check=True, timeout=60).stdout
        assert printed.strip() == expected, f"PYTHONHASHSEED={seed}"


def test_steps_compare_by_structure_not_by_summary_or_text():
    """Our summaries and a document's own text are not the guide's structure: no change."""
    step: Step = SHIPPED_GUIDE.step(6)
    new = with_step(SHIPPED_GUIDE, 6, summary="另一種說法。", text="另一段文字。")
    assert new.step(6) == step and diff(SHIPPED_GUIDE, new) == []
