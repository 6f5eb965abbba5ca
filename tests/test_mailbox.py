"""Reading mail by the target's strategy, without a browser: MailDev's REST answer served
by a stub on loopback, and the choice of mailbox per [mail].strategy."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from harness.mailbox import MaildevMailbox, mailbox_for, record
from harness.target import Mail, Target, bundled_target

CAUGHT = [
    {"to": [{"address": "qa1@example.com"}], "subject": "帳號認證信",
     "text": "請點選 http://portal.example/account/verify?token=abc 完成認證"},
    {"to": [{"address": "someone@example.com"}], "subject": "other", "text": "http://portal.example/x"},
    {"to": [{"address": "QA1@example.com"}], "subject": "忘記密碼", "html": "新密碼：Xy12345678"},
]


@pytest.fixture
def maildev():
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


def test_maildev_gives_the_mails_to_one_address_with_their_links(maildev):
    mails = MaildevMailbox(maildev).mails("qa1@example.com")
    assert [m["subject"] for m in mails] == ["帳號認證信", "忘記密碼"]
    assert mails[0]["links"] == ["http://portal.example/account/verify?token=abc"]
    assert mails[1]["body"] == "新密碼：Xy12345678" and mails[1]["links"] == []


def test_a_record_finds_every_link_in_the_body():
    found = record("a@example.com", "s", "one http://a.example/x, two <https://b.example/y?z=1> 三 https://c.example/z。")
    assert found["links"] == ["http://a.example/x", "https://b.example/y?z=1", "https://c.example/z"]


@pytest.mark.parametrize(("strategy", "kind"), [("maildev", "MaildevMailbox"), ("imap", "ImapMailbox"),
                                               ("none", None)])
def test_the_mailbox_follows_the_profile(strategy, kind):
    target = Target(name="t", base_url="https://portal.example", mail=Mail(strategy, url="http://m.example",
                                                                           host="imap.example", user="u"))
    found = mailbox_for(target)
    assert (type(found).__name__ if found else None) == kind


def test_the_bundled_portal_reads_mail_through_its_control_api():
    class FakeControl:
        def mails(self, to):
            return [record(to, "s", "b")]

    assert mailbox_for(bundled_target(), FakeControl()).mails("x@example.com")[0]["to"] == "x@example.com"
