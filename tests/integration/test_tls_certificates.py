"""Certificates checked on every connect path, against a local TLS server with trustme certs.

The client is the stdlib poplib, given ``tls.client_context(server)`` the way Hongyan's POP3
and SMTP code does. Each refused case asserts that the server received nothing at all, so no
credential can have left the machine, and that the error carries the certificate's details.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import poplib
import shutil
import smtplib
import ssl
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from hongyan.core import tls
from hongyan.core.accounts import ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.tls import (
    CertificateNotTrusted,
    TlsError,
    accept_certificate,
    client_context,
    fetch_server_certificate,
)
from support.certs import CertificateAuthorities
from support.smtpd import SmtpServer
from support.tls_server import TlsTestServer

pytestmark = pytest.mark.integration

NOW = dt.datetime.now(dt.UTC)


def server_context(leaf: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return context


def settings(
    server: TlsTestServer, pki: CertificateAuthorities, **changes: object
) -> ServerSettings:
    values: dict[str, object] = {
        "security": "starttls" if server.starttls else "ssl",
        "trust_cert_pem": pki.ca_pem.read_text(),
    }
    values.update(changes)
    return ServerSettings(server.host, server.port, **values)  # type: ignore[arg-type]


def connect(server: ServerSettings) -> poplib.POP3:
    context = client_context(server)
    if server.security == "starttls":
        client = poplib.POP3(server.host, server.port, timeout=5)
        client.stls(context)
        return client
    return poplib.POP3_SSL(server.host, server.port, context=context, timeout=5)


def log_in_and_quit(server: ServerSettings) -> None:
    client = connect(server)
    client.user("someone")
    client.quit()


@pytest.fixture(params=["ssl", "starttls"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def serve(leaf: trustme.LeafCert, mode: str) -> TlsTestServer:
    return TlsTestServer(server_context(leaf), starttls=mode == "starttls")


@pytest.fixture
def good_server(pki: CertificateAuthorities, mode: str) -> Iterator[TlsTestServer]:
    with serve(pki.server_cert("localhost", "127.0.0.1"), mode) as server:
        yield server


@pytest.mark.timeout(30)
def test_a_certificate_from_the_trusted_pem_is_accepted(
    good_server: TlsTestServer, pki: CertificateAuthorities
) -> None:
    """plan A3 control case: the cert for 127.0.0.1 (IP SAN) from the trusted CA succeeds."""
    log_in_and_quit(settings(good_server, pki))
    assert good_server.received[0].startswith(b"USER someone")


@pytest.mark.timeout(30)
def test_an_unknown_issuer_is_refused_before_anything_is_sent(
    pki: CertificateAuthorities, mode: str
) -> None:
    """plan A2 (context side): a CA-B certificate is refused on POP3S and STLS; nothing sent."""
    leaf = pki.server_cert("localhost", "127.0.0.1", trusted=False)
    with serve(leaf, mode) as server:
        with pytest.raises(CertificateNotTrusted) as caught:
            log_in_and_quit(settings(server, pki))
        assert server.received == []
    error = caught.value
    assert error.reason == "unknown_issuer"
    assert isinstance(error, HongyanError)
    assert isinstance(error, ssl.SSLCertVerificationError)
    assert error.info is not None
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    assert error.info.sha256.replace(":", "").lower() == hashlib.sha256(der).hexdigest()
    assert error.info.sha256 in str(error)
    assert "did not log in" in str(error)


@pytest.mark.timeout(30)
def test_the_system_cas_alone_do_not_trust_a_private_ca(
    good_server: TlsTestServer, pki: CertificateAuthorities
) -> None:
    """plan A2: without --trust-cert the test CA is unknown: the stdlib trap is closed."""
    with pytest.raises(CertificateNotTrusted, match="authority this computer does not trust"):
        log_in_and_quit(settings(good_server, pki, trust_cert_pem=None))
    assert good_server.received == []


def _subject_hash(ca_pem: Path) -> str:
    return subprocess.run(
        ["openssl", "x509", "-subject_hash", "-noout", "-in", str(ca_pem)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _system_cas(monkeypatch: pytest.MonkeyPatch, directory: Path, bundle: Path) -> None:
    """Make ``directory`` OpenSSL's hashed CA directory and ``bundle`` its CA file (as
    /etc/ssl/certs and /etc/ssl/certs/ca-certificates.crt are on Debian)."""
    paths = ssl.get_default_verify_paths()._replace(capath=str(directory), cafile=str(bundle))
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: paths)
    monkeypatch.setenv(paths.openssl_cafile_env, str(bundle))  # what load_default_certs reads
    monkeypatch.setenv(paths.openssl_capath_env, str(directory))
    monkeypatch.setattr(tls, "_contexts", {})


@pytest.fixture
def openssl() -> None:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to name a CA file by its subject hash")


@pytest.mark.timeout(30)
@pytest.mark.usefixtures("openssl")
def test_a_ca_in_the_systems_hashed_directory_is_trusted(
    good_server: TlsTestServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The system CAs are read from OpenSSL's hashed directory when the bundle is the one
    kept there (only the issuer a handshake needs is read): a CA found there is trusted
    without --trust-cert, though the bundle beside it does not hold it."""
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / f"{_subject_hash(pki.ca_pem)}.0").write_bytes(pki.ca_pem.read_bytes())
    (certs / "ca-certificates.crt").write_bytes(b"")
    _system_cas(monkeypatch, certs, certs / "ca-certificates.crt")
    log_in_and_quit(settings(good_server, pki, trust_cert_pem=None))
    assert good_server.received


