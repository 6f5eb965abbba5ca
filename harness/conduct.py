"""How the suite behaves on a portal that is not its own (../shared/spec/targets.md,
"Conduct"), enforced in code rather than left to tags: nothing beyond `allow`, every
draft a scenario saved deleted before the scenario ends, hostile and load tests only on
loopback."""

from __future__ import annotations

from collections.abc import Callable

from .target import Target, is_loopback


class ConductError(RuntimeError):
    """The suite was about to do something the target does not allow."""


def permit(target: Target, action: str, *, allowed: bool) -> None:
    """Refuse `action` (e.g. "press 「送出」") unless the target allows it."""
    if not allowed:
        raise ConductError(f"refused to {action} on {target.name}: its profile ({target.source}) does not allow it")


def permit_destructive(target: Target, action: str) -> None:
    permit(target, action, allowed=target.allow.destructive)


def permit_fresh_account(target: Target, action: str, applicant=None) -> None:
    """Locking or resetting a password only on an account made for the scenario: any on the
    bundled portal, and elsewhere one the scenario registered itself, never the profile's."""
    permit(target, action + " (only on an account made for the scenario)",
           allowed=target.bundled or bool(applicant is not None and applicant.made_for_scenario))


def require_loopback(url: str, what: str) -> None:
    """Hostile-input and load tests never leave this machine."""
    if not is_loopback(url):
        raise ConductError(f"{what} only run against a portal on loopback, not {url}")


class DraftLedger:
    """The drafts a scenario saved, by their name in 「就業金卡暫存 - 列表」 (a Faker name is the
    scenario's own; every draft of that name goes, however many saves made it; one that
    「送出」 turned into an application is no longer a draft). With a `clean_up` (a target
    that must be cleaned), the first save hands it to `register`, to run when the scenario
    ends (before its page closes), pass or fail."""

    def __init__(self, clean_up: Callable[[set[str]], None] | None = None,
                 register: Callable[[Callable[[], None]], None] | None = None) -> None:
        self.clean_up, self.register = clean_up, register
        self.saved: set[str] = set()

    def save_attempted(self, name: str) -> None:
        """Called before 「儲存」 is pressed: a save the portal accepts against the guide
        leaves a draft too, and it must go as well."""
        first = not self.saved
        self.saved.add(name)
        if first and self.register and self.clean_up:
            clean_up = self.clean_up
            self.register(lambda: clean_up(self.saved))
