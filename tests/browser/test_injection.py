"""Hostile input in a real Chromium: a script-injection payload typed into every text field
of the form (STEP 13) comes back as text, never as markup, on the refused form, the
preview (STEP 16), the drafts list (STEP 8), the payment page and 「新申請案件」 (STEP 17);
a POST without its CSRF token is refused; the session cookie is HttpOnly and SameSite; a
path-traversal URL gets 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from harness.provisioning import enrol
from mock_portal.domain import application_form as form
from pages.application_form import ApplicationForm
from pages.done import DonePage
from pages.preview import PreviewPage
from steps.application_steps import fill_form, upload_documents
from steps.draft_steps import start_form
from tests.browser.portal_paths import open_drafts, open_home, open_login, open_payment

PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>"
TEXT_LABELS = [f.label for f in form.FIELDS if f.kind in ("text", "date", "email")]
FORMAT_CHECKED = [f.label for f in form.FIELDS if f.kind in ("date", "email") or f.key == "ui_number"]
FREE_TEXT = [label for label in TEXT_LABELS if label not in FORMAT_CHECKED]
COOKIE = "coa_session"


def assert_inert(page: Page, where: str) -> None:
    """Nothing of the payload ran or became an element."""
    assert page.evaluate("() => window.__pwned") is None, f"{where}: the injected script ran"
    expect(page.locator("img[src='x'], img[src='X']"), f"{where}: the payload became an <img>").to_have_count(0)


@pytest.fixture
def signed_in_page(applicant_factory, control, page: Page, base_url):
    """Signed in as an applicant with an expired card. `applicant_factory` comes first: it
    stops both clocks (conftest's Clocks), which must happen before a page exists."""
    applicant = enrol(control, applicant_factory.expired_card())
    open_login(page, base_url, applicant.role).log_in(applicant.account, applicant.password,
                                                          control.captcha_for(page))
    expect(page.get_by_role("timer")).to_be_visible()
    return page, applicant


@pytest.mark.browser
def test_a_script_payload_in_every_text_field_is_shown_as_text(signed_in_page, base_url):
    page, applicant = signed_in_page
    start_form(page, applicant)
    application = ApplicationForm(page)
    typed = fill_form(page, applicant)
    upload_documents(page)
    application.fill(dict.fromkeys(TEXT_LABELS, PAYLOAD))
    application.save()

    # Refused (dates, email, 統一證號 cannot hold it): every field still holds the text as typed.
    expect(application.problems, "the payload in a date or email field was accepted").to_be_visible()
    for label in TEXT_LABELS:
        expect(application.field(label), f"「{label}」 lost or altered the payload").to_have_value(PAYLOAD)
    assert_inert(page, "the refused form")

    application.fill({label: typed[label] for label in FORMAT_CHECKED})
    application.save()
    expect(application.saved_dialog, "STEP 15: the payload in free-text fields was refused").to_be_visible()
    application.confirm_saved()
    preview = PreviewPage(page)
    expect(preview.heading).to_have_text("就業金卡申請 - 編輯")
    for label in FREE_TEXT:
        expect(preview.value(label), f"STEP 16: 「{label}」 is not shown as the text typed").to_have_text(PAYLOAD)
    assert_inert(page, "the preview")
    preview_url = page.url

    name = f"{PAYLOAD} {PAYLOAD}".upper()          # 申請名稱: given name and surname in capitals
    drafts = open_drafts(page, base_url)
    expect(drafts.row(name), "STEP 8: the draft's name is not shown as text").to_be_visible()
    assert_inert(page, "the drafts list")

    page.goto(preview_url)
    preview.submit()
    number = DonePage(page).number()
    payment = open_payment(page, base_url)
    expect(payment.row(number), "the payment page does not list the application").to_contain_text(name)
    assert_inert(page, "the payment page")
    home = open_home(page, base_url)
    expect(home.case(number), "「新申請案件」 does not show the name as text").to_contain_text(name)
    assert_inert(page, "the home page")


@pytest.mark.browser
def test_a_post_without_its_csrf_token_is_refused(signed_in_page, base_url):
    page, _ = signed_in_page
    open_drafts(page, base_url)
    status = page.evaluate("""async () => (await fetch('/logout', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'x=1'})).status""")
    assert status == 403, f"a form POST without its CSRF token got {status}"
    forged = page.context.request.post(base_url + "/goldcard/apply/start", form={"declaration": "agree"},
                                       max_redirects=0)
    assert forged.status == 403
    expect(open_drafts(page, base_url).heading, "the refused POST signed the user out").to_be_visible()


@pytest.mark.browser
def test_the_session_cookie_is_httponly_and_samesite(page: Page, base_url):
    page.goto(base_url + "/login")
    [cookie] = [c for c in page.context.cookies(base_url) if c["name"] == COOKIE]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] in ("Lax", "Strict")
    assert cookie["path"] == "/"
    assert COOKIE not in page.evaluate("() => document.cookie"), "a script can read the session cookie"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/static/../mock_portal/app.py", "/static/%2e%2e/mock_portal/app.py",
                                  "/static/..%2fmock_portal%2fapp.py", "/static/%2e%2e/%2e%2e/etc/passwd"])
def test_a_path_traversal_url_gets_404(page: Page, base_url, path):
    response = page.goto(base_url + path)
    assert response.status == 404, f"{path} answered {response.status}"
    assert "import " not in page.content() and "root:" not in page.content()
    direct = page.context.request.get(base_url + path)
    assert direct.status == 404 and b"import " not in direct.body()
