"""The bundled portal's own addresses, for the browser tests of that portal. The guide
suite never types these (it navigates as the guide's reader does); tests of our portal's
insides may."""

from __future__ import annotations

from pages.drafts import DraftsPage
from pages.home import HomePage
from pages.login import LoginPage
from pages.payment import PaymentPage


def open_login(page, base_url: str, role: str = "foreigner") -> LoginPage:
    page.goto(f"{base_url}/login?role={role}")
    return LoginPage(page)


def open_drafts(page, base_url: str) -> DraftsPage:
    page.goto(f"{base_url}/goldcard/drafts")
    return DraftsPage(page)


def open_home(page, base_url: str) -> HomePage:
    page.goto(f"{base_url}/home")
    return HomePage(page)


def open_payment(page, base_url: str) -> PaymentPage:
    page.goto(f"{base_url}/payment")
    return PaymentPage(page)
