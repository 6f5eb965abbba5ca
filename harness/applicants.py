"""Applicants made with Faker, one kind per answer the portal gives at STEP 10 (R-RENEW-*,
R-HOUSEHOLD), each with the account to log in with (STEP 5) and, where the story needs
one, the Gold Card the portal must know (the control API's `POST /__test__/cards`).

Dates are relative to the `today` passed in (the portal's date), and every value comes
from the Faker passed in, so the suite's per-test seed replays an applicant."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from faker import Faker

from . import vocabulary
from .providers import GoldCardProvider, shift_years

DATE_FORMAT = "%Y/%m/%d"      # how the guide's form takes dates (STEP 10, 13)
CARD_YEARS = (1, 2, 3)        # a Gold Card is valid one to three years
# An expired card ended 2-400 days ago: the day after the last valid day is a boundary,
# the boundary scenarios' own (features/boundaries.feature). Drawn at random elsewhere, a
# portal wrong on that day would fail a scenario about something else, now and then.
EXPIRED_DAYS = (-400, -2)


@dataclass
class Applicant:
    account: str
    password: str = dataclasses.field(repr=False)    # never in a failure's locals or a report
    email: str
    role: str                        # foreigner, employer or agency (STEP 4)
    name: str                        # the account's display name (STEP 6)
    surname: str
    given_name: str
    chinese_name: str
    sex: str                         # 男 / 女
    birth_date: date
    nationality: str
    occupation: str
    education: str
    marital_status: str
    birth_country: str
    birth_city: str
    home_address: str
    home_phone: str
    passport_type: str
    passport_number: str
    passport_issued_on: date
    passport_expires_on: date
    passport_authority: str
    ui_number: str                   # "" for someone who never had one
    typed_birth_date: date           # what is typed at STEP 10: normally birth_date
    contact_address: str             # in Taiwan
    work_address: str
    mobile: str
    field: str = vocabulary.JOURNEY_FIELD
    category: str | None = None      # None: the field's first category
    card: dict[str, Any] | None = None
    roc_national: bool = False
    household_in_taiwan: bool = False
    moved_out: bool = False
    office: str = vocabulary.IMMIGRATION_OFFICES[0]
    kind: str = ""                   # the factory method that made this applicant
    made_for_scenario: bool = False  # on a profile target: registered by this scenario, its own to lock

    # Account ----------------------------------------------------------------------------

    def wrong_password(self) -> str:
        """A password that is not this applicant's (the last character changed), the same
        every time it is asked: R-LOGIN-LOCK counts these."""
        return self.password[:-1] + ("y" if self.password.endswith("x") else "x")

    def account_payload(
        self, password_changed_at: datetime | str | None = None, *, verified: bool = True,
    ) -> dict:
        """The body of `POST /__test__/accounts` for this applicant; `password_changed_at`
        (R-PASSWORD-AGE) defaults to the portal's now."""
        payload = {"account": self.account, "password": self.password, "email": self.email,
                   "role": self.role, "name": self.name, "verified": verified}
        if isinstance(password_changed_at, datetime):
            password_changed_at = password_changed_at.isoformat()
        if password_changed_at is not None:
            payload["password_changed_at"] = password_changed_at
        return payload

    # Card -------------------------------------------------------------------------------

    @property
    def card_valid_until(self) -> date | None:
        return date.fromisoformat(self.card["valid_until"]) if self.card else None

    # As typed ---------------------------------------------------------------------------

    @property
    def display_birth_date(self) -> str:
        """出生日期 as the form takes it: YYYY/MM/DD."""
        return self.birth_date.strftime(DATE_FORMAT)

    @property
    def display_typed_birth_date(self) -> str:
        """The 出生日期 typed at STEP 10, YYYY/MM/DD."""
        return self.typed_birth_date.strftime(DATE_FORMAT)

    def posted_form_values(self) -> dict[str, str]:
        """The five tabs of 「就業金卡申請 - 新增」 (STEP 13) as the form posts them, by field
        name (steps/form_values.py has them by label, as a user types them); 申請資格 is ""
        when `category` is None (the page picks the field's first). The tests hold the
        factory to the portal's own form check with it."""
        return {
            "surname": self.surname, "given_name": self.given_name, "chinese_name": self.chinese_name,
            "birth_date": self.display_birth_date, "sex": self.sex, "nationality": self.nationality,
            "occupation": self.occupation, "education": self.education, "marital_status": self.marital_status,
            "email": self.email, "birth_country": self.birth_country, "birth_city": self.birth_city,
            "home_address": self.home_address, "home_phone": self.home_phone, "other_nationality": "",
            "passport_type": self.passport_type, "passport_number": self.passport_number,
            "passport_issued_on": self.passport_issued_on.strftime(DATE_FORMAT),
            "passport_expires_on": self.passport_expires_on.strftime(DATE_FORMAT),
            "passport_authority": self.passport_authority, "ui_number": self.ui_number, "office": self.office,
            "work_address": self.work_address, "contact_address": self.contact_address, "mobile": self.mobile,
            "field": self.field, "category": self.category or "",
        }


