"""A POP3 session on stdlib :mod:`poplib`, extended for hostile servers and for speed.

:class:`Pop3Session` is a ``poplib.POP3`` whose reading layer is replaced: every byte comes
through one buffer that this module controls, because the stdlib's traps sit exactly there
(plan, section 1): lines are capped at 2048 bytes (real mail has longer ones, plan C21), a
multiline reply is buffered without limit (plan C19), and a socket timeout restarts with every
byte, so a server trickling a byte every two seconds never times out (plan C23). Here:

- a line may be 1 MiB (:attr:`Limits.line_limit`); listings are capped in entries; a message
  is capped at ``min(max_message_bytes, LIST size * 2 + 64 KiB)`` and **streamed** in chunks
  (the caller writes them to disk), never held whole in memory;
- every command has an overall deadline, on top of the idle timeout;
- status lines are parsed strictly (``+OK``/``-ERR`` only), and a reply that arrives before
  its command was sent is a protocol error (plan C22);
- STLS discards whatever the server sent before the handshake and CAPA is asked again over
  TLS (RFC 2595 §4, plan A5-A7); no password leaves the machine without TLS unless the account
  has the explicit insecure opt-in (plan B13); arguments with CR or LF are refused (plan B14);
- RETR is pipelined when the server advertises PIPELINING (RFC 2449 §6.6), in a bounded window.

Server text that reaches the user is scrubbed of passwords and control characters and framed as
``server said: "..."`` (plan A9), so it is never mistaken for Hongyan's own words.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import poplib
import re
import socket
import ssl
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Secret, redact
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.accounts import Account

log = logging.getLogger(__name__)

Security = Literal["ssl", "starttls", "none"]

KIB = 1024
MIB = 1024 * KIB


# --------------------------------------------------------------------------------------------
# Errors, in the words the user reads


class Pop3Error(HongyanError):
    """A POP3 session failed; the message says why in plain words."""


class ConnectFailed(Pop3Error):  # noqa: N818 - named for what the user sees
    """The server could not be reached at all."""


class AuthenticationFailed(Pop3Error):  # noqa: N818
    """The server refused the user name or password."""


class InsecureConnectionRefused(Pop3Error):  # noqa: N818
    """Hongyan refused to send credentials without TLS, or the server would not start TLS."""


class ProtocolError(Pop3Error):
    """The server broke the protocol: a garbled or endless reply, or one nobody asked for."""


class ServerTimeoutError(ProtocolError):
    """The server stopped answering (idle timeout or the per-command deadline)."""


class MessageRejected(ProtocolError):  # noqa: N818 - named for what happened to the message
    """One message broke a cap while it was retrieved; nothing of it was kept.

    The session is then out of step (the rest of the reply, maybe endless, is unread): close
    it without QUIT. Sync leaves that message on the server and goes on without it (plan G58).

    Attributes:
        number: the message's number in this session.
        reason: ``"size"`` (over the size limit), ``"line"`` (a line over the line cap) or
            ``"overrun"`` (more than twice what LIST announced, plan C19/C20).
        cap: the limit it broke, in bytes.
    """

    def __init__(self, text: str, number: int, reason: str, cap: int) -> None:
        super().__init__(text)
        self.number = number
        self.reason = reason
        self.cap = cap


class CertificateError(Pop3Error):
    """The server's certificate did not verify (for contexts not made by core.tls)."""


def server_said(text: bytes | str, limit: int = 200) -> str:
    """Server text made safe to show: scrubbed, one line, bounded, framed (plan A9, B11)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    clean = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    for status in ("-ERR", "+OK"):
        if clean.startswith(status):
            clean = clean[len(status) :].strip()
    clean = redact(clean)
    if len(clean) > limit:
        clean = clean[:limit] + "…"
    if not clean:
        return words(QT_TRANSLATE_NOOP("Core", "the server gave no reason"))
    return words(QT_TRANSLATE_NOOP("Core", 'server said: "{reply}"'), reply=clean)


# --------------------------------------------------------------------------------------------
# Limits


@dataclass(frozen=True)
class Limits:
    """Timeouts and caps of one session; tests shrink them, users never need to."""

    connect_timeout: float = 30.0
    idle_timeout: float = 60.0
    command_timeout: float = 120.0
    """Overall deadline of one command's reply (plan C23); RETR adds time for its size."""
    min_rate: int = 32 * KIB
    """Bytes per second a RETR may not fall below over the whole message."""
    line_limit: int = 1 * MIB
    max_message_bytes: int = 512 * MIB
    """Size limit of one message, unless the account sets its own (``max_message_mb``)."""
    max_listing_entries: int = 1_000_000
    pipeline_window: int = 64

    def retr_timeout(self, listed_size: int) -> float:
        return self.command_timeout + listed_size / self.min_rate


