"""The bundled portal's --render-in-browser variant behaves as the real platform's front end
does, so that the harness can be proved against it: after the first page load no other
load happens (screens are fetched and swapped in, the URL moves with history.pushState,
back and forward work), and some of the form's labels are text beside their control with
no accessible name. If the variant quietly fell back to page loads or <label for>, a
guide run against it would prove nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from harness.control import Control
from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.http.render import UNLABELLED_IN_BROWSER
from mock_portal.policy import Policy
from pages.applicant_dialog import ApplicantDialog
from pages.application_form import ApplicationForm
from pages.components.signed_in_bar import SignedInBar
from pages.declaration_dialog import DeclarationDialog
from pages.drafts import DraftsPage
from pages.entry import EntryPage
from pages.intro import IntroPage
from pages.login import LoginPage
from pages.roles import RolesPage

ENTRY = "/coa-frontend/four-in-one/entry/main?lang=zh"
ACCOUNT = {"account": "spa2024", "password": "Spa2024pass", "email": "spa@example.com", "role": "foreigner",
           "name": "SPA USER"}
UI_NUMBER, BIRTH = "A800013146", date(1992, 5, 3)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture(scope="module")
def variant():
    running = start_in_thread(test_api=True, render_in_browser=True, policy=Policy(password_cost=FAST_COST))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args, variant):
    """The suite's browser settings, aimed at the variant instead of the bundled portal."""
    return {**browser_context_args, "base_url": variant.url}


@pytest.fixture
def control(variant) -> Control:
    client = Control(variant.url)
    client.reset()
    client.create_accounts(ACCOUNT)
    today = client.now().date()
    client.create_cards({"ui_number": UI_NUMBER, "birth_date": BIRTH.isoformat(), "field": "科技",
                         "valid_from": (today - timedelta(days=3 * 365)).isoformat(),
                         "valid_until": (today - timedelta(days=30)).isoformat()})
    return client


class Visit:
    """A page on the variant that counts its main frame's loads and where it has been."""

    def __init__(self, page: Page) -> None:
        self.page, self.loads, self.urls, self.navigated = page, [], [], []
        page.on("load", lambda loaded: self.loads.append(loaded.url))      # the main frame's load event
        page.on("framenavigated", lambda frame: frame is page.main_frame and self.navigated.append(frame.url))

    def arrived(self, heading) -> None:
        """The screen shows `heading`, at a URL of its own."""
        expect(heading).to_be_visible()
        assert not self.urls or self.page.url != self.urls[-1], f"the URL stayed {self.page.url}"
        self.urls.append(self.page.url)


@pytest.fixture
def visit(new_context) -> Visit:
    context = new_context()
    context.set_default_timeout(10_000)
    context.clock.install()           # the countdown's timers, moved by the test instead of waited for
    return Visit(context.new_page())


def walk_to_drafts(visit: Visit, control: Control) -> None:
    """STEP 1-8 as the guide's reader clicks them: entry, 就業金卡, 我要申請登入系統,
    外國人自行申請, log in, 進度查詢 > 就業金卡申請或重新申請."""
    page = visit.page
    page.goto(ENTRY)
    entry = EntryPage(page)
    visit.arrived(entry.services_heading)
    entry.open_service("就業金卡")
    intro = IntroPage(page)
    visit.arrived(intro.heading)
    intro.start_application()
    roles = RolesPage(page)
    visit.arrived(roles.heading)
    roles.choose("外國人自行申請")
    login = LoginPage(page)
    visit.arrived(login.heading)
    login.log_in(ACCOUNT["account"], ACCOUNT["password"], control.captcha_for(page))
    bar = SignedInBar(page)
    visit.arrived(bar.countdown)
    bar.choose_progress_item("就業金卡申請或重新申請")
    visit.arrived(DraftsPage(page).heading)


@pytest.mark.browser
def test_the_guide_s_walk_loads_one_page(visit: Visit, control):
    page = visit.page
    walk_to_drafts(visit, control)
    assert visit.loads == [visit.urls[0]], f"pages loaded after the first: {visit.loads[1:]}"
    assert visit.navigated == visit.urls, "each screen is one navigation of the main frame (pushState)"
    assert page.title() == "就業金卡暫存 - 列表"

    page.go_back()                                     # to the signed-in home
    expect(SignedInBar(page).countdown).to_be_visible()
    expect(DraftsPage(page).heading).to_have_count(0)
    assert page.url == visit.urls[-2]
    page.go_forward()
    expect(DraftsPage(page).heading).to_be_visible()
    assert page.url == visit.urls[-1]
    expect(DraftsPage(page).add_applicant, "the swapped-in screen is wired by portal.js").to_be_enabled()
    assert len(visit.loads) == 1, f"back/forward loaded pages: {visit.loads[1:]}"


