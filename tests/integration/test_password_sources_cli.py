"""Passwords where no keyring exists, from the command line (issue 16): an account's password
command and ``--password-stdin`` for ``fetch``, ``send`` and ``outbox --flush``, against the
real Dovecot and aiosmtpd. Every hint about giving a password names a way that exists; a
refused certificate comes with the command that accepts it.

The keyring is keyring's null backend in these tests: what a headless Linux box without
Secret Service has (plan B15).
"""

from __future__ import annotations

import base64
import io
import logging
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import null

from hongyan.cli import build_parser, main
from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings
from hongyan.core.store import Store
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.fetching import make_message
from support.sending import PASSWORD, SENDER, parse
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

CANARY = "Hy-CANARY-src-61b3\u00e9"
EXIT_NOT_SENT = 75


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(previous)


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def prints_file(path: Path) -> str:
    """A password command as a user writes one: ``cat`` of a file outside the profile."""
    return shlex.join(["cat", str(path)])


def add_pop3_account(
    capsys: pytest.CaptureFixture[str],
    dovecot: DovecotServer,
    user: PopUser,
    *options: str,
    name: str = "lab",
) -> None:
    code, _out, err = run(
        capsys,
        "account", "add", name, "--address", f"{user.name}@example.test",
        "--username", user.name, "--pop3", f"127.0.0.1:{dovecot.pop3s_port}",
        "--smtp", "127.0.0.1:465", *options,
    )  # fmt: skip
    assert code == 0, err


def add_smtp_account(
    capsys: pytest.CaptureFixture[str], pki: CertificateAuthorities, port: int, *options: str
) -> None:
    code, _out, err = run(
        capsys,
        "account", "add", "work", "--address", SENDER, "--pop3", "127.0.0.1:995",
        "--smtp", f"127.0.0.1:{port}", "--trust-cert", str(pki.ca_pem), *options,
    )  # fmt: skip
    assert code == 0, err


def forms_of(password: str, user: str) -> list[bytes]:
    raw = password.encode()
    return [
        raw,
        raw.hex().encode(),
        base64.b64encode(raw),
        base64.b64encode(b"\0" + user.encode() + b"\0" + raw),
    ]


def profile_bytes(profile: Path) -> bytes:
    return b"".join(p.read_bytes() for p in profile.rglob("*") if p.is_file())


def outbox_count() -> int:
    with Store.open(Settings.load(app_paths()).store_path) as store:
        return {f.name: f.total for f in store.folders()}["Outbox"]


def assert_suggestions_parse(text: str) -> None:
    """Every ``hongyan …`` command a hint suggests is one this version accepts."""
    for line in text.splitlines():
        for suggestion in line.split("hongyan ")[1:] if line.startswith("hongyan:") else []:
            words = shlex.split(suggestion.split(";")[0].rstrip(".)"))
            build_parser().parse_args([w if w != "CMD" else "true" for w in words])


# --- fetch ------------------------------------------------------------------------------------


