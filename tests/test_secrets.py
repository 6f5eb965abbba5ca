"""harness.secrets without a browser: each encoding of a secret is masked, overlapping
secrets leave no tail, short and empty values are ignored, nothing else changes, and a
trace.zip is rewritten in place with its images untouched."""

from __future__ import annotations

import base64
import html
import json
import zipfile
from urllib.parse import quote, quote_plus

import pytest

from harness.secrets import MASK, Secrets, encodings, redact_trace

SECRET = 'Pw "金卡"/ö&<x>+~*%41 end'
ENCODED = {
    "raw": SECRET,
    "quote": quote(SECRET),
    "quote, nothing safe": quote(SECRET, safe=""),
    "quote_plus": quote_plus(SECRET),
    "quote, lower-case escapes": "Pw%20%22%e9%87%91%e5%8d%a1%22/%c3%b6%26%3cx%3e%2b~%2a%2541%20end",
    "quote_plus, lower-case escapes": "Pw+%22%e9%87%91%e5%8d%a1%22%2f%c3%b6%26%3cx%3e%2b~%2a%2541+end",
    "form post (keeps *, escapes ~)": "Pw+%22%E9%87%91%E5%8D%A1%22%2F%C3%B6%26%3Cx%3E%2B%7E*%2541+end",
    "encodeURIComponent": "Pw%20%22%E9%87%91%E5%8D%A1%22%2F%C3%B6%26%3Cx%3E%2B~*%2541%20end",
    "JSON": json.dumps(SECRET, ensure_ascii=False)[1:-1],
    "JSON, ensure_ascii": json.dumps(SECRET)[1:-1],
    "JSON, upper-case \\u": 'Pw \\"\\u91D1\\u5361\\"/\\u00F6&<x>+~*%41 end',
    "JSON twice (a log line inside a trace line)": json.dumps(json.dumps(SECRET, ensure_ascii=False)[1:-1],
                                                              ensure_ascii=False)[1:-1],
    "HTML": html.escape(SECRET),
    "HTML, quotes kept": html.escape(SECRET, quote=False),
    "base64": base64.b64encode(SECRET.encode()).decode(),
    "base64, no padding": base64.b64encode(SECRET.encode()).decode().rstrip("="),
    "base64, URL-safe": base64.urlsafe_b64encode(SECRET.encode()).decode(),
}


def test_the_table_above_is_made_of_distinct_forms():
    assert len(set(ENCODED.values())) == len(ENCODED)
    assert ENCODED["quote, lower-case escapes"].lower() == quote(SECRET).lower()
    assert ENCODED["quote_plus, lower-case escapes"].lower() == quote_plus(SECRET).lower()
    assert ENCODED["JSON, upper-case \\u"].lower() == json.dumps(SECRET)[1:-1].lower()


@pytest.mark.parametrize("name", ENCODED)
def test_each_encoding_is_masked_in_text_and_bytes(name):
    secrets = Secrets([SECRET])
    text = f'{{"before": 1, "value": "{ENCODED[name]}", "after": 2}}'

    assert secrets.redact(text) == f'{{"before": 1, "value": "{MASK}", "after": 2}}'
    assert secrets.redact_bytes(text.encode()) == f'{{"before": 1, "value": "{MASK}", "after": 2}}'.encode()
    assert ENCODED[name] in encodings(SECRET)


def test_every_occurrence_is_masked_and_counted():
    secrets = Secrets([SECRET])
    data = f"{SECRET}|{quote_plus(SECRET)}|{SECRET}".encode()

    assert secrets.subn_bytes(data) == (f"{MASK}|{MASK}|{MASK}".encode(), 3)


def test_a_secret_inside_another_leaves_no_tail():
    for order in (["hunter22", "xx-hunter22-yy"], ["xx-hunter22-yy", "hunter22"]):
        secrets = Secrets(order)
        assert secrets.redact("a xx-hunter22-yy b hunter22 c") == f"a {MASK} b {MASK} c"
        assert secrets.redact(quote_plus("a xx-hunter22-yy b")) == f"a+{MASK}+b"


