"""The named deviations of mock_portal.deviations, without a browser: each one changes
what its description says (and the guide's portal does not), an unknown name is refused
with the known ones listed, and `--list-deviations` prints one per line."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from harness.control import Control
from mock_portal import deviations
from mock_portal.app import make_server, start_in_thread
from mock_portal.clock import Clock
from mock_portal.deviations import DEVIATIONS, DeviationDidNotApply, UnknownDeviation, apply_deviations
from mock_portal.domain import catalog, documents, questionnaire
from mock_portal.domain.application_form import TAB_BASIC, TAB_UPLOAD
from mock_portal.domain.cards import Card, extension_opens_on
from mock_portal.domain.eligibility import Verdict
from mock_portal.domain.login import Refusal
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy
from mock_portal.service import Mailed, Portal, Upload
from mock_portal.store import Store
from tests.domain.builders import CATEGORY, FIELD, valid_values
from tests.http.client import Browser, new_account, signed_in

TAIPEI = ZoneInfo("Asia/Taipei")
START = datetime(2026, 3, 15, 10, 0, tzinfo=TAIPEI)
TODAY = START.date()
ACCOUNT, PASSWORD, EMAIL = "applicant01", "Passw0rd1234", "applicant@example.com"
UI_NUMBER, OLD_UI_NUMBER, BIRTH = "A800013146", "AA00000009", date(1990, 5, 17)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
TWO_MB = 2 * 1024 * 1024
RULE_IDS = ("R-RENEW-EXPIRED", "R-RENEW-VALID", "R-RENEW-NOMATCH", "R-EXTEND-WINDOW", "R-CARRY-DOCS",
            "R-ARCH-ALL", "R-HOUSEHOLD", "R-LOGIN-CAPTCHA", "R-LOGIN-LOCK", "R-PASSWORD-AGE", "R-ROLE",
            "R-REGISTER", "R-SESSION-30", "R-DRAFT-30", "R-REQUIRED", "R-EMAIL-CN", "R-UPLOAD", "R-SUBMIT")
NEW_APPLICANT = {questionnaire.HOLDER: "否", questionnaire.IN_TAIWAN: "否(境外申請)",
                 questionnaire.ROC_NATIONALITY: "否"}
HOUSEHOLD_APPLICANT = {**NEW_APPLICANT, questionnaire.ROC_NATIONALITY: "是", questionnaire.HOUSEHOLD: "是",
                       questionnaire.MOVED_OUT: "否"}
REAPPLICANT = {**NEW_APPLICANT, questionnaire.HOLDER: questionnaire.HOLDER_EXPIRED, questionnaire.HAS_UI_NUMBER: "是",
               questionnaire.UI_NUMBER: UI_NUMBER, questionnaire.BIRTH_DATE: BIRTH.strftime("%Y/%m/%d")}
OPENS_TODAY = date(2026, 7, 15)     # a card whose last four months begin on TODAY


class World:
    """A guide portal and a deviated one, each with its own store and a clock that moves
    only when told, and the same account."""

    def __init__(self, name: str) -> None:
        self.clock = Clock(source=lambda: START)
        self.guide = self._portal()
        self.deviated = self._portal()
        apply_deviations(self.deviated, [name])

    def _portal(self) -> Portal:
        portal = Portal(Store(":memory:"), self.clock, Policy(password_cost=FAST_COST))
        portal.create_account(ACCOUNT, PASSWORD, EMAIL, "foreigner", "Jane Doe")
        return portal

    def both(self, action: Callable[[Portal], object]) -> tuple[object, object]:
        """`action` on the guide's portal, then on the deviated one."""
        return action(self.guide), action(self.deviated)


def log_in(portal: Portal, session=None, password: str = PASSWORD, *, account: str = ACCOUNT,
           role: str = "foreigner", captcha: str | None = None):
    session = portal.store.session((session or portal.new_session()).id)
    refusal = portal.log_in(session, role, account, password, session.captcha if captcha is None else captcha)
    return refusal, portal.store.session(session.id)


def start(portal: Portal, answers: dict[str, str] = NEW_APPLICANT):
    refusal, session = log_in(portal)
    assert refusal is None
    assert portal.start_application(session, answers) == (None, None)
    session = portal.store.session(session.id)
    return session, portal.signed_in_account(session)


def uploads_for(field: str = FIELD, category: str = CATEGORY, content: bytes = PNG,
                name: str = "document{}.png") -> list[Upload]:
    return [Upload(d, name.format(i), content) for i, d in enumerate(documents.required_documents(field, category))]


def save(portal: Portal, values: dict[str, str] | None = None, criteria=(), uploads=None):
    session, account = start(portal)
    result = portal.save(session, account, None, values or valid_values(), list(criteria),
                         uploads_for() if uploads is None else uploads, [])
    return result, account


def save_reapplying(portal: Portal, uploads=()):
    """「儲存」 for someone re-applying for the card added under UI_NUMBER (expired, so
    STEP 10 lets them on), with only these uploads."""
    session, account = start(portal, REAPPLICANT)
    assert session.card_id is not None
    return portal.save(session, account, None, valid_values(), [], list(uploads), []), account


