"""The IMAP reader (mail strategy `imap`) against a real IMAP server: a throw-away Dovecot
on loopback (tests/mail/dovecot.py), over TLS with its own certificate and in plain text,
holding mails as the bundled portal writes them. Skipped, saying why, where the machine
has no dovecot-imapd."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from harness.mailbox import ImapSource, Mailbox, MailboxUnreachable, MailNotArrived
from harness.target import Mail as MailSettings
from mock_portal.mail import Mail, message_of
from tests.mail import dovecot

LINK = "http://127.0.0.1:8181/register/confirm?token=abc-123"
CONFIRM, NEW_PASSWORD = "外國專業人才申辦窗口平臺 帳號認證信", "外國專業人才申辦窗口平臺 新密碼通知"


@pytest.fixture(scope="module")
def imap_server():
    lack = dovecot.missing()
    if lack:
        pytest.skip(lack)
    folder = tempfile.TemporaryDirectory(prefix="dovecot-")      # not pytest's: dovecot's users cannot enter it
    server = dovecot.start_dovecot(Path(folder.name))
    mailed = [Mail("qa1@example.com", CONFIRM, f"請點選下列連結完成認證：\n{LINK}", (LINK,),
                   datetime(2026, 12, 3, 9, tzinfo=UTC)),
              Mail("someone@example.com", "other", "not for qa1", (), datetime(2026, 12, 3, 9, 1, tzinfo=UTC)),
              Mail("qa1@example.com", NEW_PASSWORD, "新密碼：Xy12345678\n請以新密碼登入。", (),
                   datetime(2026, 12, 3, 9, 2, tzinfo=UTC))]
    for number, mail in enumerate(mailed):
        server.deliver(message_of(mail).as_bytes(), f"m{number}")
    yield server
    server.stop()
    folder.cleanup()


def settings(server, *, tls: bool, **changes) -> MailSettings:
    values = {"strategy": "imap", "host": "127.0.0.1", "port": server.imaps_port if tls else server.imap_port,
              "user": dovecot.USER, "password": dovecot.PASSWORD, "tls": tls,
              "ca_file": str(server.cert) if tls else "", **changes}
    return MailSettings(**values)


@pytest.mark.parametrize("tls", [True, False], ids=["TLS", "plain"])
def test_the_imap_reader_gives_the_mails_to_one_address_with_subject_body_and_links(imap_server, tls):
    letters = ImapSource(settings(imap_server, tls=tls)).letters("qa1@example.com")
    assert [m.subject for m in letters] == [CONFIRM, NEW_PASSWORD]
    assert letters[0].links == (LINK,)
    assert letters[1].body.startswith("新密碼：Xy12345678") and letters[1].links == ()


def test_reading_leaves_the_mails_unseen(imap_server):
    source = ImapSource(settings(imap_server, tls=True))
    source.letters("qa1@example.com")
    seen = list((imap_server.root / "home" / dovecot.USER / "Maildir" / "cur").iterdir())
    assert not any(name.name.rpartition(":2,")[2].count("S") for name in seen), "a mail was marked seen"


def test_the_newest_mail_matching_is_waited_for(imap_server):
    box = Mailbox(ImapSource(settings(imap_server, tls=True)), timeout_s=1)
    assert box.newest("qa1@example.com", matching=lambda m: "新密碼" in m.body).subject.endswith("新密碼通知")
    with pytest.raises(MailNotArrived, match=r"1 of 3 came \(2 mail\(s\) to that address"):
        box.wait_for("qa1@example.com", matching=lambda m: bool(m.links), count=3, what="confirmation mail")


def test_a_certificate_nobody_vouches_for_is_refused(imap_server):
    with pytest.raises(MailboxUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
        ImapSource(settings(imap_server, tls=True, ca_file="")).letters("qa1@example.com")


def test_a_wrong_password_says_which_mailbox(imap_server):
    with pytest.raises(MailboxUnreachable, match=f"{dovecot.USER}@127.0.0.1"):
        ImapSource(settings(imap_server, tls=True, password="wrong")).letters("qa1@example.com")
