"""Security of the HTTP layer (spec: "How the screens behave", Login and Robustness; notes:
"http.server as a portal"): the session cookie, CSRF on every form POST, static files
from a list only, no banner or traceback, the same security headers on every answer,
and no request smuggled in the body of a refused one."""

from __future__ import annotations

import re

import pytest

from .client import ENTRY, FORM, Browser, connect, has_chinese, raw_request, send_raw, signed_in

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Content-Security-Policy": "frame-ancestors 'none'", "Referrer-Policy": "same-origin"}
FORMS = {   # path: fields that make a complete, harmless post
    "/login?role=foreigner": {"role": "foreigner", "account": "nobody", "password": "x", "captcha": "x"},
    "/login/captcha": {},
    "/register?role=foreigner": {"account": "x", "name": "", "email": "bad", "password": "1", "confirm": "2"},
    "/forgot-password": {"account": "nobody", "email": "nobody@example.com"},
    "/logout": {},
}
TRAVERSALS = [
    "/static/../mock_portal/app.py", "/static/%2e%2e/mock_portal/app.py", "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2fmock_portal%2fapp.py", "/static/..%5cmock_portal%5capp.py", "//etc/passwd",
    "/static/portal.css/../../x", "/static/portal.css/../../mock_portal/app.py", "/static/./portal.css/..",
    "/static//etc/passwd", "/static/%c0%ae%c0%ae/etc/passwd", "/../../../../etc/passwd", "/static/",
    "/templates/login.html", "/mock_portal/app.py", "/static/portal.css%00.py", "/static/PORTAL.CSS",
]
SECRETS = (b"root:", b"import ", b"def ", b"start_in_thread", b"{%", b"Traceback")
TRACEBACK = re.compile(r"Traceback|File \"|line \d+, in|\.py\b|Error:")


# the session cookie -------------------------------------------------------------------
def test_the_session_cookie_is_set_on_the_first_page_served(portal, control):
    reply = send_raw(portal.url, raw_request("GET", ENTRY))
    assert reply.status == 200
    [cookie] = reply.headers.get_all("Set-Cookie")
    name_value, *attributes = [part.strip() for part in cookie.split(";")]
    assert re.fullmatch(r"coa_session=[A-Za-z0-9_-]{20,}", name_value)
    assert "HttpOnly" in attributes and "Path=/" in attributes
    assert any(a.startswith("SameSite=") and a != "SameSite=None" for a in attributes)

    again = send_raw(portal.url, raw_request("GET", ENTRY, {"Cookie": name_value}))
    assert again.status == 200 and not again.headers.get_all("Set-Cookie")


def test_an_unknown_session_cookie_gets_a_new_session(portal, control):
    reply = send_raw(portal.url, raw_request("GET", "/login", {"Cookie": "coa_session=forged-value"}))
    assert reply.status == 200
    assert "forged-value" not in reply.header("Set-Cookie") and "coa_session=" in reply.header("Set-Cookie")


# CSRF -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("token", ["", "wrong-token", "other-session"])
def test_a_form_post_without_the_right_csrf_token_gets_403(portal, control, path, token):
    browser = Browser(portal.url)
    browser.get("/login")
    if token == "other-session":
        other = Browser(portal.url)
        other.get("/login")
        token = other.csrf
    reply = browser.post(path, FORMS[path], csrf=token)
    assert reply.status == 403
    assert "CSRF" in reply.text and has_chinese(reply.text)


@pytest.mark.parametrize("path", FORMS)
def test_a_form_post_with_the_pages_token_is_accepted(portal, control, path):
    browser = Browser(portal.url)
    browser.get("/login")
    reply = browser.post(path, FORMS[path])
    assert reply.status in (200, 303, 400), reply.text[:300]


def test_a_post_without_any_session_gets_403_and_a_session(portal, control):
    request = raw_request("POST", "/login", {"Content-Type": FORM}, b"account=a&password=b&captcha=c&csrf=x")
    reply = send_raw(portal.url, request)
    assert reply.status == 403 and has_chinese(reply.text)


def test_a_signed_in_form_post_needs_the_token_too(portal, control):
    browser = signed_in(control, portal.url)
    reply = browser.post("/goldcard/apply/start", {"declaration": "agree"}, csrf="")
    assert reply.status == 403
    reply = browser.post("/logout", csrf="forged")
    assert reply.status == 403
    assert browser.get("/home").status == 200                            # still signed in


def test_the_csrf_header_of_the_page_script_is_checked(portal, control):
    browser = signed_in(control, portal.url)
    body = b"ui_number=A800013146&birth_date=1980/01/31"
    headers = {"Content-Type": FORM}
    forged = browser.request("POST", "/goldcard/eligibility", body, {**headers, "X-CSRF-Token": "x"})
    assert forged.status == 403
    reply = browser.request("POST", "/goldcard/eligibility", body, {**headers, "X-CSRF-Token": browser.csrf})
    assert reply.status == 200 and "eligible" in reply.text


