"""Fetching from a real Dovecot into a real store: the acceptance list of issue 5 (POP3 side)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hongyan.core.pop3 import AuthenticationFailed
from hongyan.core.sync import FetchOptions, Progress, fetch_account, fetch_accounts
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import account_for, make_message, message_ids, open_store, secret_of

pytestmark = pytest.mark.integration


def test_pop3s_fetch_then_a_second_fetch_downloads_nothing(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    for n in range(5):
        user.deliver(make_message(n))
    account = account_for(dovecot, user, pki)
    with open_store(tmp_path) as store:
        seen: list[Progress] = []
        first = fetch_account(account, store, secret_of(user), progress=seen.append)
        second = fetch_account(account, store, secret_of(user))
        assert store.count("Inbox") == 5
    assert (first.ok, first.downloaded, first.deleted) == (True, 5, 0)
    assert (second.ok, second.downloaded, second.on_server) == (True, 0, 5)
    assert seen[-1].messages_done == seen[-1].messages_total == 5
    assert user.message_count() == 5  # leave on server is the default
    assert message_ids(tmp_path / "store") == sorted(f"<m-{n}@example.test>" for n in range(5))


def test_stls_fetch(dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path) -> None:
    user = dovecot.add_user()
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki, security="starttls")
    with open_store(tmp_path) as store:
        result = fetch_account(account, store, secret_of(user))
    assert result.ok and result.downloaded == 1, result.summary


def test_wrong_password_is_a_clear_error_and_changes_nothing(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    from hongyan.core.secrets import Secret

    user = dovecot.add_user()
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki)
    with open_store(tmp_path) as store:
        result = fetch_account(account, store, Secret("Wrong-Pa55word"))
        assert store.count("Inbox") == 0
    assert not result.ok and isinstance(result.error, AuthenticationFailed)
    assert "wrong password" in result.summary
    assert user.message_count() == 1


def test_no_leave_on_server_deletes_after_storing(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    for n in range(3):
        user.deliver(make_message(n))
    account = account_for(dovecot, user, pki, leave_on_server=False)
    options = FetchOptions(log_dir=tmp_path / "logs")
    with open_store(tmp_path) as store:
        result = fetch_account(account, store, secret_of(user), options=options)
        assert store.count("Inbox") == 3
    assert (result.downloaded, result.deleted) == (3, 3)
    assert user.message_count() == 0
    log_text = next((tmp_path / "logs").iterdir()).read_text()
    assert log_text.count(" DELE ") == 3


def test_remove_after_n_days_with_a_controllable_clock(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki, delete_after_days=7)
    now = [1_800_000_000.0]
    options = FetchOptions(clock=lambda: now[0])
    with open_store(tmp_path) as store:
        assert fetch_account(account, store, secret_of(user), options=options).downloaded == 1
        now[0] += 6 * 86_400
        assert fetch_account(account, store, secret_of(user), options=options).deleted == 0
        assert user.message_count() == 1
        now[0] += 1 * 86_400
        assert fetch_account(account, store, secret_of(user), options=options).deleted == 1
        assert store.count("Inbox") == 1
    assert user.message_count() == 0


def test_remove_when_deleted_from_trash(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    user.deliver(make_message(1))
    user.deliver(make_message(2))
    account = account_for(dovecot, user, pki, delete_when_trashed=True)
    with open_store(tmp_path) as store:
        fetch_account(account, store, secret_of(user))
        first = store.list("Inbox", limit=10)[0].id
        store.delete([first])  # to Trash: still kept on the server
        assert fetch_account(account, store, secret_of(user)).deleted == 0
        store.delete([first])  # deleted from Trash for good
        result = fetch_account(account, store, secret_of(user))
    assert result.deleted == 1
    assert user.message_count() == 1


def test_headers_only_then_full_download_on_demand(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    from hongyan.core.sync import download_full

    user = dovecot.add_user()
    big = make_message(1, size=300_000)
    user.deliver(big)
    user.deliver(make_message(2))
    account = account_for(dovecot, user, pki, headers_only_over_kb=100)
    with open_store(tmp_path) as store:
        result = fetch_account(account, store, secret_of(user))
        assert (result.downloaded, result.headers_only) == (1, 1)
        partial = next(
            r for r in store.list("Inbox", limit=10) if r.size < 10_000 and "1" in r.subject
        )
        assert b"X-Hongyan-Partial" in store.read_bytes(partial.id)
        full_id = download_full(account, store, secret_of(user), partial.id)
        assert store.read_bytes(full_id) == big
        assert store.count("Inbox") == 2
        assert fetch_account(account, store, secret_of(user)).downloaded == 0
        assert store.count("Inbox") == 2


def test_two_accounts_at_once(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    users = [dovecot.add_user(), dovecot.add_user()]
    for i, user in enumerate(users):
        for n in range(20):
            user.deliver(make_message(n, tag=f"acct{i}"))
    accounts = [account_for(dovecot, u, pki) for u in users]
    passwords = {a.name: secret_of(u) for a, u in zip(accounts, users, strict=True)}
    with open_store(tmp_path) as store:
        results = fetch_accounts(accounts, store, passwords, cancel=threading.Event())
        assert store.count("Inbox") == 40
    assert [r.downloaded for r in results] == [20, 20]
    assert all(r.ok for r in results)


def test_lost_state_is_rebuilt_without_downloading_again(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """A store restored from an old backup (records gone: healed by the fetch keys in the
    file names), and the account re-added under another name (the records are the
    mailbox's, plan G56): nothing is downloaded twice."""
    user = dovecot.add_user()
    for n in range(4):
        user.deliver(make_message(n))
    account = account_for(dovecot, user, pki, name="original")
    with open_store(tmp_path) as store:
        assert fetch_account(account, store, secret_of(user)).downloaded == 4
        store.connection.execute("DELETE FROM pop3_records")
        restored = fetch_account(account, store, secret_of(user))
        assert (restored.downloaded, store.count("Inbox")) == (0, 4)
        readded = account_for(dovecot, user, pki, name="re-added")
        again = fetch_account(readded, store, secret_of(user))
        assert (again.downloaded, store.count("Inbox")) == (0, 4)
        user.deliver(make_message(9))
        assert fetch_account(readded, store, secret_of(user)).downloaded == 1


def test_cancel_keeps_what_is_done_and_deletes_nothing(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    for n in range(30):
        user.deliver(make_message(n))
    account = account_for(dovecot, user, pki, leave_on_server=False)
    cancel = threading.Event()

    def stop_after_ten(progress: Progress) -> None:
        if progress.messages_done >= 10:
            cancel.set()

    options = FetchOptions(batch_messages=4)
    with open_store(tmp_path) as store:
        result = fetch_account(
            account, store, secret_of(user), progress=stop_after_ten, cancel=cancel, options=options
        )
        assert result.cancelled and result.ok and result.deleted == 0
        assert store.count("Inbox") == result.downloaded >= 10
        assert user.message_count() == 30
        rest = fetch_account(account, store, secret_of(user))
        assert rest.downloaded == 30 - result.downloaded and store.count("Inbox") == 30
    assert user.message_count() == 0


def test_no_password_anywhere_after_a_debug_logged_fetch(
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
    isolated_profile: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """plan B10 (fetch side, real Dovecot): DEBUG on; the canary in none of its encodings in
    the log, the store, the index or the profile."""
    import base64
    import logging

    from hongyan.core.secrets import Secret

    canary = "Hy-CANARY-9d1f\u00e9"
    caplog.set_level(logging.DEBUG)
    user = dovecot.add_user(password=canary)
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki, leave_on_server=False)
    options = FetchOptions(log_dir=isolated_profile / "logs")
    with open_store(tmp_path) as store:
        result = fetch_account(account, store, Secret(canary), options=options)
    assert result.ok and result.downloaded == 1 and result.deleted == 1
    plain = b"\0" + user.name.encode() + b"\0" + canary.encode()
    forms = [canary.encode(), canary.encode().hex().encode(), base64.b64encode(canary.encode())]
    forms.append(base64.b64encode(plain))
    assert not any(f.decode() in caplog.text for f in forms)
    for root in (tmp_path / "store", isolated_profile):
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(f in data for f in forms), path