# --------------------------------------------------------------------------------------------
# UIDLs (RFC 1939 §7: 1 to 70 characters in the range 0x21 to 0x7E)


_UIDL_IN_SPEC = re.compile(rb"[\x21-\x7e]{1,70}")


def normalise_uidl(raw: bytes) -> str:
    """The UIDL as Hongyan keys it: itself when in spec, else ``#`` + a hash (plan C27).

    An out-of-spec UIDL (too long, spaces, control or 8-bit bytes) is not refused, since a
    message behind it must still be fetched, but it is hashed, so what sync keys on is
    always short printable ASCII. UIDLs are never used as path components either way.
    """
    if _UIDL_IN_SPEC.fullmatch(raw):
        return raw.decode("ascii")
    return "#" + hashlib.sha256(raw).hexdigest()[:32]


@dataclass(frozen=True)
class Retrieved:
    """One message of a (pipelined) retrieval; ``chunks`` must be read before the next."""

    number: int
    chunks: Iterator[bytes]


# --------------------------------------------------------------------------------------------
# The session


class Pop3Session(poplib.POP3):
    """One POP3 connection. Open it with :meth:`open`, then :meth:`login`.

    Args:
        host, port: the server.
        security: ``ssl`` (implicit TLS, RFC 8314), ``starttls`` (STLS, RFC 2595) or ``none``.
        context: the verifying SSL context (from :func:`hongyan.core.tls.client_context`);
            required unless ``security`` is ``none``.
        limits: timeouts and caps.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: Security = "ssl",
        context: ssl.SSLContext | None = None,
        limits: Limits | None = None,
    ) -> None:
        if security != "none" and context is None:
            raise ValueError("a TLS session needs a verifying SSLContext")
        self.security = security
        self.context = context
        self.limits = limits or Limits()
        self.endpoint = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self._buffer = bytearray()
        self._deadline = float("inf")
        self._outstanding = 0
        self._list_sent = False
        self.capabilities: dict[str, list[str]] = {}
        try:
            self._connect(host, port)
        except BaseException:
            # Connected, but the greeting failed: close poplib's reader too, or the socket
            # stays open behind it.
            for resource in (getattr(self, "file", None), getattr(self, "sock", None)):
                if resource is not None:
                    resource.close()
            raise
        self.file.close()  # poplib's reader: unused, every read goes through self._buffer

    def _connect(self, host: str, port: int) -> None:
        """poplib's connect and greeting, with failures put in plain words."""
        try:
            super().__init__(host, port, timeout=self.limits.connect_timeout)
        except HongyanError:
            raise
        except ssl.SSLCertVerificationError as exc:
            raise CertificateError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The server's certificate is not trusted ({endpoint}: {verify_message}). "
                        "Hongyan did not log in.",
                    ),
                    endpoint=self.endpoint,
                    verify_message=exc.verify_message,
                )
            ) from None
        except ssl.SSLError as exc:
            raise ConnectFailed(
                words(
                    QT_TRANSLATE_NOOP("Core", "No secure connection to {endpoint}: {reason}."),
                    endpoint=self.endpoint,
                    reason=exc.reason or exc,
                )
            ) from None
        except OSError as exc:
            raise ConnectFailed(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "Cannot reach {endpoint} ({reason}). Check the host name and port, and "
                        "that this computer is online.",
                    ),
                    endpoint=self.endpoint,
                    reason=exc.strerror or exc,
                )
            ) from None

    # -- connecting ------------------------------------------------------------------------
    def _create_socket(self, timeout: float | None) -> socket.socket:
        sock = socket.create_connection((self.host, self.port), timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.security == "ssl":
            assert self.context is not None
            try:
                sock = self.context.wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
            self._tls_established = True
        sock.settimeout(self.limits.idle_timeout)
        self._deadline = time.monotonic() + self.limits.command_timeout
        return sock

    @property
    def secure(self) -> bool:
        return bool(self._tls_established)

    # -- the wire ----------------------------------------------------------------------------
    def _recv(self) -> bytes:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise ServerTimeoutError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} is too slow: a reply did not finish within the time allowed.",
                    ),
                    endpoint=self.endpoint,
                )
            )
        self.sock.settimeout(min(self.limits.idle_timeout, remaining))
        try:
            data = self.sock.recv(256 * KIB)
        except TimeoutError:
            raise ServerTimeoutError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} stopped answering."),
                    endpoint=self.endpoint,
                )
            ) from None
        except ssl.SSLError as exc:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The secure connection to {endpoint} broke: {error}."
                    ),
                    endpoint=self.endpoint,
                    error=exc,
                )
            ) from None
        except OSError as exc:
            raise self._lost(exc) from None
        if not data:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} closed the connection unexpectedly."),
                    endpoint=self.endpoint,
                )
            )
        return data

    def _getline(self) -> tuple[bytes, int]:
        """One line without its line ending (poplib's contract), capped at ``line_limit``."""
        scanned = 0
        while True:
            end = self._buffer.find(b"\n", scanned)
            if end != -1:
                break
            scanned = len(self._buffer)
            if scanned > self.limits.line_limit:
                raise ProtocolError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{endpoint} sent a line that is far too long."),
                        endpoint=self.endpoint,
                    )
                )
            self._buffer += self._recv()
        if end > self.limits.line_limit:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} sent a line that is far too long."),
                    endpoint=self.endpoint,
                )
            )
        line = bytes(self._buffer[: end + 1])
        del self._buffer[: end + 1]
        return line.rstrip(b"\r\n"), len(line)

    def _reply_line(self) -> bytes:
        """The next reply line to a command sent (a status or a SASL continuation)."""
        line, _ = self._getline()
        self._outstanding = max(0, self._outstanding - 1)
        return line

    def _getresp(self) -> bytes:
        """A status line; only ``+OK`` succeeds, ``-ERR`` raises ``poplib.error_proto``."""
        line = self._reply_line()
        if line == b"+OK" or line.startswith(b"+OK "):
            return line
        if line == b"-ERR" or line.startswith(b"-ERR "):
            raise poplib.error_proto(line)
        raise ProtocolError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "{endpoint} sent something that is not a POP3 reply ({reply})."
                ),
                endpoint=self.endpoint,
                reply=server_said(line),
            )
        )

    def _putline(self, line: bytes) -> None:
        # The line may hold a password: it is deleted before raising, so a traceback shown
        # with its locals (plan B11) never carries it.
        try:
            self.sock.sendall(line + b"\r\n")
            return
        except OSError as exc:
            failure = self._lost(exc)
        del line
        raise failure

    def _lost(self, exc: OSError) -> ProtocolError:
        """The error for a connection that failed under a read or a write."""
        return ProtocolError(
            words(
                QT_TRANSLATE_NOOP("Core", "The connection to {endpoint} was lost ({reason})."),
                endpoint=self.endpoint,
                reason=exc.strerror or str(exc),
            )
        )

    def _refuse_unsolicited(self) -> None:
        """Plan C22: with no command outstanding, the server must not have sent anything."""
        if self._buffer:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} sent a reply before it was asked anything ({reply}).",
                    ),
                    endpoint=self.endpoint,
                    reply=server_said(bytes(self._buffer[:80])),
                )
            )

    def _send_retrs(self, items: Sequence[tuple[int, int]]) -> None:
        """Send ``RETR n`` for each ``(n, size)`` in one write (pipelining, RFC 2449)."""
        if self._outstanding == 0:
            self._refuse_unsolicited()
            self._deadline = time.monotonic() + self.limits.retr_timeout(items[0][1])
        if log.isEnabledFor(logging.DEBUG):
            for number, _ in items:
                log.debug("%s > RETR %d", self.endpoint, number)
        self._outstanding += len(items)
        try:
            self.sock.sendall(b"".join(b"RETR %d\r\n" % int(number) for number, _ in items))
        except OSError as exc:
            raise self._lost(exc) from None

    def _putcmd(self, line: str) -> None:
        self._send_command(line)

    def _send_command(self, line: str, *, timeout: float | None = None, trace: str = "") -> None:
        """Send one command; refuses CR/LF (plan B14) and unsolicited replies (plan C22)."""
        if "\r" in line or "\n" in line or "\0" in line:
            raise Pop3Error(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "A POP3 command argument contains a line break; nothing was sent."
                    )
                )
            )
        if self._outstanding == 0:
            self._refuse_unsolicited()
            self._deadline = time.monotonic() + (timeout or self.limits.command_timeout)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s > %s", self.endpoint, redact(trace or line))
        self._outstanding += 1
        try:
            self._putline(line.encode("utf-8"))
            return
        except ProtocolError as exc:
            failure = exc
        del line  # may hold a password (plan B11)
        raise failure

    def _shortcmd(self, line: str) -> bytes:
        self._putcmd(line)
        return self._getresp()

    def _longcmd(self, line: str) -> tuple[bytes, list[bytes], int]:
        self._putcmd(line)
        return self._getlongresp()

    def _getlongresp(self) -> tuple[bytes, list[bytes], int]:
        resp = self._getresp()
        cap = self.limits.max_listing_entries * 100
        body = b"".join(self._body_chunks(cap))
        lines = body.split(b"\r\n")
        if lines and lines[-1] == b"":
            lines.pop()
        if len(lines) > self.limits.max_listing_entries:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} sent a listing with too many entries."),
                    endpoint=self.endpoint,
                )
            )
        return resp, lines, len(body)

    def _body_chunks(
        self, cap: int, *, line_limit: int | None = None, rejects: tuple[int, str] | None = None
    ) -> Iterator[bytes]:
        """Stream a multiline body, dot-unstuffed, up to its terminating ``.`` line.

        Works on whole chunks, not lines, so a 50 MB message costs a few hundred
        ``find``/``replace`` calls. A virtual line break is put in front so that "at the
        start of a line" is always "after ``\\n``". The carry between chunks is cut at a line
        break among the last three bytes, so neither ``\\n..`` (RFC 1939 §3 byte-stuffing)
        nor the terminator ``\\n.\\r\\n`` is ever split.

        ``rejects`` (a message's number, and the reason its ``cap`` stands for) turns a broken
        cap into :class:`MessageRejected`; ``line_limit`` defaults to the session's.
        """
        line_limit = line_limit or self.limits.line_limit
        data = b"\n" + bytes(self._buffer)
        self._buffer.clear()
        total = 0
        since_newline = 0
        first = True
        while True:
            end = data.find(b"\n.\r\n")
            if end != -1:
                piece, rest = data[: end + 1], data[end + 4 :]
                self._buffer += rest
            else:
                cut = len(data)
                for i in range(max(0, len(data) - 3), len(data)):
                    if data[i] == 0x0A:
                        cut = i
                        break
                piece, rest = data[:cut], data[cut:]
            piece = piece.replace(b"\n..", b"\n.")
            if first and piece:
                piece = piece[1:]
                first = False
            total += len(piece)
            if total > cap:
                text = words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} sent more data than announced (over {cap} bytes); the "
                        "download was stopped.",
                    ),
                    endpoint=self.endpoint,
                    cap=cap,
                )
                if rejects is not None:
                    raise MessageRejected(text, rejects[0], rejects[1], cap)
                raise ProtocolError(text)
            newline = piece.rfind(b"\n")
            since_newline = since_newline + len(piece) if newline == -1 else len(piece) - newline
            if since_newline > line_limit:
                text = words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} sent a line that is far too long."),
                    endpoint=self.endpoint,
                )
                if rejects is not None:
                    raise MessageRejected(text, rejects[0], "line", line_limit)
                raise ProtocolError(text)
            if piece:
                yield piece
            if end != -1:
                return
            data = rest + self._recv()

    # -- capabilities and TLS ----------------------------------------------------------------
    def capa(self) -> dict[str, list[str]]:
        """Ask CAPA (RFC 2449) and remember the answer; an old server without CAPA gets {}."""
        try:
            caps = super().capa()
        except poplib.error_proto:
            caps = {}
        self.capabilities = {name.upper(): args for name, args in caps.items()}
        return self.capabilities

    def start_tls(self) -> None:
        """STLS (RFC 2595 §4) and then CAPA again; abort if the server does not offer or
        refuses it (plan A5, A6). Bytes the server sent before the handshake are discarded
        (plan A7): only what arrives inside TLS is ever read as a reply."""
        assert self.context is not None
        if "STLS" not in self.capabilities:
            self._abandon()
            raise InsecureConnectionRefused(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} did not offer STARTTLS (STLS), so Hongyan did not log in: "
                        "someone may be removing it from the connection (a downgrade attack). "
                        "Use SSL/TLS (port 995) if the server supports it.",
                    ),
                    endpoint=self.endpoint,
                )
            )
        try:
            self._shortcmd("STLS")
        except poplib.error_proto as exc:
            self._abandon()
            raise InsecureConnectionRefused(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} refused to start TLS ({reply}), so Hongyan did not log in.",
                    ),
                    endpoint=self.endpoint,
                    reply=server_said(exc.args[0]),
                )
            ) from None
        if self._buffer:
            log.warning("%s: discarded %d bytes sent before TLS", self.endpoint, len(self._buffer))
            self._buffer.clear()
        self.sock = self.context.wrap_socket(self.sock, server_hostname=self.host)
        self._tls_established = True
        self.capabilities = {}
        self.capa()

    def _abandon(self) -> None:
        """Say QUIT (nothing to delete in this state) and close, ignoring a dead line."""
        try:
            self._outstanding = 0
            self._buffer.clear()
            self._send_command("QUIT")
        except HongyanError:
            pass
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            super().close()

    # -- logging in --------------------------------------------------------------------------
    def login(
        self, username: str, password: Secret, *, apop: bool = False, allow_insecure: bool = False
    ) -> str:
        """Authenticate and return the mechanism used.

        Over TLS: SASL (SCRAM where offered, else PLAIN, RFC 5034) or USER/PASS. APOP only
        when the account asks for it. Without TLS nothing that carries the password is sent
        unless ``allow_insecure`` (the account's explicit consent) is set (plan B13).
        """
        if _has_line_break(username) or _has_line_break(password.reveal()):
            raise Pop3Error(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The user name or password contains a line break; nothing was sent."
                    )
                )
            )
        if not self.secure and not allow_insecure:
            self._abandon()
            raise InsecureConnectionRefused(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The connection to {endpoint} is not encrypted, so Hongyan did not send "
                        "your password. Choose SSL/TLS or STARTTLS for this account.",
                    ),
                    endpoint=self.endpoint,
                )
            )
        from hongyan.core import sasl

        try:
            if apop:
                self._apop(username, password)
                return "APOP"
            mechanisms = [m.upper() for m in self.capabilities.get("SASL", [])]
            chosen = sasl.choose(mechanisms)
            if chosen is not None:
                sasl.authenticate(self, chosen, username, password)
                return chosen
            self._shortcmd(f"USER {username}")
            self._send_command(f"PASS {password.reveal()}", trace="PASS ***")
            self._getresp()
            return "USER/PASS"
        except sasl.SaslError as exc:
            self._abandon()
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Logging in to {endpoint} failed: {error}."),
                    endpoint=self.endpoint,
                    error=exc,
                )
            ) from None
        except HongyanError:
            self.close()  # the line is dead or out of step: nothing more to say on it
            raise
        except poplib.error_proto as exc:
            self._abandon()
            raise AuthenticationFailed(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} refused the login for {username}: wrong password or user "
                        "name ({reply}). Some providers (163, QQ, Gmail) need an app password or "
                        "authorisation code instead of the web password.",
                    ),
                    endpoint=self.endpoint,
                    username=username,
                    reply=server_said(exc.args[0]),
                )
            ) from None

    def _apop(self, username: str, password: Secret) -> None:
        stamp = apop_timestamp(self.welcome)
        if stamp is None:
            raise Pop3Error(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{endpoint} does not support APOP (no timestamp in greeting)."
                    ),
                    endpoint=self.endpoint,
                )
            )
        digest = hashlib.md5(stamp + password.reveal().encode("utf-8")).hexdigest()
        self._send_command(f"APOP {username} {digest}", trace=f"APOP {username} ***")
        self._getresp()

    # -- the transaction state ---------------------------------------------------------------
    def uidl_all(self) -> dict[int, str] | None:
        """UIDL of every message (number → normalised UIDL); None if the server has no UIDL."""
        self.ask_uidl()
        return self.read_uidl()

    def ask_uidl(self) -> None:
        """Send UIDL without waiting: the caller can work while the server lists (a sync
        reads its own state meanwhile), then :meth:`read_uidl`."""
        self._putcmd("UIDL")

    def ask_listing(self) -> None:
        """Send UIDL and LIST without waiting (in one write when the server advertises
        PIPELINING, RFC 2449 §6.6; else LIST follows UIDL's answer), then
        :meth:`read_listing`. Both are needed: a UIDL names a message only together with its
        size (plan G55)."""
        if "PIPELINING" in self.capabilities:
            if self._outstanding == 0:
                self._refuse_unsolicited()
                self._deadline = time.monotonic() + self.limits.command_timeout
            log.debug("%s > UIDL, LIST", self.endpoint)
            self._outstanding += 2
            try:
                self.sock.sendall(b"UIDL\r\nLIST\r\n")
            except OSError as exc:
                raise self._lost(exc) from None
            self._list_sent = True
        else:
            self.ask_uidl()
            self._list_sent = False

    def read_listing(self) -> tuple[dict[int, str] | None, dict[int, int]]:
        """The answers to :meth:`ask_listing`: UIDLs (None without UIDL support) and sizes.

        Raises:
            ProtocolError: the two listings name different messages.
        """
        uidls = self.read_uidl()
        if not self._list_sent:
            self._putcmd("LIST")
        sizes = self._read_list()
        if uidls is not None and set(uidls) != set(sizes):
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{endpoint} gave UIDL and LIST for different messages."
                    ),
                    endpoint=self.endpoint,
                )
            )
        return uidls, sizes

    def read_uidl(self) -> dict[int, str] | None:
        """The answer to :meth:`ask_uidl`, as :meth:`uidl_all` gives it."""
        try:
            _resp, lines, _ = self._getlongresp()
        except poplib.error_proto:
            return None
        result: dict[int, str] = {}
        for line in lines:
            parts = line.split(None, 1)
            if len(parts) != 2 or not parts[0].isdigit():
                raise ProtocolError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{endpoint} sent a bad UIDL line ({reply})."),
                        endpoint=self.endpoint,
                        reply=server_said(line[:80]),
                    )
                )
            result[int(parts[0])] = normalise_uidl(parts[1].strip())
        return result

    def list_all(self) -> dict[int, int]:
        """LIST: message number → size in octets (as the server counts them)."""
        self._putcmd("LIST")
        return self._read_list()

    def _read_list(self) -> dict[int, int]:
        try:
            _resp, lines, _ = self._getlongresp()
        except poplib.error_proto as exc:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} refused LIST ({reply})."),
                    endpoint=self.endpoint,
                    reply=server_said(exc.args[0]),
                )
            ) from None
        result: dict[int, int] = {}
        for line in lines:
            parts = line.split()
            if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
                raise ProtocolError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{endpoint} sent a bad LIST line ({reply})."),
                        endpoint=self.endpoint,
                        reply=server_said(line[:80]),
                    )
                )
            result[int(parts[0])] = int(parts[1])
        return result

    def top_headers(self, number: int, listed_size: int, keep: int = 1 * MIB) -> bytes:
        """``TOP n 0``: the header block of message ``number`` (for headers-only downloads
        and the no-UIDL key), its first ``keep`` bytes (see :meth:`_kept`)."""
        try:
            self._send_command(f"TOP {number} 0")
            self._getresp()
        except poplib.error_proto as exc:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{endpoint} refused TOP ({reply})."),
                    endpoint=self.endpoint,
                    reply=server_said(exc.args[0]),
                )
            ) from None
        return self._kept(keep, listed_size)

    def headers(
        self, items: Sequence[tuple[int, int]], keep: int = 64 * KIB
    ) -> Iterator[tuple[int, bytes | None]]:
        """``TOP n 0`` for each ``(number, listed size)``, pipelined like :meth:`retrieve`:
        yields ``(number, start of the header block)``, or ``(number, None)`` when the server
        refused TOP for it. Used only where a check needs a message's headers (plan G55, G57,
        G58), never for every message."""
        numbers = [number for number, _ in items]
        sizes = dict(items)
        for number, reply in self._pipelined([f"TOP {int(n)} 0" for n in numbers], numbers):
            yield number, (None if reply is None else self._kept(keep, sizes[number]))

    def _kept(self, keep: int, listed_size: int) -> bytes:
        """The first ``keep`` bytes of a multiline reply; the rest is read and dropped, up to
        the message's own cap (``LIST size * 2 + 64 KiB``, lines as long as that): a header
        line longer than the line cap must not make a message impossible to name or check
        (plan G58), and a reply longer than the message is a protocol error."""
        cap = max(keep, listed_size * 2 + 64 * KIB)
        kept = bytearray()
        for chunk in self._body_chunks(cap, line_limit=cap):
            if len(kept) < keep:
                kept += chunk[: keep - len(kept)]
        return bytes(kept)

    def _pipelined(
        self, commands: Sequence[str], tags: Sequence[int]
    ) -> Iterator[tuple[int, bytes | None]]:
        """Send ``commands`` in windows (PIPELINING) and yield ``(tag, status)`` per reply,
        status None for ``-ERR``; the caller reads a multiline body before the next."""
        window = self.limits.pipeline_window if "PIPELINING" in self.capabilities else 1
        start = 0
        while start < len(commands):
            batch = range(start, min(start + window, len(commands)))
            if self._outstanding == 0:
                self._refuse_unsolicited()
            self._deadline = time.monotonic() + self.limits.command_timeout
            self._outstanding += len(batch)
            try:
                self.sock.sendall(b"".join(commands[i].encode() + b"\r\n" for i in batch))
            except OSError as exc:
                raise self._lost(exc) from None
            for i in batch:
                try:
                    yield tags[i], self._getresp()
                except poplib.error_proto:
                    yield tags[i], None
            start = batch.stop

    def retrieve(
        self,
        sizes: Sequence[tuple[int, int]],
        *,
        size_limit: int | None = None,
        line_limit: int | None = None,
    ) -> Iterator[Retrieved]:
        """RETR each ``(number, listed size)`` in order, pipelined, streaming each message.

        Yields :class:`Retrieved` one at a time; the caller reads its ``chunks`` (to disk)
        before asking for the next. RETRs are sent ahead in a window (RFC 2449 §6.6: only when
        the server advertises PIPELINING; otherwise one at a time). If the caller stops early
        the session is left mid-reply: close it without QUIT (no DELE can then take effect).

        A message is capped at ``min(size_limit, LIST size * 2 + 64 KiB)`` (``size_limit``
        defaults to the session's ``max_message_bytes``) and its lines at ``line_limit``;
        reading past a cap raises :class:`MessageRejected` naming the message.
        """
        size_limit = size_limit or self.limits.max_message_bytes
        window = self.limits.pipeline_window if "PIPELINING" in self.capabilities else 1
        # The window is refilled a quarter at a time, the RETRs of a refill in one write: one
        # TLS write per RETR cost about 1 ms each in a busy fetch (each gives up the GIL).
        refill_below = max(1, window - window // 4)
        pending: deque[tuple[int, int]] = deque()
        todo = iter(sizes)
        exhausted = False
        while True:
            if not exhausted and len(pending) < refill_below:
                batch = list(itertools.islice(todo, window - len(pending)))
                exhausted = len(batch) < window - len(pending)
                if batch:
                    self._send_retrs(batch)
                    pending.extend(batch)
            if not pending:
                return
            number, size = pending.popleft()
            self._deadline = time.monotonic() + self.limits.retr_timeout(size)
            try:
                self._getresp()
            except poplib.error_proto as exc:
                raise ProtocolError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "{endpoint} refused to send message {number} ({reply})."
                        ),
                        endpoint=self.endpoint,
                        number=number,
                        reply=server_said(exc.args[0]),
                    )
                ) from None
            overrun = size * 2 + 64 * KIB
            cap, reason = (size_limit, "size") if size_limit <= overrun else (overrun, "overrun")
            chunks = self._body_chunks(cap, line_limit=line_limit, rejects=(number, reason))
            yield Retrieved(number, chunks)
            for _ in chunks:  # the caller did not read it all: drain to stay in step
                pass

    def delete(self, number: int) -> None:
        """DELE (takes effect only at QUIT, RFC 1939 §6 UPDATE state)."""
        try:
            self._shortcmd(f"DELE {number}")
        except poplib.error_proto as exc:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{endpoint} refused to delete message {number} ({reply})."
                    ),
                    endpoint=self.endpoint,
                    number=number,
                    reply=server_said(exc.args[0]),
                )
            ) from None

    def finish(self) -> None:
        """QUIT: commits DELEs (the UPDATE state) and closes."""
        try:
            self._shortcmd("QUIT")
        except poplib.error_proto as exc:
            raise ProtocolError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{endpoint} did not accept QUIT ({reply}); messages marked for deletion "
                        "may still be on the server.",
                    ),
                    endpoint=self.endpoint,
                    reply=server_said(exc.args[0]),
                )
            ) from None
        finally:
            self.close()

    def abort(self) -> None:
        """Close without QUIT: the server then deletes nothing (RFC 1939 §6)."""
        self.close()


