"""The portal's use cases (`mock_portal.service.Portal`) on a real in-memory store and a
clock that only moves when told: the rules as the HTTP layer gets them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from mock_portal.clock import Clock
from mock_portal.domain import documents, questionnaire
from mock_portal.domain.application_form import TAB_UPLOAD, Problem
from mock_portal.domain.cards import Card
from mock_portal.domain.login import Refusal
from mock_portal.domain.passwords import FAST_COST
from mock_portal.domain.submission import AWAITING_PAYMENT
from mock_portal.policy import Policy
from mock_portal.service import Mailed, Portal, Upload
from mock_portal.store import Store

from .builders import CATEGORY, FIELD, OTHER_CATEGORY, valid_values

TAIPEI = ZoneInfo("Asia/Taipei")
# Half past midnight in Taipei: still the day before in UTC, so a draft's day can only
# be right if the portal counts days in Asia/Taipei.
START = datetime(2026, 3, 2, 0, 30, tzinfo=TAIPEI)

ACCOUNT, PASSWORD, EMAIL = "applicant01", "Passw0rd1234", "applicant@example.com"
UI_NUMBER, BIRTH = "A800013146", date(1990, 5, 17)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"

NEW_APPLICANT = {
    questionnaire.HOLDER: "否",
    questionnaire.IN_TAIWAN: "是(境內申請)",
    questionnaire.ENTRY_DOCUMENT: "以免簽證方式入國",
    questionnaire.ROC_NATIONALITY: "否",
}
REAPPLICANT = {
    questionnaire.HOLDER: "是(曾經持有就業金卡但已過期)",
    questionnaire.HAS_UI_NUMBER: "是",
    questionnaire.UI_NUMBER: UI_NUMBER,
    questionnaire.BIRTH_DATE: BIRTH.strftime("%Y/%m/%d"),
    questionnaire.IN_TAIWAN: "是(境內申請)",
    questionnaire.ENTRY_DOCUMENT: "以免簽證方式入國",
    questionnaire.ROC_NATIONALITY: "否",
}


@pytest.fixture
def clock() -> Clock:
    return Clock(source=lambda: START)


@pytest.fixture
def store() -> Store:
    return Store(":memory:")


@pytest.fixture
def service(store, clock) -> Portal:
    """The portal's use cases in-process (not the HTTP portal of the root conftest), with
    one foreigner account; only password hashing is cheaper than the guide's portal."""
    service = Portal(store, clock, Policy(password_cost=FAST_COST))
    service.create_account(ACCOUNT, PASSWORD, EMAIL, "foreigner", "Jane Doe")
    return service


def log_in(service: Portal, session_id: str, password: str = PASSWORD, *, account: str = ACCOUNT,
           role: str = "foreigner", captcha: str | None = None) -> Refusal | None:
    """One press of 「登入」 with the captcha the session shows now (unless told otherwise)."""
    session = service.store.session(session_id)
    return service.log_in(session, role, account, password, session.captcha if captcha is None else captcha)


def wrong_in_a_row(service: Portal, account: str = ACCOUNT) -> int:
    return service.store.account(account).wrong_in_a_row


def mailed_password(service: Portal, email: str = EMAIL) -> str:
    body = service.store.mails(email)[-1]["body"]
    found = re.search(r"新密碼[：:]\s*(\S+)", body)
    assert found, f"R-LOGIN-LOCK: no new password after 「新密碼」 in the mail: {body!r}"
    return found.group(1)


def mailed_token(service: Portal, email: str) -> str:
    link = service.store.mails(email)[-1]["links"][0]
    return parse_qs(urlsplit(link).query)["token"][0]


def start(service: Portal, answers: dict[str, str]):
    """A signed-in session that went through the 「新增申請人」 dialog: (session, account)."""
    session = service.new_session()
    assert log_in(service, session.id) is None
    assert service.start_application(service.store.session(session.id), answers) == (None, None)
    session = service.store.session(session.id)
    return session, service.signed_in_account(session)


def uploads_for(field: str, category: str, content: bytes = PDF) -> list[Upload]:
    return [Upload(d, f"document{i}.pdf", content)
            for i, d in enumerate(documents.required_documents(field, category))]


# R-LOGIN-CAPTCHA, R-LOGIN-LOCK ---------------------------------------------------

def test_r_login_captcha_wrong_captcha_is_refused_not_counted_and_replaced(service):
    session = service.new_session()
    shown = session.captcha
    assert log_in(service, session.id, captcha="wrong!") is Refusal.WRONG_CAPTCHA
    assert wrong_in_a_row(service) == 0
    assert service.store.session(session.id).captcha != shown, "a failed attempt shows a new captcha"
    assert service.store.session(session.id).account is None


