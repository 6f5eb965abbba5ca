"""The harness's own tests check the harness and the bundled portal, whatever --target or
--base-url say: they always get the bundled portal as their target. Tests that throw
hostile input or load at a portal get one of their own (`own_portal`), so what they do,
and what it logs meanwhile, concerns no other test."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, settings

from harness.conduct import require_loopback
from harness.control import Control
from harness.maildev import missing as maildev_missing
from harness.maildev import start_maildev
from harness.target import bundled_target
from tests.http.client import start_portal

# The fuzz tests' profiles (tests/hostile/test_request_fuzz.py, HOSTILE_FUZZ_PROFILE): the
# portal's requests are slow to make and big, which Hypothesis would otherwise flag.
for _name, _examples in (("ci", 60), ("deep", 600)):
    settings.register_profile(_name, max_examples=_examples, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="session")
def target(request):
    return bundled_target().with_base_url(request.getfixturevalue("portal").url)


@pytest.fixture(scope="module")
def own_portal(request):
    running = start_portal(test_api=True)
    require_loopback(running.url, f"{request.module.__name__}")    # never aimed at a portal off this machine
    yield running
    running.stop()


@pytest.fixture(scope="session")
def maildev():
    """A MailDev of this run's own on free loopback ports (harness/maildev.py); without Node
    or MailDev the test skips, saying what to install."""
    lack = maildev_missing()
    if lack:
        pytest.skip(lack)
    running = start_maildev()
    yield running
    running.stop()


@pytest.fixture
def own_control(own_portal) -> Control:
    """own_portal's control API, emptied for this test."""
    control = Control(own_portal.url)
    control.reset()
    return control


@pytest.fixture
def portal_errors(caplog) -> PortalErrors:
    """ERROR records of the portal's logger while the test runs (a 500 logs its traceback),
    from pytest's caplog."""
    caplog.set_level(logging.ERROR, logger="mock_portal")
    return PortalErrors(caplog)


class PortalErrors(Sequence):
    """Read when asked: caplog keeps one list of records per test phase, so a list taken
    while the fixture is set up would never see the test's own."""

    def __init__(self, caplog) -> None:
        self._caplog = caplog

    def _records(self) -> list[logging.LogRecord]:
        return [r for r in self._caplog.records if r.levelno >= logging.ERROR and r.name.startswith("mock_portal")]

    def __getitem__(self, index):
        return self._records()[index]

    def __len__(self) -> int:
        return len(self._records())
