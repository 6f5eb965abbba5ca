#!/usr/bin/env bash
# Regenerate .test_durations, the per-test times (pytest-split's JSON format) that
# `--shard I/N` uses to give every shard about the same share of the suite
# (harness/shard_plugin.py). Runs the whole suite once (tests/ and features/) with
# pytest-split's --store-durations, then replaces the file; commit it afterwards.
#
# Serial (-n 0), on purpose: under xdist every worker process writes the durations file
# itself at the end of its session, so workers race on the same file; and two tests
# sharing the CPUs each measure slower than they are, which skews the times the split
# balances. It took 10.5 minutes on a busy 2-CPU machine (1662 tests, 2026-12-02).
#
# The file is written only when the run finished (pytest exit code 0, or 1 when some tests
# failed: their times are kept, with a warning, since a failing test may take more or less
# time than when it passes); after an interruption or a usage error the old file stays.
# Extra arguments go to pytest, e.g. scripts/refresh-durations.sh --target examples/staging.toml
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh

new=$(mktemp .test_durations.XXXXXX)
trap 'rm -f "$new"' EXIT
echo '{}' >"$new"      # pytest-split reads the file before it writes it: it must be JSON
chmod 644 "$new"
status=0
# --clean-durations: the file lists exactly the tests of this run, none that were removed.
.venv/bin/python -m pytest tests features -n 0 \
    --store-durations --clean-durations --durations-path "$new" "$@" || status=$?

if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "refresh-durations: pytest exited with $status; .test_durations left as it was" >&2
    exit "$status"
fi
if [ "$status" -eq 1 ]; then
    echo "refresh-durations: warning: some tests failed; their times are recorded as this run measured them" >&2
fi
mv "$new" .test_durations
echo "refresh-durations: wrote .test_durations ($(grep -c '::' .test_durations) tests)"
exit "$status"
