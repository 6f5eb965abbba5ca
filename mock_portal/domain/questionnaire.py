"""The questions of the 「新增申請人」 dialog (STEP 10, STEP 11), their answers as the
guide writes them, and which answers let an applicant go on. The eligibility of the
card itself is decided in `eligibility`; this module decides what the answers mean."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from .eligibility import household_blocks

YES, NO = "是", "否"

HOLDER = "是否現在或曾經持有就業金卡"
HOLDER_NEVER = NO
HOLDER_VALID = "是(目前持有有效就業金卡)"
HOLDER_EXPIRED = "是(曾經持有就業金卡但已過期)"
HOLDER_ANSWERS = (HOLDER_NEVER, HOLDER_VALID, HOLDER_EXPIRED)

HAS_UI_NUMBER = "是否可提供原持有就業金卡統一證號資料"
UI_NUMBER = "統一證號"
BIRTH_DATE = "出生日期"

IN_TAIWAN = "您現在是否在中華民國境內申請"
IN_TAIWAN_ANSWERS = ("是(境內申請)", "否(境外申請)")

ENTRY_DOCUMENT = "您入境中華民國或目前所持證件"
VISA_EXEMPT = "以免簽證方式入國"
ENTRY_DOCUMENTS = (
    "目前已持有中華民國核發之有效居留證件",
    VISA_EXEMPT,
    "以60天以上未加註限制停留簽證方式入國",
    "以60天以上加註限制停留簽證方式入國",
    "以60天以下停留簽證方式入國",
)
VISA_EXEMPT_REMINDER = "請留意在臺停留期限，如將屆期請依限出境。"

ROC_NATIONALITY = "您是否具中華民國國籍"
HOUSEHOLD = "您是否在臺設有戶籍"
MOVED_OUT = "是否辦理戶籍遷出登記"

YES_NO = (YES, NO)


class Stop(Enum):
    """Answers that end the dialog with a message instead of the declaration."""

    MISSING = "missing"                        # a shown question is unanswered
    INVALID = "invalid"                        # an answer the question does not offer
    HOLDER_VALID = "holder-valid"              # R-RENEW-VALID: a valid card is extended, not re-applied for
    UI_NUMBER_NEEDED = "ui-number-needed"      # re-application needs the old card's 統一證號
    HOUSEHOLD = "household"                    # R-HOUSEHOLD


@dataclass(frozen=True)
class Answers:
    """The dialog's answers, keyed by question text, as posted."""

    values: Mapping[str, str]

    def get(self, question: str) -> str:
        return (self.values.get(question) or "").strip()

    @property
    def reapplying(self) -> bool:
        return self.get(HOLDER) == HOLDER_EXPIRED


def shown_questions(answers: Answers) -> list[tuple[str, tuple[str, ...]]]:
    """The choice questions the dialog shows for these answers, in order; the follow-up
    questions depend on earlier ones (戶籍 only for ROC nationals, and so on)."""
    shown: list[tuple[str, tuple[str, ...]]] = [(HOLDER, HOLDER_ANSWERS)]
    if answers.reapplying:
        shown.append((HAS_UI_NUMBER, YES_NO))
    shown.append((IN_TAIWAN, IN_TAIWAN_ANSWERS))
    if answers.get(IN_TAIWAN) == IN_TAIWAN_ANSWERS[0]:
        shown.append((ENTRY_DOCUMENT, ENTRY_DOCUMENTS))
    shown.append((ROC_NATIONALITY, YES_NO))
    if answers.get(ROC_NATIONALITY) == YES:
        shown.append((HOUSEHOLD, YES_NO))
        if answers.get(HOUSEHOLD) == YES:
            shown.append((MOVED_OUT, YES_NO))
    return shown


def judge_holder(answers: Answers) -> Stop | None:
    """STEP 10's first two questions: only 「是(曾經持有就業金卡但已過期)」 with 「是」 leads to
    the card check; 「否」 (never held one) is a new application and goes on without it."""
    holder = answers.get(HOLDER)
    if holder == HOLDER_VALID:
        return Stop.HOLDER_VALID
    if holder == HOLDER_EXPIRED and answers.get(HAS_UI_NUMBER) == NO:
        return Stop.UI_NUMBER_NEEDED
    return None


def judge_answers(answers: Answers) -> Stop | None:
    """The holder path first (it ends the dialog before the rest is asked), then every
    shown question answered with one of its answers, then R-HOUSEHOLD. The card's own
    eligibility is checked separately. The dialog's script asks this of the server as the
    applicant answers, so the page holds no rule of its own."""
    stop = judge_holder(answers)
    if stop:
        return stop
    for question, offered in shown_questions(answers):
        value = answers.get(question)
        if not value:
            return Stop.MISSING
        if value not in offered:
            return Stop.INVALID
    if household_blocks(
        roc_national=answers.get(ROC_NATIONALITY) == YES,
        household_in_taiwan=answers.get(HOUSEHOLD) == YES,
        moved_out=answers.get(MOVED_OUT) == YES,
    ):
        return Stop.HOUSEHOLD
    return None
