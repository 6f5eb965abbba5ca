"""STEP 8 「就業金卡暫存 - 列表」 and R-DRAFT-30: a saved draft, then 「檢視」「編輯」「刪除」."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.applicant_dialog import HAS_UI_NUMBER, HOLDER, IN_TAIWAN, ROC_NATIONALITY, ApplicantDialog
from pages.application_form import ApplicationForm
from pages.declaration_dialog import DeclarationDialog
from pages.drafts import DraftsPage
from pages.preview import PreviewPage

from .application_steps import HOLDER_EXPIRED, YES, fill_form, upload_documents


def draft_name(typed: dict[str, str]) -> str:
    return f"{typed['英文名字']} {typed['英文姓氏']}".upper()


def start_form(page, base_url, applicant) -> None:
    """STEP 8-12 in one go, for scenarios about the form itself: the applicant applies
    from abroad, as a foreigner, so no follow-up question stops them."""
    drafts = DraftsPage(page).open(base_url)
    expect(drafts.add_applicant, "STEP 8: 「新增申請人」 is missing").to_be_visible()
    drafts.add_applicant.click()
    dialog = ApplicantDialog(page)
    dialog.agree.check()
    dialog.answer(HOLDER, HOLDER_EXPIRED)
    dialog.answer(HAS_UI_NUMBER, YES)
    dialog.enter_card(applicant.ui_number, applicant.typed_birth_date.strftime("%Y/%m/%d"))
    dialog.answer(IN_TAIWAN, "否(境外申請)")
    dialog.answer(ROC_NATIONALITY, "否")
    dialog.confirm.click()
    DeclarationDialog(page).accept()
    expect(ApplicationForm(page).heading, "STEP 13: the form did not open").to_have_text("就業金卡申請 - 新增")


@given("我已開始填寫就業金卡重新申請書")
def _(page, base_url, applicant):
    start_form(page, base_url, applicant)


@given("我已儲存一份完整的申請書", target_fixture="typed")
def _(page, base_url, applicant):
    start_form(page, base_url, applicant)
    form = ApplicationForm(page)
    typed = fill_form(page, applicant)
    upload_documents(page)
    form.save()
    expect(form.saved_dialog, "STEP 15: saving a complete form failed").to_be_visible()
    return typed


@then("暫存列表有我的申請書")
def _(page, typed):
    expect(DraftsPage(page).row(draft_name(typed)), "R-DRAFT-30: the saved draft is not in the list").to_be_visible()


@then("暫存列表沒有任何資料")
def _(page):
    drafts = DraftsPage(page)
    expect(drafts.heading).to_be_visible()
    expect(drafts.table, "STEP 8 / R-DRAFT-30, R-SESSION-30: the drafts list should be empty"
           ).to_contain_text("目前沒有暫存資料")


@then(parsers.parse("暫存列表說明資料只保存 {days:d} 日"))
def _(page, days):
    expect(DraftsPage(page).note, f"STEP 8 / R-DRAFT-30: the note does not say {days} 日").to_contain_text(f"{days}日")


@when(parsers.parse("我在暫存列表點選「{action}」"))
def _(page, typed, action):
    DraftsPage(page).action(draft_name(typed), action).click()


@then("我看到暫存資料的內容，與我填寫的相同")
def _(page, typed):
    preview = PreviewPage(page)
    expect(preview.heading, "STEP 8: 「檢視」 did not open the draft").to_have_text("就業金卡申請 - 檢視")
    for label, value in typed.items():
        expect(preview.value(label), f"STEP 8: 「{label}」 differs from what was saved").to_have_text(value)


@then(parsers.parse("預覽的「{label}」是「{value}」"))
def _(page, label, value):
    expect(PreviewPage(page).value(label), f"STEP 16: 「{label}」 was not updated").to_have_text(value)
