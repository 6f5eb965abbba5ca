"""The features against the guide index, without a browser: every guide step (STEP 1–17)
and every rule (R-…) of `harness.guide_index` is checked by at least one scenario,
every @step-N / @r-… tag names a real step or rule, every scenario (and every Examples
block of an outline) carries one, and every feature is written in zh-TW. The feature
files are read with pytest-bdd's own parser, so tags count as pytest-bdd applies
them: a feature's tags reach each of its scenarios, an Examples block's its rows."""

from __future__ import annotations

from collections import Counter

import pytest
from pytest_bdd.gherkin_parser import get_gherkin_document

from harness.guide.features import FEATURES, checked_units, feature_paths, parse
from harness.guide_index import NOTES, RULE_TAGS, RULES, STEP_TAGS, STEPS, rule_tag, step_tag

LANGUAGE_LINE = "# language: zh-TW"


def all_tags() -> set[str]:
    return set().union(*(unit.tags for unit in checked_units()))


def looks_like_guide_tag(tag: str) -> bool:
    lowered = tag.lower()
    return lowered.startswith(("step", "r-", "r_"))


def test_the_features_are_found():
    assert feature_paths(), f"no .feature files under {FEATURES}"
    assert checked_units(), f"the features under {FEATURES} hold no scenario"


@pytest.mark.parametrize("n", list(STEPS))
def test_every_guide_step_is_checked(n):
    tagged = [unit.where for unit in checked_units() if step_tag(n) in unit.tags]
    assert tagged, f"STEP {n} 「{STEPS[n].title}」: no scenario is tagged @{step_tag(n)}"


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_is_checked(rule_id):
    tagged = [unit.where for unit in checked_units() if rule_tag(rule_id) in unit.tags]
    places = "、".join(RULES[rule_id].places)
    assert tagged, f"{rule_id} ({places}): no scenario is tagged @{rule_tag(rule_id)}"


def test_every_step_and_rule_tag_is_in_the_guide_index():
    unknown = sorted(tag for tag in all_tags()
                     if looks_like_guide_tag(tag) and tag not in STEP_TAGS and tag not in RULE_TAGS)
    used_where = {tag: [u.where for u in checked_units() if tag in u.tags] for tag in unknown}
    assert not unknown, "tags that name no guide step or rule of harness/guide_index.py:\n" + "\n".join(
        f"  @{tag}: {'; '.join(used_where[tag])}" for tag in unknown)


def test_every_scenario_names_a_guide_step_or_rule():
    guide_tags = set(STEP_TAGS) | set(RULE_TAGS)
    untagged = [unit.where for unit in checked_units() if not unit.tags & guide_tags]
    assert not untagged, "scenarios with no @step-N or @r-… tag (on the feature, scenario or 例子):\n" + "\n".join(
        f"  {where}" for where in untagged)


@pytest.mark.parametrize("path", feature_paths(), ids=lambda p: p.name)
def test_every_feature_starts_with_its_language(path):
    first = [line.rstrip() for line in path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()[:1]]
    assert first == [LANGUAGE_LINE], f"{path.name} starts with {first!r}, not {LANGUAGE_LINE!r}"
    assert parse(path).language == "zh-TW", f"{path.name}: pytest-bdd did not read it as zh-TW"


@pytest.mark.parametrize("path", feature_paths(), ids=lambda p: p.name)
def test_scenario_names_are_unique_in_a_feature(path):
    """pytest-bdd keys a feature's scenarios by name: a second scenario with the same
    name replaces the first, which then never runs and escapes the checks above."""
    children = get_gherkin_document(str(path)).feature.children
    names = [c.scenario.name for c in children if c.scenario]
    names += [rc.scenario.name for c in children if c.rule for rc in c.rule.children if rc.scenario]
    twice = sorted(name for name, count in Counter(names).items() if count > 1)
    assert not twice, f"{path.name}: scenarios named more than once (all but the last are dropped): {twice}"


def test_the_guide_index_is_whole():
    assert list(STEPS) == list(range(1, 18)), "the guide has STEP 1 to STEP 17, in order"
    assert all(s.title and s.summary for s in STEPS.values())
    assert len(RULES) == 18, f"the spec's Rules table has 18 ids, the index {len(RULES)}"
    known_places = {f"STEP {n}" for n in STEPS} | set(NOTES)
    for rule_id, rule in RULES.items():
        assert rule_id == rule_id.upper() and rule_id.startswith("R-"), rule_id
        assert rule.summary and rule.places, rule_id
        assert set(rule.places) <= known_places, f"{rule_id}: unknown place in {rule.places}"
    assert step_tag(7) == "step-7" and rule_tag("R-LOGIN-LOCK") == "r-login-lock"
    with pytest.raises(ValueError):
        step_tag(18)
    with pytest.raises(ValueError):
        rule_tag("R-LOGIN-LOK")
