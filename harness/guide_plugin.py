"""pytest plugin for the guide suite. It registers the features' tags as markers, and
makes a failure say which guide step and rule broke and show the screen: the scenario's
@step-N and @r-… tags, the Gherkin step that failed, the page's URL and where the
Playwright trace is (a "Guide step and rule" section of the failure report).

With --alluredir (allure-pytest-bdd), it also fills the Allure results:
- step screenshots, where they add something (--step-screenshots=checks, the default): at
  the end of each run of 那麼/而且 steps, the screen those checks were about; or inside
  every Gherkin step (all), only inside the step that failed (failed), or none. Each is
  the viewport as a JPEG: a tenth of a full-page PNG's bytes and time;
- on a failure: the failure screenshot inside the failing step, the page's URL as a text
  attachment of the test, and the artefacts pytest-playwright kept for the test (trace
  zip, screenshot, video from --tracing/--screenshot/--video) attached to the test.

Hook order matters. allure-pytest-bdd closes a step in its own pytest_bdd_after_step and
pytest_bdd_step_error; an attachment made after that lands on the test, not the step.
Ours run first (tryfirst), while the step is still open. pytest-playwright moves the
trace into --output in its trylast pytest_runtest_makereport wrapper, and
allure-pytest-bdd writes the test's result file in its own wrapper, registered at
pytest_configure (after this plugin, so it wraps ours): our wrapper's code after `yield`
runs between the two."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

FEATURES = Path(__file__).resolve().parent.parent / "features"
TAG = re.compile(r"@([\w-]+)")
GUIDE_TAG = re.compile(r"^step-(\d+)$")
RULE_TAG = re.compile(r"^r-[a-z0-9-]+$")

FAILED_STEP_PNG = "failed-step.png"     # in the test's --output folder, beside a kept trace.zip
TRACE_AGAIN = "run this scenario again with --tracing=retain-on-failure"
STEP_SCREENSHOTS = ("checks", "all", "failed", "none")
SCREENSHOT_TIMEOUT_MS = 5_000
JPEG_QUALITY = 70        # text stays legible; the failure screenshot is a PNG of the whole page
# pytest-playwright's kept artefacts, as (kind, path) in the teardown report's user_properties.
PLAYWRIGHT_ARTEFACTS = {
    "playwright_trace": ("Playwright trace", "ZIP"),
    "playwright_screenshot": ("screenshot when the browser context closed", "PNG"),
    "playwright_video": ("video", "WEBM"),
}


# --- pure parts ------------------------------------------------------------------------

def feature_tags(folder: Path = FEATURES) -> set[str]:
    """Every tag written on a tag line of the .feature files in `folder`."""
    tags: set[str] = set()
    for feature in folder.glob("*.feature"):
        for line in feature.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("@"):
                tags.update(TAG.findall(line))
    return tags


def describe_tags(tags: set[str]) -> str:
    """'guide STEP 2, STEP 10; rules R-SESSION-30' from a scenario's tags."""
    steps = sorted(int(m.group(1)) for t in tags if (m := GUIDE_TAG.match(t)))
    rules = sorted(t.upper() for t in tags if RULE_TAG.match(t))
    parts = []
    if steps:
        parts.append("guide " + ", ".join(f"STEP {n}" for n in steps))
    if rules:
        parts.append("rules " + ", ".join(rules))
    return "; ".join(parts) or "no guide step or rule tags"


def trace_file(output_path: str, tracing: str | None) -> str | None:
    """Where pytest-playwright puts the test's trace when the test fails (one browser
    context: trace.zip), or None when --tracing does not keep it."""
    if tracing not in ("on", "retain-on-failure"):
        return None
    return os.path.join(output_path, "trace.zip")


def report_path(path: str | os.PathLike, start: str | os.PathLike) -> str:
    """`path` relative to `start` (where pytest was started) when inside it, else absolute."""
    try:
        return str(Path(path).resolve().relative_to(Path(start).resolve()))
    except ValueError:
        return str(Path(path).resolve())


