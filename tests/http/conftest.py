"""These tests check the bundled portal's own HTTP layer, so their control API is always
the in-process portal's, whatever --base-url says."""

from __future__ import annotations

import pytest

from harness.control import Control


@pytest.fixture
def control(portal) -> Control:
    """The bundled portal's control API, emptied (and its clock back to real time) for this test."""
    client = Control(portal.url)
    client.reset()
    return client
