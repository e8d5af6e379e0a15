"""Helpers for fetch tests: accounts pointing at the test Dovecot, stores, messages."""

from __future__ import annotations

import email
from pathlib import Path
from typing import Any

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.secrets import Secret
from hongyan.core.store import Store
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser


def account_for(
    dovecot: DovecotServer,
    user: PopUser,
    pki: CertificateAuthorities,
    *,
    name: str | None = None,
    security: str = "ssl",
    **policy: Any,
) -> Account:
    port = dovecot.pop3s_port if security == "ssl" else dovecot.pop3_port
    pem = pki.ca_pem.read_text()
    pop3 = ServerSettings(dovecot.host, port, security, user.name, trust_cert_pem=pem)  # type: ignore[arg-type]
    smtp = ServerSettings(dovecot.host, 465, "ssl", user.name, trust_cert_pem=pem)
    return Account(
        name=name or user.name, address=f"{user.name}@example.test", pop3=pop3, smtp=smtp, **policy
    )


def secret_of(user: PopUser) -> Secret:
    return Secret(user.password)


def make_message(n: int, *, size: int = 0, tag: str = "m") -> bytes:
    head = (
        f"From: Sender <sender@example.test>\r\nTo: rcpt@example.test\r\n"
        f"Subject: {tag} {n}\r\nDate: Mon, 23 Nov 2026 10:{n % 60:02d}:00 +0000\r\n"
        f"Message-ID: <{tag}-{n}@example.test>\r\n\r\n"
    ).encode()
    body = b"Body line.\r\n"
    if size > len(head) + len(body):
        filler = b"y" * 76 + b"\r\n"
        body += filler * ((size - len(head) - len(body)) // len(filler))
    return head + body


def open_store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "store", create=True)


def stored_messages(store_dir: Path) -> list[bytes]:
    """Every message file of the store's Inbox (new/ and cur/), as bytes."""
    return [p.read_bytes() for sub in ("new", "cur") for p in sorted((store_dir / sub).iterdir())]


def message_ids(store_dir: Path) -> list[str]:
    return sorted(
        str(email.message_from_bytes(data)["Message-ID"]) for data in stored_messages(store_dir)
    )


def account_at(
    host: str,
    port: int,
    pki: CertificateAuthorities,
    *,
    security: str = "ssl",
    name: str = "scripted",
    username: str = "user",
    **policy: Any,
) -> Account:
    """An account pointing at a scripted server (which trusts the test CA)."""
    pem = pki.ca_pem.read_text()
    pop3 = ServerSettings(host, port, security, username, trust_cert_pem=pem)  # type: ignore[arg-type]
    smtp = ServerSettings(host, 465, "ssl", username, trust_cert_pem=pem)
    return Account(name=name, address="user@example.test", pop3=pop3, smtp=smtp, **policy)
