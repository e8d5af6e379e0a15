"""Hostile and failing SMTP servers: what is retried, what never is, what never leaks.

Plan cases A2, A5-A8 (the SMTP side), F47, F48, F53.
"""

from __future__ import annotations

import base64
import datetime as dt
import ssl
import warnings

import pytest

from hongyan.core.accounts import ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import AddressError, Draft, build_message
from hongyan.core.secrets import Secret
from hongyan.core.smtp import (
    AuthenticationError,
    DeliveryUncertainError,
    Envelope,
    SmtpPermanentError,
    SmtpTemporaryError,
    Timeouts,
    open_session,
    submit,
)
from hongyan.core.tls import CertificateNotTrusted, TlsError
from support.certs import CertificateAuthorities
from support.sending import SENDER, Identity, account_for, login
from support.smtp_faults import (
    FlakyHandler,
    Script,
    ScriptedSmtp,
    VanishingHandler,
    smtp_server_with,
)
from support.tls_server import TlsTestServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

FAST = Timeouts(command=5, data_termination=5)
ME = Identity("Me", SENDER)
CANARY = "Hy-CANARY-9d1f\u00e9"


def canary_forms() -> list[bytes]:
    raw = CANARY.encode("utf-8")
    return [
        raw,
        raw.hex().encode(),
        base64.b64encode(b"\0" + SENDER.encode() + b"\0" + raw),
        base64.b64encode(raw),
    ]


def assert_no_credentials(recorded: bytes) -> None:
    assert b"AUTH" not in recorded.upper()
    for form in canary_forms():
        assert form not in recorded


def scripted_settings(
    server: ScriptedSmtp, pki: CertificateAuthorities, security: str
) -> ServerSettings:
    return ServerSettings(
        server.host,
        server.port,
        security,
        SENDER,
        trust_cert_pem=pki.ca_pem.read_text(),  # type: ignore[arg-type]
    )


def one_message() -> tuple[Envelope, bytes]:
    return Envelope(SENDER, ("bob@example.test",)), b"Subject: hi\r\n\r\nhello\r\n"


# --- F47, F48: the final "." -----------------------------------------------------------


def test_connection_lost_after_final_dot_is_uncertain_not_retried(
    pki: CertificateAuthorities,
) -> None:
    """plan F47: the server keeps the message and hangs up; we report, never resend."""
    server = smtp_server_with(pki, VanishingHandler())
    try:
        envelope, payload = one_message()
        committed: list[bool] = []
        with pytest.raises(DeliveryUncertainError, match="may have received it") as caught:
            submit(
                account_for(server, pki).smtp, login(), envelope, payload, timeouts=FAST,
                data_will_commit=lambda: committed.append(True),
            )  # fmt: skip
        assert not caught.value.retryable
        assert committed == [True]
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_no_reply_to_final_dot_within_the_timeout_is_uncertain(
    pki: CertificateAuthorities,
) -> None:
    """plan F47 (variant): the reply comes after our DATA-termination timeout."""
    server = smtp_server_with(pki, VanishingHandler(delay=3))
    try:
        envelope, payload = one_message()
        with pytest.raises(DeliveryUncertainError, match="no answer in time"):
            submit(
                account_for(server, pki).smtp, login(), envelope, payload,
                timeouts=Timeouts(command=5, data_termination=1),
            )  # fmt: skip
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_data_termination_timeout_is_minutes_by_default() -> None:
    """plan F47: RFC 5321 §4.5.3.2.6; a short wait here would cause double deliveries."""
    assert Timeouts().data_termination >= 300
    assert Timeouts().command < Timeouts().data_termination


@pytest.mark.parametrize("stage", ["MAIL", "RCPT", "DATA"])
def test_temporary_refusal_before_final_dot_is_retryable(
    stage: str, pki: CertificateAuthorities
) -> None:
    """plan F48: 451 at MAIL/RCPT/DATA end: nothing kept, retry allowed, then one copy."""
    server = smtp_server_with(pki, FlakyHandler(stage))
    try:
        envelope, payload = one_message()
        smtp = account_for(server, pki).smtp
        with pytest.raises(SmtpTemporaryError) as caught:
            submit(smtp, login(), envelope, payload, timeouts=FAST)
        assert caught.value.retryable
        assert server.messages == []
        submit(smtp, login(), envelope, payload, timeouts=FAST)
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_permanent_refusal_is_not_retryable(pki: CertificateAuthorities) -> None:
    """plan F48: a 5xx stops retries and reports the server's words."""
    server = smtp_server_with(pki, FlakyHandler("MAIL", "550 5.7.1 Sender rejected"))
    try:
        envelope, payload = one_message()
        with pytest.raises(SmtpPermanentError, match="Sender rejected") as caught:
            submit(account_for(server, pki).smtp, login(), envelope, payload, timeouts=FAST)
        assert not caught.value.retryable
    finally:
        server.stop()


