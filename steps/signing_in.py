"""How a scenario gets signed in: through STEP 1-5, from a kept state, or by the bundled
portal's control API, as `harness.sign_ins.way_to_sign_in` decides from its tags. The
steps that say "I am signed in" call the `sign_in` fixture and do not know which way it
went; the run's terminal summary says how many went each way."""

from __future__ import annotations

import pytest

from harness.sign_ins import CONTROL, LOGIN_PAGE, RESTORE, SignIns, key_for, way_to_sign_in

from .navigation import open_signed_in_session, restore_sign_in
from .navigation import sign_in as sign_in_through_login_page

SIGN_INS = pytest.StashKey[SignIns]()


@pytest.fixture(scope="session")
def sign_ins(pytestconfig) -> SignIns:
    """This worker's kept states (an xdist worker is its own process, so its own)."""
    kept = SignIns()
    pytestconfig.stash[SIGN_INS] = kept
    return kept


@pytest.fixture
def sign_in(request, page, target, captcha, sign_ins):
    """`sign_in(applicant)`: the page ends on a signed-in screen of the applicant."""
    tags = {marker.name for marker in request.node.iter_markers()}
    way = way_to_sign_in(tags, bundled=target.bundled)

    def signed_in(applicant) -> None:
        if way == CONTROL:
            # The provisioner that made `applicant` already holds this test's control
            # client, so this is that client, not a new one (which would reset the portal).
            opened = request.getfixturevalue("control").open_session(applicant.account)
            open_signed_in_session(page, target, opened)
            sign_ins.count(CONTROL)
            return
        key = key_for(target, applicant)
        if way == RESTORE:
            kept = sign_ins.usable(key)
            if kept is not None and restore_sign_in(page, target, kept):
                sign_ins.count(RESTORE)
                return
            if kept is not None:
                sign_ins.forget(key)
                sign_ins.count("restore failed")
                page.context.clear_cookies()
        sign_in_through_login_page(page, target, captcha, applicant)
        sign_ins.count(LOGIN_PAGE)
        if way == RESTORE:     # a scenario about login or the 30 minutes may end it: not kept
            sign_ins.keep(key, page.context.storage_state(), page.url)

    return signed_in


def pytest_sessionfinish(session) -> None:
    """An xdist worker sends its tally to the controller, which prints the run's."""
    kept = session.config.stash.get(SIGN_INS, None)
    if kept is not None and hasattr(session.config, "workeroutput"):
        session.config.workeroutput["sign_ins"] = dict(kept.tally)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    tally = getattr(node, "workeroutput", {}).get("sign_ins")
    if tally:
        if SIGN_INS not in node.config.stash:
            node.config.stash[SIGN_INS] = SignIns()
        node.config.stash[SIGN_INS].tally.update(tally)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    kept = config.stash.get(SIGN_INS, None)
    if kept is not None and sum(kept.tally.values()) and not hasattr(config, "workeroutput"):
        terminalreporter.write_line(kept.summary())
