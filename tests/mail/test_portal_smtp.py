"""The bundled portal's mail over SMTP (`--smtp`, start_in_thread(smtp=...)): read back
through a real MailDev, the mails carry what the outbox carried (subject, body, links as
whole URLs that work), as proper MIME; with the mail server gone, the user is told the
mail could not be sent, nothing is lost and nothing answers 500."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime

import pytest

from harness.control import Control
from harness.mailbox import MaildevSource
from harness.maildev import free_port
from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.mail import Mail, message_of
from mock_portal.policy import Policy
from mock_portal.texts import TEXT
from tests.http.client import PASSWORD, Browser, new_account

NEW_PASSWORD = re.compile(r"新密碼：(\S+)")


def portal(**options):
    return start_in_thread(test_api=True, policy=Policy(password_cost=FAST_COST), **options)


@pytest.fixture
def outbox_portal():
    running = portal()
    yield running
    running.stop()


@pytest.fixture
def smtp_portal(maildev):
    running = portal(smtp=maildev.smtp)
    yield running
    running.stop()


@pytest.fixture
def unreachable_portal():
    """Its mail server is a port nobody listens on."""
    running = portal(smtp=("127.0.0.1", free_port()))
    yield running
    running.stop()


def register(url: str, account: str, email_address: str) -> Browser:
    browser = Browser(url)
    browser.get("/register?role=foreigner")
    reply = browser.post("/register?role=foreigner", {"account": account, "name": "Mail Person",
                                                      "email": email_address, "password": PASSWORD,
                                                      "confirm": PASSWORD})
    assert reply.status == 303, (reply.status, reply.text[:300])
    return browser


def log_in(url: str, account: str, password: str = PASSWORD) -> int:
    """The login's status: 303 when it got in."""
    return Browser(url).log_in(Control(url), account, password).status


def caught(maildev, to: str) -> list:
    return MaildevSource(maildev.url).letters(to)


def raw_source(maildev, to: str) -> email.message.EmailMessage:
    """The message as MailDev received it over SMTP, bytes and all."""
    found = [m for m in maildev.messages() if m["to"][0]["address"] == to]
    return email.message_from_bytes(maildev.source(found[-1]), policy=email.policy.default)


def test_the_confirmation_mail_through_maildev_carries_what_the_outbox_did(outbox_portal, smtp_portal, maildev):
    address = "smtp.person@example.com"
    register(outbox_portal.url, "smtpperson", address)
    register(smtp_portal.url, "smtpperson", address)
    [kept] = Control(outbox_portal.url).mails(address)
    [sent] = caught(maildev, address)
    token = re.compile(r"\?token=[\w-]+")
    assert sent.subject == kept["subject"] == "外國專業人才申辦窗口平臺 帳號認證信"
    assert token.sub("?token=T", sent.body.strip().replace(smtp_portal.url, "URL")) == \
        token.sub("?token=T", kept["body"].replace(outbox_portal.url, "URL"))
    [link] = sent.links
    assert link.startswith(f"{smtp_portal.url}/register/confirm?token="), link
    assert Control(smtp_portal.url).mails(address) == [], "with --smtp the outbox stays empty"
    assert log_in(smtp_portal.url, "smtpperson") != 303, "unconfirmed, it cannot log in yet"
    Browser(smtp_portal.url).get(link.removeprefix(smtp_portal.url))
    assert log_in(smtp_portal.url, "smtpperson") == 303, "the mailed link confirmed the account"


def test_the_mail_is_utf8_mime_with_an_encoded_subject(smtp_portal, maildev):
    register(smtp_portal.url, "mimeperson", "mime.person@example.com")
    message = raw_source(maildev, "mime.person@example.com")
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message["Subject"] == "外國專業人才申辦窗口平臺 帳號認證信"
    assert "外國專業人才申辦窗口平臺" in str(message["From"]) and message["To"] == "mime.person@example.com"
    assert message["Date"] and message["Message-ID"]
    assert "帳號 mimeperson 的電子郵件認證" in message.get_content()


def test_message_of_encodes_the_chinese_subject_for_the_wire():
    wire = message_of(Mail("a@example.com", "帳號認證信", "本文 http://x.example/c?token=1", ("http://x.example/c?token=1",),
                           datetime(2026, 12, 3, tzinfo=UTC))).as_bytes()
    assert b"Subject: =?utf-8?" in wire, "a non-ASCII subject goes out RFC 2047-encoded"
    assert "帳號認證信".encode() not in wire.split(b"\n\n")[0], "no raw UTF-8 in the headers"


def test_forgot_password_mails_a_new_password_that_unlocks(smtp_portal, maildev):
    control = Control(smtp_portal.url)
    new_account(control, "lockedperson", email="locked.person@example.com")
    for _ in range(5):
        log_in(smtp_portal.url, "lockedperson", "wrong-Password-1")
    assert log_in(smtp_portal.url, "lockedperson") != 303, "locked"
    browser = Browser(smtp_portal.url)
    browser.get("/forgot-password")
    reply = browser.post("/forgot-password", {"account": "lockedperson", "email": "locked.person@example.com"})
    assert reply.status == 303
    [mail] = caught(maildev, "locked.person@example.com")
    assert mail.subject == "外國專業人才申辦窗口平臺 新密碼通知"
    assert log_in(smtp_portal.url, "lockedperson", NEW_PASSWORD.search(mail.body).group(1)) == 303


def test_registration_without_a_mail_server_keeps_the_account_and_says_so(unreachable_portal, portal_errors):
    browser = register(unreachable_portal.url, "nomailperson", "no.mail@example.com")
    page = browser.get("/login?role=foreigner")
    assert TEXT["registered-mail-not-sent"] in page.text
    store = unreachable_portal.portal.store
    assert store.account("nomailperson") is not None and not store.account("nomailperson").verified
    resend = Browser(unreachable_portal.url)
    resend.get("/register/resend")
    reply = resend.post("/register/resend", {"account": "nomailperson", "email": "no.mail@example.com"})
    assert reply.status == 200 and TEXT["mail-not-sent"] in reply.text
    assert 'value="nomailperson"' in reply.text, "what was typed stays on the form"
    assert not portal_errors, "a mail that cannot go is a warning, not an error"


def test_forgot_password_without_a_mail_server_changes_nothing(unreachable_portal, portal_errors):
    control = Control(unreachable_portal.url)
    new_account(control, "keptperson", email="kept.person@example.com")
    for _ in range(2):
        log_in(unreachable_portal.url, "keptperson", "wrong-Password-1")
    browser = Browser(unreachable_portal.url)
    browser.get("/forgot-password")
    reply = browser.post("/forgot-password", {"account": "keptperson", "email": "kept.person@example.com"})
    assert reply.status == 200 and TEXT["mail-not-sent"] in reply.text
    assert unreachable_portal.portal.store.account("keptperson").wrong_in_a_row == 2, "the count is as it was"
    assert log_in(unreachable_portal.url, "keptperson") == 303, "the old password still works"
    assert not portal_errors
