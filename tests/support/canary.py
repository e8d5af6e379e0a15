"""A local HTTP server that counts every request: the canary for remote-content tests.

Any request it sees during a "blocked" test is a privacy leak (a tracking pixel fired, a style
sheet fetched). It serves a 1x1 GIF to whatever is asked, and records the paths.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


class CanaryServer:
    """Counts requests on 127.0.0.1; ``url`` is its base, ``paths`` what was asked for."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self._lock = threading.Lock()
        canary = self

        class Handler(BaseHTTPRequestHandler):
            # A connection that sends nothing must not block server_close() (which joins
            # the handler threads) and with it the test's teardown, forever.
            timeout = 5

            def _answer(self) -> None:
                with canary._lock:
                    canary.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.send_header("Content-Length", str(len(GIF)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(GIF)

            do_GET = do_POST = do_HEAD = _answer  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.timeout = 5
        self.port = self._server.server_address[1]
        self.host_port = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.host_port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.paths)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def canary_server() -> Iterator[CanaryServer]:
    server = CanaryServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
