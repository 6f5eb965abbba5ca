"""pytest plugin: `--shard I/N` runs the I-th of N parts of the suite, so N machines (a CI
matrix) can share one run. It only translates the option for pytest-split, which does the
splitting: `--splits N --group I`, the committed durations file `.test_durations` at the
repository root, and the least_duration algorithm.

Why least_duration: it hands the longest tests out first, each to the shard with the least
time so far, so one long scenario (the screenshot walk) does not unbalance a shard; and it
sorts by duration, then by test name, before splitting, so the partition hardly depends on
the collection order. pytest-split's default, duration_based_chunks, cuts the collection
order into consecutive slices instead. Either way every shard must collect the same tests
(same arguments, same --random-order-seed if any) for the shards to be disjoint.

Why pytest_cmdline_main: pytest-split checks --splits/--group in its own (tryfirst)
pytest_cmdline_main and, in pytest_configure, decides whether to split and reads the
durations file. Setting the options here, before any pytest_configure runs, means it sees
them whichever plugin is registered first. Under xdist each worker parses the same command
line, so each computes the same shard and the workers collect identical sets."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DURATIONS_FILE = ".test_durations"       # pytest-split's format; written by scripts/refresh-durations.sh
ALGORITHM = "least_duration"
SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(value: str) -> tuple[int, int]:
    """'2/3' -> (2, 3); anything else, or I outside 1..N, is a one-line UsageError."""
    match = SHARD.match(value)
    if match:
        index, total = int(match.group(1)), int(match.group(2))
        if 1 <= index <= total:
            return index, total
    raise pytest.UsageError(f"--shard takes I/N with 1 <= I <= N (e.g. --shard 2/3), not {value!r}")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("shards")
    group.addoption("--shard", metavar="I/N", default=None,
                    help=f"run only the I-th of N shards of the collected tests (pytest-split, {ALGORITHM}, "
                         f"durations from {DURATIONS_FILE} at the repository root)")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    option = config.option
    # pytest-split's default is <cwd>/.test_durations; the committed file is at the root.
    if getattr(option, "durations_path", None) == os.path.join(os.getcwd(), DURATIONS_FILE):
        option.durations_path = str(Path(config.rootpath) / DURATIONS_FILE)
    value = config.getoption("shard")
    if value is None:
        return
    index, total = parse_shard(value)
    if option.splits is not None or option.group is not None:
        raise pytest.UsageError("--shard sets pytest-split's --splits and --group: give one or the other")
    option.splits, option.group, option.splitting_algorithm = total, index, ALGORITHM
