"""STEP 8: R-DRAFT-30, a draft is kept 30 days counting the day of its last save."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mock_portal.domain.drafts import DRAFT_KEPT_DAYS, draft_expired, last_day_kept

SAVED_ON = date(2026, 3, 2)   # day 1


def day(n: int) -> date:
    """Day n counting the day of the save as day 1."""
    return SAVED_ON + timedelta(days=n - 1)


def test_r_draft_30_kept_days_is_thirty():
    assert DRAFT_KEPT_DAYS == 30


def test_r_draft_30_last_day_kept_is_day_30():
    assert last_day_kept(SAVED_ON) == day(30) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("n", "expired"),
    [(1, False), (2, False), (29, False), (30, False), (31, True), (60, True)],
)
def test_r_draft_30_kept_through_day_30_gone_on_day_31(n, expired):
    assert draft_expired(SAVED_ON, day(n)) is expired


def test_r_draft_30_across_a_month_end():
    saved_on = date(2026, 2, 15)
    assert last_day_kept(saved_on) == date(2026, 3, 16)
    assert not draft_expired(saved_on, date(2026, 3, 16))
    assert draft_expired(saved_on, date(2026, 3, 17))
