"""The guide reader and model (harness/guide/reader.py, model.py): the published document
reads as the shipped model, the shipped model is whole and its file is what `dumps`
writes, a document in our own words reads back to the same structure, the reader's rules
for labels and marks hold on small made-up documents, and a file that is not a guide is
refused in one line, never with a traceback."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harness.guide.__main__ import main
from harness.guide.model import SHIPPED, Guide, Label, ModelError, Part, dumps, load
from harness.guide.normalise import normalise
from harness.guide.reader import ReadError, read, read_document
from tests.guide_documents import change_note, real_document, remove_step, rename_label, write_document

NO_ANNOTATIONS = Guide("", ())      # read a made-up document as it is, without the shipped model's annotations

MARKED = [(7, "就業金卡申請或重新申請"), (8, "新增申請人"), (8, "編輯-"), (11, "確定"), (14, "儲存")]
NOT_UI = [(3, "台灣就業金卡辦公室"), (12, "就業金卡申請人"), (12, "個人資料保護法")]


def one_step(body: str, title: str = "第一步") -> str:
    """A made-up document with one step: header, "STEP 1", `title`, `body`."""
    return ("1. 測試教學\n\n註1：測試用的說明。\n\n1 Steps\n\n作者\n測試者\n\n最近更新\n2024/1/1\n\n"
            f"STEP 1\n\n{title}\n\n{body}\n")


def labels_of(body: str, title: str = "第一步") -> tuple[Label, ...]:
    return read_document(one_step(body, title), "made-up", NO_ANNOTATIONS).steps[0].labels


# The published document -----------------------------------------------------------------------

def test_the_published_document_reads_as_the_shipped_model():
    """The shipped model is what the reader makes of the published guide: a change to the
    reader or the model that the guide does not call for shows here first."""
    path = real_document()
    guide, shipped = read(path), load(SHIPPED)
    assert guide == shipped
    assert guide.source == str(path)
    for step, known in zip(guide.steps, shipped.steps, strict=True):
        assert step.text, f"STEP {step.number} carries no text of its own"
        assert (step.summary, step.rules) == (known.summary, known.rules)
    for note, known in zip(guide.notes, shipped.notes, strict=True):
        assert note.text and (note.summary, note.rules) == (known.summary, known.rules)


# The shipped model --------------------------------------------------------------------------------

def test_the_shipped_model_is_whole():
    """Every step, part, note and mark the guide has, and a reason for each label that is not UI:
    the conformance walk and `guide diff` trust this file."""
    guide = load(SHIPPED)
    assert [s.number for s in guide.steps] == list(range(1, 18))
    assert guide.declared_steps == 17
    assert guide.parts == (Part("重新申請", 7, 11),)
    assert [n.key for n in guide.notes] == ["註1", "註2", "註3"]
    assert all(n.rules for n in guide.notes)
    assert "R-CARRY-DOCS" in guide.note("註2").rules
    assert [(s.number, label.text) for s in guide.steps for label in s.labels if label.marked] == MARKED
    assert [(s.number, label.text) for s in guide.steps for label in s.labels if not label.ui] == NOT_UI
    assert all(label.reason for s in guide.steps for label in s.labels if not label.ui)
    assert not any(label.reason for s in guide.steps for label in s.labels if label.ui)
    assert all(s.title and s.fingerprint and s.summary for s in guide.steps)


def test_the_shipped_file_is_what_dumps_writes():
    """The file is written by `dumps`, never by hand: `guide read DOC > model` reproduces it."""
    assert dumps(load(SHIPPED)) == SHIPPED.read_text(encoding="utf-8")


def test_a_revised_model_round_trips_through_dumps_and_load(tmp_path):
    """A model read from a revised document (no longer the shipped one) survives the file:
    what is compared, and the summaries and reasons, which are not."""
    revised = read_document(change_note(remove_step(rename_label(write_document(load(SHIPPED)), 8, "新增申請人",
                                                                 "新增申請案"), 15), "註2", "基本資料", "個人資料"))
    path = tmp_path / "revised.toml"
    path.write_text(dumps(revised), encoding="utf-8")
    again = load(path)
    assert again == revised
    assert [s.summary for s in again.steps] == [s.summary for s in revised.steps]
    assert [n.summary for n in again.notes] == [n.summary for n in revised.notes]
    assert again.step(8).label("新增申請案") is not None and len(again.steps) == 16


# A document in our own words ----------------------------------------------------------------------

def test_a_document_written_from_the_shipped_model_reads_back_to_its_structure():
    """`write_document` is what the CI tests read instead of the published guide: it must give
    the same steps, labels, marks, parts and notes; only the wording (ours) differs."""
    shipped = load(SHIPPED)
    guide = read_document(write_document(shipped), "synthetic")

    def structure(g: Guide):
        return ([(s.number, s.title, s.labels, s.rules, s.summary) for s in g.steps], g.parts, g.declared_steps,
                [(n.key, n.rules) for n in g.notes], (g.title, g.author, g.updated))

    assert structure(guide) == structure(shipped)
    assert all(a.fingerprint != b.fingerprint for a, b in zip(guide.steps, shipped.steps, strict=True))
    assert all(a.fingerprint != b.fingerprint for a, b in zip(guide.notes, shipped.notes, strict=True))


# The reader's rules for labels and marks ----------------------------------------------------------

def test_a_markdown_link_inside_the_brackets_gives_its_words_as_the_label():
    assert labels_of("可參考「[網站名稱](https://example.org/a)」網站。") == (Label("網站名稱"),)


def test_a_label_quoted_twice_in_a_step_appears_once_as_first_written():
    """Title included, and 臺/台 or full-width variants are the same label."""
    labels = labels_of("先點「臺灣網站」，再點「確定」，最後又點「台灣網站」和「確定」。", title="點「確定」")
    assert labels == (Label("確定"), Label("臺灣網站"))


@pytest.mark.parametrize("sentence", [
    "The '確定' button is highlighted with a red box.",
    "The '確定' button is circled in red.",
    "The \"確定\" button is highlighted.",
    "A red '1.' is placed next to a '確定' button.",
])
def test_a_description_that_speaks_of_a_red_mark_marks_the_label(sentence):
    assert labels_of(f"點「確定」。\n\n{sentence}") == (Label("確定", marked=True),)


@pytest.mark.parametrize("sentence", [
    "The '確定' button is at the bottom right.",
    "A red banner reads '確定'.",
    "The '確定' button is blue. The '取消' button is highlighted with a red box.",
])
def test_a_description_without_a_red_mark_does_not_mark(sentence):
    """Only the sentence that speaks of the mark counts, not its neighbours."""
    assert labels_of(f"點「確定」或「取消」。\n\n{sentence}")[0] == Label("確定", marked=False)


def test_a_hyphen_artefact_stays_verbatim_but_is_the_same_label_as_without_it():
    """「編輯-」 is what the transcription wrote; the screenshot's '編輯' is the same button."""
    step = read_document(one_step("點右方的「編輯-」鈕。\n\nIn the first row, the '編輯' button is circled in red."),
                         "made-up", NO_ANNOTATIONS).steps[0]
    assert step.labels == (Label("編輯-", marked=True),)
    assert normalise("編輯-") == normalise("編輯") == step.labels[0].key
    assert step.label("編輯") is step.labels[0]



