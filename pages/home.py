"""STEP 6-7: the signed-in home with 「待辦事項」, 「公告欄」 and 「新申請案件」."""

from __future__ import annotations

from playwright.sync_api import Page

from .components.signed_in_bar import SignedInBar


class HomePage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bar = SignedInBar(page)
        self.todo = page.get_by_role("region", name="待辦事項")
        self.news = page.get_by_role("region", name="公告欄")
        self.more = self.news.get_by_role("link", name="MORE")
        self.cases = page.get_by_role("region", name="新申請案件")
        self.case_rows = self.cases.get_by_role("row")

    def case(self, number: str):
        return self.cases.get_by_role("row").filter(has_text=number)
