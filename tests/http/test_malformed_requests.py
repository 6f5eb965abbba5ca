"""A bounded, seeded barrage of malformed and hostile requests over raw sockets against
one in-process portal (spec: "Robustness"): every answer is below 500, no connection
hangs or closes without an answer (unless HTTP allows it), and afterwards the portal
still serves its entry page. The same seed sends the same requests; only the signed-in
session's cookie and token differ from run to run."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest

from harness.control import Control
from mock_portal.domain import questionnaire as q

from .client import COOKIE, ENTRY, FORM, Browser, multipart, raw_request, send_raw, signed_in, start_portal

SEED = 20_250_611
CASES = 1_200
PAGES = (ENTRY, "/", "/login", "/login?role=employer", "/register", "/forgot-password", "/forgot-account",
         "/register/resend", "/captcha.svg", "/coa-frontend/four-in-one/goldcard/intro", "/not-simulated",
         "/static/portal.css", "/home", "/goldcard/drafts", "/goldcard/apply/new", "/goldcard/drafts/1/edit",
         "/goldcard/drafts/999999999999/preview", "/goldcard/applications/115000000001/done", "/payment",
         "/menu", "/goldcard/extension", "/account/password", "/register/confirm")
FORM_POSTS = ("/login", "/login?role=agency", "/login/captcha", "/register", "/forgot-password",
              "/forgot-account", "/register/resend",
              "/goldcard/eligibility", "/goldcard/answers", "/goldcard/apply/start", "/goldcard/apply/save",
              "/goldcard/drafts/1/save", "/goldcard/drafts/1/delete", "/goldcard/drafts/1/submit",
              "/goldcard/extension", "/account/password")
CONTROL_POSTS = ("/__test__/accounts", "/__test__/cards", "/__test__/categories", "/__test__/clock")
FIELD_NAMES = ("account", "password", "captcha", "role", "email", "name", "confirm", "ui_number",
               "birth_date", "field", "category", "criteria", "cleared", "declaration", "new_password",
               "confirm_password", "doc:護照", q.HOLDER, q.HAS_UI_NUMBER, q.IN_TAIWAN, q.ENTRY_DOCUMENT,
               q.ROC_NATIONALITY, q.HOUSEHOLD, q.MOVED_OUT)
HOSTILE = ("", " ", "a", "A800013146", "a800013146", "AB12345678", "A8000131467", "1980/01/31",
           "1980-01-31", "0000/00/00", "9999/12/31", "0001/01/01", "1980/02/30", "99999/1/1", "-1/-1/-1",
           "是", "否", "agree", "科技", "建築設計", "foreigner", "admin", "<script>alert(1)</script>",
           "' OR 1=1 --", "{{ 7*7 }}", "%s%s%n", "../../etc/passwd", "\u202e", "𠀀𠀀", "０１２", "a" * 5000,
           "@qq.com", "x@163.com", "\t\n", "null", "[]", "1e999", "NaN")
METHODS = ("GET", "POST", "HEAD", "BREW", "get", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PRI",
           "G E T", "GET\x00", "GÉT", "X" * 300, "", "-", "PO ST", "M-SEARCH")
VERSIONS = ("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "HTTP/01.1", "HTTP/1", "HTTP/1.1.1", "http/1.1",
            "HTTP/a.b", "HTTP/-1.1", "HTTP/99999999999.1", "HTTPS/1.1", "HTTP/1.1 extra", "")
JUNK_COOKIES = ('coa_session="unterminated', ";;;;", "=", "coa_session=", "coa_session=<script>",
                "coa_session=" + "x" * 5000, 'a="\\"; coa_session=x', "coa_session=a; coa_session=b",
                "\x7f=\x7f", "coa_session=%00", "$Version=1; coa_session=x; $Path=/", "a=b=c=d", "🍪=1")
UNICODE_JUNK = bytes(range(0x80, 0x100)) + b"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xf8\x88\x80\x80\x80"


@dataclass
class Case:
    kind: str
    data: bytes
    method: str = "GET"
    may_close: bool = False        # HTTP lets the server close without an answer


@dataclass
class World:
    """What the generators may use: a signed-in session's cookie and token."""

    cookie: str
    csrf: str


def junk_bytes(rng: random.Random, size: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(size))


def junk_text(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return rng.choice(HOSTILE)
    return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(8))


