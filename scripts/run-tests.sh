#!/usr/bin/env bash
# The README's test command (.ci/run calls it): set up (scripts/setup.sh), then plain pytest,
# which runs pyproject's testpaths: tests/ and the guide suite in features/.
# Extra arguments go to pytest, e.g. scripts/run-tests.sh -k login -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
