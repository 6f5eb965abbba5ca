"""Issued Gold Cards and which one a 統一證號 + 出生日期 pair refers to. Shared by the
re-application check (R-RENEW-*), the extension page (R-EXTEND-WINDOW) and the
carried documents (R-CARRY-DOCS)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

EXTENSION_WINDOW_MONTHS = 4   # R-EXTEND-WINDOW, R-RENEW-VALID: "屆期前四個月內"


@dataclass(frozen=True)
class Card:
    ui_number: str
    birth_date: date
    valid_from: date
    valid_until: date          # the card's last valid day
    field: str
    category: str
    documents: tuple[str, ...] = ()

    def expired_on(self, today: date) -> bool:
        return today > self.valid_until


def latest_card(cards: Iterable[Card], ui_number: str, birth_date: date) -> Card | None:
    """The most recent card issued for this 統一證號 and 出生日期, if any; a wrong birth
    date finds nothing (the portal does not reveal that the number exists)."""
    matching = [c for c in cards if c.ui_number == ui_number.upper() and c.birth_date == birth_date]
    return max(matching, key=lambda c: c.valid_until, default=None)


def extension_opens_on(valid_until: date, *, months: int = EXTENSION_WINDOW_MONTHS) -> date:
    """Four months before expiry is the same day of the month four months earlier,
    or that month's last day when it is shorter."""
    month_index = valid_until.year * 12 + valid_until.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(valid_until.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def in_extension_window(card: Card, today: date, *, months: int = EXTENSION_WINDOW_MONTHS) -> bool:
    return extension_opens_on(card.valid_until, months=months) <= today <= card.valid_until
