"""The load test gets a bundled portal of its own, shared by nobody else."""

from __future__ import annotations

import pytest

from harness.conduct import require_loopback
from harness.control import Control
from tests.http.client import start_portal


@pytest.fixture(scope="module")
def own_portal():
    running = start_portal(test_api=True)
    require_loopback(running.url, "load tests")      # never aimed at a portal off this machine
    yield running
    running.stop()


@pytest.fixture
def own_control(own_portal) -> Control:
    control = Control(own_portal.url)
    control.reset()
    return control
