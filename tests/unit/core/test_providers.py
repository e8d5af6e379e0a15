"""Provider presets: the ISPDB parser, the generated presets file, and guessing on loopback."""

from __future__ import annotations

import json
import re
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.accounts import Security
from hongyan.core.providers import (
    AutoconfigError,
    Presets,
    Protocol,
    ServerPreset,
    best_server,
    guess_servers,
    parse_autoconfig,
    probe_server,
)
from hongyan.core.resources import resource_path
from support.certs import CertificateAuthorities
from support.shared import ISPDB_DIR, REPO_ROOT, require

REQUIRED = [
    "163.com",
    "126.com",
    "yeah.net",
    "qq.com",
    "foxmail.com",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "aliyun.com",
    "139.com",
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "yandex.com",
    "gmx.com",
    "mail.ru",
    "zoho.com",
]


@pytest.fixture(scope="module")
def presets() -> Presets:
    return Presets.load()


# --- the ISPDB parser ------------------------------------------------------------------------


def test_the_parser_reads_gmail_from_the_ispdb() -> None:
    provider = parse_autoconfig(require(ISPDB_DIR / "googlemail.com.xml").read_bytes())
    assert {"gmail.com", "googlemail.com"} <= set(provider.domains)
    assert provider.pop3 == (ServerPreset("pop.gmail.com", 995, "ssl", "address"),)
    assert provider.smtp == (ServerPreset("smtp.gmail.com", 465, "ssl", "address"),)


def test_the_parser_marks_oauth_only_servers() -> None:
    provider = parse_autoconfig(require(ISPDB_DIR / "hotmail.com.xml").read_bytes())
    assert "outlook.com" in provider.domains
    assert provider.pop3[0].oauth2_only
    assert provider.pop3[0].host == "outlook.office365.com"


def test_every_ispdb_file_parses_and_pop3_is_found_where_listed() -> None:
    files = sorted(require(ISPDB_DIR).glob("*.xml"))
    assert len(files) > 100
    with_pop3 = 0
    for path in files:
        provider = parse_autoconfig(path.read_bytes())
        assert provider.domains, path.name
        text = path.read_text(encoding="utf-8")
        listed = re.findall(r'type="pop3">(.*?)</incomingServer>', text, re.S)
        if listed:
            with_pop3 += 1
        if listed and not provider.pop3:
            # Only placeholder hosts ("%EMAILDOMAIN%") or user name forms we cannot fill.
            for block in listed:
                host = re.search(r"<hostname>([^<]*)", block)
                user = re.search(r"<username>([^<]*)", block)
                assert (host and "%" in host.group(1)) or (
                    user and user.group(1) not in ("%EMAILADDRESS%", "%EMAILLOCALPART%")
                ), path.name
        for server in provider.pop3 + provider.smtp:
            assert 0 < server.port < 65536 and "%" not in server.host
    assert with_pop3 >= 140  # SOURCE.md: 146 of the 163 providers list POP3


def test_the_parser_refuses_what_is_not_a_client_config() -> None:
    with pytest.raises(AutoconfigError):
        parse_autoconfig(b"<html><body>no</body></html>")
    with pytest.raises(AutoconfigError):
        parse_autoconfig(b"not xml at all <")


def test_best_server_prefers_implicit_tls_and_never_plaintext() -> None:
    plain = ServerPreset("pop.x", 110, "none")
    starttls = ServerPreset("pop.x", 110, "starttls")
    implicit = ServerPreset("pop.x", 995, "ssl")
    assert best_server([plain, starttls, implicit]) == implicit
    assert best_server([plain, starttls]) == starttls
    assert best_server([plain]) is None


# --- the presets file ------------------------------------------------------------------------


def test_the_presets_file_is_what_the_script_builds_from_the_ispdb() -> None:
    """resources/providers.json is generated, never edited by hand: rebuild and compare."""
    require(ISPDB_DIR)
    sys.path.insert(0, str(REPO_ROOT / "tools"))
    try:
        import make_presets
    finally:
        sys.path.remove(str(REPO_ROOT / "tools"))
    built = make_presets.build(ISPDB_DIR)
    stored = json.loads(resource_path("providers.json").read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(built))
    assert "Mozilla Public License 2.0" in stored["licence"]


@pytest.mark.parametrize("domain", REQUIRED)
def test_every_required_provider_has_a_secure_preset(presets: Presets, domain: str) -> None:
    preset = presets.lookup(f"someone@{domain}")
    assert preset is not None, domain
    assert preset.smtp is not None and preset.smtp.security in ("ssl", "starttls")
    if domain == "icloud.com":
        assert preset.pop3 is None  # iCloud has no POP3: say so rather than guess
        assert "no POP3" in preset.hint_for("en")
    else:
        assert preset.pop3 is not None and preset.pop3.security == "ssl"


