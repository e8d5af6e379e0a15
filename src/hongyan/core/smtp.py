"""SMTP submission over :mod:`smtplib`: one message, one connection, every failure typed.

Three rules shape this module:

* **TLS is verified or there is no session** (plan A2-A8). Implicit TLS (465) or STARTTLS (587)
  always get a verifying context (``smtplib``'s own default verifies nothing). When STARTTLS
  is missing or refused the session ends before any AUTH, and nothing is retried in plaintext.
  After STARTTLS the capabilities are asked again; anything the server said before the
  handshake is forgotten (``smtplib.starttls`` drops its read buffer and the EHLO features).
* **A password only travels inside TLS** (plan F53b), whatever the server advertises.
* **The final "." is the point of no return** (plan F47, RFC 1047). A failure before it is
  :class:`SmtpTemporaryError` (safe to retry: the server discards an unfinished transaction,
  plan F48); a connection lost after it is :class:`DeliveryUncertainError`, because the server may
  have accepted the message, and resending would deliver it twice. The wait for the reply to
  the final "." is long (RFC 5321 §4.5.3.2.6 suggests 10 minutes) for the same reason.
"""

from __future__ import annotations

import base64
import re
import select
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy as email_policy
from email.parser import HeaderParser
from email.utils import getaddresses

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import AddressError, make_address, one_line
from hongyan.core.secrets import Secret, redact
from hongyan.core.sendlater import SEND_AT_HEADER, without_fields
from hongyan.core.texts import QT_TRANSLATE_NOOP, joined, words
from hongyan.core.tls import TlsError, client_context


class SmtpError(HongyanError):
    """A send failed. ``retryable`` says whether the Outbox may try again on its own."""

    retryable = False


class SmtpTemporaryError(SmtpError):
    """Nothing was delivered and trying again later may work (network, 4xx, server busy)."""

    retryable = True


class SmtpPermanentError(SmtpError):
    """The server refused for good (5xx); the user has to change something."""


class RecipientsRefusedError(SmtpPermanentError):
    """Every recipient was refused; ``refused`` maps each address to the server's words."""

    def __init__(self, message: str, refused: dict[str, str]) -> None:
        super().__init__(message)
        self.refused = refused


class MessageTooLargeError(SmtpPermanentError):
    """The message is over the size the server announced (EHLO SIZE, RFC 1870)."""


class DeliveryUncertainError(SmtpError):
    """The connection was lost after the whole message was sent: it may have arrived.

    Never retried automatically (plan F47); the user decides whether to send it again.
    """


class AuthenticationError(SmtpError):
    """The server refused the user name or password, or offers no safe way to log in."""


@dataclass(frozen=True)
class Envelope:
    """The SMTP envelope: who the server is told the message is from and to (RFC 5321 §2.3.1)."""

    sender: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class SubmitResult:
    """What the server accepted; ``refused`` maps each refused address to the server's words."""

    accepted: tuple[str, ...]
    refused: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One plain sentence for the user (plan F49)."""
        sent = words(
            QT_TRANSLATE_NOOP("Core", "Sent to {addresses}."), addresses=", ".join(self.accepted)
        )
        if not self.refused:
            return sent
        return words(
            QT_TRANSLATE_NOOP(
                "Core", "{sent} The server refused {refused}; the message was not sent to them."
            ),
            sent=sent,
            refused=_refusals(self.refused),
        )


def _refusals(refused: dict[str, str]) -> str:
    """ "a@x (the server said: …); b@y (…)" for the user."""
    return joined(
        [
            words(QT_TRANSLATE_NOOP("Core", "{address} ({reason})"), address=addr, reason=why)
            for addr, why in refused.items()
        ]
    )


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait. ``data_termination`` is the wait for the reply to the final "."."""

    command: float = 30.0
    data_termination: float = 600.0


