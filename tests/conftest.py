"""The harness's own tests check the harness and the bundled portal, whatever --target or
--base-url say: they always get the bundled portal as their target."""

from __future__ import annotations

import pytest

from harness.target import bundled_target


@pytest.fixture(scope="session")
def target(request):
    return bundled_target().with_base_url(request.getfixturevalue("portal").url)
