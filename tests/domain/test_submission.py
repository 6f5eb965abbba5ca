"""STEP 17: R-SUBMIT's 申請案號, 12 digits: the ROC year in three, then a 9-digit serial."""

from __future__ import annotations

from datetime import date

import pytest

from mock_portal.domain.submission import AWAITING_PAYMENT, application_number, roc_year


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2024, 1, 1), 113), (date(2024, 12, 31), 113), (date(2026, 3, 2), 115), (date(2011, 1, 1), 100)],
)
def test_r_submit_roc_year(day, expected):
    assert roc_year(day) == expected


@pytest.mark.parametrize(
    ("day", "serial", "expected"),
    [
        (date(2024, 5, 1), 1, "113000000001"),
        (date(2024, 5, 1), 123456789, "113123456789"),
        (date(2024, 5, 1), 999_999_999, "113999999999"),   # the largest serial
        (date(2026, 3, 2), 42, "115000000042"),
        (date(1999, 1, 1), 7, "088000000007"),             # the ROC year padded to 3 digits
    ],
)
def test_r_submit_application_number(day, serial, expected):
    number = application_number(day, serial)
    assert number == expected
    assert len(number) == 12 and number.isdigit()


@pytest.mark.parametrize("serial", [0, -1, 1_000_000_000])
def test_r_submit_serial_out_of_range_raises(serial):
    with pytest.raises(ValueError, match="serial"):
        application_number(date(2024, 5, 1), serial)


def test_r_submit_status_is_awaiting_payment():
    assert AWAITING_PAYMENT == "待繳費"
