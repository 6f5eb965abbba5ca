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
import inspect
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
from .domain.uploads import UPLOAD_LIMIT_BYTES, UploadProblem, judge_upload, sniff_type
from .service import Mailed, Portal, SaveResult

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


class Call:
    """One call of a wrapped use case: its arguments by name, bound to the original's own
    signature (so a wrapper restates no parameter list and breaks at once when the use
    case's parameters change), and the original to go on with."""

    def __init__(self, original: Callable, args: tuple, kwargs: dict) -> None:
        self._original = original
        signature = inspect.signature(original)
        self._parameters = signature.parameters
        self.arguments = signature.bind(*args, **kwargs).arguments

    def __getitem__(self, name: str):
        return self.arguments[name]

    def proceed(self, **changes):
        """The original use case, with the arguments named in `changes` replaced."""
        unknown = set(changes) - set(self._parameters)
        if unknown:
            raise TypeError(f"{self._original.__name__} has no argument {sorted(unknown)}")
        return self._original(**{**self.arguments, **changes})


def _wrap(portal: Portal, method: str, deviated: Callable[[Call], object]) -> None:
    """Replace one use case on this portal instance: `deviated(call)` decides, and may go
    on with `call.proceed(...)`."""
    original = getattr(portal, method)

    @wraps(original)
    def wrapper(*args, **kwargs):
        return deviated(Call(original, args, kwargs))
    setattr(portal, method, wrapper)


class DeviationDidNotApply(RuntimeError):
    """A screen deviation's target is gone from the page it names: the template changed,
    and the deviation would otherwise quietly serve the guide's portal."""


@dataclass(frozen=True)
class ScreenRewrite:
    """Rewrite each rendered page wherever a target (text, or a pattern) appears. On
    `page`, the template whose screen the deviation is about, every target must be found."""

    page: str
    pairs: tuple[tuple[str | re.Pattern, str], ...]

    def __call__(self, template: str, html: str) -> str:
        for old, new in self.pairs:
            if isinstance(old, re.Pattern):
                html, found = old.subn(new, html)
            else:
                found = html.count(old)
                html = html.replace(old, new)
            if not found and template == self.page:
                target = old.pattern if isinstance(old, re.Pattern) else old
                raise DeviationDidNotApply(f"{target!r} is not on {self.page} any more: update the deviation")
        return html


def _rewrite(page: str, *pairs: tuple[str | re.Pattern, str]) -> Callable[[Portal], None]:
    def apply(portal: Portal) -> None:
        portal.html_rewrites = [*portal.html_rewrites, ScreenRewrite(page, pairs)]
    return apply


def _save_with_stand_in(portal: Portal, key: str, needs_stand_in: Callable[[str], bool], stand_in: str) -> None:
    """Wrap 「儲存」 so that a value the guide refuses gets past the check: the check sees
    `stand_in`, and a draft that is saved keeps what was really typed."""
    def deviated(call: Call):
        typed = call["values"].get(key, "")
        if not needs_stand_in(typed):
            return call.proceed()
        result = call.proceed(values={**call["values"], key: stand_in})
        if result.draft_id is not None and not result.problems:
            account = call["account"].account
            saved = portal.store.draft(result.draft_id, account)
            portal.store.save_draft(saved.id, account, saved.name, {**saved.data, key: typed.strip()},
                                    saved.card_id, saved.saved_at, call["session"].id)
        return result
    _wrap(portal, "save", deviated)


def _save_refused_as(portal: Portal, key: str, wrongly_refused: Callable[[str], bool], refused_value: str) -> None:
    """Wrap 「儲存」 so that a value the guide lets through is refused: the check sees
    `refused_value` (one the guide refuses) instead, and nothing is saved."""
    def deviated(call: Call):
        if wrongly_refused(call["values"].get(key, "")):
            return call.proceed(values={**call["values"], key: refused_value})
        return call.proceed()
    _wrap(portal, "save", deviated)


