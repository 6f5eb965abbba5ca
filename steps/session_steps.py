"""Time (R-SESSION-30, R-DRAFT-30): moving both clocks, the countdown, and what a
session that ran out leaves behind."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from pages.components.signed_in_bar import SignedInBar
from pages.drafts import DraftsPage
from pages.login import LoginPage

UNITS = {"秒": "seconds", "分鐘": "minutes", "天": "days"}


def move_time(page, clocks, delta: timedelta) -> None:
    """Move both clocks. First the page's script must be running: a countdown it has not
    started yet would start from 30:00 after the move and never reach 00:00. When the move
    reaches the countdown's 00:00, the page sends itself to 「帳號登入」: wait for that
    navigation to land, or the next step's own navigation and this one interrupt each other."""
    page.wait_for_load_state("load")
    left = SignedInBar(page).seconds_left()
    clocks.move(delta)
    if left is not None and delta.total_seconds() >= left:
        expect(LoginPage(page).heading, "R-SESSION-30: at 00:00 the user was not signed out").to_be_visible()


@when(parsers.re(r"時間又?過了 (?P<amount>\d+) (?P<unit>秒|分鐘|天)"))
def _(page, clocks, amount, unit):
    move_time(page, clocks, timedelta(**{UNITS[unit]: int(amount)}))


@when(parsers.re(r"時間又?過了 (?P<minutes>\d+) 分 (?P<seconds>\d+) 秒"))
def _(page, clocks, minutes, seconds):
    move_time(page, clocks, timedelta(minutes=int(minutes), seconds=int(seconds)))


@then(parsers.parse("登出倒數顯示 {shown}"))
def _(page, shown):
    expect(SignedInBar(page).countdown, f"STEP 6 / R-SESSION-30: the countdown should read {shown}").to_have_text(shown)


@then("我回到「帳號登入」頁，並看到登入時間已結束的說明")
def _(page):
    login = LoginPage(page)
    expect(login.heading, "R-SESSION-30: at 00:00 the user was not sent to 「帳號登入」").to_be_visible()
    expect(login.notice, "R-SESSION-30: no message that the login time ended").to_contain_text("登入時間已結束")


@then("我回到「帳號登入」頁")
def _(page):
    expect(LoginPage(page).heading, "R-SESSION-30: the old session still reaches signed-in pages").to_be_visible()


@when("我開啟「就業金卡暫存 - 列表」")
def _(page, base_url):
    DraftsPage(page).open(base_url)


@then("我可以開啟「就業金卡暫存 - 列表」")
def _(page, base_url):
    expect(DraftsPage(page).open(base_url).heading, "「就業金卡暫存 - 列表」 did not open").to_be_visible()


@when("我再次登入並開啟「就業金卡暫存 - 列表」")
def _(page, base_url, applicant, control):
    login = LoginPage(page).open(base_url, applicant.role)
    login.log_in(applicant.account, applicant.password, control.captcha_for(page))
    expect(SignedInBar(page).countdown, "STEP 5: logging in again failed").to_be_visible()
    DraftsPage(page).open(base_url)