def test_r_login_captcha_the_previous_captcha_no_longer_works(service):
    session = service.new_session()
    assert log_in(service, session.id, "wrong-password") is Refusal.WRONG_CREDENTIALS
    assert log_in(service, session.id, captcha=session.captcha) is Refusal.WRONG_CAPTCHA


def test_r_login_lock_after_five_wrong_passwords(service):
    session = service.new_session()
    refusals = [log_in(service, session.id, "wrong-password") for _ in range(5)]
    assert refusals == [Refusal.WRONG_CREDENTIALS] * 4 + [Refusal.LOCKED]
    assert wrong_in_a_row(service) == 5
    assert log_in(service, session.id) is Refusal.LOCKED, "R-LOGIN-LOCK: the right password got past a lock"
    assert service.store.session(session.id).account is None


def test_r_login_lock_success_before_the_limit_resets_the_count(service):
    session = service.new_session()
    for _ in range(4):
        log_in(service, session.id, "wrong-password")
    assert wrong_in_a_row(service) == 4
    assert log_in(service, session.id) is None
    assert wrong_in_a_row(service) == 0


def test_r_login_lock_wrong_captchas_do_not_lock(service):
    session = service.new_session()
    for _ in range(4):
        log_in(service, session.id, "wrong-password")
    for _ in range(3):
        assert log_in(service, session.id, "wrong-password", captcha="wrong!") is Refusal.WRONG_CAPTCHA
    assert wrong_in_a_row(service) == 4
    assert log_in(service, session.id) is None


def test_r_login_lock_forgot_password_unlocks_and_mails_a_new_password(service):
    session = service.new_session()
    for _ in range(5):
        log_in(service, session.id, "wrong-password")
    assert service.forgot_password(ACCOUNT, EMAIL) is Mailed.SENT
    new_password = mailed_password(service)
    assert wrong_in_a_row(service) == 0
    assert log_in(service, session.id, PASSWORD) is Refusal.WRONG_CREDENTIALS   # the old one is gone
    assert log_in(service, session.id, new_password) is None
    assert service.signed_in_account(service.store.session(session.id)).account == ACCOUNT


def test_r_login_lock_a_password_change_is_no_unlock(service):
    """R-PASSWORD-AGE's change stores a password; only 「忘記密碼?」 resets the count."""
    session = service.new_session()
    for _ in range(3):
        log_in(service, session.id, "wrong-password")
    assert service.change_password(service.store.account(ACCOUNT), "Another5678", "Another5678") is None
    assert wrong_in_a_row(service) == 3
    assert log_in(service, session.id, "Another5678") is None
    assert wrong_in_a_row(service) == 0


def test_r_login_lock_forgot_password_needs_the_accounts_email(service):
    session = service.new_session()
    for _ in range(5):
        log_in(service, session.id, "wrong-password")
    assert service.forgot_password(ACCOUNT, "someone-else@example.com") is Mailed.NO_MATCH
    assert service.store.mails("someone-else@example.com") == []
    assert log_in(service, session.id) is Refusal.LOCKED


# R-ROLE, R-REGISTER, R-PASSWORD-AGE --------------------------------------------

@pytest.mark.parametrize("role", ["employer", "agency"])
def test_r_role_foreigner_account_refused_on_another_roles_login(service, role):
    session = service.new_session()
    assert log_in(service, session.id, role=role) is Refusal.WRONG_ROLE
    assert wrong_in_a_row(service) == 0
    assert log_in(service, session.id, role="foreigner") is None


def test_r_register_needs_email_confirmation(service):
    email = "new.person@example.com"
    assert service.register("foreigner", "newperson", "New Person", email, "Secret1234", "Secret1234").problems == []
    session = service.new_session()
    assert log_in(service, session.id, "Secret1234", account="newperson") is Refusal.UNVERIFIED
    assert wrong_in_a_row(service, "newperson") == 0
    assert service.confirm_email(mailed_token(service, email))
    assert log_in(service, session.id, "Secret1234", account="newperson") is None


def test_r_register_resend_replaces_the_link(service):
    email = "new.person@example.com"
    service.register("foreigner", "newperson", "New Person", email, "Secret1234", "Secret1234")
    first = mailed_token(service, email)
    assert service.resend_confirmation("newperson", email) is Mailed.SENT
    second = mailed_token(service, email)
    assert not service.confirm_email(first)
    assert service.confirm_email(second)
    assert service.store.account("newperson").verified


@pytest.mark.parametrize(
    ("age", "must_change"),
    [(timedelta(days=90), False), (timedelta(days=90, seconds=1), True)],
)
def test_r_password_age_through_the_portal(service, clock, age, must_change):
    clock.advance(age)
    assert service.must_change_password(service.store.account(ACCOUNT)) is must_change


# R-SESSION-30 ------------------------------------------------------------------

