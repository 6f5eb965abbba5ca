#!/usr/bin/env bash
# Render Allure results as a static site with Allure 3 (the npm package `allure`, pinned
# in package.json): it needs Node only, no Java.
#
#   scripts/allure-report.sh [--serve] [RESULTS_DIR [REPORT_DIR]]
#
#   RESULTS_DIR   default reports/allure-results (written by scripts/run-guide.sh)
#   REPORT_DIR    default reports/allure-report (replaced on each run)
#   --serve       afterwards, serve REPORT_DIR on http://127.0.0.1:${PORT:-8765}/ until Ctrl-C
#                 (the report loads its data with fetch(), which file:// URLs do not allow)
#
# The first run installs node_modules/ from package-lock.json (npm ci); later runs reuse it.
# Without node or npm it says so and exits 0 without rendering (nothing else depends on it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVE=0
args=()
for arg in "$@"; do
    case "$arg" in
        --serve) SERVE=1 ;;
        -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "allure-report: unknown option: $arg (try --help)" >&2; exit 2 ;;
        *) args+=("$arg") ;;
    esac
done
RESULTS="${args[0]:-reports/allure-results}"
REPORT="${args[1]:-reports/allure-report}"

say() { printf 'allure-report: %s\n' "$*"; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "node and npm are needed to render the report (Debian: apt-get install nodejs npm; checked with Node 20)."
    say "not rendered; the raw results are in $RESULTS"
    exit 0
fi
if ! compgen -G "$RESULTS/*-result.json" >/dev/null; then
    say "no results in $RESULTS (run scripts/run-guide.sh first); nothing to render"
    exit 0
fi

# Install (again) when node_modules/ is missing or older than the lock file.
ALLURE=node_modules/.bin/allure
if [ ! -x "$ALLURE" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing Allure 3 from package-lock.json (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
fi

rm -rf "$REPORT"
say "rendering $RESULTS -> $REPORT"
# NO_COLOR: the CLI's banner is plain text in CI logs too.
NO_COLOR=1 "$ALLURE" generate "$RESULTS" --output "$REPORT" --report-name "Gold Card guide" >/dev/null
# Allure 3's "awesome" report always embeds a Google Analytics tag (gtag.js, fetched from
# googletagmanager.com when the report is opened); drop it, so opening a report sends nothing out.
sed -i '/googletagmanager\.com\/gtag/,/<\/script>/d' "$REPORT/index.html"
if grep -q googletagmanager "$REPORT/index.html"; then
    say "warning: could not remove the analytics tag from $REPORT/index.html"
fi
say "report: $REPORT/index.html (serve it over http: scripts/allure-report.sh --serve)"

if [ "$SERVE" -eq 1 ]; then
    port="${PORT:-8765}"
    say "serving $REPORT on http://127.0.0.1:$port/ (Ctrl-C stops it)"
    exec .venv/bin/python -m http.server --bind 127.0.0.1 --directory "$REPORT" "$port"
fi
