"""`python -m mock_portal --staging SEED.toml`: the bundled portal posing as a portal that
is not ours, so the project can test "running the suite against a staging copy" without
one. It has no control API; its accounts, cards and captcha come from a TOML seed file
(see examples/staging-seed.toml), written by the people who provisioned it.

A card gives either `class` or both `valid_from` and `valid_until`. A class dates the
card from the portal's own clock on the day it starts; each class card was issued three
years before its last day:
- `expired`: ended 30 days before today (R-RENEW-EXPIRED: it may be re-applied for);
- `valid-in-window`: ends 60 days after today, inside the window of R-EXTEND-WINDOW
  (R-RENEW-VALID points to 「就業金卡延期申請」, which accepts it);
- `valid-early`: ends 300 days after today, before that window opens.
Each class card is judged by the domain's own rule when it is made, so a class cannot
drift from what its name promises.

A bad seed stops startup with SeedError: one line naming the file and the key, the
entries of an array counted from 1 (`[[cards]][2]` is the second `[[cards]]`).

Seeding a --db file again adds no row: an account that already matches the seed is left
as it is (a lock, its password's age), one that differs is written anew; a card is
rewritten in place, keyed by 統一證號 and 出生日期, with today's class dates."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import NamedTuple

from .domain import catalog
from .domain.accounts import RegistrationProblem, registration_problems
from .domain.cards import Card
from .domain.eligibility import Verdict, judge_reapplication
from .domain.login import ROLES
from .domain.passwords import verify_password
from .domain.ui_number import check_ui_number
from .service import CAPTCHA_LENGTH, Portal


class CardClass(NamedTuple):
    ends_in_days: int      # valid_until, counted from the portal's today
    verdict: Verdict       # what STEP 10 must answer for it (R-RENEW-*)


CLASSES = MappingProxyType({
    "expired": CardClass(-30, Verdict.ELIGIBLE),
    "valid-in-window": CardClass(60, Verdict.VALID_USE_EXTENSION),
    "valid-early": CardClass(300, Verdict.VALID_TOO_EARLY),
})
ISSUED_YEARS = 3
ALL_DOCUMENTS = "all"
_CAPTCHA = re.compile(rf"[A-Za-z0-9]{{1,{CAPTCHA_LENGTH}}}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEY_OF_PROBLEM = {RegistrationProblem.ACCOUNT_FORMAT: "account", RegistrationProblem.NAME_MISSING: "name",
                   RegistrationProblem.EMAIL_FORMAT: "email"}


class SeedError(ValueError):
    """One line for the terminal: `FILE: KEY: what is wrong`."""


@dataclass(frozen=True)
class SeedAccount:
    role: str
    account: str
    password: str
    email: str
    name: str

    def matches(self, stored) -> bool:
        """Whether the stored account is this one already (then seeding leaves it alone)."""
        return ((stored.role, stored.email, stored.name, stored.verified) == (self.role, self.email, self.name, True)
                and verify_password(self.password, stored.password_hash))


@dataclass(frozen=True)
class SeedCard:
    ui_number: str
    birth_date: date
    field: str
    category: str
    documents: tuple[str, ...]
    card_class: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def card(self, today: date) -> Card:
        if self.card_class is None:
            return Card(self.ui_number, self.birth_date, self.valid_from, self.valid_until, self.field,
                        self.category, self.documents)
        kind = CLASSES[self.card_class]
        until = today + timedelta(days=kind.ends_in_days)
        card = Card(self.ui_number, self.birth_date, _years_before(until, ISSUED_YEARS), until, self.field,
                    self.category, self.documents)
        verdict = judge_reapplication([card], card.ui_number, card.birth_date, today).verdict
        if verdict is not kind.verdict:
            raise RuntimeError(f"a {self.card_class} card ending {until} is judged {verdict.value}: "
                               "staging.CLASSES no longer fits the domain's rules")
        return card


@dataclass(frozen=True)
class Seed:
    path: str
    captcha: str
    accounts: tuple[SeedAccount, ...]
    cards: tuple[SeedCard, ...]


def load_seed(path: str | os.PathLike) -> Seed:
    path = os.fspath(path)
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise SeedError(f"{path}: cannot read it: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{path}: not TOML: {error}") from None
    return parse_seed(data, path)


def as_seed(value: Seed | str | os.PathLike) -> Seed:
    return value if isinstance(value, Seed) else load_seed(value)


def parse_seed(data: dict, path: str = "<seed>") -> Seed:
    try:
        _keys(data, "", ("captcha", "accounts"), ("cards",))
        _keys(data["captcha"], "[captcha]", ("value",))
        captcha = _text(data["captcha"], "[captcha]", "value")
        if not _CAPTCHA.fullmatch(captcha):
            raise _Bad("[captcha].value", f"{captcha!r} is not 1 to {CAPTCHA_LENGTH} ASCII letters or digits")
        accounts = [_account(item, where) for item, where in _entries(data, "accounts")]
        if not accounts:
            raise _Bad("accounts", "give at least one [[accounts]]")
        cards = [_card(item, where) for item, where in _entries(data, "cards")]
        _unique(accounts, "accounts", "account")
        _unique(cards, "cards", "ui_number")
    except _Bad as bad:
        raise SeedError(f"{path}: {bad.key}: {bad.problem}") from None
    return Seed(path, captcha, tuple(accounts), tuple(cards))


def seed_portal(portal: Portal, seed: Seed) -> None:
    """Write the seed's world through the same calls as the control API (see the module
    docstring for a second run on the same --db file)."""
    for a in seed.accounts:
        stored = portal.store.account(a.account)
        if stored is None or not a.matches(stored):
            portal.create_account(a.account, a.password, a.email, a.role, a.name)
    today = portal.clock.today()
    for c in seed.cards:
        portal.store.put_card(c.card(today))


# reading the file ---------------------------------------------------------------------
class _Bad(Exception):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(key, problem)
        self.key, self.problem = key, problem


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _keys(table, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    if not isinstance(table, dict):
        raise _Bad(where, "must be a table")
    for key in table:
        if key not in required + optional:
            raise _Bad(_at(where, key), f"unknown key; known: {', '.join(required + optional)}")
    for key in required:
        if key not in table:
            raise _Bad(_at(where, key), "missing")


def _entries(data: dict, name: str):
    items = data.get(name, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _Bad(name, f"must be an array of tables, [[{name}]]")
    return [(item, f"[[{name}]][{n}]") for n, item in enumerate(items, 1)]


def _text(table: dict, where: str, key: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise _Bad(_at(where, key), f"must be a non-empty string, not {value!r}")
    return value.strip()


def _one_of(value: str, choices, where: str, key: str) -> str:
    if value not in choices:
        raise _Bad(_at(where, key), f"{value!r} is not one of {', '.join(choices)}")
    return value


def _date(table: dict, where: str, key: str) -> date:
    value = table[key]
    if type(value) is date:          # a TOML local date (a date-time is refused)
        return value
    try:
        if isinstance(value, str) and _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _Bad(_at(where, key), f"must be a date YYYY-MM-DD, not {value!r}")


def _account(item: dict, where: str) -> SeedAccount:
    keys = ("role", "account", "password", "email", "name")
    _keys(item, where, keys)
    role, account, password, email, name = (_text(item, where, k) for k in keys)
    _one_of(role, ROLES, where, "role")
    for problem in registration_problems(account, name, email, password, password, taken=False):
        key = _KEY_OF_PROBLEM.get(problem, "password")
        shown = "" if key == "password" else f"{item[key]!r}: "      # a password is never printed
        raise _Bad(_at(where, key), f"{shown}the portal's registration refuses it ({problem.value})")
    return SeedAccount(role, account, password, email, name)


def _card(item: dict, where: str) -> SeedCard:
    _keys(item, where, ("ui_number", "birth_date", "field"),
          ("class", "valid_from", "valid_until", "category", "documents"))
    ui_number = _text(item, where, "ui_number").upper()
    check = check_ui_number(ui_number)
    if not check.ok:
        raise _Bad(_at(where, "ui_number"), f"{ui_number!r} is not a 統一證號 ({check.problem})")
    field = _one_of(_text(item, where, "field"), catalog.FIELDS, where, "field")
    categories = catalog.categories_of(field)
    name = _text(item, where, "category") if "category" in item else categories[0].name
    category = catalog.find_category(field, _one_of(name, [c.name for c in categories], where, "category"))
    dates = _card_dates(item, where)
    return SeedCard(ui_number, _date(item, where, "birth_date"), field, category.name,
                    _documents(item, where, category), *dates)


def _card_dates(item: dict, where: str) -> tuple[str | None, date | None, date | None]:
    explicit = [k for k in ("valid_from", "valid_until") if k in item]
    if "class" in item:
        if explicit:
            raise _Bad(_at(where, explicit[0]), "give class, or valid_from and valid_until, not both")
        return _one_of(_text(item, where, "class"), CLASSES, where, "class"), None, None
    if not explicit:
        raise _Bad(_at(where, "class"), "missing (or give valid_from and valid_until)")
    for key in ("valid_from", "valid_until"):
        if key not in item:
            raise _Bad(_at(where, key), f"missing ({explicit[0]} needs it)")
    valid_from, valid_until = _date(item, where, "valid_from"), _date(item, where, "valid_until")
    if valid_until < valid_from:
        raise _Bad(_at(where, "valid_until"), f"{valid_until} is before valid_from {valid_from}")
    return None, valid_from, valid_until


def _documents(item: dict, where: str, category: catalog.Category) -> tuple[str, ...]:
    value = item.get("documents", [])
    if value == ALL_DOCUMENTS:
        return category.documents
    if not isinstance(value, list):
        raise _Bad(_at(where, "documents"), f'must be a list of document names or "{ALL_DOCUMENTS}", not {value!r}')
    for document in value:
        if document not in category.documents:
            raise _Bad(_at(where, "documents"), f"{document!r} is not one of {', '.join(category.documents)} "
                                                f"(the documents of {category.field} {category.name})")
    return tuple(value)


def _unique(entries: list, name: str, key: str) -> None:
    first: dict[str, int] = {}
    for n, entry in enumerate(entries, 1):
        value = getattr(entry, key)
        if value in first:
            raise _Bad(f"[[{name}]][{n}].{key}", f"{value!r} is already [[{name}]][{first[value]}]'s")
        first[value] = n


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:          # 29 February
        return day.replace(year=day.year - years, day=28)
