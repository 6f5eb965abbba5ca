"""Each applicant the factory makes is what its name says at STEP 10, judged by the
portal's own rules (R-RENEW-EXPIRED, R-RENEW-VALID, R-RENEW-NOMATCH, R-HOUSEHOLD), and
its account, card and form are shapes the portal accepts (control API, R-REGISTER,
R-REQUIRED, R-EMAIL-CN)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from faker import Faker

from harness.applicants import Applicant, ApplicantFactory
from harness.control import Control
from harness.providers import MALFORMED_KINDS, shift_years
from mock_portal.domain import catalog
from mock_portal.domain.accounts import registration_problems
from mock_portal.domain.application_form import check_form
from mock_portal.domain.cards import Card, extension_opens_on
from mock_portal.domain.eligibility import Verdict, household_blocks, judge_reapplication
from mock_portal.domain.login import ROLES
from mock_portal.domain.ui_number import check_ui_number

TODAYS = [date(2026, 3, 2), date(2024, 2, 29), date(2025, 12, 31), date(2026, 6, 30)]
REPEATS = 25

EXPECTED = {
    "expired_card": Verdict.ELIGIBLE,
    "valid_in_extension_window": Verdict.VALID_USE_EXTENSION,
    "valid_too_early": Verdict.VALID_TOO_EARLY,
    "no_card": Verdict.NO_MATCH,
    "wrong_birth_date": Verdict.NO_MATCH,
    "malformed_ui_number": Verdict.MALFORMED,
    "household_registered": Verdict.ELIGIBLE,
    "household_moved_out": Verdict.ELIGIBLE,
    "roc_national_without_household": Verdict.ELIGIBLE,
}
ACCOUNT_KEYS = {"account", "password", "email", "role", "name", "verified", "password_changed_at"}
CARD_KEYS = {"ui_number", "birth_date", "valid_from", "valid_until", "field", "category", "documents"}


@pytest.fixture(params=TODAYS, ids=str)
def today(request) -> date:
    return request.param


@pytest.fixture
def factory(faker, today) -> ApplicantFactory:
    return ApplicantFactory(faker, today)


def card_of(payload: dict) -> Card:
    """The portal's Card for a `POST /__test__/cards` body, read the way the control API
    reads it (category: the field's first when not given)."""
    category = payload.get("category") or catalog.categories_of(payload["field"])[0].name
    return Card(payload["ui_number"].upper(), date.fromisoformat(payload["birth_date"]),
                date.fromisoformat(payload["valid_from"]), date.fromisoformat(payload["valid_until"]),
                payload["field"], category, tuple(payload.get("documents", [])))


def judge(applicant: Applicant, today: date, *others: Applicant):
    """What the portal answers at STEP 10 when this applicant types 統一證號 + 出生日期,
    with every card of these applicants on file."""
    cards = [card_of(a.card) for a in (applicant, *others) if a.card]
    return judge_reapplication(cards, applicant.ui_number, applicant.typed_birth_date, today)


# STEP 10: each class is what its name says --------------------------------------------

@pytest.mark.parametrize(("method", "verdict"), EXPECTED.items(), ids=list(EXPECTED))
def test_each_class_gets_its_step_10_verdict(factory, today, method, verdict):
    for _ in range(REPEATS):
        applicant = getattr(factory, method)()
        assert applicant.kind == method
        finding = judge(applicant, today, factory.expired_card(), factory.valid_too_early())
        assert finding.verdict is verdict, (applicant.ui_number, applicant.card, finding)


@pytest.mark.parametrize("kind", MALFORMED_KINDS)
def test_r_renew_nomatch_malformed_applicant_gets_the_problem_of_its_kind(factory, today, kind):
    for _ in range(REPEATS):
        applicant = factory.malformed_ui_number(kind)
        finding = judge(applicant, today)
        assert (finding.verdict, finding.problem) == (Verdict.MALFORMED, kind), applicant.ui_number
        assert applicant.card is None


@pytest.mark.parametrize("method", ["expired_card", "wrong_birth_date", "household_registered",
                                    "household_moved_out", "roc_national_without_household",
                                    "valid_in_extension_window", "valid_too_early"])
def test_random_cards_never_sit_on_a_boundary_of_the_rules(factory, today, method):
    """The last valid day, the day after it and the day the four months begin belong to the
    boundary scenarios: drawn at random elsewhere, a portal wrong on one of them would fail
    a scenario about something else, now and then (seen: a deviation matrix row)."""
    boundaries = {today, today - timedelta(days=1)}
    for _ in range(REPEATS * 4):
        until = getattr(factory, method)().card_valid_until
        assert until not in boundaries and extension_opens_on(until) != today, (method, until)


def test_r_renew_nomatch_wrong_birth_date_has_a_card_under_its_number(factory, today):
    for _ in range(REPEATS):
        applicant = factory.wrong_birth_date()
        assert applicant.typed_birth_date != applicant.birth_date
        assert applicant.typed_birth_date < today
        assert applicant.card["ui_number"] == applicant.ui_number
        assert applicant.card["birth_date"] == applicant.birth_date.isoformat()
        cards = [card_of(applicant.card)]
        right = judge_reapplication(cards, applicant.ui_number, applicant.birth_date, today)
        assert right.verdict is Verdict.ELIGIBLE       # with the right date the card is found


def test_no_card_has_a_well_formed_number_and_nothing_on_file(factory):
    applicant = factory.no_card()
    assert applicant.card is None
    assert check_ui_number(applicant.ui_number).ok


def test_new_applicant_never_held_a_card(factory, today):
    applicant = factory.new_applicant()
    assert applicant.card is None and applicant.ui_number == ""
    assert judge(applicant, today).verdict is Verdict.MALFORMED     # nothing to type at STEP 10


# R-HOUSEHOLD ---------------------------------------------------------------------------

def blocked(applicant: Applicant) -> bool:
    """The portal's R-HOUSEHOLD answer to this applicant's STEP 11 answers."""
    return household_blocks(roc_national=applicant.roc_national,
                            household_in_taiwan=applicant.household_in_taiwan, moved_out=applicant.moved_out)


def test_r_household_registered_applicant_is_blocked(factory):
    applicant = factory.household_registered()
    assert (applicant.roc_national, applicant.household_in_taiwan, applicant.moved_out) == (True, True, False)
    assert blocked(applicant)


@pytest.mark.parametrize("method", [m for m in EXPECTED if m != "household_registered"] + ["new_applicant"])
def test_r_household_everyone_else_is_let_through(factory, method):
    applicant = getattr(factory, method)()
    assert not blocked(applicant)
    assert applicant.role == "foreigner"


@pytest.mark.parametrize(("method", "answers"), [("household_moved_out", (True, True, True)),
                                                 ("roc_national_without_household", (True, False, False))])
def test_r_household_each_flipped_condition_is_one_answer_away_from_the_refused_one(factory, method, answers):
    applicant = getattr(factory, method)()
    assert (applicant.roc_national, applicant.household_in_taiwan, applicant.moved_out) == answers
    assert not blocked(applicant)


# The card --------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["expired_card", "valid_in_extension_window", "valid_too_early",
                                    "wrong_birth_date", "household_registered"])