@pytest.mark.browser
def test_the_countdown_signs_out_without_a_page_load(visit: Visit, control):
    walk_to_drafts(visit, control)
    visit.page.clock.fast_forward("30:00")            # STEP 6: 00:00 sends the browser to /timeout
    login = LoginPage(visit.page)
    expect(login.heading).to_be_visible()
    expect(login.notice).to_be_visible()             # 「已逾時登出」 or its like, from the portal
    assert "/login" in visit.page.url
    assert len(visit.loads) == 1, f"the sign-out loaded a page: {visit.loads[1:]}"


@pytest.mark.browser
def test_a_new_captcha_is_drawn_again(visit: Visit, control):
    """「換下一組」 swaps in a login screen whose image has the old one's URL: the document's
    image cache would show the old captcha, which no person (and no OCR) could then type."""
    page = visit.page
    page.goto("/login?role=foreigner")
    login = LoginPage(page)
    expect(login.captcha_image).to_be_visible()
    with page.expect_request(lambda request: "/captcha.svg" in request.url):
        login.new_captcha.click()
    expect(login.captcha_image).to_be_visible()
    assert len(visit.loads) == 1, f"「換下一組」 loaded a page: {visit.loads[1:]}"


@pytest.mark.browser
def test_some_form_labels_are_text_beside_their_control(visit: Visit, control):
    page = visit.page
    form = open_new_form(visit, control)
    for label in sorted(UNLABELLED_IN_BROWSER):
        expect(page.get_by_label(label, exact=True), f"「{label}」 has an accessible name").to_have_count(0)
        expect(page.get_by_role("textbox", name=label, exact=True)).to_have_count(0)
        expect(page.get_by_text(label, exact=True)).to_have_count(1)
    expect(page.get_by_label("英文姓氏", exact=True), "every other label is still tied").to_have_count(1)
    form.open_tab("護照資料")
    expect(page.get_by_text("護照號碼", exact=True)).to_be_visible()
    assert len(visit.loads) == 1, f"pages loaded after the first: {visit.loads[1:]}"


@pytest.mark.browser
def test_the_form_is_filled_by_label_where_some_labels_are_text_beside_their_control(visit: Visit, control):
    """ApplicationForm.fill reads each tab's named controls in one call; the labels that name
    no control (UNLABELLED_IN_BROWSER) must still be filled, by the text beside them."""
    form = open_new_form(visit, control)
    typed = {"英文姓氏": "DOE", "性別": "女", "護照號碼": "X12345678", "行動電話": "0912345678"}
    form.fill(typed)
    assert {label: form.value(label) for label in typed} == typed


@pytest.mark.browser
def test_a_multipart_save_with_a_file_stays_in_the_page(visit: Visit, control):
    page = visit.page
    form = open_new_form(visit, control)
    form.open_tab("領域專長")
    form.field("專長領域").select_option(label="科技")
    form.choose_category(None)
    form.open_tab("文件上傳")
    first = form.documents.get_by_role("listitem").first
    name = first.locator(".doc-name").inner_text()
    page.get_by_label(name, exact=True).set_input_files({"name": "passport.png", "mimeType": "image/png",
                                                         "buffer": PNG})
    form.save_button.click()                           # R-REQUIRED: the other fields are empty
    expect(form.problems).to_be_visible()
    assert page.url.endswith("/goldcard/apply/save")
    form.open_tab("文件上傳")
    expect(form.documents.get_by_text("已上傳：passport.png"), "the file reached the portal").to_be_visible()
    assert len(visit.loads) == 1, f"pages loaded after the first: {visit.loads[1:]}"


def open_new_form(visit: Visit, control: Control) -> ApplicationForm:
    """STEP 8-13: 新增申請人, the answers of an expired card's holder abroad, the declaration."""
    walk_to_drafts(visit, control)
    page = visit.page
    DraftsPage(page).add_applicant.click()
    dialog = ApplicantDialog(page)
    dialog.agree.check()
    dialog.reapply_with(UI_NUMBER, BIRTH.strftime("%Y/%m/%d"))
    dialog.answer_follow_ups(roc_national=False, entry_document=None)
    dialog.wait_for_verdict()
    dialog.confirm.click()
    DeclarationDialog(page).accept()
    form = ApplicationForm(page)
    visit.arrived(page.get_by_role("heading", name="就業金卡申請 - 新增"))
    return form
