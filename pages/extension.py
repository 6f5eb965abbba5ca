"""「就業金卡延期申請」 (STEP 7's second dropdown item): is the card in its extension window?"""

from __future__ import annotations

from playwright.sync_api import Page

from .components.signed_in_bar import SignedInBar


class ExtensionPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bar = SignedInBar(page)
        self.heading = page.get_by_role("heading", name="就業金卡延期申請")
        self.ui_number = page.get_by_role("textbox", name="統一證號", exact=True)
        self.birth_date = page.get_by_role("textbox", name="出生日期", exact=True)
        self.check_button = page.get_by_role("button", name="查詢", exact=True)
        self.answer = page.get_by_role("main").get_by_role("status")

    def check(self, ui_number: str, birth_date: str) -> None:
        self.ui_number.fill(ui_number)
        self.birth_date.fill(birth_date)
        self.check_button.click()
