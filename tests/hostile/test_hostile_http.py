"""A bounded loop of hostile HTTP requests on loopback against every form endpoint of the
portal, sent by a signed-in session that holds a saved draft (spec, Robustness): never a
5xx, never a hang or a silent close, no traceback logged, and the draft (its data and
every uploaded byte) exactly as it was, unless the request was a valid 「儲存」, which must
then keep what it posted as posted. Another account's draft is a target too.

The loop is seeded (printed on failure) and bounded by a request count and a time budget."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import socket
import time
from urllib.parse import quote, urlencode

import pytest

from mock_portal.domain import application_form as form
from mock_portal.http import views  # noqa: F401 - registers the routes on ROUTER
from mock_portal.http.context import ROUTER
from tests.domain.builders import valid_values
from tests.http.client import Browser, Connection, multipart, raw_request, signed_in
from tests.load.applying import PNG, apply_and_save, save_draft

REQUESTS = int(os.environ.get("HOSTILE_REQUESTS", "400"))
TIME_BUDGET_S = float(os.environ.get("HOSTILE_SECONDS", "60"))
ANSWER_TIMEOUT_S = 8.0
PAYLOADS = [
    "<script>window.__pwned=1</script>", "\"><img src=x onerror=alert(1)>", "{{ 7*7 }}{% raw %}", "${7*7}",
    "'; DROP TABLE drafts; --", "../../../../etc/passwd", "..\\..\\boot.ini", "\x00", "\x00\x01\x02\x7f",
    "\u202e\u0635\u0644", "🀄️👩‍👩‍👧", "\ufeff", "\r\nSet-Cookie: coa_session=evil", "%00%2e%2e%2f",
    "Ａ８０００１３１４６", "A" * 201, "A" * 70_000, "9" * 40, "-1", "0", "1e309", "NaN", "[]", "{}", "null",
    "csrf", "doc:護照", "是(曾經持有就業金卡但已過期)", "2026/02/30", "0000/00/00", "applicant@qq.com",
]
FREE_TEXT = ["occupation", "birth_city", "home_address", "home_phone", "passport_authority", "contact_address",
             "work_address", "chinese_name"]      # fields a valid save accepts any text (up to 200) in
FIELD_NAMES = [f.key for f in form.FIELDS] + ["csrf", "criteria", "cleared", "declaration", "role", "account",
                                              "password", "captcha", "email", "new_password", "confirm_password",
                                              "ui_number", "birth_date", "doc:護照", "doc:照片", "doc:../../x"]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data; boundary=", "text/plain",
                 "application/json", "multipart/form-data", "multipart/form-data; boundary=\"\"", "",
                 "application/x-www-form-urlencoded; charset=latin-1", "multipart/mixed; boundary=zz"]


def post_paths() -> list[str]:
    """Every form endpoint (POST, not the control API), with `{name}` for a path number."""
    paths = []
    for route in ROUTER.routes:
        template = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route.pattern.pattern.strip("^$"))
        if route.method == "POST" and not template.startswith("/__test__/"):
            paths.append(template)
    return paths


def snapshot(store, draft_id: int) -> tuple:
    """Everything the portal keeps of a draft, its uploads' bytes included."""
    with store.transaction() as db:
        row = db.execute("SELECT account, name, data, card_id, saved_on, saved_at FROM drafts WHERE id = ?",
                         (draft_id,)).fetchone()
        files = db.execute("SELECT document, filename, media_type, content FROM uploads WHERE owner = ?"
                           " ORDER BY document", (f"draft:{draft_id}",)).fetchall()
    return (tuple(row) if row else None,
            tuple((f[0], f[1], f[2], hashlib.sha256(f[3]).hexdigest()) for f in files))


def near_miss(token: str) -> str:
    """The token with its last character changed: always wrong (replacing it with a fixed
    "x" gave back the right token whenever the session's token ended in "x", 1 in 64)."""
    return token[:-1] + ("y" if token.endswith("x") else "x")


