"""How the portal's mails leave it: into its own outbox (read over the control API), or
over SMTP to a real mail server (`--smtp HOST:PORT`), as a staging portal's would. The
service hands every mail to one sender and learns whether it went; it never knows which
sender it has."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol

log = logging.getLogger("mock_portal.mail")

SENDER = "外國專業人才申辦窗口平臺 <no-reply@goldcard.portal.invalid>"
SMTP_TIMEOUT_S = 10


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str          # plain text; every link in it is a whole URL
    links: tuple[str, ...]
    sent_at: datetime


class MailNotSent(Exception):
    """The mail server refused the mail or could not be reached."""


class Sender(Protocol):
    def send(self, mail: Mail) -> None:
        """Deliver `mail` or raise MailNotSent."""


class OutboxSender:
    """The portal's own outbox (a table of its store): the control API reads it back."""

    def __init__(self, store) -> None:
        self.store = store

    def send(self, mail: Mail) -> None:
        log.info("mail to %s: %s %s", mail.to, mail.subject, " ".join(mail.links))   # to follow by hand
        self.store.add_mail(mail.to, mail.subject, mail.body, list(mail.links), mail.sent_at)


def message_of(mail: Mail) -> EmailMessage:
    """A MIME message: UTF-8 text/plain body, the subject RFC 2047-encoded by the policy."""
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.sent_at)
    message["Message-ID"] = make_msgid(domain="goldcard.portal.invalid")
    message.set_content(mail.body, charset="utf-8")
    return message


class SmtpSender:
    """A mail server at HOST:PORT, plain SMTP as a mail-capture server (MailDev) takes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def send(self, mail: Mail) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_S) as smtp:
                smtp.send_message(message_of(mail))
        except (OSError, smtplib.SMTPException) as error:
            log.warning("could not send the mail to %s (%s) through %s:%s: %s", mail.to, mail.subject,
                        self.host, self.port, error)
            raise MailNotSent(str(error)) from error
        log.info("mail to %s sent through %s:%s: %s", mail.to, self.host, self.port, mail.subject)


def smtp_address(text: str) -> tuple[str, int]:
    """"HOST:PORT" as given to --smtp, or ValueError saying what is wrong."""
    host, colon, port = text.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--smtp wants HOST:PORT (such as 127.0.0.1:1025), not {text!r}")
    return host, int(port)
