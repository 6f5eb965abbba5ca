"""Limits of the HTTP layer (spec: "Limits" and "Robustness"; notes: "http.server as a
portal"): every oversized or unsupported request gets its 4xx (or 501/505) before the
server reads what it cannot use; broken or slow clients hold up nobody; and a file
over the upload limit is the form's R-UPLOAD message, never a bare 413."""

from __future__ import annotations

import re
import socket
import time

import pytest

from mock_portal.domain import questionnaire as q

from .client import ENTRY, FORM, connect, has_chinese, raw_request, send_raw, signed_in

UPLOAD_LIMIT = 2_097_152                # 2 MB as the spec counts it
NEW_APPLICATION = {q.HOLDER: q.HOLDER_NEVER, q.IN_TAIWAN: q.IN_TAIWAN_ANSWERS[0],
                   q.ENTRY_DOCUMENT: q.ENTRY_DOCUMENTS[0], q.ROC_NATIONALITY: q.NO, "declaration": "agree"}


def status_of(portal, request: bytes) -> int | None:
    return send_raw(portal.url, request).status


def login_post(headers: dict | list, body: bytes = b"", **options) -> bytes:
    """A form POST to /login with these headers besides the form's Content-Type."""
    pairs = list(headers.items()) if isinstance(headers, dict) else headers
    return raw_request("POST", "/login", [("Content-Type", FORM), *pairs], body, **options)


# body size and framing ---------------------------------------------------------------
def test_a_body_over_the_limit_gets_413_before_it_is_sent(portal, control):
    limit = portal.server.body_limit
    with connect(portal.url) as connection:
        connection.send(login_post({"Content-Length": str(limit + 1)}))
        reply = connection.reply("POST")                # no body sent: the answer must not wait for it
    assert reply.status == 413
    assert has_chinese(reply.text) and "MB" in reply.text
    assert reply.header("Connection") == "close"


def test_an_expected_body_over_the_limit_gets_413_instead_of_100_continue(portal, control):
    limit = portal.server.body_limit
    with connect(portal.url) as connection:
        connection.send(login_post({"Expect": "100-continue", "Content-Length": str(limit + 1)}))
        first_line = connection.fp.readline()
    assert first_line.startswith(b"HTTP/1.1 413 ")


def test_a_body_at_the_limit_is_waited_for(portal, control):
    with connect(portal.url, timeout=0.5) as connection:
        limit = str(portal.server.body_limit)
        connection.send(login_post({"Content-Length": limit}))
        with pytest.raises(TimeoutError):
            connection.reply("POST")


@pytest.mark.parametrize("length", ["abc", "-1", "+5", "5 5", "0x5", "5.0", "1e1", "²", "", "9" * 20 + "x"])
def test_a_non_numeric_content_length_gets_400(portal, control, length):
    assert status_of(portal, login_post({"Content-Length": length}, b"a=b")) == 400


def test_conflicting_content_lengths_get_400(portal, control):
    headers = [("Content-Length", "3"), ("Content-Length", "5")]
    assert status_of(portal, login_post(headers, b"a=bcd")) == 400


@pytest.mark.parametrize("encoding", ["chunked", "gzip, chunked", "identity"])
def test_transfer_encoding_gets_501(portal, control, encoding):
    body = b"3\r\na=b\r\n0\r\n\r\n"
    assert status_of(portal, login_post({"Transfer-Encoding": encoding}, body, length=False)) == 501


def test_a_post_without_content_length_gets_411(portal, control):
    assert status_of(portal, login_post({})) == 411


# headers and the request line -------------------------------------------------------------
@pytest.mark.parametrize("headers", [
    [(f"X-Padding-{i}", "x" * 8000) for i in range(3)],           # 24 KB in all
    [("X-Huge", "x" * 70_000)],                                    # one line over http.server's 64 KiB
    [(f"X-{i}", "1") for i in range(150)],                         # over http.server's 100 headers
], ids=["block", "line", "count"])
def test_an_oversized_header_block_gets_431(portal, control, headers):
    assert status_of(portal, raw_request("GET", ENTRY, headers)) == 431


@pytest.mark.parametrize("value", ["a\rX-Injected: 1", "a\rb", "\r"])
def test_a_bare_cr_in_a_header_value_gets_400(portal, control, value):
    assert status_of(portal, raw_request("GET", ENTRY, {"X-Test": value})) == 400


def test_a_nul_in_a_header_value_gets_400(portal, control):
    assert status_of(portal, raw_request("GET", ENTRY, {"X-Test": "a\x00b"})) == 400