def add_card(portal: Portal, valid_until: date, ui_number: str = UI_NUMBER, *, docs: bool = False) -> None:
    portal.store.add_card(Card(ui_number, BIRTH, valid_until - timedelta(days=3 * 365), valid_until, FIELD,
                               CATEGORY, documents.required_documents(FIELD, CATEGORY) if docs else ()))


CHECKS: dict[str, Callable[[World], None]] = {}


def check(name: str):
    def register(function):
        CHECKS[name] = function
        return function
    return register


# R-RENEW-*, R-EXTEND-WINDOW -----------------------------------------------------------
@check("r-renew-expired-old-format-refused")
def _(world):
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10), OLD_UI_NUMBER))
    guide, deviated = world.both(lambda p: p.check_reapplication(OLD_UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.ELIGIBLE, Verdict.MALFORMED)
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10)))
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.ELIGIBLE, "new format untouched"


@check("r-renew-valid-accepted")
def _(world):
    world.both(lambda p: add_card(p, TODAY + timedelta(days=30)))
    guide, deviated = world.both(lambda p: p.check_reapplication(UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.VALID_USE_EXTENSION, Verdict.ELIGIBLE)


@check("r-renew-valid-last-day-accepted")
def _(world):
    world.both(lambda p: add_card(p, TODAY))
    guide, deviated = world.both(lambda p: p.check_reapplication(UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.VALID_USE_EXTENSION, Verdict.ELIGIBLE)
    world.clock.advance(timedelta(days=-1))
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.VALID_USE_EXTENSION


@check("r-renew-nomatch-birth-date-ignored")
def _(world):
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10)))
    guide, deviated = world.both(lambda p: p.check_reapplication(UI_NUMBER, BIRTH + timedelta(days=3)).verdict)
    assert (guide, deviated) == (Verdict.NO_MATCH, Verdict.ELIGIBLE)
    assert world.deviated.check_reapplication("B900000001", BIRTH).verdict is not Verdict.ELIGIBLE


@check("r-extend-window-five-months")
def _(world):
    world.both(lambda p: add_card(p, date(2026, 7, 16)))      # four months and a day away
    guide, deviated = world.both(lambda p: p.check_extension(UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.VALID_TOO_EARLY, Verdict.EXTENDABLE)
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.VALID_TOO_EARLY, \
        "only the extension page deviates"


@check("r-renew-expired-yesterday-refused")
def _(world):
    world.both(lambda p: add_card(p, TODAY - timedelta(days=1)))
    guide, deviated = world.both(lambda p: p.check_reapplication(UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.ELIGIBLE, Verdict.VALID_USE_EXTENSION)
    world.clock.advance(timedelta(days=1))                            # expired two days ago
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.ELIGIBLE


@check("r-renew-valid-opening-day-not-pointed")
def _(world):
    assert extension_opens_on(OPENS_TODAY) == TODAY
    world.both(lambda p: add_card(p, OPENS_TODAY))
    guide, deviated = world.both(lambda p: p.check_reapplication(UI_NUMBER, BIRTH))
    assert (guide.verdict, deviated.verdict) == (Verdict.VALID_USE_EXTENSION, Verdict.VALID_TOO_EARLY)
    assert deviated.opens_on == TODAY
    assert world.deviated.check_extension(UI_NUMBER, BIRTH).verdict is Verdict.EXTENDABLE, \
        "the extension page itself is open"
    world.clock.advance(timedelta(days=1))
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.VALID_USE_EXTENSION


@check("r-renew-nomatch-old-format-unmatched")
def _(world):
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10), OLD_UI_NUMBER))
    guide, deviated = world.both(lambda p: p.check_reapplication(OLD_UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.ELIGIBLE, Verdict.NO_MATCH)
    broken = world.deviated.check_reapplication(OLD_UI_NUMBER[:-1] + "8", BIRTH)
    assert (broken.verdict, broken.problem) == (Verdict.MALFORMED, "check-digit"), "a typo is still named"
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10)))
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.ELIGIBLE, "new format untouched"