# static files and paths -----------------------------------------------------------------
@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_gets_404_and_never_a_file(portal, control, path):
    reply = send_raw(portal.url, raw_request("GET", path))
    assert reply.status in (400, 404)
    assert not any(secret in reply.body for secret in SECRETS)


def test_the_listed_static_files_are_served(portal, control):
    for path, kind in (("/static/portal.css", "text/css"), ("/static/portal.js", "javascript"),
                       ("/favicon.ico", "svg")):
        reply = send_raw(portal.url, raw_request("GET", path))
        assert reply.status == 200 and kind in reply.header("Content-Type")


# banner, tracebacks, headers ---------------------------------------------------------
ANSWERS = {   # name: raw request; each kind of answer the server gives
    "page": raw_request("GET", ENTRY),
    "redirect": raw_request("GET", "/"),
    "static": raw_request("GET", "/static/portal.css"),
    "head": raw_request("HEAD", ENTRY),
    "not found": raw_request("GET", "/no/such/page"),
    "wrong method": raw_request("POST", ENTRY, {"Content-Type": FORM}, b"a=b"),
    "control API error": raw_request("POST", "/__test__/clock", body=b"{"),
    "forbidden": raw_request("POST", "/login", {"Content-Type": FORM}, b"a=b"),
    "too large": raw_request("POST", "/login", {"Content-Length": "999999999"}),
    "bad query": raw_request("GET", "/login?role=%ff"),
}
SERVER_REFUSALS = {   # answered by http.server's own parser (send_error)
    "bad request line": b"GET\r\n\r\n",
    "unknown method": raw_request("BREW", "/"),
    "HTTP/2.0": raw_request("GET", "/", version="HTTP/2.0"),
    "too many headers": raw_request("GET", "/", [(f"X-{i}", "1") for i in range(120)]),
}


@pytest.mark.parametrize("kind", [*ANSWERS, *SERVER_REFUSALS])
def test_no_python_banner_and_no_traceback(portal, control, kind):
    request = ANSWERS.get(kind) or SERVER_REFUSALS[kind]
    reply = send_raw(portal.url, request, method="HEAD" if kind == "head" else "GET")
    server = reply.header("Server")          # none at all when the status line is missing (test_limits)
    assert "python" not in server.lower() and not re.search(r"\d", server)
    assert b"Python" not in reply.body and not TRACEBACK.search(reply.text)
    if reply.status is None or reply.status >= 400:
        assert has_chinese(reply.text)


@pytest.mark.parametrize("kind", ANSWERS)
def test_security_headers_on_every_answer(portal, control, kind):
    reply = send_raw(portal.url, ANSWERS[kind], method="HEAD" if kind == "head" else "GET")
    assert reply.header("Cache-Control") == "no-store"
    for name, value in SECURITY_HEADERS.items():
        assert value in reply.header(name), name


@pytest.mark.parametrize("kind", SERVER_REFUSALS)
def test_security_headers_on_the_servers_own_refusals(portal, control, kind):
    reply = send_raw(portal.url, SERVER_REFUSALS[kind])
    assert reply.status is not None and reply.status >= 400
    for name, value in SECURITY_HEADERS.items():
        assert value in reply.header(name), name


# request smuggling -------------------------------------------------------------------
SMUGGLED = raw_request("GET", "/no-such-smuggled-page")


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("headers", [
    {"Transfer-Encoding": "chunked"},
    {"Content-Length": "abc"},
    {"Content-Length": "999999999"},
    [("Content-Length", str(len(SMUGGLED))), ("Content-Length", "0")],
], ids=["chunked", "bad-length", "over-limit", "two-lengths"])
def test_a_refused_requests_body_is_never_read_as_the_next_request(portal, control, method, headers):
    """After refusing a request whose body it did not read, the server must close the
    connection: otherwise the body is taken as a second request."""
    with connect(portal.url) as connection:
        connection.send(raw_request(method, "/login", headers, length=False) + SMUGGLED)
        first = connection.reply(method)
        assert first.status in (400, 413, 501)
        second = connection.reply()
    assert second.status is None, "the body was answered as a request of its own"


def test_a_target_starting_with_two_slashes_is_a_path_not_a_host(portal, control):
    """`//host/home` is an origin-form path; reading it as a URL would serve /home.
    (CPython's parser collapses the leading slashes to one first, so `//` is `/`.)"""
    assert send_raw(portal.url, raw_request("GET", "//evil.example/home")).status == 404
    assert send_raw(portal.url, raw_request("GET", "//")).status == 303       # "/" sends on to the entry page
