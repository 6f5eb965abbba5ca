"""Fixtures shared by every test: the bundled portal in-process, its control API, and
the browser set-up (which Chromium, which flags) for pytest-playwright."""

from __future__ import annotations

import pytest

from harness.browser import launch_args
from harness.control import Control
from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy

TEST_POLICY = Policy(password_cost=FAST_COST)   # the guide's rules; only hashing is cheaper


@pytest.fixture(scope="session")
def portal():
    """The bundled portal on a free loopback port, with the control API, for the whole
    run (one per xdist worker: each worker is its own process)."""
    running = start_in_thread(test_api=True, policy=TEST_POLICY)
    yield running
    running.stop()


@pytest.fixture
def control(portal) -> Control:
    """The control API of a portal emptied for this test."""
    client = Control(portal.url)
    client.reset()
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig):
    """pytest-playwright's launch options plus our Chromium choice and flags."""
    headed = bool(pytestconfig.getoption("--headed", default=False))
    return {**browser_type_launch_args, **launch_args(headed=headed)}
