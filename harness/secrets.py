"""Keeping secrets (profile passwords, the IMAP password, a fixed captcha) out of what a
run writes (../shared/spec/targets.md: "Secrets are read, used and never written").

`Secrets` holds the values; `redact`/`redact_bytes` replace each of them with `MASK` in
every form a report or a Playwright trace may hold it in; `redact_trace` does so for a
whole trace.zip. In a trace a password typed with fill() is in the action's params and its
log line, in every DOM snapshot taken while the field holds it (Playwright 1.65 does
not mask password inputs there) and in the POST body, which is stored as a plain resource.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, quote_plus

MASK = "********"
MIN_LENGTH = 4
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")   # PNG, JPEG: pixels, not text

_FORM_SAFE = frozenset(b"*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _form_urlencoded(value: str) -> str:
    """What a browser posts for a form field (WHATWG urlencoded): unlike quote_plus it keeps
    `*` and escapes `~`."""
    return "".join("+" if b == 0x20 else chr(b) if b in _FORM_SAFE else f"%{b:02X}"
                   for b in value.encode())


def _both_cases(text: str, escape: str) -> set[str]:
    """`text` as written and with the hex digits of its escapes in the other case."""
    return {text, re.sub(escape, lambda m: m.group().upper(), text),
            re.sub(escape, lambda m: m.group().lower(), text)}


def _json_escaped(text: str) -> set[str]:
    ascii_only = json.dumps(text)[1:-1]
    return {json.dumps(text, ensure_ascii=False)[1:-1], *_both_cases(ascii_only, r"(?<=\\u)[0-9a-fA-F]{4}")}


def encodings(value: str) -> set[str]:
    """Every form of `value` that redaction looks for.

    Raw; URL-encoded (quote, quote_plus, what a form posts, encodeURIComponent; both cases
    of percent escapes); HTML-escaped; base64 of its UTF-8 bytes (standard and URL-safe,
    with and without padding); each of these JSON-escaped, and JSON-escaped twice, because
    a trace writes JSON lines that hold JSON strings (the log line `fill("…")`, a JSON body).

    Base64 is found only when it encodes exactly the value: inside a longer encoded string
    (HTTP Basic `user:password`) the value's characters depend on its offset modulo 3 and
    on its neighbours' bytes, so it cannot be found reliably. Percent escapes are those of
    UTF-8; a page in a legacy charset posts other bytes, which are not looked for.
    """
    raw = value.encode()
    url = {quote(value), quote(value, safe=""), quote_plus(value), _form_urlencoded(value),
           quote(value, safe="!*'()")}
    plain = {value, html.escape(value), html.escape(value, quote=False)}
    plain |= {form for encoded in url for form in _both_cases(encoded, r"(?<=%)[0-9a-fA-F]{2}")}
    for b64 in (base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()):
        plain |= {b64, b64.rstrip("=")}
    once = {escaped for form in plain for escaped in _json_escaped(form)}
    twice = {escaped for form in once for escaped in _json_escaped(form)}
    return plain | once | twice


class Secrets:
    """The run's secrets, to be masked wherever text or bytes leave the run."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self._text: list[str] = []
        self._bytes: list[bytes] = []
        for value in values:
            self.add(value)

    def add(self, value: str) -> None:
        """Register a secret. Empty and very short values are ignored: masking two or three
        characters would blank ordinary words all over a report."""
        if not value or len(value) < MIN_LENGTH or value in self._values:
            return
        self._values.add(value)
        forms = set(self._text) | encodings(value)
        # Longest first, so a secret (or form) inside a longer one does not leave a tail.
        self._text = sorted(forms, key=lambda form: (-len(form), form))
        self._bytes = sorted({form.encode() for form in forms}, key=lambda form: (-len(form), form))

    def __len__(self) -> int:
        return len(self._values)

    def redact(self, text: str) -> str:
        for form in self._text:
            text = text.replace(form, MASK)
        return text

    def redact_bytes(self, data: bytes) -> bytes:
        return self.subn_bytes(data)[0]

    def subn_bytes(self, data: bytes) -> tuple[bytes, int]:
        """`data` redacted, and how many replacements that took."""
        count = 0
        mask = MASK.encode()
        for form in self._bytes:
            found = data.count(form)
            if found:
                count += found
                data = data.replace(form, mask)
        return data, count


def redact_trace(zip_path: str | os.PathLike, secrets: Secrets) -> int:
    """Redact every member of a Playwright trace.zip in place and return how many
    replacements were made. PNG and JPEG members (screenshots, screencast frames) are
    copied as they are. The zip is written beside the original and moved over it, so a
    crash never leaves a half-written trace; when nothing was found the file is untouched."""
    path = Path(zip_path)
    if not len(secrets):
        return 0
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    total = 0
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if not data.startswith(IMAGE_MAGIC):
                    data, count = secrets.subn_bytes(data)
                    total += count
                target.writestr(info, data)
        if total:
            os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return total
