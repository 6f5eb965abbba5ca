"""pytest plugin for the guide suite. It registers the features' tags as markers, and
makes a failure say which guide step and rule broke and show the screen: the scenario's
@step-N and @r-… tags, the Gherkin step that failed, the page's URL, and a screenshot
attached to that step in Allure (plus one after every step of a scenario)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FEATURES = Path(__file__).resolve().parent.parent / "features"
TAG = re.compile(r"@([\w-]+)")
GUIDE_TAG = re.compile(r"^step-(\d+)$")
RULE_TAG = re.compile(r"^r-[a-z0-9-]+$")


def feature_tags(folder: Path = FEATURES) -> set[str]:
    tags: set[str] = set()
    for feature in folder.glob("*.feature"):
        for line in feature.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("@"):
                tags.update(TAG.findall(line))
    return tags


def pytest_configure(config: pytest.Config) -> None:
    for tag in sorted(feature_tags()):
        config.addinivalue_line("markers", f"{tag}: a tag of the guide's features")


def describe_tags(tags: set[str]) -> str:
    steps = sorted(int(m.group(1)) for t in tags if (m := GUIDE_TAG.match(t)))
    rules = sorted(t.upper() for t in tags if RULE_TAG.match(t))
    parts = []
    if steps:
        parts.append("guide " + ", ".join(f"STEP {n}" for n in steps))
    if rules:
        parts.append("rules " + ", ".join(rules))
    return "; ".join(parts) or "no guide step or rule tags"


def _attach_screenshot(request, name: str) -> None:
    if "page" not in request.fixturenames:
        return
    try:
        import allure

        page = request.getfixturevalue("page")
        allure.attach(page.screenshot(full_page=True), name=name, attachment_type=allure.attachment_type.PNG)
    except Exception:  # noqa: BLE001 - a report attachment must never fail the scenario
        return


def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args) -> None:
    if request.config.getoption("--alluredir", default=None):
        _attach_screenshot(request, f"{step.keyword} {step.name}")


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    """Remember where a scenario broke, for the report section below."""
    url = ""
    if "page" in request.fixturenames:
        try:
            url = request.getfixturevalue("page").url
        except Exception:  # noqa: BLE001
            url = "(page unavailable)"
    request.node.guide_failure = (
        f"{describe_tags(set(scenario.tags))}\n"
        f"feature: {feature.name}\nscenario: {scenario.name}\n"
        f"failed at: {step.keyword} {step.name}\npage URL: {url}"
    )
    if request.config.getoption("--alluredir", default=None):
        _attach_screenshot(request, f"failed: {step.keyword} {step.name}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    failure = getattr(item, "guide_failure", None)
    if report.failed and failure:
        report.sections.append(("Guide step and rule", failure))