@pytest.mark.timeout(30)
@pytest.mark.usefixtures("openssl")
def test_a_ca_bundle_kept_elsewhere_is_trusted_too(
    good_server: TlsTestServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SSL_CERT_FILE pointing at a company's bundle outside the hashed directory: loaded
    too, though the directory holds other CAs."""
    certs = tmp_path / "certs"
    certs.mkdir()
    unrelated = tmp_path / "unrelated.pem"
    trustme.CA().cert_pem.write_to_path(str(unrelated))
    (certs / f"{_subject_hash(unrelated)}.0").write_bytes(unrelated.read_bytes())
    other = tmp_path / "company" / "bundle.pem"
    other.parent.mkdir()
    other.write_bytes(pki.ca_pem.read_bytes())
    _system_cas(monkeypatch, certs, other)
    log_in_and_quit(settings(good_server, pki, trust_cert_pem=None))
    assert good_server.received


@pytest.mark.timeout(30)
def test_a_certificate_for_another_host_is_refused(pki: CertificateAuthorities, mode: str) -> None:
    """plan A3: a CA-A certificate valid only for mail.example.org, reached as 127.0.0.1."""
    with serve(pki.server_cert("mail.example.org"), mode) as server:
        with pytest.raises(CertificateNotTrusted) as caught:
            log_in_and_quit(settings(server, pki))
        assert server.received == []
    assert caught.value.reason == "wrong_host"
    assert "issued for another server (mail.example.org)" in str(caught.value)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("validity", "reason", "words"),
    [
        ({"not_after": NOW - dt.timedelta(days=1)}, "expired", "has expired"),
        (
            {"not_before": NOW + dt.timedelta(days=1), "not_after": NOW + dt.timedelta(days=30)},
            "not_yet_valid",
            "is not valid yet",
        ),
    ],
)
def test_expired_and_not_yet_valid_certificates_are_refused_with_the_cause(
    pki: CertificateAuthorities,
    mode: str,
    validity: dict[str, dt.datetime],
    reason: str,
    words: str,
) -> None:
    """plan A4: the error names the cause; nothing is sent."""
    leaf = pki.trusted_ca.issue_cert("127.0.0.1", **validity)
    with serve(leaf, mode) as server:
        with pytest.raises(CertificateNotTrusted) as caught:
            log_in_and_quit(settings(server, pki))
        assert server.received == []
    assert caught.value.reason == reason
    assert words in str(caught.value)


@pytest.mark.timeout(30)
def test_pinning_accepts_exactly_that_certificate_and_refuses_a_changed_one(
    pki: CertificateAuthorities, mode: str
) -> None:
    """plan A4: an expired cert works once the user pins it; another cert is refused again."""
    expired = pki.untrusted_ca.issue_cert("127.0.0.1", not_after=NOW - dt.timedelta(days=1))
    with serve(expired, mode) as server:
        plain = settings(server, pki)
        with pytest.raises(CertificateNotTrusted) as caught:
            log_in_and_quit(plain)
        info = caught.value.info
        assert info is not None
        pinned = accept_certificate(plain, info)
        assert pinned.pinned_certs == [info.sha256]
        log_in_and_quit(pinned)
        assert server.received[0].startswith(b"USER someone")
    with serve(pki.server_cert("localhost", "127.0.0.1"), mode) as changed:
        moved = ServerSettings(
            changed.host, changed.port, pinned.security, pinned_certs=pinned.pinned_certs
        )
        with pytest.raises(CertificateNotTrusted) as again:
            log_in_and_quit(moved)
        assert changed.received == []
    assert again.value.reason == "changed"
    assert "not the one you accepted" in str(again.value)
    assert again.value.info is not None and again.value.info.sha256 != info.sha256


@pytest.mark.timeout(30)
def test_a_tls_port_that_speaks_plaintext_fails_cleanly(pki: CertificateAuthorities) -> None:
    """plan A8a: an implicit-TLS port answering in plaintext: clean error, no fallback."""
    with TlsTestServer(None) as server:
        with pytest.raises(TlsError, match="did not answer with TLS") as caught:
            log_in_and_quit(settings(server, pki))
        assert not isinstance(caught.value, CertificateNotTrusted)
        assert server.connections == 1  # no second, plaintext attempt


@pytest.mark.timeout(30)
def test_a_server_limited_to_tls_1_1_gets_no_session(pki: CertificateAuthorities) -> None:
    """plan A8b: no session below TLS 1.2 is ever established."""
    context = server_context(pki.server_cert("127.0.0.1"))
    try:
        with warnings.catch_warnings():  # the deprecation is the point of the test
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
    except (ValueError, ssl.SSLError):
        pytest.skip("this OpenSSL cannot even configure TLS 1.1 on the server side")
    with TlsTestServer(context) as server:
        with pytest.raises(TlsError):
            log_in_and_quit(settings(server, pki))
        assert server.received == []


@pytest.mark.timeout(30)
def test_fetch_server_certificate_shows_an_untrusted_certificate(
    pki: CertificateAuthorities, mode: str
) -> None:
    leaf = pki.server_cert("127.0.0.1", trusted=False)
    with serve(leaf, mode) as server:
        info = fetch_server_certificate(server.host, server.port, mode, timeout=5)
        assert server.received == []
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    assert info.sha256.replace(":", "").lower() == hashlib.sha256(der).hexdigest()
    assert "127.0.0.1" in info.names


@pytest.mark.timeout(30)
def test_fetch_server_certificate_reports_an_unreachable_server() -> None:
    with TlsTestServer(None) as server:
        port = server.port
    with pytest.raises(TlsError, match=f"127.0.0.1:{port}"):
        fetch_server_certificate("127.0.0.1", port, "ssl", timeout=2)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_smtp_paths_raise_the_same_typed_error_with_the_certificate(
    smtp_server: SmtpServer, pki: CertificateAuthorities, security: str
) -> None:
    """plan A2 (SMTP side, context): aiosmtpd's test-CA certificate without --trust-cert is
    refused on SMTPS and STARTTLS; the refused certificate is read back over SMTP too."""
    port = smtp_server.tls_port if security == "ssl" else smtp_server.starttls_port
    server = ServerSettings(smtp_server.host, port, security)  # type: ignore[arg-type]
    context = client_context(server)
    with pytest.raises(CertificateNotTrusted) as caught:
        if security == "ssl":
            smtplib.SMTP_SSL(server.host, port, context=context, timeout=10)
        else:
            with smtplib.SMTP(server.host, port, timeout=10) as client:
                client.starttls(context=context)
    assert caught.value.reason == "unknown_issuer"
    assert caught.value.info is not None and caught.value.info.sha256 in str(caught.value)
    assert smtp_server.messages == []
    trusted = ServerSettings(
        smtp_server.host, port, security, trust_cert_pem=pki.ca_pem.read_text()
    )  # type: ignore[arg-type]
    if security == "ssl":
        smtplib.SMTP_SSL(server.host, port, context=client_context(trusted), timeout=10).quit()
    else:
        with smtplib.SMTP(server.host, port, timeout=10) as client:
            client.starttls(context=client_context(trusted))
            client.ehlo()
