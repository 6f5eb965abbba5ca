"""Time (R-SESSION-30, R-DRAFT-30): moving both clocks, the countdown, and what a
session that ran out leaves behind."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from pages.components.signed_in_bar import SignedInBar
from pages.login import LoginPage

from .navigation import open_drafts

UNITS = {"秒": "seconds", "分鐘": "minutes", "天": "days"}
READ_WITHIN_S = 60       # the countdown is read within a minute of login
COUNTDOWN = re.compile(r"^\d{2}:\d{2}$")
TICK_WAIT_MS = 5_000     # a countdown that ticks each second changes well within this


def shown(seconds: int) -> str:
    """Seconds as the countdown writes them: mm:ss."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def seconds(mm_ss: str) -> int:
    """mm:ss as the guide and the countdown write it, in seconds."""
    minutes, secs = mm_ss.split(":")
    return int(minutes) * 60 + int(secs)


@pytest.fixture
def visited() -> dict[str, str]:
    """Addresses the browser showed during the scenario, by screen."""
    return {}


def move_time(page, clocks, delta: timedelta, visited: dict[str, str]) -> None:
    """Move both clocks with the page living through it; a signed-in page's address is
    noted first, for a later look at what the old session still reaches."""
    if SignedInBar(page).seconds_left() is not None:
        visited["signed_in"] = page.url
    clocks.move(delta, page)


@when(parsers.re(r"時間又?過了 (?P<amount>\d+) (?P<unit>秒|分鐘|天)"))
def _(page, clocks, visited, amount, unit):
    move_time(page, clocks, timedelta(**{UNITS[unit]: int(amount)}), visited)


@when(parsers.re(r"時間又?過了 (?P<minutes>\d+) 分 (?P<seconds>\d+) 秒"))
def _(page, clocks, visited, minutes, seconds):
    move_time(page, clocks, timedelta(minutes=int(minutes), seconds=int(seconds)), visited)


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
def _(page, visited):
    """From the menu while there is one; once signed out, by the address the browser was at
    when it showed the list's page before (the portal's own URL, read off the browser), so
    the old session's request reaches the server (R-SESSION-30)."""
    bar, login = SignedInBar(page), LoginPage(page)
    expect(bar.menu.or_(login.heading).first, "neither a signed-in page nor 「帳號登入」 is showing").to_be_visible()
    if bar.menu.is_visible():
        open_drafts(page)
        visited["drafts"] = page.url
    else:
        page.goto(visited.get("drafts") or visited["signed_in"])


@then("我可以開啟「就業金卡暫存 - 列表」")
def _(page):
    expect(open_drafts(page).heading, "「就業金卡暫存 - 列表」 did not open").to_be_visible()


@when("我再次登入並開啟「就業金卡暫存 - 列表」")
def _(page, sign_in, applicant):
    sign_in(applicant)
    open_drafts(page)


@then(parsers.re(r"右上方的登出倒數從 (?P<start>\d{2}:\d{2}) 開始"))
def _(page, start):
    """The guide's start exactly where the clocks stand still; on a real clock, the seconds
    since login may already be gone (read within a minute)."""
    bar = SignedInBar(page)
    expect(bar.countdown, "STEP 6: there is no countdown at the top right").to_have_text(COUNTDOWN)
    left, full = bar.seconds_left(), seconds(start)
    assert full - READ_WITHIN_S <= left <= full, (
        f"STEP 6 / R-SESSION-30: the countdown reads {shown(left)} right after login, not {start}")


@then("過幾秒後登出倒數變少了")
def _(page):
    """On the real clock: wait for the countdown's text to change, then read it again."""
    bar = SignedInBar(page)
    first = bar.seconds_left()
    expect(bar.countdown, "STEP 6 / R-SESSION-30: the countdown stood still").not_to_have_text(
        shown(first), timeout=TICK_WAIT_MS)
    second = bar.seconds_left()
    assert second < first, f"STEP 6 / R-SESSION-30: the countdown went from {first} s up to {second} s"
