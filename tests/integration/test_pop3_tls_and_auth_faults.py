"""Security plan groups A (TLS and STARTTLS, POP3 side) and B (authentication), against a
scripted hostile server: what a real server will not do to us."""

from __future__ import annotations

import datetime as dt
import logging
import ssl
import time
import traceback
import warnings
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.pop3 import (
    AuthenticationFailed,
    InsecureConnectionRefused,
    Limits,
    Pop3Error,
    Pop3Session,
    apop_timestamp,
    open_session,
)
from hongyan.core.secrets import Secret
from hongyan.core.sync import fetch_account
from support.certs import CertificateAuthorities
from support.fetching import account_at, make_message, open_store
from support.pop3_script import MailboxState, mailbox
from support.scripted_server import Close, Expect, ScriptedServer, Send, StartTLS

pytestmark = pytest.mark.integration

CANARY = "Hy-CANARY-9d1f\u00e9"
CREDENTIAL_VERBS = (b"USER", b"PASS", b"APOP", b"AUTH", CANARY.encode())
FAST = Limits(connect_timeout=5, idle_timeout=5, command_timeout=5)


def no_credentials(data: bytes) -> bool:
    import base64

    canary_forms = [CANARY.encode(), base64.b64encode(CANARY.encode())]
    return not any(v in data for v in (*CREDENTIAL_VERBS, *canary_forms))


def _fetch(server: ScriptedServer, pki: CertificateAuthorities, tmp_path: Path, **kw: object):
    account = account_at(server.host, server.port, pki, **kw)  # type: ignore[arg-type]
    with open_store(tmp_path) as store:
        from hongyan.core.sync import FetchOptions

        return fetch_account(account, store, Secret(CANARY), options=FetchOptions(limits=FAST))


# -- A2-A4: every connect path verifies the certificate ----------------------------------------


def _leaf_context(pki: CertificateAuthorities, *names: str, **kw: object) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    pki.trusted_ca.issue_cert(*names, **kw).configure_cert(context)  # type: ignore[arg-type]
    return context


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_untrusted_certificate_is_refused_before_any_credential(
    pki: CertificateAuthorities, tmp_path: Path, security: str
) -> None:
    """plan A2 (POP3S and POP3+STLS)."""
    untrusted = pki.server_context(trusted=False)
    state = MailboxState([make_message(1)], [b"a"], password=CANARY)
    if security == "ssl":
        server = ScriptedServer([mailbox(state)], implicit_tls=untrusted)
    else:
        script = [
            Send(b"+OK hi\r\n"),
            Expect(b"CAPA"),
            Send(b"+OK\r\nSTLS\r\nUSER\r\n.\r\n"),
            Expect(b"STLS"),
            Send(b"+OK go\r\n"),
            StartTLS(untrusted),
            mailbox(state),
        ]
        server = ScriptedServer(script)
    with server:
        result = _fetch(server, pki, tmp_path, security=security)
        server.wait_finished()
    assert not result.ok
    assert "certificate" in str(result.error) and "not" in str(result.error)
    assert no_credentials(server.received)
    assert server.connections <= 2  # a second one only to read the certificate (plan A8c)