def server_said(text: bytes | str) -> str:
    """Server text framed as such, on one line and cut short (plan A9: never trusted UI)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = one_line(redact(text))
    if not text:
        return words(QT_TRANSLATE_NOOP("Core", "the server gave no reason"))
    return words(QT_TRANSLATE_NOOP("Core", "the server said: “{reply}”"), reply=text[:300])


# --- the message on the wire -------------------------------------------------------------

# Bcc (plan F50), and the time a message waited for in the Outbox (sendlater.py): neither
# is the recipients' business.
_HIDDEN_FIELDS = (b"bcc", b"resent-bcc", SEND_AT_HEADER.lower().encode())
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _without_hidden_fields(header: bytes) -> bytes:
    """The header block without its Bcc fields (and their folded continuation lines)."""
    return without_fields(header, _HIDDEN_FIELDS)


def _envelope_addresses(value: str) -> list[str]:
    found = []
    for name, addr in getaddresses([value]):
        if addr:
            found.append(make_address(name, addr).addr_spec)
    return found


def transmission(data: bytes) -> tuple[Envelope, bytes]:
    """The envelope and the exact bytes to send for a stored outgoing message.

    The envelope lists To, Cc and Bcc; the bytes are the stored ones without the Bcc field
    (plan F50), with every line ending made CRLF (plan F54: a bare LF never reaches the
    server, where it could be read as a different line structure).

    Raises:
        AddressError: an address in the stored message is unusable (names it).
    """
    split = re.search(rb"\r?\n\r?\n", data)
    header, body = (data[: split.end()], data[split.end() :]) if split else (data, b"")
    # UTF-8 decoding, not the parser's ASCII: RFC 6532 headers carry UTF-8 addresses.
    parsed = HeaderParser(policy=email_policy.default).parsestr(header.decode("utf-8", "replace"))
    senders = _envelope_addresses(str(parsed.get("From", "")))
    if not senders:
        raise AddressError(words(QT_TRANSLATE_NOOP("Core", "The message has no From address.")))
    recipients: list[str] = []
    for name in ("To", "Cc", "Bcc"):
        for value in parsed.get_all(name, []):
            recipients.extend(a for a in _envelope_addresses(str(value)) if a not in recipients)
    if not recipients:
        raise AddressError(words(QT_TRANSLATE_NOOP("Core", "The message has no recipient.")))
    wire = _LINE_END.sub(b"\r\n", _without_hidden_fields(header) + body)
    if not wire.endswith(b"\r\n"):
        wire += b"\r\n"
    return Envelope(senders[0], tuple(recipients)), wire


# --- the session ------------------------------------------------------------------------


def _connect(server: ServerSettings, context: ssl.SSLContext, timeout: float) -> smtplib.SMTP:
    """An open session, after TLS and a post-TLS EHLO; never a plaintext one unless asked."""
    where = f"{server.host}:{server.port}"
    if server.security not in ("ssl", "starttls", "none"):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Unknown security setting {security!r} for {where}."),
                security=server.security,
                where=where,
            )
        )
    client: smtplib.SMTP | None = None
    try:
        if server.security == "ssl":
            client = smtplib.SMTP_SSL(
                server.host, server.port, local_hostname="localhost", context=context,
                timeout=timeout,
            )  # fmt: skip
        else:
            client = smtplib.SMTP(
                server.host, server.port, local_hostname="localhost", timeout=timeout
            )
        # A literal of our own address instead of the machine's name (no DNS lookup, no leak).
        client.local_hostname = _address_literal(_sock(client))
        _expect(client.ehlo(), 250)
        if server.security == "starttls":
            _start_tls(client, context, where)
        return client
    except HongyanError:
        _close(client)
        raise  # CertificateNotTrusted and TlsError from the context: already in plain words
    except ssl.SSLError as exc:
        _close(client)
        raise TlsError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "No secure connection to {where} could be made ({reason}). Check the port "
                    "and security settings; nothing was sent.",
                ),
                where=where,
                reason=exc.reason or exc,
            )
        ) from exc
    except smtplib.SMTPResponseException as exc:
        _close(client)
        raise _classify(
            exc.smtp_code,
            exc.smtp_error,
            words(QT_TRANSLATE_NOOP("Core", "{where} refused the connection"), where=where),
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        _close(client)
        raise SmtpTemporaryError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "Cannot reach {where} ({os_reason}). The message will be sent later."
                ),
                where=where,
                os_reason=_os_reason(exc),
            )
        ) from exc


def _close(client: smtplib.SMTP | None) -> None:
    if client is not None:
        client.close()


def _sock(client: smtplib.SMTP) -> socket.socket:
    if client.sock is None:
        raise smtplib.SMTPServerDisconnected("not connected")
    return client.sock


def _address_literal(sock: socket.socket) -> str:
    address = str(sock.getsockname()[0])
    return f"[IPv6:{address}]" if ":" in address else f"[{address}]"


def _start_tls(client: smtplib.SMTP, context: ssl.SSLContext, where: str) -> None:
    """STARTTLS or abort (plan A5, A6); the capabilities are re-read inside TLS (plan A7).

    ``smtplib.starttls`` wraps the socket only after a 220, then drops its read buffer (so a
    reply injected before the handshake is never read) and every EHLO capability (RFC 3207
    §4.2). A refusal must end the session, never fall back to plaintext.
    """
    if not client.has_extn("starttls"):
        _quit(client)
        raise TlsError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{where} did not offer STARTTLS; possible downgrade attack. Nothing was sent.",
                ),
                where=where,
            )
        )
    try:
        code, reply = client.starttls(context=context)
    except smtplib.SMTPResponseException as exc:  # Python 3.11 raises; older ones returned
        code, reply = exc.smtp_code, bytes(str(exc.smtp_error), "utf-8", "replace")
        if isinstance(exc.smtp_error, bytes):
            reply = exc.smtp_error
    if code != 220:
        _quit(client)
        raise TlsError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{where} refused STARTTLS ({reply}); possible downgrade attack. Nothing was "
                    "sent.",
                ),
                where=where,
                reply=server_said(reply),
            )
        )
    _expect(client.ehlo(), 250)


def _expect(reply: tuple[int, bytes], code: int) -> None:
    if reply[0] != code:
        raise smtplib.SMTPResponseException(reply[0], reply[1])


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout) or isinstance(
        exc.__context__, TimeoutError | socket.timeout
    ):
        return words(QT_TRANSLATE_NOOP("Core", "no answer in time"))
    if isinstance(exc, ConnectionRefusedError):
        return words(
            QT_TRANSLATE_NOOP("Core", "connection refused: the server is down or the port is wrong")
        )
    if isinstance(exc, socket.gaierror):
        return words(QT_TRANSLATE_NOOP("Core", "the server name cannot be found"))
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return words(QT_TRANSLATE_NOOP("Core", "the server closed the connection"))
    return str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)


def _classify(code: int, reply: bytes | str, what: str) -> SmtpError:
    said = server_said(reply)
    if 400 <= code < 500:
        return SmtpTemporaryError(
            words(
                QT_TRANSLATE_NOOP("Core", "{what}: {said}. The message will be sent later."),
                what=what,
                said=said,
            )
        )
    return SmtpPermanentError(
        words(QT_TRANSLATE_NOOP("Core", "{what}: {said}."), what=what, said=said)
    )


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _is_tls(client: smtplib.SMTP) -> bool:
    return isinstance(client.sock, ssl.SSLSocket)


def _authenticate(client: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN or LOGIN in UTF-8 (RFC 4616), only inside TLS (plan F53b).

    smtplib's own ``login`` encodes credentials as ASCII and fails on a non-ASCII password.
    """
    if not _is_tls(client):
        raise AuthenticationError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "Hongyan will not send your password over an unencrypted connection. Choose "
                    "SSL/TLS or STARTTLS in the account settings.",
                )
            )
        )
    offered = client.esmtp_features.get("auth", "").upper().split()

    def b64(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    if "PLAIN" in offered:
        code, reply = client.docmd("AUTH", "PLAIN " + b64(f"\0{username}\0{password}"))
    elif "LOGIN" in offered:
        code, reply = client.docmd("AUTH", "LOGIN")
        if code == 334:
            code, reply = client.docmd(b64(username))
        if code == 334:
            code, reply = client.docmd(b64(password))
    else:
        raise AuthenticationError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The server offers no login method Hongyan can use (PLAIN or LOGIN). Check "
                    "whether this account needs to log in to send.",
                )
            )
        )
    if code != 235:
        if 400 <= code < 500:
            raise SmtpTemporaryError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Login failed for now: {reply}."),
                    reply=server_said(reply),
                )
            )
        raise AuthenticationError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The server refused the user name or password for {username} ({reply})."
                ),
                username=username,
                reply=server_said(reply),
            )
        )


