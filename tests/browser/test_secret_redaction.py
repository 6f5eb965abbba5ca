"""Secrets in a real Chromium (../shared/spec/targets.md: "Secrets are read, used and never
written"): a password typed with fill() into <input type=password> and posted in a form is
in a trace made with pytest-playwright's options (the fill's params and log line, the DOM
snapshots, the POST body) until harness.secrets.redact_trace masks it there in every
encoding; and a screenshot of the filled field shows dots, not the password.

The page is served and the POST answered by page.route, so no portal is needed. The secret
is made at run time: the trace also holds the test's source (sources=True)."""

from __future__ import annotations

import base64
import json
import re
import secrets as random_tokens
import zipfile
from urllib.parse import parse_qs, quote, quote_plus

import pytest
from playwright.sync_api import Browser, expect

from harness.secrets import IMAGE_MAGIC, MASK, Secrets, encodings, redact_trace

ORIGIN = "http://secret-redaction.test"
LOGIN = """<!doctype html><meta charset="utf-8"><title>Sign in</title>
<form method="post" action="/login">
  <label>Account <input name="user" value="bob"></label>
  <label>Password <input type="password" name="pw"></label>
  <label>Shown <input name="shown"></label>
  <button type="submit">Sign in</button>
</form>"""
SIGNED_IN = '<!doctype html><meta charset="utf-8"><p>Signed in</p>'
SPECIALS = ' "&+/<>ö金'          # characters that every encoding writes differently


def new_secret() -> str:
    """Distinctive, the same length every time; its hex part survives every text encoding."""
    return f"Pw-{random_tokens.token_hex(8)}{SPECIALS}"


def token(secret: str) -> str:
    return secret[3:19]


@pytest.fixture
def fresh_page(browser: Browser):
    """A page of its own context, serving the login page: not pytest-playwright's `page`,
    whose context --tracing may already trace, and which would start the bundled portal."""
    context = browser.new_context(viewport={"width": 640, "height": 360}, device_scale_factor=1)
    page = context.new_page()
    posted: list[str] = []

    def serve(route):
        if route.request.method == "POST":
            posted.append(route.request.post_data)
            route.fulfill(content_type="text/html; charset=utf-8", body=SIGNED_IN)
        else:
            route.fulfill(content_type="text/html; charset=utf-8", body=LOGIN)

    page.route(f"{ORIGIN}/**", serve)
    page.posted = posted
    yield page
    context.close()


def read_zip(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def events(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def input_values(node):
    """The values Playwright recorded for <input> elements in a snapshot's DOM tree
    ([tag, attributes, *children])."""
    if isinstance(node, list) and len(node) > 1 and isinstance(node[0], str) and isinstance(node[1], dict):
        if node[0] == "INPUT" and "__playwright_value_" in node[1]:
            yield node[1]["__playwright_value_"]
        for child in node[2:]:
            yield from input_values(child)


def lower_escapes(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), text)


def stdlib_forms(secret: str) -> dict[str, str]:
    """The encodings of point 1, computed here rather than by the module under test."""
    once = json.dumps(secret, ensure_ascii=False)[1:-1]
    return {
        "raw": secret,
        "quote": quote(secret), "quote lower": lower_escapes(quote(secret)),
        "quote_plus": quote_plus(secret), "quote_plus lower": lower_escapes(quote_plus(secret)),
        "JSON": once, "JSON ascii": json.dumps(secret)[1:-1],
        "JSON twice": json.dumps(once, ensure_ascii=False)[1:-1],
        "HTML": secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"),
        "base64": base64.b64encode(secret.encode()).decode(),
    }


def where(members: dict[str, bytes], forms: dict[str, str]) -> dict[str, list[str]]:
    """Which non-image member holds which form."""
    found = {name: [form for form, text in forms.items() if text.encode() in data]
             for name, data in members.items() if not data.startswith(IMAGE_MAGIC)}
    return {name: hits for name, hits in found.items() if hits}


@pytest.mark.browser
def test_a_typed_password_is_in_the_trace_until_it_is_redacted(fresh_page, tmp_path):
    page, secret = fresh_page, new_secret()
    page.context.tracing.start(screenshots=True, snapshots=True, sources=True)   # pytest-playwright's
    page.goto(f"{ORIGIN}/login")
    page.get_by_label("Password").fill(secret)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in")).to_be_visible()
    trace = tmp_path / "trace.zip"
    page.context.tracing.stop(path=trace)
    assert parse_qs(page.posted[0], keep_blank_values=True) == {"user": ["bob"], "pw": [secret], "shown": [""]}

    before = read_zip(trace)
    actions = events(before["trace.trace"])
    [fill] = [e for e in actions if e.get("type") == "before" and e.get("method") == "fill"]
    assert fill["params"]["value"] == secret, "the fill action's params no longer hold the value"
    snapshots = [e["snapshot"] for e in actions if e.get("type") == "frame-snapshot"]
    assert any(secret in input_values(s["html"]) for s in snapshots), (
        "Playwright now masks password inputs in DOM snapshots")
    [post] = [e["snapshot"]["request"] for e in events(before["trace.network"])
              if e.get("type") == "resource-snapshot" and e["snapshot"]["request"]["method"] == "POST"]
    assert before[post["postData"]["_file"]].decode() == page.posted[0], "the POST body is not a plain resource"
    assert {"name": "pw", "value": secret} in post["postData"]["params"]
    found = where(before, stdlib_forms(secret))
    # The fill's params, its log line `fill("…")` (not escaped further) and two DOM snapshots;
    # the POST's params in the network log; the body itself, urlencoded, as a resource.
    assert found == {"trace.trace": ["JSON"], "trace.network": ["JSON"], post["postData"]["_file"]: ["quote_plus"]}
    occurrences = sum(before[name].count(stdlib_forms(secret)[form].encode())
                      for name, forms in found.items() for form in forms)

    replaced = redact_trace(trace, Secrets([secret]))

    after = read_zip(trace)
    assert replaced == occurrences >= 6
    assert list(after) == list(before)
    every_form = {**stdlib_forms(secret), **{f"module {i}": f for i, f in enumerate(sorted(encodings(secret)))},
                  "hex part (any encoding but base64)": token(secret)}
    assert where(after, every_form) == {}, "the secret is still in the trace"
    for name in ("trace.trace", "trace.network"):
        assert events(after[name]), f"{name} is no longer JSON lines"
    assert MASK in json.dumps([e.get("params") for e in events(after["trace.trace"])])
    images = [name for name, data in before.items() if data.startswith(IMAGE_MAGIC)]
    assert images and all(after[name] == before[name] for name in images), "a screenshot was rewritten"


@pytest.mark.browser
def test_a_password_field_shows_dots_not_the_secret(fresh_page):
    page = fresh_page
    page.goto(f"{ORIGIN}/login")
    first, second = new_secret(), new_secret()
    assert len(first) == len(second) and first != second

    def shot(label: str, value: str) -> bytes:
        field = page.get_by_label(label)
        field.fill(value)
        return field.screenshot()

    assert shot("Password", first) == shot("Password", second), "the password field renders its characters"
    assert shot("Shown", first) != shot("Shown", second), "a text field should show the difference"
