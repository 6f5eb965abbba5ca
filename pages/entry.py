"""STEP 1-2: the platform's entry page with 「線上申辦項目」 and the 「公布欄」."""

from __future__ import annotations

from playwright.sync_api import Page


class EntryPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.site_menu = page.get_by_role("navigation", name="網站導覽")
        self.services_heading = page.get_by_role("heading", name="線上申辦項目")
        self.services = page.get_by_role("region", name="線上申辦項目")
        self.bulletin_heading = page.get_by_role("heading", name="公布欄")
        self.bulletin = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="公告單位"))

    def open(self, entry_path: str) -> EntryPage:
        """The one address the harness knows: the target's entry path (STEP 1)."""
        self.page.goto(entry_path)
        return self

    def header_text(self, text: str):
        return self.page.get_by_role("banner").get_by_text(text, exact=True)

    def site_link(self, label: str):
        return self.site_menu.get_by_role("link", name=label, exact=True)

    def service(self, label: str):
        """An icon of 「線上申辦項目」, e.g. 「就業金卡」."""
        return self.services.get_by_role("link", name=label, exact=True)

    def open_service(self, label: str) -> None:
        self.service(label).click()
