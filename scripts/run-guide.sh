#!/usr/bin/env bash
# The main job: set up (scripts/setup.sh), then check the portal in Chromium and
# write the results under reports/. Extra arguments go to pytest, e.g.
#   scripts/run-guide.sh --base-url https://portal.example
#   xvfb-run scripts/run-guide.sh --headed      (a headed run needs a display)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
mkdir -p reports

# For now this is the portal smoke run in tests/browser. When the guide suite
# (features/*.feature with steps/ and pages/) lands, it takes over here: point
# pytest at features/ instead of tests/browser, keeping the JUnit report path.
exec .venv/bin/python -m pytest tests/browser --junitxml=reports/junit-guide.xml "$@"
