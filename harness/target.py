"""The portal under test, as a target profile (../shared/spec/targets.md): where it is,
how its captcha is read, which accounts and cards people provisioned there, how its mail
is read, and what the suite is allowed to do on it.

There is one code path with two kinds of target: the bundled portal (described by
`bundled_target`, with the control API, clock, mail and captcha) and a profile file
(`load_target`). A profile that is wrong stops the run before any browser starts: the
loader raises `ProfileError` with one line naming the file and the key."""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from .vocabulary import ROLES

DEFAULT_ENTRY_PATH = "/coa-frontend/four-in-one/entry/main?lang=zh"
CARD_CLASSES = ("expired", "valid-in-window", "valid-early", "unknown")
CAPTCHA_STRATEGIES = ("control", "fixed", "manual", "command")
MAIL_STRATEGIES = ("control", "maildev", "imap", "none")
DEFAULT_MANUAL_WAIT_S = 120
BUNDLED = "bundled"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ProfileError(ValueError):
    """A profile that cannot be used; the message is one line: file, key, problem."""


@dataclass(frozen=True)
class Account:
    role: str
    account: str
    password: str = field(repr=False)
    email: str
    name: str


@dataclass(frozen=True)
class Card:
    card_class: str
    ui_number: str
    birth_date: date
    field: str = ""
    category: str | None = None
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Captcha:
    strategy: str
    value: str = field(default="", repr=False)
    command: str = ""
    wait_s: float = DEFAULT_MANUAL_WAIT_S


@dataclass(frozen=True)
class Mail:
    strategy: str = "none"
    url: str = ""
    host: str = ""
    port: int = 993
    user: str = ""
    password: str = field(default="", repr=False)
    tls: bool = True               # imap: IMAP over TLS (false only for a test server on loopback)
    ca_file: str = ""              # imap: a CA bundle for a staging server's own certificate


@dataclass(frozen=True)
class Allow:
    drafts: bool = False
    destructive: bool = False


@dataclass(frozen=True)
class Target:
    name: str
    base_url: str                  # "" for the bundled portal until it has started
    entry_path: str = DEFAULT_ENTRY_PATH
    captcha: Captcha = Captcha("control")
    accounts: tuple[Account, ...] = ()
    cards: tuple[Card, ...] = ()
    mail: Mail = Mail()
    allow: Allow = Allow()
    bundled: bool = False          # the bundled portal: control API, clock, fresh accounts
    source: str = "built-in profile"

    @property
    def is_loopback(self) -> bool:
        return self.bundled or is_loopback(self.base_url)

    def accounts_of(self, role: str) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if a.role == role)

    def cards_of(self, card_class: str) -> tuple[Card, ...]:
        return tuple(c for c in self.cards if c.card_class == card_class)

    def secrets(self) -> list[str]:
        """Every value of the profile that must never be written anywhere."""
        values = [a.password for a in self.accounts] + [self.mail.password]
        if self.captcha.strategy == "fixed":
            values.append(self.captcha.value)
        return [v for v in values if v]

    def with_base_url(self, base_url: str) -> Target:
        return Target(**{**self.__dict__, "base_url": base_url.rstrip("/")})

    def allowing_destructive(self) -> Target:
        return Target(**{**self.__dict__, "allow": Allow(self.allow.drafts, True)})