Login = tuple[str, Secret]
"""(user name, password) for AUTH; ``None`` where the account does not log in to send."""


def open_session(
    server: ServerSettings,
    login: Login | None,
    *,
    context: ssl.SSLContext | None = None,
    timeouts: Timeouts = Timeouts(),
) -> smtplib.SMTP:
    """Connect, secure and (when ``login`` is given) log in. The caller must quit.

    ``context`` defaults to :func:`hongyan.core.tls.client_context` for ``server``.
    """
    client = _connect(server, context or client_context(server), timeouts.command)
    if login is None:
        return client
    try:
        _authenticate(client, login[0], login[1].reveal())
    except (smtplib.SMTPException, OSError) as exc:
        client.close()
        raise SmtpTemporaryError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The connection was lost while logging in ({os_reason})."
                ),
                os_reason=_os_reason(exc),
            )
        ) from exc
    except SmtpError:
        _quit(client)
        raise
    return client


def _mail_options(client: smtplib.SMTP, envelope: Envelope, payload: bytes) -> list[str]:
    options = []
    limit = client.esmtp_features.get("size", "")
    if limit.isdigit() and int(limit) and len(payload) > int(limit):
        raise MessageTooLargeError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The message is {size:.1f} MB; the server accepts at most {limit:.1f} MB. "
                    "Remove or shrink some attachments.",
                ),
                size=len(payload) / 1e6,
                limit=int(limit) / 1e6,
            )
        )
    if client.has_extn("size"):
        options.append(f"SIZE={len(payload)}")
    if not payload.isascii():
        if not client.has_extn("8bitmime"):
            raise SmtpPermanentError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The server cannot take this message (it needs 8BITMIME)."
                    )
                )
            )
        options.append("BODY=8BITMIME")
    if not all(a.isascii() for a in (envelope.sender, *envelope.recipients)):
        if not client.has_extn("smtputf8"):
            raise SmtpPermanentError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The server does not accept addresses with non-ASCII characters "
                        "(SMTPUTF8).",
                    )
                )
            )
        options.append("SMTPUTF8")
    return options


