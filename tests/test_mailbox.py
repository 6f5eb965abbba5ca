"""Reading mail by the target's strategy, without a browser: MailDev's REST answer served
by a stub on loopback (a real MailDev: tests/mail/), waiting for a mail that comes late
or never, and the choice of mailbox per [mail].strategy."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from harness.mailbox import Mailbox, MailboxUnreachable, MaildevSource, MailNotArrived, letter, mailbox_for
from harness.maildev import free_port
from harness.target import Mail, Target, bundled_target

CAUGHT = [
    {"to": [{"address": "qa1@example.com"}], "subject": "帳號認證信",
     "text": "請點選 http://portal.example/account/verify?token=abc 完成認證"},
    {"to": [{"address": "someone@example.com"}], "subject": "other", "text": "http://portal.example/x"},
    {"to": [{"address": "QA1@example.com"}], "subject": "忘記密碼", "html": "新密碼：Xy12345678"},
]


@pytest.fixture
def maildev_stub():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = json.dumps(CAUGHT).encode() if self.path == "/email" else b"[]"
            self.send_response(200 if self.path == "/email" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_maildev_gives_the_mails_to_one_address_with_their_links(maildev_stub):
    mails = MaildevSource(maildev_stub).letters("qa1@example.com")
    assert [m.subject for m in mails] == ["帳號認證信", "忘記密碼"]
    assert mails[0].links == ("http://portal.example/account/verify?token=abc",)
    assert mails[1].body == "新密碼：Xy12345678" and mails[1].links == ()


def test_a_maildev_that_does_not_answer_is_a_set_up_problem_said_plainly():
    with pytest.raises(MailboxUnreachable, match=r"MailDev at http://127.0.0.1:\d+ did not answer"):
        MaildevSource(f"http://127.0.0.1:{free_port()}").letters("qa1@example.com")


def test_a_letter_finds_every_link_in_the_body():
    found = letter("a@example.com", "s", "one http://a.example/x, two <https://b.example/y?z=1> 三 https://c.example/z。")
    assert found.links == ("http://a.example/x", "https://b.example/y?z=1", "https://c.example/z")


class Arriving:
    """A source whose mail arrives on the third time it is asked."""

    def __init__(self, arrives_on: int = 3) -> None:
        self.asked, self.arrives_on = 0, arrives_on

    def letters(self, to):
        self.asked += 1
        return [letter(to, "帳號認證信", "http://portal.example/c?token=1")] if self.asked >= self.arrives_on else []


def test_a_mail_not_there_yet_is_waited_for():
    source = Arriving()
    assert Mailbox(source, timeout_s=5).newest("qa1@example.com").subject == "帳號認證信"
    assert source.asked == 3


def test_a_mail_that_never_comes_fails_saying_what_did():
    source = Arriving(arrives_on=10**6)
    with pytest.raises(MailNotArrived, match=r"no confirmation mail to qa1@example.com within 0.3 s: 0 of 1 came"):
        Mailbox(source, timeout_s=0.3).wait_for("qa1@example.com", what="confirmation mail")
    assert source.asked > 2, "it asked again before giving up"


def test_only_matching_mails_count():
    box = Mailbox(Arriving(arrives_on=1), timeout_s=0.2)
    with pytest.raises(MailNotArrived, match=r"1 mail\(s\) to that address in all: '帳號認證信'"):
        box.newest("qa1@example.com", matching=lambda m: "新密碼" in m.body, what="new-password mail")


@pytest.mark.parametrize(("strategy", "kind"), [("maildev", "MaildevSource"), ("imap", "ImapSource"),
                                               ("none", None)])
def test_the_mailbox_follows_the_profile(strategy, kind):
    target = Target(name="t", base_url="https://portal.example", mail=Mail(strategy, url="http://m.example",
                                                                           host="imap.example", user="u"))
    found = mailbox_for(target)
    assert (type(found.source).__name__ if found else None) == kind


def test_the_bundled_portal_reads_mail_through_its_control_api():
    class FakeControl:
        def mails(self, to):
            return [{"to": to, "subject": "s", "body": "b", "links": []}]

    assert mailbox_for(bundled_target(), FakeControl()).newest("x@example.com").to == "x@example.com"