@check("r-extend-window-opens-a-day-late")
def _(world):
    world.both(lambda p: add_card(p, OPENS_TODAY))
    guide, deviated = world.both(lambda p: p.check_extension(UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.EXTENDABLE, Verdict.VALID_TOO_EARLY)
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.VALID_USE_EXTENSION, \
        "only the extension page deviates"
    world.clock.advance(timedelta(days=1))
    assert world.both(lambda p: p.check_extension(UI_NUMBER, BIRTH).verdict) == (Verdict.EXTENDABLE,) * 2


@check("r-extend-window-closed-on-last-day")
def _(world):
    world.both(lambda p: add_card(p, TODAY))
    guide, deviated = world.both(lambda p: p.check_extension(UI_NUMBER, BIRTH).verdict)
    assert (guide, deviated) == (Verdict.EXTENDABLE, Verdict.EXPIRED)
    assert world.deviated.check_reapplication(UI_NUMBER, BIRTH).verdict is Verdict.VALID_USE_EXTENSION, \
        "only the extension page deviates"
    world.clock.advance(timedelta(days=-1))
    assert world.deviated.check_extension(UI_NUMBER, BIRTH).verdict is Verdict.EXTENDABLE


# R-CARRY-DOCS, R-ARCH-ALL, R-HOUSEHOLD ---------------------------------------------------
@check("r-carry-docs-despite-new-rules")
def _(world):
    card = Card(UI_NUMBER, BIRTH, date(2023, 3, 1), date(2026, 2, 28), FIELD, CATEGORY,
                documents.required_documents(FIELD, CATEGORY))
    world.both(lambda p: p.store.set_rules_changed(FIELD, CATEGORY, date(2024, 1, 1)))
    guide, deviated = world.both(lambda p: p.carried(card, FIELD, CATEGORY))
    assert guide == ()
    assert deviated == documents.required_documents(FIELD, CATEGORY)


@check("r-arch-all-one-criterion")
def _(world):
    category = catalog.categories_of(catalog.ARCHITECTURE)[0]
    values = valid_values(catalog.ARCHITECTURE, category.name)
    uploads = uploads_for(catalog.ARCHITECTURE, category.name)
    (guide, _), (deviated, account) = world.both(lambda p: save(p, values, category.criteria[:1], uploads))
    assert [p.code for p in guide.problems] == ["arch-all"]
    assert deviated.problems == [] and deviated.draft_id is not None
    none_ticked, _ = save(world.deviated, values, (), uploads)
    assert [p.code for p in none_ticked.problems] == ["arch-all"], "no criterion at all is still refused"


@check("r-household-not-checked")
def _(world):
    def start_household(portal):
        _, session = log_in(portal)
        return portal.start_application(session, HOUSEHOLD_APPLICANT), session

    ((guide_stop, _), _), ((deviated_stop, finding), session) = world.both(start_household)
    assert guide_stop is questionnaire.Stop.HOUSEHOLD
    assert (deviated_stop, finding) == (None, None)
    kept = world.deviated.store.session(session.id).answers
    assert kept[questionnaire.MOVED_OUT] == "否", "the answers are kept as typed"
    assert world.deviated.judge_dialog(HOUSEHOLD_APPLICANT) is None, "the dialog asks the same check, also off"
    assert world.guide.judge_dialog(HOUSEHOLD_APPLICANT) is questionnaire.Stop.HOUSEHOLD


@check("r-carry-docs-never")
def _(world):
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10), docs=True))
    (guide, _), (deviated, _) = world.both(save_reapplying)
    assert guide.problems == [] and guide.draft_id is not None
    assert [(p.label, p.code) for p in deviated.problems] == \
        [(d, "document-missing") for d in documents.required_documents(FIELD, CATEGORY)]
    assert deviated.draft_id is None
    uploaded, _ = save_reapplying(world.deviated, uploads_for())
    assert uploaded.problems == [], "with every document uploaded it saves"


@check("r-arch-all-never-enough")
def _(world):
    for category in catalog.categories_of(catalog.ARCHITECTURE):
        values = valid_values(catalog.ARCHITECTURE, category.name)
        uploads = uploads_for(catalog.ARCHITECTURE, category.name)
        (guide, _), (deviated, _) = world.both(lambda p, v=values, c=category, u=uploads: save(p, v, c.criteria, u))
        assert guide.problems == [] and guide.draft_id is not None, category.name
        assert [p.code for p in deviated.problems] == ["arch-all"] and deviated.draft_id is None, category.name
    other, _ = save(world.deviated)
    assert other.problems == [], "another field, with no criterion ticked, still saves"


@check("r-household-moved-out-refused")
def _(world):
    moved_out = {**HOUSEHOLD_APPLICANT, questionnaire.MOVED_OUT: "是"}
    no_household = {**NEW_APPLICANT, questionnaire.ROC_NATIONALITY: "是", questionnaire.HOUSEHOLD: "否"}

    def start_moved_out(portal):
        _, session = log_in(portal)
        return portal.start_application(session, moved_out)

    assert world.both(start_moved_out) == ((None, None), (questionnaire.Stop.HOUSEHOLD, None))
    assert world.both(lambda p: p.judge_dialog(moved_out)) == (None, questionnaire.Stop.HOUSEHOLD), \
        "the dialog asks the same check"
    assert world.deviated.judge_dialog(no_household) is None, "no household registration: still let on"
    assert world.deviated.judge_dialog(HOUSEHOLD_APPLICANT) is questionnaire.Stop.HOUSEHOLD


# R-LOGIN-*, R-PASSWORD-AGE, R-ROLE, R-REGISTER ------------------------------------------
@check("r-login-captcha-counts-as-wrong-password")
def _(world):
    world.both(lambda p: log_in(p, captcha="wrong!"))
    guide, deviated = world.both(lambda p: p.store.account(ACCOUNT).wrong_in_a_row)
    assert (guide, deviated) == (0, 1)


