"""The Faker provider meets the portal's own checks: two independent readings of the
guide (the harness's vocabulary and check digits, the portal's catalog and validator)
must agree. 統一證號 (R-RENEW-NOMATCH), R-EMAIL-CN, account and password rules."""

from __future__ import annotations

import re
from datetime import date

import pytest
from faker import Faker

from harness import vocabulary
from harness.providers import MALFORMED_KINDS, GoldCardProvider, shift_years
from mock_portal.domain import catalog
from mock_portal.domain.accounts import registration_problems
from mock_portal.domain.email import is_email, is_mainland_china_email
from mock_portal.domain.passwords import new_password_problem
from mock_portal.domain.ui_number import PROBLEMS, check_ui_number

TODAY = date(2026, 3, 2)
MANY = 200


@pytest.fixture
def fake(faker):
    """The suite's seeded Faker (see `faker_seed`), with the Gold Card provider."""
    if not hasattr(faker, "malformed_ui_number"):
        faker.add_provider(GoldCardProvider)
    return faker


def seeded(seed: int) -> Faker:
    faker = Faker()
    faker.add_provider(GoldCardProvider)
    faker.seed_instance(seed)
    return faker


# 統一證號 ------------------------------------------------------------------------------

def test_generated_ui_numbers_pass_the_portal_check(fake):
    checks = [check_ui_number(fake.ui_number()) for _ in range(MANY)]
    assert all(c.ok and c.format == "new" for c in checks), [c for c in checks if not c.ok]


def test_generated_old_ui_numbers_pass_the_portal_check(fake):
    numbers = [fake.old_ui_number() for _ in range(MANY)]
    assert [n for n in numbers if not check_ui_number(n).ok] == []
    assert {check_ui_number(n).format for n in numbers} == {"old"}
    assert all(re.fullmatch(r"[A-Z][ABCD]\d{8}", n) for n in numbers)


def test_the_guides_example_is_a_valid_new_format_number_as_the_provider_makes(fake):
    guide = check_ui_number("A800013146")
    assert guide.ok and guide.format == "new"
    assert not check_ui_number("A800013147").ok, "a changed check digit must fail, or the check checks nothing"
    made = [check_ui_number(fake.ui_number()) for _ in range(MANY)]
    assert {c.format for c in made} == {guide.format}


@pytest.mark.parametrize(("sex", "new_second", "old_seconds"), [("男", "8", "AC"), ("女", "9", "BD")])
def test_ui_number_carries_the_sex(fake, sex, new_second, old_seconds):
    assert {fake.ui_number(sex)[1] for _ in range(50)} == {new_second}
    assert {fake.old_ui_number(sex)[1] for _ in range(50)} <= set(old_seconds)
    assert all(check_ui_number(fake.ui_number(sex)).ok for _ in range(50))


def test_ui_numbers_use_both_sexes_and_many_area_letters(fake):
    numbers = [fake.ui_number() for _ in range(MANY)]
    assert {n[1] for n in numbers} == {"8", "9"}
    assert len({n[0] for n in numbers}) > 15


@pytest.mark.parametrize("kind", MALFORMED_KINDS)
def test_r_renew_nomatch_each_malformed_kind_gets_exactly_its_problem(fake, kind):
    numbers = [fake.malformed_ui_number(kind) for _ in range(MANY)]
    problems = {n: check_ui_number(n).problem for n in numbers}
    assert {p for p in problems.values()} == {kind}, {n: p for n, p in problems.items() if p != kind}


def test_malformed_kinds_are_the_portals_problem_codes():
    assert set(MALFORMED_KINDS) <= set(PROBLEMS)


def test_an_unknown_malformed_kind_is_refused_with_the_known_ones(fake):
    with pytest.raises(ValueError, match="check-digit"):
        fake.malformed_ui_number("typo")


def test_check_digit_slip_keeps_the_body(fake):
    for _ in range(50):
        slip = fake.malformed_ui_number("check-digit")
        assert re.fullmatch(r"[A-Z][89]\d{8}", slip)


# Email (R-EMAIL-CN) -------------------------------------------------------------------

def test_r_email_cn_generated_emails_are_never_mainland_china(fake):
    emails = [fake.gold_card_email() for _ in range(MANY)]
    assert all(is_email(e) for e in emails), emails
    assert [e for e in emails if is_mainland_china_email(e)] == []


def test_r_email_cn_mainland_emails_are_refused_by_the_portal(fake):
    emails = [fake.gold_card_email(mainland=True) for _ in range(MANY)]
    assert all(is_email(e) and is_mainland_china_email(e) for e in emails), emails
    assert {e.rsplit("@", 1)[1] for e in emails} == set(vocabulary.MAINLAND_CHINA_EMAIL_DOMAINS)


def test_email_keeps_a_given_local_part(fake):
    assert fake.gold_card_email(local_part="jane.doe").startswith("jane.doe@")


# Account -------------------------------------------------------------------------------

def test_r_register_accounts_and_passwords_pass_the_portal_rules(fake):
    for _ in range(MANY):
        given, surname = fake.english_name()
        account, password = fake.account_name(given, surname), fake.account_password()
        assert registration_problems(account, "x", "a@example.com", password, password, taken=False) == [], (
            account, password)
        assert 4 <= len(account) <= 30