def test_hostname_mismatch_is_refused_and_the_right_name_works(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan A3: a CA-A certificate valid only for mail.example.org; control: 127.0.0.1."""
    state = MailboxState([make_message(1)], [b"a"], password=CANARY)
    wrong = _leaf_context(pki, "mail.example.org")
    with ScriptedServer([mailbox(state)], implicit_tls=wrong) as server:
        result = _fetch(server, pki, tmp_path / "a")
    assert not result.ok and "another server" in str(result.error)
    assert no_credentials(server.received)
    right = _leaf_context(pki, "127.0.0.1")
    with ScriptedServer([mailbox(state)], implicit_tls=right) as server:
        assert _fetch(server, pki, tmp_path / "b").downloaded == 1


@pytest.mark.parametrize("when", ["expired", "not yet valid"])
def test_expired_and_not_yet_valid_certificates_are_refused(
    pki: CertificateAuthorities, tmp_path: Path, when: str
) -> None:
    """plan A4."""
    now = dt.datetime.now(dt.UTC)
    if when == "expired":
        dates = {"not_before": now - dt.timedelta(days=30), "not_after": now - dt.timedelta(days=1)}
    else:
        dates = {"not_before": now + dt.timedelta(days=1), "not_after": now + dt.timedelta(days=30)}
    context = _leaf_context(pki, "127.0.0.1", **dates)
    state = MailboxState([make_message(1)], [b"a"], password=CANARY)
    with ScriptedServer([mailbox(state)], implicit_tls=context) as server:
        result = _fetch(server, pki, tmp_path)
    assert not result.ok
    assert ("has expired" if when == "expired" else "not valid yet") in str(result.error)
    assert "SHA-256 fingerprint" in str(result.error)  # so the user may pin exactly this one
    assert no_credentials(server.received)


# -- A5-A7: STARTTLS stripping and injection ---------------------------------------------------


def test_stls_missing_from_capa_aborts_before_auth(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan A5 (striptls StripFromCapabilities)."""
    script = [Send(b"+OK hi\r\n"), Expect(b"CAPA"), Send(b"+OK\r\nUSER\r\nUIDL\r\n.\r\n")]
    with ScriptedServer([*script, Expect(b"QUIT"), Send(b"+OK\r\n")]) as server:
        result = _fetch(server, pki, tmp_path, security="starttls")
        server.wait_finished()
    assert isinstance(result.error, InsecureConnectionRefused)
    assert "did not offer STARTTLS" in str(result.error) and "downgrade" in str(result.error)
    assert server.received == b"CAPA\r\nQUIT\r\n"


@pytest.mark.parametrize("refusal", [b"-ERR not now\r\n", b"-ERR [SYS/TEMP] try later\r\n"])
def test_stls_refused_aborts_with_no_plaintext_retry(
    pki: CertificateAuthorities, tmp_path: Path, refusal: bytes
) -> None:
    """plan A6 (StripWithError); and no second connection (plan A8c)."""
    script = [
        Send(b"+OK hi\r\n"),
        Expect(b"CAPA"),
        Send(b"+OK\r\nSTLS\r\nUSER\r\n.\r\n"),
        Expect(b"STLS"),
        Send(refusal),
        Expect(b"QUIT"),
        Send(b"+OK\r\n"),
    ]
    with ScriptedServer(script) as server:
        result = _fetch(server, pki, tmp_path, security="starttls")
        server.wait_finished()
    assert isinstance(result.error, InsecureConnectionRefused)
    assert server.received == b"CAPA\r\nSTLS\r\nQUIT\r\n"
    assert server.connections == 1


def test_reply_injected_before_the_tls_handshake_is_discarded(
    pki: CertificateAuthorities,
) -> None:
    """plan A7: '+OK Begin TLS' and '+OK injected' in one send(); CAPA re-issued in TLS."""
    script = [
        Send(b"+OK hi\r\n"),
        Expect(b"CAPA"),
        Send(b"+OK\r\nSTLS\r\nX-PRE-TLS\r\n.\r\n"),
        Expect(b"STLS"),
        Send(b"+OK Begin TLS\r\n+OK injected\r\n"),
        StartTLS(pki.server_context()),
        Expect(b"CAPA"),
        Send(b"+OK\r\nUSER\r\nX-POST-TLS\r\n.\r\n"),
        Expect(b"QUIT"),
        Send(b"+OK\r\n"),
    ]
    with ScriptedServer(script) as server:
        session = open_session(server.host, server.port, "starttls", pki.client_context())
        capabilities = dict(session.capabilities)
        session.finish()
        server.wait_finished()
    assert "X-POST-TLS" in capabilities
    assert "X-PRE-TLS" not in capabilities and "STLS" not in capabilities
    assert server.failures == []


# -- A8: no plaintext or weak-TLS downgrade ------------------------------------------------------


def test_plaintext_on_the_implicit_tls_port_fails_cleanly(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan A8a."""
    with ScriptedServer([Send(b"+OK POP3 ready\r\n"), Expect(b"")]) as server:
        result = _fetch(server, pki, tmp_path)
    assert not result.ok and isinstance(result.error, HongyanError)
    assert "TLS" in str(result.error)
    assert no_credentials(server.received)
    assert server.connections == 1  # plan A8c: no fallback connection


def test_a_server_offering_only_tls_1_1_gets_no_session(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan A8b: the client context's minimum is TLS 1.2; no weaker session is set up."""
    weak = pki.server_context()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            weak.minimum_version = ssl.TLSVersion.TLSv1
            weak.maximum_version = ssl.TLSVersion.TLSv1_1
    except (ValueError, ssl.SSLError):
        pytest.skip("this OpenSSL cannot even configure TLS 1.1")
    state = MailboxState([make_message(1)], [b"a"], password=CANARY)
    with ScriptedServer([mailbox(state)], implicit_tls=weak) as server:
        result = _fetch(server, pki, tmp_path)
    assert not result.ok
    assert no_credentials(server.received)


# -- A9: server text is framed, never trusted UI -------------------------------------------------


def test_pre_tls_server_text_is_framed_and_scrubbed(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan A9."""
    lure = b"-ERR [SYS/PERM] Your password expired, log in at http://127.0.0.1:9/\x1b[31m\r\n"
    with ScriptedServer([Send(b"+OK hi\r\n"), Expect(b"CAPA"), Send(lure), Close()]) as server:
        result = _fetch(server, pki, tmp_path, security="starttls")
    message = str(result.error)
    assert 'server said: "' in message or "did not offer STARTTLS" in message
    assert "\x1b" not in message and "\n" not in message
    assert no_credentials(server.received)


def test_server_text_in_a_login_error_is_framed(pki: CertificateAuthorities) -> None:
    """plan A9: an -ERR after the password is quoted inside a 'server said:' frame."""
    state = MailboxState([], [], password="other-password")
    with ScriptedServer([mailbox(state)], implicit_tls=pki.server_context()) as server:
        session = open_session(server.host, server.port, "ssl", pki.client_context())
        with pytest.raises(AuthenticationFailed) as caught:
            session.login("user", Secret(CANARY))
    assert 'server said: "[AUTH] Authentication failed."' in str(caught.value)


# -- B10, B11: no password in logs, exceptions or tracebacks --------------------------------------


def test_debug_log_of_a_full_fetch_holds_no_password(
    pki: CertificateAuthorities, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """plan B10 (fetch side): DEBUG protocol trace on, canary in none of its encodings."""
    import base64

    caplog.set_level(logging.DEBUG)
    state = MailboxState([make_message(1)], [b"a"], password=CANARY)
    state.capabilities = [b"USER", b"UIDL", b"PIPELINING"]  # USER/PASS this time
    with ScriptedServer([mailbox(state)], implicit_tls=pki.server_context()) as server:
        result = _fetch(server, pki, tmp_path)
    assert result.ok and result.downloaded == 1
    assert b"PASS " + CANARY.encode() in server.received  # it was sent, inside TLS
    text = caplog.text
    assert "PASS ***" in text
    for form in (CANARY, CANARY.encode().hex(), base64.b64encode(CANARY.encode()).decode()):
        assert form not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes()


@pytest.mark.parametrize(
    "reply",
    [None, f"-ERR bad password {CANARY}\r\n".encode()],
    ids=["reset-after-pass", "password-echoed"],
)
def test_no_password_in_exceptions_or_tracebacks(
    pki: CertificateAuthorities, reply: bytes | None
) -> None:
    """plan B11 (wire side)."""
    script = [
        Send(b"+OK hi\r\n"),
        Expect(b"CAPA"),
        Send(b"+OK\r\nUSER\r\n.\r\n"),
        Expect(b"USER"),
        Send(b"+OK\r\n"),
        Expect(b"PASS"),
        Send(reply) if reply else Close(),
    ]
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:
        session = open_session(server.host, server.port, "ssl", pki.client_context())
        with pytest.raises(Pop3Error) as caught:
            session.login("user", Secret(CANARY))
    exc = caught.value
    rendered = "".join(
        traceback.TracebackException.from_exception(exc, capture_locals=True).format()
    )
    for text in (str(exc), repr(exc), rendered):
        assert CANARY not in text


# -- B13, B14: no cleartext password, APOP only on request, CR/LF refused --------------------


def test_apop_and_plaintext_login_without_tls_are_refused(pki: CertificateAuthorities) -> None:
    """plan B13."""
    greeting = b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"
    script = [Send(greeting), Expect(b"CAPA"), Send(b"+OK\r\nUSER\r\n.\r\n"), Expect(b"QUIT")]
    with ScriptedServer([*script, Send(b"+OK\r\n")]) as server:
        session = open_session(server.host, server.port, "none", None)
        with pytest.raises(InsecureConnectionRefused, match="not encrypted"):
            session.login("user", Secret(CANARY), apop=True)
        server.wait_finished()
    assert server.received == b"CAPA\r\nQUIT\r\n"


def test_apop_is_used_only_when_the_account_asks(pki: CertificateAuthorities) -> None:
    """plan B13: over TLS with SASL offered, APOP only on request."""
    greeting = b"+OK ready <1896.697170952@dbc.mtview.ca.us>\r\n"
    state = MailboxState([], [], password=CANARY)
    with ScriptedServer([mailbox(state, greeting)], implicit_tls=pki.server_context()) as server:
        session = open_session(server.host, server.port, "ssl", pki.client_context())
        assert session.login("user", Secret(CANARY)) == "PLAIN"
        session.finish()
    assert not any(c.startswith(b"APOP") for c in state.commands)


def test_hostile_apop_greeting_is_parsed_in_linear_time() -> None:
    """plan B13 (ReDoS, CVE-2018-1060 shape)."""
    greeting = b"+OK " + b"<" * 5000 + b"@" + b"<" * 5000
    started = time.monotonic()
    assert apop_timestamp(greeting) is None
    assert apop_timestamp(b"+OK hi <1.2@host>") == b"<1.2@host>"
    assert time.monotonic() - started < 1.0


def test_hostile_greeting_over_the_wire_returns_within_a_second(
    pki: CertificateAuthorities,
) -> None:
    """plan B13: the 5000-byte greeting, end to end."""
    greeting = b"+OK " + b"<" * 5000 + b"\r\n"
    with ScriptedServer([Send(greeting), Expect(b"CAPA"), Send(b"-ERR\r\n")]) as server:
        started = time.monotonic()
        session = Pop3Session(server.host, server.port, security="none", limits=FAST)
        assert apop_timestamp(session.welcome) is None
        session.close()
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("user", "password"),
    [("u1\r\nDELE 1", "secret-Pa55"), ("user", "pass\nDELE 1"), ("user", "pa\rss")],
)
def test_cr_lf_in_credentials_is_refused_before_sending(
    pki: CertificateAuthorities, user: str, password: str
) -> None:
    """plan B14."""
    state = MailboxState([make_message(1)], [b"a"])
    with ScriptedServer([mailbox(state)], implicit_tls=pki.server_context()) as server:
        session = open_session(server.host, server.port, "ssl", pki.client_context())
        with pytest.raises(Pop3Error, match="line break"):
            session.login(user, Secret(password))
        session.close()
        server.wait_finished()
    assert b"DELE" not in server.received
    assert b"USER" not in server.received and b"AUTH" not in server.received
