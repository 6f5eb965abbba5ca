"""Getting to a screen the way the guide's reader does, from the entry page and the menus,
never by typing a URL: the real platform renders its screens in the browser, so the entry
path is the only address the harness knows (../shared/spec/targets.md)."""

from __future__ import annotations

import contextlib

from playwright.sync_api import expect

from pages.components.signed_in_bar import SignedInBar
from pages.drafts import DraftsPage
from pages.entry import EntryPage
from pages.home import HomePage
from pages.intro import IntroPage
from pages.login import LoginPage
from pages.payment import PaymentPage
from pages.roles import RolesPage

# The three applicant roles of STEP 4, as the guide names them and as profiles do.
ROLES = {"外國人自行申請": "foreigner", "雇主提出申請": "employer", "委託代辦機構提出申請": "agency"}
ROLE_LABELS = {code: label for label, code in ROLES.items()}
DRAFTS_ITEM = "就業金卡申請或重新申請"


def open_entry(page, target) -> EntryPage:
    """STEP 1: the entry page, waiting for what the guide shows there, not for a load event."""
    entry = EntryPage(page).open(target.entry_path)
    expect(entry.header_text("外國專業人才申辦窗口平臺"), "STEP 1: the platform's name is missing").to_be_visible()
    return entry


def open_login(page, target, role: str = "foreigner") -> LoginPage:
    """STEP 1-4 to the login page of `role` (a code: foreigner, employer, agency)."""
    open_entry(page, target).open_service("就業金卡")
    intro = IntroPage(page)
    expect(intro.apply_login, "STEP 3: 「我要申請登入系統」 is missing").to_be_visible()
    intro.start_application()
    RolesPage(page).choose(ROLE_LABELS[role])
    login = LoginPage(page)
    expect(login.heading, f"STEP 5: 「帳號登入」 did not open for 「{ROLE_LABELS[role]}」").to_be_visible()
    return login


def sign_in(page, target, captcha, applicant) -> None:
    """STEP 1-5 for the applicant, ending on a signed-in page (the countdown of STEP 6)."""
    login = open_login(page, target, applicant.role)
    captcha.log_in(login, applicant.account, applicant.password)
    expect(SignedInBar(page).countdown, "STEP 5: logging in did not reach a signed-in page").to_be_visible()


def signed_in_here(page) -> bool:
    """Whether the page shows a signed-in screen (the countdown of STEP 6) or, signed out,
    the portal's 「帳號登入」; waits for one of the two, not for a load."""
    bar, login = SignedInBar(page), LoginPage(page)
    with contextlib.suppress(AssertionError):
        expect(bar.countdown.or_(login.heading).first).to_be_visible()
    return bar.countdown.is_visible()


def restore_sign_in(page, target, kept) -> bool:
    """Start from a kept signed-in state: its cookies and local storage, then the address
    the login landed on. False when the portal no longer takes it as signed in."""
    page.context.add_cookies(list(kept.cookies))
    stored = [origin for origin in kept.origins if origin.get("localStorage")]
    if stored:       # local storage can only be written from a page of its origin
        open_entry(page, target)
        page.evaluate("""origins => { for (const o of origins) if (o.origin === location.origin)
            for (const item of o.localStorage) localStorage.setItem(item.name, item.value); }""", stored)
    page.goto(kept.landing)
    return signed_in_here(page)


def open_signed_in_session(page, target, opened: dict) -> None:
    """The bundled portal's control API opened a signed-in session: take its cookie and
    open the signed-in home it names."""
    cookie = opened["cookie"]
    page.context.add_cookies([{"name": cookie["name"], "value": cookie["value"], "url": target.base_url,
                               "httpOnly": True, "sameSite": "Lax"}])
    page.goto(opened["home"])
    expect(SignedInBar(page).countdown, "the control API's session is not signed in").to_be_visible()


def open_drafts(page) -> DraftsPage:
    """STEP 7: 「進度查詢」, then 「就業金卡申請或重新申請」, to 「就業金卡暫存 - 列表」."""
    SignedInBar(page).choose_progress_item(DRAFTS_ITEM)
    return DraftsPage(page)


def open_home(page) -> HomePage:
    """The signed-in home with 「新申請案件」, by the menu's 「待辦事項」."""
    SignedInBar(page).choose("待辦事項")
    return HomePage(page)


def open_payment(page) -> PaymentPage:
    SignedInBar(page).choose("線上繳費")
    return PaymentPage(page)