@check("r-login-captcha-never-changes")
def _(world):
    def renew(portal):
        session = portal.new_session()
        portal.new_captcha(session)
        log_in(portal, session, "wrong-password")
        return session.captcha, portal.store.session(session.id).captcha

    (shown, after), (deviated_shown, deviated_after) = world.both(renew)
    assert shown != after
    assert deviated_shown == deviated_after


@check("r-login-lock-six")
def _(world):
    def five_wrong(portal):
        session = portal.new_session()
        refusals = [log_in(portal, session, "wrong-password")[0] for _ in range(5)]
        return refusals[-1], log_in(portal, session)[0]

    guide, deviated = world.both(five_wrong)
    assert guide == (Refusal.LOCKED, Refusal.LOCKED)
    assert deviated == (Refusal.WRONG_CREDENTIALS, None)


@check("r-login-lock-count-kept")
def _(world):
    def three_wrong_then_right(portal):
        session = portal.new_session()
        for _ in range(3):
            log_in(portal, session, "wrong-password")
        assert log_in(portal, session)[0] is None
        return portal.store.account(ACCOUNT).wrong_in_a_row

    assert world.both(three_wrong_then_right) == (0, 3)


@check("r-password-age-off")
def _(world):
    world.clock.advance(timedelta(days=365))
    guide, deviated = world.both(lambda p: p.must_change_password(p.store.account(ACCOUNT)))
    assert (guide, deviated) == (True, False)


@check("r-password-age-ninety-one")
def _(world):
    world.clock.advance(timedelta(days=91))
    assert world.both(lambda p: p.must_change_password(p.store.account(ACCOUNT))) == (True, False)
    world.clock.advance(timedelta(seconds=1))
    assert world.deviated.must_change_password(world.deviated.store.account(ACCOUNT))


@check("r-role-any-login-page")
def _(world):
    guide, deviated = world.both(lambda p: log_in(p, role="employer")[0])
    assert (guide, deviated) == (Refusal.WRONG_ROLE, None)


@check("r-register-no-confirmation")
def _(world):
    def register_and_log_in(portal):
        assert portal.register("foreigner", "newperson", "New Person", "new@example.com", "Secret1234",
                               "Secret1234").problems == []
        return log_in(portal, password="Secret1234", account="newperson")[0]

    assert world.both(register_and_log_in) == (Refusal.UNVERIFIED, None)
    assert world.deviated.store.mails("new@example.com"), "the confirmation mail is still sent"


@check("r-login-captcha-new-one-not-used")
def _(world):
    def next_one_then_log_in(typed):
        def attempt(portal):
            session = portal.new_session()
            shown = session.captcha
            portal.another_captcha(session)                              # 「換下一組」
            new = portal.store.session(session.id).captcha
            assert new != shown, "a new captcha is shown"
            return log_in(portal, session, captcha={"new": new, "old": shown}[typed])[0]
        return attempt

    assert world.both(next_one_then_log_in("new")) == (None, Refusal.WRONG_CAPTCHA)
    assert world.both(next_one_then_log_in("old")) == (Refusal.WRONG_CAPTCHA, None)
    assert world.both(lambda p: log_in(p)[0]) == (None, None), "without 「換下一組」 the shown captcha works"
    assert (logs_in_through_the_page([]), logs_in_through_the_page(["r-login-captcha-new-one-not-used"])) \
        == (True, True), \
        "opening 「帳號登入」 is not 「換下一組」: the captcha it shows is the one expected"


def logs_in_through_the_page(names: list[str]) -> bool:
    """Whether STEP 5 as a browser does it (open 「帳號登入」, type the captcha it shows, no
    「換下一組」) signs in on a portal with these deviations."""
    running = start_in_thread(test_api=True, policy=Policy(password_cost=FAST_COST), deviations=names)
    try:
        control = Control(running.url)
        new_account(control, "alice")
        return Browser(running.url).log_in(control, "alice").status == 303
    finally:
        running.stop()


@check("r-login-lock-four")
def _(world):
    def wrong_then_right(times):
        def attempt(portal):
            session = portal.new_session()
            refusals = [log_in(portal, session, "wrong-password")[0] for _ in range(times)]
            return refusals[-1], log_in(portal, session)[0]
        return attempt

    assert world.both(wrong_then_right(3)) == ((Refusal.WRONG_CREDENTIALS, None),) * 2, "three still let in"
    guide, deviated = world.both(wrong_then_right(4))
    assert guide == (Refusal.WRONG_CREDENTIALS, None)
    assert deviated == (Refusal.LOCKED, Refusal.LOCKED)


@check("r-password-age-eighty-nine")
def _(world):
    world.clock.advance(timedelta(days=89))
    assert world.both(lambda p: p.must_change_password(p.store.account(ACCOUNT))) == (False, False)
    world.clock.advance(timedelta(seconds=1))
    assert world.both(lambda p: p.must_change_password(p.store.account(ACCOUNT))) == (False, True)


