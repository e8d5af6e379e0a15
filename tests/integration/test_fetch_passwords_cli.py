"""Passwords as the CLI meets them: asked on a terminal when not remembered or when there is
no keyring, and a wrong one reported in plain words with nothing changed (issue 5)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hongyan.core.accounts import AccountBook
from hongyan.core.paths import app_paths
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.fetching import account_for, make_message, stored_messages
from support.smtpd import SmtpServer
from support.test_keyring import FileKeyring

pytestmark = pytest.mark.integration
PROMPT = "Password for "


def on_terminal(
    *args: str, typed: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``hongyan ARGS`` with a terminal as standard input; type ``typed`` at the prompt.

    The child starts a new session, so it has no controlling terminal: getpass reads the
    pseudo-terminal on stdin (echo off; it discards what was typed before it asked) and never
    the terminal this test runs in.
    """
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "hongyan", *args],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, **(env or {})),
        start_new_session=True,
    )
    os.close(slave)
    try:
        assert child.stderr is not None
        seen = b""
        deadline = time.monotonic() + 30
        while PROMPT.encode() not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([child.stderr], [], [], 0.5)
            if ready:
                chunk = os.read(child.stderr.fileno(), 4096)
                if not chunk:
                    break
                seen += chunk
        if PROMPT.encode() in seen:
            os.write(master, typed.encode())
        out, err = child.communicate(timeout=60)
        return subprocess.CompletedProcess(
            child.args, child.returncode, out.decode(), (seen + err).decode()
        )
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)


def _add(dovecot: DovecotServer, pki: CertificateAuthorities, **policy: object) -> PopUser:
    user = dovecot.add_user()
    for n in range(3):
        user.deliver(make_message(n, tag="prompt"))
    book = AccountBook.load(app_paths())
    book.add(account_for(dovecot, user, pki, name="lab", **policy))  # type: ignore[arg-type]
    book.save()
    return user


def _keyring_entries() -> dict[str, object]:
    path = Path(os.environ["HONGYAN_TEST_KEYRING"])
    return json.loads(path.read_text()) if path.exists() else {}


@pytest.mark.timeout(120)
def test_remember_password_off_asks_once_in_each_run_and_stores_it_nowhere(
    dovecot: DovecotServer, pki: CertificateAuthorities, isolated_profile: Path
) -> None:
    """plan B12: with "remember password" off the password is asked for, once per run."""
    user = _add(dovecot, pki, remember_password=False)
    first = on_terminal("fetch", "lab", typed=user.password + "\n")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stderr.count(PROMPT) == 1
    assert first.stdout.startswith("lab: 3 new messages")
    second = on_terminal("fetch", "lab", typed=user.password + "\n")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stderr.count(PROMPT) == 1  # asked again: nothing was remembered
    assert second.stdout.strip() == "lab: no new messages"
    assert _keyring_entries() == {}
    assert FileKeyring().get_password("hongyan", "lab:pop3") is None
    profile_text = b"".join(p.read_bytes() for p in isolated_profile.rglob("*") if p.is_file())
    assert user.password.encode() not in profile_text


@pytest.mark.timeout(120)
def test_one_run_asks_once_for_a_password_pop3_and_smtp_share(
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    isolated_profile: Path,
) -> None:
    """``account test`` needs the shared password twice (POP3, then SMTP) and asks once."""
    user = _add(dovecot, pki, remember_password=False)
    run = on_terminal("account", "test", "lab", typed=user.password + "\n")
    assert run.stderr.count(PROMPT) == 1, run.stdout + run.stderr
    assert f"works:  POP3: logged in to 127.0.0.1:{dovecot.pop3s_port} as {user.name}" in (
        run.stdout
    )


@pytest.mark.timeout(120)
def test_without_a_keyring_the_password_is_asked_for_with_a_plain_message(
    dovecot: DovecotServer, pki: CertificateAuthorities, isolated_profile: Path
) -> None:
    """plan B16: no usable keyring backend → a clear message, and the password is asked."""
    user = _add(dovecot, pki)
    run = on_terminal(
        "fetch",
        "lab",
        typed=user.password + "\n",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr.count(PROMPT) == 1
    assert "No secure password store is available on this system" in run.stderr
    assert run.stdout.startswith("lab: 3 new messages")
    assert "Traceback" not in run.stderr


@pytest.mark.timeout(120)
def test_no_terminal_and_no_saved_password_is_a_plain_error_not_a_hang(
    dovecot: DovecotServer, pki: CertificateAuthorities, isolated_profile: Path
) -> None:
    _add(dovecot, pki, remember_password=False)
    run = subprocess.run(
        [sys.executable, "-m", "hongyan", "fetch", "lab"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert run.returncode == 1
    assert "No password is saved for" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.timeout(120)
def test_account_test_with_a_trusted_certificate_and_a_wrong_password(
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    isolated_profile: Path,
) -> None:
    """plan B11 (CLI, Dovecot): "wrong password" in plain words, exit 1, nothing changed."""
    user = dovecot.add_user()
    user.deliver(make_message(1, tag="kept"))
    added = subprocess.run(
        [
            sys.executable, "-m", "hongyan", "account", "add", "lab",
            "--address", "lab@example.test", "--username", user.name,
            "--pop3", f"127.0.0.1:{dovecot.pop3s_port}",
            "--smtp", f"127.0.0.1:{smtp_server.tls_port}",
            "--trust-cert", str(pki.ca_pem), "--password-stdin",
        ],
        input="Not-the-Pa55word\n", capture_output=True, text=True, env=dict(os.environ),
        timeout=60,
    )  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    accounts_file = next(isolated_profile.rglob("accounts.json"))
    before = (accounts_file.read_bytes(), _keyring_entries())
    run = subprocess.run(
        [sys.executable, "-m", "hongyan", "account", "test", "lab"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=dict(os.environ),
        timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    pop3_line = next(line for line in run.stdout.splitlines() if "POP3" in line)
    assert pop3_line.startswith("fails:  POP3:")
    assert "wrong password" in pop3_line
    assert "certificate" not in pop3_line  # the trusted certificate is not what failed
    assert "Not-the-Pa55word" not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert (accounts_file.read_bytes(), _keyring_entries()) == before  # nothing changed
    assert user.message_count() == 1  # the server's mail untouched
    mail = isolated_profile / "data" / "Mail"
    assert not mail.exists() or stored_messages(mail) == []  # and nothing was fetched