@pytest.mark.parametrize(
    ("domain", "english", "chinese"),
    [
        ("163.com", "authorisation code", "授权码"),
        ("qq.com", "authorisation code", "授权码"),
        ("foxmail.com", "authorisation code", "授权码"),
        ("gmail.com", "app password", "应用专用密码"),
        ("outlook.com", "OAuth2", "OAuth2"),
    ],
)
def test_hints_exist_in_english_and_chinese(
    presets: Presets, domain: str, english: str, chinese: str
) -> None:
    preset = presets.lookup(domain)
    assert preset is not None
    assert english in preset.hint_for("en")
    assert chinese in preset.hint_for("zh_CN")
    assert preset.hint_for("fr") == preset.hint_for("en")


def test_known_servers_of_chinese_providers(presets: Presets) -> None:
    qq = presets.lookup("Someone@FoxMail.com")
    assert qq is not None and qq.pop3 == ServerPreset("pop.qq.com", 995, "ssl")
    netease = presets.lookup("126.com")
    assert netease is not None and netease.smtp == ServerPreset("smtp.126.com", 465, "ssl")
    assert presets.lookup("nobody@unknown-domain.example") is None


# --- guessing (loopback only) ----------------------------------------------------------------


class Greeter:
    """A loopback server that greets each connection, optionally over TLS."""

    def __init__(self, greeting: bytes, context: ssl.SSLContext | None = None) -> None:
        self.greeting = greeting
        self.context = context
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._greet, args=(conn,), daemon=True).start()

    def _greet(self, conn: socket.socket) -> None:
        conn.settimeout(3)
        try:
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
            if self.greeting:
                conn.sendall(self.greeting)
            conn.recv(100)
        except OSError:
            pass
        finally:
            conn.close()


@pytest.fixture
def servers(pki: CertificateAuthorities) -> Iterator[dict[str, Greeter]]:
    def tls(names: tuple[str, ...], trusted: bool = True) -> ssl.SSLContext:
        return pki.server_context(*names, trusted=trusted)

    made = {
        "pop3s-good": Greeter(b"+OK ready\r\n", tls(("pop3.example.test",))),
        "pop3-plain": Greeter(b"+OK ready\r\n"),
        "smtps-untrusted": Greeter(b"220 hi\r\n", tls(("smtp.example.test",), trusted=False)),
        "smtp-plain": Greeter(b"220 mail.example.test ESMTP\r\n"),
        "silent": Greeter(b""),
    }
    yield made
    for greeter in made.values():
        greeter.listener.close()


@pytest.mark.timeout(30)
def test_guessing_tries_every_name_and_keeps_the_preferred_working_one(
    servers: dict[str, Greeter], pki: CertificateAuthorities
) -> None:
    """Unknown domains: pop.D/pop3.D/mail.D and smtp.D/mail.D, secure first, good certs only."""
    routes = {
        ("pop.example.test", 995): "silent",  # answers nothing: times out
        ("pop3.example.test", 995): "pop3s-good",
        ("mail.example.test", 110): "pop3-plain",
        ("smtp.example.test", 465): "smtps-untrusted",
        ("mail.example.test", 587): "smtp-plain",
    }
    tried: list[tuple[str, int, str]] = []
    lock = threading.Lock()

    def probe(host: str, port: int, security: Security, protocol: Protocol, timeout: float) -> bool:
        with lock:
            tried.append((host, port, security))
        name = routes.get((host, port))
        if name is None:
            return False  # as if the name did not resolve: nothing leaves the machine
        return probe_server(
            host,
            port,
            security,
            protocol,
            timeout,
            address=("127.0.0.1", servers[name].port),
            context=pki.client_context(),
        )

    started = time.monotonic()
    guess = guess_servers("someone@Example.Test", probe=probe, timeout=1.0)
    elapsed = time.monotonic() - started
    assert guess.pop3 == ServerPreset("pop3.example.test", 995, "ssl")
    assert guess.smtp == ServerPreset("mail.example.test", 587, "starttls")
    assert len(tried) == 10
    assert {h for h, _, _ in tried} == {
        "pop.example.test",
        "pop3.example.test",
        "mail.example.test",
        "smtp.example.test",
    }
    assert elapsed < 2.5  # in parallel: one timeout, not ten


def test_guessing_a_domain_where_nothing_answers() -> None:
    guess = guess_servers("example.invalid", probe=lambda *args: False)
    assert guess.pop3 is None and guess.smtp is None


def test_probe_server_is_false_for_a_closed_port(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = int(sock.getsockname()[1])
    assert not probe_server("localhost", port, "starttls", "pop3", 1.0, address=("127.0.0.1", port))