def _also_required(portal: Portal, key: str, tab: str, label: str) -> None:
    """Wrap 「儲存」 so that an optional field left empty is refused as required, beside
    whatever else the save refuses; nothing is saved while it is empty."""
    def deviated(call: Call):
        values = call["values"]
        if values.get(key, "").strip():
            return call.proceed()
        # An empty required field keeps the real save from storing a draft; its own
        # complaint is dropped unless that field really was empty.
        blocker = "surname"
        refused = call.proceed(values={**values, blocker: ""})
        others = [p for p in refused.problems
                  if values.get(blocker, "").strip() == "" or (p.label, p.code) != ("英文姓氏", "required")]
        return SaveResult(refused.draft_id, [form.Problem(tab, label, "required"), *others])
    _wrap(portal, "save", deviated)


def _reapplication(change: Callable[[Portal, Finding, Call], Finding]) -> Callable[[Portal], None]:
    """Wrap the STEP 10 check (R-RENEW-*): `change(portal, finding, call)`."""
    def apply(portal: Portal) -> None:
        _wrap(portal, "check_reapplication", lambda call: change(portal, call.proceed(), call))
    return apply


# R-RENEW-* and R-EXTEND-WINDOW ---------------------------------------------------------
def _valid_accepted(portal, finding, call):
    if finding.verdict in (Verdict.VALID_USE_EXTENSION, Verdict.VALID_TOO_EARLY):
        return Finding(Verdict.ELIGIBLE, finding.card)
    return finding


def _last_day_accepted(portal, finding, call):
    if finding.card and finding.verdict is Verdict.VALID_USE_EXTENSION \
            and finding.card.valid_until == portal.clock.today():
        return Finding(Verdict.ELIGIBLE, finding.card)
    return finding


def _old_format_refused(portal, finding, call):
    if check_ui_number(call["ui_number"]).format == "old":
        return Finding(Verdict.MALFORMED, problem="second-char")
    return finding


def _birth_date_ignored(portal, finding, call):
    if finding.verdict is not Verdict.NO_MATCH:
        return finding
    cards = list(portal.store.cards(call["ui_number"]))
    if not cards:
        return finding
    latest = max(cards, key=lambda c: c.valid_until)
    return call.proceed(birth_date=latest.birth_date)


def _yesterday_refused(portal, finding, call):
    if finding.verdict is Verdict.ELIGIBLE and finding.card \
            and finding.card.valid_until == portal.clock.today() - timedelta(days=1):
        return Finding(Verdict.VALID_USE_EXTENSION, finding.card)
    return finding


def _opening_day_not_pointed(portal, finding, call):
    if finding.verdict is Verdict.VALID_USE_EXTENSION and finding.opens_on == portal.clock.today():
        return Finding(Verdict.VALID_TOO_EARLY, finding.card, opens_on=finding.opens_on)
    return finding


def _old_format_unmatched(portal, finding, call):
    if check_ui_number(call["ui_number"]).format == "old" and finding.verdict is not Verdict.MALFORMED:
        return Finding(Verdict.NO_MATCH)
    return finding


def _extension(change: Callable[[Portal, Finding], Finding]) -> Callable[[Portal], None]:
    """Wrap the extension page's check (R-EXTEND-WINDOW): `change(portal, finding)`."""
    def apply(portal: Portal) -> None:
        _wrap(portal, "check_extension", lambda call: change(portal, call.proceed()))
    return apply


def _opens_a_day_late(portal, finding):
    if finding.verdict is Verdict.EXTENDABLE and finding.opens_on == portal.clock.today():
        return Finding(Verdict.VALID_TOO_EARLY, finding.card, opens_on=finding.opens_on)
    return finding


def _closed_on_last_day(portal, finding):
    if finding.verdict is Verdict.EXTENDABLE and finding.card.valid_until == portal.clock.today():
        return Finding(Verdict.EXPIRED, finding.card)
    return finding