def _recipients(client: smtplib.SMTP, envelope: Envelope) -> tuple[list[str], dict[str, str]]:
    accepted: list[str] = []
    refused: dict[str, str] = {}
    temporary = False
    for recipient in envelope.recipients:
        code, reply = client.rcpt(recipient)
        if code in (250, 251):
            accepted.append(recipient)
        else:
            temporary = temporary or 400 <= code < 500
            refused[recipient] = server_said(reply)
    if not accepted:
        client.rset()
        listing = _refusals(refused)
        if temporary:
            raise SmtpTemporaryError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The server refused every recipient for now: {listing}."
                    ),
                    listing=listing,
                )
            )
        raise RecipientsRefusedError(
            words(
                QT_TRANSLATE_NOOP("Core", "The server refused every recipient: {listing}."),
                listing=listing,
            ),
            refused,
        )
    return accepted, refused


EARLY_CHECK_SECONDS = 0.05


def _check_still_listening(client: smtplib.SMTP) -> None:
    """Before the final ".": has the server hung up or answered early? (plan F48)

    A server that closed during the data cannot have accepted the message, so that is a
    temporary failure, safe to retry. Without this look, a small message sits in the kernel's
    buffer, the "." follows it, and the same hang-up would look like
    :class:`DeliveryUncertainError`.
    """
    sock = _sock(client)
    pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
    if not pending and not select.select([sock], [], [], EARLY_CHECK_SECONDS)[0]:
        return
    previous = sock.gettimeout()
    try:
        sock.settimeout(EARLY_CHECK_SECONDS * 10)
        early = sock.recv(512)
    except (TimeoutError, ssl.SSLWantReadError):
        sock.settimeout(previous)
        return  # a TLS record with nothing for us: the server is still listening
    except OSError:
        early = b""
    client.close()
    if not early:
        raise smtplib.SMTPServerDisconnected("the server closed the connection during the data")
    code = int(early[:3]) if early[:3].isdigit() else 451
    raise _classify(
        code,
        early[4:],
        words(QT_TRANSLATE_NOOP("Core", "The server stopped the message before its end")),
    )


def _transfer(
    client: smtplib.SMTP,
    payload: bytes,
    timeouts: Timeouts,
    data_will_commit: Callable[[], None] | None,
) -> None:
    """DATA: the message, then the final "." sent apart, so we know which side we are on."""
    code, reply = client.docmd("DATA")
    if code != 354:
        raise _classify(
            code, reply, words(QT_TRANSLATE_NOOP("Core", "The server would not take the message"))
        )
    # RFC 5321 §4.5.2: a line starting with "." gets one more.
    client.send(re.sub(rb"(?m)^\.", b"..", payload))
    _check_still_listening(client)
    if data_will_commit is not None:
        data_will_commit()
    try:
        _sock(client).settimeout(timeouts.data_termination)
        client.send(b".\r\n")
        code, reply = client.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        client.close()
        raise DeliveryUncertainError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The connection was lost after the whole message was sent ({os_reason}): the "
                    "server may have received it. Check with a recipient before sending it "
                    "again; a resend keeps the same Message-ID.",
                ),
                os_reason=_os_reason(exc),
            )
        ) from exc
    if code != 250:
        raise _classify(
            code, reply, words(QT_TRANSLATE_NOOP("Core", "The server did not accept the message"))
        )


