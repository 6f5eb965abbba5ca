"""The 統一證號 (UI number) of a foreign resident, checked the way the portal checks it
at STEP 10 and in the form (R-RENEW-NOMATCH: a malformed number gets a message saying
which part is wrong).

New format (2021 on): an area letter, 8 (male) or 9 (female), seven digits and a check
digit. Old format: an area letter, a second letter A-D (A, C male; B, D female), seven
digits and a check digit. Both use the national ID's check: the area letter becomes two
digits (A=10 ... Z=33, I=34, O=35), the old format's second letter contributes the last
digit of its own code (A=10 -> 0, B -> 1, C -> 2, D -> 3), and the 11 digits weighted
1,9,8,7,6,5,4,3,2,1,1 sum to a multiple of 10. The guide's A800013146 passes."""

from __future__ import annotations

from dataclasses import dataclass

LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}
WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
NEW_SECOND = "89"
OLD_SECOND = "ABCD"

PROBLEM_TEXT = {
    "empty": "請輸入統一證號。",
    "length": "統一證號應為 10 碼（1 個英文字母加 9 碼，或舊式的 2 個英文字母加 8 碼數字）。",
    "area-letter": "統一證號第 1 碼應為英文字母。",
    "second-char": "統一證號第 2 碼應為 8 或 9（新式），或 A 至 D 的英文字母（舊式）。",
    "digits": "統一證號第 3 碼起應為數字。",
    "check-digit": "統一證號的檢查碼（最後 1 碼）不正確，請確認是否輸入錯誤。",
}


@dataclass(frozen=True)
class UiNumberCheck:
    ok: bool
    format: str | None        # "new", "old", or None when the shape is neither
    problem: str | None       # a key of PROBLEM_TEXT when not ok


def _digits(body: str) -> list[int]:
    """The first 9 characters as the checksum's first 10 digits."""
    area = LETTER_CODES[body[0]]
    second = body[1]
    second_digits = [int(second)] if second.isdigit() else [LETTER_CODES[second] % 10]
    return [area // 10, area % 10, *second_digits, *(int(c) for c in body[2:9])]


def check_digit(body: str) -> int:
    """The check digit that completes a 9-character body of either format."""
    body = body.upper()
    total = sum(d * w for d, w in zip(_digits(body), WEIGHTS, strict=False))
    return (10 - total % 10) % 10


def check_ui_number(value: str) -> UiNumberCheck:
    number = (value or "").strip().upper()
    if not number:
        return UiNumberCheck(False, None, "empty")
    if len(number) != 10:
        return UiNumberCheck(False, None, "length")
    if number[0] not in LETTER_CODES:
        return UiNumberCheck(False, None, "area-letter")
    if number[1] in NEW_SECOND:
        kind = "new"
    elif number[1] in OLD_SECOND:
        kind = "old"
    else:
        return UiNumberCheck(False, None, "second-char")
    if not (number[2:].isdigit() and number[2:].isascii()):
        return UiNumberCheck(False, kind, "digits")
    if check_digit(number[:9]) != int(number[9]):
        return UiNumberCheck(False, kind, "check-digit")
    return UiNumberCheck(True, kind, None)


def is_valid_ui_number(value: str) -> bool:
    return check_ui_number(value).ok


def problem_text_zh(problem: str) -> str:
    return PROBLEM_TEXT.get(problem, "統一證號格式不正確。")
