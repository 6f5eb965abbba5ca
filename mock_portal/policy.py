"""The numbers the portal runs with. Each default is the guide's, defined once in its
rule's module; a settings flag (upload limit, password hashing cost, a staging
portal's fixed captcha) or a named deviation replaces a value here, never in the
rule's module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .domain import cards, drafts, login, passwords, session, uploads


@dataclass(frozen=True)
class Policy:
    max_wrong_passwords: int = login.MAX_WRONG_PASSWORDS            # R-LOGIN-LOCK
    password_max_age: timedelta = login.PASSWORD_MAX_AGE             # R-PASSWORD-AGE
    session_length: timedelta = session.SESSION_LENGTH               # R-SESSION-30
    draft_kept_days: int = drafts.DRAFT_KEPT_DAYS                    # R-DRAFT-30
    extension_window_months: int = cards.EXTENSION_WINDOW_MONTHS     # R-EXTEND-WINDOW, R-RENEW-VALID
    upload_limit: int = uploads.UPLOAD_LIMIT_BYTES                   # R-UPLOAD
    password_cost: int = passwords.STRONG_COST                       # scrypt N
    captcha: str | None = None     # R-LOGIN-CAPTCHA: None draws a new text each time; a text is shown every time
