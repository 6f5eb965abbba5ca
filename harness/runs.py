"""Running pytest from a script (the deviation matrix, the flake check, the suite
benchmark): one way to start it, time it and read back what it did from its JUnit report
rather than from its human summary, and one line saying on what machine it ran, since
timings and flakes mean little without it."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .junit import case_outcome

ROOT = Path(__file__).resolve().parent.parent
TIMED_OUT = -1


@dataclass
class PytestRun:
    command: list[str]
    seconds: float
    returncode: int              # TIMED_OUT when it ran out of time
    output: str                  # the end of its stdout and stderr
    junit: Path | None
    load_before: float
    load_after: float

    @property
    def timed_out(self) -> bool:
        return self.returncode == TIMED_OUT

    def outcomes(self) -> Counter[str]:
        """How many test cases passed, failed (errors included) or were skipped."""
        if self.junit is None or not self.junit.exists():
            return Counter()
        return Counter(case_outcome(case)[0] for case in ET.parse(self.junit).getroot().iter("testcase"))

    def summary(self) -> str:
        """"64 passed, 2 failed, 3 skipped", plus the exit code when pytest did not exit 0."""
        counts = self.outcomes()
        said = ", ".join(f"{counts[o]} {o}" for o in ("passed", "failed", "skipped") if counts[o]) or "no tests"
        if self.timed_out:
            return f"{said} (timed out after {self.seconds:.0f} s)"
        return said if self.returncode == 0 else f"{said} (pytest exit code {self.returncode})"


def run_pytest(args: Sequence[str], *, junit: Path | None = None, workers: int = 0, timeout: float | None = None,
               env: dict[str, str] | None = None, cwd: Path = ROOT) -> PytestRun:
    """`python -m pytest ARGS -p no:cacheprovider -q` in a fresh process, as a developer or
    CI would start it (start-up, collection and browser launches included)."""
    command = [sys.executable, "-m", "pytest", *args, "-p", "no:cacheprovider", "-q"]
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.unlink(missing_ok=True)
        command += ["--junitxml", str(junit), "-o", "junit_logging=no"]
    if workers > 0:
        command += ["-n", str(workers)]
    before = load_average()
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **(env or {})})
        code, output = done.returncode, done.stdout[-4000:] + done.stderr[-4000:]
    except subprocess.TimeoutExpired as expired:
        code, output = TIMED_OUT, _text(expired.stdout)[-4000:] + f"\ntimed out after {timeout:.0f} s"
    return PytestRun(command, time.monotonic() - started, code, output, junit, before, load_average())


def _text(captured: bytes | str | None) -> str:
    if isinstance(captured, bytes):
        return captured.decode(errors="replace")
    return captured or ""


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def machine() -> str:
    """The CPUs, Python and system a measurement ran on, and the load as it was said."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}, load average {load_average():.1f}")
