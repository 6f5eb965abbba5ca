"""STEP 10 and the extension page: may this person re-apply, or extend?
R-RENEW-EXPIRED, R-RENEW-VALID, R-RENEW-NOMATCH, R-EXTEND-WINDOW, R-HOUSEHOLD."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from .cards import EXTENSION_WINDOW_MONTHS, Card, extension_opens_on, in_extension_window, latest_card
from .ui_number import check_ui_number


class Verdict(Enum):
    ELIGIBLE = "eligible"                 # R-RENEW-EXPIRED: the card has expired
    VALID_USE_EXTENSION = "valid-extend"  # R-RENEW-VALID: still valid, inside the four months
    VALID_TOO_EARLY = "valid-early"       # R-RENEW-VALID: still valid, before the four months
    NO_MATCH = "no-match"                 # R-RENEW-NOMATCH
    MALFORMED = "malformed"               # R-RENEW-NOMATCH: the 統一證號 itself is wrong
    EXTENDABLE = "extendable"             # R-EXTEND-WINDOW
    EXPIRED = "expired"                   # R-EXTEND-WINDOW: too late to extend


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    card: Card | None = None
    problem: str | None = None            # the 統一證號 check's problem code when MALFORMED
    opens_on: date | None = None          # when the extension window opens (valid cards)


def judge_reapplication(
    cards: Iterable[Card], ui_number: str, birth_date: date, today: date,
    *, months: int = EXTENSION_WINDOW_MONTHS,
) -> Finding:
    """R-RENEW-EXPIRED / R-RENEW-VALID / R-RENEW-NOMATCH: only a card whose validity has
    ended may be re-applied for; a valid one is refused, and inside its last four months
    the applicant is pointed to 「就業金卡延期申請」."""
    finding = judge_extension(cards, ui_number, birth_date, today, months=months)
    as_reapplication = {Verdict.EXPIRED: Verdict.ELIGIBLE, Verdict.EXTENDABLE: Verdict.VALID_USE_EXTENSION}
    verdict = as_reapplication.get(finding.verdict, finding.verdict)
    return Finding(verdict, finding.card, finding.problem, finding.opens_on)


def judge_extension(
    cards: Iterable[Card], ui_number: str, birth_date: date, today: date,
    *, months: int = EXTENSION_WINDOW_MONTHS,
) -> Finding:
    """R-EXTEND-WINDOW: a card may be extended only within the four months before it
    expires; earlier is too early, after expiry it is a re-application."""
    check = check_ui_number(ui_number)
    if not check.ok:
        return Finding(Verdict.MALFORMED, problem=check.problem)
    card = latest_card(cards, ui_number.strip(), birth_date)
    if card is None:
        return Finding(Verdict.NO_MATCH)
    if card.expired_on(today):
        return Finding(Verdict.EXPIRED, card)
    opens_on = extension_opens_on(card.valid_until, months=months)
    if in_extension_window(card, today, months=months):
        return Finding(Verdict.EXTENDABLE, card, opens_on=opens_on)
    return Finding(Verdict.VALID_TOO_EARLY, card, opens_on=opens_on)


def household_blocks(*, roc_national: bool, household_in_taiwan: bool, moved_out: bool) -> bool:
    """R-HOUSEHOLD: an ROC national with a household registration in Taiwan that was not
    moved out cannot use this application (declaration clause 11)."""
    return roc_national and household_in_taiwan and not moved_out
