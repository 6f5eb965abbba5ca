"""Accounts around STEP 5: R-REGISTER (confirm the email before logging in, 「重發認證信」)
and R-PASSWORD-AGE (a password older than 90 days is changed before anything else)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from harness.conduct import permit_destructive, permit_fresh_account
from pages.account_forms import ChangePasswordPage, ResendConfirmationPage
from pages.login import LoginPage

from .registering import confirmation_links, fill_registration


@given("我是一位從未持有就業金卡的新使用者", target_fixture="applicant")
def _(provisioner):
    """Nobody has created this account: the scenario registers it."""
    return provisioner.newcomer()


@when("我按「註冊帳號」並填寫帳號、姓名、電子郵件和密碼")
def _(page, target, applicant):
    permit_destructive(target, "register an account")
    fill_registration(page, applicant)


@then("我收到帳號認證信")
def _(mailbox, applicant):
    confirmation_links(mailbox, applicant)


@then(parsers.parse("我收到第 {count:d} 封帳號認證信"))
def _(mailbox, applicant, count):
    links = confirmation_links(mailbox, applicant, count)
    assert len(links) == count, f"R-REGISTER: expected {count} confirmation mails, got {len(links)}"


@then("我看到帳號尚未完成認證的說明")
def _(page):
    login = LoginPage(page)
    expect(login.refusal, "R-REGISTER: an unconfirmed account got in").to_contain_text("認證")


@when("我點選認證信中的連結")
def _(page, mailbox, applicant):
    page.goto(confirmation_links(mailbox, applicant)[-1])


@when(parsers.parse("我點選第 {number:d} 封認證信中的連結"))
def _(page, mailbox, applicant, number):
    page.goto(confirmation_links(mailbox, applicant)[number - 1])


@then("我看到認證連結無效的說明")
def _(page):
    expect(LoginPage(page).notice, "R-REGISTER: an old confirmation link still worked").to_contain_text("無效")


@when("我按「重發認證信」並填寫帳號和電子郵件")
def _(page, applicant):
    LoginPage(page).resend.click()
    ResendConfirmationPage(page).submit(帳號=applicant.account, 電子郵件=applicant.email)


@given(parsers.parse("我的密碼已 {days:d} 天未更換"))
def _(control, clocks, applicant, days):
    changed = clocks.now - timedelta(days=days)
    control.create_accounts(applicant.account_payload(password_changed_at=changed.isoformat()))


@then("我看到「更換密碼」頁")
def _(page):
    expect(ChangePasswordPage(page).heading, "R-PASSWORD-AGE: an old password was not sent to 「更換密碼」"
           ).to_be_visible()


@when("我輸入新密碼兩次後按「送出」")
def _(page, target, applicant):
    permit_fresh_account(target, "change a password", applicant)
    new = applicant.password + "x9"
    ChangePasswordPage(page).submit(新密碼=new, 確認新密碼=new)
