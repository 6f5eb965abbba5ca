#!/usr/bin/env bash
# The main job: set up (scripts/setup.sh), then check the portal in Chromium against the
# guide (features/), headless, and write the results under reports/:
#   reports/junit-guide.xml     JUnit XML for CI
#   reports/allure-results/     Allure results: every Gherkin step a step, each with its screenshot
#   reports/playwright/         the failing step's whole page of each failed test (failed-step.png;
#                               and trace.zip with --tracing=retain-on-failure: about a third slower)
#   reports/allure-report/      the rendered Allure report (scripts/allure-report.sh; needs Node)
# Extra arguments go to pytest, e.g.
#   scripts/run-guide.sh -k journey
#   scripts/run-guide.sh --step-screenshots=all        (a screenshot in every step, not only after checks)
#   scripts/run-guide.sh --tracing=retain-on-failure   (a Playwright trace of each failed test)
#   scripts/run-guide.sh --target examples/staging.toml   (another portal, described by a profile)
#   scripts/run-guide.sh --base-url https://portal.example
#   xvfb-run scripts/run-guide.sh --headed      (a headed run needs a display)
# Exits with pytest's code; the report is rendered whether the tests passed or not.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
mkdir -p reports

status=0
.venv/bin/python -m pytest features \
    --junitxml=reports/junit-guide.xml \
    --alluredir=reports/allure-results --clean-alluredir \
    --output=reports/playwright \
    "$@" || status=$?

# Render the report without touching pytest's exit code; a failure here only warns.
scripts/allure-report.sh || echo "run-guide: warning: the Allure report was not rendered (see above)" >&2

echo "run-guide: JUnit XML:       reports/junit-guide.xml"
echo "run-guide: Allure results:  reports/allure-results/"
if [ -f reports/allure-report/index.html ]; then
    echo "run-guide: Allure report:   reports/allure-report/index.html  (serve it: scripts/allure-report.sh --serve)"
fi
if [ -d reports/playwright ]; then
    echo "run-guide: failures:        reports/playwright/  (a trace.zip there opens with .venv/bin/playwright show-trace)"
fi
exit "$status"
