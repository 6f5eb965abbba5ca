"""Where a scenario's applicant comes from: one interface, two implementations.

`ControlProvisioner` (the bundled portal) makes the account and card on demand through
the control API. `ProfileProvisioner` (any other target) leases an account the profile
lists and takes a card of the class the scenario needs. Either way the applicant's form
data (names, passport, addresses) is Faker's, so the steps do not know which target they
run on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from .applicants import Applicant, ApplicantFactory
from .capabilities import lacks
from .leases import AccountLeases, NoAccount
from .target import Card, Target

# The card class each kind of applicant needs (None: no card at all).
CARD_OF_KIND = {
    "expired_card": "expired",
    "valid_in_extension_window": "valid-in-window",
    "valid_too_early": "valid-early",
    "no_card": "unknown",
    "wrong_birth_date": "expired",
    "household_registered": "expired",
    "household_moved_out": "expired",
    "roc_national_without_household": "expired",
    "malformed_ui_number": None,
    "with_account": None,
}
ACCOUNT_MAX = 30          # R-REGISTER's longest 帳號 (spec, STEP 3)
NEW_FORMAT_SEX = {"8": "男", "9": "女"}
OLD_FORMAT_SEX = {"A": "男", "C": "男", "B": "女", "D": "女"}


class NotProvisioned(LookupError):
    """The target cannot give what the scenario asks for; the message says what is missing."""


@dataclass
class ControlProvisioner:
    """The bundled portal: every applicant made to measure."""

    factory: ApplicantFactory
    control: object

    def applicant(self, kind: str, *, role: str = "foreigner", carried_documents: bool = False,
                  fresh_account: bool = True) -> Applicant:
        """Every account here is made for its scenario (`fresh_account` is always so)."""
        applicant = getattr(self.factory, kind)()
        applicant.role = role
        if carried_documents:
            applicant.card["documents"] = "all"
        return self.enrol(applicant)

    def newcomer(self) -> Applicant:
        """Someone with no account and no card yet: the scenario registers them."""
        return self.factory.new_applicant()

    def enrol(self, applicant: Applicant) -> Applicant:
        return enrol(self.control, applicant)

    def pin(self) -> None:
        """Every applicant is made to measure from the pinned Faker: nothing more to pin."""

    def release(self) -> None:
        """Nothing to give back: the control API resets the world for the next test."""


@dataclass
class ProfileProvisioner:
    """A target with provisioned data: accounts leased one scenario at a time, cards by class."""

    factory: ApplicantFactory
    target: Target
    leases: AccountLeases

    def applicant(self, kind: str, *, role: str = "foreigner", carried_documents: bool = False,
                  fresh_account: bool = False) -> Applicant:
        """`fresh_account`: the scenario locks, resets or registers its account, so it gets
        one of its own, not one of the profile's: a new name and address, for the scenario
        to register through the portal (STEP 3) and confirm by mail before it starts."""
        if kind not in CARD_OF_KIND:
            raise NotProvisioned(f"an applicant of kind {kind!r}, which needs the control API")
        card = self._card(CARD_OF_KIND[kind], carried_documents)
        if fresh_account:
            return self._fresh(kind, role, card)
        try:
            account = self.leases.lease(role)
        except NoAccount as missing:
            raise NotProvisioned(str(missing)) from None
        applicant = getattr(self.factory, kind)()
        # The account is the profile's; the form's data (its 電子郵件 too) stays Faker's, so a
        # seeded run types the same form whichever worker's account it leased.
        applicant.account, applicant.password = account.account, account.password
        applicant.role, applicant.name = role, account.name or account.account
        if card is not None:
            take_card(applicant, card, keep_typed_birth_date=kind == "wrong_birth_date")
        return applicant

    def newcomer(self) -> Applicant:
        """Someone with no account and no card yet, under a name no run used before."""
        return own_account(self.factory.new_applicant())

    def _fresh(self, kind: str, role: str, card: Card | None) -> Applicant:
        why = lacks(self.target, "needs-fresh-account")
        if why:
            raise NotProvisioned(f"an account made for the scenario: {why}")
        applicant = own_account(getattr(self.factory, kind)(role=role))
        if card is not None:
            take_card(applicant, card, keep_typed_birth_date=kind == "wrong_birth_date")
        return applicant

    def _card(self, card_class: str | None, carried_documents: bool) -> Card | None:
        if card_class is None:
            return None
        cards = self.target.cards_of(card_class)
        if carried_documents:
            cards = tuple(c for c in cards if c.documents)
        if not cards:
            with_documents = " with its documents listed (R-CARRY-DOCS)" if carried_documents else ""
            raise NotProvisioned(f"a card of class {card_class}{with_documents} in [[cards]]")
        return cards[0]

    def pin(self) -> None:
        """Lease the first account of a role whatever the worker: its name shows on every
        signed-in screen, so the guide's screenshots must always be taken with the same one
        (the baselines' own); another worker holding it is waited for."""
        self.leases.index = 0

    def release(self) -> None:
        self.leases.release()


def own_account(applicant: Applicant) -> Applicant:
    """The applicant's account made the scenario's own: a 帳號 and 電子郵件 no run used before
    (a seeded Faker gives the same names every run, and a staging portal and its mailbox
    keep what earlier runs registered), marked as one the scenario may lock or reset."""
    suffix = secrets.token_hex(3)
    applicant.account = applicant.account[:ACCOUNT_MAX - len(suffix)] + suffix
    applicant.email = f"{applicant.account.lower()}@{applicant.email.rpartition('@')[2]}"
    applicant.made_for_scenario = True
    return applicant


def enrol(control, applicant: Applicant) -> Applicant:
    """Create the applicant's account and card through the control API."""
    control.create_accounts(applicant.account_payload())
    if applicant.card:
        control.create_cards(applicant.card)
    return applicant


def take_card(applicant: Applicant, card: Card, *, keep_typed_birth_date: bool = False) -> None:
    """Make the Faker applicant the holder of a provisioned card: its 統一證號, birth date,
    sex (read off the 統一證號), field and category. `keep_typed_birth_date`: the factory
    chose a wrong 出生日期 to type at STEP 10 (R-RENEW-NOMATCH)."""
    slip = applicant.typed_birth_date - applicant.birth_date
    applicant.ui_number, applicant.birth_date = card.ui_number, card.birth_date
    applicant.typed_birth_date = card.birth_date + slip if keep_typed_birth_date else card.birth_date
    applicant.sex = sex_of(card.ui_number) or applicant.sex
    if card.field:
        applicant.field, applicant.category = card.field, card.category
    applicant.card = {"ui_number": card.ui_number, "birth_date": card.birth_date.isoformat(), "field": card.field,
                      "category": card.category, "documents": list(card.documents)}


def sex_of(ui_number: str) -> str | None:
    """男 or 女 from a 統一證號's second character (8/9 new format, A-D old), else None."""
    second = ui_number[1:2]
    return NEW_FORMAT_SEX.get(second) or OLD_FORMAT_SEX.get(second)
