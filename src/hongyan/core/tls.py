"""TLS for POP3 and SMTP: always verified, with per-account trust anchors and pinning.

The stdlib trap (plan A2): ``poplib``/``smtplib`` given no ``context=`` use an *unverified*
context. Protocol code must therefore always pass ``context=client_context(server)``; that
is the whole interface (``POP3_SSL(..., context=ctx)``, ``pop.stls(ctx)``,
``SMTP_SSL(..., context=ctx)``, ``smtp.starttls(context=ctx)``). The context's sockets check
the certificate during the handshake and raise :class:`CertificateNotTrusted` (a
:class:`HongyanError` and an ``ssl.SSLCertVerificationError``) with the certificate's
fingerprint, subject, issuer and validity, or :class:`TlsError` when no TLS session could be
set up (plaintext on a TLS port, a protocol below TLS 1.2). No credentials can have been sent.

How a server becomes trusted, in order:

1. The system CAs (``ssl.create_default_context()``), hostname checked, TLS 1.2 at least.
2. ``--trust-cert PEMFILE``: the PEM (a self-signed server certificate or a private CA) is
   stored in the account (``ServerSettings.trust_cert_pem``) and loaded as an extra trust
   anchor. Hostname and validity are still checked. This is how tests trust the test CA.
3. Pinning (like Thunderbird's certificate exception and mpop's ``tls_fingerprint``): the user
   accepts the exact certificate shown in a :class:`CertificateNotTrusted`, whose SHA-256
   fingerprint goes into ``ServerSettings.pinned_certs`` (:func:`accept_certificate`). A
   server with pins is then checked by fingerprint *instead of* the CA chain, hostname and
   dates: that exact certificate is accepted, any other one (a changed certificate, even a
   CA-valid one) is refused again until the user accepts it or removes the pins.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import re
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any

from hongyan.core.accounts import AccountError, ServerSettings, normalise_fingerprint
from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

PROBE_TIMEOUT = 5.0
"""Seconds allowed for the second connection that fetches an untrusted certificate."""


class TlsError(HongyanError, ssl.SSLError):
    """No secure connection could be set up; the message says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class CertificateInfo:
    """What a user needs to decide whether to accept a certificate."""

    sha256: str  # "AB:CD:..." (64 hex digits)
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    names: tuple[str, ...] = ()  # DNS names and IP addresses it is valid for

    def describe(self) -> str:
        return words(
            QT_TRANSLATE_NOOP(
                "Core",
                "SHA-256 fingerprint {sha256}; issued to {subject} by {issuer}; "
                "valid from {start} to {end} UTC",
            ),
            sha256=self.sha256,
            subject=self.subject,
            issuer=self.issuer,
            start=f"{self.not_before:%Y-%m-%d %H:%M}",
            end=f"{self.not_after:%Y-%m-%d %H:%M}",
        )


_REASONS = {
    10: "expired",
    9: "not_yet_valid",
    62: "wrong_host",
    64: "wrong_host",
    18: "unknown_issuer",
    19: "unknown_issuer",
    20: "unknown_issuer",
    2: "unknown_issuer",
    21: "unknown_issuer",
}


class CertificateNotTrusted(TlsError, ssl.SSLCertVerificationError):  # noqa: N818
    """The server's certificate did not verify, so Hongyan did not log in (plan A2-A4).

    Attributes:
        reason: ``expired``, ``not_yet_valid``, ``wrong_host``, ``unknown_issuer``,
            ``changed`` (a pinned server showed another certificate) or ``other``.
        info: the certificate, when it could be read (None if the server went away).
        endpoint: ``host:port``.
    """

    def __init__(self, reason: str, endpoint: str, info: CertificateInfo | None, detail: str = ""):
        self.reason = reason
        self.endpoint = endpoint
        self.info = info
        self.detail = detail
        super().__init__(_plain_message(reason, endpoint, info, detail))


def _plain_message(reason: str, endpoint: str, info: CertificateInfo | None, detail: str) -> str:
    what = _what_is_wrong(reason, info, detail)
    if info is None:
        return words(
            QT_TRANSLATE_NOOP(
                "Core",
                "The security certificate of {endpoint} {what}. Hongyan did not log in, so your "
                "password was not sent. Someone may be intercepting the connection.",
            ),
            endpoint=endpoint,
            what=what,
        )
    return words(
        QT_TRANSLATE_NOOP(
            "Core",
            "The security certificate of {endpoint} {what}. Hongyan did not log in, so your "
            "password was not sent. Someone may be intercepting the connection. If you are sure "
            "this is your server, you can accept exactly this certificate for this account: "
            "{certificate}.",
        ),
        endpoint=endpoint,
        what=what,
        certificate=info.describe(),
    )


