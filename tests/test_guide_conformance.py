"""Label conformance on made-up screens (aria snapshots as Playwright writes them): a
label is found by role and name first, then as text; a near miss is "renamed" with the
closest text named; nothing close is "missing"; a label the model says is not UI is
never looked for. What a guide author would not call a change must not fail a step."""

from __future__ import annotations

import pytest

from harness.aria import parse
from harness.guide.conformance import FOUND, MISSING, NOT_UI, RENAMED, check_step, judge, summary_line
from harness.guide.model import Label, Step
from harness.guide.normalise import normalise

DRAFTS = parse("""- main [box=0,0,1280,700]:
  - heading "就業金卡暫存 - 列表" [level=2] [box=10,10,300,30]
  - button "新增申請人" [box=10,50,100,30]
  - table [box=10,90,700,60]:
    - row "1 JENNIFER JONES 檢視 編輯 刪除" [box=10,90,700,30]:
      - cell "1" [box=10,90,50,30]
      - cell "檢視 編輯 刪除" [box=500,90,200,30]:
        - button "編輯" [box=560,95,40,20]
  - paragraph [box=10,160,700,20]: 說明：尚未送出的暫存資料，系統只保存30日。開始前請到「台灣就業金卡網站」看看。
  - checkbox "同意上述條款，請打勾。" [box=10,200,20,20]
""")


def verdict(text: str, nodes=DRAFTS, **label):
    return judge(Label(text, **label), nodes)


def test_a_control_is_found_by_its_role_and_name():
    found = verdict("新增申請人")
    assert (found.verdict, found.by, found.role) == (FOUND, "role", "button")


def test_the_transcriptions_stray_hyphen_and_trailing_punctuation_are_not_changes():
    assert verdict("編輯-").role == "button"
    assert verdict("同意上述條款，請打勾").role == "checkbox"


@pytest.mark.parametrize("written", ["臺灣就業金卡網站", "台灣就業金卡網站：", "台灣　就業金卡網站",
                                     "＊台灣就業金卡網站"])
def test_what_an_author_would_not_call_a_change_is_still_found(written):
    assert verdict(written).verdict == FOUND


def test_words_inside_prose_are_found_as_text():
    found = verdict("台灣就業金卡網站")
    assert (found.verdict, found.by, found.role) == (FOUND, "text", "")


def test_a_renamed_label_names_the_closest_text_on_the_screen():
    renamed = verdict("新增申請案")
    assert renamed.verdict == RENAMED and renamed.seen == "新增申請人"
    assert renamed.fails
    assert renamed.line(8) == ("STEP 8: the guide's label 「新增申請案」 is not on the screen; "
                               "did you mean 「新增申請人」?")


def test_a_label_renamed_inside_prose_is_found_in_it():
    renamed = verdict("台灣就業金卡官網")
    assert renamed.verdict == RENAMED and normalise(renamed.seen) == "台灣就業金卡網站"


def test_nothing_like_it_is_missing():
    missing = verdict("線上繳費")
    assert missing.verdict == MISSING and missing.fails and "nor anything like it" in missing.line(7)


def test_a_label_that_is_not_ui_is_never_looked_for():
    skipped = verdict("個人資料保護法", ui=False, reason="the title of a law")
    assert (skipped.verdict, skipped.reason, skipped.fails) == (NOT_UI, "the title of a law", False)
    assert summary_line(skipped.to_dict()) == "「個人資料保護法」 not UI: the title of a law"


def test_hidden_words_are_not_on_the_screen():
    """The snapshot holds only what shows: a label present only in a hidden element is not found."""
    assert verdict("新增申請人", nodes=parse('- dialog "新增申請人" [box=0,0,0,0]:\n  - button "取消"')).by == "role"
    assert verdict("新增申請人", nodes=parse('- button "取消"')).verdict == MISSING


def test_a_step_gets_one_verdict_per_label_in_the_guides_order():
    step = Step(8, "就業金卡暫存列表", (Label("新增申請人", marked=True), Label("編輯-", marked=True),
                                        Label("匯出"), Label("個人資料保護法", ui=False, reason="a law")))
    assert [(v.label, v.verdict) for v in check_step(step, DRAFTS)] == [
        ("新增申請人", FOUND), ("編輯-", FOUND), ("匯出", MISSING), ("個人資料保護法", NOT_UI)]
