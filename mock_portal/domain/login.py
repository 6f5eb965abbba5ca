"""Who may sign in (STEP 4, STEP 5): R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-PASSWORD-AGE,
R-ROLE, and R-REGISTER's "confirm the email first". Pure decisions: the caller
passes in the stored state and now, and saves what comes back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

MAX_WRONG_PASSWORDS = 5                 # R-LOGIN-LOCK: the only place this number lives
PASSWORD_MAX_AGE = timedelta(days=90)   # R-PASSWORD-AGE

ROLES = ("foreigner", "employer", "agency")  # the three choices of STEP 4, R-ROLE


class Refusal(Enum):
    """Why a login attempt is refused; templates turn the codes into words."""

    WRONG_CAPTCHA = "wrong-captcha"
    WRONG_CREDENTIALS = "wrong-credentials"
    LOCKED = "locked"
    WRONG_ROLE = "wrong-role"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Attempt:
    """What the portal knows about one login attempt."""

    captcha_ok: bool
    account_exists: bool
    password_ok: bool
    role_ok: bool
    verified: bool


def judge_login(
    wrong_in_a_row: int, attempt: Attempt, *, max_wrong: int = MAX_WRONG_PASSWORDS
) -> tuple[int, Refusal | None]:
    """R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-ROLE, R-REGISTER: return the new count of wrong
    passwords in a row and why the attempt is refused (None: let the user in).

    A wrong captcha is refused first and never counted. Once locked, even the right
    password is refused. A wrong password counts, and the one that reaches the limit
    locks. A right password on another role's login page, or for an account whose
    email is not confirmed yet, is refused without counting. A success resets the count."""
    if not attempt.captcha_ok:
        return wrong_in_a_row, Refusal.WRONG_CAPTCHA
    if not attempt.account_exists:
        return wrong_in_a_row, Refusal.WRONG_CREDENTIALS
    if wrong_in_a_row >= max_wrong:
        return wrong_in_a_row, Refusal.LOCKED
    if not attempt.password_ok:
        wrong_in_a_row += 1
        return wrong_in_a_row, Refusal.LOCKED if wrong_in_a_row >= max_wrong else Refusal.WRONG_CREDENTIALS
    if not attempt.role_ok:
        return wrong_in_a_row, Refusal.WRONG_ROLE
    if not attempt.verified:
        return wrong_in_a_row, Refusal.UNVERIFIED
    return 0, None


def after_password_reset(wrong_in_a_row: int) -> int:
    """R-LOGIN-LOCK: 「忘記密碼?」 mails a new password and unlocks the account, so the
    count of wrong passwords starts again. (A password change for R-PASSWORD-AGE is
    not a reset: it happens signed in, after a login that already set the count to 0,
    and no rule says it unlocks; it leaves the count alone.)"""
    return 0


def is_locked(wrong_in_a_row: int, *, max_wrong: int = MAX_WRONG_PASSWORDS) -> bool:
    """R-LOGIN-LOCK: the account is locked once the limit of wrong passwords is reached."""
    return wrong_in_a_row >= max_wrong


def password_expired(changed_at: datetime, now: datetime, *, max_age: timedelta = PASSWORD_MAX_AGE) -> bool:
    """R-PASSWORD-AGE: a password must be changed every 90 days, before anything else."""
    return now - changed_at > max_age