def failure_text(tags: set[str], feature: str, scenario: str, step: str, url: str, trace: str | None,
                 screenshot: str | None = None) -> str:
    lines = [describe_tags(tags), f"feature: {feature}", f"scenario: {scenario}", f"failed at: {step}",
             f"page URL: {url}"]
    if screenshot:
        lines.append(f"screenshot: {screenshot}")
    if trace:
        lines.append(f"trace: {trace}  (open: .venv/bin/playwright show-trace {trace})")
    else:
        lines.append(f"trace: not recorded (costs about a third more time; for one: {TRACE_AGAIN})")
    return "\n".join(lines)


# --- pytest hooks ------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("guide suite").addoption(
        "--step-screenshots", choices=STEP_SCREENSHOTS, default="checks",
        help="with --alluredir: attach a screenshot where a run of 那麼 steps ends (checks, the default), "
             "inside every Gherkin step (all), only inside the step that failed (failed), or none")


def pytest_configure(config: pytest.Config) -> None:
    for tag in sorted(feature_tags()):
        config.addinivalue_line("markers", f"{tag}: a tag of the guide's features")


def _allure_on(config: pytest.Config) -> bool:
    return bool(config.getoption("--alluredir", default=None))


def _screenshots(config: pytest.Config) -> str:
    return config.getoption("--step-screenshots", default="checks") if _allure_on(config) else "none"


def _active_page(request):
    """The test's page if a step has already opened it; never opens one just for a report."""
    if "page" not in request.fixturenames:
        return None
    try:
        return request.getfixturevalue("page")
    except Exception as error:  # noqa: BLE001 - a report must never fail the scenario; it says why it has no page
        request.node.warn(pytest.PytestWarning(f"the report has no page to show: {type(error).__name__}: {error}"))
        return None


def scenario_tags(item: pytest.Item, feature, scenario) -> set[str]:
    """Every tag that reaches the scenario: the feature's, the scenario's own, and an
    outline's Examples block's (which pytest-bdd applies only as markers)."""
    return set(feature.tags) | set(scenario.tags) | {marker.name for marker in item.iter_markers()}


def _attach_screenshot(item: pytest.Item, page, name: str) -> None:
    """Attach the viewport as a JPEG to whatever Allure item is open: the current step. A
    screenshot that cannot be taken does not fail the scenario; it is said in a warning and
    in the step, so a report without it is not taken for one with nothing to show."""
    if page is None:
        return
    import allure

    try:
        shot = page.screenshot(type="jpeg", quality=JPEG_QUALITY, timeout=SCREENSHOT_TIMEOUT_MS)
        allure.attach(shot, name=name, attachment_type=allure.attachment_type.JPG)
    except Exception as error:  # noqa: BLE001 - a report attachment must never fail the scenario
        note = f"{name}: not taken ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
        item.warn(pytest.PytestWarning(f"Allure screenshot {note}"))
        allure.attach(note + "\n", name=f"{name} (not taken)", attachment_type=allure.attachment_type.TEXT)


def ends_a_run_of_checks(scenario, step) -> bool:
    """Whether `step` is a 那麼/而且 check that the next step does not continue: the screen
    its run of checks was about is complete here."""
    if step.type != "then":
        return False
    steps = scenario.steps
    index = next((i for i, s in enumerate(steps) if s is step), None)
    if index is None:
        index = next((i for i, s in enumerate(steps) if s.line_number == step.line_number), len(steps) - 1)
    return index + 1 >= len(steps) or steps[index + 1].type != "then"


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(request, scenario, step) -> None:
    mode = _screenshots(request.config)
    if mode == "all" or (mode == "checks" and ends_a_run_of_checks(scenario, step)):
        # Not the step's own name: Allure 3 shows a step whose only content is an attachment
        # of the same name as that attachment, dropping the step and its status.
        _attach_screenshot(request.node, _active_page(request), f"screenshot: {step.keyword} {step.name}")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request, feature, scenario, step) -> None:
    """Remember where a scenario broke, for the report section; the failing step's whole
    page, once: on disk beside pytest-playwright's artefacts (--output) and in Allure."""
    page = _active_page(request)
    url = "(no page open)"
    if page is not None:
        try:
            url = page.url
        except Exception as error:  # noqa: BLE001 - the reason goes into the report section instead
            url = f"(page unavailable: {type(error).__name__})"
    trace = shot_path = None
    name = f"failed: {step.keyword} {step.name}"
    png = _whole_page(request.node, page, name)
    if "output_path" in request.fixturenames:
        try:
            output = report_path(request.getfixturevalue("output_path"), request.config.invocation_params.dir)
            trace = trace_file(output, request.config.getoption("--tracing", default=None))
            if png is not None:
                shot_path = os.path.join(output, FAILED_STEP_PNG)
                saved = Path(request.config.invocation_params.dir, shot_path)
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_bytes(png)
        except Exception as error:  # noqa: BLE001 - the report section must still be written
            request.node.warn(pytest.PytestWarning(f"failure screenshot not saved: {error}"))
    request.node.guide_failure = failure_text(scenario_tags(request.node, feature, scenario), feature.name,
                                              scenario.name, f"{step.keyword} {step.name}", url, trace, shot_path)
    request.node.guide_failure_url = url
    if png is not None and _screenshots(request.config) != "none":
        import allure

        allure.attach(png, name=name, attachment_type=allure.attachment_type.PNG)


