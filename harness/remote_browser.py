"""pytest plugin: `--browser-endpoint ws://HOST:PORT/` runs the suite's browser on a
`playwright run-server` (on another machine, say) instead of launching Chromium here.

    # on the browser machine (same Playwright major.minor as here: 1.65)
    playwright run-server --host 10.0.0.5 --port 3000 --unsafe
    # here
    pytest features --browser-endpoint ws://10.0.0.5:3000/ [--remote-chromium /usr/bin/chromium]

How: pytest-playwright 0.10's `launch_browser` calls `browser_type.connect(**connect_options,
headers=...)` whenever the session fixture `connect_options` returns a dict; this plugin
overrides that fixture. What it returns:

- `endpoint`: the URL given (Playwright 1.65's Python `connect` names it `endpoint`).
- `expose_network="<loopback>"`: the remote browser's requests to localhost, *.localhost,
  127.0.0.1 and [::1] are tunnelled back over the same websocket and made from this
  machine. That is how it reaches the bundled portal, which the suite starts on
  127.0.0.1 here. Every other address the remote browser resolves and reaches itself:
  a `--target` portal must be reachable from the browser machine.
- `timeout`: CONNECT_TIMEOUT_MS for the connection and the server's launch of the browser
  together, so an endpoint nobody listens on fails the first test instead of hanging it.
- the header `x-playwright-launch-options`: our launch options, written by us. pytest-playwright
  writes this header too, but with the Python names (`executable_path`, `slow_mo`), which the
  server ignores. Ours has the server's names (`args`, `headless`, `slowMo`, ...). The server
  accepts `args` and `executablePath` only when it was started with `--unsafe`. Without it,
  it drops them silently: the browser then runs without CHROMIUM_ARGS, and screenshots are
  not comparable. `--unsafe` also lets every client that reaches the port start any
  executable with any arguments on that machine, and run-server has no authentication, so
  the server should listen only where every client is trusted (loopback behind an SSH
  tunnel, a private firewalled network), never on a public address.

Which Chromium the server launches (decided): the local choice (harness/browser.py) is not
sent. It is a path on this machine, and says nothing about the browser machine. By default
no `executablePath` goes, and the server launches its own Playwright Chromium
(`playwright install chromium` there), which matches the server's Playwright version.
`--remote-chromium PATH` names a Chromium on the browser machine instead (e.g. Debian's
/usr/bin/chromium where Playwright's cannot be downloaded). Our flags (CHROMIUM_ARGS) are
always sent. They are about how pages render, not about the machine.

Known gaps: the root conftest's `browser_type_launch_args` still looks for a local
Chromium (and, with --headed, a local display) before connecting. The screenshot walk
labels its captures with the local Chromium's version, not the remote one's. Fixtures that
call `launch_browser(**kwargs)` with extra options do not get them sent (none in this suite
does)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

EXPOSE_NETWORK = "<loopback>"
CONNECT_TIMEOUT_MS = 30_000
LAUNCH_OPTIONS_HEADER = "x-playwright-launch-options"
_LOCAL_ONLY = ("executable_path",)       # a path on this machine: never sent


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("guide suite")
    group.addoption("--browser-endpoint", metavar="WS_URL", default=None, dest="browser_endpoint",
                    help="connect to the browser of a `playwright run-server --unsafe` at this ws:// or wss:// "
                         "URL instead of launching Chromium here; the remote browser reaches this machine's "
                         "loopback (the bundled portal) through the connection")
    group.addoption("--remote-chromium", metavar="PATH", default=None, dest="remote_chromium",
                    help="with --browser-endpoint: the Chromium the server launches, a path on the server's "
                         "machine; default: the server's own Playwright Chromium")


def check_endpoint(value: str) -> str:
    """The URL unchanged if it is a ws:// or wss:// URL with a host (and a valid port, if
    any); otherwise a one-line UsageError."""
    problem = None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        problem = str(error)
    else:
        if parts.scheme not in ("ws", "wss"):
            problem = "it must start with ws:// or wss://"
        elif not parts.hostname:
            problem = "it names no host"
        elif port == 0:
            problem = "port 0 is not a server's port"
    if problem:
        raise pytest.UsageError(f"--browser-endpoint takes a ws://HOST:PORT/ or wss://… URL of a "
                                f"playwright run-server, not {value!r}: {problem}")
    return value


def pytest_configure(config: pytest.Config) -> None:
    endpoint = config.getoption("browser_endpoint", default=None)
    if endpoint is not None:
        check_endpoint(endpoint)
    elif config.getoption("remote_chromium", default=None):
        raise pytest.UsageError("--remote-chromium names the browser of a --browser-endpoint: give both")


def _server_name(python_name: str) -> str:
    """slow_mo -> slowMo: the protocol's names, which the server reads from the header."""
    head, *rest = python_name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


def remote_launch_options(launch_args: dict, remote_chromium: str | None = None) -> dict:
    """The launch options for the server, from pytest-playwright's (and our conftest's)
    `browser_type_launch_args`: the server's names, headless unless --headed, no local
    executable path, and the browser machine's one if given."""
    options = {_server_name(key): value for key, value in launch_args.items()
               if key not in _LOCAL_ONLY and value is not None}
    options.setdefault("headless", True)
    if remote_chromium:
        options["executablePath"] = remote_chromium
    return options


@pytest.fixture(scope="session")
def connect_options(pytestconfig, browser_type_launch_args) -> dict | None:
    """pytest-playwright's hook for connecting instead of launching: None (launch here)
    without --browser-endpoint."""
    endpoint = pytestconfig.getoption("browser_endpoint", default=None)
    if endpoint is None:
        return None
    options = remote_launch_options(browser_type_launch_args, pytestconfig.getoption("remote_chromium", default=None))
    return {
        "endpoint": endpoint,
        "expose_network": EXPOSE_NETWORK,
        "timeout": CONNECT_TIMEOUT_MS,
        "headers": {LAUNCH_OPTIONS_HEADER: json.dumps(options)},
    }

