"""STEP 8: 「就業金卡暫存 - 列表」: 「新增申請人」 and the saved drafts with 「檢視」「編輯」「刪除」."""

from __future__ import annotations

from playwright.sync_api import Page

from .components.signed_in_bar import SignedInBar


class DraftsPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bar = SignedInBar(page)
        self.heading = page.get_by_role("heading", name="就業金卡暫存 - 列表")
        self.add_applicant = page.get_by_role("button", name="新增申請人")
        self.table = page.get_by_role("table")
        self.rows = self.table.get_by_role("row")
        self.note = page.get_by_text("尚未送出的暫存資料")
        self.notice = page.get_by_role("status")

    def row(self, name: str):
        return self.table.get_by_role("row").filter(has=self.page.get_by_role("cell", name=name, exact=True))

    def action(self, name: str, label: str):
        """「檢視」, 「編輯」 or 「刪除」 on the draft named `name`."""
        return self.row(name).get_by_role("button", name=label, exact=True)
