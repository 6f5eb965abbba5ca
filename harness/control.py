"""A client for the portal's control API (/__test__/, see the spec): how the harness
sets up accounts and cards and moves the portal's clock. It speaks only HTTP, so it
works against any portal that offers the API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote


class ControlError(RuntimeError):
    """The control API refused a call; the message carries its answer."""


@dataclass
class Control:
    base_url: str
    timeout: float = 10.0

    def call(self, method: str, path: str, data=None, *, cookie: str | None = None):
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        request.add_header("Content-Type", "application/json")
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise ControlError(f"{method} {path} -> {error.code}: {error.read().decode(errors='replace')}") from None

    def post(self, path: str, data=None):
        return self.call("POST", path, data if data is not None else {})

    def get(self, path: str, *, cookie: str | None = None):
        return self.call("GET", path, cookie=cookie)

    def reset(self) -> None:
        self.post("/__test__/reset")

    def create_accounts(self, *accounts: dict) -> None:
        self.post("/__test__/accounts", list(accounts))

    def create_cards(self, *cards: dict) -> None:
        self.post("/__test__/cards", list(cards))

    def rules_changed(self, field: str, category: str, on: str) -> None:
        self.post("/__test__/categories", {"field": field, "category": category, "rules_changed_on": on})

    def now(self) -> datetime:
        return datetime.fromisoformat(self.get("/__test__/clock")["now"])

    def advance(self, seconds: float) -> datetime:
        return datetime.fromisoformat(self.post("/__test__/clock", {"advance_seconds": seconds})["now"])

    def set_now(self, moment: datetime, *, frozen: bool | None = None) -> datetime:
        data = {"now": moment.isoformat()}
        if frozen is not None:
            data["frozen"] = frozen       # an extension of the bundled portal: stop its clock there
        return datetime.fromisoformat(self.post("/__test__/clock", data)["now"])

    def open_session(self, account: str) -> dict:
        """A browser session signed in as `account` (an extension of the bundled portal):
        `{"cookie": {"name", "value"}, "home": path}`."""
        return self.post("/__test__/sessions", {"account": account})

    def captcha(self, cookie: str) -> str:
        """The captcha shown to the browser session behind this Cookie header."""
        return self.get("/__test__/captcha", cookie=cookie)["captcha"]

    def captcha_for(self, page) -> str:
        """The captcha a Playwright page shows: the portal finds the session by its cookie."""
        cookies = page.context.cookies(self.base_url)
        return self.captcha("; ".join(f"{c['name']}={c['value']}" for c in cookies))

    def mails(self, to: str) -> list[dict]:
        return self.get("/__test__/mail?to=" + quote(to))["mails"]
