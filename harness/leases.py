"""One browser per account at a time (../shared/spec/targets.md, "It is polite"): a
scenario leases a provisioned account for as long as it runs. Leases are file locks, so
they hold across the processes of one xdist run on one machine: worker N takes account
N modulo the accounts of that role, and waits while another worker has it."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from .target import Account, Target


class NoAccount(LookupError):
    """The profile lists no account of the role a scenario needs."""


def worker_index() -> int:
    """0 for a run without xdist, else the N of worker gwN."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(name.removeprefix("gw") or 0)


def worker_count() -> int:
    return int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def lock_dir(target: Target) -> Path:
    """Shared by every process that runs the suite against this target on this machine."""
    key = hashlib.sha256(f"{target.name} {target.base_url}".encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "goldcard-harness-leases" / f"{target.name}-{key}"


class AccountLeases:
    def __init__(self, target: Target, directory: Path | None = None, index: int | None = None) -> None:
        self.target = target
        self.directory = directory or lock_dir(target)
        self.index = worker_index() if index is None else index
        self._held: list = []

    def lease(self, role: str) -> Account:
        """This worker's account of `role`, once no other worker holds it (blocking)."""
        accounts = self.target.accounts_of(role)
        if not accounts:
            raise NoAccount(f"an account of role {role} ([[accounts]] role = \"{role}\")")
        account = accounts[self.index % len(accounts)]
        self.directory.mkdir(parents=True, exist_ok=True)
        handle = open(self.directory / f"{role}-{account.account}.lock", "w")  # noqa: SIM115 - held until release
        fcntl.flock(handle, fcntl.LOCK_EX)
        self._held.append(handle)
        return account

    def release(self) -> None:
        for handle in self._held:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        self._held.clear()


def shortfall(target: Target, workers: int) -> list[str]:
    """Roles with fewer accounts than workers: their scenarios take turns."""
    roles = sorted({a.role for a in target.accounts})
    return [f"{role}: {len(target.accounts_of(role))} account(s) for {workers} workers"
            for role in roles if len(target.accounts_of(role)) < workers]
