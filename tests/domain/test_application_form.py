"""STEP 13 「就業金卡申請 - 新增」, what 「儲存」 checks: R-REQUIRED, R-EMAIL-CN, R-ARCH-ALL,
the YYYY/MM/DD dates and the passport dates' order."""

from __future__ import annotations

from datetime import date

import pytest

from mock_portal.domain import catalog
from mock_portal.domain.application_form import (
    FIELDS,
    TAB_BASIC,
    TAB_FIELD,
    TAB_PASSPORT,
    TAB_RESIDENCE,
    Problem,
    check_form,
    missing_criteria,
)

from .builders import ARCHITECTURE, valid_values

TODAY = date(2026, 3, 2)

# The spec's list of required fields (「*」 dropped), tab by tab, in order.
REQUIRED = [
    (TAB_BASIC, "英文姓氏"), (TAB_BASIC, "英文名字"), (TAB_BASIC, "出生日期(西元)"), (TAB_BASIC, "性別"),
    (TAB_BASIC, "國籍"), (TAB_BASIC, "現職"), (TAB_BASIC, "最高學歷"), (TAB_BASIC, "婚姻狀況"),
    (TAB_BASIC, "電子郵件"), (TAB_BASIC, "出生地點(國家)"), (TAB_BASIC, "出生地點(市/州)"),
    (TAB_BASIC, "申請人母國地址"), (TAB_BASIC, "申請人母國電話號碼"),
    (TAB_PASSPORT, "護照種類"), (TAB_PASSPORT, "護照號碼"), (TAB_PASSPORT, "護照發照日期"),
    (TAB_PASSPORT, "護照效期截止日"), (TAB_PASSPORT, "發照機關"),
    (TAB_RESIDENCE, "申請地點"), (TAB_RESIDENCE, "在臺聯絡地址"), (TAB_RESIDENCE, "行動電話"),
    (TAB_FIELD, "專長領域"), (TAB_FIELD, "申請資格"),
]
OPTIONAL = ["中文姓名", "舊有或其他國籍(如有)", "統一證號", "在臺工作地址"]
KEY_OF = {f.label: f.key for f in FIELDS}


def check(values, criteria=()):
    return check_form(values, list(criteria), today=TODAY)


def codes(values, criteria=()) -> list[tuple[str, str]]:
    return [(p.label, p.code) for p in check(values, criteria)]


def all_criteria(field: str, category: str) -> list[str]:
    return list(catalog.find_category(field, category).criteria)


def test_a_complete_form_has_no_problems():
    assert check(valid_values()) == []


@pytest.mark.parametrize("field", catalog.FIELDS)
def test_every_field_and_category_can_be_saved(field):
    for category in catalog.categories_of(field):
        criteria = all_criteria(field, category.name)
        assert check(valid_values(field, category.name), criteria) == [], (field, category.name)


# R-REQUIRED --------------------------------------------------------------------

def test_r_required_empty_form_names_every_required_field_with_its_tab():
    problems = check({})
    assert problems == [Problem(tab, label, "required") for tab, label in REQUIRED]


def test_r_required_blank_counts_as_empty():
    problems = check({key: "   " for key in KEY_OF.values()})
    assert [(p.tab, p.label) for p in problems] == REQUIRED
    assert {p.code for p in problems} == {"required"}


def test_r_required_the_form_marks_the_spec_fields_required():
    assert [(f.tab, f.label) for f in FIELDS if f.required] == REQUIRED
    assert [f.label for f in FIELDS if not f.required] == OPTIONAL


@pytest.mark.parametrize(("tab", "label"), [r for r in REQUIRED if r[1] != "專長領域"])
def test_r_required_one_missing_field_is_named_alone(tab, label):
    assert check(valid_values(**{KEY_OF[label]: ""})) == [Problem(tab, label, "required")]


def test_r_required_no_field_chosen_means_no_category_either():
    assert check(valid_values(field="")) == [Problem(TAB_FIELD, "專長領域", "required"),
                                             Problem(TAB_FIELD, "申請資格", "required")]


@pytest.mark.parametrize("label", OPTIONAL)
def test_r_required_optional_fields_may_stay_empty(label):
    assert check(valid_values(**{KEY_OF[label]: ""})) == []


# R-EMAIL-CN --------------------------------------------------------------------

MAINLAND = ["qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
            "139.com", "aliyun.com"]


@pytest.mark.parametrize("domain", MAINLAND)
@pytest.mark.parametrize("address", ["someone@{}", "someone@mail.{}", "SOMEONE@{upper}"])
def test_r_email_cn_mainland_providers_are_refused(domain, address):
    email = address.format(domain, upper=domain.upper())
    assert codes(valid_values(email=email)) == [("電子郵件", "email-cn")]


@pytest.mark.parametrize("email", ["someone@gmail.com", "someone@example.com.tw", "someone@notqq.com",
                                   "qq.com@example.com"])
