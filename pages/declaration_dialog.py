"""STEP 12: the dialog 「系統使用聲明事項(就業金卡部分)」 with its 13 clauses."""

from __future__ import annotations

from playwright.sync_api import Page


class DeclarationDialog:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.get_by_role("dialog", name="系統使用聲明事項(就業金卡部分)")
        self.clauses = self.dialog.get_by_role("listitem")
        self.agree = self.dialog.get_by_role("checkbox", name="同意上述條款，請打勾。")
        self.confirm = self.dialog.get_by_role("button", name="確定", exact=True)
        self.cancel = self.dialog.get_by_role("button", name="取消", exact=True)

    def accept(self) -> None:
        self.agree.check()
        self.confirm.click()
