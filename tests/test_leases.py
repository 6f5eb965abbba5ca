"""harness.leases without a browser: workers take distinct accounts of a role, a second
process waits for an account another holds (file locks), a role without accounts is
NoAccount, and shortfall() says which roles have fewer accounts than workers
(../shared/spec/targets.md, "It is polite")."""

from __future__ import annotations

import queue
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from harness.leases import AccountLeases, NoAccount, lock_dir, shortfall, worker_count, worker_index
from harness.target import Account, Captcha, Target

WAIT_S = 20          # the longest any step of these tests waits for the other side
STILL_BLOCKED_S = 1  # how long a blocked lease must stay blocked while the other holds it
ROOT = Path(__file__).resolve().parent.parent


def account(role: str, name: str) -> Account:
    return Account(role=role, account=name, password=f"pw-{name}", email=f"{name}@example.com", name=name.upper())


def target_with(*accounts: Account, name: str = "staging") -> Target:
    return Target(name=name, base_url="https://portal-staging.example", captcha=Captcha("fixed", "X"),
                  accounts=accounts)


TWO_FOREIGNERS = target_with(account("foreigner", "qa-f1"), account("foreigner", "qa-f2"),
                             account("employer", "qa-e1"))


def lease_within(leases: AccountLeases, role: str, timeout: float = WAIT_S) -> Account:
    """leases.lease(role), failing the test (instead of hanging it) if it blocks."""
    result: queue.Queue = queue.Queue()
    thread = threading.Thread(target=lambda: result.put(leases.lease(role)), daemon=True)
    thread.start()
    try:
        return result.get(timeout=timeout)
    except queue.Empty:
        pytest.fail(f"lease({role!r}) at index {leases.index} still blocked after {timeout} s")


def test_two_workers_of_a_two_account_role_get_different_accounts(tmp_path):
    first, second = AccountLeases(TWO_FOREIGNERS, tmp_path, index=0), AccountLeases(TWO_FOREIGNERS, tmp_path, index=1)
    try:
        assert {lease_within(first, "foreigner").account, lease_within(second, "foreigner").account} == {"qa-f1",
                                                                                                          "qa-f2"}
    finally:
        first.release()
        second.release()


@pytest.mark.parametrize(("index", "expected"), [(0, "qa-f1"), (1, "qa-f2"), (2, "qa-f1"), (3, "qa-f2"), (7, "qa-f2")])
def test_worker_n_takes_account_n_modulo_the_accounts_of_the_role(tmp_path, index, expected):
    leases = AccountLeases(TWO_FOREIGNERS, tmp_path, index=index)
    try:
        assert lease_within(leases, "foreigner").account == expected
        assert lease_within(leases, "employer").account == "qa-e1"
    finally:
        leases.release()


def test_a_released_account_can_be_leased_again(tmp_path):
    target = target_with(account("foreigner", "qa-only"))
    first = AccountLeases(target, tmp_path, index=0)
    lease_within(first, "foreigner")
    first.release()
    again = AccountLeases(target, tmp_path, index=1)
    try:
        assert lease_within(again, "foreigner").account == "qa-only"
    finally:
        again.release()


def test_the_lease_files_live_in_the_directory_given(tmp_path):
    leases = AccountLeases(TWO_FOREIGNERS, tmp_path / "locks", index=0)
    try:
        lease_within(leases, "foreigner")
        assert [p.name for p in (tmp_path / "locks").iterdir()] == ["foreigner-qa-f1.lock"]
    finally:
        leases.release()


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from harness.leases import AccountLeases
    from harness.target import Account, Captcha, Target

    target = Target(name="staging", base_url="https://portal-staging.example", captcha=Captcha("fixed", "X"),
                    accounts=(Account("foreigner", "qa-only", "pw", "qa@example.com", "QA"),))
    leases = AccountLeases(target, Path(sys.argv[1]), index=1)
    print("leasing", flush=True)
    print("leased", leases.lease("foreigner").account, flush=True)
    sys.stdin.readline()          # hold it until told to go
    leases.release()
    print("released", flush=True)
""")


def test_with_one_account_a_second_process_waits_until_the_first_releases(tmp_path):
    target = target_with(account("foreigner", "qa-only"))
    mine = AccountLeases(target, tmp_path, index=0)
    assert lease_within(mine, "foreigner").account == "qa-only"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], cwd=ROOT, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in child.stdout], daemon=True).start()

    def next_line(timeout: float) -> str | None:
        try:
            return lines.get(timeout=timeout)
        except queue.Empty:
            return None

    try:
        assert next_line(WAIT_S) == "leasing", child.stderr.read() if child.poll() is not None else "no answer"
        assert next_line(STILL_BLOCKED_S) is None, "the other process leased an account this one holds"
        mine.release()
        assert next_line(WAIT_S) == "leased qa-only", "the other process did not get the account once released"
        child.stdin.write("go\n")
        child.stdin.flush()
        assert next_line(WAIT_S) == "released"
        assert child.wait(timeout=WAIT_S) == 0
    finally:
        mine.release()
        if child.poll() is None:
            child.kill()
            child.wait(timeout=WAIT_S)


def test_a_role_without_accounts_is_no_account_naming_the_role(tmp_path):
    leases = AccountLeases(TWO_FOREIGNERS, tmp_path, index=0)
    with pytest.raises(NoAccount, match="agency"):
        leases.lease("agency")
    assert not list(tmp_path.iterdir()), "a lease file was made for a role without accounts"


TARGET_3_1_1 = target_with(account("foreigner", "f1"), account("foreigner", "f2"), account("foreigner", "f3"),
                           account("employer", "e1"), account("agency", "a1"))


@pytest.mark.parametrize(
    ("workers", "expected"),
    [
        (1, []),
        (2, ["agency: 1 account(s) for 2 workers", "employer: 1 account(s) for 2 workers"]),
        (3, ["agency: 1 account(s) for 3 workers", "employer: 1 account(s) for 3 workers"]),
        (4, ["agency: 1 account(s) for 4 workers", "employer: 1 account(s) for 4 workers",
             "foreigner: 3 account(s) for 4 workers"]),
    ],
)
def test_shortfall_reports_roles_with_fewer_accounts_than_workers(workers, expected):
    assert shortfall(TARGET_3_1_1, workers) == expected


def test_shortfall_of_a_target_without_accounts_is_empty():
    assert shortfall(target_with(), 4) == []


@pytest.mark.parametrize(("worker", "expected"), [(None, 0), ("gw0", 0), ("gw1", 1), ("gw12", 12)])
def test_the_worker_index_comes_from_xdist(monkeypatch, tmp_path, worker, expected):
    if worker is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    assert worker_index() == expected
    assert AccountLeases(TWO_FOREIGNERS, tmp_path).index == expected


@pytest.mark.parametrize(("count", "expected"), [(None, 1), ("4", 4)])
def test_the_worker_count_comes_from_xdist(monkeypatch, count, expected):
    if count is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", count)
    assert worker_count() == expected


def test_the_lock_directory_is_one_per_target():
    same = lock_dir(TWO_FOREIGNERS)
    assert same == lock_dir(target_with(name="staging"))       # accounts do not matter, name and URL do
    assert same != lock_dir(target_with(name="live"))
    assert same != lock_dir(TWO_FOREIGNERS.with_base_url("https://portal-live.example"))
    assert same.name.startswith("staging-")
