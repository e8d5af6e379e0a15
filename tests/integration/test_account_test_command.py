"""``hongyan account test`` against the real Dovecot and aiosmtpd: what works, in plain words."""

from __future__ import annotations

import io
import sys

import pytest

from hongyan.cli import main
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.smtpd import SmtpServer

pytestmark = pytest.mark.integration

CANARY = "Hy-CANARY-9d1f\u00e9"


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.timeout(60)
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_account_test_logs_in_to_both_servers(
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    capsys: pytest.CaptureFixture[str],
    security: str,
) -> None:
    user = dovecot.add_user()
    pop3_port = dovecot.pop3s_port if security == "ssl" else dovecot.pop3_port
    smtp_port = smtp_server.tls_port if security == "ssl" else smtp_server.starttls_port
    code, output = run(
        capsys, "account", "add", "lab", "--address", "sender@example.test",
        "--pop3", f"127.0.0.1:{pop3_port}", "--pop3-security", security,
        "--smtp", f"127.0.0.1:{smtp_port}", "--smtp-security", security,
        "--username", user.name, "--smtp-username", "sender@example.test",
        "--trust-cert", str(pki.ca_pem), "--password-stdin",
        stdin=f"{user.password}\nsmtp-Pa55\n",
    )  # fmt: skip
    assert code == 0, output
    code, output = run(capsys, "account", "test", "lab")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].startswith(f"works:  POP3: logged in to 127.0.0.1:{pop3_port} as {user.name}")
    assert lines[1].startswith(f"works:  SMTP 127.0.0.1:{smtp_port}: connected over TLS")
    assert "logged in as sender@example.test" in lines[1]


@pytest.mark.timeout(60)
def test_account_test_reports_a_wrong_password_and_an_untrusted_certificate(
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """plan A2/B11 via the CLI: failures in plain words, never the password."""
    user = dovecot.add_user()
    code, output = run(
        capsys, "account", "add", "lab", "--address", "sender@example.test",
        "--pop3", f"127.0.0.1:{dovecot.pop3s_port}", "--smtp", f"127.0.0.1:{smtp_server.tls_port}",
        "--username", user.name, "--password-stdin", stdin=CANARY + "\n",
    )  # fmt: skip
    assert code == 0, output
    code, output = run(capsys, "account", "test", "lab")
    assert code == 1
    assert "fails:  POP3:" in output and "fails:  SMTP:" in output
    assert "To accept exactly this certificate: hongyan account edit lab --pin-pop3" in output
    assert "Traceback" not in output
    assert CANARY not in output