@check("r-role-agency-refused")
def _(world):
    for role in ("agency", "employer"):
        world.both(lambda p, r=role: p.create_account(f"{r}01", PASSWORD, f"{r}@example.com", r, r.title()))
    (guide, guide_session), (deviated, session) = world.both(lambda p: log_in(p, account="agency01", role="agency"))
    assert (guide, deviated) == (None, Refusal.WRONG_ROLE)
    assert world.guide.signed_in_account(guide_session) is not None
    assert log_in(world.deviated, account="employer01", role="employer")[0] is None, "other roles untouched"
    assert log_in(world.deviated)[0] is None
    assert world.deviated.signed_in_account(session) is None, "refused, so not signed in"


@check("r-register-resent-link-dead")
def _(world):
    def register(portal, account, email, *, resend):
        assert portal.register("foreigner", account, "New Person", email, "Secret1234", "Secret1234").problems == []
        if resend:
            assert portal.resend_confirmation(account, email) is Mailed.SENT
        link = portal.store.mails(email)[-1]["links"][0]
        confirmed = portal.confirm_email(parse_qs(urlsplit(link).query)["token"][0])
        return confirmed, log_in(portal, password="Secret1234", account=account)[0]

    guide, deviated = world.both(lambda p: register(p, "newperson", "new@example.com", resend=True))
    assert guide == (True, None)
    assert deviated == (False, Refusal.UNVERIFIED)
    assert register(world.deviated, "another", "another@example.com", resend=False) == (True, None), \
        "the first mail's link still confirms"


# R-SESSION-30, R-DRAFT-30 ------------------------------------------------------------
@check("r-session-30-sixty")
def _(world):
    sessions = world.both(lambda p: log_in(p)[1])
    world.clock.advance(timedelta(minutes=31))
    assert world.guide.signed_in_account(sessions[0]) is None
    assert world.deviated.signed_in_account(sessions[1]) is not None
    assert world.deviated.seconds_left(sessions[1]) == 29 * 60


@check("r-session-30-sliding")
def _(world):
    guide_session, deviated_session = world.both(lambda p: log_in(p)[1])
    world.clock.advance(timedelta(minutes=20))
    assert world.guide.signed_in_account(guide_session) is not None
    assert world.deviated.signed_in_account(deviated_session) is not None
    assert world.guide.seconds_left(guide_session) == 10 * 60
    assert world.deviated.seconds_left(deviated_session) == 30 * 60
    world.clock.advance(timedelta(minutes=20))
    assert world.guide.signed_in_account(guide_session) is None
    assert world.deviated.signed_in_account(deviated_session) is not None


@check("r-draft-30-thirty-one")
def _(world):
    (guide, guide_account), (deviated, deviated_account) = world.both(save)
    assert guide.problems == deviated.problems == []
    world.clock.advance(timedelta(days=30))                          # day 31
    assert world.guide.drafts(guide_account) == []
    assert [d.id for d in world.deviated.drafts(deviated_account)] == [deviated.draft_id]
    world.clock.advance(timedelta(days=1))                           # day 32
    assert world.deviated.drafts(deviated_account) == []


@check("r-session-30-ends-a-minute-early")
def _(world):
    guide_session, deviated_session = world.both(lambda p: log_in(p)[1])
    world.clock.advance(timedelta(minutes=28, seconds=59))
    assert world.deviated.signed_in_account(deviated_session) is not None, "at 01:01 still signed in"
    world.clock.advance(timedelta(seconds=2))                               # 29:01 in
    assert world.guide.seconds_left(guide_session) == world.deviated.seconds_left(deviated_session) == 59, \
        "the countdown shows 00:59 on both"
    assert world.guide.signed_in_account(guide_session) is not None
    assert world.deviated.signed_in_account(deviated_session) is None
    assert world.deviated.store.session(deviated_session.id).flash == "timeout"


@check("r-draft-30-twenty-nine")
def _(world):
    (guide, guide_account), (deviated, deviated_account) = world.both(save)
    assert guide.problems == deviated.problems == []
    world.clock.advance(timedelta(days=28))                          # day 29
    assert [d.id for d in world.deviated.drafts(deviated_account)] == [deviated.draft_id]
    world.clock.advance(timedelta(days=1))                           # day 30
    assert [d.id for d in world.guide.drafts(guide_account)] == [guide.draft_id]
    assert world.deviated.drafts(deviated_account) == []


# R-REQUIRED, R-EMAIL-CN, R-UPLOAD, R-SUBMIT ------------------------------------------
@check("r-required-passport-number-optional")
def _(world):
    (guide, _), (deviated, account) = world.both(lambda p: save(p, valid_values(passport_number="")))
    assert [(p.label, p.code) for p in guide.problems] == [("護照號碼", "required")]
    assert deviated.problems == []
    assert world.deviated.draft(account, deviated.draft_id).data["passport_number"] == "", "saved as typed"
    (other, _), _ = world.both(lambda p: save(p, valid_values(occupation="")))
    assert [(p.label, p.code) for p in other.problems] == [("現職", "required")], "other fields still required"