def _has_line_break(text: str) -> bool:
    """CR, LF or NUL would end a command early and start another (plan B14)."""
    return any(c in text for c in "\r\n\0")


def apop_timestamp(greeting: bytes) -> bytes | None:
    """The ``<...@...>`` timestamp of an APOP greeting, found in linear time (plan B13)."""
    start = greeting.rfind(b"<")
    if start == -1:
        return None
    end = greeting.find(b">", start)
    stamp = greeting[start : end + 1] if end != -1 else b""
    if not stamp or b"@" not in stamp or len(stamp) > 512:
        return None
    return stamp


# --------------------------------------------------------------------------------------------
# Opening a session for an account


def open_session(
    host: str,
    port: int,
    security: Security,
    context: ssl.SSLContext | None,
    *,
    limits: Limits | None = None,
) -> Pop3Session:
    """Connect and, for ``starttls``, upgrade; CAPA is known (over TLS) on return."""
    session = Pop3Session(host, port, security=security, context=context, limits=limits)
    try:
        session.capa()
        if security == "starttls":
            session.start_tls()
    except BaseException:
        session.close()
        raise
    return session


SessionFactory = Callable[["Account", Secret], Pop3Session]


def connect_account(
    account: Account, secret: Secret, *, limits: Limits | None = None
) -> Pop3Session:
    """Open and log in a session for ``account`` with its own TLS settings."""
    from hongyan.core.tls import client_context

    server = account.pop3
    context = None if server.security == "none" else client_context(server)
    session = open_session(server.host, server.port, server.security, context, limits=limits)
    try:
        session.login(
            account.pop3_username,
            secret,
            apop=account.apop,
            allow_insecure=account.allow_insecure,
        )
    except BaseException:
        session.close()
        raise
    return session


def check_login(account: Account, secret: Secret, *, limits: Limits | None = None) -> str:
    """Log in and out (``hongyan account test``); return what works, in plain words."""
    session = connect_account(account, secret, limits=limits)
    try:
        count, size = session.stat()
        how = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}.get(account.pop3.security) or words(
            QT_TRANSLATE_NOOP("Core", "no TLS")
        )
        if count == 1:
            template = QT_TRANSLATE_NOOP(
                "Core",
                "POP3: logged in to {endpoint} as {user} ({how}); "
                "{count} message ({size:.1f} MB) on the server.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "Core",
                "POP3: logged in to {endpoint} as {user} ({how}); "
                "{count} messages ({size:.1f} MB) on the server.",
            )
        return words(
            template,
            endpoint=session.endpoint,
            user=account.pop3_username,
            how=how,
            count=count,
            size=size / MIB,
        )
    finally:
        try:
            session.finish()
        except HongyanError:
            session.close()
