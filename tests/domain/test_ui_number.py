"""The 統一證號 check (R-RENEW-NOMATCH) against a check digit computed here on its own,
so a shared mistake in the portal's table or weights cannot pass unnoticed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_portal.domain.ui_number import (
    PROBLEMS,
    UiNumberCheck,
    check_digit,
    check_ui_number,
    is_valid_ui_number,
)

# The national ID's letter order: A=10, B=11, ... in this sequence (I=34, O=35 at the end).
_ORDER = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
_CODE = {letter: code for code, letter in enumerate(_ORDER, start=10)}


def reference_check_digit(body: str) -> int:
    """The check digit written out longhand: area letter -> two digits; second character
    -> 8/9 itself, or an old letter's code's last digit; weights 1,9,8,...,1,1."""
    area = _CODE[body[0]]
    second = int(body[1]) if body[1].isdigit() else _CODE[body[1]] % 10
    digits = [area // 10, area % 10, second] + [int(c) for c in body[2:9]]
    total = sum(d * w for d, w in zip(digits, [1, 9, 8, 7, 6, 5, 4, 3, 2, 1], strict=True))
    return (10 - total % 10) % 10


def complete(body: str) -> str:
    return body + str(reference_check_digit(body))


def wrong_last_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


# valid numbers ------------------------------------------------------------------------

def test_the_guides_example_is_valid():
    assert check_ui_number("A800013146") == UiNumberCheck(True, "new", None)
    assert reference_check_digit("A80001314") == 6


@pytest.mark.parametrize("body", ["A80001314", "A90000001", "Z81234567", "I97654321", "O80000000",
                                  "W91111111"])
def test_new_format_numbers_are_valid(body):
    assert check_ui_number(complete(body)) == UiNumberCheck(True, "new", None)


@pytest.mark.parametrize("body", ["AA0000000", "AC1234567", "HD1234567", "FB9876543", "ZC0000001",
                                  "OD5555555"])
def test_old_format_numbers_are_valid(body):
    assert check_ui_number(complete(body)) == UiNumberCheck(True, "old", None)


def test_old_format_uses_the_last_digit_of_the_second_letters_code():
    assert reference_check_digit("AA0000000") == 9      # taiwan-id-validator's stock AA00000009
    assert is_valid_ui_number("AA00000009")
    assert not is_valid_ui_number("AA00000001")         # the whole code 10 would give 1


@pytest.mark.parametrize("text", ["a800013146", "aA00000009", " A800013146\t",
                                  "\nac" + complete("AC1234567")[2:]])
def test_lower_case_and_surrounding_whitespace_are_accepted(text):
    assert is_valid_ui_number(text)


# each problem code ----------------------------------------------------------------------

WRONG = [
        ("", "empty", None),
        ("   ", "empty", None),
        ("A80001314", "length", None),
        ("A8000131466", "length", None),
        ("1800013146", "area-letter", None),
        ("Ａ800013146", "area-letter", None),        # a full-width letter
        ("ı800013146", "area-letter", None),        # dotless i must not become I
        ("A100013146", "second-char", None),        # a national ID's 1, not a UI number's 8 or 9
        ("AE00000009", "second-char", None),        # old letters stop at D
        ("A-00013146", "second-char", None),
        ("A80001314X", "digits", "new"),
        ("A8000131４6", "digits", "new"),           # a full-width digit
        ("AC1234567Z", "digits", "old"),
        ("A800013145", "check-digit", "new"),
        ("AA00000008", "check-digit", "old"),
]


@pytest.mark.parametrize(("value", "problem", "kind"), WRONG)
def test_r_renew_nomatch_names_the_wrong_part(value, problem, kind):
    assert check_ui_number(value) == UiNumberCheck(False, kind, problem)
    assert not is_valid_ui_number(value)


def test_problems_lists_each_code_check_ui_number_gives_in_the_order_checked():
    assert list(PROBLEMS) == list(dict.fromkeys(problem for _, problem, _ in WRONG))


# check_digit, for generators ----------------------------------------------------------

@pytest.mark.parametrize("body", ["A80001314", "a80001314", "AA0000000", "HD1234567"])
def test_check_digit_completes_a_body(body):
    assert check_digit(body) == reference_check_digit(body.upper())


@pytest.mark.parametrize("body", ["", "A8000131", "A800013146", "180001314", "A10001314", "AE0000000",
                                  "A8000131X"])
def test_check_digit_refuses_a_malformed_body(body):
    with pytest.raises(ValueError):
        check_digit(body)


_LETTERS = st.sampled_from(_ORDER)
_BODIES = st.builds(
    lambda area, second, serial: area + second + serial,
    _LETTERS,
    st.sampled_from("89ABCD"),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
)


@given(_BODIES)
def test_exactly_one_last_digit_completes_any_body(body):
    valid = [d for d in range(10) if is_valid_ui_number(body + str(d))]
    assert valid == [reference_check_digit(body)]
    assert check_digit(body) == valid[0]


@given(_BODIES)
def test_a_slip_in_the_last_digit_is_a_check_digit_problem(body):
    number = wrong_last_digit(complete(body))
    assert check_ui_number(number).problem == "check-digit"
