"""The small account pages reached from 「帳號登入」 (STEP 5): 「註冊帳號」, 「重發認證信」,
「忘記密碼?」, 「忘記帳號?」, and 「更換密碼」 (R-PASSWORD-AGE). Each is one short form."""

from __future__ import annotations

from playwright.sync_api import Page

from .components.labelled import LabelledControls


class _AccountForm:
    TITLE = ""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=self.TITLE, exact=True)
        self.send = page.get_by_role("button", name="送出", exact=True)
        self.refusal = page.get_by_role("alert")

    def field(self, label: str):
        return LabelledControls(self.page).control(label)

    def submit(self, **values: str) -> None:
        """Fill fields by their labels (帳號=..., 電子郵件=...) and press 「送出」, on this
        screen once it shows (a screen rendered in the browser may still be on the one
        before), and return once the portal has moved on from it."""
        self.heading.wait_for()
        for label, value in values.items():
            self.field(label).fill(value)
        self.send.click()
        self.heading.wait_for(state="hidden")


class RegisterPage(_AccountForm):
    TITLE = "註冊帳號"


class ResendConfirmationPage(_AccountForm):
    TITLE = "重發認證信"


class ForgotPasswordPage(_AccountForm):
    TITLE = "忘記密碼"


class ForgotAccountPage(_AccountForm):
    TITLE = "忘記帳號"


class ChangePasswordPage(_AccountForm):
    TITLE = "更換密碼"

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.notice = page.get_by_role("status")