def _extension_five_months(portal: Portal) -> None:
    _wrap(portal, "check_extension", lambda call: judge_extension(
        portal.store.cards(call["ui_number"]), call["ui_number"], call["birth_date"], portal.clock.today(), months=5))


# R-CARRY-DOCS, R-ARCH-ALL, R-HOUSEHOLD, R-REQUIRED, R-EMAIL-CN, R-UPLOAD, R-SUBMIT ---------
def _carry_despite_new_rules(portal: Portal) -> None:
    _wrap(portal, "carried", lambda call: documents.carried_documents(
        call["card"], call["field_name"], call["category"], None))


def _category_of(values: dict) -> catalog.Category | None:
    return catalog.find_category(values.get("field", ""), values.get("category", ""))


def _arch_one_criterion(portal: Portal) -> None:
    def deviated(call: Call):
        found = _category_of(call["values"])
        if found and found.field == catalog.ARCHITECTURE and call["criteria"]:
            return call.proceed(criteria=list(found.criteria))
        return call.proceed()
    _wrap(portal, "save", deviated)


def _household_not_checked(portal: Portal) -> None:
    """R-HOUSEHOLD not applied: an ROC national registered in Taiwan and not moved out may
    go on. The dialog's script asks the server, so one change covers page and server."""
    def deviated(call: Call):
        stop = call.proceed()
        return None if stop is questionnaire.Stop.HOUSEHOLD else stop
    _wrap(portal, "judge_dialog", deviated)


def _carried_never(portal: Portal) -> None:
    _wrap(portal, "carried", lambda call: ())


def _arch_never_enough(portal: Portal) -> None:
    """建築設計 checked as if one ticked criterion were always missing."""
    def deviated(call: Call):
        found = _category_of(call["values"])
        if found and found.field == catalog.ARCHITECTURE and call["criteria"]:
            return call.proceed(criteria=list(call["criteria"])[:-1])
        return call.proceed()
    _wrap(portal, "save", deviated)


def _household_moved_out_refused(portal: Portal) -> None:
    """R-HOUSEHOLD read without its last condition: an ROC national registered in Taiwan
    is refused even when the registration was moved out (dialog and server)."""
    def deviated(call: Call):
        answers = questionnaire.Answers(call["values"])
        if all(answers.get(q) == questionnaire.YES for q in
               (questionnaire.ROC_NATIONALITY, questionnaire.HOUSEHOLD, questionnaire.MOVED_OUT)):
            return questionnaire.Stop.HOUSEHOLD
        return call.proceed()
    _wrap(portal, "judge_dialog", deviated)


def _is_look_alike(address: str) -> bool:
    """An address whose domain only contains a mainland-China provider's name."""
    domain = address.rsplit("@", 1)[-1].strip().lower()
    return not is_mainland_china_email(address) and any(
        d in domain or d.split(".")[0] + "." in domain for d in catalog.MAINLAND_CHINA_EMAIL_DOMAINS)


def _pdf_refused(portal: Portal) -> None:
    def deviated(call: Call):
        return call.proceed() + [
            form.Problem(form.TAB_UPLOAD, u.document, "upload-" + UploadProblem.WRONG_TYPE.value, u.filename)
            for u in call["uploads"] if u.content and sniff_type(u.content) == "application/pdf"]
    _wrap(portal, "judge_uploads", deviated)


def _carried_draft_not_submitted(portal: Portal) -> None:
    """「送出」 refuses a draft that relies on carried documents (R-CARRY-DOCS) for any of
    its 「應檢附文件」."""
    def deviated(call: Call):
        draft = portal.draft(call["account"], call["draft_id"])
        if draft and any(row["carried"] for row in portal.document_rows(draft)):
            return None
        return call.proceed()
    _wrap(portal, "submit", deviated)