def test_r_email_cn_other_providers_are_accepted(email):
    assert check(valid_values(email=email)) == []


@pytest.mark.parametrize("email", ["someone", "someone@", "someone@gmail", "some one@gmail.com"])
def test_email_must_look_like_an_address(email):
    assert codes(valid_values(email=email)) == [("電子郵件", "email-format")]


# R-ARCH-ALL --------------------------------------------------------------------

ARCH_CATEGORY = catalog.categories_of(ARCHITECTURE)[0].name
ARCH_CRITERIA = all_criteria(ARCHITECTURE, ARCH_CATEGORY)


def test_r_arch_all_architecture_has_several_criteria():
    assert len(ARCH_CRITERIA) >= 2


def test_r_arch_all_every_criterion_ticked_is_accepted():
    assert check(valid_values(ARCHITECTURE, ARCH_CATEGORY), ARCH_CRITERIA) == []


@pytest.mark.parametrize("left_out", range(len(ARCH_CRITERIA)))
def test_r_arch_all_one_criterion_left_out_is_refused(left_out):
    ticked = ARCH_CRITERIA[:left_out] + ARCH_CRITERIA[left_out + 1:]
    problems = check(valid_values(ARCHITECTURE, ARCH_CATEGORY), ticked)
    assert problems == [Problem(TAB_FIELD, "申請資格", "arch-all", ARCH_CRITERIA[left_out])]
    assert missing_criteria(ARCHITECTURE, ARCH_CATEGORY, ticked) == [ARCH_CRITERIA[left_out]]


def test_r_arch_all_none_ticked_names_them_all():
    assert missing_criteria(ARCHITECTURE, ARCH_CATEGORY, []) == ARCH_CRITERIA
    assert codes(valid_values(ARCHITECTURE, ARCH_CATEGORY)) == [("申請資格", "arch-all")]


def test_r_arch_all_only_architecture_has_criteria_to_tick():
    with_criteria = {c.field for f in catalog.FIELDS for c in catalog.categories_of(f) if c.criteria}
    assert with_criteria == {ARCHITECTURE}
    assert all(c.criteria for c in catalog.categories_of(ARCHITECTURE))


@pytest.mark.parametrize("field", [f for f in catalog.FIELDS if f != ARCHITECTURE])
def test_r_arch_all_other_fields_need_no_criterion(field):
    category = catalog.categories_of(field)[0].name
    assert missing_criteria(field, category, []) == []
    assert check(valid_values(field, category)) == []


def test_category_must_belong_to_the_field():
    other = next(c.name for c in catalog.categories_of(ARCHITECTURE)
                 if c.name not in {x.name for x in catalog.categories_of("科技")})
    assert codes(valid_values("科技", other)) == [("申請資格", "invalid-choice")]


# dates: YYYY/MM/DD, passport order -------------------------------------------------

@pytest.mark.parametrize("text", ["1990/05/17", "2000/02/29", "2026/03/01"])
def test_dates_in_the_guides_format_are_accepted(text):
    assert check(valid_values(birth_date=text)) == []


@pytest.mark.parametrize("text", ["1990-05-17", "17/05/1990", "1990/13/01", "1990/02/30", "19900517", "明天"])
def test_dates_in_another_format_are_refused(text):
    assert codes(valid_values(birth_date=text)) == [("出生日期(西元)", "date-format")]


@pytest.mark.parametrize(
    ("text", "refused"), [("2026/03/01", False), ("2026/03/02", True), ("2027/01/01", True)],
)
def test_birth_date_must_be_in_the_past(text, refused):
    assert codes(valid_values(birth_date=text)) == ([("出生日期(西元)", "date-future")] if refused else [])


@pytest.mark.parametrize(
    ("issued", "expires", "refused"),
    [
        ("2020/01/15", "2030/01/14", False),
        ("2020/01/15", "2020/01/16", False),
        ("2020/01/15", "2020/01/15", True),     # expiring the day it was issued
        ("2030/01/14", "2020/01/15", True),     # the wrong way round
    ],
)
def test_passport_expiry_after_issue(issued, expires, refused):
    found = codes(valid_values(passport_issued_on=issued, passport_expires_on=expires))
    assert found == ([("護照效期截止日", "passport-dates")] if refused else [])


def test_passport_dates_in_another_format_are_refused():
    found = codes(valid_values(passport_issued_on="2020-01-15"))
    assert found == [("護照發照日期", "date-format")]


# choices and the 統一證號 -----------------------------------------------------------

@pytest.mark.parametrize(
    "key", ["sex", "nationality", "education", "marital_status", "passport_type", "office"],
)
def test_a_choice_the_field_does_not_offer_is_refused(key):
    label = next(f.label for f in FIELDS if f.key == key)
    assert codes(valid_values(**{key: "請選擇"})) == [(label, "invalid-choice")]


def test_a_wrong_ui_number_is_refused_when_given():
    assert [p.code for p in check(valid_values(ui_number="A800013147"))] == ["ui-number"]