def test_overlapping_secrets_leave_no_whole_secret():
    secrets = Secrets(["abcdef", "defghijk"])
    assert secrets.redact("abcdefghijk") == f"abc{MASK}"


@pytest.mark.parametrize("value", ["", "a", "ab", "abc"])
def test_empty_and_short_values_are_ignored(value):
    secrets = Secrets()
    secrets.add(value)
    text = "a b abc abcd"
    assert len(secrets) == 0
    assert secrets.redact(text) == text
    assert secrets.redact_bytes(text.encode()) == text.encode()


def test_four_characters_are_enough():
    assert Secrets(["abcd"]).redact("xabcdx") == f"x{MASK}x"


def test_nothing_else_changes():
    secrets = Secrets([SECRET, "8K3QZ2"])
    text = 'Pw "金卡" ö & <x> + ~ * %41 end 8K3QZ 2 ' + base64.b64encode(b"other").decode()
    binary = bytes(range(256)) * 4

    assert secrets.redact(text) == text
    assert secrets.redact_bytes(text.encode()) == text.encode()
    assert secrets.subn_bytes(binary) == (binary, 0)


def test_with_no_secrets_everything_is_kept():
    assert Secrets().redact(SECRET) == SECRET
    assert Secrets().redact_bytes(SECRET.encode()) == SECRET.encode()


def test_a_non_utf8_member_is_still_redacted():
    data = b"\xff\xfe" + SECRET.encode() + b"\x00\x80"
    assert Secrets([SECRET]).redact_bytes(data) == b"\xff\xfe" + MASK.encode() + b"\x00\x80"


def make_zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def read_zip(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_redact_trace_rewrites_every_member_but_images(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + SECRET.encode()      # an image's bytes are pixels: left alone
    jpeg = b"\xff\xd8\xff\xe0" + SECRET.encode()
    trace = tmp_path / "trace.zip"
    make_zip(trace, {
        "trace.trace": json.dumps({"method": "fill", "params": {"value": SECRET}}).encode() + b"\n",
        "trace.network": json.dumps({"postData": {"text": json.dumps({"pw": SECRET})}}).encode(),
        "resources/body.dat": f"user=bob&pw={quote_plus(SECRET)}".encode(),
        "resources/page.png": png,
        "screencast/frame.jpeg": jpeg,
    })

    assert redact_trace(trace, Secrets([SECRET])) == 3

    members = read_zip(trace)
    assert list(members) == ["trace.trace", "trace.network", "resources/body.dat", "resources/page.png",
                             "screencast/frame.jpeg"]
    assert json.loads(members["trace.trace"])["params"]["value"] == MASK
    assert json.loads(json.loads(members["trace.network"])["postData"]["text"]) == {"pw": MASK}
    assert members["resources/body.dat"] == f"user=bob&pw={MASK}".encode()
    assert members["resources/page.png"] == png and members["screencast/frame.jpeg"] == jpeg
    assert [p.name for p in tmp_path.iterdir()] == ["trace.zip"], "a temporary file was left behind"


def test_redact_trace_without_a_match_leaves_the_file_alone(tmp_path):
    trace = tmp_path / "trace.zip"
    make_zip(trace, {"trace.trace": b'{"type": "before"}\n'})
    before = trace.read_bytes()

    assert redact_trace(trace, Secrets([SECRET])) == 0
    assert trace.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["trace.zip"]


def test_redact_trace_on_a_broken_zip_raises_and_keeps_it(tmp_path):
    trace = tmp_path / "trace.zip"
    trace.write_bytes(b"not a zip")

    with pytest.raises(zipfile.BadZipFile):
        redact_trace(trace, Secrets([SECRET]))
    assert trace.read_bytes() == b"not a zip"
    assert [p.name for p in tmp_path.iterdir()] == ["trace.zip"]
