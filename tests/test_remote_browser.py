"""--browser-endpoint (harness/remote_browser.py): guide scenarios run in the browser of a
`playwright run-server --unsafe`, not in one the suite launches, and still reach the
bundled portal on this machine's loopback (expose_network). Also the option's validation.

The server is started with `--port 0` and we wait on its "Listening on ws://…" line.
The system picks the free port, and the line is only printed once the server listens,
so there is no port race and no fixed sleep. Whose browser ran is told three ways, while the
inner run goes on: the server's debug log says it launched one for a client and started
the socks proxy that carries the exposed loopback; among the server's descendants there
is a Chromium with all of CHROMIUM_ARGS (so the launch options reached it, with our
names); and among the inner pytest's descendants there is no browser at all. If the
option were ignored, the inner run would launch its own Chromium and all three would fail."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness import remote_browser
from harness.browser import CHROMIUM_ARGS, launch_args
from harness.junit import case_outcome
from harness.remote_browser import check_endpoint, remote_launch_options

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_S = 60
RUN_TIMEOUT_S = 300
SCENARIOS = (                                   # quick ones: the entry pages, and one that logs in
    "features/test_guide.py::test_入口網站顯示平臺名稱上方連結與瀏覽器建議",
    "features/test_guide.py::test_線上申辦項目列出六個圖示公布欄有四個欄位",
    "features/test_guide.py::test_點選就業金卡圖示進入就業金卡簡介",
    "features/test_guide.py::test_成功登入會把密碼錯誤次數歸零",
)
BROWSER_NAMES = {"chromium", "chromium-browser", "chrome", "headless_shell"}


def inner_env() -> dict[str, str]:
    # The outer run's PYTEST_ADDOPTS (a CI shard's --shard, say) must not reach the inner one.
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("PYTEST_XDIST")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


# The unit tests: no browser -----------------------------------------------------------

@pytest.mark.parametrize("url", ["ws://127.0.0.1:3000/", "wss://browsers.example.test/pw", "ws://[::1]:3000"])
def test_a_ws_or_wss_url_is_taken_as_it_is(url):
    assert check_endpoint(url) == url


@pytest.mark.parametrize(("url", "why"), [
    ("http://127.0.0.1:3000/", "ws:// or wss://"),
    ("127.0.0.1:3000", "ws:// or wss://"),
    ("", "ws:// or wss://"),
    ("ws:///nohost", "no host"),
    ("ws://127.0.0.1:notaport/", "Port"),
    ("ws://127.0.0.1:0/", "port 0"),
])
def test_anything_else_is_a_one_line_usage_error(url, why):
    with pytest.raises(pytest.UsageError) as refused:
        check_endpoint(url)
    message = str(refused.value)
    assert "\n" not in message and why in message and repr(url) in message


def test_the_server_gets_its_own_names_and_no_local_path():
    local = {"args": ["--no-sandbox"], "executable_path": "/usr/bin/chromium", "slow_mo": 50, "channel": None}
    assert remote_launch_options(local) == {"args": ["--no-sandbox"], "slowMo": 50, "headless": True}
    assert remote_launch_options({"headless": False}, "/opt/chromium/chrome") == {
        "headless": False, "executablePath": "/opt/chromium/chrome"}


class Options:
    def __init__(self, **given) -> None:
        self.given = given

    def getoption(self, name, default=None):
        return self.given.get(name, default)


def test_remote_chromium_alone_is_refused():
    with pytest.raises(pytest.UsageError, match="give both"):
        remote_browser.pytest_configure(Options(remote_chromium="/usr/bin/chromium"))
    remote_browser.pytest_configure(Options(browser_endpoint="ws://h:1/", remote_chromium="/usr/bin/chromium"))
    remote_browser.pytest_configure(Options())


def test_a_bad_endpoint_stops_the_run_before_it_starts():
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider", "--collect-only", "-q",
         "--browser-endpoint", "http://127.0.0.1:3000/", "tests/test_junit.py"],
        cwd=ROOT, env=inner_env(), capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout[-2000:] + done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "--browser-endpoint takes a ws://" in errors[0], done.stderr


# The remote run -----------------------------------------------------------------------

def _processes() -> dict[int, tuple[int, list[str]]]:
    """pid -> (parent pid, argv) of every process we may read."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        except OSError:                         # it ended while we looked
            continue
        found[int(entry)] = (int(stat.rpartition(")")[2].split()[1]), argv)
    return found


