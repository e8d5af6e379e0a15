"""A store written by Hongyan 1.0 (records keyed by the account's name) fetched by this one.

1.0 kept ``pop3_seen(account, key, fetch_key, fetched_at, size, state, sha256)`` and named
files with ``fetch_key = sha256(account NUL UIDL)[:16]``; the store below is built exactly so,
from the real Dovecot's UIDLs. An upgraded user must get no duplicate, lose no record, and
have nothing deleted that was not checked first.
"""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path

import pytest

from hongyan.core.accounts import Account
from hongyan.core.pop3 import open_session
from hongyan.core.store import Store
from hongyan.core.sync import FetchOptions, fetch_account
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.fetching import account_for, make_message, secret_of, stored_messages

pytestmark = pytest.mark.integration

T0 = 1_800_000_000.0


def store_of_hongyan_1_0(store_dir: Path, account: Account, user: PopUser) -> None:
    """Every message the server holds, stored and recorded as Hongyan 1.0 did."""
    session = open_session(account.pop3.host, account.pop3.port, "ssl", _context(account))
    session.login(user.name, secret_of(user))
    uidls, sizes = session.uidl_all() or {}, session.list_all()
    messages = {}
    for item in session.retrieve(sorted(sizes.items())):
        messages[item.number] = b"".join(item.chunks)
    session.finish()
    rows = []
    with Store.open(store_dir, create=True) as store:
        with store.delivery("Inbox", account=account.name) as batch:
            for number, data in sorted(messages.items()):
                key = hashlib.sha256(f"{account.name}\0{uidls[number]}".encode()).hexdigest()[:16]
                batch.write([data], fetch_key=key)
                sha = hashlib.sha256(data).hexdigest()
                rows.append((account.name, uidls[number], key, int(T0), len(data), "full", sha))
            batch.commit()
        store.connection.execute(
            """CREATE TABLE pop3_seen (account TEXT NOT NULL, key TEXT NOT NULL,
            fetch_key TEXT NOT NULL, fetched_at INTEGER NOT NULL, size INTEGER NOT NULL,
            state TEXT NOT NULL, sha256 TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (account, key)) WITHOUT ROWID"""
        )
        store.connection.executemany("INSERT INTO pop3_seen VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def _context(account: Account) -> ssl.SSLContext:
    from hongyan.core.tls import client_context

    return client_context(account.pop3)


def test_an_upgraded_store_downloads_nothing_again_and_deletes_only_what_it_checked(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    old = [make_message(n, tag="old") for n in range(3)]
    for m in old:
        user.deliver(m)
    account = account_for(dovecot, user, pki, name="work")
    store = tmp_path / "store"
    store_of_hongyan_1_0(store, account, user)
    clock = [T0 + 3600]
    options = FetchOptions(clock=lambda: clock[0])
    with Store.open(store) as opened:
        first = fetch_account(account, opened, secret_of(user), options=options)
        assert first.ok and first.downloaded == 0, first.summary
        assert opened.connection.execute("SELECT count(*) FROM pop3_seen").fetchone() == (0,)
        assert opened.connection.execute("SELECT count(*) FROM pop3_records").fetchone() == (3,)
    new = make_message(9, tag="new")
    user.deliver(new)
    keep_none = account_for(dovecot, user, pki, name="work", leave_on_server=False)
    clock[0] += 3600
    with Store.open(store) as opened:
        switched = fetch_account(keep_none, opened, secret_of(user), options=options)
    assert switched.ok and (switched.downloaded, switched.deleted) == (1, 4), switched.summary
    assert user.message_count() == 0
    assert sorted(stored_messages(store)) == sorted([*old, new])  # none twice, none lost


def test_the_first_fetch_after_the_upgrade_deletes_no_adopted_record_unchecked(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """With "leave a copy" off from the start: 1.0's records carry no LIST size; the first
    fetch compares and records it, and only a later one deletes."""
    user = dovecot.add_user()
    old = [make_message(n, tag="kept") for n in range(2)]
    for m in old:
        user.deliver(m)
    account = account_for(dovecot, user, pki, name="work", leave_on_server=False)
    store = tmp_path / "store"
    store_of_hongyan_1_0(store, account, user)
    with Store.open(store) as opened:
        first = fetch_account(account, opened, secret_of(user))
        assert first.ok and (first.downloaded, first.deleted) == (0, 0), first.summary
        second = fetch_account(account, opened, secret_of(user))
        assert second.ok and (second.downloaded, second.deleted) == (0, 2), second.summary
    assert user.message_count() == 0
    assert sorted(stored_messages(store)) == sorted(old)
