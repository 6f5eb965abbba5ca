"""What every signed-in page carries (STEP 6-7): the countdown, the user's name and the
main menu with the 「進度查詢」 dropdown."""

from __future__ import annotations

from playwright.sync_api import Page


class SignedInBar:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.countdown = page.get_by_role("timer")
        self.menu = page.get_by_role("navigation", name="主選單")
        self.progress_button = self.menu.get_by_role("button", name="進度查詢", exact=True)
        self.logout_button = page.get_by_role("button", name="登出", exact=True)

    def seconds_left(self) -> int | None:
        """What the countdown shows, in seconds; None when there is no countdown (signed out)."""
        if not self.countdown.is_visible():
            return None
        minutes, _, seconds = self.countdown.inner_text().strip().partition(":")
        return int(minutes) * 60 + int(seconds)

    def item(self, label: str):
        """A menu link such as 「線上繳費」 or a dropdown item such as 「就業金卡申請或重新申請」."""
        return self.menu.get_by_role("link", name=label, exact=True)

    def open_progress_menu(self) -> None:
        self.progress_button.click()

    def choose(self, label: str) -> None:
        self.item(label).click()

    def choose_progress_item(self, label: str) -> None:
        """STEP 7: open 「進度查詢」, then pick an item of its dropdown."""
        self.open_progress_menu()
        self.choose(label)
