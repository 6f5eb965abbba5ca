"""R-SUBMIT: 「送出」 turns a draft into an application with a 12-digit 申請案號 (STEP 16-17),
awaiting payment."""

from __future__ import annotations

from datetime import date

SERIAL_DIGITS = 9
ROC_EPOCH = 1911
AWAITING_PAYMENT = "待繳費"
FEE_TWD = 3100        # our choice: one fee for every application (the guide names none)


def roc_year(day: date) -> int:
    """民國 year: 2024 is 113."""
    return day.year - ROC_EPOCH


def application_number(day: date, serial: int) -> str:
    """ROC year in 3 digits, then a 9-digit serial: 12 digits, no separators."""
    if not 0 < serial < 10**SERIAL_DIGITS:
        raise ValueError(f"serial out of range: {serial}")
    return f"{roc_year(day):03d}{serial:0{SERIAL_DIGITS}d}"
