"""Accounts and messages for the sending tests, pointed at the test SMTP servers."""

from __future__ import annotations

import email
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.outbox import Route
from hongyan.core.secrets import Secret
from support.certs import CertificateAuthorities
from support.smtpd import SmtpServer

SENDER = "sender@example.test"
PASSWORD = "smtp-Pa55"


@dataclass(frozen=True)
class Identity:
    """A sender without an account (compose needs only these four)."""

    display_name: str
    address: str
    reply_to: str | None = None
    organisation: str | None = None


def smtp_settings(
    pki: CertificateAuthorities, port: int, security: str = "ssl", host: str = "127.0.0.1"
) -> ServerSettings:
    return ServerSettings(
        host,
        port,
        security,
        SENDER,
        trust_cert_pem=pki.ca_pem.read_text(),  # type: ignore[arg-type]
    )


def account_for(
    server: SmtpServer, pki: CertificateAuthorities, security: str = "ssl", **changes: object
) -> Account:
    """An account sending through ``server``: implicit TLS, or STARTTLS on the other port."""
    port = server.tls_port if security == "ssl" else server.starttls_port
    values: dict[str, object] = {
        "name": "work",
        "display_name": "王小明",
        "address": SENDER,
        "pop3": ServerSettings("127.0.0.1", 995, "ssl", SENDER),
        "smtp": smtp_settings(pki, port, security),
    }
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


def login() -> tuple[str, Secret]:
    return SENDER, Secret(PASSWORD)


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


def route_to(account: Account) -> Route:
    """The Outbox's route for the sending tests: the account's server, the test login."""

    def route(name: str) -> tuple[ServerSettings, tuple[str, Secret] | None]:
        assert name == account.name
        return account.smtp, login()

    return route


class Clock:
    """The time as the Outbox sees it; tests move ``now``."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