def test_server_down_is_retryable() -> None:
    """plan F48: nothing listening: a temporary error in plain words."""
    server = ServerSettings("127.0.0.1", 9, "ssl", SENDER)
    with pytest.raises(SmtpTemporaryError, match="server is down") as caught:
        submit(server, login(), *one_message(), timeouts=FAST)
    assert caught.value.retryable


def test_wrong_password_is_reported_without_the_password(
    pki: CertificateAuthorities, smtp_server: object
) -> None:
    from support.smtpd import SmtpServer

    assert isinstance(smtp_server, SmtpServer)
    with pytest.raises(AuthenticationError, match="refused the user name or password") as caught:
        submit(
            account_for(smtp_server, pki).smtp, (SENDER, Secret(CANARY)), *one_message(),
            timeouts=FAST,
        )  # fmt: skip
    assert CANARY not in str(caught.value)
    assert smtp_server.messages == []


# --- F53: envelope injection, AUTH without TLS ---------------------------------------


def test_injected_recipient_is_refused_before_connecting() -> None:
    """plan F53a: a CR/LF in a recipient is a validation error; no connection is made."""
    with ScriptedSmtp(Script()) as server:
        settings = ServerSettings(server.host, server.port, "ssl", SENDER)
        bad = "a@example.com>\r\nRCPT TO:<evil@attacker.example"
        with pytest.raises(AddressError, match="line break"):
            submit(settings, login(), Envelope(SENDER, (bad,)), b"x\r\n", timeouts=FAST)
        with pytest.raises(AddressError, match="line break"):
            build_message(Draft(to=[bad]), ME)
        assert server.recordings == []


def test_no_auth_on_a_connection_without_tls(pki: CertificateAuthorities) -> None:
    """plan F53b: the server offers AUTH PLAIN LOGIN and no STARTTLS; no AUTH, no canary."""
    script = Script(ehlo=b"250-scripted.example\r\n250 AUTH PLAIN LOGIN\r\n")
    with ScriptedSmtp(script) as server:
        settings = scripted_settings(server, pki, "none")
        with pytest.raises(AuthenticationError, match="unencrypted"):
            submit(settings, (SENDER, Secret(CANARY)), *one_message(), timeouts=FAST)
        assert_no_credentials(server.recordings[0].everything)


# --- A2, A5-A8: TLS on the SMTP paths -------------------------------------------------


def test_starttls_missing_from_ehlo_aborts_before_auth(pki: CertificateAuthorities) -> None:
    """plan A5: EHLO without STARTTLS on a STARTTLS account: abort, only EHLO and QUIT sent."""
    script = Script(ehlo=b"250-scripted.example\r\n250 AUTH PLAIN LOGIN\r\n")
    with ScriptedSmtp(script) as server:
        with pytest.raises(TlsError, match="did not offer STARTTLS; possible downgrade"):
            submit(
                scripted_settings(server, pki, "starttls"), (SENDER, Secret(CANARY)),
                *one_message(), timeouts=FAST,
            )  # fmt: skip
        [recording] = server.recordings
        verbs = [line.split(b" ")[0].upper() for line in bytes(recording.plaintext).splitlines()]
        assert verbs == [b"EHLO", b"QUIT"]
        assert_no_credentials(recording.everything)


@pytest.mark.parametrize(
    "reply",
    [b"454 4.7.0 TLS not available\r\n", b"502 5.5.1 Not implemented\r\n"],
    ids=["454", "502"],
)
def test_starttls_refused_aborts_without_plaintext_retry(
    reply: bytes, pki: CertificateAuthorities
) -> None:
    """plan A6 (and A8c): STARTTLS refused: abort, no AUTH, no second connection."""
    with ScriptedSmtp(Script(starttls_reply=reply)) as server:
        with pytest.raises(TlsError, match="refused STARTTLS"):
            submit(
                scripted_settings(server, pki, "starttls"), (SENDER, Secret(CANARY)),
                *one_message(), timeouts=FAST,
            )  # fmt: skip
        assert len(server.recordings) == 1
        assert_no_credentials(server.recordings[0].everything)


def test_bogus_220_followed_by_plaintext_fails_the_handshake(pki: CertificateAuthorities) -> None:
    """plan A6: "220" then no TLS at all (the server has no TLS context)."""
    script = Script(starttls_reply=b"220 Go ahead\r\n250 plaintext after all\r\n")
    with ScriptedSmtp(script) as server:
        with pytest.raises(HongyanError):
            submit(
                scripted_settings(server, pki, "starttls"), (SENDER, Secret(CANARY)),
                *one_message(), timeouts=FAST,
            )  # fmt: skip
        assert len(server.recordings) == 1
        assert_no_credentials(server.recordings[0].everything)


