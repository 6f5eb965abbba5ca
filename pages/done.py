"""STEP 17: 「就業金卡申請 - 資料填寫完成說明」 with the 申請案號 and 「前往線上繳費」."""

from __future__ import annotations

from playwright.sync_api import Page


class DonePage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="就業金卡申請 - 資料填寫完成說明")
        self.application_number = page.get_by_label("申請案號", exact=True)
        self.to_payment = page.get_by_role("button", name="前往線上繳費")

    def number(self) -> str:
        return self.application_number.inner_text().strip()
