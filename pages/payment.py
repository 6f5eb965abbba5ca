"""「線上繳費」: the applications awaiting payment, each with its fee."""

from __future__ import annotations

from playwright.sync_api import Page

from .components.signed_in_bar import SignedInBar


class PaymentPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bar = SignedInBar(page)
        self.heading = page.get_by_role("heading", name="線上繳費")
        self.table = page.get_by_role("table")

    def row(self, number: str):
        return self.table.get_by_role("row").filter(has=self.page.get_by_role("cell", name=number, exact=True))
