"""STEP 3: the Gold Card introduction, ending with the button 「我要申請登入系統」."""

from __future__ import annotations

import re

from playwright.sync_api import Page

APPLY_LOGIN = re.compile(r"^\s*我要申請\s*登入系統\s*$")   # the label may wrap after 「我要申請」


class IntroPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="就業金卡", exact=True)
        self.apply_login = page.get_by_role("button", name=APPLY_LOGIN)
        self.goldcard_site = page.get_by_role("link", name="台灣就業金卡網站")

    def section(self, title: str):
        return self.page.get_by_role("heading", name=title, exact=True)

    def start_application(self) -> None:
        self.apply_login.click()
