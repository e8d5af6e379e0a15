"""``hongyan account``: the add contract, list, edit, remove, and plain errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.commands.accounts import parse_endpoint
from hongyan.core import providers
from hongyan.core.accounts import AccountBook
from hongyan.core.errors import HongyanError
from hongyan.core.paths import app_paths
from support.certs import CertificateAuthorities
from support.test_keyring import MemoryKeyring

CANARY = "Hy-CANARY-9d1f\u00e9"


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def book() -> AccountBook:
    return AccountBook.load(app_paths())


def test_add_with_the_contract_form_and_defaults(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    """plan A1 through the CLI: only hosts given → POP3 995 / SMTP 465 implicit TLS."""
    code, out, err = run(
        capsys,
        "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com", "--password-stdin",
        stdin=CANARY + "\n",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Added account 'work'" in out
    account = book().get("work")
    assert (account.pop3.port, account.pop3.security) == (995, "ssl")
    assert (account.smtp.port, account.smtp.security) == (465, "ssl")
    assert account.leave_on_server and account.smtp_auth and account.smtp_same_credentials
    assert memory_keyring.entries == {("hongyan", "work:pop3"): CANARY}
    assert CANARY.encode() not in app_paths().accounts_file.read_bytes()


def test_add_with_every_contract_option(
    capsys: pytest.CaptureFixture[str], pki: CertificateAuthorities
) -> None:
    code, _out, err = run(
        capsys,
        "account", "add", "lab", "--address", "me@lab.test",
        "--pop3", "127.0.0.1:11110", "--pop3-security", "starttls",
        "--smtp", "[::1]:2465", "--smtp-security", "ssl",
        "--username", "lab-user", "--trust-cert", str(pki.ca_pem),
        "--no-leave-on-server", "--delete-after-days", "7", "--default",
    )  # fmt: skip
    assert (code, err) == (0, "")
    account = book().get("lab")
    assert (account.pop3.host, account.pop3.port, account.pop3.security) == (
        "127.0.0.1",
        11110,
        "starttls",
    )
    assert (account.smtp.host, account.smtp.port) == ("::1", 2465)
    assert account.pop3_username == account.smtp_username == "lab-user"
    assert account.pop3.trust_cert_pem == account.smtp.trust_cert_pem == pki.ca_pem.read_text()
    assert account.leave_on_server is False and account.delete_after_days == 7
    default = book().default()
    assert default is not None and default.name == "lab"


def test_add_uses_the_provider_preset_when_servers_are_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, _err = run(capsys, "account", "add", "家", "--address", "someone@163.com")
    assert code == 0
    account = book().get("家")
    assert (account.pop3.host, account.pop3.port) == ("pop.163.com", 995)
    assert (account.smtp.host, account.smtp.port) == ("smtp.163.com", 465)


def test_add_without_servers_for_an_unknown_domain_says_what_to_give(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(capsys, "account", "add", "x", "--address", "me@nowhere.example")
    assert code == 1
    assert err == (
        "hongyan: Give --pop3 HOST[:PORT]: Hongyan has no preset for nowhere.example "
        "(or try --guess).\n"
    )
    assert not app_paths().accounts_file.exists()


def test_add_with_guess_uses_the_servers_that_answered(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_guess(domain: str) -> providers.Guess:  # the real probe is tested on loopback
        asked.append(domain)
        return providers.Guess(providers.ServerPreset("mail.corp.example", 995, "ssl"), None)

    monkeypatch.setattr(providers, "guess_servers", fake_guess)
    args = ["account", "add", "corp", "--address", "me@corp.example", "--guess"]
    code, _out, err = run(capsys, *args)
    assert code == 1
    assert "no SMTP server answered under the usual names of corp.example" in err
    code, _out, err = run(capsys, *args, "--smtp", "smtp.corp.example")
    assert code == 0
    assert asked == ["corp.example", "corp.example"]
    account = book().get("corp")
    assert (account.pop3.host, account.smtp.host) == ("mail.corp.example", "smtp.corp.example")


def test_a_preset_without_pop3_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "account", "add", "i", "--address", "me@icloud.com")
    assert code == 1
    assert "iCloud Mail offers no POP3" in err


def test_no_encryption_needs_allow_insecure(capsys: pytest.CaptureFixture[str]) -> None:
    """plan A1: 'none' is refused without the explicit insecure opt-in."""
    base = ["account", "add", "old", "--address", "me@example.com", "--smtp", "smtp.example.com"]
    base += ["--pop3", "pop.example.com", "--pop3-security", "none"]
    code, _out, err = run(capsys, *base)
    assert code == 1 and "allow_insecure (--allow-insecure)" in err
    assert "Traceback" not in err
    code, _out, err = run(capsys, *base, "--allow-insecure")
    assert (code, err) == (0, "")
    assert book().get("old").pop3.port == 110


def test_a_plaintext_port_without_a_security_choice_is_questioned(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(
        capsys, "account", "add", "w", "--address", "me@example.com",
        "--pop3", "pop.example.com:110", "--smtp", "smtp.example.com",
    )  # fmt: skip
    assert code == 1
    assert "--pop3-security starttls" in err


def test_list_shows_accounts_and_never_a_password(capsys: pytest.CaptureFixture[str]) -> None:
    run(
        capsys, "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com", "--password-stdin",
        stdin=CANARY,
    )  # fmt: skip
    run(capsys, "account", "add", "b", "--address", "b@example.com", "--pop3", "p.example.com",
        "--smtp", "s.example.com")  # fmt: skip
    code, out, _err = run(capsys, "account", "list")
    assert code == 0
    assert out.splitlines() == [
        "* work  <me@example.com>  POP3 pop.example.com:995 ssl  SMTP smtp.example.com:465 ssl"
        "  (password saved)",
        "  b  <b@example.com>  POP3 p.example.com:995 ssl  SMTP s.example.com:465 ssl"
        "  (password asked when needed)",
    ]
    code, out, _err = run(capsys, "account", "list", "--json")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["work", "b"]
    assert rows[0]["password_saved"] is True
    assert CANARY not in out


def test_edit_changes_settings_keeps_the_rest_and_pins_certificates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(
        capsys, "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
    )  # fmt: skip
    fingerprint = "0f" * 32
    code, _out, err = run(
        capsys, "account", "edit", "work", "--smtp-security", "starttls",
        "--smtp-username", "relay", "--headers-only-over-kb", "512", "--pin-pop3", fingerprint,
        "--display-name", "Me Myself",
    )  # fmt: skip
    assert (code, err) == (0, "")
    account = book().get("work")
    assert (account.smtp.host, account.smtp.port, account.smtp.security) == (
        "smtp.example.com",
        587,
        "starttls",
    )
    assert account.smtp_username == "relay" and not account.smtp_same_credentials
    assert account.headers_only_over_kb == 512
    assert account.pop3.pinned_certs == [":".join(["0F"] * 32)]
    assert account.display_name == "Me Myself"
    assert account.pop3.host == "pop.example.com"
    code, _out, _err = run(capsys, "account", "edit", "work", "--unpin", "--keep-forever")
    assert book().get("work").pop3.pinned_certs == []


def test_edit_with_a_bad_value_names_it_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(
        capsys, "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
    )  # fmt: skip
    before = app_paths().accounts_file.read_bytes()
    code, _out, err = run(capsys, "account", "edit", "work", "--delete-after-days", "0")
    assert code == 1
    assert err == "hongyan: 'delete_after_days' must be a number of at least 1, not 0.\n"
    assert app_paths().accounts_file.read_bytes() == before


def test_remove_deletes_the_account_and_its_keyring_entries(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    """plan B12 through the CLI."""
    run(
        capsys, "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
        "--smtp-username", "relay", "--password-stdin", stdin=f"{CANARY}\n{CANARY}-smtp\n",
    )  # fmt: skip
    assert set(memory_keyring.entries) == {("hongyan", "work:pop3"), ("hongyan", "work:smtp")}
    code, out, _err = run(capsys, "account", "remove", "work")
    assert code == 0 and "Mail already downloaded stays in the store." in out
    assert memory_keyring.entries == {}
    assert book().names() == []
    code, _out, err = run(capsys, "account", "remove", "work")
    assert code == 1 and "There is no account named 'work'" in err


def test_unknown_bad_trust_cert_file_is_a_plain_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    not_pem = tmp_path / "cert.txt"
    not_pem.write_text("hello")
    code, _out, err = run(
        capsys, "account", "add", "w", "--address", "me@example.com", "--pop3", "p.example.com",
        "--smtp", "s.example.com", "--trust-cert", str(not_pem),
    )  # fmt: skip
    assert code == 1 and "not a PEM certificate" in err
    code, _out, err = run(
        capsys, "account", "add", "w", "--address", "me@example.com", "--pop3", "p.example.com",
        "--smtp", "s.example.com", "--trust-cert", str(tmp_path / "missing.pem"),
    )  # fmt: skip
    assert code == 1 and "cannot read" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pop.example.com", ("pop.example.com", None)),
        ("pop.example.com:995", ("pop.example.com", 995)),
        ("[::1]:995", ("::1", 995)),
        ("::1", ("::1", None)),
    ],
)
def test_parse_endpoint(text: str, expected: tuple[str, int | None]) -> None:
    assert parse_endpoint(text, "pop3") == expected


def test_parse_endpoint_refuses_a_bad_port() -> None:
    with pytest.raises(HongyanError, match="not a number"):
        parse_endpoint("pop.example.com:pop", "pop3")


def test_the_console_command_end_to_end(tmp_path: Path) -> None:
    """The real ``hongyan`` in a child: the keyring chosen by PYTHON_KEYRING_BACKEND is used
    (plan B16, explicit choice), and the profile holds no canary (plan B12)."""
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "hongyan", "account", "add", "work", "--address", "me@example.com",
         "--pop3", "pop.example.com", "--smtp", "smtp.example.com", "--password-stdin"],
        input=CANARY + "\n", capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    stored = json.loads(Path(env["HONGYAN_TEST_KEYRING"]).read_text(encoding="utf-8"))
    assert stored == {"hongyan\x00work:pop3": CANARY}
    for path in Path(env["HONGYAN_HOME"]).rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes()


def test_remove_with_a_locked_keyring_refuses_unless_forced(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan B12/B17: the password is not left behind silently; --force is the way out."""
    from keyring.errors import KeyringLocked

    run(
        capsys, "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
    )  # fmt: skip

    def locked(*args: object) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    monkeypatch.setattr(MemoryKeyring, "get_password", locked)
    code, _out, err = run(capsys, "account", "remove", "work")
    assert code == 1
    assert "keyring is locked" in err and "--force" in err
    assert book().names() == ["work"]
    code, out, _err = run(capsys, "account", "remove", "work", "--force")
    assert code == 0 and "could not be deleted from the keyring" in out
    assert book().names() == []


def test_edit_can_set_a_new_password_and_forget_it_again(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    run(
        capsys, "account", "add", "work", "--address", "me@example.com",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
    )  # fmt: skip
    assert memory_keyring.entries == {}
    code, _out, _err = run(capsys, "account", "edit", "work", "--password-stdin", stdin=CANARY)
    assert code == 0
    assert memory_keyring.entries == {("hongyan", "work:pop3"): CANARY}
    code, _out, err = run(capsys, "account", "edit", "work", "--no-remember-password")
    assert (code, err) == (0, "")
    assert memory_keyring.entries == {}
    assert book().get("work").remember_password is False