def test_r_session_30_signed_out_after_thirty_minutes(service, clock):
    session = service.new_session()
    assert log_in(service, session.id) is None
    session = service.store.session(session.id)
    assert service.seconds_left(session) == 1800
    clock.advance(timedelta(minutes=29, seconds=59))
    assert service.signed_in_account(session) is not None
    assert service.seconds_left(session) == 1
    clock.advance(timedelta(seconds=1))
    assert service.signed_in_account(session) is None
    after = service.store.session(session.id)
    assert after.account is None
    assert after.flash == "timeout"


def test_r_session_30_timeout_forgets_the_dialogs_answers(service, clock):
    session, _ = start(service, NEW_APPLICANT)
    assert session.answers is not None
    clock.advance(timedelta(minutes=30))
    assert service.signed_in_account(session) is None
    assert service.store.session(session.id).answers is None


# R-DRAFT-30 --------------------------------------------------------------------

def test_r_draft_30_kept_through_day_30_gone_with_its_uploads_on_day_31(service, clock):
    session, account = start(service, NEW_APPLICANT)
    saved = service.save(session, account, None, valid_values(), [], uploads_for(FIELD, CATEGORY), [])
    assert saved.problems == []
    assert service.store.draft_uploads(saved.draft_id), "the uploads went with the draft"

    clock.set(datetime(2026, 3, 31, 23, 59, 59, tzinfo=TAIPEI))      # day 30, its last second
    assert [d.id for d in service.drafts(account)] == [saved.draft_id]

    clock.set(datetime(2026, 4, 1, 0, 0, tzinfo=TAIPEI))             # day 31 begins in Taipei
    assert service.drafts(account) == []
    assert service.draft(account, saved.draft_id) is None
    assert service.store.draft_uploads(saved.draft_id) == {}, "R-DRAFT-30: the uploads outlived the draft"


def test_r_draft_30_a_new_save_starts_the_30_days_again(service, clock):
    session, account = start(service, NEW_APPLICANT)
    saved = service.save(session, account, None, valid_values(), [], uploads_for(FIELD, CATEGORY), [])
    clock.set(datetime(2026, 3, 21, 10, 0, tzinfo=TAIPEI))           # day 20: save again
    session, account = start(service, NEW_APPLICANT)
    draft = service.draft(account, saved.draft_id)
    again = service.save(session, account, draft, valid_values(surname="ROE"), [], [], [])
    assert again.problems == []
    clock.set(datetime(2026, 4, 19, 12, 0, tzinfo=TAIPEI))           # day 30 of the second save
    assert [d.name for d in service.drafts(account)] == ["JANE ROE"]
    clock.set(datetime(2026, 4, 20, 0, 0, tzinfo=TAIPEI))            # day 31
    assert service.drafts(account) == []


# R-SUBMIT ----------------------------------------------------------------------

def test_r_submit_two_applications_get_different_numbers_and_await_payment(service):
    session, account = start(service, NEW_APPLICANT)
    first = service.save(session, account, None, valid_values(), [], uploads_for(FIELD, CATEGORY), [])
    session, account = start(service, NEW_APPLICANT)
    second = service.save(session, account, None, valid_values(given_name="JOHN"), [],
                          uploads_for(FIELD, CATEGORY), [])
    assert first.problems == second.problems == []

    numbers = [service.submit(account, first.draft_id), service.submit(account, second.draft_id)]

    for number in numbers:
        assert re.fullmatch(r"\d{12}", number), number
        assert number.startswith("115"), "the ROC year of 2026-03-02"
    assert numbers[0] != numbers[1]
    assert service.drafts(account) == []
    applications = service.applications(account)
    assert sorted(a.number for a in applications) == sorted(numbers)
    assert {a.status for a in applications} == {AWAITING_PAYMENT}


def test_r_submit_uses_the_roc_year_of_the_portals_date(service, clock):
    clock.set(datetime(2027, 1, 1, 0, 5, tzinfo=TAIPEI))   # 2026-12-31 in UTC, 2027 (民國116) in Taipei
    session, account = start(service, NEW_APPLICANT)
    saved = service.save(session, account, None, valid_values(), [], uploads_for(FIELD, CATEGORY), [])
    assert service.submit(account, saved.draft_id).startswith("116")


def test_r_submit_a_draft_is_submitted_once(service):
    session, account = start(service, NEW_APPLICANT)
    saved = service.save(session, account, None, valid_values(), [], uploads_for(FIELD, CATEGORY), [])
    assert service.submit(account, saved.draft_id) is not None
    assert service.submit(account, saved.draft_id) is None
    assert len(service.applications(account)) == 1


# R-CARRY-DOCS ------------------------------------------------------------------

VALID_FROM, VALID_UNTIL = date(2023, 3, 1), date(2026, 2, 28)   # expired on 2026-03-02


