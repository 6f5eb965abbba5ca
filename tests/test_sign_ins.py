"""Which way a scenario signs in, and the kept states: young enough or renewed, and never
one account's for another (harness/sign_ins.py). No browser: states are plain dicts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from harness.sign_ins import (
    CONTROL,
    GUIDE_SESSION_S,
    LOGIN_PAGE,
    RENEW_AFTER_S,
    RESTORE,
    SignIns,
    key_for,
    way_to_sign_in,
)


@dataclass
class FakeTarget:
    name: str = "staging"
    base_url: str = "https://staging.example"


@dataclass
class FakeApplicant:
    account: str
    password: str = "Passw0rd-1"
    role: str = "foreigner"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


STATE_A = {"cookies": [{"name": "sid", "value": "a-session", "domain": "staging.example", "path": "/"}],
           "origins": []}
STATE_B = {"cookies": [{"name": "sid", "value": "b-session", "domain": "staging.example", "path": "/"}],
           "origins": [{"origin": "https://staging.example", "localStorage": [{"name": "t", "value": "b"}]}]}


@pytest.mark.parametrize("tags", [{"step-5"}, {"step-1", "step-17"}, {"step-3", "step-4", "r-role"}])
@pytest.mark.parametrize("bundled", [True, False])
def test_a_scenario_about_login_logs_in_through_the_login_page(tags, bundled):
    assert way_to_sign_in(tags, bundled=bundled) == LOGIN_PAGE


def test_on_the_bundled_portal_the_others_get_a_session_from_the_control_api():
    for tags in ({"step-8", "r-draft-30"}, {"step-6", "r-session-30", "needs-clock"}, set()):
        assert way_to_sign_in(tags, bundled=True) == CONTROL


def test_elsewhere_a_scenario_about_the_30_minutes_gets_a_session_of_its_own():
    assert way_to_sign_in({"step-6"}, bundled=False) == LOGIN_PAGE
    assert way_to_sign_in({"step-13", "r-session-30"}, bundled=False) == LOGIN_PAGE


def test_elsewhere_the_rest_restore_a_kept_state():
    for tags in ({"step-8"}, {"step-13", "step-14", "r-email-cn"}, {"step-15", "step-16"}, set()):
        assert way_to_sign_in(tags, bundled=False) == RESTORE


def test_step_10_to_16_tags_are_not_mistaken_for_step_1_to_5():
    assert way_to_sign_in({"step-10", "step-11", "step-12", "step-13", "step-14", "step-15"},
                          bundled=False) == RESTORE


def test_a_kept_state_is_given_back_to_its_own_account_only():
    kept = SignIns(clock=FakeClock())
    alice, bob = FakeApplicant("alice"), FakeApplicant("bob")
    kept.keep(key_for(FakeTarget(), alice), STATE_A, "https://staging.example/home")
    assert kept.usable(key_for(FakeTarget(), bob)) is None
    kept.keep(key_for(FakeTarget(), bob), STATE_B, "https://staging.example/home")
    assert kept.usable(key_for(FakeTarget(), alice)).cookies[0]["value"] == "a-session"
    assert kept.usable(key_for(FakeTarget(), bob)).cookies[0]["value"] == "b-session"
    assert kept.usable(key_for(FakeTarget(), bob)).origins[0]["localStorage"] == [{"name": "t", "value": "b"}]


def test_another_role_password_or_target_is_another_state():
    kept = SignIns(clock=FakeClock())
    alice = FakeApplicant("alice")
    kept.keep(key_for(FakeTarget(), alice), STATE_A, "/home")
    assert kept.usable(key_for(FakeTarget(), FakeApplicant("alice", role="employer"))) is None
    assert kept.usable(key_for(FakeTarget(), FakeApplicant("alice", password="Changed-2"))) is None
    assert kept.usable(key_for(FakeTarget(name="qa"), alice)) is None
    assert kept.usable(key_for(FakeTarget(base_url="https://other.example"), alice)) is None


def test_a_state_is_renewed_before_the_session_could_run_out():
    clock = FakeClock()
    kept = SignIns(clock=clock)
    key = key_for(FakeTarget(), FakeApplicant("alice"))
    kept.keep(key, STATE_A, "/home")
    clock.now += RENEW_AFTER_S - 1
    assert kept.usable(key) is not None
    clock.now += 1
    assert kept.usable(key) is None
    assert kept.usable(key) is None           # dropped, not given back later
    assert kept.tally["renewed"] == 1


def test_a_restored_session_leaves_a_scenario_ten_minutes_at_least():
    assert GUIDE_SESSION_S - RENEW_AFTER_S >= 10 * 60
    assert 0 < RENEW_AFTER_S < GUIDE_SESSION_S


def test_a_forgotten_state_is_gone():
    kept = SignIns(clock=FakeClock())
    key = key_for(FakeTarget(), FakeApplicant("alice"))
    kept.keep(key, STATE_A, "/home")
    kept.forget(key)
    assert kept.usable(key) is None


def test_the_summary_says_how_each_scenario_signed_in():
    kept = SignIns(clock=FakeClock())
    assert kept.summary() == "sign-ins: none"
    for way in (LOGIN_PAGE, RESTORE, RESTORE, CONTROL):
        kept.count(way)
    assert kept.summary() == "sign-ins: 1 through the login page, 2 restored, 1 by the control API"