def _what_is_wrong(reason: str, info: CertificateInfo | None, detail: str) -> str:
    """The end of "The security certificate of {endpoint} …" for a verification failure."""
    if reason == "expired" and info:
        return words(
            QT_TRANSLATE_NOOP("Core", "has expired (it was valid until {date})"),
            date=f"{info.not_after:%Y-%m-%d}",
        )
    if reason == "expired":
        return words(QT_TRANSLATE_NOOP("Core", "has expired"))
    if reason == "not_yet_valid" and info:
        return words(
            QT_TRANSLATE_NOOP("Core", "is not valid yet (it becomes valid on {date})"),
            date=f"{info.not_before:%Y-%m-%d}",
        )
    if reason == "not_yet_valid":
        return words(QT_TRANSLATE_NOOP("Core", "is not valid yet"))
    if reason == "wrong_host" and info and info.names:
        return words(
            QT_TRANSLATE_NOOP("Core", "was issued for another server ({names})"),
            names=", ".join(info.names),
        )
    if reason == "wrong_host":
        return words(QT_TRANSLATE_NOOP("Core", "was issued for another server"))
    if reason == "unknown_issuer" and info:
        return words(
            QT_TRANSLATE_NOOP(
                "Core", "was issued by an authority this computer does not trust ({issuer})"
            ),
            issuer=info.issuer,
        )
    if reason == "unknown_issuer":
        return words(
            QT_TRANSLATE_NOOP("Core", "was issued by an authority this computer does not trust")
        )
    if reason == "changed":
        return words(QT_TRANSLATE_NOOP("Core", "is not the one you accepted for this account"))
    return words(
        QT_TRANSLATE_NOOP("Core", "could not be verified ({detail})"),
        detail=detail or words(QT_TRANSLATE_NOOP("Core", "unknown problem")),
    )


def _fingerprint(der: bytes) -> str:
    return normalise_fingerprint(hashlib.sha256(der).hexdigest())


def describe_certificate(der: bytes) -> CertificateInfo:
    """Read a DER certificate's fingerprint, names and validity (for messages and pinning)."""
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    names: list[str] = []
    with contextlib.suppress(x509.ExtensionNotFound):
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        names += [str(n) for n in san.get_values_for_type(x509.IPAddress)]
    return CertificateInfo(
        sha256=_fingerprint(der),
        subject=cert.subject.rfc4514_string() or "(no name)",
        issuer=cert.issuer.rfc4514_string() or "(no name)",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        names=tuple(names),
    )


def check_trust_pem(pem: str) -> str:
    """Return ``pem`` if it holds at least one certificate OpenSSL can load, else raise."""
    if "-----BEGIN CERTIFICATE-----" not in pem:
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The file is not a PEM certificate (no BEGIN CERTIFICATE line)."
                )
            )
        )
    try:
        ssl.create_default_context().load_verify_locations(cadata=pem)
    except (ssl.SSLError, ValueError) as exc:
        raise AccountError(
            words(
                QT_TRANSLATE_NOOP("Core", "The certificate file cannot be used: {error}."),
                error=exc,
            )
        ) from None
    return pem


def accept_certificate(server: ServerSettings, info: CertificateInfo | str) -> ServerSettings:
    """A copy of ``server`` that accepts exactly this certificate (pinned by SHA-256)."""
    fingerprint = normalise_fingerprint(info if isinstance(info, str) else info.sha256)
    pins = [*server.pinned_certs]
    if fingerprint not in pins:
        pins.append(fingerprint)
    return dataclasses.replace(server, pinned_certs=pins)


