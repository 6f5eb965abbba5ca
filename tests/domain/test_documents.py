"""STEP 14 「應檢附文件」 and R-CARRY-DOCS: which documents the last card brings along."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mock_portal.domain import catalog
from mock_portal.domain.cards import Card
from mock_portal.domain.documents import carried_documents, missing_documents, required_documents

from .builders import CATEGORY, FIELD, OTHER_CATEGORY

REQUIRED = catalog.find_category(FIELD, CATEGORY).documents
VALID_FROM = date(2023, 3, 1)


def last_card(field: str = FIELD, category: str = CATEGORY, docs: tuple[str, ...] = REQUIRED) -> Card:
    return Card("A800013146", date(1990, 5, 17), VALID_FROM, date(2026, 2, 28), field, category, docs)


def test_required_documents_are_the_categorys_list():
    assert required_documents(FIELD, CATEGORY) == REQUIRED
    assert len(REQUIRED) >= 1


@pytest.mark.parametrize(("field", "category"), [("", ""), (FIELD, ""), ("不存在", CATEGORY)])
def test_no_documents_until_field_and_category_are_chosen(field, category):
    assert required_documents(field, category) == ()


def test_r_carry_docs_same_field_and_category_no_rule_change():
    assert carried_documents(last_card(), FIELD, CATEGORY, None) == REQUIRED


def test_r_carry_docs_different_category_carries_none():
    assert carried_documents(last_card(), FIELD, OTHER_CATEGORY, None) == ()


def test_r_carry_docs_different_field_carries_none():
    other_field = next(f for f in catalog.FIELDS if f != FIELD)
    other_category = catalog.categories_of(other_field)[0].name
    assert carried_documents(last_card(), other_field, other_category, None) == ()


def test_r_carry_docs_no_card_carries_none():
    assert carried_documents(None, FIELD, CATEGORY, None) == ()


@pytest.mark.parametrize(
    ("rules_changed_on", "carried"),
    [
        (VALID_FROM - timedelta(days=365), REQUIRED),
        (VALID_FROM, REQUIRED),                          # on the day of issue: carried
        (VALID_FROM + timedelta(days=1), ()),            # a new rule after issue: none
        (date(2026, 1, 1), ()),
    ],
)
def test_r_carry_docs_rules_changed_on(rules_changed_on, carried):
    assert carried_documents(last_card(), FIELD, CATEGORY, rules_changed_on) == carried


def test_r_carry_docs_only_documents_the_category_still_asks_for():
    card = last_card(docs=(*REQUIRED[:1], "一份已不需要的文件"))
    assert carried_documents(card, FIELD, CATEGORY, None) == REQUIRED[:1]


def test_missing_documents_are_those_neither_uploaded_nor_carried():
    assert missing_documents(FIELD, CATEGORY, [], []) == list(REQUIRED)
    assert missing_documents(FIELD, CATEGORY, REQUIRED, []) == []
    assert missing_documents(FIELD, CATEGORY, [], REQUIRED) == []
    assert missing_documents(FIELD, CATEGORY, REQUIRED[:1], []) == list(REQUIRED[1:])
    assert missing_documents(FIELD, CATEGORY, [], REQUIRED[-1:]) == list(REQUIRED[:-1])


def test_missing_documents_ignore_uploads_the_category_does_not_ask_for():
    assert missing_documents(FIELD, CATEGORY, ["一份多餘的文件"], []) == list(REQUIRED)
