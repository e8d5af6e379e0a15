"""``hongyan send`` and ``hongyan outbox`` against real aiosmtpd, run in process."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings
from hongyan.core.store import Store
from support.certs import CertificateAuthorities
from support.sending import PASSWORD, SENDER, parse
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def add_account(capsys: pytest.CaptureFixture[str], pki: CertificateAuthorities, port: int) -> None:
    code, _out, err = run(
        capsys,
        "account", "add", "work", "--address", SENDER, "--display-name", "王小明",
        "--pop3", "127.0.0.1:995", "--smtp", f"127.0.0.1:{port}", "--smtp-security", "ssl",
        "--trust-cert", str(pki.ca_pem), "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, err


def stored_folders() -> dict[str, int]:
    with Store.open(Settings.load(app_paths()).store_path) as store:
        return {f.name: f.total for f in store.folders()}


def test_send_with_an_attachment_and_a_body_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    body = tmp_path / "正文.txt"
    body.write_text("你好，\n\n见附件。\n", encoding="utf-8")
    attachment = tmp_path / "报告.pdf"
    attachment.write_bytes(b"%PDF-1.4 test")
    code, out, err = run(
        capsys,
        "send", "--account", "work", "--to", "张三 <zhang@example.test>",
        "--bcc", "hidden@example.test", "--subject", "周报",
        "--body-file", str(body), "--attach", str(attachment),
    )  # fmt: skip
    assert code == 0, err
    assert "Sent “周报”" in out
    [received] = smtp_server.messages
    message = parse(received.data)
    assert message["Subject"] == "周报"
    assert message["From"].addresses[0].display_name == "王小明"
    assert "Bcc" not in message
    [part] = message.iter_attachments()
    assert (part.get_filename(), part.get_payload(decode=True)) == ("报告.pdf", b"%PDF-1.4 test")
    assert stored_folders()["Sent"] == 1
    assert stored_folders()["Outbox"] == 0


def test_queue_only_then_list_then_flush(
    capsys: pytest.CaptureFixture[str], smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    code, out, _err = run(
        capsys, "send", "--to", "bob@example.test", "--subject", "later", "--body", "x",
        "--queue-only",
    )  # fmt: skip
    assert code == 0 and "in the Outbox" in out
    code, out, _err = run(capsys, "outbox")
    assert "queued" in out and "later" in out
    assert smtp_server.messages == []
    code, out, _err = run(capsys, "outbox", "--flush")
    assert code == 0 and "Sent “later”" in out
    assert len(smtp_server.messages) == 1
    assert "The Outbox is empty." in run(capsys, "outbox")[1]


def test_server_down_keeps_it_and_a_later_flush_sends_it(
    capsys: pytest.CaptureFixture[str], smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, 9)  # nothing listens on the discard port
    code, out, err = run(
        capsys, "send", "--to", "bob@example.test", "--subject", "offline", "--body", "x"
    )
    assert code == 75
    assert "will be tried again" in out and "server is down" in out
    assert "safe in the Outbox" in err
    listing = run(capsys, "outbox")[1]
    assert "retry at" in listing and "server is down" in listing
    code, _out, err = run(
        capsys, "account", "edit", "work", "--smtp", f"127.0.0.1:{smtp_server.tls_port}"
    )
    assert code == 0, err
    code, out, _err = run(capsys, "outbox", "--flush")
    assert code == 0, out
    assert len(smtp_server.messages) == 1
    assert stored_folders()["Sent"] == 1


def test_bad_address_is_a_plain_error_and_nothing_is_queued(
    capsys: pytest.CaptureFixture[str], smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(capsys, "send", "--to", "bob", "--subject", "x", "--body", "x")
    assert code == 1
    assert err.startswith("hongyan: “bob” is not a valid email address")
    assert "Traceback" not in err
    assert run(capsys, "outbox")[1].strip() == "The Outbox is empty."


def test_body_file_that_is_not_utf8_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, smtp_server: SmtpServer,
    pki: CertificateAuthorities,
) -> None:  # fmt: skip
    add_account(capsys, pki, smtp_server.tls_port)
    body = tmp_path / "gbk.txt"
    body.write_bytes("你好".encode("gbk"))
    code, _out, err = run(
        capsys, "send", "--to", "b@example.test", "--subject", "x", "--body-file", str(body)
    )
    assert code == 1 and "is not UTF-8 text" in err


def test_send_from_an_identity_uses_its_header_values_and_the_account_server(
    capsys: pytest.CaptureFixture[str], smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(
        capsys,
        "account", "identity", "add", "work", "--address", "sales@example.test",
        "--display-name", "销售部", "--reply-to", "orders@example.test",
        "--signature", "Acme 销售部",
    )  # fmt: skip
    assert code == 0, err
    code, _out, err = run(
        capsys, "send", "--from", "SALES@example.test", "--to", "anna@example.org",
        "--subject", "Offer", "--body", "Hello",
    )  # fmt: skip
    assert code == 0, err
    [received] = smtp_server.messages
    message = parse(received.data)
    assert message["From"].addresses[0].display_name == "销售部"
    assert message["From"].addresses[0].addr_spec == "sales@example.test"
    assert str(message["Reply-To"]) == "orders@example.test"
    assert message.get_body(("plain",)).get_content().endswith("-- \nAcme 销售部\n")
    code, _out, err = run(
        capsys, "send", "--from", "nobody@example.test", "--to", "anna@example.org",
        "--subject", "x", "--body", "y",
    )  # fmt: skip
    assert code != 0 and "No account or identity sends as nobody@example.test" in err