def is_loopback(url: str) -> bool:
    """An address on this machine: localhost or a loopback IP (never a name that merely starts with 127.)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bundled_target() -> Target:
    """The bundled portal: everything the control API offers, and everything allowed."""
    return Target(name=BUNDLED, base_url="", captcha=Captcha("control"), mail=Mail("control"),
                  allow=Allow(drafts=True, destructive=True), bundled=True)


def name_for(base_url: str) -> str:
    """A profile name for a bare --base-url: its host and port, safe as a folder name."""
    parts = urlsplit(base_url)
    return "-".join(p for p in (parts.hostname, str(parts.port or "")) if p) or "target"


def url_target(base_url: str) -> Target:
    """`--base-url URL` alone: a profile with only its base_url (no accounts, no cards)."""
    return Target(name=name_for(base_url), base_url=base_url.rstrip("/"), captcha=Captcha("manual"),
                  source=f"--base-url {base_url}")


# Reading a profile file ---------------------------------------------------------------

class _Reader:
    """Reads one table of the file, remembering where it is, so every problem names its key."""

    def __init__(self, file: str, table: Mapping, where: str, env: Mapping[str, str]) -> None:
        self.file, self.table, self.where, self.env = file, table, where, env
        self.used: set[str] = set()

    def fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(f"{self.file}: {self.where}{key}: {problem}")

    def get(self, key: str, kind: type | tuple, default=..., *, choices: tuple[str, ...] = ()):
        self.used.add(key)
        if key not in self.table:
            if default is ...:
                raise self.fail(key, "missing (required)")
            return default
        value = self.table[key]
        numeric = kind in (int, float) or (isinstance(kind, tuple) and set(kind) & {int, float})
        if not isinstance(value, kind) or (numeric and isinstance(value, bool)):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise self.fail(key, f"must be {names}, not {type(value).__name__} {value!r}")
        if choices and value not in choices:
            raise self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def text(self, key: str, default=..., **options) -> str:
        value = self.get(key, str, default, **options)
        if value == "" and default is ...:
            raise self.fail(key, "must not be empty")
        return value

    def day(self, key: str) -> date:
        value = self.get(key, (str, date))
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            if isinstance(value, str) and ISO_DAY.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        raise self.fail(key, f"{value!r} is not a date YYYY-MM-DD")

    def secret(self, key: str, *, required: bool = True) -> str:
        """`key` in the file, or the environment variable named by `key`_env."""
        env_key = f"{key}_env"
        if key in self.table and env_key in self.table:
            raise self.fail(key, f"give {key} or {env_key}, not both")
        if env_key in self.table:
            variable = self.text(env_key)
            value = self.env.get(variable)
            if not value:
                raise self.fail(env_key, f"the environment variable {variable} is not set")
            return value
        if key in self.table or required:
            if key not in self.table:
                raise self.fail(key, f"missing (give {key} or {env_key})")
            return self.text(key)
        return ""

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            raise self.fail(unknown[0], "unknown key")

    def child(self, key: str, index: int | None = None, table=None) -> _Reader:
        where = f"{self.where}[{key}]." if index is None else f"{self.where}[[{key}]][{index}]."
        return _Reader(self.file, table if table is not None else {}, where, self.env)


def load_target(path: str | os.PathLike, env: Mapping[str, str] | None = None) -> Target:
    """Read and check a profile; raises ProfileError with one line naming file and key."""
    file = str(path)
    env = os.environ if env is None else env
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"{file}: cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{file}: not valid TOML: {error}") from None
    top = _Reader(file, data, "", env)
    name = top.text("name")
    if "/" in name or name in (".", "..") or name.startswith("chromium-"):
        raise top.fail("name", f"{name!r} cannot name a baselines folder")
    base_url = top.text("base_url")
    if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).hostname:
        raise top.fail("base_url", f"{base_url!r} is not an http(s) URL")
    entry_path = top.text("entry_path", DEFAULT_ENTRY_PATH)
    if not entry_path.startswith("/"):
        raise top.fail("entry_path", f"{entry_path!r} must start with /")
    captcha = _captcha(top.child("captcha", table=top.get("captcha", dict)))
    accounts = tuple(_account(top.child("accounts", i, t)) for i, t in enumerate(_tables(top, "accounts"), 1))
    cards = tuple(_card(top.child("cards", i, t)) for i, t in enumerate(_tables(top, "cards"), 1))
    mail = _mail(top.child("mail", table=top.get("mail", dict, {})))
    allow = _allow(top.child("allow", table=top.get("allow", dict, {})))
    top.done()
    seen: set[str] = set()
    for index, account in enumerate(accounts, 1):
        if account.account in seen:
            raise ProfileError(f"{file}: [[accounts]][{index}].account: {account.account!r} is listed twice")
        seen.add(account.account)
    return Target(name=name, base_url=base_url.rstrip("/"), entry_path=entry_path, captcha=captcha,
                  accounts=accounts, cards=cards, mail=mail, allow=allow, source=file)


def _tables(reader: _Reader, key: str) -> list:
    tables = reader.get(key, list, [])
    for index, table in enumerate(tables, 1):
        if not isinstance(table, dict):
            raise ProfileError(f"{reader.file}: [[{key}]][{index}]: must be a table")
    return tables


def _captcha(r: _Reader) -> Captcha:
    strategy = r.text("strategy", choices=CAPTCHA_STRATEGIES)
    value = r.secret("value", required=strategy == "fixed")
    command = r.text("command") if strategy == "command" else r.text("command", "")
    wait_s = r.get("wait_s", (int, float), DEFAULT_MANUAL_WAIT_S)
    if wait_s <= 0:
        raise r.fail("wait_s", "must be more than 0 seconds")
    if strategy == "control":
        raise r.fail("strategy", "'control' needs the control API, which only the bundled portal has")
    r.done()
    return Captcha(strategy, value, command, float(wait_s))


def _account(r: _Reader) -> Account:
    account = Account(role=r.text("role", choices=ROLES), account=r.text("account"), password=r.secret("password"),
                      email=r.text("email"), name=r.text("name", ""))
    r.done()
    return account


def _card(r: _Reader) -> Card:
    documents = r.get("documents", list, [])
    if not all(isinstance(d, str) and d for d in documents):
        raise r.fail("documents", "must be a list of document names")
    card_class = r.text("class", choices=CARD_CLASSES)
    card = Card(card_class=card_class, ui_number=r.text("ui_number").upper(), birth_date=r.day("birth_date"),
                field=r.text("field", "" if card_class == "unknown" else ...), category=r.text("category", None),
                documents=tuple(documents))
    r.done()
    return card


def _mail(r: _Reader) -> Mail:
    strategy = r.text("strategy", "none", choices=MAIL_STRATEGIES)
    if strategy == "control":
        raise r.fail("strategy", "'control' needs the control API, which only the bundled portal has")
    tls = r.get("tls", bool, True)
    mail = Mail(strategy=strategy,
                url=r.text("url") if strategy == "maildev" else r.text("url", ""),
                host=r.text("host") if strategy == "imap" else r.text("host", ""),
                port=r.get("port", int, 993 if tls else 143),
                user=r.text("user") if strategy == "imap" else r.text("user", ""),
                password=r.secret("password", required=strategy == "imap"),
                tls=tls, ca_file=r.text("ca_file", ""))
    if strategy == "imap" and not tls and not is_loopback(f"imap://{mail.host}"):
        raise r.fail("tls", "plain IMAP sends the mailbox's password in the clear: only to a loopback address")
    r.done()
    return mail


def _allow(r: _Reader) -> Allow:
    allow = Allow(drafts=r.get("drafts", bool, False), destructive=r.get("destructive", bool, False))
    r.done()
    return allow
