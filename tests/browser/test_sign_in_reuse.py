"""Kept sign-ins in a real browser, on a portal that is not ours (the bundled portal's
staging mode: no control API, a fixed captcha): a state kept for one account gives that
account's signed-in screens and nobody else's, and each context holds only the cookies of
the account it was restored for."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from harness.captcha import CaptchaReader
from harness.sign_ins import SignIns, key_for
from harness.target import load_target
from mock_portal.app import start_in_thread
from mock_portal.domain.passwords import FAST_COST
from mock_portal.policy import Policy
from pages.components.signed_in_bar import SignedInBar
from steps.navigation import restore_sign_in, sign_in

PROFILE = "examples/staging.toml"
SEED = "examples/staging-seed.toml"


@dataclass
class Someone:
    account: str
    password: str
    name: str
    role: str = "foreigner"


@pytest.fixture(scope="module")
def staging():
    running = start_in_thread(staging=SEED, policy=Policy(password_cost=FAST_COST))
    target = load_target(PROFILE).with_base_url(running.url)
    yield target
    running.stop()


def people(target) -> tuple[Someone, Someone]:
    first, second = target.accounts_of("foreigner")[:2]
    return (Someone(first.account, first.password, first.name), Someone(second.account, second.password, second.name))


def new_page(browser, target):
    context = browser.new_context(base_url=target.base_url, locale="zh-TW", viewport={"width": 1280, "height": 720})
    context.set_default_timeout(10_000)
    return context.new_page()


def kept_after_login(browser, target, kept: SignIns, who: Someone) -> set[str]:
    """Log `who` in through STEP 1-5 in a context of its own and keep the state; the
    session cookie values it holds."""
    page = new_page(browser, target)
    sign_in(page, target, CaptchaReader(target.captcha), who)
    state = page.context.storage_state()
    kept.keep(key_for(target, who), state, page.url)
    page.context.close()
    return {c["value"] for c in state["cookies"]}


@pytest.mark.browser
def test_a_second_account_never_starts_from_the_first_ones_session(browser, staging):
    alice, bob = people(staging)
    kept = SignIns()
    alice_cookies = kept_after_login(browser, staging, kept, alice)
    assert kept.usable(key_for(staging, bob)) is None, "Bob was offered Alice's kept state"
    bob_cookies = kept_after_login(browser, staging, kept, bob)
    assert not alice_cookies & bob_cookies, "two accounts' logins share a cookie"

    for who, theirs, other in ((alice, alice_cookies, bob), (bob, bob_cookies, alice)):
        page = new_page(browser, staging)
        assert restore_sign_in(page, staging, kept.usable(key_for(staging, who))), f"{who.name}: not signed in"
        bar = SignedInBar(page)
        expect(page.get_by_text(who.name, exact=True).first).to_be_visible()
        expect(page.get_by_text(other.name, exact=True)).to_have_count(0)
        expect(bar.countdown).to_be_visible()
        assert {c["value"] for c in page.context.cookies()} <= theirs, f"{who.name}'s context holds another's cookie"
        page.context.close()


@pytest.mark.browser
def test_a_kept_state_that_was_signed_out_is_not_taken_as_signed_in(browser, staging):
    alice, _ = people(staging)
    kept = SignIns()
    kept_after_login(browser, staging, kept, alice)
    page = new_page(browser, staging)
    restored = kept.usable(key_for(staging, alice))
    assert restore_sign_in(page, staging, restored)
    SignedInBar(page).logout_button.click()          # the portal ends that session
    page.context.close()
    again = new_page(browser, staging)
    assert not restore_sign_in(again, staging, restored), "a signed-out session was restored as signed in"
    again.context.close()