def test_an_apostrophe_in_a_description_does_not_hide_the_mark():
    body = "點「確定」。\n\nThe applicant's photo and the '確定' button are highlighted with a red box."
    assert labels_of(body) == (Label("確定", marked=True),)


def test_annotations_carry_over_by_title_and_normalised_label():
    """A document read with the shipped model gets its rules and non-UI flags even when a
    label is written with 臺 for 台."""
    text = write_document(load(SHIPPED)).replace("「台灣就業金卡辦公室」", "「臺灣就業金卡辦公室」")
    step = read_document(text).step(3)
    label = step.label("台灣就業金卡辦公室")
    assert (label.text, label.ui, bool(label.reason)) == ("臺灣就業金卡辦公室", False, True)
    assert step.rules == load(SHIPPED).step(3).rules


# What is not a guide --------------------------------------------------------------------------------

def test_a_text_without_a_step_heading_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("1. 測試教學\n\n只是一段文字。\n", encoding="utf-8")
    with pytest.raises(ReadError) as refused:
        read(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and "STEP" in message and "\n" not in message


def test_a_step_heading_twice_is_refused(tmp_path):
    path = tmp_path / "twice.txt"
    path.write_text(one_step("點「確定」。") + "\nSTEP 2\n\n第二步\n\nSTEP 3\n\n第三步\n\nSTEP 3\n\n又是第三步\n",
                    encoding="utf-8")
    with pytest.raises(ReadError, match=r"STEP 3 appears more than once") as refused:
        read(path)
    assert str(refused.value).startswith(str(path)) and "\n" not in str(refused.value)


def test_a_file_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("STEP 1\n\ncafé\n".encode("latin-1"))
    with pytest.raises(ReadError) as refused:
        read(path)
    assert str(refused.value).startswith(str(path)) and "\n" not in str(refused.value)


@pytest.mark.parametrize("model", [
    'title = "x"\n[[steps]\nnumber = 1\n',                       # not TOML
    'title = "x"\n',                                             # no steps
    'title = "x"\n[[steps]]\nnumber = "one"\ntitle = "a"\n',      # a number that is not one
    'title = "x"\n[[steps]]\nnumber = 1\ntitle = "a"\nlabels = [{ marked = true }]\n',   # a label without text
])
def test_a_broken_model_is_refused_in_one_line_naming_the_file(tmp_path, model):
    path = tmp_path / "broken.toml"
    path.write_text(model, encoding="utf-8")
    with pytest.raises(ModelError) as by_load:
        load(path)
    with pytest.raises(ReadError) as by_read:
        read(path)
    for error in (by_load.value, by_read.value):
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)


def test_guide_diff_on_a_missing_file_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "missing.txt", "shipped"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: missing.txt: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_guide_diff_on_a_broken_model_says_so_in_one_line(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text("title = \n", encoding="utf-8")
    assert main(["diff", "shipped", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: {path}: ") and err.count("\n") == 1


def test_guide_read_writes_the_shipped_models_file_for_the_published_document(capsys):
    """`guide read DOC` is how the shipped model is updated: for the published guide it
    reproduces the file byte for byte."""
    path = real_document()
    assert main(["read", str(path)]) == 0
    assert capsys.readouterr().out == SHIPPED.read_text(encoding="utf-8")


def test_a_model_read_from_a_document_without_annotations_has_no_rules():
    """The rules and reasons are the project's; without annotations a document has none."""
    guide = read_document(write_document(load(SHIPPED)), "synthetic", NO_ANNOTATIONS)
    assert not any(s.rules or s.summary for s in guide.steps)
    assert all(label.ui for s in guide.steps for label in s.labels)
    assert replace(guide.step(8), fingerprint="") == replace(load(SHIPPED).step(8), fingerprint="", rules=())
