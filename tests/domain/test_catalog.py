"""The portal's fixed vocabulary: the fields and categories the form offers, the
documents R-CARRY-DOCS compares, the criteria R-ARCH-ALL requires, R-EMAIL-CN's list."""

from __future__ import annotations

import dataclasses

import pytest

from mock_portal.domain import catalog

EXPECTED_FIELDS = ("科技", "經濟", "教育", "文化、藝術", "體育", "金融", "法律", "建築設計", "國防", "數位")
ARCHITECTURE = "建築設計"
ALL_CATEGORIES = [c for f in catalog.FIELDS for c in catalog.categories_of(f)]


def test_the_fields_exactly_as_the_intro_page_lists_them():
    assert catalog.FIELDS == EXPECTED_FIELDS
    assert len(catalog.FIELDS) == 10        # 「文化、藝術」 is one field, not two
    assert "文化" not in catalog.FIELDS and "藝術" not in catalog.FIELDS


@pytest.mark.parametrize(("field", "long_name"), [("科技", "科技領域"), ("文化、藝術", "文化、藝術領域"),
                                                  ("法律", "法律領域"), ("建築設計", "建築設計領域")])
def test_field_long_name_adds_lingyu(field, long_name):
    assert catalog.field_long_name(field) == long_name


@pytest.mark.parametrize("field", EXPECTED_FIELDS)
def test_each_field_has_two_to_five_categories_of_its_own(field):
    categories = catalog.categories_of(field)
    assert 2 <= len(categories) <= 5
    assert all(c.field == field for c in categories)
    assert len({c.name for c in categories}) == len(categories)


def test_an_unknown_field_has_no_categories():
    assert catalog.categories_of("烹飪") == ()


def test_find_category_by_field_and_name():
    first = catalog.categories_of("金融")[0]
    assert catalog.find_category("金融", first.name) is first
    assert catalog.find_category("金融", "第九類：不存在") is None
    assert catalog.find_category("科技", catalog.categories_of(ARCHITECTURE)[0].name) is None


def test_r_arch_all_only_architecture_has_criteria():
    assert {c.field for c in ALL_CATEGORIES if c.criteria} == {ARCHITECTURE}
    for category in catalog.categories_of(ARCHITECTURE):
        assert 2 <= len(category.criteria) <= 4, category.name
        assert len(set(category.criteria)) == len(category.criteria), category.name


@pytest.mark.parametrize("category", ALL_CATEGORIES, ids=lambda c: f"{c.field}-{c.name}")
def test_documents_start_with_passport_and_photo_and_are_unique(category):
    assert category.documents[:2] == ("護照", "照片")
    assert 2 <= len(category.documents) <= 4
    assert len(set(category.documents)) == len(category.documents)
    assert all(d and "/" not in d and d.strip() == d for d in category.documents)


def test_max_documents_is_the_largest_list():
    largest = max(len(c.documents) for c in ALL_CATEGORIES)
    assert largest == catalog.MAX_DOCUMENTS


def test_categories_cannot_be_changed():
    category = ALL_CATEGORIES[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        category.name = "改名"  # type: ignore[misc]
    assert isinstance(category.documents, tuple) and isinstance(category.criteria, tuple)


def test_r_email_cn_lists_the_specs_providers():
    required = {"qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn",
                "sohu.com", "139.com", "aliyun.com"}
    assert required <= catalog.MAINLAND_CHINA_EMAIL_DOMAINS
    assert isinstance(catalog.MAINLAND_CHINA_EMAIL_DOMAINS, frozenset)


def test_countries_hold_the_ones_applicants_come_from():
    needed = {"阿富汗", "日本", "美國", "英國", "加拿大", "澳大利亞", "德國", "法國", "印度", "韓國",
              "新加坡", "馬來西亞", "越南", "泰國", "菲律賓", "印尼", "中華民國"}
    assert needed <= set(catalog.COUNTRIES)
    assert "香港" not in catalog.COUNTRIES
    assert 50 <= len(catalog.COUNTRIES) <= 70
    assert len(set(catalog.COUNTRIES)) == len(catalog.COUNTRIES)


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (catalog.SEXES, ("男", "女")),
        (catalog.EDUCATION_LEVELS, ("博士", "碩士", "學士", "專科", "高中(職)", "其他")),
        (catalog.MARITAL_STATUSES, ("未婚", "已婚", "離婚", "喪偶")),
        (catalog.PASSPORT_TYPES, ("普通", "外交", "公務", "其他")),
    ],
)
def test_form_choice_lists(choices, expected):
    assert choices == expected


def test_immigration_offices_are_service_stations():
    offices = catalog.IMMIGRATION_OFFICES
    assert 8 <= len(offices) <= 15 and len(set(offices)) == len(offices)
    assert all(o.endswith("服務站") for o in offices)
    expected = {"臺北市服務站", "新北市服務站", "桃園市服務站", "臺中市第一服務站", "彰化縣服務站"}
    assert expected <= set(offices)
