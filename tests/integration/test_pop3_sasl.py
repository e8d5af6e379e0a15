"""SASL against a real Dovecot that offers SCRAM (RFC 5802/7677), and ``check_login``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hongyan.core.pop3 import AuthenticationFailed, check_login, open_session
from hongyan.core.secrets import Secret
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import account_for

pytestmark = pytest.mark.integration


class ScramDovecot(DovecotServer):
    """The test Dovecot with SCRAM-SHA-256 and SCRAM-SHA-1 offered besides PLAIN."""

    def _write_config(self) -> None:
        super()._write_config()
        text = self.config.read_text()
        mechanisms = "auth_mechanisms = plain login scram-sha-1 scram-sha-256"
        self.config.write_text(text.replace("auth_mechanisms = plain login", mechanisms))


@pytest.fixture(scope="module")
def scram_dovecot(pki: CertificateAuthorities) -> Iterator[DovecotServer]:
    from support.dovecot import DOVECOT

    if DOVECOT is None:
        pytest.skip("Dovecot is not installed")
    server = ScramDovecot(pki)
    yield server
    server.stop()


def test_scram_sha_256_is_preferred_and_works(
    scram_dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    user = scram_dovecot.add_user(password="scram-Pa55-\u00e9")
    session = open_session(
        scram_dovecot.host, scram_dovecot.pop3s_port, "ssl", pki.client_context()
    )
    assert "SCRAM-SHA-256" in session.capabilities["SASL"]
    assert session.login(user.name, Secret(user.password)) == "SCRAM-SHA-256"
    assert session.stat() == (0, 0)
    session.finish()


def test_scram_with_the_wrong_password_is_refused(
    scram_dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    user = scram_dovecot.add_user()
    session = open_session(
        scram_dovecot.host, scram_dovecot.pop3s_port, "ssl", pki.client_context()
    )
    with pytest.raises(AuthenticationFailed, match="wrong password"):
        session.login(user.name, Secret("not-it-Pa55"))


def test_check_login_reports_in_plain_words(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    user = dovecot.add_user()
    user.deliver(b"Subject: x\r\n\r\nhi\r\n")
    account = account_for(dovecot, user, pki)
    text = check_login(account, Secret(user.password))
    assert text.startswith(f"POP3: logged in to {dovecot.host}:{dovecot.pop3s_port} as {user.name}")
    assert "(SSL/TLS); 1 message" in text
