"""STEP 10-11, the 「新增申請人」 dialog: which questions it shows for which answers, and
which answers stop it (R-RENEW-VALID, R-HOUSEHOLD) or let the applicant go on."""

from __future__ import annotations

import pytest

from mock_portal.domain.questionnaire import (
    ENTRY_DOCUMENT,
    HAS_UI_NUMBER,
    HOLDER,
    HOUSEHOLD,
    IN_TAIWAN,
    MOVED_OUT,
    ROC_NATIONALITY,
    Answers,
    Stop,
    judge_answers,
    shown_questions,
)

# The journey's applicant, in the guide's words: a foreigner whose card has expired,
# applying from inside Taiwan after a visa-exempt entry.
JOURNEY = {
    "是否現在或曾經持有就業金卡": "是(曾經持有就業金卡但已過期)",
    "是否可提供原持有就業金卡統一證號資料": "是",
    "您現在是否在中華民國境內申請": "是(境內申請)",
    "您入境中華民國或目前所持證件": "以免簽證方式入國",
    "您是否具中華民國國籍": "否",
}


def shown(values: dict[str, str]) -> list[str]:
    return [question for question, _ in shown_questions(Answers(values))]


def judge(values: dict[str, str], **changes: str | None) -> Stop | None:
    """Judge `values` with some answers changed (keyword = the question's constant name)
    or removed (None)."""
    names = {"HOLDER": HOLDER, "HAS_UI_NUMBER": HAS_UI_NUMBER, "IN_TAIWAN": IN_TAIWAN,
             "ENTRY_DOCUMENT": ENTRY_DOCUMENT, "ROC_NATIONALITY": ROC_NATIONALITY,
             "HOUSEHOLD": HOUSEHOLD, "MOVED_OUT": MOVED_OUT}
    answers = dict(values)
    for name, value in changes.items():
        if value is None:
            answers.pop(names[name], None)
        else:
            answers[names[name]] = value
    return judge_answers(Answers(answers))


# which questions are shown -----------------------------------------------------

def test_questions_shown_before_any_answer():
    assert shown({}) == [HOLDER, IN_TAIWAN, ROC_NATIONALITY]


def test_questions_shown_for_the_journey():
    assert shown(JOURNEY) == [HOLDER, HAS_UI_NUMBER, IN_TAIWAN, ENTRY_DOCUMENT, ROC_NATIONALITY]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({HOLDER: "否"}, [HOLDER, IN_TAIWAN, ROC_NATIONALITY]),
        ({HOLDER: "是(目前持有有效就業金卡)"}, [HOLDER, IN_TAIWAN, ROC_NATIONALITY]),
        ({HOLDER: "是(曾經持有就業金卡但已過期)"}, [HOLDER, HAS_UI_NUMBER, IN_TAIWAN, ROC_NATIONALITY]),
        ({IN_TAIWAN: "是(境內申請)"}, [HOLDER, IN_TAIWAN, ENTRY_DOCUMENT, ROC_NATIONALITY]),
        ({IN_TAIWAN: "否(境外申請)"}, [HOLDER, IN_TAIWAN, ROC_NATIONALITY]),
        ({ROC_NATIONALITY: "否"}, [HOLDER, IN_TAIWAN, ROC_NATIONALITY]),
        ({ROC_NATIONALITY: "是"}, [HOLDER, IN_TAIWAN, ROC_NATIONALITY, HOUSEHOLD]),
        ({ROC_NATIONALITY: "是", HOUSEHOLD: "否"}, [HOLDER, IN_TAIWAN, ROC_NATIONALITY, HOUSEHOLD]),
        ({ROC_NATIONALITY: "是", HOUSEHOLD: "是"},
         [HOLDER, IN_TAIWAN, ROC_NATIONALITY, HOUSEHOLD, MOVED_OUT]),
        ({ROC_NATIONALITY: "否", HOUSEHOLD: "是"},              # 戶籍 only for ROC nationals
         [HOLDER, IN_TAIWAN, ROC_NATIONALITY]),
    ],
)
def test_follow_up_questions_depend_on_earlier_answers(answers, expected):
    assert shown(answers) == expected


