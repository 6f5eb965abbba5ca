"""The captcha strategies without a browser: what is typed for `fixed`, what a team's own
OCR program (`command`) gets on stdin and gives back, and how its failures read."""

from __future__ import annotations

import sys

import pytest

from harness.captcha import CaptchaError, CaptchaReader
from harness.target import Captcha

PNG = b"\x89PNG\r\n\x1a\nfake image bytes"


class FakeImage:
    def screenshot(self, **_):
        return PNG


class FakeLogin:
    captcha_image = FakeImage()


def command(code: str) -> str:
    return f"{sys.executable} -c \"{code}\""


def test_fixed_types_the_profiles_value():
    assert CaptchaReader(Captcha("fixed", "8K3QZ2")).text(FakeLogin()) == "8K3QZ2"


def test_command_gets_the_image_on_stdin_and_its_stripped_output_is_typed():
    echo_length = command("import sys; data = sys.stdin.buffer.read(); print(' AB', len(data), ' ')")
    assert CaptchaReader(Captcha("command", command=echo_length)).text(FakeLogin()) == f"AB {len(PNG)}"


@pytest.mark.parametrize(("code", "says"), [
    ("import sys; sys.stderr.write('no model'); sys.exit(3)", "exited 3: no model"),
    ("pass", "exited 0: no output"),
])
def test_a_command_that_fails_or_prints_nothing_says_so(code, says):
    with pytest.raises(CaptchaError, match=says):
        CaptchaReader(Captcha("command", command=command(code))).text(FakeLogin())


def test_a_command_that_cannot_start_says_so():
    with pytest.raises(CaptchaError, match="did not run"):
        CaptchaReader(Captcha("command", command="/nonexistent/ocr")).text(FakeLogin())


def test_a_wrong_captcha_is_never_the_right_one():
    for right in ("8K3QZ2", "AAAA", "ABBA"):
        assert CaptchaReader(Captcha("fixed", right)).wrong(FakeLogin()) != right


def test_manual_cannot_be_read_by_the_harness():
    reader = CaptchaReader(Captcha("manual"))
    assert not reader.readable
    with pytest.raises(CaptchaError, match="only a person"):
        reader.text(FakeLogin())
