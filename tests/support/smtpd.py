"""A real SMTP server for tests: aiosmtpd with STARTTLS, implicit TLS and AUTH PLAIN/LOGIN.

Every message it accepts is kept (envelope sender, recipients, the exact bytes) so that tests
can assert on what really went over the wire.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from support.certs import CertificateAuthorities
from support.dovecot import free_port


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


@dataclass
class RecordingHandler:
    """An aiosmtpd handler that keeps every accepted message; ``refuse`` names bad recipients."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append(
                Received(
                    envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content)
                )
            )
        return "250 Message accepted for delivery"


class Authenticator:
    """Accepts exactly the users in ``users`` (name -> password)."""

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users
        self.failures = 0

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            name = auth_data.login.decode("utf-8")
            password = auth_data.password.decode("utf-8")
            if self.users.get(name) == password:
                return AuthResult(success=True)
        self.failures += 1
        return AuthResult(success=False, handled=False)


class SmtpServer:
    """Two listeners sharing one mailbag: ``starttls_port`` (587-style) and ``tls_port`` (465)."""

    def __init__(self, pki: CertificateAuthorities, users: dict[str, str] | None = None) -> None:
        self.host = "127.0.0.1"
        self.handler = RecordingHandler()
        self.users = dict(users or {"sender@example.test": "smtp-Pa55"})
        self.authenticator = Authenticator(self.users)
        self.starttls_port = free_port()
        self.tls_port = free_port()
        common: dict[str, Any] = {
            "authenticator": self.authenticator,
            "auth_exclude_mechanism": ["CRAM-MD5"],
            "hostname": self.host,
            "server_hostname": "localhost",
            "data_size_limit": 64 * 1024 * 1024,
        }
        self._controllers = [
            Controller(
                self.handler,
                port=self.starttls_port,
                tls_context=pki.server_context("localhost", "127.0.0.1"),
                require_starttls=True,
                auth_require_tls=True,
                **common,
            ),
            Controller(
                self.handler,
                port=self.tls_port,
                ssl_context=pki.server_context("localhost", "127.0.0.1"),
                # aiosmtpd only counts STARTTLS as TLS for this check; this listener is TLS
                # from the first byte.
                auth_require_tls=False,
                **common,
            ),
        ]
        for controller in self._controllers:
            controller.start()

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def stop(self) -> None:
        for controller in self._controllers:
            controller.stop()
