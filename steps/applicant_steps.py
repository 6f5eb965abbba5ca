"""Who is applying: a Faker applicant of one eligibility class (STEP 10), created in the
portal through the control API with its account and, where it has one, its card."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from harness.applicants import ApplicantFactory

KINDS = {
    "就業金卡已過期": "expired_card",
    "就業金卡仍有效且在屆期前四個月內": "valid_in_extension_window",
    "就業金卡仍有效且距屆期超過四個月": "valid_too_early",
    "查無就業金卡紀錄": "no_card",
    "輸入錯誤出生日期": "wrong_birth_date",
    "統一證號格式錯誤": "malformed_ui_number",
    "具中華民國國籍且在臺設有戶籍": "household_registered",
    "從未持有就業金卡": "new_applicant",
}
ROLES = {"外國人自行申請": "foreigner", "雇主提出申請": "employer", "委託代辦機構提出申請": "agency"}


@pytest.fixture
def applicant_factory(faker, clocks) -> ApplicantFactory:
    return ApplicantFactory(faker, today=clocks.today())


def enrol(control, applicant, **account_options):
    """Create the applicant's account and card in the portal under test."""
    control.create_accounts(applicant.account_payload(**account_options))
    if applicant.card:
        control.create_cards(applicant.card)
    return applicant


@given(parsers.parse("我是一位{kind}的申請人"), target_fixture="applicant")
def _(applicant_factory, control, kind):
    assert kind in KINDS, f"unknown applicant kind 「{kind}」; known: {'、'.join(KINDS)}"
    return enrol(control, getattr(applicant_factory, KINDS[kind])())


@given(parsers.parse("我是一位以「{role}」註冊、就業金卡已過期的申請人"), target_fixture="applicant")
def _(applicant_factory, control, role):
    applicant = applicant_factory.expired_card()
    applicant.role = ROLES[role]
    return enrol(control, applicant)
