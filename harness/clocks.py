"""Time that moves in the portal and the browser together (R-SESSION-30, R-DRAFT-30), so
a scenario that needs 31 minutes or 31 days takes no time and the countdown shows exact
values. Only the bundled portal lends its clock (the control API)."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from pages.components.signed_in_bar import SignedInBar
from pages.login import LoginPage

from .control import Control


class Clocks:
    """The portal's clock and the browser's, stopped at the same second; from then on only
    `move` changes the time, on both sides at once."""

    def __init__(self, context, control: Control) -> None:
        self.context, self.control = context, control
        now = control.now().replace(microsecond=0)
        self.now = control.set_now(now, frozen=True)
        context.clock.pause_at(self.now)

    def move(self, delta: timedelta, page=None) -> None:
        """Move both clocks by `delta`. With the `page` on screen, the move is one the page
        lives through: its script must be running first (a countdown not started yet would
        start from 30:00 after the move and never reach 00:00; readiness shows as the
        menu's 「進度查詢」 becoming usable, it arrives disabled), and a move that reaches
        the countdown's 00:00 ends once the page has sent itself to 「帳號登入」, or the next
        step's navigation and that one would interrupt each other."""
        left = None
        if page is not None:
            bar = SignedInBar(page)
            if bar.countdown.is_visible():
                expect(bar.progress_button, "the page's script never made the menu usable").to_be_enabled()
            left = bar.seconds_left()
        self.now = self.control.advance(delta.total_seconds())
        self.context.clock.fast_forward(int(delta.total_seconds() * 1000))
        if left is not None and delta.total_seconds() >= left:
            expect(LoginPage(page).heading, "R-SESSION-30: at 00:00 the user was not signed out").to_be_visible()

    def today(self) -> date:
        return self.now.date()
