"""--shard I/N (harness/shard_plugin.py, over pytest-split): the shards of the suite are
pairwise disjoint and together exactly the whole suite, and a malformed value is a usage
error in one line. Collection only (pytest --collect-only in a subprocess, no browser):
each whole-suite collection takes a few seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARDS = 3


def collect(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # The outer run's PYTEST_ADDOPTS (a CI shard's own --shard, say) must not reach the inner one.
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("PYTEST_XDIST")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
         *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)


def node_ids(run: subprocess.CompletedProcess) -> list[str]:
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return [line for line in run.stdout.splitlines() if "::" in line]


@pytest.fixture(scope="module")
def whole_suite() -> list[str]:
    ids = node_ids(collect())
    assert len(ids) > 100, "the whole suite collected almost nothing"
    return ids


@pytest.fixture(scope="module")
def shard_runs() -> dict[int, subprocess.CompletedProcess]:
    runs = {i: collect("--shard", f"{i}/{SHARDS}") for i in range(1, SHARDS)}
    # The last shard from another folder, naming the suite's folders: it must still read the
    # durations file at the repository root, and so split exactly as the others did.
    runs[SHARDS] = collect("--shard", f"{SHARDS}/{SHARDS}", str(ROOT / "tests"), str(ROOT / "features"),
                           cwd=ROOT / "docs")
    return runs


@pytest.fixture(scope="module")
def shards(shard_runs) -> dict[int, list[str]]:
    return {i: node_ids(run) for i, run in shard_runs.items()}


def test_every_shard_has_tests_each_once(shards):
    for i, ids in shards.items():
        assert ids, f"shard {i}/{SHARDS} is empty"
        assert len(ids) == len(set(ids)), f"shard {i}/{SHARDS} lists a test twice"


def test_the_shards_are_pairwise_disjoint(shards):
    for i in shards:
        for j in shards:
            if i < j:
                both = set(shards[i]) & set(shards[j])
                assert not both, f"shards {i} and {j} both have {len(both)} tests, e.g. {sorted(both)[:3]}"


def test_together_the_shards_are_the_whole_suite(shards, whole_suite):
    union = set().union(*map(set, shards.values()))
    assert union == set(whole_suite), (f"missing from every shard: {sorted(set(whole_suite) - union)[:5]}; "
                                       f"not in the suite: {sorted(union - set(whole_suite))[:5]}")
    assert sum(map(len, shards.values())) == len(whole_suite)


def test_pytest_split_runs_each_group_by_duration_from_the_committed_file(shard_runs):
    for i, run in shard_runs.items():
        assert f"Running group {i}/{SHARDS}" in run.stdout
        assert "Splitting tests with algorithm: least_duration" in run.stdout
        assert "No test durations found" not in run.stdout, f"shard {i} did not find {ROOT / '.test_durations'}"


@pytest.mark.parametrize("value", ["0/3", "4/3", "x", "2/"])
def test_a_malformed_shard_is_a_one_line_usage_error(value):
    run = collect("--shard", value)
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout[-1000:] + run.stderr[-1000:]
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == [f"ERROR: --shard takes I/N with 1 <= I <= N (e.g. --shard 2/3), not {value!r}"]


def test_shard_and_pytest_splits_own_options_do_not_mix():
    run = collect("--shard", "1/3", "--splits", "2", "--group", "1")
    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert "give one or the other" in run.stderr
