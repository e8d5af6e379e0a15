"""The POP3 session against a real Dovecot: TLS both ways, SASL, streaming, pipelining."""

from __future__ import annotations

import base64

import pytest

from hongyan.core.pop3 import AuthenticationFailed, Limits, open_session
from hongyan.core.secrets import Secret
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer

pytestmark = pytest.mark.integration


def _message(n: int, body: bytes = b"Hello.\r\n") -> bytes:
    return (
        f"From: a@example.test\r\nTo: b@example.test\r\nSubject: m{n}\r\n"
        f"Message-ID: <m{n}@example.test>\r\n\r\n"
    ).encode() + body


def test_pop3s_sasl_login_and_streamed_retrieve(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    user = dovecot.add_user()
    messages = [_message(i, b".leading dot\r\n..two\r\n.\r\nend\r\n") for i in range(3)]
    for m in messages:
        user.deliver(m)
    session = open_session(dovecot.host, dovecot.pop3s_port, "ssl", pki.client_context())
    assert session.login(user.name, Secret(user.password)) == "PLAIN"
    assert "PIPELINING" in session.capabilities
    sizes = session.list_all()
    got = [b"".join(r.chunks) for r in session.retrieve(sorted(sizes.items()))]
    session.finish()
    assert got == messages


def test_stls_then_capa_over_tls(dovecot: DovecotServer, pki: CertificateAuthorities) -> None:
    user = dovecot.add_user()
    session = open_session(dovecot.host, dovecot.pop3_port, "starttls", pki.client_context())
    assert session.secure
    assert "STLS" not in session.capabilities  # the post-TLS CAPA (RFC 2595)
    session.login(user.name, Secret(user.password))
    assert session.stat() == (0, 0)
    session.finish()


def test_long_base64_line_is_fetched_intact(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    """plan C21: one 200 KB line (stock poplib stops at 2048 bytes)."""
    user = dovecot.add_user()
    line = base64.b64encode(bytes(range(256)) * 600)
    message = _message(1, line + b"\r\n")
    user.deliver(message)
    session = open_session(dovecot.host, dovecot.pop3s_port, "ssl", pki.client_context())
    session.login(user.name, Secret(user.password))
    [(number, size)] = session.list_all().items()
    [got] = [b"".join(r.chunks) for r in session.retrieve([(number, size)])]
    session.finish()
    assert got == message


def test_pipelined_retrieve_of_many_messages_in_order(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    user = dovecot.add_user()
    messages = [_message(i, b"x" * (i * 37) + b"\r\n") for i in range(150)]
    for m in messages:
        user.deliver(m)
    limits = Limits(pipeline_window=16)
    session = open_session(
        dovecot.host, dovecot.pop3s_port, "ssl", pki.client_context(), limits=limits
    )
    session.login(user.name, Secret(user.password))
    uidls = session.uidl_all()
    assert uidls is not None and len(set(uidls.values())) == 150
    got = [b"".join(r.chunks) for r in session.retrieve(sorted(session.list_all().items()))]
    session.finish()
    assert sorted(got) == sorted(messages)


def test_wrong_password_is_a_clear_error(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    user = dovecot.add_user()
    session = open_session(dovecot.host, dovecot.pop3s_port, "ssl", pki.client_context())
    with pytest.raises(AuthenticationFailed, match="wrong password") as caught:
        session.login(user.name, Secret("Not-the-Pa55word"))
    assert "Not-the-Pa55word" not in str(caught.value)
    assert 'server said: "' in str(caught.value)
