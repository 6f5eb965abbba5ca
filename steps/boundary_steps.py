"""Phrases of features/boundaries.feature: a portal date that every month has, and cards
that end exactly on a rule's boundary (註1's four months, a card's last valid day) or
carry an old-format 統一證號. Everything else those scenarios say reuses other modules'
phrases."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from pytest_bdd import given, parsers

from harness.provisioning import enrol

EXPIRY = re.compile(r"^(?:(?P<today>今天)|(?P<yesterday>昨天)|在 (?P<months>\d+) 個月(?:又 (?P<days>\d+) 天)?後)$")


def months_later(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day when shorter
    (how the spec counts "four months before expiry", read the other way)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def expiry_from(when: str, today: date) -> date:
    found = EXPIRY.match(when.strip())
    assert found, f"unknown expiry 「{when}」: say 今天, 昨天, 在 N 個月後 or 在 N 個月又 D 天後"
    if found["today"]:
        return today
    if found["yesterday"]:
        return today - timedelta(days=1)
    return months_later(today, int(found["months"])) + timedelta(days=int(found["days"] or 0))


@given(parsers.parse("平臺的日期是某個月的 {day:d} 日"))
def _(clocks, day):
    """Move both clocks forward to the next `day` of a month (1-28, so every month has it):
    a month boundary then falls on an exact date whatever day the suite runs."""
    assert 1 <= day <= 28, "pick a day every month has (1-28)"
    today = clocks.today()
    target = today.replace(day=day) if today.day <= day else months_later(today.replace(day=day), 1)
    if target != today:
        clocks.move(timedelta(days=(target - today).days))


@given(parsers.parse("我的就業金卡{when}屆期"), target_fixture="applicant")
def _(applicant_factory, control, when):
    """An applicant whose card's last valid day (`valid_until`) is the one named."""
    valid_until = expiry_from(when, applicant_factory.today)
    applicant = (applicant_factory.expired_card() if valid_until < applicant_factory.today
                 else applicant_factory.valid_in_extension_window())
    applicant.card = applicant_factory.card_for(applicant, valid_until)
    return enrol(control, applicant)


@given("我的舊式統一證號就業金卡已過期", target_fixture="applicant")
def _(applicant_factory, control):
    """R-RENEW-EXPIRED for a 統一證號 of the old format (area letter, A-D, eight digits)."""
    applicant = applicant_factory.expired_card()
    applicant.ui_number = applicant_factory.faker.old_ui_number(applicant.sex)
    applicant.card = applicant_factory.card_for(applicant, applicant.card_valid_until)
    return enrol(control, applicant)
