"""pytest plugin for the guide's screenshots and the authors' gallery.

Options:
  --update-baselines   approve this run's captures as the baselines of the running Chromium
                       build (only when every step's two consecutive captures agreed)
  --pixel-threshold    per-pixel YIQ colour threshold, 0..1 (default 0.1, as pixelmatch)
  --max-diff-ratio     share of a screen's pixels allowed to change, 0..1 (default 0)
  --guide PATH         the guide to check the screens against: a guide document in its
                       published text form, or a model .toml (default: the shipped model)
  --gallery            write reports/gallery/index.html: every guide step's baseline,
                       capture and diff, and which scenarios checked each step and rule;
                       a step or rule that no scenario of the run checked fails the run

It gives the `guide_screenshots` fixture (one scenario's captures, steps/screenshot_steps.py)
and collects, from every test report, the scenario's guide tags and outcome, so the
gallery's coverage table is this run's own result (under xdist too: the data travels in
the reports' user_properties)."""

from __future__ import annotations

import functools
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _pytest.junitxml import xml_key

from .accessibility import BASELINE_FILE as ACCESSIBILITY_BASELINE
from .accessibility import AccessibilityRun
from .compare import DEFAULT_MAX_DIFF_RATIO, DEFAULT_THRESHOLD
from .gallery import ScenarioResult
from .guide.model import Guide
from .guide_index import GUIDE, RULE_TAGS, STEP_TAGS, STEPS, step_tag
from .screenshots import ScreenshotRun, Settings, Shot, baseline_dir
from .summary import Summary, summarize
from .target_plugin import FINDING_PROPERTY, MISSING_PROPERTY, running_target

SCENARIO_PROPERTY = "guide_scenario"
SHOTS_PROPERTY = "guide_screenshots"
UNCHECKED_PROPERTY = "guide_unchecked"
SUMMARY_FILE = Path("reports") / "guide-summary.json"
GALLERY = Path("reports") / "gallery"
REGENERATED_GUIDE = Path("reports") / "guide"
ACCESSIBILITY_REPORT = Path("reports") / "accessibility.json"
RUN_KEY = pytest.StashKey[ScreenshotRun]()
GUIDE_KEY = pytest.StashKey[Guide]()


@dataclass
class State:
    scenarios: dict[str, ScenarioResult] = field(default_factory=dict)
    shots: dict[int, Shot] = field(default_factory=dict)
    mismatch: str | None = None
    stopped: tuple[int, str] | None = None     # the walk stopped before this step, on purpose
    summary: Summary | None = None
    gallery: Path | None = None
    guide: Path | None = None                  # the regenerated guide, after a walk
    errors: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.time)   # a report older than this is an earlier run's


STATE = pytest.StashKey[State]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("guide screenshots")
    group.addoption("--update-baselines", action="store_true",
                    help="approve this run's guide screenshots as the new baselines (refused for a "
                         "screen whose consecutive captures differ)")
    group.addoption("--pixel-threshold", type=float, default=DEFAULT_THRESHOLD,
                    help=f"per-pixel YIQ colour threshold, 0..1 (default {DEFAULT_THRESHOLD})")
    group.addoption("--max-diff-ratio", type=float, default=DEFAULT_MAX_DIFF_RATIO,
                    help=f"share of a screen's pixels allowed to change, 0..1 (default {DEFAULT_MAX_DIFF_RATIO})")
    group.addoption("--summary-json", metavar="PATH", default=str(SUMMARY_FILE),
                    help=f"where the run's summary goes as JSON (default {SUMMARY_FILE.as_posix()})")
    group.addoption("--guide", metavar="PATH", default=None,
                    help="the guide whose labels each screen of the walk is checked for: a guide document "
                         "(the published text form) or a model .toml; default: the shipped model")
    group.addoption("--gallery", action="store_true",
                    help=f"write {GALLERY.as_posix()}/index.html with every guide step's screens and the "
                         f"step and rule coverage; a step or rule no scenario checked fails the run")


