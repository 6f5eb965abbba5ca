"""harness.conduct without a browser: nothing beyond `allow`, fresh-account actions only
on the bundled portal, hostile and load tests only on loopback, and a DraftLedger that
registers its clean-up once, on the first save, with every name saved
(../shared/spec/targets.md, "Conduct on a target that is not the bundled portal")."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from harness.conduct import (
    ConductError,
    DraftLedger,
    permit,
    permit_destructive,
    permit_fresh_account,
    require_loopback,
)
from harness.target import Allow, Captcha, Target, bundled_target


def profile_target(*, drafts: bool = False, destructive: bool = False) -> Target:
    return Target(name="staging", base_url="https://portal-staging.example", captcha=Captcha("fixed", "X"),
                  allow=Allow(drafts=drafts, destructive=destructive), source="profiles/staging.toml")


# --- permit -----------------------------------------------------------------------------------


def test_permit_destructive_refuses_when_the_profile_does_not_allow_it():
    with pytest.raises(ConductError) as refused:
        permit_destructive(profile_target(drafts=True), "press 「送出」")
    message = str(refused.value)
    assert "press 「送出」" in message
    assert "staging" in message and "profiles/staging.toml" in message


@pytest.mark.parametrize("target", [profile_target(destructive=True), bundled_target()], ids=["allowed", "bundled"])
def test_permit_destructive_passes_when_allowed(target):
    permit_destructive(target, "press 「送出」")


def test_allow_destructive_on_the_command_line_permits_it():
    permit_destructive(profile_target().allowing_destructive(), "press 「送出」")


@pytest.mark.parametrize("target", [profile_target(), profile_target(drafts=True, destructive=True),
                                    profile_target().allowing_destructive()],
                         ids=["nothing allowed", "everything allowed", "--allow-destructive"])
def test_permit_fresh_account_refuses_on_any_profile_target(target):
    with pytest.raises(ConductError, match="lock the account"):
        permit_fresh_account(target, "lock the account")


@pytest.mark.parametrize("made_for_scenario", [True, False], ids=["registered by the scenario", "a profile's"])
def test_on_a_profile_target_only_an_account_the_scenario_registered_may_be_locked(made_for_scenario):
    applicant = SimpleNamespace(made_for_scenario=made_for_scenario)
    target = profile_target(drafts=True, destructive=True)
    if made_for_scenario:
        permit_fresh_account(target, "lock the account", applicant)
    else:
        with pytest.raises(ConductError, match="only on an account made for the scenario"):
            permit_fresh_account(target, "lock the account", applicant)


def test_permit_fresh_account_passes_on_the_bundled_portal():
    permit_fresh_account(bundled_target(), "lock the account")


@pytest.mark.parametrize("allowed", [True, False])
def test_permit_follows_allowed(allowed):
    if allowed:
        permit(profile_target(), "save a draft", allowed=True)
    else:
        with pytest.raises(ConductError, match="save a draft"):
            permit(profile_target(), "save a draft", allowed=False)


# --- require_loopback -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://127.0.0.1:8181/", "http://127.0.0.1", "https://localhost:8443/x",
                                 "http://localhost", "http://[::1]:8181/", "http://[::1]/", "http://127.8.9.10:1"])
def test_require_loopback_accepts_loopback(url):
    require_loopback(url, "hostile-input tests")


@pytest.mark.parametrize(
    "url",
    [
        "https://portal-staging.example",
        "http://10.0.0.5:8181",
        "http://192.168.1.1",
        "http://0.0.0.0:8181",
        "http://localhost.example",
        "http://my-localhost",
        "http://[::2]:8181",
        "http://[2001:db8::1]",
        "",
        "http://127.portal.example/",
    ],
)
def test_require_loopback_refuses_other_hosts(url):
    with pytest.raises(ConductError) as refused:
        require_loopback(url, "hostile-input tests")
    assert "hostile-input tests" in str(refused.value)
    assert url in str(refused.value)


# --- DraftLedger ------------------------------------------------------------------------------


class Finalizers:
    """What request.addfinalizer would keep."""

    def __init__(self) -> None:
        self.registered: list = []

    def __call__(self, finalizer) -> None:
        self.registered.append(finalizer)

    def run(self) -> None:
        for finalizer in self.registered:
            finalizer()


def ledger_with(cleanup: bool):
    finalizers, deleted = Finalizers(), []
    ledger = DraftLedger((lambda names: deleted.append(set(names))) if cleanup else None, register=finalizers)
    return ledger, finalizers, deleted


def test_the_clean_up_is_not_registered_before_anything_is_saved():
    _, finalizers, _ = ledger_with(cleanup=True)
    assert finalizers.registered == []


def test_the_first_save_registers_the_clean_up_once_and_it_gets_every_saved_name():
    ledger, finalizers, deleted = ledger_with(cleanup=True)
    ledger.save_attempted("Hunt James")
    assert len(finalizers.registered) == 1
    ledger.save_attempted("Silva Maria")
    ledger.save_attempted("Hunt James")
    ledger.save_attempted("Tanaka Kenji")
    assert len(finalizers.registered) == 1
    assert deleted == [], "the clean-up ran before the scenario ended"
    finalizers.run()
    assert deleted == [{"Hunt James", "Silva Maria", "Tanaka Kenji"}]


def test_without_cleanup_nothing_is_registered_however_many_saves():
    ledger, finalizers, deleted = ledger_with(cleanup=False)
    for name in ("Hunt James", "Silva Maria", "Hunt James"):
        ledger.save_attempted(name)
    assert finalizers.registered == []
    assert ledger.saved == {"Hunt James", "Silva Maria"}
    assert deleted == []


def test_a_ledger_without_a_register_only_keeps_the_names():
    ledger = DraftLedger(lambda names: pytest.fail("cleaned up without a register"))
    ledger.save_attempted("Hunt James")
    assert ledger.saved == {"Hunt James"}