class _CheckedSocket(ssl.SSLSocket):
    """An SSLSocket whose handshake ends in Hongyan's verdict, not a bare OpenSSL error."""

    context: HongyanContext

    def do_handshake(self, block: bool = False) -> None:
        server = self.context.server
        try:
            super().do_handshake(block)
        except ssl.SSLCertVerificationError as exc:
            reason = _REASONS.get(exc.verify_code or 0, "other")
            info = self._probe_certificate(server)
            raise CertificateNotTrusted(
                reason, server.endpoint, info, exc.verify_message or ""
            ) from None
        except ssl.SSLError as exc:
            raise TlsError(_handshake_failure(server, exc)) from None
        if self.context.pinned:
            der = self.getpeercert(binary_form=True)
            if der is None or _fingerprint(der) not in server.pinned_certs:
                info = describe_certificate(der) if der else None
                raise CertificateNotTrusted("changed", server.endpoint, info)

    def _probe_certificate(self, server: ServerSettings) -> CertificateInfo | None:
        """Fetch the refused certificate over a second connection, only to show it."""
        try:
            peer = self.getpeername()
            timeout = min(self.gettimeout() or PROBE_TIMEOUT, PROBE_TIMEOUT)
            der = _fetch_der(
                (peer[0], peer[1]), server.security, self.server_hostname or server.host, timeout
            )
        except (OSError, HongyanError, ValueError):
            return None
        return describe_certificate(der)


def _handshake_failure(server: ServerSettings, exc: ssl.SSLError) -> str:
    reason = (exc.reason or str(exc)).upper()
    if "WRONG_VERSION_NUMBER" in reason or "RECORD_LAYER" in reason:
        why = words(
            QT_TRANSLATE_NOOP(
                "Core",
                "the server did not answer with TLS (is this the port for this security setting?)",
            )
        )
    elif "PROTOCOL" in reason or "VERSION" in reason:
        why = words(
            QT_TRANSLATE_NOOP(
                "Core", "the server offers only TLS versions older than 1.2, which are not safe"
            )
        )
    else:
        why = words(
            QT_TRANSLATE_NOOP("Core", "the secure handshake failed ({reason})"),
            reason=exc.reason or exc,
        )
    return words(
        QT_TRANSLATE_NOOP(
            "Core", "No secure connection to {endpoint}: {why}. Hongyan did not log in."
        ),
        endpoint=server.endpoint,
        why=why,
    )


class HongyanContext(ssl.SSLContext):
    """The client context for one server; see the module doc. Made by :func:`client_context`."""

    sslsocket_class = _CheckedSocket
    server: ServerSettings
    pinned: bool

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        # Only socket handshakes are checked by _CheckedSocket; refuse the memory-BIO path
        # (asyncio) rather than let it skip the pin check.
        if self.pinned:
            raise TlsError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "pinned certificates are checked only on socket connections"
                    )
                )
            )
        return super().wrap_bio(*args, **kwargs)


def client_context(server: ServerSettings) -> ssl.SSLContext:
    """The SSL context for connecting to ``server``: verifying, TLS 1.2 at least (plan A8).

    System CAs plus ``server.trust_cert_pem``; hostname checked. With pinned certificates the
    chain check is replaced by the fingerprint check made right after the handshake, before
    the caller can send anything (see the module doc).

    One context per server and trust settings is kept for the life of the process: loading
    the system CA bundle costs about 45 ms, more than a whole "nothing new" POP3 exchange,
    and the GUI connects every few minutes. A changed pin or trusted PEM is another key, so
    it gets a fresh context; a context is never changed after it is made.
    """
    key = (
        server.host,
        server.port,
        server.security,
        tuple(server.pinned_certs),
        server.trust_cert_pem,
    )
    with _contexts_lock:
        context = _contexts.get(key)
        if context is None:
            context = _contexts[key] = _new_context(server)
            while len(_contexts) > MAX_CACHED_CONTEXTS:
                del _contexts[next(iter(_contexts))]
    return context


MAX_CACHED_CONTEXTS = 32
_contexts: dict[tuple[object, ...], ssl.SSLContext] = {}
_contexts_lock = threading.Lock()


def _new_context(server: ServerSettings) -> ssl.SSLContext:
    context = HongyanContext(ssl.PROTOCOL_TLS_CLIENT)
    context.server = server
    context.pinned = bool(server.pinned_certs)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_system_cas(context)
    if server.trust_cert_pem:
        context.load_verify_locations(cadata=server.trust_cert_pem)
        # The user's PEM may be a leaf (self-signed or not): let it be an anchor by itself.
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    if context.pinned:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # replaced by the fingerprint check, never skipped
    else:
        context.check_hostname = True
        context.verify_mode = ssl.CERT_REQUIRED
    return context


