"""Run the guide suite against a bundled portal that deviates from the guide on purpose.

`--portal-deviate NAME` (repeatable; names from `python -m mock_portal --list-deviations`)
applies those deviations to the session's bundled portal before the first test, so a
run shows which scenarios notice. Every test also records its tags (`@step-N`, `@r-…`)
as the JUnit property `tags`, which is how scripts/deviation_matrix.py tells whether the
scenarios that failed are the ones that check the broken rule or screen.

Load it with `-p harness.deviation_plugin` or from the root conftest's `pytest_plugins`."""

from __future__ import annotations

import pytest

from mock_portal.deviations import DEVIATIONS, UnknownDeviation, apply_deviations

TAGS_PROPERTY = "tags"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("guide suite")
    group.addoption("--portal-deviate", action="append", default=[], metavar="NAME", dest="portal_deviate",
                    help="start the bundled portal deviating from the guide in this named way (repeatable); "
                         "python -m mock_portal --list-deviations lists the names")


def pytest_configure(config: pytest.Config) -> None:
    names = config.getoption("portal_deviate", default=[]) or []
    unknown = [n for n in names if n not in DEVIATIONS]
    if unknown:
        raise pytest.UsageError(f"--portal-deviate: unknown {', '.join(unknown)}; known: {', '.join(DEVIATIONS)}")
    if names and config.getoption("base_url", default=None):
        raise pytest.UsageError("--portal-deviate changes the bundled portal; it cannot be used with --base-url")


def pytest_report_header(config: pytest.Config) -> str | None:
    names = config.getoption("portal_deviate", default=[]) or []
    return f"bundled portal DEVIATES from the guide: {', '.join(names)}" if names else None


@pytest.fixture(scope="session", autouse=True)
def portal_deviations(request: pytest.FixtureRequest) -> tuple[str, ...]:
    """The deviations applied to the session's bundled portal (none unless asked for)."""
    names = tuple(request.config.getoption("portal_deviate", default=[]) or [])
    if names:
        try:
            apply_deviations(request.getfixturevalue("portal").portal, names)
        except UnknownDeviation as error:        # checked at configure time; kept for direct callers
            pytest.exit(str(error), returncode=4)
    return names


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tags = sorted({marker.name for marker in item.iter_markers()})
        item.user_properties.append((TAGS_PROPERTY, " ".join(tags)))
