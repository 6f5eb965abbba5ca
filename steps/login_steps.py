"""STEP 5 「帳號登入」 and its rules: R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-ROLE, and the
「忘記密碼?」 mail that unlocks an account. The captcha is read the target's way
(harness/captcha.py); what would lock or reset an account runs only on one made for the
scenario (harness/conduct.py)."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from harness.conduct import permit_fresh_account
from pages.account_forms import ForgotPasswordPage
from pages.components.signed_in_bar import SignedInBar
from pages.login import LoginPage

from .navigation import ROLES, open_login
from .quoting import quoted

NEW_PASSWORD = re.compile(r"新密碼[：:]\s*(\S+)")
CAPTCHA_CHANGE_S = 5.0    # how long a new captcha image may take to show


@given("我在「帳號登入」頁")
def _(page, target, applicant):
    open_login(page, target, applicant.role)


@given(parsers.parse("我在「{role}」的「帳號登入」頁"))
def _(page, target, role):
    open_login(page, target, ROLES[role])


@given(parsers.parse("我已以「{role}」登入平臺"))
def _(sign_in, applicant, role):
    applicant.role = ROLES[role]
    sign_in(applicant)


@when("我輸入帳號、密碼和畫面顯示的驗證碼後按「登入」")
def _(page, applicant, captcha):
    captcha.log_in(LoginPage(page), applicant.account, applicant.password)


@given(parsers.parse("我連續輸入 {times:d} 次錯誤密碼"))
@when(parsers.parse("我連續輸入 {times:d} 次錯誤密碼"))
def _(page, target, applicant, captcha, times):
    permit_fresh_account(target, "type wrong passwords", applicant)
    login = LoginPage(page)
    for attempt in range(times):
        captcha.log_in(login, applicant.account, applicant.wrong_password())
        expect(login.refusal, f"R-LOGIN-LOCK: wrong password {attempt + 1} was not refused").to_be_visible()


@when(parsers.parse("我以錯誤的驗證碼連續按下「登入」 {times:d} 次"))
def _(page, applicant, captcha, times):
    login = LoginPage(page)
    for _ in range(times):
        login.log_in(applicant.account, applicant.password, captcha.wrong(login))
        expect(login.refusal, "R-LOGIN-CAPTCHA: a wrong captcha was not refused").to_contain_text("驗證碼")


@when("我以錯誤密碼按下「登入」")
def _(page, target, applicant, captcha):
    permit_fresh_account(target, "type a wrong password", applicant)
    captcha.log_in(LoginPage(page), applicant.account, applicant.wrong_password())


@then("我看到帳號已鎖定的說明")
def _(page):
    refusal = LoginPage(page).refusal
    expect(refusal, "R-LOGIN-LOCK: no message that the account is locked").to_contain_text("鎖定")
    expect(refusal, "R-LOGIN-LOCK: the lock message does not point to 「忘記密碼?」").to_contain_text("忘記密碼?")


@then("即使輸入正確密碼也仍停在「帳號登入」頁")
def _(page, applicant, captcha):
    login = LoginPage(page)
    captcha.log_in(login, applicant.account, applicant.password)
    expect(login.heading, "R-LOGIN-LOCK: the right password got past a lock").to_be_visible()
    expect(login.refusal, "R-LOGIN-LOCK: the right password was not refused as locked").to_contain_text("鎖定")


@then("我已登入平臺")
def _(page):
    expect(SignedInBar(page).countdown, "STEP 5: the right password and captcha did not sign in").to_be_visible()


@when("我按「登出」")
def _(page):
    SignedInBar(page).logout_button.click()
    expect(LoginPage(page).heading).to_be_visible()


@when("我在「忘記密碼?」輸入帳號和電子郵件")
def _(page, target, applicant):
    permit_fresh_account(target, "reset a password with 「忘記密碼?」", applicant)
    LoginPage(page).forgot_password.click()
    ForgotPasswordPage(page).submit(帳號=applicant.account, 電子郵件=applicant.email)


@then("我收到含「新密碼」的郵件", target_fixture="mailed_password")
def _(mailbox, applicant):
    mail = mailbox.newest(applicant.email, matching=lambda m: bool(NEW_PASSWORD.search(m.body)),
                          what="R-LOGIN-LOCK mail from 「忘記密碼?」 with 「新密碼」")
    return NEW_PASSWORD.search(mail.body).group(1)


@then("我能以郵件中的新密碼登入")
def _(page, applicant, captcha, mailed_password):
    captcha.log_in(LoginPage(page), applicant.account, mailed_password)
    expect(SignedInBar(page).countdown, "R-LOGIN-LOCK: the mailed password did not unlock the account").to_be_visible()


@then("我看到驗證碼錯誤的說明")
def _(page):
    expect(LoginPage(page).refusal, "R-LOGIN-CAPTCHA: no wrong-captcha message").to_contain_text("驗證碼")


@when("我按「換下一組」", target_fixture="old_captcha")
def _(page):
    login = LoginPage(page)
    old = login.captcha_image.screenshot(animations="disabled")
    login.new_captcha.click()
    return old


@then("畫面顯示另一組驗證碼")
def _(page, old_captcha):
    """Judged by what the reader sees, the image, so it holds whatever the strategy; the
    new image may take a moment to arrive, so it is shot until it differs or time is up."""
    image = LoginPage(page).captcha_image
    deadline = time.monotonic() + CAPTCHA_CHANGE_S
    changed = False
    while not changed and time.monotonic() < deadline:
        changed = image.screenshot(animations="disabled") != old_captcha
    assert changed, f"R-LOGIN-CAPTCHA: 「換下一組」 kept the same captcha image for {CAPTCHA_CHANGE_S:g} s"


@then(parsers.parse("我看到此帳號不屬於「{role}」的說明"))
def _(page, role):
    login = LoginPage(page)
    expect(login.refusal, f"R-ROLE: an account of another role was let in on 「{role}」").to_contain_text(role)
    expect(login.heading).to_be_visible()


@then(parsers.parse("登入頁說明「{text}」"))
def _(page, text):
    expect(page.get_by_text(text), f"STEP 5: the login page does not say 「{text}」").to_be_visible()


@then(quoted("登入頁有「{labels:Labels}」"))
def _(page, labels):
    login = LoginPage(page)
    for label in labels:
        expect(login.control(label), f"STEP 5: 「{label}」 is missing on 「帳號登入」").to_be_visible()