def test_cards_are_valid_one_to_three_years_and_already_issued(factory, today, method):
    for _ in range(REPEATS):
        applicant = getattr(factory, method)()
        card = card_of(applicant.card)
        assert set(applicant.card) <= CARD_KEYS
        assert card.valid_from <= today
        starts = [shift_years(card.valid_until, -n) + timedelta(days=1) for n in (1, 2, 3)]
        assert card.valid_from in starts
        assert card.ui_number == applicant.ui_number and card.birth_date == applicant.birth_date
        assert card.field == applicant.field == "科技" and card.documents == ()
        assert check_ui_number(card.ui_number).ok


def test_card_takes_the_field_category_and_documents_asked_for(factory):
    category = catalog.categories_of("金融")[1]
    applicant = factory.expired_card(field="金融", category=category.name, documents=list(category.documents))
    assert applicant.card["field"] == "金融" and applicant.card["category"] == category.name
    assert applicant.card["documents"] == list(category.documents)
    assert card_of(applicant.card).category == category.name


def test_any_field_when_field_is_none(factory):
    fields = {factory.expired_card(field=None).field for _ in range(60)}
    assert fields <= set(catalog.FIELDS) and len(fields) > 3


def test_the_sex_is_the_ui_numbers(factory):
    for _ in range(REPEATS):
        applicant = factory.expired_card()
        assert applicant.ui_number[1] == {"男": "8", "女": "9"}[applicant.sex]


