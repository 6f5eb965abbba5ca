"""Signing in without walking STEP 1-5 every time. Most scenarios are about what happens
after login; typing the account, password and captcha through five screens before each
one costs about a second and proves nothing new. So a worker keeps one signed-in browser
state (Playwright's storage state: cookies and local storage, and the address the portal
landed on) per target and account, made by logging in through the guide's screens once,
and later scenarios of that account start from it.

Which way a scenario signs in follows from its tags (`way_to_sign_in`):
- a scenario about STEP 1-5 logs in through the login page, always;
- on the bundled portal every scenario has its own account, made for it, so nothing
  could be reused: the control API opens a signed-in session instead (one request);
- a scenario about the 30 minutes (STEP 6, R-SESSION-30) needs a session that starts
  now: it logs in through the login page, and its state is not kept (it may time out);
- everything else restores the kept state while it is young enough, else logs in.

A kept state is renewed once it is older than `RENEW_AFTER_S`, so a scenario that starts
from it still has ten minutes of the session's 30 ahead. States are keyed by target,
role, account and password: a second account never starts from the first one's state."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

GUIDE_SESSION_S = 30 * 60          # STEP 6 / R-SESSION-30, as the harness reads the guide
SCENARIO_ROOM_S = 10 * 60          # what a scenario may need of the session after it starts
RENEW_AFTER_S = GUIDE_SESSION_S - SCENARIO_ROOM_S

LOGIN_PAGE, CONTROL, RESTORE = "login page", "control API", "restored"
ABOUT_LOGIN = re.compile(r"^step-[1-5]$")
ABOUT_THE_SESSION = {"step-6", "r-session-30"}


def way_to_sign_in(tags: set[str], *, bundled: bool) -> str:
    """LOGIN_PAGE, CONTROL or RESTORE for a scenario with these tags (see the module's text)."""
    if any(ABOUT_LOGIN.match(tag) for tag in tags):
        return LOGIN_PAGE
    if bundled:
        return CONTROL
    if tags & ABOUT_THE_SESSION:
        return LOGIN_PAGE
    return RESTORE


@dataclass(frozen=True)
class SignedIn:
    """A signed-in browser, as Playwright's storage state plus where the portal landed."""

    cookies: tuple[dict, ...]
    origins: tuple[dict, ...]       # storage state's [{"origin", "localStorage": [{"name", "value"}]}]
    landing: str                    # the address the login ended on, as the portal gave it
    made_at: float                  # by the cache's clock (monotonic seconds)

    @classmethod
    def from_storage_state(cls, state: dict, landing: str, made_at: float) -> SignedIn:
        return cls(tuple(state.get("cookies", ())), tuple(state.get("origins", ())), landing, made_at)


def key_for(target, applicant) -> tuple[str, str, str, str, str]:
    """One kept state per target, role, account and password (a changed password is
    another key: the old state may be signed out)."""
    return (target.name, target.base_url, applicant.role, applicant.account, applicant.password)


class SignIns:
    """One worker's kept states and a tally of how each scenario signed in."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, renew_after_s: float = RENEW_AFTER_S) -> None:
        self.clock, self.renew_after_s = clock, renew_after_s
        self._kept: dict[tuple, SignedIn] = {}
        self.tally: Counter[str] = Counter()

    def usable(self, key: tuple) -> SignedIn | None:
        """The kept state for `key` if it is young enough; an old one is dropped."""
        kept = self._kept.get(key)
        if kept is not None and self.clock() - kept.made_at >= self.renew_after_s:
            self.forget(key)
            self.tally["renewed"] += 1
            return None
        return kept

    def keep(self, key: tuple, state: dict, landing: str) -> SignedIn:
        kept = SignedIn.from_storage_state(state, landing, self.clock())
        self._kept[key] = kept
        return kept

    def forget(self, key: tuple) -> None:
        self._kept.pop(key, None)

    def count(self, way: str) -> None:
        self.tally[way] += 1

    def summary(self) -> str:
        """'sign-ins: 3 through the login page, 12 restored, …' for the terminal."""
        order = (LOGIN_PAGE, RESTORE, CONTROL, "renewed", "restore failed")
        parts = [f"{self.tally[way]} {'through the ' if way == LOGIN_PAGE else 'by the ' if way == CONTROL else ''}"
                 f"{way}" for way in order if self.tally[way]]
        return "sign-ins: " + (", ".join(parts) if parts else "none")
