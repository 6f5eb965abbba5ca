"""STEP 8 「就業金卡暫存 - 列表」 and R-DRAFT-30: a saved draft, then 「檢視」「編輯」「刪除」."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from harness.conduct import ConductError, DraftLedger
from pages.applicant_dialog import ApplicantDialog
from pages.application_form import ApplicationForm
from pages.components.signed_in_bar import SignedInBar
from pages.declaration_dialog import DeclarationDialog
from pages.drafts import DraftsPage
from pages.login import LoginPage
from pages.preview import PreviewPage

from .application_steps import draft_name, fill_form, press_save, upload_documents
from .navigation import open_drafts, sign_in


@pytest.fixture
def saved_drafts(request, target, page) -> DraftLedger:
    """The drafts this scenario saved. On a target that is not the bundled portal they are
    deleted when the scenario ends, pass or fail, before its page closes; on the bundled
    portal the control API's reset clears them."""
    clean_up = None if target.bundled else (lambda names: delete_drafts(request, page, target, names))
    return DraftLedger(clean_up, register=request.addfinalizer)


def delete_drafts(request, page, target, names: set[str]) -> None:
    """Sign in again if the session ended, then 「刪除」 every draft named in `names`;
    a draft left behind is an error of the scenario, naming it."""
    if not names:
        return
    close_dialogs(page)
    bar = SignedInBar(page)
    with contextlib.suppress(AssertionError):     # some other screen: sign in from the entry page
        expect(bar.menu.or_(LoginPage(page).heading).first).to_be_visible()
    if not bar.menu.is_visible():
        sign_in(page, target, request.getfixturevalue("captcha"), request.getfixturevalue("applicant"))
    drafts = open_drafts(page)
    expect(drafts.heading, "clean-up: 「就業金卡暫存 - 列表」 did not open").to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())     # a portal may ask "delete?" in a browser dialog
    left = []
    for name in sorted(names):
        rows = drafts.row(name)
        for _ in range(rows.count()):
            before = rows.count()
            drafts.action(name, "刪除").first.click()
            expect(rows, f"clean-up: 「刪除」 did not remove the draft 「{name}」").to_have_count(before - 1)
        if rows.count():
            left.append(name)
    if left:
        raise ConductError(f"left drafts behind on {target.name}: {', '.join(left)}")


def close_dialogs(page) -> None:
    """Whatever dialog a scenario left open (「儲存功能」, 「新增申請人」): 「取消」, else 「確定」."""
    dialogs = page.get_by_role("dialog").filter(visible=True)
    for _ in range(3):
        if not dialogs.count():
            return
        dialog = dialogs.first
        cancel = dialog.get_by_role("button", name="取消", exact=True)
        (cancel if cancel.count() else dialog.get_by_role("button", name="確定", exact=True)).click()
        expect(dialogs, "clean-up: a dialog would not close").to_have_count(0)


def start_form(page, applicant) -> None:
    """STEP 8-12 in one go, for scenarios about the form itself: the applicant applies
    from abroad, as a foreigner, so no follow-up question stops them."""
    drafts = open_drafts(page)
    expect(drafts.add_applicant, "STEP 8: 「新增申請人」 is missing").to_be_visible()
    drafts.add_applicant.click()
    dialog = ApplicantDialog(page)
    dialog.agree.check()
    dialog.reapply_with(applicant.ui_number, applicant.display_typed_birth_date)
    dialog.answer_follow_ups(roc_national=False, entry_document=None)
    dialog.wait_for_verdict()
    dialog.confirm.click()
    DeclarationDialog(page).accept()
    expect(ApplicationForm(page).heading, "STEP 13: the form did not open").to_have_text("就業金卡申請 - 新增")


@given("我已開始填寫就業金卡重新申請書")
def _(page, applicant):
    start_form(page, applicant)


@given("我已儲存一份完整的申請書", target_fixture="typed")
def _(page, applicant, saved_drafts):
    start_form(page, applicant)
    form = ApplicationForm(page)
    typed = fill_form(page, applicant)
    upload_documents(page)
    press_save(page, applicant, saved_drafts)
    expect(form.saved_dialog, "STEP 15: saving a complete form failed").to_be_visible()
    form.confirm_saved()          # 「確定」, as the reader does before anything else
    expect(form.saved_dialog, "STEP 15: 「確定」 did not close 「儲存功能」").to_be_hidden()
    return typed


@then("暫存列表有我的申請書")
def _(page, applicant):
    expect(DraftsPage(page).row(draft_name(applicant)), "R-DRAFT-30: the saved draft is not in the list"
           ).to_be_visible()


@then("暫存列表沒有我的申請書")
def _(page, applicant):
    drafts = DraftsPage(page)
    expect(drafts.heading).to_be_visible()
    expect(drafts.row(draft_name(applicant)), "STEP 8: the draft is still in the list").to_have_count(0)


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
def _(page, applicant, action):
    DraftsPage(page).action(draft_name(applicant), action).click()


@then("我看到暫存資料的內容，與我填寫的相同")
def _(page, typed):
    preview = PreviewPage(page)
    expect(preview.heading, "STEP 8: 「檢視」 did not open the draft").to_have_text("就業金卡申請 - 檢視")
    for label, value in typed.items():
        expect(preview.value(label), f"STEP 8: 「{label}」 differs from what was saved").to_have_text(value)


@then(parsers.parse("預覽的「{label}」是「{value}」"))
def _(page, label, value):
    expect(PreviewPage(page).value(label), f"STEP 16: 「{label}」 was not updated").to_have_text(value)