class Hostile:
    """Builds one hostile request: an endpoint, a CSRF token (none, wrong, right), a body."""

    def __init__(self, rng: random.Random, own_draft: int, other_draft: int) -> None:
        self.rng, self.own, self.other = rng, own_draft, other_draft
        self.paths = post_paths()

    def text(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.5:
            return rng.choice(PAYLOADS)
        if kind < 0.8:
            return "".join(chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xa0, 0xd7ff),
                                          rng.randrange(0xe000, 0x10ffff)])) for _ in range(rng.randrange(1, 40)))
        return rng.choice(PAYLOADS) + rng.choice(PAYLOADS)

    def path(self) -> str:
        template = self.rng.choice(self.paths)
        number = self.rng.choice([self.own, self.other, 0, 999_999_999_999, self.own + 1000])
        path = template.replace("{draft_id}", str(number)).replace("{number}", str(number))
        if self.rng.random() < 0.2:
            path += "?" + urlencode({self.rng.choice(["role", "saved", "x"]): self.text()[:50]})
        return path

    def token(self, browser: Browser, path: str) -> str:
        """Mostly wrong or missing; the right one only where a valid request cannot lose the
        draft (never for deleting or submitting it, nor for changing the password)."""
        bare = path.partition("?")[0]
        destructive = bare.endswith(("/delete", "/submit")) and f"/{self.own}/" in bare
        risky = bare.startswith(("/account/password", "/logout"))
        choice = self.rng.random()
        if choice < 0.35 or destructive or (risky and choice < 0.9):
            return self.rng.choice(["", "wrong", near_miss(browser.csrf), "\x00", self.text()])
        return browser.csrf

    def fields(self, token: str) -> list[tuple[str, str]]:
        pairs = [(self.rng.choice(FIELD_NAMES), self.text()) for _ in range(self.rng.randrange(0, 30))]
        if self.rng.random() < 0.3:
            pairs += list(valid_values(**{self.rng.choice(list(valid_values())): self.text()}).items())
        if token and self.rng.random() < 0.9:
            pairs.append(("csrf", token))
        if any(name == "new_password" for name, _ in pairs):
            pairs.append(("confirm_password", "never-the-same-0"))
        return pairs

    def body(self, token: str) -> tuple[bytes, str, list[tuple[str, str]]]:
        """The body, its Content-Type, and the fields it carries when it is a well-formed form."""
        rng = self.rng
        kind = rng.random()
        if kind < 0.35:
            pairs = self.fields(token)
            return urlencode(pairs).encode("utf-8", "surrogatepass"), CONTENT_TYPES[0], pairs
        if kind < 0.65:
            files = [(rng.choice(["doc:護照", "doc:照片", "doc:薪資證明", "doc:nope", "surname"]),
                      rng.choice(["a.png", "../../x.png", "photo.jpg", "", "\u202egpj.exe", "x" * 300]),
                      rng.choice([PNG, b"", b"text", os.urandom(rng.randrange(1, 5000))]))
                     for _ in range(rng.randrange(0, 4))]
            pairs = self.fields(token)
            try:
                return (*multipart(pairs, files), pairs)
            except UnicodeEncodeError:
                return b"", CONTENT_TYPES[1], []
        if kind < 0.85:
            raw = os.urandom(rng.randrange(0, 3000)) if rng.random() < 0.5 else self.text().encode("utf-8", "replace")
            return raw, rng.choice(CONTENT_TYPES), []
        broken = [b"%ZZ=%E4%BD&csrf=" + quote(token).encode(), b"a" * 5000 + b"=1", b"&".join([b"x=1"] * 400),
                  b"--zz\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--zz--\r\n",
                  b"--zz\r\nContent-Disposition: form-data; name=\"surname\"\r\n\r\nunterminated"]
        return rng.choice(broken), rng.choice([CONTENT_TYPES[0], "multipart/form-data; boundary=zz"]), []