def add_card(service: Portal, category: str = CATEGORY) -> None:
    service.store.add_card(Card(UI_NUMBER, BIRTH, VALID_FROM, VALID_UNTIL, FIELD, category,
                                documents.required_documents(FIELD, category)))


def test_r_carry_docs_same_field_and_category_saves_without_uploads(service):
    add_card(service)
    session, account = start(service, REAPPLICANT)
    result = service.save(session, account, None, valid_values(), [], [], [])
    assert result.problems == []
    assert result.draft_id is not None


def test_r_carry_docs_are_marked_carried_in_the_application(service):
    add_card(service)
    session, account = start(service, REAPPLICANT)
    saved = service.save(session, account, None, valid_values(), [], [], [])
    number = service.submit(account, saved.draft_id)
    docs = service.application(account, number).documents
    assert [d["document"] for d in docs] == list(documents.required_documents(FIELD, CATEGORY))
    assert all(d["carried"] for d in docs)


def test_r_carry_docs_another_category_needs_uploads(service):
    add_card(service)
    session, account = start(service, REAPPLICANT)
    result = service.save(session, account, None, valid_values(category=OTHER_CATEGORY), [], [], [])
    missing = [p.label for p in result.problems if p.code == "document-missing"]
    assert missing == list(documents.required_documents(FIELD, OTHER_CATEGORY))
    assert result.draft_id is None


@pytest.mark.parametrize(
    ("rules_changed_on", "carried"),
    [
        (VALID_FROM - timedelta(days=1), True),
        (VALID_FROM, True),                          # on the day of issue: still carried
        (VALID_FROM + timedelta(days=1), False),     # a new rule after issue: upload again
    ],
)
def test_r_carry_docs_new_rule_after_issue(service, rules_changed_on, carried):
    add_card(service)
    service.store.set_rules_changed(FIELD, CATEGORY, rules_changed_on)
    session, account = start(service, REAPPLICANT)
    result = service.save(session, account, None, valid_values(), [], [], [])
    missing = [p.label for p in result.problems if p.code == "document-missing"]
    assert missing == ([] if carried else list(documents.required_documents(FIELD, CATEGORY)))


def test_r_carry_docs_a_new_applicant_carries_nothing(service):
    session, account = start(service, NEW_APPLICANT)
    result = service.save(session, account, None, valid_values(), [], [], [])
    missing = [p.label for p in result.problems if p.code == "document-missing"]
    assert missing == list(documents.required_documents(FIELD, CATEGORY))


# R-UPLOAD ----------------------------------------------------------------------

def test_r_upload_wrong_type_on_a_new_form_saves_nothing(service):
    session, account = start(service, NEW_APPLICANT)
    uploads = uploads_for(FIELD, CATEGORY)
    uploads[0] = Upload(uploads[0].document, "photo.jpg", b"this is text, not a JPEG")
    result = service.save(session, account, None, valid_values(), [], uploads, [])
    assert result.problems == [Problem(TAB_UPLOAD, uploads[0].document, "upload-wrong-type", "photo.jpg")]
    assert result.draft_id is None
    assert service.drafts(account) == []


def test_r_upload_wrong_type_leaves_the_draft_untouched(service):
    session, account = start(service, NEW_APPLICANT)
    saved = service.save(session, account, None, valid_values(), [], uploads_for(FIELD, CATEGORY), [])
    before = service.draft(account, saved.draft_id)
    uploads_before = service.store.draft_uploads(saved.draft_id)
    document = documents.required_documents(FIELD, CATEGORY)[0]

    result = service.save(session, account, before, valid_values(surname="CHANGED"), [],
                          [Upload(document, "scan.pdf", b"GIF89a\x01\x00\x01\x00")], [])

    assert result.problems == [Problem(TAB_UPLOAD, document, "upload-wrong-type", "scan.pdf")]
    assert service.draft(account, saved.draft_id) == before
    assert service.store.draft_uploads(saved.draft_id) == uploads_before


def test_r_upload_too_large_through_save(service):
    session, account = start(service, NEW_APPLICANT)
    uploads = uploads_for(FIELD, CATEGORY)
    big = PDF + b"\x00" * (2_097_152 + 1 - len(PDF))
    uploads[-1] = Upload(uploads[-1].document, "big.pdf", big)
    result = service.save(session, account, None, valid_values(), [], uploads, [])
    assert [p.code for p in result.problems] == ["upload-too-large"]
    assert result.draft_id is None


def test_r_upload_judged_by_content_not_name_through_save(service):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    session, account = start(service, NEW_APPLICANT)
    uploads = [Upload(u.document, "named-like-a.pdf", png) for u in uploads_for(FIELD, CATEGORY)]
    result = service.save(session, account, None, valid_values(), [], uploads, [])
    assert result.problems == []
    stored = service.store.draft_uploads(result.draft_id)
    assert {u.media_type for u in stored.values()} == {"image/png"}
