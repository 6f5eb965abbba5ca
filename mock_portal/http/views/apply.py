"""The re-application itself, STEP 8-17: the drafts list, the 「新增申請人」 dialog and its
eligibility check, the form, save, preview, submit and the finished page."""

from __future__ import annotations

from ...domain import application_form as form
from ...domain import catalog, questionnaire
from ...domain.eligibility import Verdict
from ...service import Upload
from ...texts import ui_number_problem
from ..context import ROUTER, Ctx
from ..response import HttpError, Response
from .signed_in import finding_text

DRAFTS_PATH = "/goldcard/drafts"
NEW_FORM_PATH = "/goldcard/apply/new"
QUESTIONS = (questionnaire.HOLDER, questionnaire.HAS_UI_NUMBER, questionnaire.UI_NUMBER, questionnaire.BIRTH_DATE,
             questionnaire.IN_TAIWAN, questionnaire.ENTRY_DOCUMENT, questionnaire.ROC_NATIONALITY,
             questionnaire.HOUSEHOLD, questionnaire.MOVED_OUT)
DOCUMENT_PREFIX = "doc:"
ALL_DOCUMENTS = frozenset(d for f in catalog.FIELDS for c in catalog.categories_of(f) for d in c.documents)


# STEP 8-12 ---------------------------------------------------------------------
@ROUTER.get(DRAFTS_PATH, signed_in=True)
def drafts(ctx: Ctx) -> Response:
    """STEP 8: 「就業金卡暫存 - 列表」, with the STEP 9-12 dialogs ready on the page."""
    return _drafts_page(ctx)


def _drafts_page(ctx: Ctx, *, dialog_message: str | None = None, answers: dict | None = None,
                 status: int = 200) -> Response:
    return ctx.page("drafts.html", drafts=ctx.portal.drafts(ctx.account), dialog_message=dialog_message,
                    answers=answers or {}, kept_days=ctx.portal.policy.draft_kept_days, status=status)


@ROUTER.post("/goldcard/eligibility", signed_in=True)
def eligibility(ctx: Ctx) -> Response:
    """STEP 10: checked the moment 統一證號 and 出生日期 are both filled (the page's script
    calls this); R-RENEW-EXPIRED, R-RENEW-VALID, R-RENEW-NOMATCH."""
    birth = form.parse_date(ctx.request.value("birth_date"))
    if birth is None:
        return Response.json({"eligible": False, "verdict": "birth-date-format",
                              "message": ctx.say("birth-date-format")}, 400)
    finding = ctx.portal.check_reapplication(ctx.request.value("ui_number"), birth)
    eligible = finding.verdict is Verdict.ELIGIBLE
    return Response.json({"eligible": eligible, "verdict": finding.verdict.value,
                          "message": finding_text(ctx, finding),
                          "extension": finding.verdict is Verdict.VALID_USE_EXTENSION})


def _answers(ctx: Ctx) -> dict[str, str]:
    """The dialog's answers as posted, by question; unanswered questions left out."""
    return {q: ctx.request.value(q) for q in QUESTIONS if ctx.request.value(q)}


@ROUTER.post("/goldcard/answers", signed_in=True)
def answers_so_far(ctx: Ctx) -> Response:
    """STEP 10-11: the dialog's script posts the answers after each change; the answer says
    whether they stop the application (R-RENEW-VALID's holder path, R-HOUSEHOLD) and why."""
    stop = ctx.portal.judge_dialog(_answers(ctx))
    shown = stop not in (None, questionnaire.Stop.MISSING)
    return Response.json({"stop": stop.value if stop else None, "message": ctx.say(stop.value) if shown else ""})


@ROUTER.post("/goldcard/apply/start", signed_in=True)
def start(ctx: Ctx) -> Response:
    """STEP 11-12: the dialog's answers and the declaration, judged again on the server."""
    answers = _answers(ctx)
    if ctx.request.value("declaration") != "agree":
        return _drafts_page(ctx, dialog_message="請勾選「同意上述條款，請打勾。」", answers=answers, status=400)
    stop, finding = ctx.portal.start_application(ctx.session, answers)
    if stop:
        return _drafts_page(ctx, dialog_message=ctx.say(stop.value), answers=answers, status=400)
    if finding:
        return _drafts_page(ctx, dialog_message=finding_text(ctx, finding), answers=answers, status=400)
    return Response.redirect(NEW_FORM_PATH)


# STEP 13-15: the form --------------------------------------------------------------
@ROUTER.get(NEW_FORM_PATH, signed_in=True)
def new_form(ctx: Ctx) -> Response:
    """STEP 13: 「就業金卡申請 - 新增」, 統一證號 and 出生日期 carried from STEP 10."""
    answers = ctx.session.answers
    if answers is None:
        return Response.redirect(DRAFTS_PATH)
    ctx.portal.discard_unsaved(ctx.session)
    values = {"ui_number": answers.get(questionnaire.UI_NUMBER, "").upper(),
              "birth_date": answers.get(questionnaire.BIRTH_DATE, "")}
    return _form_page(ctx, None, values, [], [])


@ROUTER.post("/goldcard/apply/save", signed_in=True)
def save_new(ctx: Ctx) -> Response:
    if ctx.session.answers is None:
        return Response.redirect(DRAFTS_PATH)
    return _save(ctx, None)


@ROUTER.get("/goldcard/drafts/{draft_id}/edit", signed_in=True)
def edit_form(ctx: Ctx, draft_id: str) -> Response:
    """STEP 8 「編輯」, and STEP 15 (the 「儲存功能」 dialog after a save)."""
    draft = _draft(ctx, draft_id)
    if ctx.request.query.get("saved") != "1":
        ctx.portal.discard_unsaved(ctx.session)
    values = {k: v for k, v in draft.data.items() if isinstance(v, str)}
    return _form_page(ctx, draft, values, draft.data.get(form.CRITERIA_KEY, []), [],
                      saved=ctx.request.query.get("saved") == "1")


