"""STEP 5 「帳號登入」, located by role and the guide's labels."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


class LoginPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="帳號登入")
        self.account = page.get_by_role("textbox", name="帳號", exact=True)
        self.password = page.get_by_label("密碼", exact=True)   # password inputs have no role
        self.captcha = page.get_by_role("textbox", name="驗證碼")
        self.captcha_image = page.get_by_role("img", name="驗證碼圖片")
        self.new_captcha = page.get_by_role("button", name="換下一組")
        self.submit = page.get_by_role("button", name="登入", exact=True)
        self.register = page.get_by_role("button", name="註冊帳號")
        self.resend = page.get_by_role("button", name="重發認證信")
        self.forgot_account = page.get_by_role("link", name="忘記帳號?")
        self.forgot_password = page.get_by_role("link", name="忘記密碼?")
        self.back = page.get_by_role("link", name="< 關閉, 回上一頁")
        self.refusal = page.get_by_role("alert")
        self.notice = page.get_by_role("status")
        self.notes = page.get_by_role("listitem")

    def control(self, label: str):
        """A control of the screen by the label the guide gives it at STEP 5."""
        controls = {"帳號": self.account, "密碼": self.password, "驗證碼": self.captcha, "換下一組": self.new_captcha,
                    "忘記帳號?": self.forgot_account, "忘記密碼?": self.forgot_password, "註冊帳號": self.register,
                    "重發認證信": self.resend, "登入": self.submit, "< 關閉, 回上一頁": self.back}
        if label not in controls:
            raise KeyError(f"「{label}」 is not a label of 「帳號登入」; known: {'、'.join(controls)}")
        return controls[label]

    def log_in(self, account: str, password: str, captcha: str) -> None:
        self.heading.wait_for()       # this screen, not the one a click left before it
        self.account.fill(account)
        self.password.fill(password)
        self.captcha.fill(captcha)
        shown = self.heading.element_handle()
        self.submit.click()
        # The answer is another screen, or this one again with a refusal: either way the
        # screen now showing is replaced (by a page load or by the page's own rendering).
        # Wait for that, or the next step reads the old screen's refusal and types into it.
        try:
            shown.wait_for_element_state("hidden")
        except PlaywrightTimeoutError:
            raise
        except PlaywrightError:      # gone already: "Element is not attached to the DOM"
            pass
