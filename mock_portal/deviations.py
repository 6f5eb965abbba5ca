"""Named deviations from the guide: `python -m mock_portal --deviate NAME` (repeatable)
serves a portal that is wrong in exactly one way, so the harness can prove it notices.

Each deviation changes ONE behaviour of one running portal and nothing else: it replaces
a number in the portal's Policy, wraps one of the portal's use cases on that instance,
or, for a screen, rewrites the HTML the portal renders (`Portal.html_rewrites`). The
rules in `domain/` know nothing of this module, and two portals in one process do not
share a deviation.

Names: `<rule id in lower case>-<what>` (`r-login-lock-six`) or `screen-<what>`.
`breaks` names what a harness should fail on: the rule, or for a screen the guide
STEPs whose scenarios walk it (a label on the only way to later steps breaks those too)."""

from __future__ import annotations

import dataclasses
import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from .domain import application_form as form
from .domain import catalog, documents, questionnaire
from .domain.eligibility import Finding, Verdict, judge_extension
from .domain.email import is_mainland_china_email
from .domain.login import Refusal
from .domain.ui_number import check_ui_number
from .domain.uploads import UploadProblem, judge_upload
from .service import Portal

ACCEPTED_NAMES = (".jpg", ".jpeg", ".png", ".pdf")   # what a name-only check lets through


@dataclass(frozen=True)
class Deviation:
    name: str
    description: str
    apply: Callable[[Portal], None]
    breaks: tuple[str, ...] = ()      # "R-…" ids or "STEP n": what a harness should fail on

    @property
    def tags(self) -> tuple[str, ...]:
        """`breaks` as the feature files tag it: `r-login-lock`, `step-8`."""
        return tuple(b.lower().replace("step ", "step-") for b in self.breaks)


class UnknownDeviation(ValueError):
    """A name that is not in DEVIATIONS; the message lists the known ones."""


# Building blocks --------------------------------------------------------------------------
def _policy(**changes) -> Callable[[Portal], None]:
    def apply(portal: Portal) -> None:
        portal.policy = dataclasses.replace(portal.policy, **changes)
    return apply


def _wrap(portal: Portal, method: str, make: Callable[[Callable], Callable]) -> None:
    """Replace one use case on this portal instance by `make(original)`."""
    original = getattr(portal, method)
    setattr(portal, method, wraps(original)(make(original)))


def _rewrite(*pairs: tuple[str | re.Pattern, str]) -> Callable[[Portal], None]:
    def apply(portal: Portal) -> None:
        portal.html_rewrites = [*portal.html_rewrites, *pairs]
    return apply


def _save_with_stand_in(portal: Portal, key: str, needs_stand_in: Callable[[str], bool], stand_in: str) -> None:
    """Wrap 「儲存」 so that a value the guide refuses gets past the check: the check sees
    `stand_in`, and a draft that is saved keeps what was really typed."""
    def make(save):
        def deviated(session, account, draft, values, criteria, uploads, cleared):
            typed = values.get(key, "")
            if not needs_stand_in(typed):
                return save(session, account, draft, values, criteria, uploads, cleared)
            result = save(session, account, draft, {**values, key: stand_in}, criteria, uploads, cleared)
            if result.draft_id is not None and not result.problems:
                saved = portal.store.draft(result.draft_id, account.account)
                portal.store.save_draft(saved.id, account.account, saved.name, {**saved.data, key: typed.strip()},
                                        saved.card_id, saved.saved_at, session.id)
            return result
        return deviated
    _wrap(portal, "save", make)


def _reapplication(change: Callable[[Portal, Finding, str, object], Finding]) -> Callable[[Portal], None]:
    """Wrap the STEP 10 check (R-RENEW-*): `change(portal, finding, ui_number, birth_date)`."""
    def apply(portal: Portal) -> None:
        _wrap(portal, "check_reapplication",
              lambda check: lambda ui_number, birth_date: change(portal, check(ui_number, birth_date),
                                                                 ui_number, birth_date))
    return apply


# R-RENEW-* and R-EXTEND-WINDOW ---------------------------------------------------------
def _valid_accepted(portal, finding, ui_number, birth_date):
    if finding.verdict in (Verdict.VALID_USE_EXTENSION, Verdict.VALID_TOO_EARLY):
        return Finding(Verdict.ELIGIBLE, finding.card)
    return finding


def _last_day_accepted(portal, finding, ui_number, birth_date):
    if finding.card and finding.verdict is Verdict.VALID_USE_EXTENSION \
            and finding.card.valid_until == portal.clock.today():
        return Finding(Verdict.ELIGIBLE, finding.card)
    return finding


