"""R-DRAFT-30: a saved draft, uploads included, is kept 30 days counting the day of its
last save, then deleted automatically (STEP 8's note)."""

from __future__ import annotations

from datetime import date, timedelta

DRAFT_KEPT_DAYS = 30   # R-DRAFT-30


def last_day_kept(saved_on: date, *, days: int = DRAFT_KEPT_DAYS) -> date:
    """Saved on day 1, kept through day 30."""
    return saved_on + timedelta(days=days - 1)


def draft_expired(saved_on: date, today: date, *, days: int = DRAFT_KEPT_DAYS) -> bool:
    """Gone on day 31."""
    return today > last_day_kept(saved_on, days=days)