# The account -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_r_register_account_payload_has_the_control_api_shape(factory, role):
    applicant = factory.expired_card(role=role)
    payload = applicant.account_payload()
    assert set(payload) <= ACCOUNT_KEYS and payload["role"] == role in ROLES
    assert payload["verified"] is True and "password_changed_at" not in payload
    assert registration_problems(payload["account"], payload["name"], payload["email"], payload["password"],
                                 payload["password"], taken=False) == []


def test_r_password_age_payload_takes_a_moment(factory):
    applicant = factory.expired_card()
    moment = datetime(2026, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert applicant.account_payload(moment)["password_changed_at"] == "2026-01-01T09:00:00+08:00"
    assert applicant.account_payload("2026-01-01T09:00:00+08:00")["password_changed_at"] == moment.isoformat()
    assert applicant.account_payload(verified=False)["verified"] is False


def test_unknown_role_is_refused(factory):
    with pytest.raises(ValueError, match="foreigner"):
        factory.expired_card(role="student")


def test_r_login_lock_wrong_password_differs_and_is_stable(factory):
    for _ in range(REPEATS):
        applicant = factory.expired_card()
        assert applicant.wrong_password() != applicant.password
        assert applicant.wrong_password() == applicant.wrong_password()


def test_the_control_api_accepts_accounts_and_cards(factory, portal):
    """The bundled portal itself takes every payload the factory makes."""
    control = Control(portal.url)
    control.reset()
    applicants = [getattr(factory, m)() for m in (*EXPECTED, "new_applicant")]
    control.create_accounts(*(a.account_payload() for a in applicants))
    control.create_cards(*(a.card for a in applicants if a.card))
    control.reset()


# The form (STEP 13) ---------------------------------------------------------------------

@pytest.mark.parametrize("field", catalog.FIELDS)
def test_r_required_form_values_pass_the_portals_form_check(factory, today, field):
    for method in ("expired_card", "new_applicant", "household_registered"):
        applicant = getattr(factory, method)(field=field)
        values = applicant.posted_form_values()
        category = catalog.categories_of(field)[0]
        assert values["category"] == ""                 # None: the page picks the field's first
        values["category"] = category.name
        assert check_form(values, list(category.criteria), today=today) == [], applicant


def test_r_email_cn_mainland_email_is_refused_by_the_form(factory, today):
    applicant = factory.expired_card(mainland_email=True)
    values = {**applicant.posted_form_values(), "category": catalog.categories_of(applicant.field)[0].name}
    assert [(p.label, p.code) for p in check_form(values, [], today=today)] == [("電子郵件", "email-cn")]


def test_dates_are_typed_as_the_guide_writes_them(factory):
    applicant = factory.wrong_birth_date()
    applicant.birth_date, applicant.typed_birth_date = date(1990, 5, 7), date(1991, 12, 31)
    assert (applicant.display_birth_date, applicant.display_typed_birth_date) == ("1990/05/07", "1991/12/31")
    assert applicant.posted_form_values()["birth_date"] == "1990/05/07"


def test_passport_is_valid_on_today(factory, today):
    for _ in range(REPEATS):
        applicant = factory.expired_card()
        assert applicant.passport_issued_on < today < applicant.passport_expires_on
        assert applicant.birth_date < applicant.passport_issued_on


# Seeds replay ------------------------------------------------------------------------------

def test_a_seed_replays_the_same_applicants(faker_seed, today):
    def applicants(seed: int) -> list[Applicant]:
        fake = Faker()
        fake.seed_instance(seed)
        factory = ApplicantFactory(fake, today)
        return [getattr(factory, m)() for m in (*EXPECTED, "new_applicant")]

    assert applicants(faker_seed) == applicants(faker_seed)
    assert applicants(faker_seed) != applicants(faker_seed + 1)