def _uploads_by_name(portal: Portal) -> None:
    """R-UPLOAD judged by the file name's extension; the stored type is guessed from the name."""
    def judge(call: Call):
        problems = []
        for upload in call["uploads"]:
            problem = judge_upload(upload.content, limit=portal.policy.upload_limit)
            if problem in (None, UploadProblem.WRONG_TYPE):
                problem = None if upload.filename.lower().endswith(ACCEPTED_NAMES) else UploadProblem.WRONG_TYPE
            if problem:
                problems.append(form.Problem(form.TAB_UPLOAD, upload.document, "upload-" + problem.value,
                                             upload.filename))
        return problems

    _wrap(portal, "judge_uploads", judge)
    _wrap(portal, "media_type", lambda call: call.proceed() or mimetypes.guess_type(call["upload"].filename)[0]
          or "application/octet-stream")


def _draft_kept_after_submit(portal: Portal) -> None:
    def deviated(call: Call):
        draft = portal.draft(call["account"], call["draft_id"])
        number = call.proceed()
        if number and draft:
            portal.store.save_draft(None, call["account"].account, draft.name, draft.data, draft.card_id,
                                    draft.saved_at, "")
        return number
    _wrap(portal, "submit", deviated)


# R-LOGIN-*, R-PASSWORD-AGE, R-ROLE, R-REGISTER, R-SESSION-30 -----------------------------
def _captcha_counts(portal: Portal) -> None:
    def deviated(call: Call):
        refusal = call.proceed()
        stored = portal.store.account(call["account"].strip())
        if refusal is Refusal.WRONG_CAPTCHA and stored:
            portal.store.set_wrong_in_a_row(stored.account, stored.wrong_in_a_row + 1)
        return refusal
    _wrap(portal, "log_in", deviated)


def _captcha_never_changes(portal: Portal) -> None:
    portal.new_captcha = lambda session: None


def _new_captcha_not_used(portal: Portal) -> None:
    """「換下一組」 shows a new captcha, but the login still expects the one shown before,
    until a login succeeds or a new login page is opened."""
    expected: dict[str, str] = {}
    inside: list[str] = []               # "another" or "login" while those run
    another, new_captcha = portal.another_captcha, portal.new_captcha

    def asked_for_another(session):
        expected.setdefault(session.id, session.captcha)
        inside.append("another")
        try:
            another(session)
        finally:
            inside.pop()

    def new_page_or_attempt(session):
        if not inside:                   # a new login page: its captcha is the one expected
            expected.pop(session.id, None)
        new_captcha(session)

    def logging_in(call: Call):
        session, captcha = call["session"], call["captcha"]
        if session.id in expected:
            captcha = session.captcha if captcha.strip() == expected[session.id] else ""
        inside.append("login")
        try:
            refusal = call.proceed(captcha=captcha)
        finally:
            inside.pop()
        if refusal is None:
            expected.pop(session.id, None)
        return refusal

    portal.another_captcha, portal.new_captcha = asked_for_another, new_page_or_attempt
    _wrap(portal, "log_in", logging_in)


def _agency_refused(portal: Portal) -> None:
    """An agency's account on the agency's login page is judged as if on another role's
    page, so it is refused as the wrong role (and never signed in)."""
    def deviated(call: Call):
        stored = portal.store.account(call["account"].strip())
        if call["role"] == "agency" and stored is not None and stored.role == "agency":
            return call.proceed(role="employer")
        return call.proceed()
    _wrap(portal, "log_in", deviated)


def _resent_link_dead(portal: Portal) -> None:
    """The link of the mail 「重發認證信」 sends confirms nothing."""
    resent: set[str] = set()
    resend, confirm = portal.resend_confirmation, portal.confirm_email

    def resending(account, email):
        sent = resend(account, email)
        if sent is Mailed.SENT:
            resent.add(account.strip())
        return sent

    def confirming(token):
        stored = portal.store.account_by_token(token) if token else None
        if stored is not None and stored.account in resent:
            return False
        return confirm(token)

    portal.resend_confirmation, portal.confirm_email = resending, confirming


