"""A scripted, hostile TCP server for fault injection (plan section 2, "Scripted hostile server").

A real server (Dovecot, aiosmtpd) is the default in tests; this one exists for what a real
server will not do: strip STARTTLS, inject replies before the TLS handshake, send a 10 MB line,
never finish a reply, trickle a byte every few seconds, drop the connection mid-message. It is
protocol-agnostic: a test gives it a *script*, a list of steps played in order on each accepted
connection, and afterwards asserts on every byte the client sent, with the plaintext phase and
the TLS phase kept apart (so "no credentials on the wire before TLS" is one ``in`` check).

Steps:

- :class:`Expect` reads one line (up to CRLF or LF) and checks its start; a mismatch is
  recorded in :attr:`Connection.failures` and ends the connection.
- :class:`Send` writes its bytes in **one** ``sendall`` (several replies in one segment is what
  injection tests need).
- :class:`Sleep` waits (a silent server); :func:`trickle` builds Send/Sleep pairs (slowloris).
- :class:`StartTLS` wraps the connection in TLS with a server context; bytes the client sent
  before are kept in ``plaintext``, bytes after in ``tls``.
- :class:`Repeat` sends the same bytes again and again until the client goes away or the
  server stops (a reply that never ends).
- :class:`Call` runs a function with the :class:`Channel`, for a small responder written in
  the test (for example a mailbox of 300 messages), still under the same recording.
- :class:`Close` closes the connection (a drop); the script's end closes it too.

Usage::

    script = [Send(b"+OK hi\\r\\n"), Expect(b"CAPA"), Send(b"+OK\\r\\nUSER\\r\\n.\\r\\n"), Close()]
    with ScriptedServer(script) as server:
        client_under_test(server.host, server.port)
    assert b"PASS" not in server.received

The server listens on 127.0.0.1, port 0 (a free port), in a daemon thread, and stops by itself
after ``lifetime`` seconds even when a test forgets it or a client hangs. ``scripts`` may give
one script per connection; connections beyond the scripts given are accepted, counted in
:attr:`ScriptedServer.connections` and closed at once (plan A8: "zero fallback connections").
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType

__all__ = [
    "Call",
    "Channel",
    "Close",
    "Connection",
    "Expect",
    "Repeat",
    "ScriptedServer",
    "Send",
    "Sleep",
    "StartTLS",
    "Step",
    "trickle",
]


@dataclass(frozen=True)
class Expect:
    """Read one line from the client; it must start with ``prefix`` (ASCII case ignored)."""

    prefix: bytes = b""
    timeout: float = 10.0


@dataclass(frozen=True)
class Send:
    """Send ``data`` in a single ``sendall`` call."""

    data: bytes


@dataclass(frozen=True)
class Sleep:
    """Stay silent for ``seconds`` (returns early when the server stops)."""

    seconds: float


@dataclass(frozen=True)
class StartTLS:
    """Run the server side of a TLS handshake on the connection with ``context``."""

    context: ssl.SSLContext


@dataclass(frozen=True)
class Repeat:
    """Send ``data`` over and over (every ``interval`` seconds) until the peer or server stops."""

    data: bytes
    interval: float = 0.0


@dataclass(frozen=True)
class Call:
    """Run ``function(channel)``: a responder written in the test, still recorded."""

    function: Callable[[Channel], None]


@dataclass(frozen=True)
class Close:
    """Close the connection now (a dropped connection, as the client sees it)."""


Step = Expect | Send | Sleep | StartTLS | Repeat | Call | Close


def trickle(data: bytes, every: float, chunk: int = 1) -> list[Step]:
    """Steps that send ``data`` ``chunk`` bytes at a time, pausing ``every`` seconds between."""
    steps: list[Step] = []
    for start in range(0, len(data), chunk):
        if start:
            steps.append(Sleep(every))
        steps.append(Send(data[start : start + chunk]))
    return steps


class PeerGoneError(Exception):
    """The client closed the connection or the server is stopping."""


@dataclass
class Connection:
    """What happened on one accepted connection."""

    plaintext: bytearray = field(default_factory=bytearray)
    tls: bytearray = field(default_factory=bytearray)
    lines: list[bytes] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    tls_established: bool = False
    ended_by: str = "script end"
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def received(self) -> bytes:
        return bytes(self.plaintext) + bytes(self.tls)


class Channel:
    """One connection as the script sees it: line reads and sends, with every byte recorded."""

    def __init__(self, sock: socket.socket, record: Connection, stop: threading.Event) -> None:
        self.sock: socket.socket = sock
        self.record = record
        self._stop = stop
        self._buffer = bytearray()

    # -- reading -------------------------------------------------------------------------
    def _recv_more(self, deadline: float) -> None:
        while True:
            if self._stop.is_set():
                raise PeerGoneError("server stopping")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("client sent nothing in time")
            self.sock.settimeout(min(remaining, 0.2))
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except (ssl.SSLError, OSError) as exc:
                raise PeerGoneError(str(exc)) from exc
            if not data:
                raise PeerGoneError("client closed the connection")
            target = self.record.tls if self.record.tls_established else self.record.plaintext
            target += data
            self._buffer += data
            return

    def readline(self, timeout: float = 10.0) -> bytes:
        """Return the next line from the client, without its line ending."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            self._recv_more(deadline)
        end = self._buffer.index(b"\n")
        line = bytes(self._buffer[:end]).rstrip(b"\r")
        del self._buffer[: end + 1]
        self.record.lines.append(line)
        return line

    # -- writing -------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Send ``data`` in one ``sendall``; raises :class:`PeerGoneError` if the client left."""
        if self._stop.is_set():
            raise PeerGoneError("server stopping")
        self.sock.settimeout(10.0)
        try:
            self.sock.sendall(data)
        except (ssl.SSLError, OSError) as exc:
            raise PeerGoneError(str(exc)) from exc

    def sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise PeerGoneError("server stopping")

    def starttls(self, context: ssl.SSLContext) -> None:
        """Wrap the socket in TLS. Plaintext bytes not yet read as lines are dropped."""
        self._buffer.clear()
        self.sock.settimeout(10.0)
        try:
            self.sock = context.wrap_socket(self.sock, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            raise PeerGoneError(f"TLS handshake failed: {exc}") from exc
        self.record.tls_established = True


class ScriptedServer:
    """A TCP server on 127.0.0.1 that plays scripts; see the module docstring.

    Args:
        script: the steps for the first connection (and every later one, unless ``scripts``
            is given).
        scripts: one script per connection, in order; connections beyond are closed at once.
        implicit_tls: a server context to wrap each connection in before its script (POP3S,
            SMTPS); the handshake failing is recorded as a failure, not raised.
        lifetime: seconds after which the server stops by itself.
    """

    def __init__(
        self,
        script: Sequence[Step] | None = None,
        *,
        scripts: Sequence[Sequence[Step]] | None = None,
        implicit_tls: ssl.SSLContext | None = None,
        lifetime: float = 30.0,
    ) -> None:
        if (script is None) == (scripts is None):
            raise ValueError("give either script or scripts")
        self._scripts = [list(s) for s in scripts] if scripts is not None else None
        self._script = list(script) if script is not None else None
        self._implicit_tls = implicit_tls
        self._lifetime = lifetime
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.records: list[Connection] = []
        self.connections = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.1)
        self.host = "127.0.0.1"
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> ScriptedServer:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        """Stop accepting, end every connection, and wait for the threads (bounded)."""
        self._stop.set()
        self._acceptor.join(timeout=5)
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)
        with contextlib.suppress(OSError):
            self._listener.close()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what the client did -----------------------------------------------------------------
    @property
    def received(self) -> bytes:
        """Every byte any client sent, plaintext and TLS phases, connections in order."""
        return b"".join(r.received for r in self.records)

    @property
    def received_plaintext(self) -> bytes:
        return b"".join(bytes(r.plaintext) for r in self.records)

    @property
    def received_tls(self) -> bytes:
        return b"".join(bytes(r.tls) for r in self.records)

    @property
    def lines(self) -> list[bytes]:
        """The lines the scripts read (Expect and Call), connections in order."""
        return [line for r in self.records for line in r.lines]

    @property
    def failures(self) -> list[str]:
        return [f for r in self.records for f in r.failures]

    def wait_finished(self, timeout: float = 10.0) -> bool:
        """Wait until every connection so far has finished its script."""
        deadline = time.monotonic() + timeout
        for record in list(self.records):
            if not record.finished.wait(max(0.0, deadline - time.monotonic())):
                return False
        return True

    # -- internals ---------------------------------------------------------------------------
    def _script_for(self, index: int) -> list[Step] | None:
        if self._scripts is None:
            return self._script
        return self._scripts[index] if index < len(self._scripts) else None

    def _accept_loop(self) -> None:
        deadline = time.monotonic() + self._lifetime
        while not self._stop.is_set():
            if time.monotonic() > deadline:
                self._stop.set()
                break
            try:
                sock, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            with self._lock:
                index = self.connections
                self.connections += 1
            script = self._script_for(index)
            if script is None:
                with contextlib.suppress(OSError):
                    sock.close()
                continue
            record = Connection()
            self.records.append(record)
            thread = threading.Thread(target=self._serve, args=(sock, record, script), daemon=True)
            with self._lock:
                self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, record: Connection, script: Iterable[Step]) -> None:
        channel = Channel(sock, record, self._stop)
        try:
            if self._implicit_tls is not None:
                channel.starttls(self._implicit_tls)
            for step in script:
                if not self._play(channel, step, record):
                    break
        except PeerGoneError as exc:
            # A client leaving mid-script is what many hostile cases provoke: not a failure.
            record.ended_by = str(exc)
        except TimeoutError as exc:
            record.failures.append(f"timeout: {exc}")
        except Exception as exc:  # a responder bug must show up in the test, not vanish
            record.failures.append(f"script error: {exc!r}")
        finally:
            with contextlib.suppress(OSError):
                channel.sock.close()
            record.finished.set()

    def _play(self, channel: Channel, step: Step, record: Connection) -> bool:
        if isinstance(step, Expect):
            line = channel.readline(step.timeout)
            if not line.upper().startswith(step.prefix.upper()):
                record.failures.append(f"expected {step.prefix!r}, client sent {line!r}")
                return False
        elif isinstance(step, Send):
            channel.send(step.data)
        elif isinstance(step, Sleep):
            channel.sleep(step.seconds)
        elif isinstance(step, StartTLS):
            channel.starttls(step.context)
        elif isinstance(step, Repeat):
            while True:
                channel.send(step.data)
                if step.interval:
                    channel.sleep(step.interval)
        elif isinstance(step, Call):
            step.function(channel)
        elif isinstance(step, Close):
            return False
        return True
