"""Reading the mail a portal sent (R-REGISTER's confirmation link, R-LOGIN-LOCK's new
password), by the target's `[mail].strategy`: the bundled portal's control API (its
outbox), a MailDev server's REST API, or an IMAP mailbox. Whatever the source, a step asks
one `Mailbox` for the newest mail to an address that it is waiting for, and gets its
subject, body and links once it has arrived (or a failure saying what did arrive)."""

from __future__ import annotations

import email
import email.policy
import imaplib
import itertools
import json
import re
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .target import Mail

LINK = re.compile(r"https?://[^\s<>\"'，。、]*[^\s<>\"'，。、.,;:!?)]")   # not the sentence's full stop
REQUEST_TIMEOUT_S = 10
MAIL_TIMEOUT_S = 30        # a real staging portal's mail passes through real mail servers
POLL_INTERVALS_S = (0.05, 0.1, 0.2, 0.5, 1.0)     # then every second until the timeout


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    body: str
    links: tuple[str, ...]


class MailboxUnreachable(RuntimeError):
    """The target's mailbox does not answer: a set-up problem, not a finding about the portal."""


def letter(to: str, subject: str, body: str) -> Letter:
    """A mail as the harness reads it: its links are every URL in its body."""
    return Letter(to, subject, body, tuple(LINK.findall(body)))


class MailSource(Protocol):
    def letters(self, to: str) -> list[Letter]:
        """Every mail to `to` there is now, oldest first."""


class ControlSource:
    """The bundled portal's outbox, over its control API."""

    def __init__(self, control) -> None:
        self.control = control

    def letters(self, to: str) -> list[Letter]:
        return [Letter(m["to"], m["subject"], m["body"], tuple(m["links"])) for m in self.control.mails(to)]


class MaildevSource:
    """MailDev's REST API: GET /email lists every message it caught, oldest first."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def letters(self, to: str) -> list[Letter]:
        try:
            with urllib.request.urlopen(self.url + "/email", timeout=REQUEST_TIMEOUT_S) as response:
                messages = json.loads(response.read())
        except OSError as error:
            raise MailboxUnreachable(f"MailDev at {self.url} did not answer ({error}): start it (npx maildev),"
                                     " or give the profile's [mail] the url it listens on") from None
        return [letter(to, m.get("subject", ""), m.get("text") or m.get("html") or "")
                for m in messages if any(r.get("address", "").lower() == to.lower() for r in m.get("to") or [])]


class ImapSource:
    """An IMAP mailbox (TLS unless the profile says `tls = false`): the INBOX's messages to
    `to`, read without marking them seen."""

    def __init__(self, settings: Mail) -> None:
        self.settings = settings

    def _connect(self) -> imaplib.IMAP4:
        s = self.settings
        if not s.tls:
            return imaplib.IMAP4(s.host, s.port, timeout=REQUEST_TIMEOUT_S)
        context = ssl.create_default_context(cafile=s.ca_file or None)
        return imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context, timeout=REQUEST_TIMEOUT_S)

    def letters(self, to: str) -> list[Letter]:
        try:
            return self._read(to)
        except (OSError, imaplib.IMAP4.error) as error:
            s = self.settings
            raise MailboxUnreachable(f"the IMAP mailbox {s.user}@{s.host}:{s.port} could not be read: {error}"
                                     ) from None

    def _read(self, to: str) -> list[Letter]:
        with self._connect() as imap:
            imap.login(self.settings.user, self.settings.password)
            imap.select("INBOX", readonly=True)
            _, found = imap.search(None, "TO", f'"{to}"')
            out = []
            for number in found[0].split():
                _, data = imap.fetch(number, "(BODY.PEEK[])")
                message = email.message_from_bytes(data[0][1], policy=email.policy.default)
                part = message.get_body(preferencelist=("plain", "html"))
                out.append(letter(to, str(message["subject"] or ""), part.get_content() if part else ""))
            return out


class MailNotArrived(AssertionError):
    """The mail a step waited for did not come within the timeout."""


class Mailbox:
    """A target's mail, waited for: a mailbox has nothing the harness could block on (MailDev
    pushes over socket.io, IMAP's IDLE is optional), so it asks again, soon at first and then
    every second, until the mail is there or the timeout has passed."""

    def __init__(self, source: MailSource, *, timeout_s: float = MAIL_TIMEOUT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.source, self.timeout_s, self.clock = source, timeout_s, clock
        self._pause = threading.Event()          # never set: its wait() is the pause between asks

    def letters(self, to: str, matching: Callable[[Letter], bool] | None = None) -> list[Letter]:
        """The mails to `to` (that match) there are now, oldest first."""
        return [m for m in self.source.letters(to) if matching is None or matching(m)]

    def wait_for(self, to: str, *, matching: Callable[[Letter], bool] | None = None, count: int = 1,
                 what: str = "mail") -> list[Letter]:
        """Once at least `count` mails to `to` match: all of them, oldest first."""
        deadline = self.clock() + self.timeout_s
        for attempt in itertools.count():
            found = self.letters(to, matching)
            if len(found) >= count:
                return found
            left = deadline - self.clock()
            if left <= 0:
                break
            self._pause.wait(min(left, POLL_INTERVALS_S[min(attempt, len(POLL_INTERVALS_S) - 1)]))
        arrived = self.letters(to)
        raise MailNotArrived(f"no {what} to {to} within {self.timeout_s:g} s: {len(found)} of {count} came"
                             f" ({len(arrived)} mail(s) to that address in all"
                             f"{': ' + ', '.join(repr(m.subject) for m in arrived) if arrived else ''})")

    def newest(self, to: str, *, matching: Callable[[Letter], bool] | None = None, what: str = "mail") -> Letter:
        return self.wait_for(to, matching=matching, what=what)[-1]


def mailbox_for(target, control=None, *, timeout_s: float = MAIL_TIMEOUT_S) -> Mailbox | None:
    """The target's mailbox, or None where it has none (mail.strategy none)."""
    strategy = target.mail.strategy
    if strategy == "control":
        return Mailbox(ControlSource(control), timeout_s=timeout_s)
    if strategy == "maildev":
        return Mailbox(MaildevSource(target.mail.url), timeout_s=timeout_s)
    if strategy == "imap":
        return Mailbox(ImapSource(target.mail), timeout_s=timeout_s)
    return None
