"""STEP 10 and the extension page: R-RENEW-EXPIRED, R-RENEW-VALID, R-RENEW-NOMATCH,
R-EXTEND-WINDOW and R-HOUSEHOLD, with the guide's own 統一證號 A800013146."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mock_portal.domain.cards import EXTENSION_WINDOW_MONTHS, Card, extension_opens_on
from mock_portal.domain.eligibility import Verdict, household_blocks, judge_extension, judge_reapplication
from mock_portal.domain.ui_number import check_ui_number

UI_NUMBER = "A800013146"          # the guide's example: valid
OTHER_UI_NUMBER = "A800013155"    # valid too, but no card was issued under it
WRONG_CHECK_DIGIT = "A800013147"
BIRTH = date(1990, 5, 17)
TODAY = date(2026, 3, 2)


def card(valid_until: date, *, valid_from: date | None = None, ui_number: str = UI_NUMBER) -> Card:
    valid_from = valid_from or valid_until - timedelta(days=3 * 365)
    return Card(ui_number, BIRTH, valid_from, valid_until, "科技", "any category")


def reapply(cards, today=TODAY, ui_number=UI_NUMBER, birth=BIRTH):
    return judge_reapplication(cards, ui_number, birth, today)


def extend(cards, today=TODAY, ui_number=UI_NUMBER, birth=BIRTH):
    return judge_extension(cards, ui_number, birth, today)


def test_the_example_numbers_are_what_the_tests_say():
    assert check_ui_number(UI_NUMBER).ok
    assert check_ui_number(OTHER_UI_NUMBER).ok
    assert not check_ui_number(WRONG_CHECK_DIGIT).ok


def test_r_renew_valid_window_is_four_months():
    assert EXTENSION_WINDOW_MONTHS == 4


# R-RENEW-EXPIRED ---------------------------------------------------------------

def test_r_renew_expired_card_that_ended_yesterday_is_eligible():
    expired = card(TODAY - timedelta(days=1))
    finding = reapply([expired])
    assert finding.verdict is Verdict.ELIGIBLE
    assert finding.card == expired


def test_r_renew_expired_card_valid_until_today_is_not_eligible():
    """valid_until is the card's last valid day: on that day it is still valid."""
    assert reapply([card(TODAY)]).verdict is not Verdict.ELIGIBLE
    assert reapply([card(TODAY)]).verdict is Verdict.VALID_USE_EXTENSION


def test_r_renew_expired_long_expired_card_is_eligible():
    assert reapply([card(date(2020, 1, 31))]).verdict is Verdict.ELIGIBLE


def test_r_renew_expired_the_latest_card_decides():
    """An old expired card does not open re-application while a newer one is valid."""
    old, new = card(date(2023, 1, 1)), card(date(2027, 1, 1))
    assert reapply([old, new]).verdict is Verdict.VALID_TOO_EARLY
    assert reapply([new, old]).card == new


# R-RENEW-VALID -----------------------------------------------------------------

VALID_UNTIL = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 6, 15), Verdict.VALID_TOO_EARLY),
        (date(2026, 2, 14), Verdict.VALID_TOO_EARLY),      # the day before the four months
        (date(2026, 2, 15), Verdict.VALID_USE_EXTENSION),  # the same day four months earlier is inside
        (date(2026, 4, 1), Verdict.VALID_USE_EXTENSION),
        (date(2026, 6, 15), Verdict.VALID_USE_EXTENSION),  # the last valid day
        (date(2026, 6, 16), Verdict.ELIGIBLE),             # expired: re-application
    ],
)
def test_r_renew_valid_four_month_boundary(today, expected):
    finding = reapply([card(VALID_UNTIL)], today=today)
    assert finding.verdict is expected


def test_r_renew_valid_says_when_the_extension_window_opens():
    finding = reapply([card(VALID_UNTIL)], today=date(2026, 1, 1))
    assert finding.verdict is Verdict.VALID_TOO_EARLY
    assert finding.opens_on == date(2026, 2, 15)


