"""The guide model and its reader, without a browser. The real guide document is not in
the repository (CI has no copy): the tests that read it skip where it is absent; the rest
read documents these tests write from the shipped model in our own words."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from harness.guide.__main__ import main
from harness.guide.diff import diff
from harness.guide.model import SHIPPED, Guide, ModelError, dumps, load
from harness.guide.normalise import normalise
from harness.guide.reader import ReadError, read, read_document

DOCUMENT = Path(os.environ.get("GUIDE_DOCUMENT") or
                Path(__file__).resolve().parents[2] / "shared" / "guide" / "000_2fd113455a7d339d.txt")
needs_document = pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the guide document is not at {DOCUMENT} "
                                    "(set GUIDE_DOCUMENT to its path)")


def write_document(guide: Guide) -> str:
    """A guide in the published text form, worded by us (summaries for instructions)."""
    lines = [f"8. {guide.title}", ""]
    lines += [f"{note.key}：{note.summary}\n" for note in guide.notes]
    lines += [f"{guide.declared_steps} Steps", "", "作者", guide.author, "", "最近更新", guide.updated, ""]
    for step in guide.steps:
        part = next((p for p in guide.parts if p.first_step == step.number), None)
        if part:
            lines += [part.title, "", f"{part.declared_steps} Steps", ""]
        lines += [f"STEP {step.number}", "", step.title, "", step.summary, ""]
        lines += [f"請看「{label.text}」。" for label in step.labels]
        lines += [f"The '{label.text}' button is highlighted with a red box." for label in step.labels if label.marked]
        lines.append("")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def shipped() -> Guide:
    return load(SHIPPED)


@needs_document
def test_the_published_guide_reads_back_as_the_shipped_model(shipped):
    read_back = read(DOCUMENT)
    assert read_back == shipped
    assert all(step.text for step in read_back.steps), "a document's model carries its own words"
    assert [s.summary for s in read_back.steps] == [s.summary for s in shipped.steps]
    assert diff(shipped, read_back) == []


def test_the_shipped_model_is_whole(shipped):
    assert [s.number for s in shipped.steps] == list(range(1, 18)) and shipped.declared_steps == 17
    assert [(p.title, p.first_step, p.declared_steps) for p in shipped.parts] == [("重新申請", 7, 11)]
    assert [n.key for n in shipped.notes] == ["註1", "註2", "註3"] and all(n.rules for n in shipped.notes)
    marked = [(s.number, label.text) for s in shipped.steps for label in s.labels if label.marked]
    assert marked == [(7, "就業金卡申請或重新申請"), (8, "新增申請人"), (8, "編輯-"), (11, "確定"), (14, "儲存")]
    not_ui = [(s.number, label.text) for s in shipped.steps for label in s.labels if not label.ui]
    assert not_ui == [(3, "台灣就業金卡辦公室"), (12, "就業金卡申請人"), (12, "個人資料保護法")]
    assert all(label.reason for s in shipped.steps for label in s.labels if not label.ui)


def test_the_shipped_file_is_what_dumps_writes(shipped):
    assert dumps(shipped) == SHIPPED.read_text(encoding="utf-8")


def test_a_document_in_our_words_gives_the_same_steps_labels_and_marks(shipped):
    ours = read_document(write_document(shipped), "ours.txt")
    def shape(g):
        return [(s.number, s.title, s.labels, s.rules) for s in g.steps], g.parts, g.declared_steps
    assert shape(ours) == shape(shipped)
    assert [n.key for n in ours.notes] == ["註1", "註2", "註3"]
    assert ours.step(8).fingerprint != shipped.step(8).fingerprint, "our wording is not the guide's"


def test_reader_details():
    text = "\n".join(["1. 測試指南", "2 Steps", "STEP 1", "按「送出」", "請按「送出」或開啟「[說明](#)」。",
                      "A red box? No: the '送出' button is plain.",
                      "STEP 2", "完成", "The '確定' button is circled in red. 「確定」"])
    guide = read_document(text, "t.txt", annotations=Guide("", ()))
    assert [label.text for label in guide.step(1).labels] == ["送出", "說明"]
    assert guide.step(1).labels[0].marked is False
    assert [(label.text, label.marked) for label in guide.step(2).labels] == [("確定", True)]
    assert normalise("編輯-") == normalise("編輯")


@pytest.mark.parametrize("text, says", [("no steps here", "no \"STEP n\" heading"),
                                        ("T\nSTEP 3\na\nSTEP 3\nb", "STEP 3 appears more than once")])
def test_a_file_that_is_no_guide_is_refused_in_one_line(text, says):
    with pytest.raises(ReadError, match=says) as error:
        read_document(text, "bad.txt")
    assert str(error.value).startswith("bad.txt: ") and "\n" not in str(error.value)


def test_a_broken_model_is_refused_in_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n", encoding="utf-8")
    with pytest.raises(ModelError):
        load(bad)
    with pytest.raises(ReadError, match="bad.toml"):
        read(bad)


def test_the_cli_exit_codes(tmp_path, capsys, shipped):
    assert main(["diff", "shipped", "shipped"]) == 0
    revised = tmp_path / "revised.toml"
    step8 = shipped.step(8)
    renamed = replace(step8, labels=(replace(step8.labels[0], text="新增申請案"), *step8.labels[1:]))
    revised.write_text(dumps(replace(shipped, steps=tuple(renamed if s is step8 else s for s in shipped.steps))),
                       encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", "shipped", str(revised)]) == 1
    assert "STEP 8: label renamed: 「新增申請人」 → 「新增申請案」" in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "missing.txt"), "shipped"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1
