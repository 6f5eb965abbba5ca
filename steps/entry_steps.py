"""STEP 1-4: the entry page, the Gold Card introduction and the choice of role."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.intro import IntroPage
from pages.roles import RolesPage

from .navigation import open_entry
from .quoting import quoted


@given("我開啟外國專業人才申辦窗口平臺", target_fixture="entry_page")
@when("我開啟外國專業人才申辦窗口平臺", target_fixture="entry_page")
def _(page, target):
    return open_entry(page, target)


@when(parsers.parse("我在「線上申辦項目」中點選「{service}」圖示"))
def _(entry_page, service):
    entry_page.open_service(service)


@when("我點選「我要申請登入系統」")
def _(page):
    intro = IntroPage(page)
    expect(intro.heading, "STEP 3: the Gold Card introduction did not open").to_be_visible()
    intro.start_application()


@when(parsers.parse("我選擇「{role}」"))
def _(page, role):
    RolesPage(page).choose(role)


@then(parsers.parse("頁首顯示「{text}」"))
def _(entry_page, text):
    expect(entry_page.header_text(text), f"STEP 1: the header lacks 「{text}」").to_be_visible()


@then(quoted("上方連結有「{labels:Labels}」"))
def _(entry_page, labels):
    for label in labels:
        expect(entry_page.site_link(label), f"STEP 1: the top link 「{label}」 is missing").to_be_visible()


@then("畫面提醒建議使用 Google Chrome 或 Firefox 瀏覽器")
def _(page):
    expect(page.get_by_text("Google Chrome").first, "STEP 1: the browser notice is missing").to_be_visible()


@then(quoted("「線上申辦項目」有「{labels:Labels}」圖示"))
def _(entry_page, labels):
    for label in labels:
        expect(entry_page.service(label), f"STEP 2: the icon 「{label}」 is missing").to_be_visible()


@then(quoted("「公布欄」表格有「{labels:Labels}」欄位"))
def _(entry_page, labels):
    for label in labels:
        expect(entry_page.bulletin.get_by_role("columnheader", name=label, exact=True),
               f"STEP 2: the bulletin lacks the column 「{label}」").to_be_visible()


@then(quoted("我看到就業金卡簡介的「{sections:Labels}」段落"))
def _(page, sections):
    intro = IntroPage(page)
    for title in sections:
        expect(intro.section(title), f"STEP 3: the section 「{title}」 is missing").to_be_visible()
    expect(intro.apply_login, "STEP 3: the button 「我要申請登入系統」 is missing").to_be_visible()


@then(quoted("我看到三種申請人角色「{labels:Labels}」"))
def _(page, labels):
    roles = RolesPage(page)
    for label in labels:
        expect(roles.role(label), f"STEP 4: the role 「{label}」 is missing").to_be_visible()