class ApplicantFactory:
    """One method per STEP 10 answer. Each takes the same options: `field` (short name,
    None for any), `category`, `role`, and `mainland_email` (R-EMAIL-CN)."""

    def __init__(self, faker: Faker, today: date) -> None:
        if not hasattr(faker, "malformed_ui_number"):
            faker.add_provider(GoldCardProvider)
        self.faker = faker
        self.today = today

    # The eligibility classes of STEP 10 -------------------------------------------------

    def expired_card(self, **options) -> Applicant:
        """R-RENEW-EXPIRED: the card ended 2-400 days ago; re-application is open. The
        journey's applicant."""
        return self._with_card("expired_card", self._days(*EXPIRED_DAYS), **options)

    def valid_in_extension_window(self, **options) -> Applicant:
        """R-RENEW-VALID: the card is valid 1-100 more days, inside the last four months:
        the portal points to 「就業金卡延期申請」."""
        return self._with_card("valid_in_extension_window", self._days(1, 100), **options)

    def valid_too_early(self, **options) -> Applicant:
        """R-RENEW-VALID: the card is valid 200-700 more days, before the four months."""
        return self._with_card("valid_too_early", self._days(200, 700), **options)

    def no_card(self, **options) -> Applicant:
        """R-RENEW-NOMATCH: a well-formed 統一證號 under which no card was issued."""
        return self._applicant("no_card", **options)

    def with_account(self, **options) -> Applicant:
        """Someone with an account, for scenarios about logging in: whether a card stands
        behind the 統一證號 does not matter to them (no card is made)."""
        return self._applicant("with_account", **options)

    def wrong_birth_date(self, **options) -> Applicant:
        """R-RENEW-NOMATCH: an expired card exists, but the 出生日期 typed at STEP 10 is not
        the card's."""
        applicant = self._with_card("wrong_birth_date", self._days(*EXPIRED_DAYS), **options)
        slip = timedelta(days=self.faker.random_int(1, 400))     # never 0: always another day
        later = applicant.birth_date + slip
        applicant.typed_birth_date = later if later < self.today else applicant.birth_date - slip
        return applicant

    def malformed_ui_number(self, kind: str = "check-digit", **options) -> Applicant:
        """R-RENEW-NOMATCH: the 統一證號 is malformed in the way `kind` names (a problem code
        of the portal's check); no card."""
        applicant = self._applicant("malformed_ui_number", **options)
        applicant.ui_number = self.faker.malformed_ui_number(kind)
        return applicant

    def household_registered(self, **options) -> Applicant:
        """R-HOUSEHOLD: an ROC national with a household registration in Taiwan, not moved
        out (the STEP 11 screenshot's answers), holding an expired card."""
        applicant = self._with_card("household_registered", self._days(*EXPIRED_DAYS), **options)
        applicant.roc_national, applicant.household_in_taiwan, applicant.moved_out = True, True, False
        return applicant

    def household_moved_out(self, **options) -> Applicant:
        """R-HOUSEHOLD's last condition flipped: an ROC national whose household registration
        in Taiwan was moved out may apply (an expired card)."""
        applicant = self._with_card("household_moved_out", self._days(*EXPIRED_DAYS), **options)
        applicant.roc_national, applicant.household_in_taiwan, applicant.moved_out = True, True, True
        return applicant

    def roc_national_without_household(self, **options) -> Applicant:
        """R-HOUSEHOLD's second condition flipped: an ROC national with no household
        registration in Taiwan may apply (an expired card)."""
        applicant = self._with_card("roc_national_without_household", self._days(*EXPIRED_DAYS), **options)
        applicant.roc_national, applicant.household_in_taiwan, applicant.moved_out = True, False, False
        return applicant

    def new_applicant(self, **options) -> Applicant:
        """Someone who never held a Gold Card: no 統一證號, no card."""
        applicant = self._applicant("new_applicant", **options)
        applicant.ui_number = ""
        return applicant

    # Building blocks --------------------------------------------------------------------

    def _days(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.faker.random_int(low, high))

    def _with_card(
        self, kind: str, valid_until: date, *, documents: list[str] | None = None, **options,
    ) -> Applicant:
        applicant = self._applicant(kind, **options)
        applicant.card = self.card_for(applicant, valid_until, documents=documents)
        return applicant

    def card_for(
        self, applicant: Applicant, valid_until: date, *, documents: list[str] | None = None,
    ) -> dict:
        """The `POST /__test__/cards` body for a card of this applicant ending on
        `valid_until`, issued one to three years before (and never after today)."""
        years = [n for n in CARD_YEARS if self._card_start(valid_until, n) <= self.today] or [CARD_YEARS[-1]]
        valid_from = self._card_start(valid_until, self.faker.random_element(years))
        card = {"ui_number": applicant.ui_number, "birth_date": applicant.birth_date.isoformat(),
                "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat(),
                "field": applicant.field, "documents": list(documents or [])}
        if applicant.category:
            card["category"] = applicant.category
        return card

    @staticmethod
    def _card_start(valid_until: date, years: int) -> date:
        return shift_years(valid_until, -years) + timedelta(days=1)

    def _applicant(
        self, kind: str, *, field: str | None = vocabulary.JOURNEY_FIELD, category: str | None = None,
        role: str = "foreigner", mainland_email: bool = False,
    ) -> Applicant:
        if role not in vocabulary.ROLES:
            raise ValueError(f"unknown role {role!r}; known: {', '.join(vocabulary.ROLES)}")
        fake = self.faker
        country = fake.gold_card_country()
        sex = fake.random_element(vocabulary.SEXES)
        given, surname = fake.english_name(country, sex)
        birth = fake.birth_date(today=self.today)
        issued = self.today - timedelta(days=fake.random_int(30, 9 * 365))
        account = fake.account_name(given, surname)
        return Applicant(
            account=account,
            password=fake.account_password(),
            email=fake.gold_card_email(mainland=mainland_email, local_part=account.lower()),
            role=role,
            name=f"{given} {surname}",
            surname=surname,
            given_name=given,
            chinese_name=fake.chinese_name(sex),
            sex=sex,
            birth_date=birth,
            nationality=country,
            occupation=fake.occupation(),
            education=fake.random_element(vocabulary.EDUCATION_LEVELS),
            marital_status=fake.random_element(vocabulary.MARITAL_STATUSES),
            birth_country=country,
            birth_city=fake.home_city(country),
            home_address=fake.home_address(country),
            home_phone=fake.home_phone(country),
            passport_type=vocabulary.ORDINARY_PASSPORT,
            passport_number=fake.passport_number(),
            passport_issued_on=issued,
            passport_expires_on=shift_years(issued, 10) - timedelta(days=1),
            passport_authority=fake.passport_authority(country),
            ui_number=fake.ui_number(sex),
            typed_birth_date=birth,
            contact_address=fake.taiwan_address(),
            work_address=fake.taiwan_address(),
            mobile=fake.mobile_number(),
            field=field or fake.random_element(vocabulary.FIELDS),
            category=category,
            office=fake.random_element(vocabulary.IMMIGRATION_OFFICES),
            kind=kind,
        )