def descendants(root: int, table: dict[int, tuple[int, list[str]]]) -> list[list[str]]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        out.append(table[pid][1])
        todo.extend(children.get(pid, []))
    return out


def is_browser(argv: list[str]) -> bool:
    return bool(argv) and (os.path.basename(argv[0]) in BROWSER_NAMES or any(a.startswith("--type=") for a in argv))


class RunServer:
    def __init__(self, tmp: Path) -> None:
        self.log = tmp / "run-server.log"
        with open(self.log, "wb") as out:
            # stdin stays open: run-server exits when its stdin closes.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1", "--port", "0", "--unsafe"],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "DEBUG": "pw:server"})
        self.endpoint = self._wait_listening()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def _wait_listening(self) -> str:
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            listening = re.search(r"^Listening on (ws://\S+)$", self.output(), flags=re.MULTILINE)
            if listening:
                return listening.group(1)
            if self.process.poll() is not None:
                raise AssertionError(f"run-server exited ({self.process.returncode}):\n{self.output()}")
            time.sleep(0.05)
        self.stop()
        raise AssertionError(f"run-server did not listen within {SERVER_START_S} s:\n{self.output()}")

    def stop(self) -> None:
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue
        if self.process.stdin:
            self.process.stdin.close()


@pytest.fixture
def run_server(tmp_path):
    server = RunServer(tmp_path)
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.timeout(RUN_TIMEOUT_S + 60)
def test_guide_scenarios_run_in_the_run_servers_browser(run_server, tmp_path):
    # Where Playwright's own Chromium is missing, tell the server (same machine) to use ours.
    here = launch_args().get("executable_path")
    junit = tmp_path / "junit.xml"
    cmd = [sys.executable, "-m", "pytest", *SCENARIOS, "-p", "no:randomly", "-p", "no:cacheprovider", "-q",
           "--browser-endpoint", run_server.endpoint, *(["--remote-chromium", here] if here else []),
           "--junitxml", str(junit), "--summary-json", str(tmp_path / "summary.json"),
           "--output", str(tmp_path / "playwright")]
    remote_browsers, local_browsers = [], []
    with open(tmp_path / "inner.log", "wb") as out:
        inner = subprocess.Popen(cmd, cwd=ROOT, env=inner_env(), stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while inner.poll() is None:
            if time.monotonic() > deadline:
                inner.kill()
                inner.wait()
                break
            table = _processes()
            remote_browsers += [a for a in descendants(run_server.process.pid, table) if is_browser(a)]
            local_browsers += [a for a in descendants(inner.pid, table) if is_browser(a)]
            time.sleep(0.1)
    said = (tmp_path / "inner.log").read_text(encoding="utf-8", errors="replace")
    assert inner.returncode == 0, f"inner run exited {inner.returncode}:\n{said[-4000:]}"

    cases = ET.parse(junit).getroot().iter("testcase")
    outcomes = {case.get("name"): case_outcome(case)[0] for case in cases}
    assert sorted(outcomes.values()) == ["passed"] * len(SCENARIOS), outcomes

    server_said = run_server.output()
    assert 'engaged launch mode for "chromium"' in server_said, server_said[-3000:]
    assert "started socks proxy" in server_said, f"no exposed network: {server_said[-3000:]}"
    main = [argv for argv in remote_browsers if not any(a.startswith("--type=") for a in argv)]
    assert main, "no browser was seen under the run-server while the scenarios ran"
    assert any(all(flag in argv for flag in CHROMIUM_ARGS) for argv in main), \
        f"the server's Chromium was not given CHROMIUM_ARGS: {main[0]}"
    assert not local_browsers, f"the suite launched a browser of its own: {local_browsers[0][:3]}"