def pytest_configure(config: pytest.Config) -> None:
    for option in ("pixel_threshold", "max_diff_ratio"):
        value = config.getoption(option)
        if not 0.0 <= value <= 1.0:
            raise pytest.UsageError(f"--{option.replace('_', '-')} must be within 0..1, not {value}")
    config.stash[STATE] = State()
    config.stash[GUIDE_KEY] = _guide(config.getoption("guide"))
    config.pluginmanager.register(Collector(config), "guide-screenshots-collector")
    config.addinivalue_line("markers", "screenshots: the guide's screenshots, compared with baselines")


def _guide(path: str | None) -> Guide:
    """The shipped model, or the guide a user passed (a bad file stops the run in one line)."""
    if path is None:
        return GUIDE
    from .guide.reader import ReadError, read

    try:
        return read(path)
    except ReadError as error:
        raise pytest.UsageError(f"--guide: {error}") from None


@pytest.fixture(scope="session")
def guide(pytestconfig) -> Guide:
    """The guide this run checks the screens against (--guide, else the shipped model)."""
    return pytestconfig.stash[GUIDE_KEY]


SCREENSHOT_TIMEOUT_S = 300     # the walk with 17 stable captures; the suite's default is 120


def pytest_collection_modifyitems(config, items) -> None:
    """The screenshot walk is the journey twice over plus 17 captures: give it more time."""
    for item in items:
        if item.get_closest_marker("screenshots") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SCREENSHOT_TIMEOUT_S))