@ROUTER.post("/goldcard/drafts/{draft_id}/save", signed_in=True)
def save_draft(ctx: Ctx, draft_id: str) -> Response:
    return _save(ctx, _draft(ctx, draft_id))


def _save(ctx: Ctx, draft) -> Response:
    """「儲存」: R-REQUIRED, R-EMAIL-CN, R-ARCH-ALL, R-UPLOAD, R-CARRY-DOCS. On refusal the
    page comes back with everything typed and the reasons, tab by tab."""
    r = ctx.request
    values = {f.key: r.value(f.key) for f in form.FIELDS}
    criteria = r.values(form.CRITERIA_KEY)
    known = ALL_DOCUMENTS
    uploads = [Upload(f.name[len(DOCUMENT_PREFIX):], f.filename or "", f.content) for f in r.files
               if f.name.startswith(DOCUMENT_PREFIX) and f.name[len(DOCUMENT_PREFIX):] in known]
    cleared = [d for d in r.values("cleared") if d in known]
    result = ctx.portal.save(ctx.session, ctx.account, draft, values, criteria, uploads, cleared)
    if result.problems:
        texts = [(p.tab, ctx.say(p.code, tab=p.tab, label=p.label,
                                 detail=ui_number_problem(p.detail) if p.code == "ui-number" else p.detail))
                 for p in result.problems]
        return _form_page(ctx, draft, values, criteria, texts, status=400)
    return Response.redirect(f"{DRAFTS_PATH}/{result.draft_id}/edit?saved=1")


def _form_page(ctx: Ctx, draft, values: dict, criteria: list, problems: list, *, saved: bool = False,
               status: int = 200) -> Response:
    card = ctx.portal.card_for(draft.card_id if draft else ctx.session.card_id)
    uploads = ctx.portal.uploads_of(ctx.session, draft)
    config = {
        "categories": {f: [{"name": c.name, "criteria": list(c.criteria), "documents": list(c.documents)}
                           for c in catalog.categories_of(f)] for f in catalog.FIELDS},
        "carried": ctx.portal.carried_by_category(card),
        "uploaded": {d: u.filename for d, u in uploads.items()},
        "selected": {"field": values.get("field", ""), "category": values.get("category", ""),
                     "criteria": list(criteria)},
    }
    first_tab = problems[0][0] if problems else form.TAB_BASIC
    action = f"{DRAFTS_PATH}/{draft.id}/save" if draft else "/goldcard/apply/save"
    return ctx.page("application_form.html", draft=draft, values=values, problems=problems, config=config,
                    first_tab=first_tab, action=action, saved=saved, status=status)


# STEP 16-17 ----------------------------------------------------------------------
@ROUTER.get("/goldcard/drafts/{draft_id}/preview", signed_in=True)
def preview(ctx: Ctx, draft_id: str) -> Response:
    """STEP 16: 「就業金卡申請 - 編輯」, every tab read-only, with 「送出」."""
    return _read_only(ctx, _draft(ctx, draft_id), submit=True)


@ROUTER.get("/goldcard/drafts/{draft_id}/view", signed_in=True)
def view(ctx: Ctx, draft_id: str) -> Response:
    """STEP 8 「檢視」: the saved draft, read-only."""
    return _read_only(ctx, _draft(ctx, draft_id), submit=False)


def _read_only(ctx: Ctx, draft, *, submit: bool) -> Response:
    return ctx.page("preview.html", draft=draft, data=draft.data, documents=ctx.portal.document_rows(draft),
                    submit=submit,
                    title="就業金卡申請 - 編輯" if submit else "就業金卡申請 - 檢視")


@ROUTER.post("/goldcard/drafts/{draft_id}/delete", signed_in=True)
def delete(ctx: Ctx, draft_id: str) -> Response:
    ok = ctx.portal.delete_draft(ctx.account, int(draft_id))
    return ctx.flash_and_redirect(DRAFTS_PATH, "draft-deleted" if ok else "draft-gone")


@ROUTER.post("/goldcard/drafts/{draft_id}/submit", signed_in=True)
def submit(ctx: Ctx, draft_id: str) -> Response:
    """R-SUBMIT."""
    number = ctx.portal.submit(ctx.account, int(draft_id))
    if number is None:
        return ctx.flash_and_redirect(DRAFTS_PATH, "draft-gone")
    return Response.redirect(f"/goldcard/applications/{number}/done")


@ROUTER.get("/goldcard/applications/{number}/done", signed_in=True)
def done(ctx: Ctx, number: str) -> Response:
    """STEP 17: 「就業金卡申請 - 資料填寫完成說明」 with the 申請案號."""
    return ctx.page("done.html", application=_application(ctx, number))


@ROUTER.get("/goldcard/applications/{number}", signed_in=True)
def application(ctx: Ctx, number: str) -> Response:
    app = _application(ctx, number)
    return ctx.page("application.html", application=app, data=app.data)


def _draft(ctx: Ctx, draft_id: str):
    draft = ctx.portal.draft(ctx.account, int(draft_id))
    if draft is None:
        raise HttpError(404, "找不到這筆暫存資料：可能已刪除，或已超過保存期限而由系統自動刪除。")
    return draft


def _application(ctx: Ctx, number: str):
    app = ctx.portal.application(ctx.account, number)
    if app is None:
        raise HttpError(404, "找不到這個申請案。")
    return app

