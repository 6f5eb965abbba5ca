"""The hostile-input tests get a bundled portal of their own (not the session's), so what
they throw at it, and what it logs meanwhile, concerns no other test."""

from __future__ import annotations

import logging

import pytest

from harness.conduct import require_loopback
from harness.control import Control
from tests.http.client import start_portal


@pytest.fixture(scope="module")
def own_portal():
    running = start_portal(test_api=True)
    require_loopback(running.url, "hostile-input tests")      # never aimed at a portal off this machine
    yield running
    running.stop()


@pytest.fixture
def own_control(own_portal) -> Control:
    control = Control(own_portal.url)
    control.reset()
    return control


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def portal_errors():
    """ERROR records of the portal's logger while the test runs (a 500 logs its traceback)."""
    handler = _Errors()
    logger = logging.getLogger("mock_portal")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)