def test_fetch_gets_the_password_from_the_account_s_command(
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    isolated_profile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """plan B10, B12 (command path): DEBUG logging on; the password the command prints is in
    no log, no output, no file of the profile or the store."""
    caplog.set_level(logging.DEBUG)
    user = dovecot.add_user(password=CANARY)
    for n in range(2):
        user.deliver(make_message(n, tag="cmd"))
    secret_file = tmp_path / "pass-store" / "lab"
    secret_file.parent.mkdir()
    secret_file.write_text(CANARY + "\nlogin: lab\n", encoding="utf-8")
    add_pop3_account(
        capsys, dovecot, user, "--trust-cert", str(pki.ca_pem),
        "--password-command", prints_file(secret_file),
    )  # fmt: skip
    code, out, err = run(capsys, "fetch", "lab")
    assert code == 0, out + err
    assert out.startswith("lab: 2 new messages")
    code, out, err = run(capsys, "account", "list")
    assert f"password from: cat {secret_file}" in out
    shown = (out + err + caplog.text).encode()
    assert not any(form in shown for form in forms_of(CANARY, user.name))
    assert not any(form in profile_bytes(isolated_profile) for form in forms_of(CANARY, user.name))


def test_a_failing_password_command_names_the_account_and_shows_nothing_it_printed(
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """plan B11 (command path): the summary says which account and program failed, exit 1."""
    user = dovecot.add_user()
    user.deliver(make_message(1, tag="kept"))
    command = shlex.join(
        [sys.executable, "-c", f"print({CANARY[::-1]!r}[::-1]); print('gpg: decryption failed')"
         "; raise SystemExit(2)"]
    )  # fmt: skip
    add_pop3_account(
        capsys, dovecot, user, "--trust-cert", str(pki.ca_pem), "--password-command", command
    )
    code, out, err = run(capsys, "fetch", "lab")
    assert code == 1
    assert out.strip() == (
        f"lab: failed: The password command of the account 'lab' ({sys.executable}) failed "
        "with exit status 2."
    )
    assert CANARY not in out + err
    assert "gpg: decryption failed" not in out + err
    assert "Traceback" not in err
    assert user.message_count() == 1


def test_fetch_password_stdin_is_used_for_this_run_and_saved_nowhere(
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    isolated_profile: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = dovecot.add_user(password=CANARY)
    user.deliver(make_message(1, tag="stdin"))
    add_pop3_account(capsys, dovecot, user, "--trust-cert", str(pki.ca_pem))
    code, out, err = run(capsys, "fetch", "lab", "--password-stdin", stdin=CANARY + "\n")
    assert code == 0, out + err
    assert out.startswith("lab: 1 new message")
    assert CANARY.encode() not in profile_bytes(isolated_profile)
    # The next run has no password: the hint names only ways that exist here (no keyring).
    code, out, err = run(capsys, "fetch", "lab")
    assert code == 1
    assert out.startswith(f"lab: failed: No password is saved for {user.name} on 127.0.0.1")
    assert err.splitlines()[-1] == (
        "hongyan: Give it with --password-stdin, or set a command that prints it: "
        "hongyan account edit lab --password-command CMD."
    )
    assert_suggestions_parse(err)
    build_parser().parse_args(["fetch", "lab", "--password-stdin"])


def test_fetch_password_stdin_needs_one_account(
    dovecot: DovecotServer, pki: CertificateAuthorities, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("one", "two"):
        add_pop3_account(capsys, dovecot, dovecot.add_user(), name=name)
    code, _out, err = run(capsys, "fetch", "--password-stdin", stdin="x\n")
    assert code == 1
    assert err.strip() == (
        "hongyan: --password-stdin gives one password: name the account "
        "(hongyan fetch ACCOUNT --password-stdin)."
    )
    code, _out, err = run(capsys, "fetch", "one", "--password-stdin", stdin="")
    assert (code, err.strip()) == (1, "hongyan: --password-stdin: standard input held no password.")


def test_a_refused_certificate_comes_with_the_command_that_accepts_exactly_it(
    dovecot: DovecotServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan A2 (CLI): the fetch is refused before the password is sent; the hint's command,
    run as printed, lets the next fetch through."""
    user = dovecot.add_user()
    user.deliver(make_message(1, tag="pin"))
    add_pop3_account(capsys, dovecot, user)  # no --trust-cert: the test CA is unknown
    code, out, _err = run(capsys, "fetch", "lab", "--password-stdin", stdin=user.password + "\n")
    assert code == 1
    assert "lab: failed: The security certificate of 127.0.0.1:" in out
    hint = out.splitlines()[-1]
    assert hint.startswith("  Check the certificate (hongyan account cert lab); to accept exactly")
    pin = shlex.split(hint.split(": ", 1)[1])
    assert pin[:5] == ["hongyan", "account", "edit", "lab", "--pin-pop3"]
    assert run(capsys, *pin[1:])[0] == 0
    code, out, err = run(capsys, "fetch", "lab", "--password-stdin", stdin=user.password + "\n")
    assert code == 0, out + err
    assert out.startswith("lab: 1 new message")


# --- send and outbox ---------------------------------------------------------------------------


def test_send_password_stdin_where_no_keyring_exists(
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    isolated_profile: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_smtp_account(capsys, pki, smtp_server.tls_port)
    code, out, err = run(
        capsys, "send", "--to", "a@example.test", "--subject", "脚本", "--body", "hi",
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, out + err
    [received] = smtp_server.messages
    assert parse(received.data)["Subject"] == "脚本"
    assert PASSWORD.encode() not in profile_bytes(isolated_profile)


def test_outbox_flush_password_stdin_sends_what_waits(
    smtp_server: SmtpServer, pki: CertificateAuthorities, capsys: pytest.CaptureFixture[str]
) -> None:
    add_smtp_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(
        capsys, "send", "--to", "a@example.test", "--subject", "later", "--body", "x",
        "--queue-only",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(capsys, "outbox", "--flush")  # no password anywhere: it waits
    assert code == EXIT_NOT_SENT
    assert err.splitlines()[-1] == (
        "hongyan: Give it with --password-stdin, or set a command that prints it: "
        "hongyan account edit work --password-command CMD."
    )
    assert_suggestions_parse(err)
    assert outbox_count() == 1 and smtp_server.messages == []
    code, out, err = run(capsys, "outbox", "--flush", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, out + err
    assert outbox_count() == 0 and len(smtp_server.messages) == 1
    code, _out, err = run(capsys, "outbox", "--password-stdin", stdin=PASSWORD + "\n")
    assert (code, err.strip()) == (
        1,
        "hongyan: --password-stdin goes with --flush, --resend or --send-now.",
    )


def test_send_gets_the_password_from_the_account_s_command(
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret_file = tmp_path / "smtp-password"
    secret_file.write_text(PASSWORD + "\n", encoding="utf-8")
    add_smtp_account(
        capsys, pki, smtp_server.tls_port, "--password-command", prints_file(secret_file)
    )
    code, out, err = run(
        capsys, "send", "--to", "a@example.test", "--subject", "cmd", "--body", "x"
    )
    assert code == 0, out + err
    assert len(smtp_server.messages) == 1


def test_send_password_stdin_and_a_body_from_stdin_are_refused(
    smtp_server: SmtpServer, pki: CertificateAuthorities, capsys: pytest.CaptureFixture[str]
) -> None:
    add_smtp_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(
        capsys, "send", "--to", "a@example.test", "--subject", "s", "--body-file", "-",
        "--password-stdin", stdin=PASSWORD + "\nbody\n",
    )  # fmt: skip
    assert code == 1
    assert "--password-stdin and --body-file - both read standard input" in err
    assert smtp_server.messages == []


def test_account_add_without_a_keyring_says_the_password_was_not_saved_and_what_works(
    capsys: pytest.CaptureFixture[str], pki: CertificateAuthorities
) -> None:
    """Before issue 16 the password was thrown away with advice to use an option that
    fetch and send did not have."""
    code, _out, err = run(
        capsys,
        "account", "add", "work", "--address", SENDER, "--pop3", "127.0.0.1:995",
        "--smtp", "127.0.0.1:465", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0
    assert "No secure password store is available on this system" in err
    assert err.splitlines()[-1] == (
        "hongyan: the password was not saved. Give it with --password-stdin, or set a command "
        "that prints it: hongyan account edit work --password-command CMD."
    )
    assert_suggestions_parse(err)
    code, _out, err = run(
        capsys, "account", "edit", "work", "--password-stdin", "--password-command", "true",
        stdin="x\n",
    )  # fmt: skip
    assert code == 1 and "not both" in err
