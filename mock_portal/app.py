"""Put a portal together (store, clock, policy, templates, server) and run it, either
in the foreground (the command line) or in a thread (tests)."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from .clock import Clock
from .deviations import apply_deviations
from .http.render import make_environment
from .http.server import PortalServer
from .mail import SmtpSender
from .policy import Policy
from .service import Portal
from .staging import Seed, as_seed, seed_portal
from .store import Store


def make_server(host: str = "127.0.0.1", port: int = 0, *, db: str = ":memory:", test_api: bool = False,
                policy: Policy | None = None, clock: Clock | None = None,
                deviations: Iterable[str] = (), staging: Seed | str | os.PathLike | None = None,
                render_in_browser: bool = False, smtp: tuple[str, int] | None = None) -> PortalServer:
    """`deviations`: names from mock_portal.deviations, each making the portal wrong in one way.
    `staging`: a seed (parsed, or its TOML file) for a portal posing as one that is not ours:
    the seed's accounts, cards and captcha, and no control API (mock_portal.staging).
    `render_in_browser`: serve the screens as the real platform's front end does, so the
    harness can be proved against it: moving between them in the page (static/spa.js,
    history.pushState, no page loads after the first) and some form labels that are text
    beside their control, not tied to it (mock_portal.http.render). Same rules, same data,
    same URLs; only the templates' environment knows.
    `smtp`: (host, port) of a mail server the portal's mails go to instead of its outbox."""
    seed = None
    if staging is not None:
        if test_api:
            raise ValueError("a staging portal has no control API: leave test_api off")
        seed = as_seed(staging)
        policy = dataclasses.replace(policy or Policy(), captcha=seed.captcha)
    portal = Portal(Store(db), clock or Clock(), policy)
    if smtp is not None:
        portal.mail_sender = SmtpSender(*smtp)
    apply_deviations(portal, deviations)
    if seed is not None:
        seed_portal(portal, seed)
    server = PortalServer((host, port), portal, make_environment(render_in_browser=render_in_browser),
                          test_api=test_api)
    portal.public_url = server.url
    return server


@dataclass
class RunningPortal:
    server: PortalServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def portal(self) -> Portal:
        return self.server.portal

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_in_thread(**options) -> RunningPortal:
    """Serve on a free port (port 0 unless given) in a daemon thread; ask `.url`."""
    server = make_server(**options)
    thread = threading.Thread(target=server.serve_forever, name="mock-portal", daemon=True)
    thread.start()
    return RunningPortal(server, thread)
