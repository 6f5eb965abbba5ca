"""STEP 6-17: the signed-in bar, the drafts list, the 「新增申請人」 dialog with its
eligibility check, the declaration, the form, save, preview, submit and payment."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from harness import files
from harness.conduct import permit_destructive
from pages.applicant_dialog import IN_TAIWAN, VISA_EXEMPT, ApplicantDialog
from pages.application_form import TABS, ApplicationForm
from pages.components.signed_in_bar import SignedInBar
from pages.declaration_dialog import DeclarationDialog
from pages.done import DonePage
from pages.drafts import DraftsPage
from pages.preview import PreviewPage

from .form_values import form_values
from .navigation import open_drafts, open_home, open_payment

ROC_EPOCH = 1911     # the calendar's fact, not the guide's: 民國 1 年 is 1912
CONFIRMS = {    # the dialogs of STEP 11-12 whose 「確定」 a phrase presses
    "新增申請人": lambda page: ApplicantDialog(page).confirm,
    "系統使用聲明事項(就業金卡部分)": lambda page: DeclarationDialog(page).confirm,
}


@when(parsers.parse("我在「進度查詢」下拉式選單點選「{item}」"))
def _(page, item):
    bar = SignedInBar(page)
    bar.open_progress_menu()
    expect(bar.item(item), f"STEP 7: 「進度查詢」 has no item 「{item}」").to_be_visible()
    bar.choose(item)


@given("我在「就業金卡暫存 - 列表」頁")
def _(page):
    expect(open_drafts(page).heading, "STEP 8: 「就業金卡暫存 - 列表」 did not open").to_be_visible()


@then("我看到「就業金卡暫存 - 列表」")
def _(page):
    drafts = DraftsPage(page)
    expect(drafts.heading, "STEP 8: 「就業金卡暫存 - 列表」 did not open").to_be_visible()
    expect(drafts.add_applicant, "STEP 8: 「新增申請人」 is missing").to_be_visible()


@when("我點選「新增申請人」")
def _(page):
    drafts = DraftsPage(page)
    expect(drafts.add_applicant, "STEP 8: 「新增申請人」 is missing").to_be_visible()
    drafts.add_applicant.click()
    expect(ApplicantDialog(page).dialog, "STEP 9: the dialog 「新增申請人」 did not open").to_be_visible()


@when("我勾選「同意」")
def _(page):
    ApplicantDialog(page).agree.check()


@when("我回答持有就業金卡的問題並輸入統一證號和出生日期")
def _(page, applicant):
    ApplicantDialog(page).reapply_with(applicant.ui_number, applicant.display_typed_birth_date)


@then("系統立即確認我符合重新申請資格")
def _(page):
    dialog = ApplicantDialog(page)
    expect(dialog.eligibility, "STEP 10 / R-RENEW-EXPIRED: an expired card was not accepted").to_contain_text(
        "符合重新申請資格")
    expect(dialog.question(IN_TAIWAN), "STEP 11: the follow-up questions did not appear").to_be_visible()


@then(parsers.parse("系統說明「{reason}」，且無法按「確定」"))
def _(page, reason):
    dialog = ApplicantDialog(page)
    expect(dialog.messages.filter(has_text=reason), f"STEP 10-11: no message saying 「{reason}」").to_be_visible()
    expect(dialog.confirm, "STEP 10-11: 「確定」 is enabled for an applicant who may not apply").to_be_disabled()


@then("系統不再詢問其餘問題")
def _(page):
    expect(ApplicantDialog(page).question(IN_TAIWAN), "STEP 11 appeared for an applicant who may not re-apply"
           ).to_be_hidden()


@then("系統指引改用「就業金卡延期申請」")
def _(page):
    expect(ApplicantDialog(page).eligibility.get_by_role("link", name="就業金卡延期申請"),
           "R-RENEW-VALID: no pointer to 「就業金卡延期申請」 inside the four months").to_be_visible()


@then("系統沒有指引改用「就業金卡延期申請」")
def _(page):
    expect(ApplicantDialog(page).eligibility.get_by_role("link", name="就業金卡延期申請"),
           "R-RENEW-VALID: pointed to 延期申請 before the four months").to_have_count(0)


@when("我回答其餘問題")
def _(page, applicant):
    """STEP 11's questions, answered for this applicant applying in Taiwan after a
    visa-exempt entry; then wait until the portal has judged them (「確定」 enabled, or a
    reason given)."""
    dialog = ApplicantDialog(page)
    dialog.answer_follow_ups(roc_national=applicant.roc_national, household_in_taiwan=applicant.household_in_taiwan,
                             moved_out=applicant.moved_out, entry_document=VISA_EXEMPT)
    expect(dialog.stay_reminder, f"STEP 11: no stay-limit reminder for {VISA_EXEMPT}").to_be_visible()
    dialog.wait_for_verdict()


@when(parsers.parse("我在「{dialog}」對話框按「確定」"))
def _(page, dialog):
    assert dialog in CONFIRMS, f"no dialog 「{dialog}」 here; known: {'、'.join(CONFIRMS)}"
    confirm = CONFIRMS[dialog](page)
    expect(confirm, f"STEP 11-12: 「確定」 of 「{dialog}」 is not enabled").to_be_enabled()
    confirm.click()


@then("系統接著顯示「系統使用聲明事項(就業金卡部分)」")
def _(page):
    expect(DeclarationDialog(page).dialog,
           "STEP 11-12 / R-HOUSEHOLD: the applicant was not let on to the declaration").to_be_visible()


@when("我勾選「同意上述條款，請打勾。」並按「確定」")
def _(page):
    declaration = DeclarationDialog(page)
    expect(declaration.dialog, "STEP 12: the declaration did not open").to_be_visible()
    declaration.accept()


@then(parsers.parse("「系統使用聲明事項(就業金卡部分)」列出 {count:d} 條聲明事項"))
def _(page, count):
    declaration = DeclarationDialog(page)
    expect(declaration.dialog, "STEP 12: the declaration did not open").to_be_visible()
    expect(declaration.clauses, f"STEP 12: the declaration does not have {count} clauses").to_have_count(count)


@then("我看到「就業金卡申請 - 新增」申請書")
def _(page):
    form = ApplicationForm(page)
    expect(form.heading, "STEP 13: the form 「就業金卡申請 - 新增」 did not open").to_have_text("就業金卡申請 - 新增")
    expect(form.tabs, "STEP 13: the form's tabs are not 基本資料, 護照資料, 居留申請, 領域專長, 文件上傳 in order"
           ).to_have_text(list(TABS))


def fill_form(page, applicant) -> dict[str, str]:
    """Every field of the first four tabs from the applicant; returns what was typed."""
    form = ApplicationForm(page)
    typed = form_values(applicant)
    form.fill(typed)
    form.choose_category(applicant.category)
    typed["申請資格"] = form.value("申請資格")
    return typed


@given("我逐一填寫每個頁籤的必填欄位", target_fixture="typed")
@when("我逐一填寫每個頁籤的必填欄位", target_fixture="typed")
def _(page, applicant):
    return fill_form(page, applicant)


def upload_documents(page, replacements: dict[str, tuple[str, bytes, str]] | None = None) -> None:
    """Upload a small PNG for every document listed, or the given file instead for some."""
    form = ApplicationForm(page)
    form.open_tab("文件上傳")
    names = form.document_names()
    assert names, "STEP 14: 「應檢附文件」 lists no documents for the chosen field and category"
    for name in names:
        filename, content, mime = (replacements or {}).get(name, (f"{name}.png", files.png(), "image/png"))
        form.upload(name, filename, content, mime)


@when("我在「文件上傳」頁籤上傳每份應檢附文件")
def _(page):
    upload_documents(page)


def press_save(page, applicant, saved_drafts) -> None:
    """「儲存」, noted first in the scenario's ledger: whatever the portal makes of it, a draft
    it keeps is deleted when the scenario ends (conduct)."""
    saved_drafts.save_attempted(draft_name(applicant))
    ApplicationForm(page).save()


def draft_name(applicant) -> str:
    """How 「就業金卡暫存 - 列表」 names a draft: 英文名字 and 英文姓氏."""
    return f"{applicant.given_name} {applicant.surname}".upper()


@when("我按「儲存」")
def _(page, applicant, saved_drafts):
    press_save(page, applicant, saved_drafts)


@then("我看到「儲存功能」的「儲存成功」訊息")
def _(page):
    dialog = ApplicationForm(page).saved_dialog
    expect(dialog, "STEP 15: no 「儲存功能」 dialog after 「儲存」").to_be_visible()
    expect(dialog, "STEP 15: the save dialog does not say 「儲存成功」").to_contain_text("儲存成功")


@when("我按「確定」")
def _(page):
    ApplicationForm(page).confirm_saved()


@then("我看到「就業金卡申請 - 編輯」預覽，內容與我填寫的相同")
def _(page, typed):
    preview = PreviewPage(page)
    expect(preview.heading, "STEP 16: the preview did not open").to_have_text("就業金卡申請 - 編輯")
    for label, value in typed.items():
        expect(preview.value(label), f"STEP 16: 「{label}」 in the preview differs from what was typed"
               ).to_have_text(value)
    expect(preview.submit_button, "STEP 16: 「送出」 is missing").to_be_visible()


@when("我點選「送出」")
def _(page, target):
    permit_destructive(target, "press 「送出」")
    PreviewPage(page).submit()


def roc_years(request, target) -> list[str]:
    """The ROC year(s) the portal's date may be in: the bundled portal's clock says; on
    another target the machine's date within a day either side stands in for it."""
    if target.bundled:
        days = [request.getfixturevalue("control").now().date()]
    else:
        days = [date.today() + timedelta(days=d) for d in (-1, 0, 1)]
    return sorted({f"{day.year - ROC_EPOCH:03d}" for day in days})