def _old_format_refused(portal, finding, ui_number, birth_date):
    if check_ui_number(ui_number).format == "old":
        return Finding(Verdict.MALFORMED, problem="second-char")
    return finding


def _birth_date_ignored(portal, finding, ui_number, birth_date):
    if finding.verdict is not Verdict.NO_MATCH:
        return finding
    cards = list(portal.store.cards(ui_number))
    if not cards:
        return finding
    latest = max(cards, key=lambda c: c.valid_until)
    return Portal.check_reapplication(portal, ui_number, latest.birth_date)


def _extension_five_months(portal: Portal) -> None:
    _wrap(portal, "check_extension", lambda check: lambda ui_number, birth_date: judge_extension(
        portal.store.cards(ui_number), ui_number, birth_date, portal.clock.today(), months=5))


# R-CARRY-DOCS, R-ARCH-ALL, R-HOUSEHOLD, R-REQUIRED, R-EMAIL-CN, R-UPLOAD, R-SUBMIT ---------
def _carry_despite_new_rules(portal: Portal) -> None:
    _wrap(portal, "carried", lambda carried: lambda card, field_name, category:
          documents.carried_documents(card, field_name, category, None))


def _arch_one_criterion(portal: Portal) -> None:
    def make(save):
        def deviated(session, account, draft, values, criteria, uploads, cleared):
            found = catalog.find_category(values.get("field", ""), values.get("category", ""))
            if found and found.field == catalog.ARCHITECTURE and criteria:
                criteria = list(found.criteria)
            return save(session, account, draft, values, criteria, uploads, cleared)
        return deviated
    _wrap(portal, "save", make)


def _household_not_checked(portal: Portal) -> None:
    """R-HOUSEHOLD not applied: an ROC national registered in Taiwan and not moved out may
    go on. The dialog's script asks the server, so one change covers page and server."""
    def make(judge):
        def deviated(values):
            stop = judge(values)
            return None if stop is questionnaire.Stop.HOUSEHOLD else stop
        return deviated
    _wrap(portal, "judge_dialog", make)


def _uploads_by_name(portal: Portal) -> None:
    """R-UPLOAD judged by the file name's extension; the stored type is guessed from the name."""
    def judge(uploads):
        problems = []
        for upload in uploads:
            problem = judge_upload(upload.content, limit=portal.policy.upload_limit)
            if problem in (None, UploadProblem.WRONG_TYPE):
                problem = None if upload.filename.lower().endswith(ACCEPTED_NAMES) else UploadProblem.WRONG_TYPE
            if problem:
                problems.append(form.Problem(form.TAB_UPLOAD, upload.document, "upload-" + problem.value,
                                             upload.filename))
        return problems

    portal.judge_uploads = judge
    put = portal.store.put_pending_upload

    def put_guessing(session_id, document, filename, media_type, content):
        guessed = media_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        put(session_id, document, filename, guessed, content)

    portal.store.put_pending_upload = put_guessing


def _draft_kept_after_submit(portal: Portal) -> None:
    def make(submit):
        def deviated(account, draft_id):
            draft = portal.draft(account, draft_id)
            number = submit(account, draft_id)
            if number and draft:
                portal.store.save_draft(None, account.account, draft.name, draft.data, draft.card_id,
                                        draft.saved_at, "")
            return number
        return deviated
    _wrap(portal, "submit", make)


# R-LOGIN-*, R-PASSWORD-AGE, R-ROLE, R-REGISTER, R-SESSION-30 -----------------------------
def _captcha_counts(portal: Portal) -> None:
    def make(log_in):
        def deviated(session, role, account, password, captcha):
            refusal = log_in(session, role, account, password, captcha)
            stored = portal.store.account(account.strip())
            if refusal is Refusal.WRONG_CAPTCHA and stored:
                portal.store.set_wrong_in_a_row(stored.account, stored.wrong_in_a_row + 1)
            return refusal
        return deviated
    _wrap(portal, "log_in", make)


def _captcha_never_changes(portal: Portal) -> None:
    portal.new_captcha = lambda session: None


def _lock_count_kept(portal: Portal) -> None:
    def make(log_in):
        def deviated(session, role, account, password, captcha):
            before = portal.store.account(account.strip())
            refusal = log_in(session, role, account, password, captcha)
            if refusal is None and before:
                portal.store.set_wrong_in_a_row(before.account, before.wrong_in_a_row)
            return refusal
        return deviated
    _wrap(portal, "log_in", make)


