"""``hongyan account test`` logs in to both servers and says in plain words what works."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from hongyan.cli import main
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.smtpd import SmtpServer

pytestmark = pytest.mark.integration


@pytest.fixture
def mailbox(dovecot: DovecotServer) -> PopUser:
    return dovecot.add_user()


@pytest.fixture
def smtp_for(pki: CertificateAuthorities, mailbox: PopUser) -> Iterator[SmtpServer]:
    """An SMTP server that knows the mailbox's user with the same password."""
    server = SmtpServer(pki, users={mailbox.name: mailbox.password})
    yield server
    server.stop()


def add_account(
    monkeypatch: pytest.MonkeyPatch,
    dovecot: DovecotServer,
    smtp: SmtpServer,
    mailbox: PopUser,
    pki: CertificateAuthorities,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(mailbox.password + "\n"))
    args = ["account", "add", "work", "--address", f"{mailbox.name}@example.test"]
    args += ["--pop3", f"{dovecot.host}:{dovecot.pop3s_port}"]
    args += ["--smtp", f"{smtp.host}:{smtp.tls_port}", "--username", mailbox.name]
    args += ["--password-stdin", "--trust-cert", str(pki.ca_pem)]
    assert main(args) == 0


@pytest.mark.timeout(60)
def test_both_servers_work(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    dovecot: DovecotServer,
    smtp_for: SmtpServer,
    mailbox: PopUser,
    pki: CertificateAuthorities,
) -> None:
    add_account(monkeypatch, dovecot, smtp_for, mailbox, pki)
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["account", "test", "work"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("works:") for line in lines)
    assert smtp_for.messages == []  # nothing is sent


@pytest.mark.timeout(60)
def test_a_wrong_password_is_said_plainly_and_never_shown(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    dovecot: DovecotServer,
    smtp_for: SmtpServer,
    mailbox: PopUser,
    pki: CertificateAuthorities,
) -> None:
    add_account(monkeypatch, dovecot, smtp_for, mailbox, pki)
    capsys.readouterr()
    wrong = "Hy-CANARY-wrong-7c1e"
    monkeypatch.setattr("sys.stdin", io.StringIO(wrong + "\n"))
    assert main(["account", "test", "work", "--password-stdin"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith(("works", "fails"))] == [
        "fails",
        "fails",
    ]
    assert "password" in captured.out.lower()
    assert wrong not in captured.out + captured.err