def test_account_name_without_a_name_still_fits(fake):
    assert re.fullmatch(r"[a-z]{4}\d{4}", fake.account_name())
    assert re.fullmatch(r"[a-z.]+\d{4}", fake.account_name("Élodie", "O'Brien-Smith"))
    assert len(fake.account_name("A" * 40, "B" * 40)) <= 30


@pytest.mark.parametrize("length", [1, 8, 12, 20])
def test_passwords_have_letters_and_digits(fake, length):
    password = fake.account_password(length)
    assert len(password) == max(length, 8)
    assert new_password_problem(password, password) is None
    assert password[0].isalpha()


# Person ---------------------------------------------------------------------------------

def test_english_names_are_passport_capitals(fake):
    for country in vocabulary.COUNTRIES:
        given, surname = fake.english_name(country)
        assert given and surname
        assert (given + surname).isascii() and given == given.upper() and surname == surname.upper()


def test_chinese_names_and_taiwan_addresses_are_chinese(fake):
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert all(cjk.search(fake.chinese_name(sex)) for sex in (None, *vocabulary.SEXES))
    addresses = [fake.taiwan_address() for _ in range(20)]
    assert all(cjk.search(a) and "\n" not in a for a in addresses)


@pytest.mark.parametrize("country", vocabulary.COUNTRIES)
def test_home_addresses_are_one_line_abroad(fake, country):
    address = fake.home_address(country)
    assert address and "\n" not in address and len(address) <= 200
    assert fake.home_city(country) and fake.home_phone(country)
    assert fake.passport_authority(country)


def test_home_address_without_a_country_picks_one(fake):
    assert all(fake.home_address() for _ in range(20))


def test_passport_numbers_and_mobiles(fake):
    assert all(re.fullmatch(r"[A-Z]\d{8}", fake.passport_number()) for _ in range(50))
    assert all(re.fullmatch(r"09\d{8}", fake.mobile_number()) for _ in range(50))


@pytest.mark.parametrize("today", [TODAY, date(2024, 2, 29), date(2025, 12, 31)])
def test_birth_dates_fall_within_the_ages(fake, today):
    births = [fake.birth_date(today=today) for _ in range(MANY)]
    assert all(shift_years(today, -61) < b <= shift_years(today, -22) for b in births)
    thirty = [fake.birth_date(30, 30, today=today) for _ in range(20)]
    assert all(shift_years(today, -31) < b <= shift_years(today, -30) for b in thirty)


def test_shift_years_keeps_leap_days_in_their_month():
    assert shift_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert shift_years(date(2024, 2, 29), -4) == date(2020, 2, 29)


# Vocabulary: the harness's words are the portal's --------------------------------------

def test_vocabulary_choices_are_offered_by_the_portal():
    assert vocabulary.SEXES == catalog.SEXES
    assert vocabulary.FIELDS == catalog.FIELDS
    assert set(vocabulary.EDUCATION_LEVELS) <= set(catalog.EDUCATION_LEVELS)
    assert set(vocabulary.MARITAL_STATUSES) <= set(catalog.MARITAL_STATUSES)
    assert set(vocabulary.PASSPORT_TYPES) <= set(catalog.PASSPORT_TYPES)
    assert set(vocabulary.COUNTRIES) <= set(catalog.COUNTRIES)
    assert set(vocabulary.IMMIGRATION_OFFICES) <= set(catalog.IMMIGRATION_OFFICES)
    assert set(vocabulary.MAINLAND_CHINA_EMAIL_DOMAINS) <= set(catalog.MAINLAND_CHINA_EMAIL_DOMAINS)
    assert vocabulary.JOURNEY_FIELD in catalog.FIELDS


# Seeds replay --------------------------------------------------------------------------

def _draw(faker: Faker) -> list:
    return [
        faker.ui_number(), faker.old_ui_number(), [faker.malformed_ui_number(k) for k in MALFORMED_KINDS],
        faker.passport_number(), faker.gold_card_email(), faker.gold_card_email(mainland=True),
        faker.home_address(), faker.taiwan_address(), faker.english_name(), faker.chinese_name(),
        faker.birth_date(today=TODAY), faker.account_name("Jane", "Doe"), faker.account_password(),
        faker.occupation(), faker.home_phone("日本"), faker.home_city("法國"),
    ]


def test_a_seed_replays_the_same_values(faker_seed):
    assert _draw(seeded(faker_seed)) == _draw(seeded(faker_seed))


def test_another_seed_gives_other_values(faker_seed):
    assert _draw(seeded(faker_seed)) != _draw(seeded(faker_seed + 1))


def test_locale_values_do_not_depend_on_what_was_drawn_elsewhere(faker_seed):
    """The per-locale Fakers are shared; each use reseeds them from the generator."""
    first = seeded(faker_seed)
    expected = [first.taiwan_address(), first.home_address("日本")]
    seeded(faker_seed + 7).taiwan_address()          # another generator touches the zh_TW Faker
    again = seeded(faker_seed)
    assert [again.taiwan_address(), again.home_address("日本")] == expected
