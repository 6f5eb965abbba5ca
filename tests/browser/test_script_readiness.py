"""Controls that need the page's script (the 「進度查詢」 dropdown, 「新增申請人」, the form's
tabs) are disabled until the script has wired them. Before this, a click that came
between the page showing and its deferred script running was lost on a busy machine, and
STEP 7 failed now and then (found by scripts/flake_check.py). Here the script is held back
on purpose, so the window is as wide as the test wants, without waiting on any timer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from harness.provisioning import enrol
from pages.components.signed_in_bar import SignedInBar
from pages.drafts import DraftsPage
from pages.login import LoginPage
from tests.browser.portal_paths import open_login

SCRIPT = "**/static/portal.js"


class HeldScript:
    """Holds the page script's requests until `release`."""

    def __init__(self, page: Page) -> None:
        self.page, self.routes = page, []

    def hold(self) -> None:
        self.page.route(SCRIPT, self._keep)

    def _keep(self, route) -> None:
        self.routes.append(route)

    def release(self) -> None:
        while self.routes:
            self.routes.pop().continue_()
        self.page.unroute(SCRIPT, self._keep)


@pytest.mark.browser
def test_controls_wait_for_the_page_script(applicant_factory, control, page: Page, base_url):
    applicant = enrol(control, applicant_factory.expired_card())
    open_login(page, base_url, applicant.role)
    script = HeldScript(page)
    script.hold()
    LoginPage(page).log_in(applicant.account, applicant.password, control.captcha_for(page))

    bar = SignedInBar(page)                                   # STEP 6-7, script not run yet
    expect(bar.progress_button).to_be_visible()
    expect(bar.progress_button, "「進度查詢」 is usable before its script has run").to_be_disabled()
    script.release()
    bar.choose_progress_item("就業金卡申請或重新申請")

    drafts = DraftsPage(page)                                 # STEP 8, script held again
    script.hold()
    page.reload(wait_until="commit")
    expect(drafts.add_applicant).to_be_visible()
    expect(drafts.add_applicant, "「新增申請人」 is usable before its script has run").to_be_disabled()
    script.release()
    drafts.add_applicant.click()
    expect(page.get_by_role("dialog", name="新增申請人")).to_be_visible()
