"""The portal's state in SQLite: accounts, browser sessions, issued cards, drafts with
their uploads, applications and the mail outbox. One connection shared by every
server thread behind one lock (an in-memory database exists once per connection)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from .domain.cards import Card

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account TEXT PRIMARY KEY, password_hash TEXT NOT NULL, email TEXT NOT NULL,
    role TEXT NOT NULL, name TEXT NOT NULL, verified INTEGER NOT NULL,
    password_changed_at TEXT NOT NULL, wrong_in_a_row INTEGER NOT NULL DEFAULT 0,
    verify_token TEXT);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, csrf TEXT NOT NULL, captcha TEXT NOT NULL, account TEXT,
    logged_in_at TEXT, answers TEXT, card_id INTEGER, flash TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cards (
    id INTEGER PRIMARY KEY, ui_number TEXT NOT NULL, birth_date TEXT NOT NULL,
    valid_from TEXT NOT NULL, valid_until TEXT NOT NULL, field TEXT NOT NULL,
    category TEXT NOT NULL, documents TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS category_rules (
    field TEXT NOT NULL, category TEXT NOT NULL, rules_changed_on TEXT NOT NULL,
    PRIMARY KEY (field, category));
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
    card_id INTEGER, saved_on TEXT NOT NULL, saved_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    owner TEXT NOT NULL, document TEXT NOT NULL, filename TEXT NOT NULL,
    media_type TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (owner, document));
CREATE TABLE IF NOT EXISTS applications (
    number TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
    documents TEXT NOT NULL, submitted_at TEXT NOT NULL, status TEXT NOT NULL, fee INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mails (
    id INTEGER PRIMARY KEY, to_addr TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
    links TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
INSERT_CARD = ("INSERT INTO cards (ui_number, birth_date, valid_from, valid_until, field, category, documents)"
               " VALUES (?,?,?,?,?,?,?)")
TABLES = ("accounts", "sessions", "cards", "category_rules", "drafts", "uploads", "applications",
          "mails", "counters")


@dataclass(frozen=True)
class Account:
    account: str
    password_hash: str
    email: str
    role: str
    name: str
    verified: bool
    password_changed_at: datetime
    wrong_in_a_row: int
    verify_token: str | None


@dataclass(frozen=True)
class Session:
    id: str
    csrf: str
    captcha: str
    account: str | None
    logged_in_at: datetime | None
    answers: dict | None
    card_id: int | None
    flash: str | None


@dataclass(frozen=True)
class Draft:
    id: int
    account: str
    name: str
    data: dict
    card_id: int | None
    saved_on: date
    saved_at: datetime


@dataclass(frozen=True)
class Upload:
    document: str
    filename: str
    media_type: str
    size: int


@dataclass(frozen=True)
class Application:
    number: str
    account: str
    name: str
    data: dict
    documents: list
    submitted_at: datetime
    status: str
    fee: int


class Store:
    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._db.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One lock, one transaction: what happens inside is all-or-nothing."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _all(self, sql: str, *args) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, sql: str, *args) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _run(self, sql: str, *args) -> int:
        with self.transaction() as db:
            return db.execute(sql, args).rowcount

    def reset(self) -> None:
        with self.transaction() as db:
            for table in TABLES:
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

    # accounts ---------------------------------------------------------------
    def add_account(self, a: Account) -> None:
        self._run(
            "INSERT OR REPLACE INTO accounts VALUES (?,?,?,?,?,?,?,?,?)",
            a.account, a.password_hash, a.email, a.role, a.name, int(a.verified),
            a.password_changed_at.isoformat(), a.wrong_in_a_row, a.verify_token,
        )

    def account(self, account: str) -> Account | None:
        row = self._one("SELECT * FROM accounts WHERE account = ?", account)
        return _account(row) if row else None

    def accounts_by_email(self, email: str) -> list[Account]:
        rows = self._all("SELECT * FROM accounts WHERE lower(email) = lower(?) ORDER BY account", email)
        return [_account(r) for r in rows]

    def account_by_token(self, token: str) -> Account | None:
        row = self._one("SELECT * FROM accounts WHERE verify_token = ?", token)
        return _account(row) if row else None

    def set_wrong_in_a_row(self, account: str, count: int) -> None:
        self._run("UPDATE accounts SET wrong_in_a_row = ? WHERE account = ?", count, account)

    def set_password(self, account: str, password_hash: str, changed_at: datetime) -> None:
        self._run(
            "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE account = ?",
            password_hash, changed_at.isoformat(), account,
        )

    def set_verify_token(self, account: str, token: str | None) -> None:
        self._run("UPDATE accounts SET verify_token = ? WHERE account = ?", token, account)

    def mark_verified(self, account: str) -> None:
        self._run("UPDATE accounts SET verified = 1, verify_token = NULL WHERE account = ?", account)

    # sessions ---------------------------------------------------------------
    def add_session(self, session_id: str, csrf: str, captcha: str, now: datetime) -> None:
        self._run(
            "INSERT INTO sessions (id, csrf, captcha, created_at) VALUES (?,?,?,?)",
            session_id, csrf, captcha, now.isoformat(),
        )

    def session(self, session_id: str) -> Session | None:
        row = self._one("SELECT * FROM sessions WHERE id = ?", session_id)
        if row is None:
            return None
        return Session(
            row["id"], row["csrf"], row["captcha"], row["account"], _dt(row["logged_in_at"]),
            json.loads(row["answers"]) if row["answers"] else None, row["card_id"], row["flash"],
        )

    def set_captcha(self, session_id: str, captcha: str) -> None:
        self._run("UPDATE sessions SET captcha = ? WHERE id = ?", captcha, session_id)

    def sign_in(self, session_id: str, account: str, now: datetime) -> None:
        self._run(
            "UPDATE sessions SET account = ?, logged_in_at = ?, answers = NULL, card_id = NULL WHERE id = ?",
            account, now.isoformat(), session_id,
        )

    def sign_out(self, session_id: str, flash: str | None = None) -> None:
        """Forget the sign-in and everything unsaved that hangs on it (R-SESSION-30)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET account = NULL, logged_in_at = NULL, answers = NULL, card_id = NULL,"
                " flash = ? WHERE id = ?", (flash, session_id),
            )
            db.execute("DELETE FROM uploads WHERE owner = ?", (_pending(session_id),))

    def set_flash(self, session_id: str, flash: str | None) -> None:
        self._run("UPDATE sessions SET flash = ? WHERE id = ?", flash, session_id)

    def set_answers(self, session_id: str, answers: dict | None, card_id: int | None) -> None:
        self._run(
            "UPDATE sessions SET answers = ?, card_id = ? WHERE id = ?",
            json.dumps(answers, ensure_ascii=False) if answers is not None else None, card_id, session_id,
        )

    # cards and category rules -----------------------------------------------
    def add_card(self, card: Card) -> int:
        with self.transaction() as db:
            return db.execute(INSERT_CARD, _card_values(card)).lastrowid

    def put_card(self, card: Card) -> int:
        """The card of this 統一證號 and 出生日期 rewritten in place when there is one (its id,
        which drafts point to, stays), else added: seeding a --db file twice adds nothing."""
        ui_number, birth_date, *rest = _card_values(card)
        with self.transaction() as db:
            found = db.execute("SELECT min(id) FROM cards WHERE ui_number = ? AND birth_date = ?",
                               (ui_number, birth_date)).fetchone()[0]
            if found is None:
                return db.execute(INSERT_CARD, (ui_number, birth_date, *rest)).lastrowid
            db.execute("UPDATE cards SET valid_from = ?, valid_until = ?, field = ?, category = ?, documents = ?"
                       " WHERE id = ?", (*rest, found))
            return found

    def cards(self, ui_number: str) -> dict[Card, int]:
        """The cards issued under this 統一證號, each with its row id."""
        rows = self._all("SELECT * FROM cards WHERE ui_number = ?", ui_number.strip().upper())
        return {_card(r): r["id"] for r in rows}

    def card(self, card_id: int | None) -> Card | None:
        if card_id is None:
            return None
        row = self._one("SELECT * FROM cards WHERE id = ?", card_id)
        return _card(row) if row else None

    def set_rules_changed(self, field: str, category: str, on: date) -> None:
        self._run("INSERT OR REPLACE INTO category_rules VALUES (?,?,?)", field, category, on.isoformat())

    def rules_changed_on(self, field: str, category: str) -> date | None:
        row = self._one("SELECT rules_changed_on FROM category_rules WHERE field = ? AND category = ?",
                        field, category)
        return date.fromisoformat(row[0]) if row else None

    # drafts and uploads -----------------------------------------------------
    def save_draft(self, draft_id: int | None, account: str, name: str, data: dict, card_id: int | None,
                   now: datetime, session_id: str) -> int:
        """Write the draft and move the session's pending uploads onto it, in one transaction."""
        payload = json.dumps(data, ensure_ascii=False)
        with self.transaction() as db:
            if draft_id is None:
                draft_id = db.execute(
                    "INSERT INTO drafts (account, name, data, card_id, saved_on, saved_at) VALUES (?,?,?,?,?,?)",
                    (account, name, payload, card_id, now.date().isoformat(), now.isoformat()),
                ).lastrowid
            else:
                db.execute(
                    "UPDATE drafts SET name = ?, data = ?, saved_on = ?, saved_at = ? WHERE id = ? AND account = ?",
                    (name, payload, now.date().isoformat(), now.isoformat(), draft_id, account),
                )
            owner = _draft(draft_id)
            pending = _pending(session_id)
            db.execute(
                "DELETE FROM uploads WHERE owner = ? AND document IN (SELECT document FROM uploads WHERE owner = ?)",
                (owner, pending),
            )
            db.execute("UPDATE uploads SET owner = ? WHERE owner = ?", (owner, pending))
            return draft_id

    def drafts(self, account: str) -> list[Draft]:
        return [_draft_row(r) for r in self._all("SELECT * FROM drafts WHERE account = ? ORDER BY id", account)]

    def all_drafts(self) -> list[Draft]:
        return [_draft_row(r) for r in self._all("SELECT * FROM drafts ORDER BY id")]

    def draft(self, draft_id: int, account: str) -> Draft | None:
        row = self._one("SELECT * FROM drafts WHERE id = ? AND account = ?", draft_id, account)
        return _draft_row(row) if row else None

    def delete_draft(self, draft_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            db.execute("DELETE FROM uploads WHERE owner = ?", (_draft(draft_id),))

    def put_pending_upload(self, session_id: str, document: str, filename: str, media_type: str,
                           content: bytes) -> None:
        self._run("INSERT OR REPLACE INTO uploads VALUES (?,?,?,?,?)",
                  _pending(session_id), document, filename, media_type, content)

    def drop_pending_upload(self, session_id: str, document: str) -> None:
        self._run("DELETE FROM uploads WHERE owner = ? AND document = ?", _pending(session_id), document)

    def drop_pending_uploads(self, session_id: str) -> None:
        self._run("DELETE FROM uploads WHERE owner = ?", _pending(session_id))

    def drop_draft_upload(self, draft_id: int, document: str) -> None:
        self._run("DELETE FROM uploads WHERE owner = ? AND document = ?", _draft(draft_id), document)

    def pending_uploads(self, session_id: str) -> dict[str, Upload]:
        return self._uploads(_pending(session_id))

    def draft_uploads(self, draft_id: int) -> dict[str, Upload]:
        return self._uploads(_draft(draft_id))

    def _uploads(self, owner: str) -> dict[str, Upload]:
        rows = self._all(
            "SELECT document, filename, media_type, length(content) AS size FROM uploads WHERE owner = ?", owner
        )
        return {r["document"]: Upload(r["document"], r["filename"], r["media_type"], r["size"]) for r in rows}

    # applications -----------------------------------------------------------
    def next_serial(self, db: sqlite3.Connection) -> int:
        db.execute("INSERT OR IGNORE INTO counters VALUES ('application', 0)")
        db.execute("UPDATE counters SET value = value + 1 WHERE name = 'application'")
        return db.execute("SELECT value FROM counters WHERE name = 'application'").fetchone()[0]

    def add_application(self, db: sqlite3.Connection, app: Application, draft_id: int) -> None:
        """Inside the caller's transaction: the application appears and the draft goes, together."""
        db.execute(
            "INSERT INTO applications VALUES (?,?,?,?,?,?,?,?)",
            (app.number, app.account, app.name, json.dumps(app.data, ensure_ascii=False),
             json.dumps(app.documents, ensure_ascii=False), app.submitted_at.isoformat(), app.status, app.fee),
        )
        db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        db.execute("UPDATE uploads SET owner = ? WHERE owner = ?", ("application:" + app.number, _draft(draft_id)))

    def applications(self, account: str) -> list[Application]:
        rows = self._all("SELECT * FROM applications WHERE account = ? ORDER BY submitted_at, number", account)
        return [_application(r) for r in rows]

    def application(self, number: str, account: str) -> Application | None:
        row = self._one("SELECT * FROM applications WHERE number = ? AND account = ?", number, account)
        return _application(row) if row else None

    # mail -------------------------------------------------------------------
    def add_mail(self, to: str, subject: str, body: str, links: list[str], now: datetime) -> None:
        """Into the outbox, which the control API reads."""
        self._run("INSERT INTO mails (to_addr, subject, body, links, sent_at) VALUES (?,?,?,?,?)",
                  to, subject, body, json.dumps(links), now.isoformat())

    def mails(self, to: str) -> list[dict]:
        rows = self._all("SELECT * FROM mails WHERE lower(to_addr) = lower(?) ORDER BY id", to)
        return [{"to": r["to_addr"], "subject": r["subject"], "body": r["body"], "links": json.loads(r["links"])}
                for r in rows]


def _pending(session_id: str) -> str:
    return "pending:" + session_id


def _draft(draft_id: int) -> str:
    return f"draft:{draft_id}"


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _account(r: sqlite3.Row) -> Account:
    return Account(r["account"], r["password_hash"], r["email"], r["role"], r["name"], bool(r["verified"]),
                   datetime.fromisoformat(r["password_changed_at"]), r["wrong_in_a_row"], r["verify_token"])


def _card(r: sqlite3.Row) -> Card:
    return Card(r["ui_number"], date.fromisoformat(r["birth_date"]), date.fromisoformat(r["valid_from"]),
                date.fromisoformat(r["valid_until"]), r["field"], r["category"], tuple(json.loads(r["documents"])))


def _card_values(card: Card) -> tuple:
    """A card as the cards table's columns after the id, in order."""
    return (card.ui_number.upper(), card.birth_date.isoformat(), card.valid_from.isoformat(),
            card.valid_until.isoformat(), card.field, card.category,
            json.dumps(list(card.documents), ensure_ascii=False))


def _draft_row(r: sqlite3.Row) -> Draft:
    return Draft(r["id"], r["account"], r["name"], json.loads(r["data"]), r["card_id"],
                 date.fromisoformat(r["saved_on"]), datetime.fromisoformat(r["saved_at"]))


def _application(r: sqlite3.Row) -> Application:
    return Application(r["number"], r["account"], r["name"], json.loads(r["data"]), json.loads(r["documents"]),
                       datetime.fromisoformat(r["submitted_at"]), r["status"], r["fee"])