@pytest.mark.parametrize("length", [2049, 10_000, 70_000])
def test_a_url_over_2048_characters_gets_414(portal, control, length):
    target = "/login?role=" + "a" * (length - len("/login?role="))
    assert status_of(portal, raw_request("GET", target)) == 414


def test_a_url_of_2048_characters_is_served(portal, control):
    target = "/login?role=" + "a" * (2048 - len("/login?role="))
    assert status_of(portal, raw_request("GET", target)) == 200


@pytest.mark.parametrize("version", ["HTTP/2.0", "HTTP/3.0"])
def test_http_2_request_line_gets_505(portal, control, version):
    assert status_of(portal, raw_request("GET", "/", version=version)) == 505


@pytest.mark.parametrize("request_line", [b"GET", b"GET / HTTP/x.y", b"GET / HTTP/1.1 extra", b"GET /login",
                                          b"\x00\x00\x00"])
def test_a_malformed_request_line_gets_a_4xx_with_a_status_line(portal, control, request_line):
    status = status_of(portal, request_line + b"\r\nHost: x\r\n\r\n")
    assert status is not None and 400 <= status < 500 or status == 505


def test_an_empty_line_before_the_request_line_is_ignored(portal, control):
    assert status_of(portal, b"\r\n" + raw_request("GET", ENTRY)) == 200


@pytest.mark.parametrize("method", ["BREW", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "get"])
def test_an_unknown_method_gets_501(portal, control, method):
    assert status_of(portal, raw_request(method, "/")) == 501


# clients that misbehave ---------------------------------------------------------------
@pytest.mark.parametrize("half", [
    b"GET /log",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ",
    login_post({"Content-Length": "100"}) + b"account=abc",
])
def test_a_client_that_sends_half_a_request_and_closes_disturbs_nothing(portal, control, half):
    for _ in range(3):
        with connect(portal.url) as connection:
            connection.send(half)
    started = time.monotonic()
    assert status_of(portal, raw_request("GET", ENTRY)) == 200
    assert time.monotonic() - started < 2


def test_a_slow_client_does_not_block_another(portal, control):
    slow = [connect(portal.url) for _ in range(3)]
    slow[1].send(b"GET / HTTP/1.1\r\nHost: x\r\n")                                  # headers unfinished
    slow[2].send(login_post({"Content-Length": "50"}) + b"a=")   # body unfinished
    try:
        started = time.monotonic()
        reply = send_raw(portal.url, raw_request("GET", ENTRY), timeout=2)
        assert reply.status == 200 and time.monotonic() - started < 2
        for connection in slow:                                               # still open, still waiting
            connection.sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                connection.sock.recv(1, socket.MSG_PEEK)
    finally:
        for connection in slow:
            connection.close()


# R-UPLOAD through HTTP -----------------------------------------------------------------
@pytest.fixture
def form_browser(portal, control):
    """Signed in, through 「新增申請人」 and the declaration, on the empty form (STEP 13)."""
    browser = signed_in(control, portal.url)
    browser.get("/goldcard/drafts")
    reply = browser.post("/goldcard/apply/start", NEW_APPLICATION)
    assert reply.status == 303 and reply.header("Location") == "/goldcard/apply/new", reply.text[:500]
    assert browser.get("/goldcard/apply/new").status == 200
    return browser


def upload(browser, filename: str, content: bytes):
    return browser.post_multipart("/goldcard/apply/save", {"field": "科技"},
                                  [("doc:護照", filename, content)])


def pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - len(b"%PDF-1.4\n"))


def test_a_file_over_2_mb_gets_the_upload_message_not_413(form_browser):
    reply = upload(form_browser, "passport.pdf", pdf(UPLOAD_LIMIT + 1))
    assert reply.status == 400 and "text/html" in reply.header("Content-Type")
    [message] = [m for m in re.findall(r"<li[^>]*>(.*?)</li>", reply.text, re.S) if "passport.pdf" in m]
    assert "護照" in message and "2 MB" in message and "上限" in message


def test_a_file_of_exactly_2_mb_is_not_too_large(form_browser):
    reply = upload(form_browser, "passport.pdf", pdf(UPLOAD_LIMIT))
    assert reply.status == 400                                             # the rest of the form is empty
    assert "上限" not in reply.text and "passport.pdf" in reply.text           # kept, listed as uploaded


def test_a_text_file_named_png_is_refused_by_its_content(form_browser):
    reply = upload(form_browser, "x.png", b"just some text, not an image\n" * 10)
    assert reply.status == 400
    [message] = [m for m in re.findall(r"<li[^>]*>(.*?)</li>", reply.text, re.S) if "x.png" in m]
    assert "護照" in message and "JPG" in message and "PNG" in message and "PDF" in message
