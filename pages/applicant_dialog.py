"""STEP 9-11: the dialog 「新增申請人」: the notice and 「同意」, the card holder questions
with 「統一證號」 and 「出生日期」, then the follow-up questions and 「確定」."""

from __future__ import annotations

from playwright.sync_api import Page, expect

HOLDER = "是否現在或曾經持有就業金卡"
HAS_UI_NUMBER = "是否可提供原持有就業金卡統一證號資料"
IN_TAIWAN = "您現在是否在中華民國境內申請"
ENTRY_DOCUMENT = "您入境中華民國或目前所持證件"
ROC_NATIONALITY = "您是否具中華民國國籍"
HOUSEHOLD = "您是否在臺設有戶籍"
MOVED_OUT = "是否辦理戶籍遷出登記"

# The choices the questions offer, as the dialog writes them.
YES, NO = "是", "否"
HOLDER_EXPIRED = "是(曾經持有就業金卡但已過期)"
INSIDE_TAIWAN, ABROAD = "是(境內申請)", "否(境外申請)"
VISA_EXEMPT = "以免簽證方式入國"


def yes_no(answer: bool) -> str:
    return YES if answer else NO


class ApplicantDialog:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.get_by_role("dialog", name="新增申請人")
        self.agree = self.dialog.get_by_role("checkbox", name="同意", exact=True)
        self.ui_number = self.dialog.get_by_role("textbox", name="統一證號", exact=True)
        self.birth_date = self.dialog.get_by_role("textbox", name="出生日期", exact=True)
        self.eligibility = self.dialog.get_by_role("status")
        self.problem = self.dialog.get_by_role("alert")
        self.messages = self.eligibility.or_(self.problem)   # whichever says why not
        self.entry_document = self.dialog.get_by_role("radiogroup", name=ENTRY_DOCUMENT)
        self.stay_reminder = self.dialog.get_by_text("請留意在臺停留期限")
        self.confirm = self.dialog.get_by_role("button", name="確定", exact=True)
        self.confirm_enabled = self.dialog.get_by_role("button", name="確定", exact=True, disabled=False)
        self.cancel = self.dialog.get_by_role("button", name="取消", exact=True)

    def question(self, text: str):
        """A choice question of STEP 10-11, by its text."""
        return self.dialog.get_by_role("combobox", name=text, exact=True)

    def answer(self, question: str, answer: str) -> None:
        self.question(question).select_option(answer)

    def enter_card(self, ui_number: str, birth_date: str) -> None:
        """STEP 10: type both; the portal checks eligibility once both are filled."""
        self.ui_number.fill(ui_number)
        self.birth_date.fill(birth_date)
        self.birth_date.blur()

    def reapply_with(self, ui_number: str, birth_date: str) -> None:
        """STEP 10 for a holder whose card expired: the holder questions, then the card."""
        self.answer(HOLDER, HOLDER_EXPIRED)
        self.answer(HAS_UI_NUMBER, YES)
        self.enter_card(ui_number, birth_date)

    def answer_follow_ups(self, *, roc_national: bool, household_in_taiwan: bool = False, moved_out: bool = False,
                          entry_document: str | None = VISA_EXEMPT) -> None:
        """STEP 11: the questions after the card check, each one asked only when the answer
        before it calls for it. `entry_document` None: applying from abroad."""
        if entry_document is None:
            self.answer(IN_TAIWAN, ABROAD)
        else:
            self.answer(IN_TAIWAN, INSIDE_TAIWAN)
            self.choose_entry_document(entry_document)
        self.answer(ROC_NATIONALITY, yes_no(roc_national))
        if roc_national:
            self.answer(HOUSEHOLD, yes_no(household_in_taiwan))
            if household_in_taiwan:
                self.answer(MOVED_OUT, yes_no(moved_out))

    def choose_entry_document(self, label: str) -> None:
        self.entry_document.get_by_role("radio", name=label, exact=True).check()

    def wait_for_verdict(self) -> None:
        """The portal judges the answers as they are given: wait until it has either
        enabled 「確定」 or said why the applicant cannot go on."""
        expect(self.confirm_enabled.or_(self.problem).first,
               "STEP 11: the portal neither enabled 「確定」 nor said why not").to_be_visible()
