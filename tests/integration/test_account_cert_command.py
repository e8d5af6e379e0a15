"""``hongyan account cert`` shows an untrusted certificate; ``edit --pin-pop3`` accepts it."""

from __future__ import annotations

import poplib

import pytest

from hongyan.cli import main
from hongyan.core.accounts import AccountBook
from hongyan.core.paths import app_paths
from hongyan.core.tls import CertificateNotTrusted, client_context
from support.certs import CertificateAuthorities
from support.tls_server import TlsTestServer

pytestmark = pytest.mark.integration


@pytest.mark.timeout(30)
def test_show_then_pin_a_self_signed_looking_certificate(
    pki: CertificateAuthorities, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan A4: the user sees the fingerprint, accepts exactly it, and the login proceeds."""
    with TlsTestServer(pki.server_context("127.0.0.1", trusted=False)) as server:
        endpoint = f"127.0.0.1:{server.port}"
        args = ["account", "add", "lab", "--address", "me@lab.test", "--pop3", endpoint]
        assert main([*args, "--smtp", "127.0.0.1:2465"]) == 0
        account = AccountBook.load(app_paths()).get("lab")
        with pytest.raises(CertificateNotTrusted) as refused:
            poplib.POP3_SSL("127.0.0.1", server.port, context=client_context(account.pop3))
        capsys.readouterr()
        assert main(["account", "cert", "lab"]) == 0
        out = capsys.readouterr().out
        assert refused.value.info is not None
        fingerprint = refused.value.info.sha256
        assert f"SHA-256:   {fingerprint}" in out
        assert f"hongyan account edit lab --pin-pop3 {fingerprint}" in out
        assert server.received == []
        assert main(["account", "edit", "lab", "--pin-pop3", fingerprint]) == 0
        pinned = AccountBook.load(app_paths()).get("lab")
        client = poplib.POP3_SSL(
            "127.0.0.1", server.port, context=client_context(pinned.pop3), timeout=5
        )
        client.quit()
        assert main(["account", "cert", "lab"]) == 0
        assert "(accepted for this account)" in capsys.readouterr().out
