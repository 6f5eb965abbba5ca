"""Fixtures shared by every test: the target under test (the bundled portal in-process,
or another portal described by --target / --base-url), its provisioning, captcha and
control API where it has one, the browser set-up for pytest-playwright, time that moves in
the portal and the browser together, and Faker seeded per test."""

from __future__ import annotations

import random
from datetime import date

import pytest

from harness.applicants import ApplicantFactory
from harness.browser import launch_args
from harness.captcha import CaptchaReader
from harness.clocks import Clocks
from harness.conduct import ConductError
from harness.control import Control
from harness.leases import AccountLeases
from harness.mailbox import mailbox_for
from harness.provisioning import ControlProvisioner, ProfileProvisioner
from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy

pytest_plugins = [
    "harness.target_plugin",
    "harness.shard_plugin",
    "harness.remote_browser",
    "harness.guide_plugin",
    "steps.applicant_steps",
    "steps.entry_steps",
    "steps.signing_in",
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


@pytest.fixture(scope="session")
def portal():
    """The bundled portal on a free loopback port, with the control API, for the whole
    run (one per xdist worker: each worker is its own process). Started only when asked
    for: never by the suite against a target that is not the bundled portal."""
    running = start_in_thread(test_api=True, policy=TEST_POLICY)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def target(request, pytestconfig):
    """The portal under test, with its base URL (the bundled one's once it has started)."""
    from harness.target_plugin import running_target  # a plugin of this conftest: imported after it

    chosen = running_target(pytestconfig)
    if chosen.bundled and not chosen.base_url:
        chosen = chosen.with_base_url(request.getfixturevalue("portal").url)
    return chosen


@pytest.fixture(scope="session")
def base_url(target) -> str:
    return target.base_url


@pytest.fixture
def control(target) -> Control:
    """The bundled portal's control API, emptied and with its clock back to real time for
    this test. A target without it refuses: a scenario that gets here untagged is a bug."""
    if not target.bundled:
        raise ConductError(f"this step needs the control API, which {target.name} does not have: "
                           f"the scenario lacks the tag of what it needs")
    client = Control(target.base_url)
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
def context(new_context, target):
    """pytest-playwright's context; on the bundled portal with fake timers installed
    before any page loads, so the countdown (STEP 6) can be moved instead of waited for.
    Another target's pages keep the browser's real clock."""
    ctx = new_context()
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    if target.bundled:
        ctx.clock.install()
    return ctx


@pytest.fixture
def clocks(context, control) -> Clocks:
    return Clocks(context, control)


@pytest.fixture
def applicant_factory(faker, portal_today) -> ApplicantFactory:
    """Faker applicants of each STEP 10 class, dated by the portal's today."""
    return ApplicantFactory(faker, today=portal_today)


@pytest.fixture
def portal_today(request, target) -> date:
    """The portal's date where the harness knows it (the bundled portal's clock), else the
    machine's, used only where no rule depends on it (Faker's date ranges)."""
    return request.getfixturevalue("control").now().date() if target.bundled else date.today()


@pytest.fixture(autouse=True)
def _clocks_stand_still_for_time_scenarios(request):
    """A scenario that moves time (@needs-clock) gets both clocks stopped before its page
    loads, so the countdown shows exact values; every other scenario runs on real time,
    as it would on any portal."""
    if request.node.get_closest_marker("needs-clock"):
        request.getfixturevalue("clocks")


@pytest.fixture
def provisioner(request, target, applicant_factory):
    """Applicants, accounts and cards: made by the control API, or taken from the profile."""
    if target.bundled:
        given = ControlProvisioner(applicant_factory, request.getfixturevalue("control"))
    else:
        given = ProfileProvisioner(applicant_factory, target, AccountLeases(target))
    yield given
    given.release()


@pytest.fixture
def mailbox(request, target):
    """The mail the portal sent, read the target's way ([mail].strategy)."""
    control = request.getfixturevalue("control") if target.mail.strategy == "control" else None
    found = mailbox_for(target, control)
    if found is None:
        raise ConductError(f"this step reads mail, and {target.name} has mail.strategy none: "
                           f"the scenario lacks @needs-mail")
    return found


@pytest.fixture
def captcha(request, target) -> CaptchaReader:
    control = request.getfixturevalue("control") if target.captcha.strategy == "control" else None
    return CaptchaReader(target.captcha, control)


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