@pytest.mark.parametrize(
    ("valid_until", "opens_on"),
    [
        (date(2026, 6, 15), date(2026, 2, 15)),
        (date(2026, 6, 30), date(2026, 2, 28)),   # February is shorter: its last day
        (date(2028, 6, 30), date(2028, 2, 29)),   # leap year
        (date(2026, 7, 31), date(2026, 3, 31)),
        (date(2026, 8, 31), date(2026, 4, 30)),
        (date(2026, 2, 10), date(2025, 10, 10)),  # across a year
        (date(2026, 1, 31), date(2025, 9, 30)),
    ],
)
def test_r_renew_valid_window_opens_same_day_four_months_earlier(valid_until, opens_on):
    assert extension_opens_on(valid_until) == opens_on


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 27), Verdict.VALID_TOO_EARLY),
        (date(2026, 2, 28), Verdict.VALID_USE_EXTENSION),
        (date(2026, 3, 1), Verdict.VALID_USE_EXTENSION),
    ],
)
def test_r_renew_valid_month_end_clamping(today, expected):
    finding = reapply([card(date(2026, 6, 30))], today=today)
    assert finding.verdict is expected
    assert finding.opens_on == date(2026, 2, 28)


# R-RENEW-NOMATCH ---------------------------------------------------------------

def test_r_renew_nomatch_wrong_birth_date():
    finding = reapply([card(date(2025, 1, 1))], birth=BIRTH + timedelta(days=1))
    assert finding.verdict is Verdict.NO_MATCH
    assert finding.card is None


def test_r_renew_nomatch_unknown_number():
    finding = reapply([card(date(2025, 1, 1))], ui_number=OTHER_UI_NUMBER)
    assert finding.verdict is Verdict.NO_MATCH


def test_r_renew_nomatch_no_cards_at_all():
    assert reapply([]).verdict is Verdict.NO_MATCH


@pytest.mark.parametrize(
    ("ui_number", "problem"),
    [
        (WRONG_CHECK_DIGIT, "check-digit"),
        ("A80001314", "length"),
        ("1800013146", "area-letter"),
        ("A700013146", "second-char"),
        ("A8000131X6", "digits"),
        ("", "empty"),
    ],
)
def test_r_renew_nomatch_malformed_number_names_the_problem(ui_number, problem):
    finding = reapply([card(date(2025, 1, 1))], ui_number=ui_number)
    assert (finding.verdict, finding.problem, finding.card) == (Verdict.MALFORMED, problem, None)


def test_r_renew_nomatch_number_typed_in_lower_case_or_with_spaces_still_matches():
    assert reapply([card(date(2025, 1, 1))], ui_number=" a800013146 ").verdict is Verdict.ELIGIBLE


# R-EXTEND-WINDOW ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 14), Verdict.VALID_TOO_EARLY),
        (date(2026, 2, 15), Verdict.EXTENDABLE),
        (date(2026, 5, 1), Verdict.EXTENDABLE),
        (date(2026, 6, 15), Verdict.EXTENDABLE),   # the last valid day
        (date(2026, 6, 16), Verdict.EXPIRED),      # too late: that is a re-application
    ],
)
def test_r_extend_window(today, expected):
    assert extend([card(VALID_UNTIL)], today=today).verdict is expected


def test_r_extend_window_too_early_says_when_it_opens():
    finding = extend([card(VALID_UNTIL)], today=date(2025, 12, 1))
    assert finding.opens_on == date(2026, 2, 15)


def test_r_extend_window_no_match():
    assert extend([card(VALID_UNTIL)], birth=date(1991, 5, 17)).verdict is Verdict.NO_MATCH
    assert extend([card(VALID_UNTIL)], ui_number=OTHER_UI_NUMBER).verdict is Verdict.NO_MATCH


def test_r_extend_window_malformed_number():
    finding = extend([card(VALID_UNTIL)], ui_number=WRONG_CHECK_DIGIT)
    assert (finding.verdict, finding.problem) == (Verdict.MALFORMED, "check-digit")


# R-HOUSEHOLD -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("roc_national", "household_in_taiwan", "moved_out", "blocks"),
    [
        (True, True, False, True),     # the only blocked combination
        (True, True, True, False),
        (True, False, False, False),
        (True, False, True, False),
        (False, True, False, False),
        (False, True, True, False),
        (False, False, False, False),
        (False, False, True, False),
    ],
)
def test_r_household_truth_table(roc_national, household_in_taiwan, moved_out, blocks):
    assert household_blocks(roc_national=roc_national, household_in_taiwan=household_in_taiwan,
                            moved_out=moved_out) is blocks