def _any_role(portal: Portal) -> None:
    def make(log_in):
        def deviated(session, role, account, password, captcha):
            stored = portal.store.account(account.strip())
            return log_in(session, stored.role if stored else role, account, password, captcha)
        return deviated
    _wrap(portal, "log_in", make)


def _no_confirmation(portal: Portal) -> None:
    def make(register):
        def deviated(role, account, name, email, password, confirm):
            problems = register(role, account, name, email, password, confirm)
            if not problems:
                portal.store.mark_verified(account.strip())
            return problems
        return deviated
    _wrap(portal, "register", make)


def _session_slides(portal: Portal) -> None:
    """Every signed-in request starts the 30 minutes again (the guide: they run from login)."""
    last_seen: dict[str, object] = {}

    def slid(session):
        if session.logged_in_at is None:
            return session
        return dataclasses.replace(session, logged_in_at=max(last_seen.get(session.id, session.logged_in_at),
                                                             session.logged_in_at))

    signed_in, left = portal.signed_in_account, portal.seconds_left

    def signed_in_account(session):
        account = signed_in(slid(session))
        if account is not None:
            last_seen[session.id] = portal.clock.now()
        return account

    portal.signed_in_account = signed_in_account
    portal.seconds_left = lambda session: left(slid(session))


# Screens --------------------------------------------------------------------------------
_TAB = r'<button type="button" role="tab" id="tab-{n}"[^>]*>[^<]*</button>'
_PANEL = r'<section role="tabpanel" id="panel-{n}".*?</section>'


def _swapped(template: str) -> tuple[re.Pattern, str]:
    pattern = f"({template.format(n=1)})(\\s*)({template.format(n=2)})"
    return re.compile(pattern, re.DOTALL), r"\3\2\1"


