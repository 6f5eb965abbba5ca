"""STEP 4: choose who applies: 「外國人自行申請」, 「雇主提出申請」, 「委託代辦機構提出申請」."""

from __future__ import annotations

from playwright.sync_api import Page


class RolesPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="我要申請 登入系統")

    def role(self, label: str):
        return self.page.get_by_role("link", name=label, exact=True)

    def choose(self, label: str) -> None:
        self.role(label).click()