def ending(data: bytes) -> bytes:
    """Make sure the header block ends, so the server has a whole request to judge."""
    return data if data.endswith(b"\r\n\r\n") else data + b"\r\n\r\n"


# generators: each returns one Case ----------------------------------------------------
def garbage_request_line(rng: random.Random, world: World) -> Case:
    choice = rng.randrange(4)
    if choice == 0:
        line = junk_bytes(rng, rng.randrange(1, 200)).replace(b"\n", b"").replace(b"\r", b"")
    elif choice == 1:
        words = ["GET", "/", "HTTP/1.1", "POST", "x", "/login"]
        line = " ".join(rng.choice(words) for _ in range(rng.choice((1, 3, 4, 5, 6)))).encode()
    elif choice == 2:
        line = (rng.choice(METHODS) + " " * rng.randrange(1, 4) + "/" + " " * rng.randrange(1, 4)
                + rng.choice(VERSIONS)).encode("latin-1", "replace")
    else:
        line = b"\t".join([b"GET", b"/", b"HTTP/1.1"]) if rng.random() < 0.5 else b"GET / HTTP/1.1 \x0b"
    if not line.strip():
        line = b"?"
    return Case("request-line", ending(line + b"\r\nHost: x\r\n"))


def bad_method(rng: random.Random, world: World) -> Case:
    method = rng.choice(METHODS)
    if rng.random() < 0.3:
        method = "".join(chr(rng.randrange(0x21, 0x7f)) for _ in range(rng.randrange(1, 20)))
    method = method.replace(" ", "") or "X"
    data = f"{method} {rng.choice(PAGES)} HTTP/1.1\r\nHost: x\r\n\r\n".encode("latin-1", "replace")
    return Case("method", data, method="HEAD" if method == "HEAD" else "GET")


