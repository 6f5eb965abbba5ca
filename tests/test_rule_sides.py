"""Every rule from both sides (harness/rule_sides.py), without a browser: each rule of the
spec has scenarios for what it refuses and what it lets through, each stated boundary
both ways, each condition flipped on its own; the side tags name real rules, boundaries
and conditions; docs/rule-sides.md is what the features say today."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.guide.features import Checked, checked_units
from harness.guide_index import RULE_TAGS, RULES
from harness.rule_sides import BOUNDARIES, CONDITIONS, SIDES, gaps, markdown, survey

TABLE = Path(__file__).resolve().parents[1] / "docs" / "rule-sides.md"


def test_no_rule_lacks_a_side_a_boundary_or_a_flipped_condition():
    missing = gaps(survey())
    assert not missing, "the features leave these unchecked:\n" + "\n".join(f"  {m}" for m in missing)


def test_every_side_boundary_and_flip_tag_names_what_the_scenario_is_about():
    wrong = []
    for unit in checked_units():
        rules = {RULE_TAGS[t] for t in unit.tags if t in RULE_TAGS}
        for tag in unit.tags:
            side, _, rule = tag.partition("-")
            if side in SIDES and rule and (rule not in RULE_TAGS or RULE_TAGS[rule] not in rules):
                wrong.append(f"{unit.where}: @{tag} names a rule the scenario is not tagged with")
            if tag.startswith("boundary-") and not any(tag[9:] in BOUNDARIES.get(r, {}) for r in rules):
                wrong.append(f"{unit.where}: @{tag} is no stated boundary of {sorted(rules)}")
            if tag.startswith("flips-") and not any(tag[6:] in CONDITIONS.get(r, {}) for r in rules):
                wrong.append(f"{unit.where}: @{tag} is no condition of {sorted(rules)}")
    assert not wrong, "\n".join(wrong)


def test_docs_table_is_what_the_features_say():
    assert TABLE.exists(), f"{TABLE} is missing: python -m harness.rule_sides > docs/rule-sides.md"
    assert TABLE.read_text(encoding="utf-8") == markdown(), (
        "docs/rule-sides.md is stale: python -m harness.rule_sides > docs/rule-sides.md")


def test_every_rule_of_the_spec_is_in_the_table():
    assert set(survey()) == set(RULES) and len(RULES) == 18


# The survey itself, on made-up scenarios -------------------------------------------------

def unit(where: str, *tags: str) -> Checked:
    return Checked(f"x.feature:1 「{where}」", frozenset(tags))


def test_a_rule_checked_only_where_it_refuses_is_a_gap():
    found = survey((unit("refused", "r-role", "refuses"),))
    assert "R-ROLE: no scenario checks what it allows (@allows)" in gaps(found)


def test_a_side_tag_with_a_rule_counts_for_that_rule_only():
    found = survey((unit("both", "r-role", "r-register", "allows-r-role", "refuses"),))
    assert found["R-ROLE"].sides["allows"] and found["R-ROLE"].sides["refuses"]
    assert not found["R-REGISTER"].sides["allows"] and found["R-REGISTER"].sides["refuses"]


def test_a_boundary_needs_both_sides():
    found = survey((unit("over", "r-upload", "refuses", "boundary-2-mb"), unit("under", "r-upload", "allows")))
    assert "R-UPLOAD: boundary 2-mb not checked on the side it allows" in gaps(found)


def test_an_unflipped_condition_and_an_unsided_scenario_are_gaps():
    found = survey((unit("one", "r-household", "refuses", "flips-household"), unit("mute", "r-household")))
    missing = gaps(found)
    assert "R-HOUSEHOLD: condition moved-out is never flipped on its own (@flips-moved-out)" in missing
    assert any("「mute」 says no side" in m for m in missing)


@pytest.mark.parametrize("rule_id", list(RULES))
def test_the_table_names_each_rule(rule_id):
    assert f"## {rule_id}" in markdown()
