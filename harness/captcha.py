"""How the harness gets past the login captcha (STEP 5), by the target's strategy:
`control` asks the bundled portal's control API, `fixed` types the value the target always
accepts, `command` pipes the captcha image (PNG) to a team's own program and types what it
prints, `manual` fills everything else and waits for a person at a headed browser."""

from __future__ import annotations

import shlex
import subprocess

from playwright.sync_api import expect

from pages.components.signed_in_bar import SignedInBar
from pages.login import LoginPage

from .target import Captcha

COMMAND_TIMEOUT_S = 30


class CaptchaError(RuntimeError):
    """The captcha could not be read the way the profile says."""


class CaptchaReader:
    def __init__(self, settings: Captcha, control=None) -> None:
        self.settings, self.control = settings, control

    @property
    def readable(self) -> bool:
        """Whether the harness can know the text without a person."""
        return self.settings.strategy != "manual"

    def text(self, login: LoginPage) -> str:
        strategy = self.settings.strategy
        if strategy == "control":
            return self.control.captcha_for(login.page)
        if strategy == "fixed":
            return self.settings.value
        if strategy == "command":
            return self._from_command(login.captcha_image.screenshot())
        raise CaptchaError("captcha.strategy is manual: only a person can read it")

    def wrong(self, login: LoginPage) -> str:
        """A captcha that cannot be the one shown (R-LOGIN-CAPTCHA)."""
        if not self.readable:
            return "0O0O0O0O"
        right = self.text(login)
        return right[::-1] + "X" if right[::-1] != right else right + "X"

    def log_in(self, login: LoginPage, account: str, password: str) -> None:
        """STEP 5 with the right captcha; under `manual`, a person types it and presses 「登入」."""
        if self.readable:
            login.log_in(account, password, self.text(login))
            return
        login.heading.wait_for()
        login.account.fill(account)
        login.password.fill(password)
        login.captcha.focus()
        expect(SignedInBar(login.page).countdown.or_(login.refusal).first,
               "captcha.strategy manual: nobody typed the captcha and pressed 「登入」 in time"
               ).to_be_visible(timeout=self.settings.wait_s * 1000)

    def _from_command(self, png: bytes) -> str:
        command = self.settings.command
        try:
            done = subprocess.run(shlex.split(command), input=png, capture_output=True,
                                  timeout=COMMAND_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CaptchaError(f"captcha.command {command!r} did not run: {error}") from None
        text = done.stdout.decode(errors="replace").strip()
        if done.returncode != 0 or not text:
            problem = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise CaptchaError(f"captcha.command {command!r} exited {done.returncode}: {problem[0]}")
        return text