def _session_ends_a_minute_early(portal: Portal) -> None:
    """The server ends a login at 29:00 while the countdown still shows a minute left."""
    signed_in = portal.signed_in_account

    def deviated(session):
        if session.logged_in_at is not None and session.account is not None \
                and portal.seconds_left(session) <= 60:
            portal.store.sign_out(session.id, flash="timeout")
            return None
        return signed_in(session)
    portal.signed_in_account = deviated


def _lock_count_kept(portal: Portal) -> None:
    def deviated(call: Call):
        before = portal.store.account(call["account"].strip())
        refusal = call.proceed()
        if refusal is None and before:
            portal.store.set_wrong_in_a_row(before.account, before.wrong_in_a_row)
        return refusal
    _wrap(portal, "log_in", deviated)


def _any_role(portal: Portal) -> None:
    def deviated(call: Call):
        stored = portal.store.account(call["account"].strip())
        return call.proceed(role=stored.role) if stored else call.proceed()
    _wrap(portal, "log_in", deviated)


def _no_confirmation(portal: Portal) -> None:
    def deviated(call: Call):
        registered = call.proceed()
        if not registered.problems:
            portal.store.mark_verified(call["account"].strip())
        return registered
    _wrap(portal, "register", deviated)


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
    Deviation("r-renew-expired-yesterday-refused",
              "a card whose last valid day was yesterday is still taken as valid and refused",
              _reapplication(_yesterday_refused), ("R-RENEW-EXPIRED",)),
    Deviation("r-renew-valid-opening-day-not-pointed",
              "on the day the last four months begin, a valid card is called too early, with no pointer to "
              "「就業金卡延期申請」",
              _reapplication(_opening_day_not_pointed), ("R-RENEW-VALID",)),
    Deviation("r-renew-nomatch-old-format-unmatched",
              "a well-formed old-format 統一證號 (two letters) is never matched to its card",
              _reapplication(_old_format_unmatched), ("R-RENEW-NOMATCH",)),
    Deviation("r-extend-window-opens-a-day-late",
              "「就業金卡延期申請」 opens the day after the four months begin",
              _extension(_opens_a_day_late), ("R-EXTEND-WINDOW",)),
    Deviation("r-extend-window-closed-on-last-day",
              "「就業金卡延期申請」 is refused on the card's last valid day, as if it had expired",
              _extension(_closed_on_last_day), ("R-EXTEND-WINDOW",)),
    Deviation("r-extend-window-five-months", "「就業金卡延期申請」 opens five months before expiry, not four",
              _extension_five_months, ("R-EXTEND-WINDOW",)),
    # R-CARRY-DOCS, R-ARCH-ALL, R-HOUSEHOLD
    Deviation("r-carry-docs-despite-new-rules",
              "the last card's documents are carried even when the category's rules changed since",
              _carry_despite_new_rules, ("R-CARRY-DOCS",)),
    Deviation("r-arch-all-one-criterion", "建築設計 accepts one ticked criterion instead of all of them",
              _arch_one_criterion, ("R-ARCH-ALL",)),
    Deviation("r-carry-docs-never", "the last card's documents are never carried; every upload is asked for",
              _carried_never, ("R-CARRY-DOCS",)),
    Deviation("r-arch-all-never-enough", "建築設計 is refused even with every criterion of its category ticked",
              _arch_never_enough, ("R-ARCH-ALL",)),
    Deviation("r-household-moved-out-refused",
              "an ROC national whose household registration was moved out is refused (dialog and server)",
              _household_moved_out_refused, ("R-HOUSEHOLD",)),
    Deviation("r-household-not-checked",
              "an ROC national with a household registration not moved out may apply (dialog and server)",
              _household_not_checked, ("R-HOUSEHOLD",)),
    # R-LOGIN-CAPTCHA, R-LOGIN-LOCK, R-PASSWORD-AGE, R-ROLE, R-REGISTER
    Deviation("r-login-captcha-counts-as-wrong-password",
              "a wrong captcha counts toward the lock as a wrong password",
              _captcha_counts, ("R-LOGIN-CAPTCHA",)),
    Deviation("r-login-captcha-never-changes", "「換下一組」 and failed attempts keep the same captcha",
              _captcha_never_changes, ("R-LOGIN-CAPTCHA",)),
    Deviation("r-login-captcha-new-one-not-used",
              "after 「換下一組」 the login still expects the captcha shown before",
              _new_captcha_not_used, ("R-LOGIN-CAPTCHA",)),
    Deviation("r-login-lock-four", "the account locks after 4 wrong passwords instead of 5",
              _policy(max_wrong_passwords=4), ("R-LOGIN-LOCK",)),
    Deviation("r-login-lock-six", "the account locks after 6 wrong passwords instead of 5",
              _policy(max_wrong_passwords=6), ("R-LOGIN-LOCK",)),
    Deviation("r-login-lock-count-kept", "a successful login does not reset the count of wrong passwords",
              _lock_count_kept, ("R-LOGIN-LOCK",)),
    Deviation("r-password-age-off", "a password older than 90 days need not be changed",
              lambda portal: setattr(portal, "must_change_password", lambda account: False),
              ("R-PASSWORD-AGE",)),
    Deviation("r-password-age-ninety-one", "a password must be changed after 91 days instead of 90",
              _policy(password_max_age=timedelta(days=91)), ("R-PASSWORD-AGE",)),
    Deviation("r-password-age-eighty-nine", "a password must be changed after 89 days instead of 90",
              _policy(password_max_age=timedelta(days=89)), ("R-PASSWORD-AGE",)),
    Deviation("r-role-agency-refused", "an agency's account is refused on its own login page",
              _agency_refused, ("R-ROLE",)),
    Deviation("r-role-any-login-page", "an account logs in on any role's login page",
              _any_role, ("R-ROLE",)),
    Deviation("r-register-no-confirmation", "a new account can log in without confirming its email",
              _no_confirmation, ("R-REGISTER",)),
    Deviation("r-register-resent-link-dead", "the link in the mail 「重發認證信」 sends confirms nothing",
              _resent_link_dead, ("R-REGISTER",)),
    # R-SESSION-30, R-DRAFT-30
    Deviation("r-session-30-ends-a-minute-early",
              "the server ends a login after 29 minutes while the countdown still shows 00:59",
              _session_ends_a_minute_early, ("R-SESSION-30",)),
    Deviation("r-session-30-sixty", "a login lasts 60 minutes instead of 30",
              _policy(session_length=timedelta(minutes=60)), ("R-SESSION-30",)),
    Deviation("r-session-30-sliding", "every signed-in request starts the 30 minutes again",
              _session_slides, ("R-SESSION-30",)),
    Deviation("r-draft-30-twenty-nine", "drafts are kept 29 days instead of 30",
              _policy(draft_kept_days=29), ("R-DRAFT-30",)),
    Deviation("r-draft-30-thirty-one", "drafts are kept 31 days instead of 30",
              _policy(draft_kept_days=31), ("R-DRAFT-30",)),
    # R-REQUIRED, R-EMAIL-CN, R-UPLOAD, R-SUBMIT
    Deviation("r-required-passport-number-optional", "「護照號碼」 may be left empty",
              lambda portal: _save_with_stand_in(portal, "passport_number", lambda v: not v.strip(), "-"),
              ("R-REQUIRED",)),
    Deviation("r-required-home-phone-optional", "「申請人母國電話號碼」 may be left empty",
              lambda portal: _save_with_stand_in(portal, "home_phone", lambda v: not v.strip(), "-"),
              ("R-REQUIRED",)),
    Deviation("r-required-chinese-name-required", "the optional 「中文姓名」 is refused when left empty",
              lambda portal: _also_required(portal, "chinese_name", form.TAB_BASIC, "中文姓名"),
              ("R-REQUIRED",)),
    Deviation("r-email-cn-look-alike-refused",
              "an address whose domain only contains a mainland-China provider's name (qq.com.tw, "
              "163.com.tw) is refused as one",
              lambda portal: _save_refused_as(portal, "email", _is_look_alike, "refused@qq.com"),
              ("R-EMAIL-CN",)),
    Deviation("r-email-cn-accepted", "an email address at a mainland-China provider is accepted",
              lambda portal: _save_with_stand_in(portal, "email", is_mainland_china_email, "stand-in@example.com"),
              ("R-EMAIL-CN",)),
    Deviation("r-upload-by-file-name", "uploads are checked by file name only, not by content",
              _uploads_by_name, ("R-UPLOAD",)),
    Deviation("r-upload-three-mb", "the upload limit is 3 MB instead of 2 MB",
              _policy(upload_limit=3 * 1024 * 1024), ("R-UPLOAD",)),
    Deviation("r-upload-exactly-2-mb-refused", "a file of exactly 2 MB is refused: the limit is one byte less",
              _policy(upload_limit=UPLOAD_LIMIT_BYTES - 1), ("R-UPLOAD",)),
    Deviation("r-upload-pdf-refused", "PDF files are refused; only JPG and PNG pass",
              _pdf_refused, ("R-UPLOAD",)),
    Deviation("r-submit-carried-documents-refused",
              "「送出」 refuses a draft whose documents were carried from the last card",
              _carried_draft_not_submitted, ("R-SUBMIT",)),
    Deviation("r-submit-draft-kept", "「送出」 leaves the draft in 「就業金卡暫存 - 列表」",
              _draft_kept_after_submit, ("R-SUBMIT",)),
    # Screens
    Deviation("screen-renamed-label", "STEP 8's button 「新增申請人」 reads 「新增申請」",
              _rewrite("drafts.html", ('data-needs-script>新增申請人</button>',
                                      'data-needs-script>新增申請</button>')),
              tuple(f"STEP {n}" for n in range(8, 18))),
    Deviation("screen-renamed-forgot-account", "STEP 5's link 「忘記帳號?」 reads 「忘記帳號」",
              _rewrite("login.html", ('>忘記帳號?</a>', '>忘記帳號</a>')), ("STEP 5",)),
    Deviation("screen-missing-dropdown-item", "STEP 7's 「進度查詢」 lacks 「就業金卡申請或重新申請」",
              _rewrite("home.html", ('<li><a href="/goldcard/drafts">就業金卡申請或重新申請</a></li>', '')),
              ("STEP 7",)),
    Deviation("screen-renamed-website-link",
              "STEP 3 says 「台灣就業金卡官網」 where the guide quotes 「台灣就業金卡網站」 "
              "(the link and the sentence naming it); no functional scenario reads that label",
              _rewrite("intro.html", ("台灣就業金卡網站", "台灣就業金卡官網")), ("STEP 3",)),
    Deviation("screen-unlabelled-surname",
              "STEP 13's 「英文姓氏」 is text beside its field, no longer its label: the field has no accessible name "
              "(on STEP 13's screen, and on STEP 15's, where the form shows behind the save dialog)",
              _rewrite("application_form.html", ('<label for="f-surname">英文姓氏</label>',
                                                 '<div class="field-label">英文姓氏</div>')),
              ("STEP 13", "STEP 15")),
    Deviation("screen-swapped-tabs", "STEP 13's tabs 「基本資料」 and 「護照資料」 change places",
              _rewrite("application_form.html", _swapped(_TAB), _swapped(_PANEL)), ("STEP 13",)),
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
