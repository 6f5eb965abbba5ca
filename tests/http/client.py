"""Small HTTP clients for the tests under tests/http: raw bytes over a socket (for
requests no library would send), and a cookie-keeping browser-like session that
scrapes the CSRF token and can log in for real. Standard library only."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import uuid
from dataclasses import dataclass, field
from email.message import Message
from html import unescape
from urllib.parse import urlencode, urlsplit

from harness.control import Control
from mock_portal.app import RunningPortal, start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy

COOKIE = "coa_session"
TIMEOUT = 5.0
PASSWORD = "Secret-pass-1234"
ENTRY = "/coa-frontend/four-in-one/entry/main?lang=zh"
FORM = "application/x-www-form-urlencoded"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf" value="([^"]*)"')
CAPTCHA_GLYPH = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def start_portal(*, test_api: bool) -> RunningPortal:
    """Another bundled portal in this process (the guide's rules, cheap password hashing)."""
    return start_in_thread(test_api=test_api, policy=Policy(password_cost=FAST_COST))


def has_chinese(text: str) -> bool:
    return bool(CHINESE.search(text))


@dataclass
class Reply:
    """One answer: `status` is None when the server closed without a status line."""

    status: int | None
    headers: Message = field(default_factory=Message)
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


class Connection:
    """One raw connection: send bytes, read answers one by one (a 100 Continue is
    skipped). `reply()` gives Reply(None) for a close before any byte, and Reply(None) with
    what came as body for an answer without a status line (HTTP/0.9 style); a server that
    goes silent raises TimeoutError."""

    def __init__(self, url: str, timeout: float = TIMEOUT) -> None:
        self.sock = socket.create_connection(address(url), timeout=timeout)
        self.fp = self.sock.makefile("rb")

    def send(self, data: bytes) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):   # refused early: answer waiting
            self.sock.sendall(data)

    def reply(self, method: str = "GET") -> Reply:
        try:
            start = self.fp.peek(5)[:5]
        except ConnectionResetError:
            return Reply(None)
        if not start:
            return Reply(None)
        if not b"HTTP/".startswith(start):
            try:
                return Reply(None, body=self.fp.read())
            except OSError:
                return Reply(None, body=start)
        response = http.client.HTTPResponse(_Unclosable(self.fp), method=method)
        try:
            response.begin()
        except (http.client.RemoteDisconnected, ConnectionResetError):
            return Reply(None)
        return Reply(response.status, response.headers, response.read())

    def close(self) -> None:
        self.fp.close()
        self.sock.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Unclosable:
    """The connection's buffered file for http.client's parser, which closes what it reads
    from; the next answer may already be in the buffer."""

    def __init__(self, fp) -> None:
        self.fp = fp

    def makefile(self, *args, **kwargs):
        return self

    def __getattr__(self, name: str):
        return getattr(self.fp, name)

    def close(self) -> None:
        pass


def connect(url: str, timeout: float = TIMEOUT) -> Connection:
    return Connection(url, timeout)


def send_raw(url: str, data: bytes, *, method: str = "GET", timeout: float = TIMEOUT) -> Reply:
    """Send these exact bytes on a fresh connection and read one answer."""
    with connect(url, timeout) as connection:
        connection.send(data)
        return connection.reply(method)


def raw_request(method: str, target: str, headers: dict[str, str] | list[tuple[str, str]] | None = None,
                body: bytes = b"", *, version: str = "HTTP/1.1", length: bool = True) -> bytes:
    """Bytes of a request; Host and (when there is a body) Content-Length are added."""
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers or [])
    names = {name.lower() for name, _ in pairs}
    if "host" not in names:
        pairs.insert(0, ("Host", "127.0.0.1"))
    if length and body and "content-length" not in names:
        pairs.append(("Content-Length", str(len(body))))
    head = f"{method} {target} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in pairs) + "\r\n"
    return head.encode("utf-8") + body


