"""Reading the mail a portal sent (R-REGISTER's confirmation link, R-LOGIN-LOCK's new
password), by the target's `[mail].strategy`: the bundled portal's control API, a MailDev
server's REST API, or an IMAP mailbox over TLS. Each gives the same records as the control
API: {"to", "subject", "body", "links"}, oldest first."""

from __future__ import annotations

import email
import email.policy
import imaplib
import json
import re
import urllib.request
from typing import Protocol

from .target import Mail

LINK = re.compile(r"https?://[^\s<>\"'，。、]*[^\s<>\"'，。、.,;:!?)]")   # not the sentence's full stop
TIMEOUT_S = 10


class Mailbox(Protocol):
    def mails(self, to: str) -> list[dict]: ...


def record(to: str, subject: str, body: str) -> dict:
    return {"to": to, "subject": subject, "body": body, "links": LINK.findall(body)}


class ControlMailbox:
    def __init__(self, control) -> None:
        self.control = control

    def mails(self, to: str) -> list[dict]:
        return self.control.mails(to)


class MaildevMailbox:
    """MailDev's REST API: GET /email lists every message it caught."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def mails(self, to: str) -> list[dict]:
        with urllib.request.urlopen(self.url + "/email", timeout=TIMEOUT_S) as response:
            messages = json.loads(response.read())
        return [record(to, m.get("subject", ""), m.get("text") or m.get("html") or "")
                for m in messages if any(r.get("address", "").lower() == to.lower() for r in m.get("to", []))]


class ImapMailbox:
    """An IMAP mailbox over TLS: the messages addressed to `to`, in the INBOX."""

    def __init__(self, settings: Mail) -> None:
        self.settings = settings

    def mails(self, to: str) -> list[dict]:
        s = self.settings
        with imaplib.IMAP4_SSL(s.host, s.port, timeout=TIMEOUT_S) as imap:
            imap.login(s.user, s.password)
            imap.select("INBOX", readonly=True)
            _, found = imap.search(None, "TO", f'"{to}"')
            out = []
            for number in found[0].split():
                _, data = imap.fetch(number, "(RFC822)")
                message = email.message_from_bytes(data[0][1], policy=email.policy.default)
                part = message.get_body(preferencelist=("plain", "html"))
                out.append(record(to, str(message["subject"] or ""), part.get_content() if part else ""))
            return out


def mailbox_for(target, control=None) -> Mailbox | None:
    """The target's mailbox, or None where it has none (mail.strategy none)."""
    strategy = target.mail.strategy
    if strategy == "control":
        return ControlMailbox(control)
    if strategy == "maildev":
        return MaildevMailbox(target.mail.url)
    if strategy == "imap":
        return ImapMailbox(target.mail)
    return None
