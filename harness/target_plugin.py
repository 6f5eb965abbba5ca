"""pytest plugin: which portal the suite runs against, and what it may do there.

- `--target PATH` reads a profile (harness/target.py); `--base-url URL` alone is a profile
  with only its base_url (given with --target, it overrides the file's); neither: the
  bundled portal. A bad profile is a usage error (exit 4) before any browser starts.
- At collection, every scenario whose tags need what the target lacks, or what its
  `allow` does not permit, is skipped with a reason naming the need and the guide steps
  and rules it leaves unchecked (harness/capabilities.py).
- Each scenario's missing needs travel in its reports (xdist too), for the run's summary
  (harness/summary.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pages.components.labelled import take_findings

from .capabilities import NEEDS, missing, skip_reason
from .leases import shortfall
from .secrets import Secrets, redact_trace
from .target import ProfileError, Target, bundled_target, load_target, url_target

TARGET = pytest.StashKey[Target]()
SECRETS = pytest.StashKey[Secrets]()
MISSING_PROPERTY = "guide_missing"        # [[tag, why], ...] of a skipped scenario
PROFILE_MISSING = "profile-data"          # a need found only when a Given asks the profile
FINDING_PROPERTY = "guide_finding"        # something the screen lacked that did not fail the step


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("guide suite")
    group.addoption("--target", metavar="PATH", default=None,
                    help="the portal under test, as a TOML profile (../shared/spec/targets.md); "
                         "default: the bundled portal")
    group.addoption("--allow-destructive", action="store_true",
                    help="allow what cannot be undone (lock, register, change a password, 「送出」) on this "
                         "target, as allow.destructive = true in its profile does")


def choose_target(config: pytest.Config) -> Target:
    path = config.getoption("--target")
    base_url = config.getoption("base_url", default=None)
    try:
        target = load_target(path) if path else None
    except ProfileError as error:
        raise pytest.UsageError(f"bad target profile: {error}") from None
    if target is None:
        target = url_target(base_url) if base_url else bundled_target()
    elif base_url:
        target = target.with_base_url(base_url)
    if config.getoption("--allow-destructive"):
        target = target.allowing_destructive()
    if target.captcha.strategy == "manual" and target.accounts and not config.getoption("--headed", default=False):
        raise pytest.UsageError(f"{target.source}: captcha.strategy manual needs a person at a headed "
                                f"browser: add --headed (with a display, e.g. xvfb-run)")
    return target


def running_target(config: pytest.Config) -> Target:
    return config.stash[TARGET]


def pytest_configure(config: pytest.Config) -> None:
    config.stash[TARGET] = target = choose_target(config)
    config.stash[SECRETS] = Secrets(target.secrets())
    for tag, need in NEEDS.items():
        config.addinivalue_line("markers", f"{tag}: the scenario needs {need.what}")


def checks_of(item: pytest.Item) -> list[str]:
    """The guide steps and rules a scenario's tags say it checks: "STEP 8", "R-DRAFT-30"."""
    names = {marker.name for marker in item.iter_markers()}
    steps = sorted(int(n.removeprefix("step-")) for n in names if n.startswith("step-")
                   and n.removeprefix("step-").isdigit())
    rules = sorted(n.upper() for n in names if n.startswith("r-"))
    return [f"STEP {n}" for n in steps] + rules


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    target = running_target(config)
    for item in items:
        lacking = missing(target, (marker.name for marker in item.iter_markers()))
        if not lacking:
            continue
        item.add_marker(pytest.mark.skip(reason=skip_reason(target, lacking, checks_of(item))))
        item.user_properties.append((MISSING_PROPERTY, [list(pair) for pair in lacking]))


def skip_unprovisioned(request, what: str) -> None:
    """A Given asked the profile for data it does not list: skip before anything happened."""
    target = running_target(request.config)
    request.node.user_properties.append((MISSING_PROPERTY, [[PROFILE_MISSING, f"no {what}"]]))
    pytest.skip(f"needs {what}: {', '.join(checks_of(request.node)) or 'this scenario'} "
                f"not checkable on {target.name}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the profile's secrets out of what the run writes: the trace pytest-playwright
    kept (its trylast wrapper has just moved it into --output, and the Allure attachment
    is made after this), the failure text and the captured output."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        report.user_properties += [(FINDING_PROPERTY, finding) for finding in take_findings()]
    secrets = item.config.stash.get(SECRETS, None)
    if not secrets:
        return
    for kind, path in report.user_properties:
        if kind == "playwright_trace":
            redact_trace(Path(item.config.invocation_params.dir, path), secrets)
    if report.longrepr is not None and secrets.redact(text := str(report.longrepr)) != text:
        report.longrepr = secrets.redact(text)
    report.sections = [(title, secrets.redact(content)) for title, content in report.sections]


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Say so when a profile has fewer accounts of a role than the run has xdist workers:
    their scenarios took turns (one browser per account), so the run was slower than -n says."""
    workers = getattr(config.option, "numprocesses", None)
    if hasattr(config, "workerinput") or not isinstance(workers, int) or workers < 2:
        return
    short = shortfall(running_target(config), workers)
    if short:
        terminalreporter.write_line("accounts: " + "; ".join(short) + ": those scenarios took turns")
