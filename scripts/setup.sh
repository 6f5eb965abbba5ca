#!/usr/bin/env bash
# Set up everything the harness needs: .venv with the project and its test
# extras, a Chromium, and CJK fonts. Safe to run again; a second run only
# checks and takes a second or two.
#
#   scripts/setup.sh [--headed-support] [--video-support]
#
#   --headed-support   also install xvfb, so headed runs work without a screen
#                      (xvfb-run scripts/run-guide.sh --headed)
#   --video-support    also install Debian's ffmpeg where Playwright looks for its
#                      own (which cannot be downloaded here), so --video works
#
# Environment: PYTHON (default python3) is the interpreter the venv is made from.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

HEADED_SUPPORT=0
VIDEO_SUPPORT=0
for arg in "$@"; do
    case "$arg" in
        --headed-support) HEADED_SUPPORT=1 ;;
        --video-support) VIDEO_SUPPORT=1 ;;
        -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup: unknown option: $arg (try --help)" >&2; exit 2 ;;
    esac
done

PYTHON="${PYTHON:-python3}"
VENV=.venv
VPY="$VENV/bin/python"
STAMP="$VENV/.setup-pyproject.sha256"

say() { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: warning: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || return 1
}

# --- Python >= 3.11 -----------------------------------------------------------
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    if [ "$PYTHON" = python3 ] && can_apt; then
        apt_install python3 python3-venv || die "could not install python3 with apt-get"
    else
        die "$PYTHON not found; install Python 3.11 or newer (Debian 12: apt-get install python3 python3-venv)"
    fi
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    die "Python 3.11 or newer needed, $PYTHON is $("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
fi

# --- .venv ----------------------------------------------------------------------
if [ ! -x "$VPY" ] || ! "$VPY" -c 'import pip' >/dev/null 2>&1; then
    # Debian ships venv's pip bootstrap (ensurepip) separately, in python3-venv.
    if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        if can_apt; then
            apt_install python3-venv || die "could not install python3-venv with apt-get"
        else
            die "'$PYTHON -m venv' is unavailable; install it (Debian: apt-get install python3-venv)"
        fi
    fi
    say "creating $VENV"
    # --clear: a half-made .venv (from an earlier failed attempt) is replaced.
    "$PYTHON" -m venv --clear "$VENV"
    rm -f "$STAMP"
fi

# --- the project and its test extras ---------------------------------------------
want_hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_hash" ]; then
    say "packages up to date (pyproject.toml unchanged)"
else
    say "installing the project: pip install -e '.[test]'"
    "$VPY" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    printf '%s\n' "$want_hash" >"$STAMP"
fi

# --- Chromium: Playwright's own, else the system's, else apt ---------------------
# Keep this order in step with harness/browser.py (find_chromium).
playwright_chromium() {
    "$VPY" - <<'PY' 2>/dev/null
import os
from playwright.sync_api import sync_playwright

p = sync_playwright().start()
try:
    path = p.chromium.executable_path
finally:
    p.stop()
if path and os.path.isfile(path):
    print(path)
PY
}

system_chromium() {
    local path
    for path in /usr/bin/chromium /usr/bin/chromium-browser; do
        if [ -f "$path" ]; then
            echo "$path"
            return 0
        fi
    done
    return 1
}

if chromium="$(playwright_chromium)" && [ -n "$chromium" ]; then
    say "Chromium: Playwright's own ($chromium)"
elif chromium="$(system_chromium)"; then
    say "Chromium: system ($chromium)"
elif can_apt; then
    apt_install chromium fonts-noto-cjk || die "apt-get could not install chromium"
    chromium="$(system_chromium)" || die "chromium installed but not found at /usr/bin/chromium"
    say "Chromium: system ($chromium), just installed"
else
    die "no Chromium found. Install one of:
    apt-get install chromium fonts-noto-cjk    (Debian, as root)
    .venv/bin/playwright install chromium     (Playwright's own; needs access to its download host)"
fi

# --- CJK fonts: the guide and the portal are in Traditional Chinese ----------------
have_cjk_fonts() {
    if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh-tw family 2>/dev/null)" ]; then
        return 0
    fi
    dpkg -s fonts-noto-cjk >/dev/null 2>&1
}

if have_cjk_fonts; then
    say "CJK fonts: present"
elif can_apt && apt_install fonts-noto-cjk; then
    say "CJK fonts: installed fonts-noto-cjk"
else
    warn "no Traditional Chinese fonts; pages will render as boxes in screenshots." \
        "Install them with: apt-get install fonts-noto-cjk"
fi

# --- MailDev: the mail server of the project's own runs ----------------------------
# The registration and 「忘記密碼?」 scenarios read the bundled portal's mail through it
# (harness/maildev.py). Pinned in package.json as a dependency; Allure, a devDependency,
# is installed by scripts/allure-report.sh when a report is rendered.
install_maildev() {
    say "installing MailDev from package-lock.json (npm ci --omit=dev)"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null \
        || warn "npm could not install MailDev; the scenarios that read mail through it will skip"
}
if [ -x node_modules/.bin/maildev ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    say "MailDev: present"
elif command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    install_maildev
elif can_apt && apt_install nodejs npm; then
    install_maildev
else
    warn "no Node.js, so no MailDev: the scenarios that read mail through it will skip" \
        "(install it with: apt-get install nodejs npm, then run this again)"
fi

# --- optional: a virtual display for headed runs -----------------------------------
if [ "$HEADED_SUPPORT" -eq 1 ]; then
    if command -v xvfb-run >/dev/null 2>&1; then
        say "xvfb: present"
    elif can_apt && apt_install xvfb; then
        say "xvfb: installed"
    else
        warn "could not install xvfb; headed runs need a display (apt-get install xvfb)"
    fi
fi

# --- optional: ffmpeg for pytest-playwright's --video -------------------------------
if [ "$VIDEO_SUPPORT" -eq 1 ]; then
    ffmpeg_dir=$("$VPY" - <<'PY'
import json, os, playwright
browsers = os.path.join(os.path.dirname(playwright.__file__), "driver", "package", "browsers.json")
revision = next(b["revision"] for b in json.load(open(browsers))["browsers"] if b["name"] == "ffmpeg")
root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser("~/.cache/ms-playwright")
print(os.path.join(root, f"ffmpeg-{revision}"))
PY
)
    if [ -x "$ffmpeg_dir/ffmpeg-linux" ]; then
        say "ffmpeg for --video: present ($ffmpeg_dir)"
    elif command -v ffmpeg >/dev/null 2>&1 || { can_apt && apt_install ffmpeg; }; then
        mkdir -p "$ffmpeg_dir" && ln -sf "$(command -v ffmpeg)" "$ffmpeg_dir/ffmpeg-linux"
        say "ffmpeg for --video: Debian's ffmpeg linked at $ffmpeg_dir/ffmpeg-linux"
    else
        warn "could not install ffmpeg; --video will fail (apt-get install ffmpeg, then rerun with --video-support)"
    fi
fi

say "ready"