def _write_summary(config: pytest.Config, summary: Summary) -> None:
    """reports/guide-summary.json, and the same as properties of the JUnit report."""
    path = config.rootpath / config.getoption("summary_json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    xml = config.stash.get(xml_key, None)
    if xml is not None:
        for name, value in summary.properties():
            xml.add_global_property(name, value)


# The fixture ------------------------------------------------------------------------------

@functools.cache
def _running_browser() -> dict:
    from .browser import browser_versions, launch_args, playwright_chromium_path

    executable = launch_args().get("executable_path") or playwright_chromium_path() or ""
    return browser_versions(executable)


@pytest.fixture
def guide_screenshots(request, pytestconfig, page, target) -> ScreenshotRun:
    """This scenario's captures: where they go, what they are compared with, how strictly."""
    viewport = page.viewport_size or {}
    running = {**_running_browser(), "viewport": f"{viewport.get('width')}x{viewport.get('height')}"}
    root = pytestconfig.rootpath
    run = ScreenshotRun(Settings(
        root=root, baselines=baseline_dir(root / "baselines", target.name, running), running=running,
        threshold=pytestconfig.getoption("pixel_threshold"),
        max_diff_ratio=pytestconfig.getoption("max_diff_ratio"),
        update=pytestconfig.getoption("update_baselines"),
        approve_hint=approve_hint(target),
    ))
    request.node.stash[RUN_KEY] = run
    return run


@pytest.fixture
def guide_accessibility(pytestconfig, target) -> AccessibilityRun:
    """This walk's accessibility audits and the target's approved ones."""
    return AccessibilityRun(target.name, pytestconfig.rootpath / "baselines" / target.name / ACCESSIBILITY_BASELINE,
                            update=pytestconfig.getoption("update_baselines"))


def remember_audit(request, step: int, lines: list[str]) -> None:
    """The step's audit inside its Gherkin step in Allure, when it runs."""
    if not request.config.getoption("--alluredir", default=None):
        return
    import allure

    allure.attach("\n".join(lines) + "\n", name=f"STEP {step}: accessibility",
                  attachment_type=allure.attachment_type.TEXT)


def approve_hint(target) -> str:
    where = "" if target.bundled else f" --target {target.source}"
    return f"approve these with --update-baselines (scripts/run-screenshots.sh{where} --update-baselines)"


def remember_shot(request, shot: Shot, png: bytes) -> None:
    """Attach a step's capture (and diff) inside that Gherkin step in Allure, when it runs."""
    if not request.config.getoption("--alluredir", default=None):
        return
    import allure

    allure.attach(png, name=f"STEP {shot.step}", attachment_type=allure.attachment_type.PNG)
    if shot.conformance:
        from .guide.conformance import summary_line

        allure.attach("\n".join(summary_line(v) for v in shot.conformance),
                      name=f"STEP {shot.step}: the guide's labels", attachment_type=allure.attachment_type.TEXT)
    if shot.diff and shot.verdict != "same":
        allure.attach.file(str(request.config.rootpath / shot.diff), name=f"STEP {shot.step} diff",
                           attachment_type=allure.attachment_type.PNG)


# Collecting every scenario's tags, outcome and shots -------------------------------------

def guide_tags(item: pytest.Item) -> list[str]:
    names = {marker.name for marker in item.iter_markers()}
    return sorted(n for n in names if n in STEP_TAGS or n in RULE_TAGS)


def scenario_name(item: pytest.Item) -> str:
    """"<feature file>: <scenario>", plus the Examples row's id for an outline."""
    function = getattr(item, "function", None)
    try:
        from pytest_bdd.scenario import scenario_wrapper_template_registry

        template = scenario_wrapper_template_registry.get(function)
    except (ImportError, TypeError):
        template = None
    if template is not None:
        name = f"{Path(template.feature.filename).name}: {template.name}"
    else:   # pytest-bdd's docstring: "<feature path>: <scenario>"
        doc = (getattr(function, "__doc__", None) or "").strip()
        where, _, scenario = doc.partition(": ")
        name = f"{Path(where).name}: {scenario}" if scenario else item.name
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return name
    example = callspec.params.get("_pytest_bdd_example")
    return f"{name} [{', '.join(map(str, example.values())) if example else callspec.id}]"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    run = item.stash.get(RUN_KEY, None)
    if report.when == "call" and report.failed and run is not None and not run.checked and run.problems():
        # the walk broke before its final check: say which screens had already changed
        report.sections.append(("guide screenshots", "\n".join(run.problems())))
    if report.when != "teardown":
        return
    tags = guide_tags(item)
    if tags:
        report.user_properties.append((SCENARIO_PROPERTY, {"name": scenario_name(item), "tags": tags}))
    if run is not None and run.stopped:
        first, why = run.stopped
        report.user_properties.append((UNCHECKED_PROPERTY, {step_tag(n): why for n in STEPS if n >= first}))
    if run is not None:
        report.user_properties.append((SHOTS_PROPERTY, {
            "shots": [shot.to_dict() for _, shot in sorted(run.shots.items())], "mismatch": run.mismatch,
            "stopped": list(run.stopped) if run.stopped else None}))


def _this_runs_audit(path: Path, started: float) -> dict | None:
    """reports/accessibility.json if this run's walk wrote it (a worker may have)."""
    if not path.is_file() or path.stat().st_mtime < started:
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _outcome(previous: str, report) -> tuple[str, str]:
    """Fold one phase's report into the test's outcome and (skip) reason."""
    reason = ""
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    if hasattr(report, "wasxfail"):
        return ("xfailed" if report.skipped else "xpassed"), str(report.wasxfail)
    if report.when == "call":
        return report.outcome, reason
    if report.failed:
        return ("error" if previous in ("not run", "passed") else previous), reason
    if report.when == "setup" and report.skipped:
        return "skipped", reason
    return previous, reason


def _regenerate_guide(config: pytest.Config, state: State) -> Path:
    """reports/guide/: the guide in use, with this walk's captures and label verdicts."""
    from datetime import datetime

    from .guide.regenerate import write_guide

    return write_guide(config.rootpath / REGENERATED_GUIDE, config.rootpath, config.stash[GUIDE_KEY], state.shots,
                       {step.title: n for n, step in STEPS.items()}, target=running_target(config).name,
                       stopped=state.stopped, when=f"{datetime.now():%Y-%m-%d %H:%M}")


class Collector:
    """Registered per session: folds every report into a ScenarioResult, keeps the last
    screenshot scenario's shots, and writes the gallery at the end (not on xdist workers:
    their reports reach the controller's collector)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.state = config.stash[STATE]

    def pytest_runtest_logreport(self, report) -> None:
        state = self.state
        result = state.scenarios.get(report.nodeid)
        if result is None:
            result = state.scenarios[report.nodeid] = ScenarioResult(report.nodeid, report.nodeid, [])
        result.outcome, reason = _outcome(result.outcome, report)
        result.reason = reason or result.reason
        for name, value in report.user_properties:
            if name == SCENARIO_PROPERTY:
                result.name, result.tags = value["name"], list(value["tags"])
            elif name == MISSING_PROPERTY:
                result.missing = [tuple(pair) for pair in value]
            elif name == UNCHECKED_PROPERTY:
                result.unchecked = dict(value)
            elif name == FINDING_PROPERTY and value not in result.findings:
                result.findings.append(value)
            elif name == SHOTS_PROPERTY:
                state.shots = {shot["step"]: Shot.from_dict(shot) for shot in value["shots"]}
                state.mismatch = value["mismatch"]
                state.stopped = tuple(value["stopped"]) if value.get("stopped") else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session, exitstatus) -> None:
        """The run's summary (before the JUnit report is written, so it carries it), then the
        gallery; with --gallery, a guide step or rule that no scenario checked fails the run."""
        config, state = self.config, self.state
        if hasattr(config, "workerinput"):
            return
        scenarios = [s for s in state.scenarios.values() if s.tags]
        if scenarios:
            state.summary = summarize(running_target(config).name, scenarios)
            _write_summary(config, state.summary)
        if state.shots:
            state.guide = _regenerate_guide(config, state)
        if not config.getoption("gallery"):
            return
        from .gallery import coverage, coverage_errors, write_gallery

        rows = coverage([s for s in state.scenarios.values() if s.tags])
        state.errors = coverage_errors(rows)
        state.gallery = write_gallery(
            config.rootpath / GALLERY, config.rootpath, state.shots, rows,
            settings={"threshold": config.getoption("pixel_threshold"),
                      "max_diff_ratio": config.getoption("max_diff_ratio"),
                      "update": config.getoption("update_baselines"),
                      "mismatch": state.mismatch,
                      "stopped": state.stopped,
                      "summary": state.summary,
                      "accessibility": _this_runs_audit(config.rootpath / ACCESSIBILITY_REPORT, state.started),
                      "versions": _running_browser()},
        )
        if state.errors and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.state.summary is not None:
            terminalreporter.section("guide summary")
            for line in self.state.summary.lines():
                terminalreporter.write_line(line, red=" failed:" in line and "0 failed" not in line)
        shots = self.state.shots
        if shots:
            terminalreporter.section("guide screenshots")
            verdicts = ", ".join(f"{v} {n}" for v, n in Counter(s.verdict for s in shots.values()).items())
            terminalreporter.write_line(
                f"{len(shots)} captures ({sum(s.shots for s in shots.values())} screenshots) in "
                f"{sum(s.capture_s for s in shots.values()):.1f} s; compared in "
                f"{sum(s.compare_ms for s in shots.values()):.0f} ms; {verdicts}")
        if self.state.guide is not None:
            terminalreporter.write_line(f"regenerated guide: {self.state.guide}")
        if self.state.gallery is None:
            return
        terminalreporter.section("guide gallery")
        for error in self.state.errors:
            terminalreporter.write_line(f"ERROR {error}", red=True, bold=True)
        terminalreporter.write_line(f"gallery: {self.state.gallery}")
