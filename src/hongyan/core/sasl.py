"""SASL for POP3 AUTH (RFC 5034): SCRAM-SHA-256 / SCRAM-SHA-1 (RFC 5802, 7677) and PLAIN.

SCRAM is preferred where offered: the password itself never crosses the wire and the server
proves it knows it too. PLAIN (RFC 4616) sends it inside TLS, which :class:`Pop3Session`
guarantees before it gets here. The session is the duck-typed one of :mod:`hongyan.core.pop3`
(``_send_command``, ``_getline``, ``_getresp``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from typing import Protocol

from hongyan.core.secrets import Secret
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

PREFERENCE = ("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN")


class _Session(Protocol):
    endpoint: str

    def _send_command(
        self, line: str, *, timeout: float | None = None, trace: str = ""
    ) -> None: ...

    def _reply_line(self) -> bytes: ...

    def _getresp(self) -> bytes: ...


class SaslError(Exception):
    """The server's SASL exchange was malformed or did not prove itself (SCRAM)."""


def choose(offered: list[str]) -> str | None:
    """The best mechanism of those the server offers, or None (then USER/PASS)."""
    for mechanism in PREFERENCE:
        if mechanism in offered:
            return mechanism
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def authenticate(session: _Session, mechanism: str, username: str, password: Secret) -> None:
    """Run ``AUTH mechanism``; ``poplib.error_proto`` on ``-ERR`` (a refused login)."""
    if mechanism == "PLAIN":
        # No local holds the blob: a traceback with locals must not show it (plan B11).
        session._send_command(f"AUTH PLAIN {_plain(username, password)}", trace="AUTH PLAIN ***")
        session._getresp()
        return
    digest = "sha256" if mechanism == "SCRAM-SHA-256" else "sha1"
    _scram(session, mechanism, digest, username, password)


def _plain(username: str, password: Secret) -> str:
    """RFC 4616 initial response: base64 of NUL user NUL password."""
    return _b64(b"\0" + username.encode() + b"\0" + password.reveal().encode())


def _continuation(session: _Session) -> bytes:
    """A ``+ base64`` line; an ``-ERR`` goes through ``_getresp`` to raise as usual."""
    line = session._reply_line()
    if line.startswith(b"+ ") or line == b"+":
        try:
            return base64.b64decode(line[2:], validate=True)
        except ValueError:
            raise SaslError(
                words(QT_TRANSLATE_NOOP("Core", "bad base64 in the server's SASL challenge"))
            ) from None
    if line.startswith(b"-ERR"):
        import poplib

        raise poplib.error_proto(line)
    raise SaslError(words(QT_TRANSLATE_NOOP("Core", "unexpected reply during SASL")))


def _salted_password(password: Secret, digest: str, salt: bytes, rounds: int) -> bytes:
    """RFC 5802 SaltedPassword; a function of its own so no frame of the exchange holds the
    password itself (tracebacks with locals, plan B11). SASLprep is approximated by NFKC."""
    text = unicodedata.normalize("NFKC", password.reveal()).encode("utf-8")
    return hashlib.pbkdf2_hmac(digest, text, salt, rounds)


def _scram(session: _Session, mechanism: str, digest: str, username: str, password: Secret) -> None:
    nonce = base64.b64encode(secrets.token_bytes(18)).decode("ascii")
    user = username.replace("=", "=3D").replace(",", "=2C")
    first_bare = f"n={user},r={nonce}"
    session._send_command(
        f"AUTH {mechanism} {_b64(('n,,' + first_bare).encode())}", trace=f"AUTH {mechanism}"
    )
    server_first = _continuation(session).decode("utf-8", "replace")
    fields = dict(item.split("=", 1) for item in server_first.split(",") if "=" in item)
    server_nonce, salt, rounds = fields.get("r", ""), fields.get("s", ""), fields.get("i", "")
    if not server_nonce.startswith(nonce) or not salt or not rounds.isdigit():
        raise SaslError(
            words(QT_TRANSLATE_NOOP("Core", "the server's SCRAM challenge is malformed"))
        )
    if not 1 <= int(rounds) <= 1_000_000:
        raise SaslError(
            words(QT_TRANSLATE_NOOP("Core", "the server's SCRAM iteration count is out of range"))
        )
    salted = _salted_password(password, digest, base64.b64decode(salt), int(rounds))
    client_key = hmac.new(salted, b"Client Key", digest).digest()
    stored_key = hashlib.new(digest, client_key).digest()
    final_no_proof = f"c=biws,r={server_nonce}"
    auth_message = f"{first_bare},{server_first},{final_no_proof}".encode()
    signature = hmac.new(stored_key, auth_message, digest).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
    final = f"{final_no_proof},p={_b64(proof)}"
    session._send_command(_b64(final.encode()), trace="(SCRAM proof)")
    # RFC 5034: the server's final message comes as a continuation, then +OK.
    line = session._reply_line()
    if line.startswith(b"+OK"):
        raise SaslError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "the server did not prove it knows the password (no SCRAM signature)"
                )
            )
        )
    if line.startswith(b"-ERR"):
        import poplib

        raise poplib.error_proto(line)
    server_final = base64.b64decode(line[2:]).decode("utf-8", "replace")
    server_key = hmac.new(salted, b"Server Key", digest).digest()
    expected = _b64(hmac.new(server_key, auth_message, digest).digest())
    if not hmac.compare_digest(server_final, f"v={expected}"):
        raise SaslError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "the server's SCRAM signature is wrong: it may not be your server"
                )
            )
        )
    session._send_command("", trace="(SCRAM done)")
    session._getresp()
