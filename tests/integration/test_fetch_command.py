"""``hongyan fetch`` as users run it: summary lines, exit status, --dry-run, start-up."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hongyan.core.accounts import AccountBook
from hongyan.core.paths import app_paths
from support.certs import CertificateAuthorities
from support.cli import hongyan
from support.dovecot import DovecotServer
from support.fetching import account_for, make_message
from support.test_keyring import FileKeyring

pytestmark = pytest.mark.integration


def _setup(dovecot: DovecotServer, pki: CertificateAuthorities, **policy: object) -> list[str]:
    book = AccountBook.load(app_paths())
    names = []
    for i in range(2):
        user = dovecot.add_user()
        for n in range(3):
            user.deliver(make_message(n, tag=f"cli{i}"))
        account = account_for(dovecot, user, pki, name=f"acct{i}", **policy)  # type: ignore[arg-type]
        book.add(account)
        FileKeyring().set_password("hongyan", f"{account.name}:pop3", user.password)
        names.append(account.name)
    book.save()
    return names


def test_fetch_prints_one_line_per_account_and_exits_0(
    dovecot: DovecotServer, pki: CertificateAuthorities, isolated_profile: Path
) -> None:
    _setup(dovecot, pki)
    first = hongyan("fetch")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("acct0: 3 new messages")
    assert lines[1].startswith("acct1: 3 new messages")
    again = hongyan("fetch", "acct1")
    assert again.returncode == 0
    assert again.stdout.splitlines() == ["acct1: no new messages"]


def test_dry_run_lists_downloads_and_deletions_and_changes_nothing(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    _setup(dovecot, pki)
    dry = hongyan("fetch", "--dry-run", "acct0")
    assert dry.returncode == 0, dry.stderr
    assert "would download 3, delete 0" in dry.stdout
    assert dry.stdout.count("  download ") == 3
    assert hongyan("fetch", "acct0").stdout.startswith("acct0: 3 new messages")
    book = AccountBook.load(app_paths())
    book.update(dataclasses.replace(book.get("acct0"), leave_on_server=False))
    book.save()
    dry = hongyan("fetch", "--dry-run", "acct0")
    assert "would download 0, delete 3" in dry.stdout
    assert dry.stdout.count("does not leave messages on the server") == 3
    assert "acct0: no new messages, 3 removed from the server" in hongyan("fetch", "acct0").stdout


def test_one_failing_account_gives_exit_1_and_the_other_is_fetched(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    _setup(dovecot, pki)
    FileKeyring().set_password("hongyan", "acct0:pop3", "Wrong-Pa55word")
    result = hongyan("fetch")
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert out[0].startswith("acct0: failed:") and "wrong password" in out[0]
    assert out[1].startswith("acct1: 3 new messages")
    assert "Wrong-Pa55word" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_dry_run_of_a_first_fetch_without_a_copy_on_the_server_lists_every_dele(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    """plan G62 through the command: 'delete 0' here once meant the real run deleted all."""
    _setup(dovecot, pki, leave_on_server=False)
    dry = hongyan("fetch", "--dry-run", "acct0")
    assert dry.returncode == 0, dry.stderr
    assert "would download 3, delete 3 from the server" in dry.stdout
    real = hongyan("fetch", "acct0")
    assert real.stdout.startswith("acct0: 3 new messages (1 KB), 3 removed from the server")


def test_a_message_over_the_size_limit_is_named_with_the_command_that_raises_it(
    dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    """plan G58 through the command: the message, why, and how to get it."""
    _setup(dovecot, pki)
    user = dovecot.add_user()
    user.deliver(make_message(1, tag="small"))
    user.deliver(make_message(2, size=1_600_000, tag="big"))
    book = AccountBook.load(app_paths())
    book.add(account_for(dovecot, user, pki, name="limited", max_message_mb=1))
    book.save()
    FileKeyring().set_password("hongyan", "limited:pop3", user.password)
    first = hongyan("fetch", "limited")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "limited: 1 new message (1 KB), 1 left on the server"
    assert lines[1].startswith('  left on the server: message 2, "big 2" from Sender')
    assert "larger than this account's size limit (1.0 MB)" in lines[1]
    assert lines[2].endswith("hongyan account edit limited --max-message-mb 2")
    edit = hongyan("account", "edit", "limited", "--max-message-mb", "2")
    assert edit.returncode == 0, edit.stderr
    assert AccountBook.load(app_paths()).get("limited").max_message_mb == 2
    assert hongyan("fetch", "limited").stdout.splitlines() == ["limited: 1 new message (1.5 MB)"]
