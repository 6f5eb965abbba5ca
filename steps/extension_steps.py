"""R-EXTEND-WINDOW: 「就業金卡延期申請」 answers by the card's validity."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from pages.extension import ExtensionPage


@when("我輸入統一證號和出生日期查詢能否延期")
def _(page, applicant):
    extension = ExtensionPage(page)
    expect(extension.heading, "「就業金卡延期申請」 did not open").to_be_visible()
    extension.check(applicant.ui_number, applicant.display_typed_birth_date)


@then(parsers.parse("延期申請頁回答「{answer}」"))
def _(page, answer):
    expect(ExtensionPage(page).answer, f"R-EXTEND-WINDOW: the answer should say 「{answer}」").to_contain_text(answer)
