"""The scenarios of the features and the tags that reach each one, read with
pytest-bdd's own parser (so tags count as pytest-bdd applies them: a feature's reach
each of its scenarios, an Examples block's its rows). The coverage test and
`guide diff` (which scenarios a change of the guide touches) both read them here."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

FEATURES = Path(__file__).resolve().parents[2] / "features"


@dataclass(frozen=True)
class Checked:
    """One test pytest-bdd makes of the features: a scenario, or one Examples block of
    an outline, with every tag that reaches it."""

    where: str
    tags: frozenset[str]


def feature_paths(folder: Path = FEATURES) -> list[Path]:
    return sorted(folder.glob("**/*.feature"))


def parse(path: Path):
    from pytest_bdd.parser import FeatureParser

    return FeatureParser(str(path.parent), path.name).parse()


@functools.cache
def checked_units(folder: Path = FEATURES) -> tuple[Checked, ...]:
    units: list[Checked] = []
    for path in feature_paths(folder):
        feature = parse(path)
        for scenario in feature.scenarios.values():
            rule_tags = scenario.rule.tags if scenario.rule else set()
            tags = feature.tags | rule_tags | scenario.tags
            where = f"{path.relative_to(folder.parent)}:{scenario.line_number} 「{scenario.name}」"
            if scenario.examples:
                units += [Checked(f"{where}, 例子 at line {examples.line_number}", frozenset(tags | examples.tags))
                          for examples in scenario.examples]
            else:
                units.append(Checked(where, frozenset(tags)))
    return tuple(units)
