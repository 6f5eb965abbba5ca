"""STEP 4-5 「帳號登入」: R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-ROLE, R-REGISTER, R-PASSWORD-AGE,
judged by the pure rules of `mock_portal.domain.login`."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mock_portal.domain.login import (
    MAX_WRONG_PASSWORDS,
    PASSWORD_MAX_AGE,
    Attempt,
    Refusal,
    after_password_reset,
    is_locked,
    judge_login,
    password_expired,
)

TAIPEI = ZoneInfo("Asia/Taipei")


def attempt(*, captcha_ok=True, account_exists=True, password_ok=True, role_ok=True, verified=True):
    """A login attempt that passes every check unless told otherwise."""
    return Attempt(captcha_ok=captcha_ok, account_exists=account_exists, password_ok=password_ok,
                   role_ok=role_ok, verified=verified)


def test_r_login_lock_limit_is_five():
    assert MAX_WRONG_PASSWORDS == 5


def test_r_password_age_limit_is_ninety_days():
    assert timedelta(days=90) == PASSWORD_MAX_AGE


# R-LOGIN-CAPTCHA -------------------------------------------------------------

@pytest.mark.parametrize("wrong_before", [0, 3, 4])
@pytest.mark.parametrize("password_ok", [True, False])
def test_r_login_captcha_wrong_captcha_is_refused_and_never_counted(wrong_before, password_ok):
    count, refusal = judge_login(wrong_before, attempt(captcha_ok=False, password_ok=password_ok))
    assert refusal is Refusal.WRONG_CAPTCHA
    assert count == wrong_before, "R-LOGIN-CAPTCHA: a wrong captcha counted as a wrong password"


def test_r_login_captcha_at_four_wrong_a_wrong_captcha_does_not_lock():
    count, _ = judge_login(4, attempt(captcha_ok=False, password_ok=False))
    assert not is_locked(count), "R-LOGIN-CAPTCHA: a wrong captcha locked the account"
    _, refusal = judge_login(count, attempt())
    assert refusal is None


# R-LOGIN-LOCK ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("wrong_before", "password_ok", "expected_count", "expected"),
    [
        (0, False, 1, Refusal.WRONG_CREDENTIALS),
        (3, False, 4, Refusal.WRONG_CREDENTIALS),
        (4, False, 5, Refusal.LOCKED),     # the 5th wrong password in a row locks
        (5, False, 5, Refusal.LOCKED),     # locked stays locked
        (5, True, 5, Refusal.LOCKED),      # once locked, the right password is refused too
        (4, True, 0, None),                # a success before the limit lets the user in ...
        (1, True, 0, None),                # ... and resets the count to 0
        (0, True, 0, None),
    ],
)
def test_r_login_lock_boundaries(wrong_before, password_ok, expected_count, expected):
    count, refusal = judge_login(wrong_before, attempt(password_ok=password_ok))
    assert (count, refusal) == (expected_count, expected)


def test_r_login_lock_fifth_wrong_password_in_a_row_locks():
    count, refusals = 0, []
    for _ in range(5):
        count, refusal = judge_login(count, attempt(password_ok=False))
        refusals.append(refusal)
    assert refusals == [Refusal.WRONG_CREDENTIALS] * 4 + [Refusal.LOCKED]
    assert is_locked(count)


def test_r_login_lock_right_password_refused_once_locked():
    count = 0
    for _ in range(5):
        count, _ = judge_login(count, attempt(password_ok=False))
    count, refusal = judge_login(count, attempt(password_ok=True))
    assert refusal is Refusal.LOCKED, "R-LOGIN-LOCK: the right password got past a lock"
    assert count == 5


def test_r_login_lock_success_resets_the_count():
    count = 0
    for _ in range(4):
        count, _ = judge_login(count, attempt(password_ok=False))
    count, refusal = judge_login(count, attempt())
    assert (count, refusal) == (0, None)
    for _ in range(4):   # four more wrong after the reset are still not a lock
        count, refusal = judge_login(count, attempt(password_ok=False))
    assert refusal is Refusal.WRONG_CREDENTIALS
    assert not is_locked(count)


@pytest.mark.parametrize(("wrong", "locked"), [(0, False), (4, False), (5, True), (6, True)])
def test_r_login_lock_is_locked_table(wrong, locked):
    assert is_locked(wrong) is locked


@pytest.mark.parametrize("wrong", [0, 4, 5, 9])
def test_r_login_lock_a_password_reset_unlocks(wrong):
    assert after_password_reset(wrong) == 0
    assert not is_locked(after_password_reset(wrong))


def test_r_login_lock_unknown_account_is_wrong_credentials():
    count, refusal = judge_login(2, attempt(account_exists=False, password_ok=False))
    assert (count, refusal) == (2, Refusal.WRONG_CREDENTIALS)


# R-ROLE, R-REGISTER ------------------------------------------------------------

@pytest.mark.parametrize("wrong_before", [0, 4])
def test_r_role_right_password_on_another_roles_login_is_refused_and_not_counted(wrong_before):
    count, refusal = judge_login(wrong_before, attempt(role_ok=False))
    assert refusal is Refusal.WRONG_ROLE
    assert count == wrong_before


@pytest.mark.parametrize("wrong_before", [0, 4])
def test_r_register_unverified_account_is_refused_and_not_counted(wrong_before):
    count, refusal = judge_login(wrong_before, attempt(verified=False))
    assert refusal is Refusal.UNVERIFIED
    assert count == wrong_before


# R-PASSWORD-AGE --------------------------------------------------------------

CHANGED_AT = datetime(2026, 1, 1, 9, 0, tzinfo=TAIPEI)


@pytest.mark.parametrize(
    ("age", "expired"),
    [
        (timedelta(0), False),
        (timedelta(days=89, hours=23, minutes=59, seconds=59), False),
        (timedelta(days=90), False),                       # exactly 90 days is still fine
        (timedelta(days=90, seconds=1), True),             # one second more must be changed
        (timedelta(days=91), True),
    ],
)
def test_r_password_age_boundaries(age, expired):
    assert password_expired(CHANGED_AT, CHANGED_AT + age) is expired
