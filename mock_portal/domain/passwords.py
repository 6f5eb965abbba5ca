"""Password storage and the new-password policy. Hashes use scrypt with their cost
stored beside them, so a portal started with a cheaper cost (the test suite) can
still verify any stored hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from enum import Enum

STRONG_COST = 2**17   # OWASP's scrypt minimum (N=2^17, r=8, p=1): the default
FAST_COST = 2**10     # for test runs that log in hundreds of times; never the default
_R, _P = 8, 1
MIN_LENGTH = 8


def hash_password(password: str, salt: bytes, *, cost: int = STRONG_COST) -> str:
    """Return `scrypt$N$r$p$salt$hash`; the caller passes the salt in (randomness in)."""
    digest = _scrypt(password, salt, cost, _R, _P)
    return "$".join(["scrypt", str(cost), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, cost, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(cost), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


class PasswordProblem(Enum):
    TOO_SHORT = "too-short"
    NEEDS_LETTER_AND_DIGIT = "needs-letter-and-digit"
    MISMATCH = "mismatch"
    SAME_AS_OLD = "same-as-old"


def new_password_problem(new: str, confirm: str, *, old_hash: str | None = None) -> PasswordProblem | None:
    """A new password (registration, 「更換密碼」): at least 8 characters with letters and
    digits, typed twice the same, and not the current one."""
    if len(new) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if not (re.search(r"[A-Za-z]", new) and re.search(r"\d", new)):
        return PasswordProblem.NEEDS_LETTER_AND_DIGIT
    if new != confirm:
        return PasswordProblem.MISMATCH
    if old_hash is not None and verify_password(new, old_hash):
        return PasswordProblem.SAME_AS_OLD
    return None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
