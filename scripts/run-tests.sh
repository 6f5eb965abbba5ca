#!/usr/bin/env bash
# Set up (scripts/setup.sh), then run the harness's own tests (pyproject's testpaths).
# Extra arguments go to pytest, e.g. scripts/run-tests.sh -k login -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
