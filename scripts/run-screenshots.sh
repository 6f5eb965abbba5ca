#!/usr/bin/env bash
# For tutorial authors: re-take the guide's 17 screenshots with their red highlights,
# compare them with the approved baselines, and write the gallery
# (reports/gallery/index.html: every step's baseline, capture and diff, and which
# scenarios check each guide step and rule). Runs the whole guide suite (features/),
# so the gallery's coverage table has this run's results.
#
#   scripts/run-screenshots.sh                      compare with the baselines
#   scripts/run-screenshots.sh --update-baselines   approve this run's captures
#   scripts/run-screenshots.sh --pixel-threshold 0.2 --max-diff-ratio 0.001
#   scripts/run-screenshots.sh --target examples/staging.toml   (baselines/<its name>/)
#
# Other arguments go to pytest as well. Exits with pytest's code: 1 when a screen changed
# beyond tolerance, or a guide step or rule has no scenario.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
mkdir -p reports

set +e
.venv/bin/python -m pytest features \
    -p harness.screenshot_plugin -p steps.screenshot_steps \
    --gallery --junitxml=reports/junit-screenshots.xml "$@"
status=$?
set -e

exit "$status"
