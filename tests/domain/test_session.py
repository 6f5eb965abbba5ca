"""STEP 6: R-SESSION-30, the 30-minute login and its mm:ss countdown."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mock_portal.domain.session import SESSION_LENGTH, countdown_text, seconds_left, session_over

LOGIN = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Taipei"))


def test_r_session_30_length_is_thirty_minutes():
    assert timedelta(minutes=30) == SESSION_LENGTH


def test_r_session_30_countdown_starts_at_30_00():
    assert seconds_left(LOGIN, LOGIN) == 1800
    assert countdown_text(seconds_left(LOGIN, LOGIN)) == "30:00"


@pytest.mark.parametrize(
    ("elapsed", "left", "shown"),
    [
        (timedelta(0), 1800, "30:00"),
        (timedelta(milliseconds=500), 1800, "30:00"),          # rounded up
        (timedelta(seconds=1), 1799, "29:59"),
        (timedelta(minutes=29), 60, "01:00"),
        (timedelta(minutes=29, seconds=59, milliseconds=500), 1, "00:01"),
        (timedelta(minutes=30), 0, "00:00"),
        (timedelta(minutes=45), 0, "00:00"),                   # never below zero
    ],
)
def test_r_session_30_seconds_left(elapsed, left, shown):
    assert seconds_left(LOGIN, LOGIN + elapsed) == left
    assert countdown_text(left) == shown


@pytest.mark.parametrize(
    ("elapsed", "over"),
    [
        (timedelta(minutes=29, seconds=59), False),   # one second before
        (timedelta(minutes=29, seconds=59, milliseconds=999), False),
        (timedelta(minutes=30), True),                # at exactly 30 minutes the user is out
        (timedelta(hours=2), True),
    ],
)
def test_r_session_30_session_over(elapsed, over):
    assert session_over(LOGIN, LOGIN + elapsed) is over
