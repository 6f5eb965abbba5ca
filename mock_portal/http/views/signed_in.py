"""Signed-in pages around the application: home (STEP 6-7), 「線上繳費」, 「更換密碼」
(R-PASSWORD-AGE), 「就業金卡延期申請」 (R-EXTEND-WINDOW)."""

from __future__ import annotations

from ...domain import application_form as form
from ...domain.eligibility import Verdict
from ...domain.passwords import MIN_LENGTH
from ...texts import ui_number_problem
from ..context import HOME_PATH, ROUTER, Ctx
from ..response import Response

BULLETIN = (
    ("公佈欄測試002", "移民署本部", "2020/04/24"),
    ('新增"其他事由"到公告維護', "移民署本部", "2024/01/08"),
)


@ROUTER.get(HOME_PATH, signed_in=True)
def home(ctx: Ctx) -> Response:
    """STEP 6-7: the countdown, the menu with the 「進度查詢」 dropdown, 「新申請案件」."""
    return ctx.page("home.html", bulletin=BULLETIN, applications=ctx.portal.applications(ctx.account))


@ROUTER.get("/payment", signed_in=True)
def payment(ctx: Ctx) -> Response:
    """「線上繳費」: applications awaiting payment, each with its fee (R-SUBMIT)."""
    return ctx.page("payment.html", applications=ctx.portal.applications(ctx.account))


@ROUTER.get("/menu", signed_in=True)
def menu_item(ctx: Ctx) -> Response:
    """Menu items the guide does not walk (「就業金卡資料異動」, 「下載專區」, ...)."""
    return ctx.not_simulated(back=HOME_PATH)


@ROUTER.get("/account/password", signed_in=True, allow_stale_password=True)
def password_form(ctx: Ctx) -> Response:
    return _password_page(ctx, problem=None)


@ROUTER.post("/account/password", signed_in=True, allow_stale_password=True)
def password_submit(ctx: Ctx) -> Response:
    problem = ctx.portal.change_password(ctx.account, ctx.request.value("new_password"),
                                         ctx.request.value("confirm_password"))
    if problem:
        return _password_page(ctx, problem=ctx.say(problem.value, min_length=MIN_LENGTH), status=400)
    return ctx.flash_and_redirect(HOME_PATH, "password-changed")


def _password_page(ctx: Ctx, *, problem: str | None, status: int = 200) -> Response:
    expired = ctx.portal.must_change_password(ctx.account)
    notice = ctx.say("password-expired", days=ctx.portal.policy.password_max_age.days) if expired else None
    return ctx.page("password.html", notice=notice, problem=problem, status=status)


@ROUTER.get("/goldcard/extension", signed_in=True)
def extension_form(ctx: Ctx) -> Response:
    return ctx.page("extension.html", message=None, ok=False, values={})


@ROUTER.post("/goldcard/extension", signed_in=True)
def extension_submit(ctx: Ctx) -> Response:
    """R-EXTEND-WINDOW: says whether the card may be extended, or why not."""
    values = {k: ctx.request.value(k).strip() for k in ("ui_number", "birth_date")}
    birth = form.parse_date(values["birth_date"])
    if birth is None:
        return ctx.page("extension.html", message=ctx.say("birth-date-format"), ok=False, values=values, status=400)
    finding = ctx.portal.check_extension(values["ui_number"], birth)
    return ctx.page("extension.html", message=finding_text(ctx, finding, extension=True),
                    ok=finding.verdict is Verdict.EXTENDABLE, values=values)


def finding_text(ctx: Ctx, finding, *, extension: bool = False) -> str:
    """The sentence for an eligibility finding (STEP 10 and the extension page)."""
    card = finding.card
    code = finding.verdict.value
    if extension and finding.verdict is Verdict.VALID_TOO_EARLY:
        code = "extend-too-early"
    return ctx.say(
        code,
        valid_until=card.valid_until.strftime(form.DATE_FORMAT) if card else "",
        opens_on=finding.opens_on.strftime(form.DATE_FORMAT) if finding.opens_on else "",
        problem=ui_number_problem(finding.problem) if finding.problem else "",
    )
