"""Test certificates made with trustme: a trusted CA and an untrusted one (plan harness)."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class CertificateAuthorities:
    """Two CAs and PEM files on disk; ``ca_pem`` is what a client trusts."""

    trusted_ca: trustme.CA
    untrusted_ca: trustme.CA
    directory: Path

    @property
    def ca_pem(self) -> Path:
        return self.directory / "trusted-ca.pem"

    def server_cert(self, *names: str, trusted: bool = True, **kwargs: object) -> trustme.LeafCert:
        ca = self.trusted_ca if trusted else self.untrusted_ca
        return ca.issue_cert(*(names or ("localhost", "127.0.0.1")), **kwargs)

    def write_server_files(self, stem: str, *names: str, trusted: bool = True) -> tuple[Path, Path]:
        """Write ``stem.crt`` (leaf + chain) and ``stem.key``; return both paths."""
        leaf = self.server_cert(*names, trusted=trusted)
        cert_path = self.directory / f"{stem}.crt"
        key_path = self.directory / f"{stem}.key"
        cert_path.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
        key_path.write_bytes(leaf.private_key_pem.bytes())
        return cert_path, key_path

    def server_context(self, *names: str, trusted: bool = True) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server_cert(*names, trusted=trusted).configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts only the test CA."""
        context = ssl.create_default_context(cafile=str(self.ca_pem))
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


def make_pki(directory: Path) -> CertificateAuthorities:
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o755)
    pki = CertificateAuthorities(trustme.CA(), trustme.CA(), directory)
    pki.trusted_ca.cert_pem.write_to_path(str(pki.ca_pem))
    return pki
