"""Which documents an application needs and which come from the last card:
R-CARRY-DOCS (註2, 註3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from . import catalog
from .cards import Card


def carried_documents(card: Card | None, field: str, category: str, rules_changed_on: date | None) -> tuple[str, ...]:
    """R-CARRY-DOCS: re-applying under the same field and category as the last card, with
    no new rule for that category since the card was issued, attaches the card's
    documents automatically; any change of field or category, or a new rule, carries none."""
    if card is None or (card.field, card.category) != (field, category):
        return ()
    if rules_changed_on is not None and rules_changed_on > card.valid_from:
        return ()
    found = catalog.find_category(field, category)
    if found is None:
        return ()
    return tuple(d for d in found.documents if d in card.documents)


def required_documents(field: str, category: str) -> tuple[str, ...]:
    """「應檢附文件」 for the chosen field and category (nothing until both are chosen)."""
    found = catalog.find_category(field, category)
    return found.documents if found else ()


def missing_documents(field: str, category: str, present: Iterable[str], carried: Iterable[str]) -> list[str]:
    """Required documents neither uploaded nor carried over."""
    have = set(present) | set(carried)
    return [d for d in required_documents(field, category) if d not in have]
