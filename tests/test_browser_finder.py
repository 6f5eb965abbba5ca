"""harness.browser decides which Chromium to launch; no browser is started here."""

from __future__ import annotations

import asyncio
import os
import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import browser
from harness.browser import CHROMIUM_ARGS, ChromiumNotFound, browser_versions, find_chromium, launch_args


def fake_exe(path, text="#!/bin/sh\nexit 0\n"):
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_playwright_own_chromium_is_preferred(tmp_path):
    own = fake_exe(tmp_path / "chrome")
    system = fake_exe(tmp_path / "chromium")

    assert find_chromium(own, system_paths=(system,)) is None


def test_system_chromium_when_playwright_has_none(tmp_path):
    system = fake_exe(tmp_path / "chromium")

    assert find_chromium(None, system_paths=(system,)) == system


def test_playwright_path_that_does_not_exist_is_ignored(tmp_path):
    system = fake_exe(tmp_path / "chromium")

    assert find_chromium(str(tmp_path / "not-downloaded" / "chrome"), system_paths=(system,)) == system


def test_first_existing_system_path_wins(tmp_path):
    second = fake_exe(tmp_path / "chromium-browser")
    third = fake_exe(tmp_path / "chromium")

    found = find_chromium(None, system_paths=(str(tmp_path / "missing"), second, third))

    assert found == second


def test_no_chromium_at_all_says_how_to_install_one(tmp_path):
    missing = str(tmp_path / "chromium")

    with pytest.raises(ChromiumNotFound) as raised:
        find_chromium(None, system_paths=(missing,))

    message = str(raised.value)
    assert "apt-get install chromium fonts-noto-cjk" in message
    assert "playwright install chromium" in message
    assert missing in message


def test_launch_args_use_system_chromium_when_playwright_has_none(tmp_path, monkeypatch):
    system = fake_exe(tmp_path / "chromium")
    monkeypatch.setattr(browser, "playwright_chromium_path", lambda: None)
    monkeypatch.setattr(browser, "SYSTEM_CHROMIUM_PATHS", (system,))

    args = launch_args()

    assert args["executable_path"] == system
    assert args["args"] == list(CHROMIUM_ARGS)


def test_launch_args_leave_out_executable_for_playwright_own(tmp_path, monkeypatch):
    own = fake_exe(tmp_path / "chrome")
    monkeypatch.setattr(browser, "playwright_chromium_path", lambda: own)

    args = launch_args()

    assert "executable_path" not in args
    assert args["args"] == list(CHROMIUM_ARGS)


def test_headed_without_display_is_refused_with_a_hint(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)

    with pytest.raises(browser.NoDisplay, match="xvfb-run"):
        launch_args(headed=True)


def test_flags_are_unique_and_include_sandbox_and_screenshot_ones():
    assert len(set(CHROMIUM_ARGS)) == len(CHROMIUM_ARGS)
    for flag in (
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--font-render-hinting=none",
        "--hide-scrollbars",
    ):
        assert flag in CHROMIUM_ARGS


def test_browser_versions_reads_the_version_line(tmp_path, monkeypatch):
    exe = fake_exe(tmp_path / "chromium", '#!/bin/sh\necho "Chromium 120.0.1 built on Debian"\n')
    # dpkg-query answers for the font package only; any other question gets nothing
    tools = tmp_path / "bin"
    tools.mkdir()
    fake_exe(tools / "dpkg-query", '#!/bin/sh\n'
             'for a in "$@"; do [ "$a" = fonts-noto-cjk ] && { echo "1:20220127+repack1-1"; exit 0; }; done\n'
             'exit 1\n')
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")

    versions = browser_versions(exe)

    assert versions == {"chromium": "Chromium 120.0.1 built on Debian", "fonts_noto_cjk": "1:20220127+repack1-1"}


def test_fonts_unknown_when_the_package_is_not_installed(tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    fake_exe(tools / "dpkg-query", "#!/bin/sh\necho 'dpkg-query: no packages found' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    assert browser_versions(str(tmp_path / "nope"))["fonts_noto_cjk"] == "unknown"


def test_browser_versions_unknown_when_executable_is_missing(tmp_path):
    assert browser_versions(str(tmp_path / "nope"))["chromium"] == "unknown"


def test_asking_playwright_works_inside_a_running_event_loop(monkeypatch):
    # pytest-playwright keeps an event loop running; Playwright's sync API refuses to start
    # there. The answer is a path whether or not Playwright's Chromium was downloaded, so
    # with every path taken as present, None can only mean that asking failed.
    monkeypatch.setattr(browser.os.path, "isfile", lambda path: True)
    browser.playwright_chromium_path.cache_clear()

    async def ask():
        return browser.playwright_chromium_path()

    try:
        # a thread of its own: the main thread may already run pytest-playwright's loop
        with ThreadPoolExecutor(max_workers=1) as pool:
            answer = pool.submit(asyncio.run, ask()).result()
    finally:
        browser.playwright_chromium_path.cache_clear()
    assert answer and "chrom" in answer.lower(), f"asking Playwright inside an event loop gave {answer!r}"