@check("r-email-cn-accepted")
def _(world):
    (guide, _), (deviated, account) = world.both(lambda p: save(p, valid_values(email="applicant@qq.com")))
    assert [p.code for p in guide.problems] == ["email-cn"]
    assert deviated.problems == []
    assert world.deviated.draft(account, deviated.draft_id).data["email"] == "applicant@qq.com"
    bad, _ = save(world.deviated, valid_values(email="not-an-address"))
    assert [p.code for p in bad.problems] == ["email-format"], "the address's shape is still checked"


@check("r-upload-by-file-name")
def _(world):
    text_as_jpg = [Upload("護照", "photo.jpg", b"just some text")]
    png_as_txt = [Upload("護照", "scan.txt", PNG)]
    guide, deviated = world.both(lambda p: [x.code for x in p.judge_uploads(text_as_jpg)])
    assert (guide, deviated) == (["upload-wrong-type"], [])
    guide, deviated = world.both(lambda p: [x.code for x in p.judge_uploads(png_as_txt)])
    assert (guide, deviated) == ([], ["upload-wrong-type"])
    result, account = save(world.deviated, uploads=uploads_for(content=b"not an image", name="doc{}.jpg"))
    assert result.problems == [], "a text file named .jpg is stored"
    assert {u.media_type for u in world.deviated.store.draft_uploads(result.draft_id).values()} == {"image/jpeg"}


@check("r-upload-three-mb")
def _(world):
    big = [Upload("護照", "big.png", PNG + b"\x00" * (2 * 1024 * 1024 + 1 - len(PNG)))]
    guide, deviated = world.both(lambda p: [(x.tab, x.code) for x in p.judge_uploads(big)])
    assert (guide, deviated) == ([(TAB_UPLOAD, "upload-too-large")], [])


@check("r-submit-draft-kept")
def _(world):
    def save_and_submit(portal):
        result, account = save(portal)
        number = portal.submit(account, result.draft_id)
        return number, [d.data["surname"] for d in portal.drafts(account)], len(portal.applications(account))

    (guide_number, guide_drafts, guide_apps), (number, drafts, apps) = world.both(save_and_submit)
    assert re.fullmatch(r"\d{12}", guide_number) and re.fullmatch(r"\d{12}", number)
    assert (guide_drafts, guide_apps) == ([], 1)
    assert (drafts, apps) == (["DOE"], 1)


@check("r-required-home-phone-optional")
def _(world):
    (guide, _), (deviated, account) = world.both(lambda p: save(p, valid_values(home_phone="")))
    assert [(p.label, p.code) for p in guide.problems] == [("申請人母國電話號碼", "required")]
    assert deviated.problems == []
    assert world.deviated.draft(account, deviated.draft_id).data["home_phone"] == "", "saved as typed"
    other, _ = save(world.deviated, valid_values(occupation=""))
    assert [(p.label, p.code) for p in other.problems] == [("現職", "required")], "other fields still required"


@check("r-required-chinese-name-required")
def _(world):
    (guide, _), (deviated, account) = world.both(lambda p: save(p, valid_values(chinese_name="")))
    assert guide.problems == [] and guide.draft_id is not None
    assert [(p.tab, p.label, p.code) for p in deviated.problems] == [(TAB_BASIC, "中文姓名", "required")]
    assert deviated.draft_id is None and world.deviated.drafts(account) == [], "nothing is saved"
    both_empty, _ = save(world.deviated, valid_values(chinese_name="", surname=""))
    assert [(p.label, p.code) for p in both_empty.problems] == [("中文姓名", "required"), ("英文姓氏", "required")]
    filled, _ = save(world.deviated)
    assert filled.problems == [] and filled.draft_id is not None, "filled in, it saves"


@check("r-email-cn-look-alike-refused")
def _(world):
    for address in ("applicant@qq.com.tw", "applicant@163.com.tw"):
        (guide, _), (deviated, account) = world.both(lambda p, a=address: save(p, valid_values(email=a)))
        assert guide.problems == [], address
        assert [(p.label, p.code) for p in deviated.problems] == [("電子郵件", "email-cn")], address
        assert deviated.draft_id is None, address
    at_provider, _ = save(world.deviated, valid_values(email="applicant@vip.163.com"))
    assert [p.code for p in at_provider.problems] == ["email-cn"], "a real provider's address: as the guide"
    elsewhere, _ = save(world.deviated)
    assert elsewhere.problems == [], "an address elsewhere still saves"


@check("r-upload-exactly-2-mb-refused")
def _(world):
    def png_of(size):
        return [Upload("護照", "scan.png", PNG + b"\x00" * (size - len(PNG)))]

    guide, deviated = world.both(lambda p: [(x.tab, x.code) for x in p.judge_uploads(png_of(TWO_MB))])
    assert (guide, deviated) == ([], [(TAB_UPLOAD, "upload-too-large")])
    assert world.both(lambda p: p.judge_uploads(png_of(TWO_MB - 1))) == ([], []), "a byte less passes"


