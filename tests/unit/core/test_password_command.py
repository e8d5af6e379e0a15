"""The password command: an account's password where no keyring exists (issue 16).

A command is split like a shell splits it and run without one; the first line it prints is
the password. When it fails, the error names the account and the program, never what it
printed (plan B11); nothing it prints is written anywhere (plan B12).
"""

from __future__ import annotations

import json
import shlex
import sys
import traceback
from pathlib import Path

import pytest
from keyring.backends import null

from hongyan.core.accounts import Account, AccountBook, AccountError, ServerSettings
from hongyan.core.paths import app_paths
from hongyan.core.secrets import (
    PasswordCommandFailed,
    PasswordMissing,
    PasswordStore,
    Secret,
    run_password_command,
)
from support.test_keyring import MemoryKeyring

CANARY = "Hy-CANARY-cmd-4e7a\u00e9"


def python(code: str) -> str:
    """A password command running ``code`` in this Python (no shell involved)."""
    return shlex.join([sys.executable, "-c", code])


def prints(text: str) -> str:
    return python(f"import sys; sys.stdout.buffer.write({text.encode()!r})")


def make_account(**changes: object) -> Account:
    values: dict[str, object] = {
        "name": "163",
        "address": "me@163.com",
        "pop3": ServerSettings.for_pop3("pop.163.com"),
        "smtp": ServerSettings.for_smtp("smtp.163.com"),
    }
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


def test_the_first_line_is_the_password() -> None:
    """As ``pass show`` prints it: the password, then other lines (login: …, url: …)."""
    secret = run_password_command(prints(f"{CANARY}\r\nlogin: me\nurl: mail.163.com\n"), "163")
    assert secret == Secret(CANARY)
    assert str(secret) == "***"


def test_the_command_runs_without_a_shell(tmp_path: Path) -> None:
    """``$HOME``, ``|`` and ``;`` reach the program as plain words: nothing is expanded."""
    echo = python("import sys; print(' '.join(sys.argv[1:]))")
    assert run_password_command(echo + " '$HOME' '|' rm ';' x", "163").reveal() == "$HOME | rm ; x"
    assert run_password_command(shlex.join(["printf", "%s\\n", "a b"]), "163").reveal() == "a b"


def test_the_command_reads_no_standard_input() -> None:
    reads = python("import sys; print(sys.stdin.read() or 'empty-stdin')")
    assert run_password_command(reads, "163").reveal() == "empty-stdin"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        # The canary is printed, not written in the command (which a traceback may show).
        (python(f"print({CANARY[::-1]!r}[::-1]); exit(3)"), "failed with exit status 3."),
        (prints(f"\n{CANARY}\n"), "printed no password on its first line."),
        (python("import sys; sys.stdout.buffer.write(b'\\xff\\xfe')"), "did not print UTF-8 text."),
        ("/nonexistent/hongyan-pass show mail", "was not found."),
        (str(Path(__file__).resolve()), "could not be started (Permission denied)."),
    ],
)
def test_a_failing_command_is_an_error_naming_the_account_never_its_output(
    command: str, said: str
) -> None:
    """plan B11: the message, its repr and a traceback with locals hold nothing it printed."""
    with pytest.raises(PasswordCommandFailed) as caught:
        run_password_command(command, "163")
    program = shlex.split(command)[0]
    assert str(caught.value) == f"The password command of the account '163' ({program}) {said}"
    shown = "".join(
        traceback.TracebackException.from_exception(caught.value, capture_locals=True).format()
    )
    assert CANARY not in shown + repr(caught.value)


def test_a_command_that_hangs_is_stopped() -> None:
    with pytest.raises(PasswordCommandFailed, match=r"\(.*python.*\) did not finish within 1 s"):
        run_password_command(python("import time; time.sleep(30)"), "163", timeout=1)


def test_the_password_store_asks_the_command_before_the_keyring() -> None:
    keyring = MemoryKeyring()
    keyring.set_password("hongyan", "163:pop3", "Hy-old-keyring-pass")  # saved in an earlier run
    store = PasswordStore(keyring, explicit=False)
    account = make_account(password_command=prints(CANARY))
    assert store.lookup(account, "pop3") == Secret(CANARY)
    assert store.obtain(account, "smtp") == Secret(CANARY)  # SMTP shares the login
    store.use(account, "pop3", Secret("Hy-typed-for-this-run"))  # --password-stdin goes first
    assert store.lookup(account, "pop3") == Secret("Hy-typed-for-this-run")
    assert keyring.get_password("hongyan", "163:pop3") == "Hy-old-keyring-pass"  # untouched


def test_an_smtp_login_of_its_own_has_its_own_command() -> None:
    store = PasswordStore(null.Keyring(), explicit=False)
    account = make_account(
        smtp=ServerSettings.for_smtp("smtp.163.com", username="relay"),
        smtp_same_credentials=False,
        password_command=prints("Hy-pop3-pass"),
        smtp_password_command=prints("Hy-smtp-pass"),
    )
    assert store.obtain(account, "pop3") == Secret("Hy-pop3-pass")
    assert store.obtain(account, "smtp") == Secret("Hy-smtp-pass")
    without = make_account(smtp_same_credentials=False, password_command=prints("Hy-pop3-pass"))
    with pytest.raises(PasswordMissing, match=r"No password is saved for me@163\.com on smtp"):
        store.obtain(without, "smtp")


def test_a_failing_command_is_not_replaced_by_the_keyring_or_a_prompt() -> None:
    """The user chose the command: its failure is reported, not papered over."""
    keyring = MemoryKeyring()
    keyring.set_password("hongyan", "163:pop3", "Hy-old-keyring-pass")
    store = PasswordStore(keyring, explicit=False)
    asked: list[str] = []
    account = make_account(password_command=python("raise SystemExit(1)"))
    with pytest.raises(PasswordCommandFailed, match="account '163'"):
        store.obtain(account, "pop3", ask=lambda prompt: asked.append(prompt) or "x")
    assert asked == []


def test_the_command_is_kept_in_accounts_json_and_its_output_nowhere(
    isolated_profile: Path,
) -> None:
    """plan B12 (command path): the profile holds the command as typed, never the password."""
    book = AccountBook.load(app_paths())
    book.add(make_account(password_command="pass show 'mail/163'"))
    book.add(make_account(name="plain"))
    book.save()
    PasswordStore(null.Keyring(), explicit=False).lookup(
        make_account(password_command=prints(CANARY)), "pop3"
    )
    saved = json.loads(app_paths().accounts_file.read_text(encoding="utf-8"))["accounts"]
    assert saved[0]["password_command"] == "pass show 'mail/163'"
    assert "password_command" not in saved[1]  # older versions still read this account
    assert AccountBook.load(app_paths()).get("163").password_command == "pass show 'mail/163'"
    profile = b"".join(p.read_bytes() for p in isolated_profile.rglob("*") if p.is_file())
    assert CANARY.encode() not in profile


def test_a_command_a_shell_could_not_split_is_refused_with_the_key_named() -> None:
    with pytest.raises(AccountError, match=r"'password_command': no closing quotation in"):
        make_account(password_command="pass show 'mail/163")
    with pytest.raises(AccountError, match=r"'smtp_password_command' must not contain line"):
        make_account(smtp_password_command="pass show x\nrm -rf ~")
