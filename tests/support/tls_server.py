"""A tiny POP3-looking TLS server on 127.0.0.1 for certificate tests (plan A2-A4, A8).

It presents whatever certificate the test gives it, on implicit TLS or after ``STLS``, greets
with ``+OK``, and records every byte each client sent after the handshake, so a test can
assert that nothing (no USER, PASS or canary) was sent to a server that was not trusted.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from types import TracebackType


class TlsTestServer:
    """One listening socket; each connection is served by its own thread."""

    def __init__(self, context: ssl.SSLContext | None, *, starttls: bool = False) -> None:
        self.context = context
        self.starttls = starttls
        self.received: list[bytes] = []
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.host = "127.0.0.1"
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def __enter__(self) -> TlsTestServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        with contextlib.suppress(OSError), conn:
            if self.starttls:
                conn.sendall(b"+OK plaintext greeting\r\n")
                command = conn.recv(100)
                if command.startswith(b"CAPA"):  # poplib.stls() asks first
                    conn.sendall(b"+OK\r\nSTLS\r\nUIDL\r\n.\r\n")
                    command = conn.recv(100)
                if not command.startswith(b"STLS"):
                    self.received.append(command)
                    return
                conn.sendall(b"+OK Begin TLS\r\n")
            if self.context is None:  # a "TLS" port that speaks plaintext (plan A8a)
                conn.sendall(b"+OK POP3 ready, no TLS here\r\n")
                self.received.append(conn.recv(4096))
                return
            with self.context.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n")
                while data := tls.recv(4096):
                    self.received.append(data)
                    if data.startswith(b"QUIT"):
                        tls.sendall(b"+OK bye\r\n")
                        return
                    tls.sendall(b"+OK\r\n")
