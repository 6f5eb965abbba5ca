"""The HTTP server: Python's ThreadingHTTPServer with a bound on worker threads, quiet
about clients that hang up, and carrying the portal (no globals)."""

from __future__ import annotations

import contextlib
import logging
import threading
from http.server import ThreadingHTTPServer

from jinja2 import Environment

from ..domain.catalog import MAX_DOCUMENTS
from ..service import Portal
from .handler import PortalHandler

log = logging.getLogger("mock_portal")
MAX_WORKERS = 64
BUSY = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], portal: Portal, env: Environment, *, test_api: bool) -> None:
        self.portal, self.env, self.test_api = portal, env, test_api
        self._slots = threading.BoundedSemaphore(MAX_WORKERS)
        super().__init__(address, PortalHandler)

    @property
    def body_limit(self) -> int:
        """(documents + 1) × the upload limit: a full form with every file at the limit."""
        return (MAX_DOCUMENTS + 1) * self.portal.policy.upload_limit

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        log.debug("connection from %s ended abruptly", client_address, exc_info=True)
