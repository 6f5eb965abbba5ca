"""Fixtures shared by every test: the bundled portal in-process (or another portal at
--base-url), its control API, the browser set-up for pytest-playwright, time that moves
in the portal and the browser together, and Faker seeded per test."""

from __future__ import annotations

import random
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from harness.browser import launch_args
from harness.control import Control
from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy

pytest_plugins = [
    "harness.guide_plugin",
    "steps.applicant_steps",
    "steps.entry_steps",
    "steps.login_steps",
    "steps.application_steps",
    "steps.session_steps",
    "steps.draft_steps",
    "steps.form_steps",
    "steps.account_steps",
    "steps.extension_steps",
    "steps.boundary_steps",
    "harness.deviation_plugin",
    "harness.screenshot_plugin",
    "steps.screenshot_steps",
]

TEST_POLICY = Policy(password_cost=FAST_COST)   # the guide's rules; only password hashing is cheaper
VIEWPORT = {"width": 1280, "height": 720}
ACTION_TIMEOUT_MS = 10_000


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("guide suite")
    group.addoption("--faker-seed", type=int, default=None,
                    help="replay a run's Faker data: the seed printed with a failure")
    group.addoption("--allow-destructive", action="store_true",
                    help="against a portal that is not on loopback, allow scenarios that lock, register or submit")


@pytest.fixture(scope="session")
def portal():
    """The bundled portal on a free loopback port, with the control API, for the whole
    run (one per xdist worker: each worker is its own process)."""
    running = start_in_thread(test_api=True, policy=TEST_POLICY)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def base_url(pytestconfig, portal) -> str:
    """The portal under test: --base-url when given, else the bundled one."""
    return (pytestconfig.getoption("base_url") or portal.url).rstrip("/")


@pytest.fixture
def control(base_url) -> Control:
    """The control API of the portal under test, emptied and with its clock back to real
    time for this test."""
    client = Control(base_url)
    client.reset()
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig):
    """pytest-playwright's launch options plus our Chromium choice and flags."""
    headed = bool(pytestconfig.getoption("--headed", default=False))
    return {**browser_type_launch_args, **launch_args(headed=headed)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, base_url):
    """Every page as the guide's reader sees it: zh-TW, Taipei time, one fixed size."""
    return {**browser_context_args, "base_url": base_url, "viewport": VIEWPORT, "device_scale_factor": 1,
            "locale": "zh-TW", "timezone_id": "Asia/Taipei"}


@pytest.fixture
def context(new_context):
    """pytest-playwright's context, with fake timers installed before any page loads, so
    the countdown (STEP 6) can be moved instead of waited for."""
    ctx = new_context()
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ctx.clock.install()
    return ctx


class Clocks:
    """The portal's clock and the browser's, stopped at the same second; from then on
    only `move` changes the time, on both sides at once, so a scenario that needs 31
    minutes or 31 days takes no time and the countdown shows exact values."""

    def __init__(self, context, control: Control) -> None:
        self.context, self.control = context, control
        now = control.now().replace(microsecond=0)
        self.now = control.set_now(now, frozen=True)
        context.clock.pause_at(self.now)

    def move(self, delta: timedelta) -> None:
        self.now = self.control.advance(delta.total_seconds())
        self.context.clock.fast_forward(int(delta.total_seconds() * 1000))

    def today(self):
        return self.now.date()


@pytest.fixture
def clocks(context, control) -> Clocks:
    return Clocks(context, control)


@pytest.fixture(autouse=True)
def faker_seed(request) -> int:
    """A fresh seed per test (or --faker-seed); printed with a failure so it can be replayed.
    Autouse, because Faker's `faker` fixture only looks for a `faker_seed` that the test
    already requests."""
    seed = request.config.getoption("--faker-seed")
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    request.node.faker_seed = seed
    return seed


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    seed = getattr(item, "faker_seed", None)
    if report.failed and seed is not None:
        report.sections.append(("Faker seed", f"{seed}  (replay: pytest --faker-seed {seed} '{item.nodeid}')"))


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def pytest_collection_modifyitems(config, items) -> None:
    """Against another portal: skip what needs the control API, and refuse scenarios that
    would lock, register or submit on a host that is not loopback unless allowed."""
    other = config.getoption("base_url")
    if not other:
        return
    no_control = pytest.mark.skip(reason=f"needs the control API (/__test__/), which a portal at --base-url "
                                         f"({other}) is not assumed to offer")
    unsafe = pytest.mark.skip(reason=f"would lock, register or submit on {other}, which is not loopback; "
                                     f"pass --allow-destructive to allow it")
    for item in items:
        if item.get_closest_marker("needs-control"):
            item.add_marker(no_control)
        elif item.get_closest_marker("destructive") and not is_loopback(other) \
                and not config.getoption("--allow-destructive"):
            item.add_marker(unsafe)
