"""R-REGISTER: what a new account must give (STEP 3, STEP 5 「註冊帳號」). The email must
be confirmed through the mailed link before the account can log in (see `login`)."""

from __future__ import annotations

import re
from enum import Enum

from .email import is_email
from .passwords import PasswordProblem, new_password_problem

ACCOUNT_LENGTH = (4, 30)   # R-REGISTER: an account name's shortest and longest
_ACCOUNT = re.compile(rf"^[A-Za-z0-9_.-]{{{ACCOUNT_LENGTH[0]},{ACCOUNT_LENGTH[1]}}}$")


class RegistrationProblem(Enum):
    ACCOUNT_FORMAT = "account-format"
    ACCOUNT_TAKEN = "account-taken"
    NAME_MISSING = "name-missing"
    EMAIL_FORMAT = "email-format"


def registration_problems(
    account: str, name: str, email: str, password: str, confirm: str, *, taken: bool
) -> list[RegistrationProblem | PasswordProblem]:
    problems: list[RegistrationProblem | PasswordProblem] = []
    if not _ACCOUNT.match(account):
        problems.append(RegistrationProblem.ACCOUNT_FORMAT)
    elif taken:
        problems.append(RegistrationProblem.ACCOUNT_TAKEN)
    if not name.strip():
        problems.append(RegistrationProblem.NAME_MISSING)
    if not is_email(email):
        problems.append(RegistrationProblem.EMAIL_FORMAT)
    password_problem = new_password_problem(password, confirm)
    if password_problem:
        problems.append(password_problem)
    return problems
