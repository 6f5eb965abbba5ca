"""R-SESSION-30: each login lasts 30 minutes from the moment of login; activity does
not extend it. The countdown at the top right of every signed-in page (STEP 6)
shows what is left."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

SESSION_LENGTH = timedelta(minutes=30)   # R-SESSION-30


def seconds_left(logged_in_at: datetime, now: datetime, *, length: timedelta = SESSION_LENGTH) -> int:
    """Seconds before the session ends, rounded up (so a fresh login shows 30:00), never
    below zero."""
    left = (logged_in_at + length - now).total_seconds()
    return max(0, math.ceil(left))


def session_over(logged_in_at: datetime, now: datetime, *, length: timedelta = SESSION_LENGTH) -> bool:
    """At 00:00 the user is out: the session ends at login + 30 minutes exactly."""
    return now >= logged_in_at + length


def countdown_text(seconds: int) -> str:
    """mm:ss, as the countdown shows it."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
