#!/usr/bin/env python3
"""The bundled portal's throughput and latency on loopback: 50 concurrent clients, each on
its own keep-alive connection, for a fixed time per page, reporting requests per second
and p50 / p99 latency.

    .venv/bin/python bench/bench_portal.py [--clients 50] [--seconds 15]

The portal runs as its own process (`python -m mock_portal --fast-passwords --test-api`),
as a person or another harness would start it, so the load generator (asyncio, one task
per client, plain HTTP/1.1 over asyncio streams) does not share its interpreter. Pages:
the entry page (STEP 1, no session) and the signed-in home (STEP 6-7), each client
signed in as its own account; on the entry page each client keeps the session cookie of
its first visit, as a browser does. Python only: no wrk needed."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))   # for tests.http.client: tests/ is not an installed package

from harness.control import Control  # noqa: E402
from tests.http.client import Browser, new_account  # noqa: E402

ENTRY = "/coa-frontend/four-in-one/entry/main?lang=zh"
HOME = "/home"


def start_portal() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "mock_portal", "--port", "0", "--test-api", "--fast-passwords"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    banner = process.stdout.readline()
    found = re.search(r"(http://[^/\s]+)/", banner)
    if not found:
        process.kill()
        sys.exit(f"the portal did not start: {banner!r}")
    return process, found.group(1)


async def client(host: str, port: int, path: str, cookie: str, until: float, latencies: list[float],
                 errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "")
               + "\r\n").encode()
    try:
        while time.monotonic() < until:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length, closing = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and "close" in value.lower():
                    closing = True
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not status_line.startswith(b"HTTP/1.1 200"):
                errors.append(status_line.decode("latin-1").strip())
            if closing:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def load(url: str, path: str, cookies: list[str], seconds: float) -> dict:
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: list[str] = []
    warm_until = time.monotonic() + 2
    await asyncio.gather(*(client(host, int(port), path, c, warm_until, [], []) for c in cookies))
    started = time.monotonic()
    await asyncio.gather(*(client(host, int(port), path, c, started + seconds, latencies, errors) for c in cookies))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return {"requests": len(ordered), "rps": len(ordered) / elapsed, "errors": len(errors),
            "p50_ms": 1000 * statistics.median(ordered), "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
            "max_ms": 1000 * ordered[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args(argv)
    process, url = start_portal()
    try:
        control = Control(url)
        cookies, anonymous = [], []
        for i in range(args.clients):
            new_account(control, f"bench{i:03d}")
            browser = Browser(url)
            assert browser.log_in(control, f"bench{i:03d}").status == 303
            cookies.append(browser.cookie)
            visitor = Browser(url)                      # a browser keeps the cookie of its first page
            visitor.get(ENTRY)
            anonymous.append(visitor.cookie)
        print(f"portal {url}, {args.clients} clients, {args.seconds:g} s per page, load average "
              f"{os.getloadavg()[0]:.1f}")
        print(f"{'page':28} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'non-200':>8}")
        for name, path, jar in (("entry (STEP 1)", ENTRY, anonymous), ("signed-in home (STEP 6-7)", HOME, cookies)):
            result = asyncio.run(load(url, path, jar, args.seconds))
            print(f"{name:28} {result['requests']:>9} {result['rps']:>8.0f} {result['p50_ms']:>8.1f} "
                  f"{result['p99_ms']:>8.1f} {result['max_ms']:>8.1f} {result['errors']:>8}", flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        process.terminate()
        process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
