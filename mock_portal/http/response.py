"""What a handler returns: status, headers and body. One method of the request handler
writes it, so every answer gets the same security headers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
)


@dataclass
class Response:
    status: int = HTTPStatus.OK
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def html(cls, text: str, status: int = HTTPStatus.OK) -> Response:
        return cls(status, text.encode("utf-8"))

    @classmethod
    def json(cls, data, status: int = HTTPStatus.OK) -> Response:
        return cls(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    @classmethod
    def redirect(cls, location: str, status: int = HTTPStatus.SEE_OTHER) -> Response:
        return cls(status, b"", headers=[("Location", location)])


class HttpError(Exception):
    """A request the portal refuses: the status and a message in the page's language."""

    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra     # more for a JSON answer, e.g. the accepted values