@check("r-upload-pdf-refused")
def _(world):
    pdf = [Upload("護照", "scan.pdf", PDF)]
    guide, deviated = world.both(lambda p: [(x.tab, x.code) for x in p.judge_uploads(pdf)])
    assert (guide, deviated) == ([], [(TAB_UPLOAD, "upload-wrong-type")])
    images = [Upload("護照", "photo.jpg", JPEG), Upload("護照", "scan.png", PNG)]
    assert world.deviated.judge_uploads(images) == [], "JPG and PNG pass"
    (guide, _), (deviated, _) = world.both(lambda p: save(p, uploads=uploads_for(content=PDF, name="doc{}.pdf")))
    assert guide.problems == [] and guide.draft_id is not None
    assert [(p.label, p.code) for p in deviated.problems] == \
        [(d, "upload-wrong-type") for d in documents.required_documents(FIELD, CATEGORY)]


@check("r-submit-carried-documents-refused")
def _(world):
    world.both(lambda p: add_card(p, TODAY - timedelta(days=10), docs=True))

    def save_and_submit(portal, uploads=()):
        result, account = save_reapplying(portal, uploads)
        assert result.problems == []
        number = portal.submit(account, result.draft_id)
        return number, result.draft_id in [d.id for d in portal.drafts(account)], len(portal.applications(account))

    (guide_number, guide_kept, guide_apps), (number, kept, apps) = world.both(save_and_submit)
    assert re.fullmatch(r"\d{12}", guide_number) and (guide_kept, guide_apps) == (False, 1)
    assert (number, kept, apps) == (None, True, 0), "refused: the draft stays, no application"
    uploaded_number, _, _ = save_and_submit(world.deviated, uploads_for())
    assert re.fullmatch(r"\d{12}", uploaded_number), "with its documents uploaded the draft is sent"


# Screens, through HTTP -------------------------------------------------------------------
def served_page(names: list[str], path: str, answers: dict[str, str] | None = None) -> str:
    """The HTML a signed-in browser gets for `path` from a portal with these deviations."""
    running = start_in_thread(test_api=True, policy=Policy(password_cost=FAST_COST), deviations=names)
    try:
        control = Control(running.url)
        browser = signed_in(control, running.url)
        if answers:
            browser.get("/goldcard/drafts")
            reply = browser.post("/goldcard/apply/start", {**answers, "declaration": "agree"})
            assert reply.status == 303, reply.text[:300]
        return browser.get(path).text
    finally:
        running.stop()


def tab_order(html: str) -> list[str]:
    return re.findall(r'role="tab"[^>]*>([^<]*)</button>', html)


def panel_order(html: str) -> list[str]:
    return re.findall(r'role="tabpanel"[^>]*data-tab="([^"]*)"', html)


def screen_check(name: str, path: str, answers=None):
    def compare(assertion):
        @check(name)
        def _(world):
            assertion(served_page([], path, answers), served_page([name], path, answers))
        return assertion
    return compare


@screen_check("screen-renamed-label", "/goldcard/drafts")
def _(guide, deviated):
    assert ">新增申請人</button>" in guide
    assert ">新增申請人</button>" not in deviated and ">新增申請</button>" in deviated
    assert '<h2 id="applicant-title">新增申請人</h2>' in deviated, "only the button is renamed"


@screen_check("screen-missing-dropdown-item", "/home")
def _(guide, deviated):
    assert ">就業金卡申請或重新申請</a>" in guide
    assert ">就業金卡申請或重新申請</a>" not in deviated
    assert ">就業金卡延期申請</a>" in deviated, "the other items stay"


@screen_check("screen-renamed-website-link", "/coa-frontend/four-in-one/goldcard/intro")
def _(guide, deviated):
    assert guide.count("台灣就業金卡網站") == 2, "the link and the sentence that names it"
    assert "台灣就業金卡網站" not in deviated and deviated.count("台灣就業金卡官網") == 2
    assert "「台灣就業金卡辦公室」" in deviated, "the rest of the page stays"


@screen_check("screen-swapped-tabs", "/goldcard/apply/new", NEW_APPLICANT)
def _(guide, deviated):
    assert tab_order(guide) == ["基本資料", "護照資料", "居留申請", "領域專長", "文件上傳"]
    assert tab_order(deviated) == ["護照資料", "基本資料", "居留申請", "領域專長", "文件上傳"]
    assert panel_order(deviated) == tab_order(deviated), "each tab still opens its own panel"


@screen_check("screen-unlabelled-surname", "/goldcard/apply/new", NEW_APPLICANT)
def _(guide, deviated):
    assert '<label for="f-surname">英文姓氏</label>' in guide
    assert '<label for="f-surname">' not in deviated and '<div class="field-label">英文姓氏</div>' in deviated
    assert 'id="f-surname"' in deviated, "the field itself stays"
    assert '<label for="f-given_name">' in deviated, "only this field loses its label"


def test_screen_renamed_forgot_account_on_the_login_page():
    pages = []
    for names in ([], ["screen-renamed-forgot-account"]):
        running = start_in_thread(test_api=True, policy=Policy(password_cost=FAST_COST), deviations=names)
        try:
            pages.append(Browser(running.url).get("/login").text)
        finally:
            running.stop()
    guide, deviated = pages
    assert ">忘記帳號?</a>" in guide
    assert ">忘記帳號?</a>" not in deviated and ">忘記帳號</a>" in deviated