def submit(
    server: ServerSettings,
    login: Login | None,
    envelope: Envelope,
    payload: bytes,
    *,
    context: ssl.SSLContext | None = None,
    timeouts: Timeouts = Timeouts(),
    data_will_commit: Callable[[], None] | None = None,
) -> SubmitResult:
    """Send one message. ``payload`` comes from :func:`transmission`.

    ``data_will_commit`` is called just before the final "." goes out: from then on a lost
    connection means :class:`DeliveryUncertainError` (the Outbox records that moment durably).

    Raises:
        SmtpTemporaryError: nothing was delivered; retry later (plan F48).
        DeliveryUncertainError: lost after the final "." (plan F47).
        SmtpPermanentError, RecipientsRefusedError, MessageTooLargeError,
        AuthenticationError: needs the user.
    """
    for address in (envelope.sender, *envelope.recipients):
        make_address("", address)  # plan F53a: no CR/LF or stray brackets before connecting
    client = open_session(server, login, context=context, timeouts=timeouts)
    try:
        options = _mail_options(client, envelope, payload)
        code, reply = client.mail(envelope.sender, options)
        if code != 250:
            raise _classify(
                code,
                reply,
                words(
                    QT_TRANSLATE_NOOP("Core", "The server refused the sender {sender}"),
                    sender=envelope.sender,
                ),
            )
        accepted, refused = _recipients(client, envelope)
        _transfer(client, payload, timeouts, data_will_commit)
    except DeliveryUncertainError:
        raise
    except SmtpError:
        _quit(client)
        raise
    except (smtplib.SMTPException, OSError) as exc:
        client.close()
        raise SmtpTemporaryError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The connection to {host} was lost before the message was complete "
                    "({os_reason}). Nothing was delivered; it will be sent later.",
                ),
                host=server.host,
                os_reason=_os_reason(exc),
            )
        ) from exc
    _quit(client)
    return SubmitResult(tuple(accepted), refused)


def login_for(account: Account, secret: Secret | None) -> Login | None:
    """The AUTH credentials of ``account``, or None when it does not log in to send."""
    if not account.smtp_auth:
        return None
    if secret is None:
        raise AuthenticationError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "No SMTP password is known for the account '{name}'. Enter it in the "
                    "account's properties (Tools → Accounts).",
                ),
                name=account.name,
            )
        )
    return account.smtp_username, secret


def check_login(
    account: Account,
    secret: Secret | None,
    *,
    context: ssl.SSLContext | None = None,
    timeouts: Timeouts = Timeouts(),
) -> str:
    """``hongyan account test``: connect to the account's SMTP server and log in; one line."""
    return check_session(
        account.smtp, login_for(account, secret), context=context, timeouts=timeouts
    )


def check_session(
    server: ServerSettings,
    login: Login | None,
    *,
    context: ssl.SSLContext | None = None,
    timeouts: Timeouts = Timeouts(),
) -> str:
    """Connect and log in without sending anything; a one-line report for ``account test``."""
    client = open_session(server, login, context=context, timeouts=timeouts)
    try:
        version = client.sock.version() if isinstance(client.sock, ssl.SSLSocket) else None
        limit = client.esmtp_features.get("size", "")
    finally:
        _quit(client)
    endpoint = f"{server.host}:{server.port}"
    if version:
        report = words(
            QT_TRANSLATE_NOOP("Core", "SMTP {endpoint}: connected over {version}"),
            endpoint=endpoint,
            version=version,
        )
    else:
        report = words(
            QT_TRANSLATE_NOOP("Core", "SMTP {endpoint}: connected without encryption"),
            endpoint=endpoint,
        )
    if login is not None:
        report = words(
            QT_TRANSLATE_NOOP("Core", "{report} and logged in as {user}"),
            report=report,
            user=login[0],
        )
    if limit.isdigit() and int(limit):
        report = words(
            QT_TRANSLATE_NOOP("Core", "{report} (messages up to {size:.0f} MB)"),
            report=report,
            size=int(limit) / 1e6,
        )
    return words(QT_TRANSLATE_NOOP("Core", "{report}."), report=report)
