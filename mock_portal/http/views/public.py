"""Pages before sign-in: STEP 1-5, registration, 「忘記帳號?」, 「忘記密碼?」."""

from __future__ import annotations

from ...domain.accounts import ACCOUNT_LENGTH
from ...domain.login import Refusal
from ...domain.passwords import MIN_LENGTH
from ...service import Mailed
from ...texts import ROLE_NAMES
from ..captcha import captcha_svg
from ..context import HOME_PATH, ROUTER, Ctx, login_url
from ..response import Response

ENTRY_PATH = "/coa-frontend/four-in-one/entry/main"
INTRO_PATH = "/coa-frontend/four-in-one/goldcard/intro"
ROLES_PATH = "/coa-frontend/four-in-one/goldcard/roles"
SERVICES = ("就業金卡", "就業PASS卡", "VISA", "創業家簽證及外僑居留證", "依親親屬", "其他事由延期")


@ROUTER.get("/")
def root(ctx: Ctx) -> Response:
    return Response.redirect(ENTRY_PATH + "?lang=zh")


@ROUTER.get(ENTRY_PATH)
def entry(ctx: Ctx) -> Response:
    """STEP 1-2: the platform's entry page with 「線上申辦項目」 and the 公布欄."""
    return ctx.page("entry.html", services=SERVICES)


@ROUTER.get(INTRO_PATH)
def intro(ctx: Ctx) -> Response:
    """STEP 3: the Gold Card introduction with 「我要申請登入系統」."""
    return ctx.page("intro.html")


@ROUTER.get(ROLES_PATH)
def roles(ctx: Ctx) -> Response:
    """STEP 4: who applies."""
    return ctx.page("roles.html", roles=ROLE_NAMES)


@ROUTER.get("/not-simulated")
def not_simulated(ctx: Ctx) -> Response:
    """Services and menu items the guide does not walk."""
    return ctx.not_simulated(back=ENTRY_PATH + "?lang=zh")


# STEP 5: login -------------------------------------------------------------
def _login_page(ctx: Ctx, *, refusal: str | None = None, account: str = "", status: int = 200) -> Response:
    ctx.session = ctx.portal.session(ctx.session.id)   # the captcha may have changed
    role = ctx.role()
    message = ctx.say(refusal, role=ROLE_NAMES[role]) if refusal else None
    return ctx.page("login.html", role=role, role_name=ROLE_NAMES[role], refusal=refusal, message=message,
                    account_value=account, status=status)


@ROUTER.get("/login")
def login_form(ctx: Ctx) -> Response:
    ctx.portal.new_captcha(ctx.session)
    return _login_page(ctx)


@ROUTER.post("/login")
def login_submit(ctx: Ctx) -> Response:
    form = ctx.request
    refusal = ctx.portal.log_in(ctx.session, ctx.role(), form.value("account"), form.value("password"),
                                form.value("captcha"))
    if refusal is None:
        return Response.redirect(HOME_PATH)
    status = 403 if refusal is Refusal.LOCKED else 200
    return _login_page(ctx, refusal=refusal.value, account=form.value("account"), status=status)


@ROUTER.post("/login/captcha")
def login_new_captcha(ctx: Ctx) -> Response:
    """「換下一組」: a new captcha; what was typed in 帳號 stays."""
    ctx.portal.another_captcha(ctx.session)
    return _login_page(ctx, account=ctx.request.value("account"))


@ROUTER.get("/captcha.svg")
def captcha_image(ctx: Ctx) -> Response:
    return Response(200, captcha_svg(ctx.session.captcha).encode(), "image/svg+xml")


@ROUTER.get("/timeout")
def timeout(ctx: Ctx) -> Response:
    """Where the countdown sends the browser at 00:00 (R-SESSION-30): signed out, unsaved data gone."""
    if ctx.session.account:
        ctx.portal.log_out(ctx.session, flash="timeout")
    return Response.redirect(login_url())


@ROUTER.post("/logout")
def logout(ctx: Ctx) -> Response:
    ctx.portal.log_out(ctx.session, flash="logged-out")
    return Response.redirect(login_url())


# R-REGISTER ------------------------------------------------------------------
@ROUTER.get("/register")
def register_form(ctx: Ctx) -> Response:
    return ctx.page("register.html", role=ctx.role(), role_name=ROLE_NAMES[ctx.role()], problems=[], values={})


@ROUTER.post("/register")
def register_submit(ctx: Ctx) -> Response:
    r = ctx.request
    values = {k: r.value(k) for k in ("account", "name", "email")}
    registered = ctx.portal.register(ctx.role(), values["account"], values["name"], values["email"],
                                     r.value("password"), r.value("confirm"))
    if registered.problems:
        texts = [ctx.say(p.value, min_length=MIN_LENGTH, account_min=ACCOUNT_LENGTH[0], account_max=ACCOUNT_LENGTH[1])
                 for p in registered.problems]
        return ctx.page("register.html", role=ctx.role(), role_name=ROLE_NAMES[ctx.role()], problems=texts,
                        values=values, status=400)
    flash = "registered" if registered.mailed is Mailed.SENT else "registered-mail-not-sent"
    return ctx.flash_and_redirect(login_url(ctx.role()), flash)


@ROUTER.get("/register/confirm")
def register_confirm(ctx: Ctx) -> Response:
    ok = ctx.portal.confirm_email(ctx.request.query.get("token", ""))
    return ctx.flash_and_redirect(login_url(), "confirmed" if ok else "confirm-failed")


def _mail_form(template: str, done_flash: str, failed: str, action):
    """「重發認證信」, 「忘記密碼?」, 「忘記帳號?」: a small form whose answer is a mail."""

    def show(ctx: Ctx) -> Response:
        return ctx.page(template, role=ctx.role(), message=None, values={})

    def submit(ctx: Ctx) -> Response:
        values = {k: ctx.request.value(k) for k in ("account", "email")}
        mailed = action(ctx.portal, **values)
        if mailed is Mailed.SENT:
            return ctx.flash_and_redirect(login_url(ctx.role()), done_flash)
        if mailed is Mailed.NOT_SENT:       # the entries stay on the form, to send again later
            return ctx.page(template, role=ctx.role(), message=ctx.say("mail-not-sent"), values=values)
        return ctx.page(template, role=ctx.role(), message=ctx.say(failed), values=values, status=400)

    return show, submit


for _path, _template, _done, _failed, _action in (
    ("/register/resend", "resend.html", "resent", "resend-failed",
     lambda portal, account, email: portal.resend_confirmation(account, email)),
    ("/forgot-password", "forgot_password.html", "password-mailed", "password-mail-failed",
     lambda portal, account, email: portal.forgot_password(account, email)),
    ("/forgot-account", "forgot_account.html", "account-mailed", "account-mail-failed",
     lambda portal, account, email: portal.forgot_account(email)),
):
    _show, _submit = _mail_form(_template, _done, _failed, _action)
    ROUTER.get(_path)(_show)
    ROUTER.post(_path)(_submit)
