"""SMTP faults a real server will not produce on request, for the sending tests.

* :class:`VanishingHandler`: an aiosmtpd handler that keeps the message and then drops the
  connection without answering the final "." (plan F47), or answers too late.
* :class:`FlakyHandler`: answers MAIL, RCPT or DATA with a temporary error a given number of
  times, then behaves (plan F48).
* :class:`ScriptedSmtp`: a tiny hostile SMTP server on 127.0.0.1 that strips or refuses
  STARTTLS, injects a reply before the handshake, or offers AUTH without TLS (plan A5-A7,
  F53b). It records every byte the client sent, before and after TLS, separately.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from support.certs import CertificateAuthorities
from support.smtpd import Received, RecordingHandler, SmtpServer


class VanishingHandler(RecordingHandler):
    """Records each message, then closes the connection instead of replying (plan F47).

    With ``delay`` set it waits that long before replying instead (the timeout variant).
    """

    def __init__(self, delay: float | None = None) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append(
                Received(
                    envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content)
                )
            )
        if self.delay is not None:
            await asyncio.sleep(self.delay)
            return "250 accepted, too late"
        server.transport.close()
        # aiosmtpd writes this into the closed transport, where it goes nowhere.
        return "250 never seen"


class FlakyHandler(RecordingHandler):
    """Fails ``failures`` times at ``stage`` ("MAIL", "RCPT", "DATA") with ``reply``."""

    def __init__(self, stage: str, reply: str = "451 4.3.0 Try again later", failures: int = 1):
        super().__init__()
        self.stage = stage
        self.reply = reply
        self.failures = failures

    def _fail_now(self, stage: str) -> bool:
        if stage == self.stage and self.failures > 0:
            self.failures -= 1
            return True
        return False

    async def handle_MAIL(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if self._fail_now("MAIL"):
            return self.reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self._fail_now("RCPT"):
            return self.reply
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self._fail_now("DATA"):
            return self.reply
        return await super().handle_DATA(server, session, envelope)


def smtp_server_with(pki: CertificateAuthorities, handler: RecordingHandler) -> SmtpServer:
    """The usual test server (STARTTLS + AUTH, implicit TLS) with a faulty handler."""
    server = SmtpServer(pki)
    server.handler = handler
    for controller in server._controllers:
        controller.handler = handler  # the factory reads it for each new connection
    return server


@dataclass
class Script:
    """What :class:`ScriptedSmtp` says. Byte strings are sent in one ``send()`` each."""

    ehlo: bytes = b"250-scripted.example\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
    starttls_reply: bytes = b"220 Go ahead\r\n"
    tls_context: ssl.SSLContext | None = None
    post_tls_ehlo: bytes = b"250-scripted.example\r\n250-X-POST-TLS\r\n250 AUTH PLAIN LOGIN\r\n"
    drop_at: bytes = b""
    """Hang up without a reply when this command arrives (b"MAIL", b"RCPT"), or b"BODY":
    right after the 354 that invites the message data, before the final "."."""


@dataclass
class Recording:
    plaintext: bytearray = field(default_factory=bytearray)
    tls: bytearray = field(default_factory=bytearray)

    @property
    def everything(self) -> bytes:
        return bytes(self.plaintext + self.tls)


class ScriptedSmtp:
    """Plays :class:`Script` to each client; ``recordings`` has one entry per connection."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.recordings: list[Recording] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.host = "127.0.0.1"
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def __enter__(self) -> ScriptedSmtp:
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
            recording = Recording()
            self.recordings.append(recording)
            threading.Thread(target=self._handle, args=(conn, recording), daemon=True).start()

    def _handle(self, conn: socket.socket, recording: Recording) -> None:
        conn.settimeout(5)
        opened = [conn]  # the plain socket, and the TLS one once wrapped
        try:
            with contextlib.suppress(OSError):
                self._converse(conn, recording, opened)
        finally:
            for sock in reversed(opened):
                with contextlib.suppress(OSError):
                    sock.close()

    def _converse(
        self, conn: socket.socket, recording: Recording, opened: list[socket.socket]
    ) -> None:
        conn.sendall(b"220 scripted.example ESMTP\r\n")
        stream, sink = conn, recording.plaintext
        while line := _read_line(stream):
            sink.extend(line)
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"QUIT":
                stream.sendall(b"221 bye\r\n")
                return
            if verb == b"EHLO":
                plain = sink is recording.plaintext
                stream.sendall(self.script.ehlo if plain else self.script.post_tls_ehlo)
            elif verb == b"STARTTLS" and sink is recording.plaintext:
                stream.sendall(self.script.starttls_reply)
                context = self.script.tls_context
                if context is None or not self.script.starttls_reply.startswith(b"220"):
                    continue
                stream, sink = context.wrap_socket(conn, server_side=True), recording.tls
                opened.append(stream)
            elif verb == self.script.drop_at:
                return
            elif verb == b"AUTH":
                stream.sendall(b"535 5.7.8 no\r\n")
            elif verb == b"DATA":
                stream.sendall(b"354 go ahead\r\n")
                if self.script.drop_at == b"BODY":
                    return
                while (line := _read_line(stream)) not in (b".\r\n", b""):
                    sink.extend(line)
                stream.sendall(b"250 queued\r\n")
            else:
                stream.sendall(b"250 OK\r\n")


def _read_line(stream: socket.socket) -> bytes:
    """One line, byte by byte, so nothing after it is read into a buffer we would lose."""
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = stream.recv(1)
        if not byte:
            break
        line.extend(byte)
    return bytes(line)
