"""What a view gets: the request, the portal, the browser session and the signed-in
account, plus helpers to render a page with what every page carries."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from jinja2 import Environment

from .. import texts
from ..domain.login import ROLES
from ..service import Portal
from ..store import Account, Session
from .request import Request
from .response import Response
from .router import Router

ROUTER = Router()
COOKIE = "coa_session"
LOGIN_PATH = "/login"
HOME_PATH = "/home"


@dataclass
class Ctx:
    request: Request
    portal: Portal
    env: Environment
    session: Session | None
    account: Account | None

    def page(self, template: str, status: int = 200, **values) -> Response:
        """Render a page with the session's CSRF token, the signed-in bar's data and any
        flash message left by the previous request (shown once)."""
        flash = self.portal.take_flash(self.session) if self.session else None
        common = {
            "csrf": self.session.csrf if self.session else "",
            "account": self.account,
            "seconds_left": self.portal.seconds_left(self.session) if self.account else 0,
            "flash": flash,
            "policy": self.portal.policy,
            "path": self.request.path,
        }
        html = self.env.get_template(template).render(**{**common, **values})
        for rewrite in self.portal.html_rewrites:     # named screen deviations (mock_portal.deviations)
            html = rewrite(template, html)
        return Response.html(html, status)

    def not_simulated(self, back: str) -> Response:
        """A service or menu item the guide does not walk: said so, with the way back."""
        item = self.request.query.get("item", "")[:40]
        return self.page("message.html", title=item or "此功能", message=f"「{item}」不在本模擬平臺的範圍內。",
                         back=back)

    def say(self, code: str, **values) -> str:
        """A sentence of texts.py with the numbers of the policy this portal runs with."""
        return texts.say(code, **{**texts.policy_words(self.portal.policy), **values})

    def flash_and_redirect(self, location: str, flash: str) -> Response:
        if self.session:
            self.portal.leave_flash(self.session, flash)
        return Response.redirect(location)

    def to_login(self) -> Response:
        """Where a request without a live sign-in goes (R-SESSION-30)."""
        return Response.redirect(login_url(self.request.query.get("role")))

    def role(self) -> str:
        role = self.request.query.get("role") or self.request.value("role") or "foreigner"
        return role if role in ROLES else "foreigner"


def login_url(role: str | None = None) -> str:
    return LOGIN_PATH + ("?" + urlencode({"role": role}) if role in ROLES else "")


