"""SMTP submission against real aiosmtpd: TLS both ways, AUTH, refusals, size, Bcc, dots."""

from __future__ import annotations

import pytest

from hongyan.core.message.compose import Attachment, Draft, build_message, message_bytes
from hongyan.core.smtp import (
    Envelope,
    MessageTooLargeError,
    RecipientsRefusedError,
    SmtpPermanentError,
    Timeouts,
    check_login,
    submit,
    transmission,
)
from hongyan.core.tls import CertificateNotTrusted
from support.certs import CertificateAuthorities
from support.sending import SENDER, account_for, login, parse, smtp_settings
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

FAST = Timeouts(command=10, data_termination=10)


def stored(draft: Draft, server: SmtpServer, pki: CertificateAuthorities) -> bytes:
    return message_bytes(build_message(draft, account_for(server, pki)))


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_message_goes_through_with_tls_and_login(
    security: str, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki, security)
    data = message_bytes(build_message(Draft(to=["bob@example.test"], subject="你好"), account))
    envelope, payload = transmission(data)
    result = submit(account.smtp, login(), envelope, payload, timeouts=FAST)
    assert result.accepted == ("bob@example.test",)
    [received] = smtp_server.messages
    assert received.mail_from == SENDER
    assert parse(received.data)["Subject"] == "你好"


def test_check_login_reports_tls_and_user(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki, "starttls")
    report = check_login(account, login()[1], timeouts=FAST)
    assert "logged in as sender@example.test" in report
    assert "TLSv1." in report
    assert smtp_server.messages == []


def test_untrusted_certificate_is_refused_before_anything_is_sent(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan A2 (SMTPS and SMTP+STARTTLS): the test CA is not trusted without trust_cert_pem."""
    for port, security in ((smtp_server.tls_port, "ssl"), (smtp_server.starttls_port, "starttls")):
        server = smtp_settings(pki, port, security)
        server.trust_cert_pem = None
        with pytest.raises(CertificateNotTrusted):
            submit(server, login(), Envelope(SENDER, ("b@example.test",)), b"x\r\n", timeouts=FAST)
    assert smtp_server.messages == []
    assert smtp_server.authenticator.failures == 0


def test_partly_refused_recipients_are_named_and_the_rest_get_it_once(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan F49: 1 of 3 refused; the user is told which; the others receive one copy."""
    smtp_server.handler.refuse.add("nobody@example.test")
    data = stored(
        Draft(to=["a@example.test", "nobody@example.test"], cc=["c@example.test"], subject="x"),
        smtp_server,
        pki,
    )
    envelope, payload = transmission(data)
    result = submit(account_for(smtp_server, pki).smtp, login(), envelope, payload, timeouts=FAST)
    assert result.accepted == ("a@example.test", "c@example.test")
    assert list(result.refused) == ["nobody@example.test"]
    assert "nobody@example.test" in result.summary()
    assert "No such user" in result.summary()
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("a@example.test", "c@example.test")


def test_all_recipients_refused_is_a_permanent_error_naming_them(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    smtp_server.handler.refuse.add("nobody@example.test")
    envelope, payload = transmission(stored(Draft(to=["nobody@example.test"]), smtp_server, pki))
    with pytest.raises(RecipientsRefusedError, match=r"nobody@example\.test") as caught:
        submit(account_for(smtp_server, pki).smtp, login(), envelope, payload, timeouts=FAST)
    assert not caught.value.retryable
    assert smtp_server.messages == []


def test_size_limit_is_checked_before_uploading(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """The server announces SIZE; a bigger message is refused by us, with the sizes in MB."""
    draft = Draft(to=["b@example.test"], attachments=[Attachment("big.bin", b"\0" * 2_000_000)])
    envelope, payload = transmission(stored(draft, smtp_server, pki))
    for controller in smtp_server._controllers:
        controller.SMTP_kwargs["data_size_limit"] = 1_000_000
    with pytest.raises(MessageTooLargeError, match=r"2\.7 MB.*1\.0 MB"):
        submit(account_for(smtp_server, pki).smtp, login(), envelope, payload, timeouts=FAST)
    assert smtp_server.messages == []


def test_bcc_reaches_the_envelope_but_not_the_headers(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan F50: To a, Cc b, Bcc c and d; the local copy keeps Bcc."""
    draft = Draft(
        to=["a@example.test"], cc=["b@example.test"], bcc=["c@example.test, d@example.test"]
    )
    data = stored(draft, smtp_server, pki)
    assert parse(data)["Bcc"] == "c@example.test, d@example.test"
    envelope, payload = transmission(data)
    submit(account_for(smtp_server, pki).smtp, login(), envelope, payload, timeouts=FAST)
    [received] = smtp_server.messages
    assert set(received.rcpt_tos) == {
        "a@example.test",
        "b@example.test",
        "c@example.test",
        "d@example.test",
    }
    header = received.data.split(b"\r\n\r\n", 1)[0].lower()
    assert b"bcc" not in header
    assert b"c@example.test" not in header
    assert b"d@example.test" not in header


def test_dots_and_bare_line_feeds_arrive_as_one_intact_message(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan F54: lines ".", "..x" and a bare "\\n.\\n" cannot end or split the message."""
    body = "first\n.\n..x\nmiddle\n.\nMAIL FROM:<evil@attacker.example>\n.\nlast\n"
    account = account_for(smtp_server, pki)
    message = build_message(Draft(to=["b@example.test"], body=body), account)
    assert message["Content-Transfer-Encoding"] == "7bit"  # the dots are really on the wire
    # A stored message may also hold a bare "\n.\n" and a would-be command after it.
    raw = message_bytes(message) + b"\n.\nQUIT\n"
    envelope, payload = transmission(raw)
    submit(account.smtp, login(), envelope, payload, timeouts=FAST)
    [received] = smtp_server.messages
    content = parse(received.data).get_body().get_content().replace("\r\n", "\n")
    assert content == body + "\n.\nQUIT\n"
    assert received.data == raw.replace(b"\n", b"\r\n")


def test_non_ascii_local_part_needs_smtputf8(
    smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """RFC 6531/6532: raw UTF-8 headers and SMTPUTF8; refused plainly where not offered."""
    data = stored(Draft(to=["用户@例子.中国"], subject="你好"), smtp_server, pki)
    assert "To: 用户@xn--fsqu00a.xn--fiqs8s".encode() in data
    envelope, payload = transmission(data)
    assert envelope.recipients == ("用户@xn--fsqu00a.xn--fiqs8s",)
    smtp = account_for(smtp_server, pki).smtp
    for controller in smtp_server._controllers:
        controller.SMTP_kwargs["enable_SMTPUTF8"] = False  # aiosmtpd's Controller offers it
    with pytest.raises(SmtpPermanentError, match="SMTPUTF8"):
        submit(smtp, login(), envelope, payload, timeouts=FAST)
    assert smtp_server.messages == []
    for controller in smtp_server._controllers:
        controller.SMTP_kwargs["enable_SMTPUTF8"] = True
    submit(smtp, login(), envelope, payload, timeouts=FAST)
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("用户@xn--fsqu00a.xn--fiqs8s",)
    assert "To: 用户@xn--fsqu00a.xn--fiqs8s\r\n".encode() in received.data
