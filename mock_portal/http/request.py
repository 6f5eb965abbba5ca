"""Reading a request safely: bounded headers and body, cookies, url-encoded and
multipart forms (parsed by the `multipart` package in strict mode) and JSON. Anything
malformed becomes an HttpError with a 4xx status and a message in Chinese."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from io import BytesIO
from urllib.parse import parse_qsl

from multipart import MultipartError, MultipartParser, parse_options_header

from ..texts import mb
from .response import HttpError

MAX_HEADER_BYTES = 16 * 1024
MAX_PARTS = 200
MAX_PATH_LENGTH = 2048


@dataclass
class FilePart:
    name: str
    filename: str
    content: bytes


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes = b""
    form: dict[str, list[str]] = field(default_factory=dict)
    files: list[FilePart] = field(default_factory=list)

    def value(self, name: str) -> str:
        """The first value posted under a name, or ""."""
        values = self.form.get(name)
        return values[0] if values else ""

    def values(self, name: str) -> list[str]:
        return self.form.get(name, [])

    def json(self):
        try:
            data = json.loads(self.body.decode("utf-8")) if self.body else {}
        except (ValueError, RecursionError) as error:     # bad UTF-8, bad JSON, absurd nesting or numbers
            raise HttpError(HTTPStatus.BAD_REQUEST, f"JSON 格式錯誤：{str(error)[:120]}") from None
        return data


def parse_target(raw_path: str) -> tuple[str, dict[str, str]]:
    """Split the request target into a path and its query; refuse what no browser sends."""
    if len(raw_path) > MAX_PATH_LENGTH:
        raise HttpError(HTTPStatus.REQUEST_URI_TOO_LONG, "網址過長。")
    if not raw_path.startswith("/") or any(ord(c) < 0x21 or ord(c) == 0x7F for c in raw_path):
        raise HttpError(HTTPStatus.BAD_REQUEST, "網址格式不正確。")
    # origin-form only: split by hand, since urlsplit reads "//x/y" as a host "x" and path "/y"
    path, _, query_text = raw_path.partition("#")[0].partition("?")
    try:
        query = dict(parse_qsl(query_text, keep_blank_values=True, errors="strict", max_num_fields=50))
    except (ValueError, UnicodeDecodeError):
        raise HttpError(HTTPStatus.BAD_REQUEST, "網址參數格式不正確。") from None
    return path, query


def check_headers(raw_lines: list[bytes]) -> None:
    """What CPython's parser lets through: a huge header block, or a bare CR or NUL
    inside a header line (it would split or cut the header)."""
    if sum(len(line) for line in raw_lines) > MAX_HEADER_BYTES:
        raise HttpError(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "請求標頭過大。")
    for line in raw_lines:
        body = line[:-2] if line.endswith(b"\r\n") else line.rstrip(b"\n")
        if b"\r" in body or b"\x00" in body:
            raise HttpError(HTTPStatus.BAD_REQUEST, "請求標頭含有不允許的字元。")


def parse_cookies(header: str) -> dict[str, str]:
    cookie = SimpleCookie()
    try:
        cookie.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in cookie.items()}


def body_length(headers: dict[str, str], method: str, limit: int) -> int:
    """The declared body size, checked before a byte is read."""
    if "transfer-encoding" in headers:
        raise HttpError(HTTPStatus.NOT_IMPLEMENTED, "不支援分段傳輸 (Transfer-Encoding)，請提供 Content-Length。")
    declared = headers.get("content-length")
    if declared is None:
        if method == "POST":
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "請求缺少 Content-Length。")
        return 0
    if not declared.isdigit() or not declared.isascii():
        raise HttpError(HTTPStatus.BAD_REQUEST, "Content-Length 格式不正確。")
    length = int(declared)
    if length > limit:
        raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                        f"上傳資料總量超過上限（{mb(limit)} MB），請減少檔案大小後再試。")
    return length


def parse_form(request: Request, *, part_limit: int) -> None:
    """Fill request.form and request.files from a url-encoded or multipart body."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == "application/x-www-form-urlencoded":
        try:
            text = request.body.decode("utf-8")
            pairs = parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_PARTS)
        except (UnicodeDecodeError, ValueError):
            raise HttpError(HTTPStatus.BAD_REQUEST, "表單資料編碼不正確（須為 UTF-8）。") from None
        for name, value in pairs:
            request.form.setdefault(name, []).append(value)
    elif content_type == "multipart/form-data":
        _parse_multipart(request, options.get("boundary", ""), part_limit)
    elif request.body:
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "不支援的表單格式。")


def _parse_multipart(request: Request, boundary: str, part_limit: int) -> None:
    if not boundary or len(boundary) > 70:
        raise HttpError(HTTPStatus.BAD_REQUEST, "表單資料格式不正確（缺少 boundary）。")
    parser = MultipartParser(
        BytesIO(request.body), boundary, content_length=len(request.body), charset="utf8", strict=True,
        part_limit=MAX_PARTS, partsize_limit=part_limit, memory_limit=len(request.body) + 1,
        spool_limit=len(request.body) + 1,
    )
    try:
        for part in parser:
            if part.filename is not None:
                content = part.raw
                if part.filename or content:
                    request.files.append(FilePart(part.name, part.filename, content))
            else:
                request.form.setdefault(part.name, []).append(part.raw.decode("utf-8"))
    except (MultipartError, UnicodeDecodeError, ValueError):
        raise HttpError(HTTPStatus.BAD_REQUEST, "表單資料格式不正確，請重新送出。") from None
