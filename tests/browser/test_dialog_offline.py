"""STEP 11: the dialog asks the portal whether the answers let the applicant go on. When
that call fails (a dropped connection), the dialog says so and keeps 「確定」 disabled; it
must not keep the failure as if it were the portal's verdict, or the applicant is stuck
until they change an answer. Here the call is dropped on purpose, then let through."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from harness.provisioning import enrol
from pages.applicant_dialog import ApplicantDialog
from pages.login import LoginPage
from tests.browser.portal_paths import open_drafts, open_login

ANSWERS = "**/goldcard/answers"
RETRY_AFTER_MS = 3000


@pytest.mark.browser
def test_a_dropped_answer_check_is_asked_again(applicant_factory, control, page: Page, base_url):
    applicant = enrol(control, applicant_factory.expired_card())
    page.clock.install()
    open_login(page, base_url, applicant.role)
    LoginPage(page).log_in(applicant.account, applicant.password, control.captcha_for(page))
    open_drafts(page, base_url).add_applicant.click()
    dialog = ApplicantDialog(page)
    dialog.agree.check()
    dialog.reapply_with(applicant.ui_number, applicant.display_typed_birth_date)
    expect(dialog.eligibility).to_contain_text("符合重新申請資格")

    page.route(ANSWERS, lambda route: route.abort())
    dialog.answer_follow_ups(roc_national=False, entry_document=None)
    expect(dialog.problem, "a dropped call is not reported").to_have_text("無法連線檢核資格，請稍後再試。")
    expect(dialog.confirm).to_be_disabled()

    page.unroute(ANSWERS)
    page.clock.run_for(RETRY_AFTER_MS)
    expect(dialog.confirm_enabled, "the dialog kept the dropped call as its verdict").to_be_visible()
    expect(dialog.problem).to_be_hidden()
