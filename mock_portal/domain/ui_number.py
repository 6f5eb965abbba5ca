"""The 統一證號 (UI number) of a foreign resident, checked the way the portal checks it
at STEP 10 and in the form (R-RENEW-NOMATCH: a malformed number gets a message saying
which part is wrong, so the applicant can fix a typo instead of guessing).

New format (issued from 2 January 2021): an area letter, 8 (male) or 9 (female), seven
digits and a check digit, the same shape and check as the national ID. The guide's own
example A800013146 passes.

Old format (issued until 2020, still valid during the ten-year transition): an area
letter, a second letter A-D (A, B: ROC nationals without household registration,
mainland, Hong Kong and Macao residents; C, D: foreigners and stateless people; A, C
male; B, D female), seven digits and a check digit.

The check, for both: the area letter becomes two digits by the national ID's table
(A=10 ... H=17, I=34, J=18 ... N=22, O=35, P=23 ... V=29, W=32, X=30, Y=31, Z=33); the
second character gives one digit, itself in the new format and, in the old, the LAST
digit of its own code in that table (A -> 0, B -> 1, C -> 2, D -> 3); those 11 digits,
weighted 1,9,8,7,6,5,4,3,2,1,1, sum to a multiple of 10. For the old second letter we
follow the established rule of Taiwan's ID validators (taiwan-id-validator's 舊式居留證號
check among them): it keeps the national ID's weights and table, and AA00000009, their
stock example, passes."""

from __future__ import annotations

import string
from dataclasses import dataclass
from types import MappingProxyType

LETTER_CODES = MappingProxyType({
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
})
WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
LENGTH = 10
NEW_SECOND = "89"       # male, female
OLD_SECOND = "ABCD"     # see the module docstring

# The problem codes, in the order they are checked; mock_portal.texts says them in words.
PROBLEMS = ("empty", "length", "area-letter", "second-char", "digits", "check-digit")

# Only ASCII letters are upper-cased: str.upper() would turn "ı" into "I" and "ß" into "SS".
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


@dataclass(frozen=True)
class UiNumberCheck:
    ok: bool
    format: str | None        # "new" or "old" once the first two characters say which; else None
    problem: str | None       # one of PROBLEMS when not ok


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _second_digit(char: str) -> int:
    """The checksum's third digit: 8 or 9 as is, an old-format letter by its code's last digit."""
    return int(char) if char in NEW_SECOND else LETTER_CODES[char] % 10


def check_digit(body: str) -> int:
    """The check digit that completes the first 9 characters of either format, so a
    generator can build valid numbers. Raises ValueError for a body of another shape."""
    body = body.translate(_ASCII_UPPER)
    if (len(body) != LENGTH - 1 or body[0] not in LETTER_CODES
            or body[1] not in NEW_SECOND + OLD_SECOND or not _is_ascii_digits(body[2:])):
        raise ValueError(f"not the first 9 characters of a 統一證號: {body!r}")
    area = LETTER_CODES[body[0]]
    digits = (area // 10, area % 10, _second_digit(body[1]), *(int(c) for c in body[2:]))
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=False))
    return -total % 10


def check_ui_number(value: str) -> UiNumberCheck:
    """R-RENEW-NOMATCH: whether `value` is a 統一證號 and, if not, the first part that is
    wrong. Surrounding whitespace is ignored and lower-case letters are accepted."""
    number = (value or "").strip().translate(_ASCII_UPPER)
    if not number:
        return UiNumberCheck(False, None, "empty")
    if len(number) != LENGTH:
        return UiNumberCheck(False, None, "length")
    if number[0] not in LETTER_CODES:
        return UiNumberCheck(False, None, "area-letter")
    if number[1] in NEW_SECOND:
        kind = "new"
    elif number[1] in OLD_SECOND:
        kind = "old"
    else:
        return UiNumberCheck(False, None, "second-char")
    if not _is_ascii_digits(number[2:]):
        return UiNumberCheck(False, kind, "digits")
    if check_digit(number[:-1]) != int(number[-1]):
        return UiNumberCheck(False, kind, "check-digit")
    return UiNumberCheck(True, kind, None)


def is_valid_ui_number(value: str) -> bool:
    return check_ui_number(value).ok