def test_shown_questions_offer_the_guides_answers():
    offered = dict(shown_questions(Answers({**JOURNEY, ROC_NATIONALITY: "是", HOUSEHOLD: "是"})))
    assert offered[HOLDER] == ("否", "是(目前持有有效就業金卡)", "是(曾經持有就業金卡但已過期)")
    assert offered[HAS_UI_NUMBER] == ("是", "否")
    assert offered[IN_TAIWAN] == ("是(境內申請)", "否(境外申請)")
    assert offered[ENTRY_DOCUMENT] == (
        "目前已持有中華民國核發之有效居留證件",
        "以免簽證方式入國",
        "以60天以上未加註限制停留簽證方式入國",
        "以60天以上加註限制停留簽證方式入國",
        "以60天以下停留簽證方式入國",
    )
    for question in (ROC_NATIONALITY, HOUSEHOLD, MOVED_OUT):
        assert offered[question] == ("是", "否")


# judge_answers -----------------------------------------------------------------

def test_the_journeys_foreigner_goes_on():
    assert judge(JOURNEY) is None


def test_a_new_applicant_goes_on_without_a_card():
    assert judge(JOURNEY, HOLDER="否", HAS_UI_NUMBER=None) is None


def test_r_renew_valid_holder_of_a_valid_card_is_stopped():
    assert judge(JOURNEY, HOLDER="是(目前持有有效就業金卡)", HAS_UI_NUMBER=None) is Stop.HOLDER_VALID


def test_reapplication_without_the_old_ui_number_is_stopped():
    assert judge(JOURNEY, HAS_UI_NUMBER="否") is Stop.UI_NUMBER_NEEDED


@pytest.mark.parametrize(
    ("household", "moved_out", "expected"),
    [
        ("是", "否", Stop.HOUSEHOLD),   # the guide's STEP 11 screenshot: refused
        ("是", "是", None),
        ("否", None, None),
    ],
)
def test_r_household_roc_national(household, moved_out, expected):
    assert judge(JOURNEY, ROC_NATIONALITY="是", HOUSEHOLD=household, MOVED_OUT=moved_out) is expected


@pytest.mark.parametrize(
    "removed",
    ["HOLDER", "HAS_UI_NUMBER", "IN_TAIWAN", "ENTRY_DOCUMENT", "ROC_NATIONALITY"],
)
def test_a_shown_question_left_unanswered_is_missing(removed):
    assert judge(JOURNEY, **{removed: None}) is Stop.MISSING


def test_a_blank_answer_is_missing():
    assert judge(JOURNEY, IN_TAIWAN="   ") is Stop.MISSING


def test_household_questions_are_missing_once_shown():
    assert judge(JOURNEY, ROC_NATIONALITY="是") is Stop.MISSING
    assert judge(JOURNEY, ROC_NATIONALITY="是", HOUSEHOLD="是") is Stop.MISSING


def test_a_question_not_shown_needs_no_answer():
    assert judge(JOURNEY, IN_TAIWAN="否(境外申請)", ENTRY_DOCUMENT=None) is None


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("HOLDER", "是"),                       # not one of its three answers
        ("HAS_UI_NUMBER", "也許"),
        ("IN_TAIWAN", "是"),
        ("ENTRY_DOCUMENT", "以觀光簽證方式入國"),
        ("ROC_NATIONALITY", "No"),
    ],
)
def test_an_answer_the_question_does_not_offer_is_invalid(question, answer):
    assert judge(JOURNEY, **{question: answer}) is Stop.INVALID


def test_answers_are_trimmed():
    padded = {question: f" {answer} " for question, answer in JOURNEY.items()}
    assert judge_answers(Answers(padded)) is None


def test_a_valid_card_holder_is_stopped_whatever_the_unasked_question_holds():
    """The 統一證號 question is not shown to a holder of a valid card; junk posted in it must
    not take the answers past R-RENEW-VALID."""
    assert judge(JOURNEY, HOLDER="是(目前持有有效就業金卡)", HAS_UI_NUMBER="junk") is Stop.HOLDER_VALID