def bad_path(rng: random.Random, world: World) -> Case:
    options = (
        "*", "http://evil.example/", "https://127.0.0.1/login", "//evil.example/x",
        "/" + "a" * rng.randrange(1, 5000), "/login?" + "a=1&" * rng.randrange(40, 400),
        "/../../../etc/passwd", "/static/../../app.py", "/%", "/%zz", "/login?role=%", "/login?role=%zz",
        "/login?role=%ff%fe", "/login?role=%C0%AF", "/;jsessionid=1",
        "/goldcard/drafts/-1/edit", "/goldcard/drafts/1e3/edit", "/goldcard/drafts/0/edit",
        "/goldcard/drafts/" + "9" * 13 + "/edit", "/goldcard/applications/" + "0" * 12, "/login#frag",
        "/login?role=employer&role=agency", "/login?" + quote("角色") + "=" + quote("外國人"), "/?" * 30,
        "/not-simulated?item=" + "%E5%B0%B1" * 50, "/register/confirm?token=" + "%00" * 10, "~", "\\login",
        "/login\\..\\..", "/static/portal.css?x", "/static/portal.css;x", "/STATIC/PORTAL.CSS",
    )
    path, method = rng.choice(options), rng.choice(("GET", "HEAD"))
    return Case("path", f"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), method=method)


def raw_path_bytes(rng: random.Random, world: World) -> Case:
    """Invalid UTF-8, controls and NULs in the path itself."""
    middle = bytes(rng.choice(UNICODE_JUNK + b"\x00\x01\x1f\x7f%\\") for _ in range(rng.randrange(1, 30)))
    path = b"/" + middle if rng.random() < 0.7 else b"/login?role=" + middle
    return Case("path-bytes", b"GET " + path.replace(b" ", b"%20") + b" HTTP/1.1\r\nHost: x\r\n\r\n")


def form_body(rng: random.Random, world: World) -> Case:
    path = rng.choice(FORM_POSTS)
    kind = rng.randrange(6)
    if kind == 0:
        body = b"account=" + junk_bytes(rng, 20) + b"&csrf=" + world.csrf.encode()
    elif kind == 1:
        body = ("&".join(f"{rng.choice(FIELD_NAMES)}={rng.choice(['%ff', '%', '%zz', '%C3%28', '%ED%A0%80'])}"
                         for _ in range(5)) + "&csrf=" + world.csrf).encode()
    elif kind == 2:
        body = ("a=1&" * rng.randrange(150, 400)).encode() + b"csrf=" + world.csrf.encode()
    elif kind == 3:
        body = rng.choice((b"=&=&=", b"&&&", b"==", b"csrf", b"\x00=\x00", b"%00=%00", b";;;"))
    elif kind == 4:
        fields = [(rng.choice(FIELD_NAMES), junk_text(rng)) for _ in range(rng.randrange(1, 8))]
        body = ("&".join(f"{quote(k)}={quote(v)}" for k, v in fields) + "&csrf=" + world.csrf).encode()
    else:
        body = junk_bytes(rng, rng.randrange(1, 300))
    content_type = rng.choice((FORM, FORM, FORM + "; charset=latin-1", "text/plain", "application/json", "",
                               "application/x-www-form-urlencoded; boundary=x", "*/*"))
    headers = [("Cookie", world.cookie)] + ([("Content-Type", content_type)] if content_type else [])
    return Case("form", raw_request("POST", path, headers, body), method="POST")


def multipart_body(rng: random.Random, world: World) -> Case:
    path = rng.choice(("/goldcard/apply/save", "/goldcard/drafts/1/save", "/login", "/register"))
    fields = {"csrf": world.csrf, "field": "科技", rng.choice(FIELD_NAMES): junk_text(rng)}
    files = [("doc:護照", "p.pdf", b"%PDF-1.4\n" + junk_bytes(rng, 50))]
    body, content_type = multipart(fields, files, boundary=f"seeded-{rng.randrange(10**9)}")
    boundary = content_type.split("boundary=")[1].encode()
    kind = rng.randrange(10)
    if kind == 0:
        content_type = "multipart/form-data"                                            # no boundary
    elif kind == 1:
        content_type = "multipart/form-data; boundary=" + "b" * 200                     # too long
    elif kind == 2:
        body = body[: rng.randrange(1, len(body) - 1)]                                   # truncated
    elif kind == 3:
        body = body.replace(b"--" + boundary + b"--", b"")                               # never closed
    elif kind == 4:
        huge = b"X-Junk: " + b"h" * rng.randrange(10_000, 200_000) + b"\r\n"             # huge part header
        body = body.replace(b"Content-Disposition", huge + b"Content-Disposition", 1)
    elif kind == 5:
        body = body.replace(b"Content-Disposition: form-data; ", b"", 1)                # no disposition
    elif kind == 6:
        body = body.replace(b'name="', b'name="' + UNICODE_JUNK[:8], 1)                  # invalid UTF-8 name
    elif kind == 7:
        body = body.replace(b"\r\n\r\n", b"\r\n", 1)                                     # headers never end
    elif kind == 8:
        part = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n')
        body = part * rng.randrange(201, 400) + b"--" + boundary + b"--\r\n"            # too many parts
    else:
        body = junk_bytes(rng, 40) + body.replace(b"--" + boundary, b"--" + boundary[:-1] + b"Z", 2)
    headers = [("Cookie", world.cookie), ("Content-Type", content_type)]
    return Case("multipart", raw_request("POST", path, headers, body), method="POST")


# Malformed for the control API, each refused with 400. Payloads that make Python's json
# itself fail (NaN, deep nesting, integers over 4300 digits) have their own tests in
# test_control_api.py.
BAD_JSON = (b"", b"{", b"}", b"[", b'{"account": ', b'{"account": "a",}', b"\xff\xfe{}", b'{"a": "\xc3\x28"}',
            b"[1, 2, 3]", b"null", b"true", b"0", b'"text"', b"{'single': 'quotes'}", b'{"field": "\\ud800"}',
            b'{"advance_seconds": "1"}', b'{"advance_seconds": null}', b'{"advance_seconds": 1e999}',
            b'{"advance_seconds": -1e999}', b'{"advance_seconds": [1]}', b'{"now": 1}',
            b'{"now": "yesterday"}', b'{"now": "2026-13-45T99:99:99+08:00"}',
            b'{"field": "\\u79d1\\u6280", "category": 1}',
            b'{"field": ["\\u79d1\\u6280"]}', b'{"ui_number": {}, "field": "\\u79d1\\u6280"}',
            b'[{"account": 1, "password": 2, "email": 3}]', b'[{}]', b"[" * 50 + b"]" * 50,
            b'{"account": "a", "password": "p", "email": "e", "role": ["foreigner"]}',
            b'{"account": "a", "password": "p", "email": "e", "verified": "no"}',
            b'{"field": "\\u79d1\\u6280", "birth_date": "1980-02-30"}', b"\x00", b"{\x00}")


def control_json(rng: random.Random, world: World) -> Case:
    body = rng.choice(BAD_JSON)
    if len(body) > 2 and rng.random() < 0.3:
        body = body[: rng.randrange(1, len(body) - 1)]                   # cut short: still invalid
    kind = rng.choice(("application/json", "text/plain", "application/json; charset=x"))
    headers = [("Content-Type", kind)]
    if not body:
        headers.append(("Content-Length", "0"))
    return Case("control-json", raw_request("POST", rng.choice(CONTROL_POSTS), headers, body), method="POST")


def header_injection(rng: random.Random, world: World) -> Case:
    options = (
        [("X Y", "z")], [("X-A", "b\x00c")], [(":", "empty name")], [("X-" + "n" * 5000, "v")],
        [("Host", "a"), ("Host", "b")], [("Cookie", "a=1"), ("Cookie", "b=2")],
        [("Content-Type", "a"), ("Content-Type", "b")],
        [("X-Fold", "a\r\n folded")], [("X-Fold", "a\r\n\tfolded")], [("X-LF", "a\nX-Injected: 1")],
        [("Host", "")], [("Host", "evil.example\r\nX-Injected: 1")], [("Expect", "100-continue")],
        [("Expect", "teapot")], [("Connection", "keep-alive, Upgrade"), ("Upgrade", "h2c")],
        [("Range", "bytes=0-1")],
        [("Accept", "application/json")], [("X-CSRF-Token", world.csrf), ("Cookie", world.cookie)],
        [("Content-Encoding", "gzip")], [("If-None-Match", "*" * 3000)], [("X-Latin", "\u00ff\u00fe")],
    )
    headers = list(rng.choice(options))
    line = b"GET " + rng.choice(PAGES).encode() + b" HTTP/1.1\r\n"
    head = b"".join(k.encode("utf-8") + b": " + v.encode("utf-8") + b"\r\n" for k, v in headers)
    if rng.random() < 0.2:
        head += b"no colon at all\r\n"
    return Case("headers", line + head + b"\r\n")


def nul_bytes(rng: random.Random, world: World) -> Case:
    where = rng.randrange(4)
    if where == 0:
        data = b"GET /login\x00.css HTTP/1.1\r\nHost: x\r\n\r\n"
    elif where == 1:
        data = b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n"
    elif where == 2:
        data = b"\x00" * rng.randrange(1, 50) + b"\r\n\r\n"
    else:
        data = raw_request("POST", "/login", [("Content-Type", FORM), ("Cookie", world.cookie)],
                           b"account=\x00&password=%00&csrf=" + world.csrf.encode())
    return Case("nul", data, method="POST" if where == 3 else "GET")


def short_content_length(rng: random.Random, world: World) -> Case:
    """The body is longer than Content-Length says: the rest looks like another request."""
    tail = rng.choice((b"GET /x HTTP/1.1\r\n\r\n", b"\xff" * 30, b"&a=b"))
    body = b"account=a&csrf=" + world.csrf.encode() + tail
    declared = rng.randrange(0, len(body))
    headers = [("Content-Type", FORM), ("Cookie", world.cookie), ("Content-Length", str(declared))]
    return Case("short-length", raw_request("POST", rng.choice(FORM_POSTS), headers, body), method="POST")


def bad_framing(rng: random.Random, world: World) -> Case:
    options = (
        [("Content-Length", "abc")], [("Content-Length", "-1")], [("Content-Length", "1" * 30)],
        [("Content-Length", "99999999999")], [("Transfer-Encoding", "chunked")],
        [("Transfer-Encoding", "xchunked")], [("Content-Length", "3"), ("Transfer-Encoding", "chunked")],
        [("Content-Length", "3"), ("Content-Length", "4")],
        [], [("Content-Length", " 3")], [("Content-Length", "3 ")], [("Content-Length", "0x3")],
    )
    headers = [("Content-Type", FORM), *rng.choice(options)]
    return Case("framing", raw_request("POST", rng.choice(FORM_POSTS), headers, b"a=b", length=False),
                method="POST")


def junk_cookie(rng: random.Random, world: World) -> Case:
    cookie = rng.choice(JUNK_COOKIES)
    if rng.random() < 0.3:
        cookie = world.cookie + "; " + cookie
    path = rng.choice(PAGES)
    return Case("cookie", f"GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n".encode())


def signed_in_junk(rng: random.Random, world: World) -> Case:
    """Well-formed requests of a signed-in session, with hostile values in every field."""
    path = rng.choice(PAGES[12:] + FORM_POSTS[7:])
    if path in FORM_POSTS and rng.random() < 0.8:
        fields = [(rng.choice(FIELD_NAMES), junk_text(rng)) for _ in range(rng.randrange(1, 10))]
        if rng.random() < 0.5:
            upload = (f"doc:{junk_text(rng)[:20]}", junk_text(rng)[:40], junk_bytes(rng, 30))
            body, content_type = multipart([*fields, ("csrf", world.csrf)], [upload],
                                           boundary=f"seeded-{rng.randrange(10**9)}")
        else:
            body = ("&".join(f"{quote(k)}={quote(v)}" for k, v in fields) + "&csrf=" + world.csrf).encode()
            content_type = FORM
        headers = [("Cookie", world.cookie), ("Content-Type", content_type)]
        return Case("signed-in", raw_request("POST", path, headers, body), method="POST")
    names = ("item", "role", "saved", "token", "x")
    query = "?" + "&".join(f"{rng.choice(names)}={quote(junk_text(rng))}" for _ in range(rng.randrange(1, 4)))
    return Case("signed-in", raw_request("GET", path.split("?")[0] + query, {"Cookie": world.cookie}))


def blank_lines(rng: random.Random, world: World) -> Case:
    """Only line breaks: nothing to answer, so the server may just close."""
    return Case("blank", rng.choice((b"\r\n", b"\n")) * rng.randrange(1, 5) + b"\r\n\r\n", may_close=True)


GENERATORS: tuple[Callable[[random.Random, World], Case], ...] = (
    garbage_request_line, bad_method, bad_path, raw_path_bytes, form_body, multipart_body, control_json,
    header_injection, nul_bytes, short_content_length, bad_framing, junk_cookie, signed_in_junk,
    signed_in_junk, blank_lines,
)


def cases(seed: int, count: int, world: World) -> list[Case]:
    rng = random.Random(seed)
    return [rng.choice(GENERATORS)(rng, world) for _ in range(count)]


# the run ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def target():
    running = start_portal(test_api=True)
    yield running
    running.stop()


def test_a_thousand_malformed_requests_get_4xx_and_the_portal_keeps_serving(target, capsys):
    control = Control(target.url)
    control.create_cards({"ui_number": "A800013146", "birth_date": "1980-01-31", "valid_from": "2021-01-01",
                          "valid_until": "2024-01-01", "field": "科技"})
    browser = signed_in(control, target.url)
    world = World(f"{COOKIE}={browser.session_id}", browser.csrf)
    batch = cases(SEED, CASES, world)
    assert len(batch) >= 1_000

    statuses: Counter = Counter()
    failures: list[str] = []
    started = time.monotonic()
    for number, case in enumerate(batch):
        try:
            reply = send_raw(target.url, case.data, method=case.method)
        except TimeoutError:
            statuses["hang"] += 1
            failures.append(f"#{number} {case.kind}: no answer in 5 s: {case.data[:120]!r}")
            continue
        if reply.status is None:
            if case.may_close:
                statuses["closed (allowed)"] += 1
            else:
                statuses["closed"] += 1
                failures.append(f"#{number} {case.kind}: closed without an answer: {case.data[:120]!r}")
        else:
            statuses[reply.status] += 1
            if reply.status >= 500 and reply.status not in (501, 505):
                failures.append(f"#{number} {case.kind}: {reply.status}: {case.data[:120]!r}")
    elapsed = time.monotonic() - started

    ordered = sorted(statuses.items(), key=lambda item: str(item[0]))
    summary = ", ".join(f"{status}: {count}" for status, count in ordered)
    with capsys.disabled():
        print(f"\nmalformed requests: {len(batch)} sent in {elapsed:.1f} s (seed {SEED}); {summary}")
    assert not failures, "\n".join(failures[:30])
    assert send_raw(target.url, raw_request("GET", ENTRY)).status == 200
    assert Browser(target.url).get("/login").status == 200
    assert json.loads(send_raw(target.url, raw_request("GET", "/__test__/clock")).body)["now"]
