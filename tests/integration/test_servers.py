"""The test servers themselves: a real Dovecot over POP3S and STLS, aiosmtpd with TLS + AUTH.

These use the stdlib clients with a verifying context, so they prove the fixtures work and
that the test CA is the only thing that makes their certificates trusted.
"""

from __future__ import annotations

import email
import poplib
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest

from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.smtpd import SmtpServer

pytestmark = pytest.mark.integration

MESSAGE = (
    b"From: Alice <alice@example.test>\r\n"
    b"To: bob@example.test\r\n"
    b"Subject: =?UTF-8?B?5rWL6K+V?=\r\n"
    b"Message-ID: <fixture-1@example.test>\r\n"
    b"\r\n"
    b"Hello from the fixture.\r\n"
)


def test_pop3s_login_and_retrieve(dovecot: DovecotServer, pki: CertificateAuthorities) -> None:
    user = dovecot.add_user()
    user.deliver(MESSAGE)
    client = poplib.POP3_SSL(
        dovecot.host, dovecot.pop3s_port, context=pki.client_context(), timeout=10
    )
    try:
        client.user(user.name)
        client.pass_(user.password)
        count, _size = client.stat()
        assert count == 1
        _resp, lines, _octets = client.retr(1)
    finally:
        client.quit()
    assert b"\r\n".join(lines) + b"\r\n" == MESSAGE


def test_pop3_stls_login_and_retrieve(dovecot: DovecotServer, pki: CertificateAuthorities) -> None:
    user = dovecot.add_user()
    user.deliver(MESSAGE)
    client = poplib.POP3(dovecot.host, dovecot.pop3_port, timeout=10)
    try:
        assert "STLS" in client.capa()
        client.stls(context=pki.client_context())
        client.user(user.name)
        client.pass_(user.password)
        parsed = email.message_from_bytes(b"\r\n".join(client.retr(1)[1]), policy=default_policy)
    finally:
        client.quit()
    assert parsed["Subject"] == "测试"


def test_untrusted_certificate_is_refused_by_a_verifying_client(
    dovecot: DovecotServer,
) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        poplib.POP3_SSL(
            dovecot.host, dovecot.pop3s_port, context=ssl.create_default_context(), timeout=10
        )


def test_wrong_password_is_refused(dovecot: DovecotServer, pki: CertificateAuthorities) -> None:
    user = dovecot.add_user()
    client = poplib.POP3_SSL(
        dovecot.host, dovecot.pop3s_port, context=pki.client_context(), timeout=10
    )
    try:
        client.user(user.name)
        with pytest.raises(poplib.error_proto):
            client.pass_("wrong")
    finally:
        client.close()


def _message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "发件人 <sender@example.test>"
    msg["To"] = "bob@example.test"
    msg["Subject"] = "你好"
    msg.set_content("正文")
    return msg


def test_smtp_starttls_with_auth(smtp_server: SmtpServer, pki: CertificateAuthorities) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.starttls_port, timeout=10) as client:
        client.starttls(context=pki.client_context())
        client.login("sender@example.test", "smtp-Pa55")
        client.send_message(_message())
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("bob@example.test",)
    parsed = email.message_from_bytes(received.data, policy=default_policy)
    assert parsed["Subject"] == "你好"


def test_smtp_implicit_tls_with_auth(smtp_server: SmtpServer, pki: CertificateAuthorities) -> None:
    with smtplib.SMTP_SSL(
        smtp_server.host, smtp_server.tls_port, context=pki.client_context(), timeout=10
    ) as client:
        client.login("sender@example.test", "smtp-Pa55")
        client.send_message(_message())
    assert len(smtp_server.messages) == 1


def test_smtp_refuses_auth_before_starttls(smtp_server: SmtpServer) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.starttls_port, timeout=10) as client:
        client.ehlo()
        assert not client.has_extn("auth")
