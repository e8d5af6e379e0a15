"""TLS contexts: always verifying, TLS 1.2 at least, trust anchors and pins per server."""

from __future__ import annotations

import hashlib
import ssl

import pytest

from hongyan.core.accounts import AccountError, ServerSettings
from hongyan.core.tls import (
    CertificateNotTrusted,
    accept_certificate,
    check_trust_pem,
    client_context,
    describe_certificate,
)
from support.certs import CertificateAuthorities


def test_the_context_verifies_and_refuses_old_tls() -> None:
    """plan A8 (context side) and A2: verify_mode REQUIRED, hostname checked, TLS >= 1.2."""
    context = client_context(ServerSettings("pop.example.com", 995))
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_a_trusted_pem_is_added_as_an_anchor(pki: CertificateAuthorities) -> None:
    plain = client_context(ServerSettings("127.0.0.1", 995))
    trusting = client_context(
        ServerSettings("127.0.0.1", 995, trust_cert_pem=pki.ca_pem.read_text())
    )
    assert trusting.cert_store_stats()["x509_ca"] == plain.cert_store_stats()["x509_ca"] + 1
    assert trusting.verify_mode == ssl.CERT_REQUIRED and trusting.check_hostname


def test_one_context_per_server_and_trust_settings_for_the_whole_process(
    pki: CertificateAuthorities,
) -> None:
    """Loading the system CAs costs more than a "nothing new" fetch: done once per server."""
    server = ServerSettings("pop.example.net", 995, trust_cert_pem=pki.ca_pem.read_text())
    same = ServerSettings("pop.example.net", 995, trust_cert_pem=pki.ca_pem.read_text())
    assert client_context(server) is client_context(same)
    pinned = accept_certificate(server, "AB:" * 31 + "CD")
    assert client_context(pinned) is not client_context(server)
    assert client_context(pinned).verify_mode == ssl.CERT_NONE  # the pin check replaces it
    assert client_context(server).verify_mode == ssl.CERT_REQUIRED
    other_host = ServerSettings("smtp.example.net", 465, trust_cert_pem=pki.ca_pem.read_text())
    assert client_context(other_host) is not client_context(server)


def test_check_trust_pem_refuses_what_is_not_a_certificate(pki: CertificateAuthorities) -> None:
    assert check_trust_pem(pki.ca_pem.read_text())
    with pytest.raises(AccountError, match="not a PEM certificate"):
        check_trust_pem("hello")
    with pytest.raises(AccountError, match="cannot be used"):
        check_trust_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")


def test_describe_certificate_gives_fingerprint_names_and_dates(
    pki: CertificateAuthorities,
) -> None:
    leaf = pki.server_cert("mail.example.org", "127.0.0.1")
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    info = describe_certificate(der)
    assert info.sha256 == ":".join(
        hashlib.sha256(der).hexdigest().upper()[i : i + 2] for i in range(0, 64, 2)
    )
    assert info.names == ("mail.example.org", "127.0.0.1")
    assert info.not_before < info.not_after
    assert "O=trustme" in info.issuer
    assert info.sha256 in info.describe()


def test_accepting_a_certificate_pins_it_once(pki: CertificateAuthorities) -> None:
    server = ServerSettings("127.0.0.1", 995)
    fingerprint = "ab" * 32
    pinned = accept_certificate(accept_certificate(server, fingerprint), fingerprint)
    assert pinned.pinned_certs == [":".join(["AB"] * 32)]
    assert server.pinned_certs == []  # the original is unchanged
    context = client_context(pinned)
    # The fingerprint check replaces the chain check; it runs in the socket's handshake.
    assert context.verify_mode == ssl.CERT_NONE
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_an_untrusted_certificate_error_is_plain_and_typed() -> None:
    error = CertificateNotTrusted("expired", "pop.example.com:995", None)
    assert str(error).startswith("The security certificate of pop.example.com:995 has expired.")
    assert "password was not sent" in str(error)
    assert isinstance(error, ssl.SSLCertVerificationError)