def send(url: str, cookie: str, path: str, body: bytes, content_type: str, *, truncate: bool):
    """One POST on a fresh connection; `truncate` sends less than Content-Length says, then
    closes its side. Returns the Reply (status None: closed without an answer)."""
    headers = [("Cookie", cookie)]
    if content_type:
        headers.append(("Content-Type", content_type))
    declared = len(body) + (17 if truncate else 0)
    headers.append(("Content-Length", str(declared)))
    data = raw_request("POST", path, headers, body, length=False)
    with Connection(url, timeout=ANSWER_TIMEOUT_S) as connection:
        connection.send(data)
        if truncate:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_WR)
        return connection.reply("POST")


@pytest.mark.timeout(TIME_BUDGET_S + 180)
def test_hostile_form_posts_never_5xx_hang_or_touch_a_draft(own_portal, own_control, portal_errors):
    seed = int(os.environ.get("HOSTILE_SEED", random.SystemRandom().randrange(10**6)))
    rng = random.Random(seed)
    store = own_portal.portal.store
    other = signed_in(own_control, own_portal.url, "otheruser")
    other_draft = apply_and_save(other, valid_values(surname="OTHER"))
    browser = signed_in(own_control, own_portal.url, "hostile")
    own_draft = apply_and_save(browser, valid_values())
    expected = {own_draft: snapshot(store, own_draft), other_draft: snapshot(store, other_draft)}
    assert all(rows for rows, _ in expected.values())
    hostile = Hostile(rng, own_draft, other_draft)
    statuses: dict[int, int] = {}
    valid_saves = 0
    started = time.monotonic()
    for number in range(REQUESTS):
        if time.monotonic() - started > TIME_BUDGET_S:
            break
        if rng.random() < 0.04:                       # a valid 「儲存」 with hostile free text: kept as posted
            values = valid_values(**{key: rng.choice(PAYLOADS)[:200] for key in rng.sample(FREE_TEXT, 3)})
            reply = save_draft(browser, own_draft, values)
            assert reply.status == 303, f"seed {seed}, request {number}: a valid save was refused {reply.text[:300]}"
            kept = json.loads(snapshot(store, own_draft)[0][2])
            assert {k: kept[k] for k in values} == {k: v.strip() for k, v in values.items()}, f"seed {seed}"
            expected[own_draft] = snapshot(store, own_draft)
            valid_saves += 1
            continue
        path = hostile.path()
        token = hostile.token(browser, path)
        body, content_type, pairs = hostile.body(token)
        try:
            reply = send(own_portal.url, browser.cookie, path, body, content_type, truncate=rng.random() < 0.05)
        except TimeoutError:
            pytest.fail(f"seed {seed}, request {number}: no answer within {ANSWER_TIMEOUT_S} s to POST {path}")
        where = f"seed {seed}, request {number}: POST {path} ({content_type!r}, {len(body)} bytes)"
        assert reply.status is not None, f"{where}: the connection closed without an answer"
        assert reply.status < 500, f"{where}: {reply.status} {reply.text[:300]}"
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
        if reply.status == 303 and reply.header("Location").endswith(f"/goldcard/drafts/{own_draft}/edit?saved=1"):
            posted = {}                               # it was a valid 「儲存」 after all: kept as posted?
            for name, value in pairs:
                posted.setdefault(name, value)
            kept = json.loads(snapshot(store, own_draft)[0][2])
            assert {f.key: kept[f.key] for f in form.FIELDS} == \
                {f.key: posted.get(f.key, "").strip() for f in form.FIELDS}, f"{where}: saved, but altered"
            expected[own_draft] = snapshot(store, own_draft)
            valid_saves += 1
        for draft_id, before in expected.items():
            assert snapshot(store, draft_id) == before, f"{where}: draft {draft_id} was changed or lost"
        session = store.session(browser.session_id)
        if session is None or session.account is None:          # logged out (a valid 「登出」): back in
            browser.log_in(own_control, "hostile")
            browser.get("/home")
    assert not portal_errors, f"seed {seed}: the portal logged errors: {portal_errors[0].getMessage()[:500]}"
    assert sum(statuses.values()) >= min(REQUESTS, 100) * 0.5, f"seed {seed}: too few requests ran: {statuses}"
    assert browser.get(f"/goldcard/drafts/{own_draft}/view").status == 200, "the draft is still there"