CHECKS["screen-renamed-forgot-account"] = lambda world: None   # checked over HTTP just above


def test_a_wrapped_use_case_binds_its_arguments_by_the_originals_signature():
    """Call: a wrapper reads arguments by name however the caller passed them, and
    changing one the use case does not have fails at once instead of being ignored."""
    seen = []
    portal = Portal(Store(":memory:"), Clock(source=lambda: START), Policy(password_cost=FAST_COST))
    deviations._wrap(portal, "check_reapplication", lambda call: seen.append(dict(call.arguments)) or call.proceed())
    portal.check_reapplication(UI_NUMBER, birth_date=BIRTH)
    assert seen == [{"ui_number": UI_NUMBER, "birth_date": BIRTH}]
    deviations._wrap(portal, "check_reapplication", lambda call: call.proceed(birthday=BIRTH))
    with pytest.raises(TypeError, match="birthday"):
        portal.check_reapplication(UI_NUMBER, BIRTH)
    with pytest.raises(TypeError):
        portal.check_reapplication(UI_NUMBER, BIRTH, "a third argument")


@pytest.mark.parametrize("name", [n for n in DEVIATIONS if n.startswith("screen-")])
def test_a_screen_deviation_whose_target_is_gone_raises_on_its_page(name):
    """A template change that removes a screen deviation's target must not leave the
    deviation silently serving the guide's portal: rendering its page raises."""
    portal = Portal(Store(":memory:"), Clock(source=lambda: START), Policy(password_cost=FAST_COST))
    apply_deviations(portal, [name])
    (rewrite,) = portal.html_rewrites
    with pytest.raises(DeviationDidNotApply, match=rewrite.page):
        rewrite(rewrite.page, "<html><body>a page the template no longer matches</body></html>")
    assert rewrite("message.html", "<p>another page</p>") == "<p>another page</p>", "other pages pass through"


# The tests ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(DEVIATIONS))
def test_deviation_changes_what_it_says(name):
    CHECKS[name](World(name))


def test_every_deviation_has_a_check():
    assert set(CHECKS) == set(DEVIATIONS)


def test_at_least_one_deviation_per_rule_and_three_of_screens():
    for rule in RULE_IDS:
        assert any(d.breaks == (rule,) and d.name.startswith(rule.lower() + "-") for d in DEVIATIONS.values()), rule
    assert sum(name.startswith("screen-") for name in DEVIATIONS) >= 3


def test_names_follow_the_spec():
    pattern = re.compile(r"^(r-[a-z0-9]+(-[a-z0-9]+)+|screen-[a-z0-9]+(-[a-z0-9]+)*)$")
    for deviation in DEVIATIONS.values():
        assert pattern.match(deviation.name), deviation.name
        assert deviation.description and "\n" not in deviation.description
        assert deviation.breaks, f"{deviation.name} says nothing of what should catch it"


def test_a_deviation_stays_on_its_own_portal():
    clock = Clock(source=lambda: START)
    deviated, other = (Portal(Store(":memory:"), clock, Policy(password_cost=FAST_COST)) for _ in range(2))
    for name in DEVIATIONS:
        apply_deviations(deviated, [name])
    assert other.policy == Policy(password_cost=FAST_COST)
    assert other.html_rewrites == []
    assert "log_in" not in vars(other) and "save" not in vars(other)


def test_unknown_name_is_refused_listing_the_known_ones():
    portal = Portal(Store(":memory:"), Clock(), Policy(password_cost=FAST_COST))
    with pytest.raises(UnknownDeviation) as refused:
        apply_deviations(portal, ["r-login-lock-six", "r-login-lock-sixty"])
    assert "r-login-lock-sixty" in str(refused.value)
    assert all(name in str(refused.value) for name in DEVIATIONS)
    assert portal.policy.max_wrong_passwords == 5, "nothing applied when one name is unknown"
    with pytest.raises(UnknownDeviation):
        make_server(deviations=["no-such-thing"])


def test_command_line_lists_deviations_one_per_line():
    done = subprocess.run([sys.executable, "-m", "mock_portal", "--list-deviations"], capture_output=True,
                          text=True, timeout=30, check=True)
    lines = done.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == list(DEVIATIONS)
    for line in lines:
        name, _, description = line.partition(" ")
        assert description == DEVIATIONS[name].description


def test_command_line_refuses_an_unknown_deviation():
    done = subprocess.run([sys.executable, "-m", "mock_portal", "--port", "0", "--deviate", "r-nonsense"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "r-nonsense" in done.stderr and "r-login-lock-six" in done.stderr


def test_command_line_serves_a_deviated_portal():
    process = subprocess.Popen([sys.executable, "-m", "mock_portal", "--port", "0", "--test-api",
                                "--deviate", "screen-renamed-forgot-account"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        assert "DEVIATING from the guide: screen-renamed-forgot-account" in banner
        url = re.search(r"(http://[^/]+)/", banner).group(1)
        assert ">忘記帳號</a>" in Browser(url).get("/login").text
    finally:
        process.terminate()
        process.wait(timeout=10)