DEVIATIONS: dict[str, Deviation] = {d.name: d for d in (
    # R-RENEW-EXPIRED, R-RENEW-VALID, R-RENEW-NOMATCH, R-EXTEND-WINDOW
    Deviation("r-renew-expired-old-format-refused",
              "an expired card under an old-format 統一證號 (two letters) is refused as malformed",
              _reapplication(_old_format_refused), ("R-RENEW-EXPIRED",)),
    Deviation("r-renew-valid-accepted", "a card that is still valid is accepted for re-application",
              _reapplication(_valid_accepted), ("R-RENEW-VALID",)),
    Deviation("r-renew-valid-last-day-accepted",
              "a card on its last valid day counts as expired and may be re-applied for",
              _reapplication(_last_day_accepted), ("R-RENEW-VALID",)),
    Deviation("r-renew-nomatch-birth-date-ignored",
              "the STEP 10 check matches the 統一證號 alone, whatever 出生日期 is typed",
              _reapplication(_birth_date_ignored), ("R-RENEW-NOMATCH",)),
    Deviation("r-extend-window-five-months", "「就業金卡延期申請」 opens five months before expiry, not four",
              _extension_five_months, ("R-EXTEND-WINDOW",)),
    # R-CARRY-DOCS, R-ARCH-ALL, R-HOUSEHOLD
    Deviation("r-carry-docs-despite-new-rules",
              "the last card's documents are carried even when the category's rules changed since",
              _carry_despite_new_rules, ("R-CARRY-DOCS",)),
    Deviation("r-arch-all-one-criterion", "建築設計 accepts one ticked criterion instead of all of them",
              _arch_one_criterion, ("R-ARCH-ALL",)),
    Deviation("r-household-not-checked",
              "an ROC national with a household registration not moved out may apply (dialog and server)",
              _household_not_checked, ("R-HOUSEHOLD",)),
    # R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-PASSWORD-AGE, R-ROLE, R-REGISTER
    Deviation("r-login-captcha-counts-as-wrong-password",
              "a wrong captcha counts toward the lock as a wrong password",
              _captcha_counts, ("R-LOGIN-CAPTCHA",)),
    Deviation("r-login-captcha-never-changes", "「換下一組」 and failed attempts keep the same captcha",
              _captcha_never_changes, ("R-LOGIN-CAPTCHA",)),
    Deviation("r-login-lock-six", "the account locks after 6 wrong passwords instead of 5",
              _policy(max_wrong_passwords=6), ("R-LOGIN-LOCK",)),
    Deviation("r-login-lock-count-kept", "a successful login does not reset the count of wrong passwords",
              _lock_count_kept, ("R-LOGIN-LOCK",)),
    Deviation("r-password-age-off", "a password older than 90 days need not be changed",
              lambda portal: setattr(portal, "must_change_password", lambda account: False),
              ("R-PASSWORD-AGE",)),
    Deviation("r-password-age-ninety-one", "a password must be changed after 91 days instead of 90",
              _policy(password_max_age=timedelta(days=91)), ("R-PASSWORD-AGE",)),
    Deviation("r-role-any-login-page", "an account logs in on any role's login page",
              _any_role, ("R-ROLE",)),
    Deviation("r-register-no-confirmation", "a new account can log in without confirming its email",
              _no_confirmation, ("R-REGISTER",)),
    # R-SESSION-30, R-DRAFT-30
    Deviation("r-session-30-sixty", "a login lasts 60 minutes instead of 30",
              _policy(session_length=timedelta(minutes=60)), ("R-SESSION-30",)),
    Deviation("r-session-30-sliding", "every signed-in request starts the 30 minutes again",
              _session_slides, ("R-SESSION-30",)),
    Deviation("r-draft-30-thirty-one", "drafts are kept 31 days instead of 30",
              _policy(draft_kept_days=31), ("R-DRAFT-30",)),
    # R-REQUIRED, R-EMAIL-CN, R-UPLOAD, R-SUBMIT
    Deviation("r-required-passport-number-optional", "「護照號碼」 may be left empty",
              lambda portal: _save_with_stand_in(portal, "passport_number", lambda v: not v.strip(), "-"),
              ("R-REQUIRED",)),
    Deviation("r-email-cn-accepted", "an email address at a mainland-China provider is accepted",
              lambda portal: _save_with_stand_in(portal, "email", is_mainland_china_email, "stand-in@example.com"),
              ("R-EMAIL-CN",)),
    Deviation("r-upload-by-file-name", "uploads are checked by file name only, not by content",
              _uploads_by_name, ("R-UPLOAD",)),
    Deviation("r-upload-three-mb", "the upload limit is 3 MB instead of 2 MB",
              _policy(upload_limit=3 * 1024 * 1024), ("R-UPLOAD",)),
    Deviation("r-submit-draft-kept", "「送出」 leaves the draft in 「就業金卡暫存 - 列表」",
              _draft_kept_after_submit, ("R-SUBMIT",)),
    # Screens
    Deviation("screen-renamed-label", "STEP 8's button 「新增申請人」 reads 「新增申請」",
              _rewrite(('data-needs-script>新增申請人</button>',
                        'data-needs-script>新增申請</button>')),
              tuple(f"STEP {n}" for n in range(8, 18))),
    Deviation("screen-renamed-forgot-account", "STEP 5's link 「忘記帳號?」 reads 「忘記帳號」",
              _rewrite(('>忘記帳號?</a>', '>忘記帳號</a>')), ("STEP 5",)),
    Deviation("screen-missing-dropdown-item", "STEP 7's 「進度查詢」 lacks 「就業金卡申請或重新申請」",
              _rewrite(('<li><a href="/goldcard/drafts">就業金卡申請或重新申請</a></li>', '')), ("STEP 7",)),
    Deviation("screen-renamed-website-link",
              "STEP 3 says 「台灣就業金卡官網」 where the guide quotes 「台灣就業金卡網站」 "
              "(the link and the sentence naming it); no functional scenario reads that label",
              _rewrite(("台灣就業金卡網站", "台灣就業金卡官網")), ("STEP 3",)),
    Deviation("screen-swapped-tabs", "STEP 13's tabs 「基本資料」 and 「護照資料」 change places",
              _rewrite(_swapped(_TAB), _swapped(_PANEL)), ("STEP 13",)),
)}


def apply_deviations(portal: Portal, names: Iterable[str]) -> list[Deviation]:
    """Apply each named deviation to this portal, in order; an unknown name is refused
    before anything changes."""
    names = list(names)
    unknown = [n for n in names if n not in DEVIATIONS]
    if unknown:
        raise UnknownDeviation(f"unknown deviation {', '.join(unknown)}; known: {', '.join(DEVIATIONS)}")
    applied = []
    for name in dict.fromkeys(names):
        DEVIATIONS[name].apply(portal)
        applied.append(DEVIATIONS[name])
    return applied


def listing() -> str:
    """What `--list-deviations` prints: one per line, the name, a space, what it changes."""
    return "".join(f"{d.name} {d.description}\n" for d in DEVIATIONS.values())