def _load_system_cas(context: ssl.SSLContext) -> None:
    """Trust the system's CAs (those of ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set).

    Where OpenSSL has a hashed certificate directory and the CA bundle is the one kept in
    it (Debian, Ubuntu, Arch: update-ca-certificates writes both from the same certificates),
    only the directory is given: OpenSSL then reads just the issuers a handshake needs, where
    loading the whole bundle took 33 ms per process, a third of a "nothing new" check. A
    bundle kept elsewhere (a company's own CAs) is loaded as well; Windows and macOS use
    the platform's usual way.
    """
    paths = ssl.get_default_verify_paths()  # SSL_CERT_FILE and SSL_CERT_DIR resolved
    capath, cafile = paths.capath, paths.cafile
    beside = not cafile or os.path.dirname(cafile) == os.path.normpath(capath or "")
    if capath and beside and _has_hashed_certificates(capath):
        context.load_verify_locations(capath=capath)
    else:
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)


def _has_hashed_certificates(directory: str) -> bool:
    """Whether ``directory`` holds OpenSSL's ``<subject hash>.<n>`` certificate links."""
    try:
        with os.scandir(directory) as entries:
            return any(_HASHED_NAME.fullmatch(entry.name) for entry in entries)
    except OSError:
        return False


_HASHED_NAME = re.compile(r"[0-9a-f]{8}\.[0-9]+")


# --------------------------------------------------------------------------------------------
# Reading a server's certificate without trusting it (to show it to the user)


def _read_line(stream: Any) -> bytes:
    line: bytes = stream.readline(4096)
    if not line:
        raise TlsError(words(QT_TRANSLATE_NOOP("Core", "the server closed the connection")))
    return line


def _start_tls_dialogue(sock: socket.socket) -> None:
    """Speak just enough POP3 (RFC 2595 STLS) or SMTP (RFC 3207 STARTTLS) to start TLS."""
    stream = sock.makefile("rb")
    greeting = _read_line(stream)
    if greeting.startswith(b"+OK"):
        sock.sendall(b"STLS\r\n")
        ok = _read_line(stream).startswith(b"+OK")
    elif greeting.startswith(b"220"):
        while greeting.startswith(b"220-"):
            greeting = _read_line(stream)
        sock.sendall(b"EHLO hongyan.invalid\r\n")
        line = _read_line(stream)
        while line.startswith(b"250-"):
            line = _read_line(stream)
        sock.sendall(b"STARTTLS\r\n")
        ok = _read_line(stream).startswith(b"220")
    else:
        raise TlsError(words(QT_TRANSLATE_NOOP("Core", "the server speaks neither POP3 nor SMTP")))
    if not ok:
        raise TlsError(words(QT_TRANSLATE_NOOP("Core", "the server refused to start TLS")))


def _fetch_der(address: tuple[str, int], security: str, hostname: str, timeout: float) -> bytes:
    if security == "none":
        raise TlsError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "this server is set up without TLS, so it shows no certificate"
                )
            )
        )
    look_only = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    look_only.check_hostname = False
    look_only.verify_mode = ssl.CERT_NONE  # nothing is sent over it: it only reads the cert
    look_only.minimum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(address, timeout=timeout) as raw:
        if security == "starttls":
            _start_tls_dialogue(raw)
        with look_only.wrap_socket(raw, server_hostname=hostname) as tls:
            der = tls.getpeercert(binary_form=True)
    if not der:
        raise TlsError(words(QT_TRANSLATE_NOOP("Core", "the server sent no certificate")))
    return der


def fetch_server_certificate(
    host: str, port: int, security: str, *, timeout: float = PROBE_TIMEOUT
) -> CertificateInfo:
    """Connect, read the server's certificate without trusting it, and describe it.

    For the account dialog and ``hongyan account test``: it lets the user see the
    fingerprint of a certificate before accepting it. No credentials are ever sent on this
    connection. ``security`` is ``ssl`` or ``starttls`` (POP3 or SMTP is recognised from
    the greeting).

    Raises:
        TlsError: the server could not be reached or would not start TLS.
    """
    try:
        der = _fetch_der((host, port), security, host, timeout)
    except (OSError, ValueError) as exc:  # TlsError included: add where it happened
        raise TlsError(
            words(
                QT_TRANSLATE_NOOP("Core", "Could not read the certificate of {endpoint}: {error}."),
                endpoint=f"{host}:{port}",
                error=exc,
            )
        ) from None
    return describe_certificate(der)
