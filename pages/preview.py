"""STEP 16: the read-only preview 「就業金卡申請 - 編輯」 with 「送出」 (and 「檢視」 of STEP 8,
which shows the same sections without 「送出」)."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from .components.signed_in_bar import SignedInBar


class PreviewPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bar = SignedInBar(page)
        self.heading = page.get_by_role("heading", level=1)
        self.submit_button = page.get_by_role("button", name="送出", exact=True)
        self.edit_button = page.get_by_role("button", name="返回修改")
        self.documents = page.get_by_role("region", name="文件上傳").get_by_role("listitem")

    def section(self, tab: str):
        return self.page.get_by_role("region", name=tab, exact=True)

    def value(self, label: str):
        """The shown value of a field, e.g. 「英文姓氏」."""
        term = self.page.get_by_role("term").filter(has_text=re.compile(rf"^\*?{re.escape(label)}$"))
        return term.locator("xpath=following-sibling::dd[1]").filter(visible=True)

    def document(self, name: str):
        return self.documents.filter(has_text=name)

    def submit(self) -> None:
        self.submit_button.click()