def check_application_number(request, page, target, digits: int) -> str:
    """STEP 17: the finished page, a 申請案號 of `digits` digits (as the feature says)
    starting with the ROC year, and 「前往線上繳費」; returns the number."""
    done = DonePage(page)
    expect(done.heading, "STEP 17 / R-SUBMIT: the finished page did not open").to_be_visible()
    number = done.number()
    assert re.fullmatch(rf"\d{{{digits}}}", number), f"STEP 17 / R-SUBMIT: 申請案號 {number!r} is not {digits} digits"
    years = roc_years(request, target)
    assert number[:3] in years, f"R-SUBMIT: 申請案號 {number} does not start with the ROC year {' or '.join(years)}"
    expect(done.to_payment, "STEP 17: 「前往線上繳費」 is missing").to_be_visible()
    return number


@then(parsers.parse("畫面顯示 {digits:d} 位數的申請案號"), target_fixture="application_number")
def _(request, page, target, digits):
    return check_application_number(request, page, target, digits)


@then("「新申請案件」列出此案，狀態為「待繳費」")
def _(page, application_number):
    home = open_home(page)
    expect(home.case(application_number), "R-SUBMIT: the application is not in 「新申請案件」 as 待繳費"
           ).to_contain_text("待繳費")


@then("「線上繳費」列出此案及應繳金額")
def _(page, application_number):
    row = open_payment(page).row(application_number)
    expect(row, "R-SUBMIT: the payment page does not list the application").to_be_visible()
    expect(row, "R-SUBMIT: the payment page shows no fee").to_contain_text("新臺幣")


@then("「就業金卡暫存 - 列表」不再有這份暫存資料")
def _(page, applicant):
    drafts = open_drafts(page)
    expect(drafts.heading, "STEP 8: 「就業金卡暫存 - 列表」 did not open").to_be_visible()
    expect(drafts.row(draft_name(applicant)), "R-SUBMIT: the submitted draft is still in the drafts list"
           ).to_have_count(0)
