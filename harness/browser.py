"""Which Chromium to launch, and with which flags.

Playwright's own Chromium comes first, because its version matches the
installed Playwright. Where it cannot be downloaded (no access to Playwright's
download host, as on our CI machines) we fall back to the distribution's
Chromium (Debian: /usr/bin/chromium). The flags let Chromium run as root in a
container with a small /dev/shm, stop it calling home, and make it render text
and colours the same way on every run, so screenshots can be compared.
"""

from __future__ import annotations

import functools
import os
import subprocess
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

SYSTEM_CHROMIUM_PATHS: tuple[str, ...] = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

CHROMIUM_ARGS: tuple[str, ...] = (
    # Run as root and in containers, without phoning home or first-run screens.
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Screenshot stability: same glyph rendering, colours and layout every run.
    "--disable-lcd-text",
    "--font-render-hinting=none",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
    # Speed: Chromium's new headless mode gives every browser context a window with the
    # omnibox popup's WebUI preloaded, and keeps a spare renderer for the next site: two
    # renderer processes per context that no scenario uses. Without them a new context
    # and page costs about a third less (docs/benchmarks.md). Chromium merges this with
    # Playwright's own --disable-features.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess",
)

INSTALL_HINT = (
    "Install one of:\n"
    "  - Debian's Chromium (as root): apt-get install chromium fonts-noto-cjk\n"
    "  - Playwright's Chromium:       .venv/bin/playwright install chromium\n"
    "or run scripts/setup.sh, which does the first when it can."
)


class ChromiumNotFound(Exception):
    """Neither Playwright's Chromium nor a system Chromium is installed."""

    def __init__(self, searched: Iterable[str] = ()) -> None:
        searched = list(searched)
        where = f" (looked for Playwright's own and at {', '.join(searched)})" if searched else ""
        super().__init__(f"No Chromium found{where}.\n{INSTALL_HINT}")


class NoDisplay(RuntimeError):
    """A headed run was asked for, but there is no display to show it on."""

    def __init__(self) -> None:
        super().__init__(
            "A headed run needs a display, and neither DISPLAY nor WAYLAND_DISPLAY is set.\n"
            "Run under a virtual one, e.g. `xvfb-run scripts/run-guide.sh --headed` "
            "(install it with `scripts/setup.sh --headed-support` or `apt-get install xvfb`)."
        )


def _ask_playwright() -> str:
    from playwright.sync_api import sync_playwright

    p = sync_playwright().start()
    try:
        return p.chromium.executable_path
    finally:
        p.stop()


@functools.cache
def playwright_chromium_path() -> str | None:
    """Path of Playwright's own Chromium if it has been downloaded, else None.

    Asked in a worker thread: Playwright's sync API refuses to start where an
    event loop is running, which is the case inside pytest-playwright's session.
    """
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            path = pool.submit(_ask_playwright).result()
    except Exception as error:  # noqa: BLE001 - Playwright missing or its driver broken: as "not downloaded", said
        warnings.warn(f"Playwright could not say where its own Chromium is ({type(error).__name__}: {error}); "
                      "looking for the system's", stacklevel=2)
        return None
    return path if path and os.path.isfile(path) else None


def find_chromium(
    playwright_executable: str | None = None,
    system_paths: Iterable[str] = SYSTEM_CHROMIUM_PATHS,
) -> str | None:
    """Decide which Chromium to launch.

    Returns None when Playwright's own Chromium exists (launch it without an
    executable_path), else the first system Chromium that exists. Raises
    ChromiumNotFound, saying how to install one, when there is neither.
    """
    if playwright_executable and os.path.isfile(playwright_executable):
        return None
    system_paths = tuple(system_paths)
    for path in system_paths:
        if os.path.isfile(path):
            return path
    raise ChromiumNotFound(system_paths)


def launch_args(headed: bool = False) -> dict:
    """Keyword arguments to merge into pytest-playwright's ``browser_type_launch_args``."""
    if headed and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay()
    args: dict = {"args": list(CHROMIUM_ARGS)}
    executable = find_chromium(playwright_chromium_path(), SYSTEM_CHROMIUM_PATHS)
    if executable is not None:
        args["executable_path"] = executable
    return args


def _first_line(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    lines = done.stdout.strip().splitlines()
    return lines[0].strip() if lines and lines[0].strip() else "unknown"


def browser_versions(executable: str) -> dict:
    """Chromium's and the CJK fonts' versions, to label screenshot baselines.

    Either value is "unknown" when it cannot be found out.
    """
    return {
        "chromium": _first_line([executable, "--version"]),
        "fonts_noto_cjk": _first_line(["dpkg-query", "-W", "-f=${Version}\n", "fonts-noto-cjk"]),
    }