def api(base_url: str, method: str, path: str, data=None, *, raw: bytes | None = None,
        cookie: str = "") -> tuple[int, dict]:
    """A control API call that keeps the status: JSON `data`, or `raw` bytes as the body."""
    body = raw if raw is not None else (json.dumps(data).encode() if data is not None else b"")
    headers = [("Content-Type", "application/json")] + ([("Cookie", cookie)] if cookie else [])
    if method == "POST" and not body:
        headers.append(("Content-Length", "0"))
    reply = send_raw(base_url, raw_request(method, path, headers, body), method=method)
    assert reply.status is not None, f"{method} {path}: closed without an answer"
    assert "application/json" in reply.header("Content-Type"), (reply.status, reply.text[:200])
    return reply.status, json.loads(reply.body)


def multipart(fields: dict[str, str] | list[tuple[str, str]], files: list[tuple[str, str, bytes]] = (),
              boundary: str = "") -> tuple[bytes, str]:
    """A multipart/form-data body (fields, then files as (name, filename, content)) and
    its Content-Type."""
    boundary = boundary or "----tests-" + uuid.uuid4().hex
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    chunks = []
    for name, value in pairs:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                      + value.encode() + b"\r\n")
    for name, filename, content in files:
        disposition = f'form-data; name="{name}"; filename="{filename}"'
        chunks.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                      "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def csrf_of(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "no hidden csrf input on the page"
    return unescape(found.group(1))


def captcha_glyphs(svg: str) -> str:
    """The characters the captcha image draws, in order."""
    return "".join(unescape(g) for g in CAPTCHA_GLYPH.findall(svg))


class Browser:
    """Keeps the session cookie and the last page's CSRF token; never follows redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session_id = ""
        self.csrf = ""

    @property
    def cookie(self) -> str:
        return f"{COOKIE}={self.session_id}" if self.session_id else ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        host, port = address(self.base_url)
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        try:
            all_headers = dict(headers or {})
            if self.cookie:
                all_headers["Cookie"] = self.cookie
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for set_cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = set_cookie.partition("=")
            if name.strip() == COOKIE:
                self.session_id = rest.split(";")[0]
        if "text/html" in reply.header("Content-Type") and CSRF_INPUT.search(reply.text):
            self.csrf = csrf_of(reply.text)
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str] | list[tuple[str, str]] | None = None, *,
             csrf: str | None = None) -> Reply:
        """A url-encoded form; the page's token unless `csrf` says otherwise ("" leaves it out)."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        token = self.csrf if csrf is None else csrf
        if token:
            pairs.append(("csrf", token))
        return self.request("POST", path, urlencode(pairs).encode(), {"Content-Type": FORM})

    def post_multipart(self, path: str, fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> Reply:
        body, content_type = multipart({**fields, "csrf": self.csrf}, files)
        return self.request("POST", path, body, {"Content-Type": content_type})

    def log_in(self, control: Control, account: str, password: str = PASSWORD,
               role: str = "foreigner") -> Reply:
        """STEP 5 for real: the login page (cookie, token), its captcha, then the form."""
        page = self.get(f"/login?role={role}")
        assert page.status == 200, page.status
        captcha = control.captcha(self.cookie)
        return self.post(f"/login?role={role}", {"role": role, "account": account, "password": password,
                                                 "captcha": captcha})


def new_account(control: Control, account: str = "alice", **extra) -> dict:
    """An account made through the control API (verified, password fresh)."""
    data = {"account": account, "password": PASSWORD, "email": f"{account}@example.com", "role": "foreigner",
            "name": account.title(), **extra}
    control.create_accounts(data)
    return data


def signed_in(control: Control, base_url: str, account: str = "alice") -> Browser:
    """A browser logged in as a fresh account (the login answers 303 to the home page)."""
    new_account(control, account)
    browser = Browser(base_url)
    reply = browser.log_in(control, account)
    assert reply.status == 303, (reply.status, reply.text[:300])
    assert reply.header("Location").endswith("/home")
    browser.get("/home")                               # a page, so the token is at hand
    return browser
