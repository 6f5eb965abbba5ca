"""The thin HTTP layer: read and bound the request, find the browser session, check
CSRF and sign-in, call a view, write its Response. Every refusal is a 4xx page in
Chinese; the server keeps serving whatever a client sends."""

from __future__ import annotations

import hmac
import logging
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from . import views  # noqa: F401 - registers the views on ROUTER
from .context import COOKIE, ROUTER, Ctx
from .request import Request, body_length, check_headers, parse_cookies, parse_form, parse_target
from .response import SECURITY_HEADERS, HttpError, Response

log = logging.getLogger("mock_portal")
CONTROL_PREFIX = "/__test__/"
SINGLE_HEADERS = ("content-length", "content-type", "host", "cookie")   # two different values: refused


class PortalHandler(BaseHTTPRequestHandler):
    server_version, sys_version = "portal", ""      # no Python version in the Server header
    protocol_version = "HTTP/1.1"
    timeout = 15                                     # a slow client gives up its thread (slowloris)
    error_content_type = "text/html; charset=utf-8"
    error_message_format = (
        '<!doctype html><html lang="zh-Hant-TW"><meta charset="utf-8"><title>%(code)d</title>'
        "<h1>錯誤 %(code)d</h1><p>無法處理這個請求（%(message)s）。</p></html>"
    )

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True              # the client went away: not an error

    def parse_request(self) -> bool:
        """http.server's parsing, plus what it lets through: empty lines before the request
        line are skipped (RFC 9112 2.2), HTTP/0.9 two-word lines are refused, and the raw
        header lines are kept so a bare CR or NUL inside them can be refused."""
        for _ in range(2):
            if self.raw_requestline not in (b"\r\n", b"\n"):
                break
            self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline.split()) < 3:        # HTTP/0.9 or no request line at all
            self.command, self.request_version = "", "HTTP/1.1"
            self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request line")
            return False
        recorder = _LineRecorder(self.rfile)
        self.rfile = recorder
        try:
            ok = super().parse_request()
        finally:
            self.rfile = recorder.raw
        self.raw_header_lines = recorder.lines
        return ok

    def handle_expect_100(self) -> bool:
        """Refuse an oversized or malformed body before the client starts sending it."""
        try:
            body_length({k.lower(): v for k, v in self.headers.items()}, self.command, self.server.body_limit)
        except HttpError as error:
            self.close_connection = True
            self.write(self.error_page(error.status, error.message, error.extra))
            return False
        return super().handle_expect_100()

    def do_GET(self) -> None:
        self.dispatch()

    do_POST = do_HEAD = do_GET

    def dispatch(self) -> None:
        self._new_session, session_id = None, None
        try:
            request = self.read_request()
            session_id = request.cookies.get(COOKIE)
            response = self.answer(request)
        except HttpError as error:
            response = self.error_page(error.status, error.message, error.extra)
            self.close_connection = True     # the body may be unread: never parse it as a request
        except Exception:                              # a bug, never a bad request: log it, say little
            log.error("unexpected error on %s %s\n%s", self.command, self.path, traceback.format_exc())
            response = self.error_page(HTTPStatus.INTERNAL_SERVER_ERROR, "系統發生錯誤，請稍後再試。")
            self.close_connection = True
        if self._new_session and self._new_session != session_id:
            response.headers.append(("Set-Cookie", f"{COOKIE}={self._new_session}; HttpOnly; SameSite=Lax; Path=/"))
        self.write(response)

    def read_request(self) -> Request:
        check_headers(getattr(self, "raw_header_lines", []))
        if self.headers.get_payload():        # a line that is no header: the rest was read as a body
            raise HttpError(HTTPStatus.BAD_REQUEST, "請求標頭格式不正確。")
        path, query = parse_target(self.path)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            if key in headers and key in SINGLE_HEADERS and headers[key] != value:
                raise HttpError(HTTPStatus.BAD_REQUEST, f"請求標頭 {name} 重複且不一致。")
            headers[key] = value
        limit = self.server.body_limit
        length = body_length(headers, self.command, limit)
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            raise HttpError(HTTPStatus.BAD_REQUEST, "請求內容不完整。")
        request = Request(self.command, path, query, headers, parse_cookies(headers.get("cookie", "")), body)
        if self.command == "POST" and not path.startswith(CONTROL_PREFIX):
            parse_form(request, part_limit=limit)
        return request

    def answer(self, request: Request) -> Response:
        portal = self.server.portal
        if request.path.startswith(CONTROL_PREFIX) and not self.server.test_api:
            raise HttpError(HTTPStatus.NOT_FOUND, "找不到這個頁面。")
        method = "GET" if request.method == "HEAD" else request.method
        route, params, other_method = ROUTER.match(method, request.path)
        if route is None:
            if other_method:
                raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "此頁面不接受這種請求方式。")
            raise HttpError(HTTPStatus.NOT_FOUND, "找不到這個頁面。")
        if request.path.startswith(CONTROL_PREFIX):
            return route.view(Ctx(request, portal, self.server.env, None, None), **params)
        session = portal.session(request.cookies.get(COOKIE, ""))
        if session is None:
            session = portal.new_session()
        self._new_session = session.id
        if method == "POST":
            token = request.value("csrf") or request.headers.get("x-csrf-token", "")
            if not hmac.compare_digest(token.encode(), session.csrf.encode()):
                raise HttpError(HTTPStatus.FORBIDDEN,
                                "表單已失效或來源不明（CSRF 檢查未通過），請重新整理頁面後再送出。")
        ctx = Ctx(request, portal, self.server.env, session, None)
        if route.signed_in:
            ctx.account = portal.signed_in_account(session)
            if ctx.account is None:
                return ctx.to_login()
            if portal.must_change_password(ctx.account) and not route.allow_stale_password:
                return Response.redirect("/account/password")
        return route.view(ctx, **params)

    def error_page(self, status: int, message: str, extra: dict | None = None) -> Response:
        if self.path.startswith(CONTROL_PREFIX) or "json" in (self.headers.get("accept") or ""):
            return Response.json({"error": message, **(extra or {})}, status)
        html = self.server.env.get_template("error.html").render(status=int(status), message=message)
        return Response.html(html, status)

    def write(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in (*SECURITY_HEADERS, *response.headers):
            self.send_header(name, value)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def send_error(self, code, message=None, explain=None) -> None:
        """http.server's own refusals (bad request line, unsupported method): Chinese, no banner."""
        try:
            body = self.error_message_format % {"code": code, "message": _plain(message or HTTPStatus(code).phrase)}
        except ValueError:
            body = f"<h1>錯誤 {code}</h1>"
        self.close_connection = True
        if self.request_version == "HTTP/0.9":      # refused before the version was read: answer in 1.1
            self.request_version = "HTTP/1.1"
        self.send_response(code, message)
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        self.send_header("Content-Type", self.error_content_type)
        self.send_header("Content-Length", str(len(body.encode())))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body.encode())

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        log.info("%s %s", self.address_string(), format % args)


class _LineRecorder:
    """Reads like the socket file and keeps every line read, as bytes."""

    def __init__(self, raw) -> None:
        self.raw, self.lines = raw, []

    def readline(self, limit: int = -1) -> bytes:
        line = self.raw.readline(limit)
        self.lines.append(line)
        return line

    def __getattr__(self, name):
        return getattr(self.raw, name)


def _plain(text: str) -> str:
    return "".join(c for c in str(text) if c.isalnum() or c in " .-_:")[:80]
