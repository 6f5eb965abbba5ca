"""MailDev (the npm package pinned in package.json, installed by scripts/setup.sh) as the
mail server of the project's own runs: started on free loopback ports, its SMTP side for
the portal to send to (`--smtp`), its REST API for the harness to read (mail strategy
`maildev`), stopped when the run is done."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAILDEV = ROOT / "node_modules" / ".bin" / "maildev"
START_TIMEOUT_S = 30
READY = ("MailDev webapp running at", "MailDev SMTP Server running at")


class MaildevUnavailable(RuntimeError):
    """MailDev cannot run here; the message says what to install."""


def missing() -> str | None:
    """What this machine lacks to run MailDev, or None."""
    if shutil.which("node") is None:
        return "MailDev needs Node.js (Debian: apt-get install nodejs npm), then scripts/setup.sh installs it"
    if not MAILDEV.is_file():
        return "MailDev is not installed: scripts/setup.sh installs it (npm ci --omit=dev)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Maildev:
    smtp_port: int
    web_port: int
    process: subprocess.Popen
    directory: tempfile.TemporaryDirectory
    output: list[str] = field(default_factory=list)

    @property
    def smtp(self) -> tuple[str, int]:
        return "127.0.0.1", self.smtp_port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def _call(self, path: str, method: str = "GET") -> bytes:
        with urllib.request.urlopen(urllib.request.Request(self.url + path, method=method), timeout=10) as answer:
            return answer.read()

    def messages(self) -> list[dict]:
        """Every mail caught so far, as MailDev's REST API lists them (oldest first)."""
        return json.loads(self._call("/email"))

    def source(self, message: dict) -> bytes:
        """A caught mail as it came over SMTP, headers and all."""
        return self._call(f"/email/{message['id']}/source")

    def clear(self) -> None:
        """Delete every mail caught so far (DELETE /email/all), so a test counts its own."""
        self._call("/email/all", method="DELETE")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.directory.cleanup()


def start_maildev() -> Maildev:
    """A MailDev of its own on two free loopback ports, once it says both sides listen."""
    lack = missing()
    if lack:
        raise MaildevUnavailable(lack)
    directory = tempfile.TemporaryDirectory(prefix="maildev-")
    smtp_port, web_port = free_port(), free_port()
    process = subprocess.Popen(
        [str(MAILDEV), "--ip", "127.0.0.1", "--smtp", str(smtp_port), "--web", str(web_port),
         "--mail-directory", directory.name],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    running = Maildev(smtp_port, web_port, process, directory)
    answered, seen = threading.Event(), set()

    def read_output() -> None:      # MailDev says when each side listens; the rest is kept for errors
        for line in process.stdout:
            running.output.append(line.rstrip())
            seen.update(marker for marker in READY if marker in line)
            if len(seen) == len(READY):
                answered.set()
        answered.set()              # it exited: stop waiting

    threading.Thread(target=read_output, name="maildev-output", daemon=True).start()
    answered.wait(START_TIMEOUT_S)
    if len(seen) < len(READY) or process.poll() is not None:
        running.stop()
        said = "\n".join(running.output[-10:]) or "(nothing)"
        raise MaildevUnavailable(f"MailDev did not start on 127.0.0.1:{smtp_port}/{web_port}: it said\n{said}")
    return running
