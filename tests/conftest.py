"""Fixtures for every test: an isolated profile, a test keyring, real Dovecot and aiosmtpd.

No test touches the real home or the real keyring: ``HONGYAN_HOME``, ``HOME`` and the XDG
variables point into ``tmp_path``, and keyring is given an in-memory backend (subprocesses get
a file-backed one, chosen explicitly with ``PYTHON_KEYRING_BACKEND``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Qt must never need a display in tests; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest

from support.certs import CertificateAuthorities, make_pki
from support.dovecot import DOVECOT, DovecotServer
from support.smtpd import SmtpServer
from support.test_keyring import MemoryKeyring

TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user location into the test's own directory; return HONGYAN_HOME."""
    home = tmp_path / "profile"
    home.mkdir()
    user_home = tmp_path / "home"
    user_home.mkdir()
    monkeypatch.setenv("HONGYAN_HOME", str(home))
    monkeypatch.setenv("HOME", str(user_home))
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        monkeypatch.setenv(name, str(user_home / sub))
    monkeypatch.setenv("HONGYAN_TEST_KEYRING", str(tmp_path / "test-keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "support.test_keyring.FileKeyring")
    existing = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", str(TESTS_DIR) + (os.pathsep + existing if existing else ""))
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring for the test process; the real one is never reached."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthorities:
    """A trusted test CA (its PEM is what clients trust) and an untrusted one."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def dovecot(pki: CertificateAuthorities) -> Iterator[DovecotServer]:
    """A private Dovecot POP3 server (POP3+STLS and POP3S) for the whole test session."""
    if DOVECOT is None:
        pytest.skip("Dovecot is not installed (Debian: apt-get install dovecot-pop3d)")
    server = DovecotServer(pki)
    yield server
    server.stop()


@pytest.fixture
def smtp_server(pki: CertificateAuthorities) -> Iterator[SmtpServer]:
    """A recording aiosmtpd with STARTTLS and implicit TLS listeners and AUTH PLAIN/LOGIN."""
    server = SmtpServer(pki)
    yield server
    server.stop()
