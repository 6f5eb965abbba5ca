"""harness.provisioning without a browser: a ProfileProvisioner's applicant is Faker's form
data on the profile's account and card (統一證號, birth date, the sex read off the
統一證號), the wrong 出生日期 of R-RENEW-NOMATCH survives, R-CARRY-DOCS takes a card with
its documents, and what the profile lacks is NotProvisioned, naming it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from faker import Faker

from harness.applicants import ApplicantFactory
from harness.leases import AccountLeases, NoAccount
from harness.provisioning import CARD_OF_KIND, NotProvisioned, ProfileProvisioner, sex_of, take_card
from harness.target import Account, Allow, Captcha, Card, Mail, Target

TODAY = date(2026, 3, 2)
SEEDS = [1, 7, 2024]
CARD_KINDS = [kind for kind, card_class in CARD_OF_KIND.items() if card_class]
NO_CARD_KINDS = [kind for kind, card_class in CARD_OF_KIND.items() if not card_class]

ACCOUNTS = (
    Account("foreigner", "qa-foreigner-01", "Kestrel-Harbor-4821", "qa-foreigner-01@example.com", "JAMES HUNT"),
    Account("employer", "qa-employer-01", "Granite-Willow-5148", "qa-employer-01@example.com", "ACME TAIWAN LTD"),
    Account("agency", "qa-agency-01", "Copper-Falcon-9063", "qa-agency-01@example.com", ""),
)


def cards(sex_digit: str) -> tuple[Card, ...]:
    """One card per class, all of one sex (8 男, 9 女); the first expired one lists no documents."""
    return (
        Card("expired", f"A{sex_digit}00013146", date(1992, 5, 3), "經濟"),
        Card("expired", f"F{sex_digit}20467118", date(1988, 11, 21), "科技",
             "第三類：具關鍵科技專長及五年以上相關工作經驗", ("護照", "照片", "工作經歷證明")),
        Card("valid-in-window", f"E{sex_digit}15072204", date(1985, 7, 9), "數位"),
        Card("valid-early", f"H{sex_digit}50288147", date(1995, 12, 30), "文化藝術"),
        Card("unknown", f"Q{sex_digit}03119675", date(1991, 1, 1)),
    )


MALE_CARDS = cards("8")


def target_with(*, accounts=ACCOUNTS, card_list=MALE_CARDS) -> Target:
    return Target(name="staging", base_url="https://portal-staging.example", captcha=Captcha("fixed", "X"),
                  accounts=accounts, cards=card_list)


class FakeLeases:
    """What ProfileProvisioner needs of AccountLeases: lease(role) and release()."""

    def __init__(self, target: Target) -> None:
        self.target, self.leased, self.released = target, [], 0

    def lease(self, role: str) -> Account:
        accounts = self.target.accounts_of(role)
        if not accounts:
            raise NoAccount(f"an account of role {role}")
        self.leased.append(role)
        return accounts[0]

    def release(self) -> None:
        self.released += 1


def provisioner(target: Target, seed: int = 1) -> tuple[ProfileProvisioner, FakeLeases]:
    faker = Faker()
    faker.seed_instance(seed)
    leases = FakeLeases(target)
    return ProfileProvisioner(ApplicantFactory(faker, TODAY), target, leases), leases


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sex_digit", ["8", "9"], ids=["男 cards", "女 cards"])
@pytest.mark.parametrize("kind", CARD_KINDS)
def test_a_profile_applicant_has_the_profiles_account_and_card(kind, sex_digit, seed):
    target = target_with(card_list=cards(sex_digit))
    given, leases = provisioner(target, seed)
    applicant = given.applicant(kind)
    card = target.cards_of(CARD_OF_KIND[kind])[0]
    account = target.accounts_of("foreigner")[0]
    assert (applicant.account, applicant.password, applicant.role, applicant.name) == (
        account.account, account.password, "foreigner", account.name)
    assert (applicant.ui_number, applicant.birth_date) == (card.ui_number, card.birth_date)
    assert applicant.sex == {"8": "男", "9": "女"}[sex_digit]
    assert applicant.card["ui_number"] == card.ui_number
    assert applicant.card["birth_date"] == card.birth_date.isoformat()
    if kind == "wrong_birth_date":
        assert applicant.typed_birth_date != card.birth_date, "R-RENEW-NOMATCH: the typed 出生日期 is the card's"
    else:
        assert applicant.typed_birth_date == card.birth_date
    assert leases.leased == ["foreigner"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", NO_CARD_KINDS)
def test_an_applicant_without_a_card_keeps_fakers_card_data_on_the_profiles_account(kind, seed):
    target = target_with()
    given, _ = provisioner(target, seed)
    applicant = given.applicant(kind)
    assert (applicant.account, applicant.password) == ("qa-foreigner-01", "Kestrel-Harbor-4821")
    assert applicant.ui_number not in {c.ui_number for c in target.cards}
    assert applicant.card is None


@pytest.mark.parametrize(("role", "name"), [("employer", "ACME TAIWAN LTD"), ("agency", "qa-agency-01")])
def test_the_role_asked_for_leases_that_roles_account(role, name):
    given, leases = provisioner(target_with())
    applicant = given.applicant("expired_card", role=role)
    account = target_with().accounts_of(role)[0]
    assert (applicant.account, applicant.password, applicant.role) == (account.account, account.password, role)
    assert applicant.name == name                 # an account without a name shows its account
    assert leases.leased == [role]


def test_the_wrong_birth_date_is_as_far_from_the_cards_as_fakers_was_from_its_own():
    faker = Faker()
    faker.seed_instance(5)
    made = ApplicantFactory(faker, TODAY).wrong_birth_date()
    given, _ = provisioner(target_with(), 5)
    applicant = given.applicant("wrong_birth_date")
    card = target_with().cards_of("expired")[0]
    assert applicant.typed_birth_date - card.birth_date == made.typed_birth_date - made.birth_date


def test_carried_documents_takes_a_card_that_lists_its_documents():
    given, _ = provisioner(target_with())
    applicant = given.applicant("expired_card", carried_documents=True)
    assert applicant.ui_number == "F820467118"
    assert applicant.card["documents"] == ["護照", "照片", "工作經歷證明"]
    assert (applicant.field, applicant.category) == ("科技", "第三類：具關鍵科技專長及五年以上相關工作經驗")


def test_without_carried_documents_the_first_card_of_the_class_is_taken():
    applicant = provisioner(target_with())[0].applicant("expired_card")
    assert applicant.ui_number == "A800013146"
    assert (applicant.field, applicant.category, applicant.card["documents"]) == ("經濟", None, [])


def test_carried_documents_without_such_a_card_is_not_provisioned():
    only_bare = tuple(c for c in cards("8") if not c.documents)
    given, leases = provisioner(target_with(card_list=only_bare))
    with pytest.raises(NotProvisioned, match=r"expired.*R-CARRY-DOCS"):
        given.applicant("expired_card", carried_documents=True)
    assert leases.leased == [], "an account was leased for an applicant that could not be made"


@pytest.mark.parametrize("card_class", ["expired", "valid-in-window", "valid-early", "unknown"])
def test_a_class_the_profile_lacks_is_not_provisioned_naming_it(card_class):
    others = tuple(c for c in cards("8") if c.card_class != card_class)
    given, leases = provisioner(target_with(card_list=others))
    kind = next(k for k, c in CARD_OF_KIND.items() if c == card_class)
    with pytest.raises(NotProvisioned, match=f"class {card_class} in"):
        given.applicant(kind)
    assert leases.leased == []


def test_a_role_the_profile_lacks_is_not_provisioned_naming_it(tmp_path):
    target = target_with(accounts=ACCOUNTS[:1])
    faker = Faker()
    faker.seed_instance(1)
    given = ProfileProvisioner(ApplicantFactory(faker, TODAY), target, AccountLeases(target, tmp_path, index=0))
    with pytest.raises(NotProvisioned, match="role agency"):
        given.applicant("expired_card", role="agency")


@pytest.mark.parametrize("kind", ["new_applicant", "expired", "card_for", "_applicant"])
def test_a_kind_without_a_card_class_is_not_provisioned(kind):
    given, leases = provisioner(target_with())
    with pytest.raises(NotProvisioned, match=repr(kind)):
        given.applicant(kind)
    assert leases.leased == []


def test_release_gives_the_lease_back():
    given, leases = provisioner(target_with())
    given.applicant("expired_card")
    given.release()
    assert leases.released == 1


# --- accounts the scenario registers itself ------------------------------------------------


def registering_target(*, destructive: bool = True, mail: str = "maildev") -> Target:
    return dataclasses.replace(target_with(), mail=Mail(mail, url="http://127.0.0.1:1080"),
                               allow=Allow(drafts=True, destructive=destructive))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fresh_account_is_new_every_time_even_from_the_same_seed(seed):
    first = provisioner(registering_target(), seed)[0].applicant("with_account", fresh_account=True)
    again, leases = provisioner(registering_target(), seed)
    second = again.applicant("with_account", fresh_account=True)
    assert first.account != second.account and first.email != second.email
    for applicant in (first, second):
        assert applicant.made_for_scenario and 4 <= len(applicant.account) <= 30, applicant.account
        assert applicant.email.startswith(applicant.account.lower() + "@")
    assert leases.leased == [], "no account of the profile was leased"


def test_a_fresh_account_with_a_card_holds_the_profiles_card():
    applicant = provisioner(registering_target())[0].applicant("expired_card", fresh_account=True)
    assert applicant.ui_number == MALE_CARDS[0].ui_number and applicant.made_for_scenario


@pytest.mark.parametrize(("destructive", "mail"), [(False, "maildev"), (True, "none")],
                         ids=["registering not allowed", "no mailbox to confirm it"])
def test_a_fresh_account_needs_registering_allowed_and_a_mailbox(destructive, mail):
    given = provisioner(registering_target(destructive=destructive, mail=mail))[0]
    with pytest.raises(NotProvisioned, match="allow.destructive and a \\[mail\\] strategy"):
        given.applicant("with_account", fresh_account=True)


def test_a_newcomer_on_a_profile_target_has_a_name_no_run_used():
    one, two = (provisioner(registering_target(), 7)[0].newcomer() for _ in range(2))
    assert one.account != two.account and one.made_for_scenario and one.ui_number == ""


# --- take_card and sex_of ---------------------------------------------------------------------


def faker_applicant(seed: int = 1):
    faker = Faker()
    faker.seed_instance(seed)
    return ApplicantFactory(faker, TODAY).no_card()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_card_whose_number_tells_no_sex_keeps_fakers(seed):
    applicant = faker_applicant(seed)
    sex = applicant.sex
    take_card(applicant, Card("expired", "A123456789", date(1990, 1, 1), "科技"))
    assert applicant.sex == sex
    assert applicant.ui_number == "A123456789"


def test_a_card_without_a_field_keeps_the_applicants_field():
    applicant = faker_applicant()
    field, category = applicant.field, applicant.category
    take_card(applicant, Card("unknown", "Q803119675", date(1991, 1, 1)))
    assert (applicant.field, applicant.category) == (field, category)


@pytest.mark.parametrize(
    ("ui_number", "sex"),
    [
        ("A800013146", "男"),    # new format: 8
        ("A900013146", "女"),    # new format: 9
        ("AA23456789", "男"),    # old format: A, C
        ("AC23456789", "男"),
        ("AB23456789", "女"),    # old format: B, D
        ("AD23456789", "女"),
        ("A123456789", None),    # an ROC ID's 1
        ("A223456789", None),
        ("A700013146", None),
        ("AE23456789", None),
        ("Aa23456789", None),
        ("A", None),
        ("", None),
    ],
)
def test_sex_of(ui_number, sex):
    assert sex_of(ui_number) == sex