def test_reply_injected_before_the_handshake_is_discarded(pki: CertificateAuthorities) -> None:
    """plan A7: "220 Go ahead\\r\\n250 injected" in one send(); only post-TLS EHLO counts."""
    script = Script(
        starttls_reply=b"220 Go ahead\r\n250 injected\r\n",
        tls_context=pki.server_context("localhost", "127.0.0.1"),
    )
    with ScriptedSmtp(script) as server:
        client = open_session(scripted_settings(server, pki, "starttls"), None, timeouts=FAST)
        try:
            assert isinstance(client.sock, ssl.SSLSocket)
            assert "x-post-tls" in client.esmtp_features
            assert "starttls" not in client.esmtp_features
            code, _reply = client.noop()
            assert code == 250
        finally:
            client.quit()
        [recording] = server.recordings
        assert bytes(recording.tls).upper().startswith(b"EHLO")


def test_untrusted_certificate_on_starttls_sends_no_credentials(
    pki: CertificateAuthorities,
) -> None:
    """plan A2 (SMTP+STARTTLS) with a CA-B certificate: nothing but EHLO/STARTTLS in clear."""
    script = Script(tls_context=pki.server_context("localhost", "127.0.0.1", trusted=False))
    with ScriptedSmtp(script) as server:
        with pytest.raises(CertificateNotTrusted):
            submit(
                scripted_settings(server, pki, "starttls"), (SENDER, Secret(CANARY)),
                *one_message(), timeouts=FAST,
            )  # fmt: skip
        first = server.recordings[0]
        assert_no_credentials(first.everything)
        assert first.tls == b""


def test_hostname_mismatch_is_refused(pki: CertificateAuthorities) -> None:
    """plan A3 (SMTPS): a trusted certificate for mail.example.org only, reached as 127.0.0.1."""
    context = pki.server_context("mail.example.org")
    with TlsTestServer(context) as server:
        settings = ServerSettings(
            server.host, server.port, "ssl", SENDER, trust_cert_pem=pki.ca_pem.read_text()
        )
        with pytest.raises(CertificateNotTrusted):
            submit(settings, (SENDER, Secret(CANARY)), *one_message(), timeouts=FAST)
        assert server.received == []


def test_plaintext_on_the_implicit_tls_port_fails_cleanly(pki: CertificateAuthorities) -> None:
    """plan A8a: port 465-style account, the server talks plaintext: no session, no fallback."""
    with TlsTestServer(None) as server:
        settings = ServerSettings(server.host, server.port, "ssl", SENDER)
        with pytest.raises(TlsError, match="did not answer with TLS"):
            submit(settings, (SENDER, Secret(CANARY)), *one_message(), timeouts=FAST)
        assert server.connections == 1
        for chunk in server.received:
            assert_no_credentials(chunk)


def test_tls_below_1_2_is_never_established(pki: CertificateAuthorities) -> None:
    """plan A8b: a server capped at TLS 1.1 gets no session."""
    context = pki.server_context("localhost", "127.0.0.1")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
    except (ValueError, ssl.SSLError):
        pytest.skip("this OpenSSL cannot even configure TLS 1.1")
    with TlsTestServer(context) as server:
        settings = ServerSettings(
            server.host, server.port, "ssl", SENDER, trust_cert_pem=pki.ca_pem.read_text()
        )
        with pytest.raises(TlsError):
            submit(settings, (SENDER, Secret(CANARY)), *one_message(), timeouts=FAST)
        assert server.received == []


@pytest.mark.parametrize("when", ["expired", "not_yet_valid"])
def test_expired_or_future_certificate_is_refused(when: str, pki: CertificateAuthorities) -> None:
    """plan A4 (SMTPS): a CA-trusted certificate outside its validity: named, nothing sent."""
    now = dt.datetime.now(dt.UTC)
    window = (
        {"not_before": now - dt.timedelta(days=30), "not_after": now - dt.timedelta(days=1)}
        if when == "expired"
        else {"not_before": now + dt.timedelta(days=1), "not_after": now + dt.timedelta(days=30)}
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    pki.server_cert("localhost", "127.0.0.1", **window).configure_cert(context)
    with TlsTestServer(context) as server:
        settings = ServerSettings(
            server.host, server.port, "ssl", SENDER, trust_cert_pem=pki.ca_pem.read_text()
        )
        with pytest.raises(CertificateNotTrusted) as caught:
            submit(settings, (SENDER, Secret(CANARY)), *one_message(), timeouts=FAST)
        assert caught.value.reason == when
        assert server.received == []


@pytest.mark.parametrize("stage", [b"MAIL", b"RCPT", b"BODY"])
def test_connection_dropped_before_the_final_dot_is_retryable(
    stage: bytes, pki: CertificateAuthorities
) -> None:
    """plan F48: the server hangs up at MAIL, at RCPT or in the middle of the data."""
    script = Script(ehlo=b"250-scripted.example\r\n250 8BITMIME\r\n", drop_at=stage)
    with ScriptedSmtp(script) as server:
        settings = scripted_settings(server, pki, "none")
        committed: list[bool] = []
        with pytest.raises(SmtpTemporaryError, match="Nothing was delivered") as caught:
            submit(
                settings, None, *one_message(), timeouts=FAST,
                data_will_commit=lambda: committed.append(True),
            )  # fmt: skip
        assert caught.value.retryable
        assert committed == []  # the final "." was never reached
