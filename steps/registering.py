"""An account made for the scenario on a portal without a control API: registered the
guide's way (STEP 3's 「註冊帳號」 on the role's 「帳號登入」) and confirmed by the link in
the mail the portal sends, read from the target's mailbox. The registration scenarios
type the same form; the other scenarios that lock or reset their account start this way."""

from __future__ import annotations

from playwright.sync_api import expect

from pages.account_forms import RegisterPage
from pages.login import LoginPage

from .navigation import open_login


def fill_registration(page, applicant) -> None:
    """From 「帳號登入」: 「註冊帳號」 and its form, until the portal says it mailed the link."""
    LoginPage(page).register.click()
    RegisterPage(page).submit(帳號=applicant.account, 姓名=applicant.name, 電子郵件=applicant.email,
                              密碼=applicant.password, 確認密碼=applicant.password)
    expect(LoginPage(page).notice, "R-REGISTER: registering did not say a confirmation mail was sent"
           ).to_contain_text("認證信")


def confirmation_links(mailbox, applicant, count: int = 1) -> list[str]:
    """The link of each confirmation mail to the applicant, oldest first, once `count` came."""
    mails = mailbox.wait_for(applicant.email, matching=lambda m: bool(m.links), count=count,
                             what="R-REGISTER confirmation mail (one with a link)")
    return [m.links[0] for m in mails]


def register_through_the_portal(page, target, mailbox, applicant) -> None:
    """STEP 1-4 to the role's 「帳號登入」, 「註冊帳號」, then the mailed link: the account can
    log in when this returns."""
    open_login(page, target, applicant.role)
    fill_registration(page, applicant)
    page.goto(confirmation_links(mailbox, applicant)[-1])     # as a reader clicks it in their mail
    expect(LoginPage(page).heading, "R-REGISTER: the confirmation link did not lead to 「帳號登入」").to_be_visible()