def _whole_page(item: pytest.Item, page, name: str) -> bytes | None:
    """The whole page as a PNG, or None (no page, or it could not be taken: said in a warning)."""
    if page is None:
        return None
    try:
        return page.screenshot(full_page=True, timeout=SCREENSHOT_TIMEOUT_MS)
    except Exception as error:  # noqa: BLE001 - a report must never fail the scenario
        item.warn(pytest.PytestWarning(f"screenshot {name}: not taken ({type(error).__name__})"))
        return None


def _attach_url(item: pytest.Item, url: str, name: str) -> None:
    """As text/uri-list when it is a URL (Allure shows it as a link), else as plain text."""
    import allure

    kind = allure.attachment_type.URI_LIST if "://" in url else allure.attachment_type.TEXT
    try:
        allure.attach(url + "\n", name=name, attachment_type=kind)
    except Exception as error:  # noqa: BLE001 - a report attachment must never fail the scenario
        item.warn(pytest.PytestWarning(f"Allure attachment {name!r} not made: {error}"))


def _attach_playwright_artefacts(item: pytest.Item, report: pytest.TestReport) -> None:
    try:
        import allure
    except ImportError:
        return
    for kind, path in report.user_properties:
        if kind not in PLAYWRIGHT_ARTEFACTS:
            continue
        name, attachment_type = PLAYWRIGHT_ARTEFACTS[kind]
        full = Path(item.config.invocation_params.dir, path)
        try:
            allure.attach.file(str(full), name=f"{name} ({full.name})",
                               attachment_type=getattr(allure.attachment_type, attachment_type))
        except Exception as error:  # noqa: BLE001 - say it, in the run and in the report, and go on
            item.warn(pytest.PytestWarning(f"Allure attachment of the {name} {full} not made: {error}"))
            allure.attach(f"{name} {full}: not attached ({error})\n", name=f"{name} (not attached)",
                          attachment_type=allure.attachment_type.TEXT)


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_makereport(item, call):
    """The failure section; innermost wrapper, so it comes before the other sections."""
    outcome = yield
    report = outcome.get_result()
    failure = getattr(item, "guide_failure", None)
    if report.failed and failure:
        report.sections.append(("Guide step and rule", failure))


@pytest.hookimpl(hookwrapper=True, specname="pytest_runtest_makereport")
def pytest_runtest_makereport_allure(item, call):
    """The page URL and pytest-playwright's artefacts on the Allure test. An ordinary
    wrapper: it sees the artefacts pytest-playwright's trylast wrapper has just moved into
    --output, and it is registered before allure-pytest-bdd's listener (registered at
    pytest_configure), so it runs before the listener writes the test's result file."""
    outcome = yield
    report = outcome.get_result()
    if not _allure_on(item.config):
        return
    if report.when == "call" and report.failed and hasattr(item, "guide_failure_url"):
        _attach_url(item, item.guide_failure_url, "page URL at failure")
    if report.when == "teardown":
        _attach_playwright_artefacts(item, report)
