"""Security plan C29 and group E (store faults) for fetching, against the real Dovecot."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hongyan.core.store import Store
from hongyan.core.sync import account_lock, fetch_account, fetch_accounts
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetch_child import run_child as _child
from support.fetching import account_for, make_message, message_ids, secret_of, stored_messages

pytestmark = pytest.mark.integration


def _sha_set(blobs: list[bytes]) -> list[str]:
    return sorted(hashlib.sha256(b).hexdigest() for b in blobs)


def _index_rows(store_dir: Path) -> int:
    with sqlite3.connect(store_dir / "index.sqlite") as conn:
        return int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])


# -- C29 DELE only after durable storage ----------------------------------------------------------


def test_dele_only_after_durable_storage_with_enospc_on_message_7(
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """plan C29: the store raises ENOSPC on message 7 of 20 (remove from server on)."""
    from hongyan.core.store import delivery

    user = dovecot.add_user()
    messages = [make_message(n) for n in range(1, 21)]
    for m in messages:
        user.deliver(m)
    account = account_for(dovecot, user, pki, leave_on_server=False)
    real_write_tmp = delivery.write_tmp
    calls = {"n": 0}

    def failing_write_tmp(root: Path, folder: str, chunks: Any) -> Any:
        calls["n"] += 1
        if calls["n"] != 7:
            return real_write_tmp(root, folder, chunks)

        def full() -> Iterator[bytes]:
            yield next(iter(chunks))
            raise OSError(errno.ENOSPC, "No space left on device")

        return real_write_tmp(root, folder, full())

    monkeypatch.setattr(delivery, "write_tmp", failing_write_tmp)
    store_dir = tmp_path / "store"
    with Store.open(store_dir, create=True) as store:
        first = fetch_account(account, store, secret_of(user))
        assert not first.ok and "full" in str(first.error)
        assert store.count("Inbox") == 6
    assert len(stored_messages(store_dir)) == 6
    assert os.listdir(store_dir / "tmp") == []
    assert user.message_count() == 20  # no DELE took effect
    monkeypatch.setattr(delivery, "write_tmp", real_write_tmp)
    with Store.open(store_dir) as store:
        second = fetch_account(account, store, secret_of(user))
    assert second.ok and (second.downloaded, second.deleted) == (14, 20)
    assert _sha_set(stored_messages(store_dir)) == _sha_set(messages)
    assert user.message_count() == 0


# -- E39 kill -9 at random moments ----------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_and_duplicates_nothing(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan E39: SIGKILL at 20 seeded random moments of a 300-message fetch with "remove
    from server" on, then a run to completion: 0 lost, 0 duplicated."""
    user = dovecot.add_user()
    messages = [make_message(n, size=1500 + 37 * n) for n in range(300)]
    for m in messages:
        user.deliver(m)
    store = tmp_path / "store"
    rng = random.Random(39)
    kills = 0
    for _ in range(20):
        remaining = user.message_count()
        kill_at = rng.randint(1, 6 * remaining + 20)
        run = _child(
            dovecot, user, pki, store, leave_on_server=False, kill_at=kill_at, batch_messages=16
        )
        assert run.returncode in (0, -9), run.stdout + run.stderr
        kills += run.returncode == -9
    final = _child(dovecot, user, pki, store, leave_on_server=False)
    assert final.returncode == 0, final.stdout + final.stderr
    assert kills >= 15
    stored = stored_messages(store)
    assert len(stored) == 300  # none duplicated
    assert _sha_set(stored) == _sha_set(messages)  # none lost, none truncated
    assert user.message_count() == 0  # deleted only what exists locally (all of it, now)
    assert _index_rows(store) == 300
    assert os.listdir(store / "tmp") == []


# -- E42 disk full --


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)


def test_disk_full_on_tmpfs_then_space_freed(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmpfs: Path
) -> None:
    """plan E42: a 2 MB tmpfs holding store and index; 5 MB of mail on the server."""
    user = dovecot.add_user()
    messages = [make_message(n, size=500_000) for n in range(10)]
    for m in messages:
        user.deliver(m)
    account = account_for(dovecot, user, pki, leave_on_server=False)
    store_dir = tmpfs / "store"
    with Store.open(store_dir, create=True) as store:
        result = fetch_account(account, store, secret_of(user))
    assert not result.ok and "full" in str(result.error)
    assert user.message_count() == 10  # nothing deleted
    assert os.listdir(store_dir / "tmp") == []
    kept = len(stored_messages(store_dir))
    _remount(tmpfs, "size=64m")
    with Store.open(store_dir) as store:  # the index still opens
        assert store.count("Inbox") == kept
        again = fetch_account(account, store, secret_of(user))
    assert again.ok and again.downloaded == 10 - kept
    assert _sha_set(stored_messages(store_dir)) == _sha_set(messages)
    assert user.message_count() == 0


def test_file_size_limit_gives_a_clean_error_and_loses_nothing(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan E42, RLIMIT_FSIZE variant (EFBIG, not ENOSPC): a child with a 64 KiB file limit."""
    user = dovecot.add_user()
    small, big = make_message(1), make_message(2, size=200_000)
    user.deliver(small)
    user.deliver(big)
    store = tmp_path / "store"
    Store.open(store, create=True).close()
    run = _child(dovecot, user, pki, store, leave_on_server=False, fsize_limit=2_000_000)
    assert run.returncode == 0, run.stdout + run.stderr  # the index fits: control
    user.deliver(make_message(3, size=300_000))
    run = _child(dovecot, user, pki, store, leave_on_server=False, fsize_limit=100_000)
    assert run.returncode == 3 and "full" in run.stdout and "Traceback" not in run.stderr
    assert user.message_count() == 1  # the one that did not fit stays on the server
    assert len(stored_messages(store)) == 2


# -- E43 read-only store ------------------------------------------------------------------------


def test_read_only_store_refuses_to_fetch(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmpfs: Path, isolated_profile: Path
) -> None:
    """plan E43: tmpfs remounted read-only (chmod does not stop root). ``hongyan fetch`` opens
    the store as every fetch does (Store.open): a clear refusal, no traceback, no DELE."""
    from hongyan.core.accounts import AccountBook
    from hongyan.core.paths import app_paths
    from hongyan.core.settings import Settings
    from support.cli import hongyan
    from support.test_keyring import FileKeyring

    user = dovecot.add_user()
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki, name="ro", leave_on_server=False)
    book = AccountBook.load(app_paths())
    book.add(account)
    book.save()
    FileKeyring().set_password("hongyan", "ro:pop3", user.password)
    store_dir = tmpfs / "store"
    settings = Settings.load(app_paths())
    settings.set("store_path", str(store_dir))
    settings.save()
    Store.open(store_dir, create=True).close()
    _remount(tmpfs, "ro")
    try:
        run = hongyan("fetch")
    finally:
        _remount(tmpfs, "rw")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "read-only" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert user.message_count() == 1


# -- E45 two fetches of one account at once --


def test_second_process_is_refused_while_the_account_is_locked(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan E45: another process holds the mailbox's lock: no RETR, no DELE here."""
    from hongyan.core.syncstate import mailbox_of

    user = dovecot.add_user()
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki, leave_on_server=False)
    store_dir = tmp_path / "store"
    Store.open(store_dir, create=True).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from hongyan.core.sync import "
            "account_lock\nwith account_lock(Path(sys.argv[1]), sys.argv[2]) as ok:\n"
            "    print(ok, flush=True); time.sleep(30)",
            str(store_dir),
            mailbox_of(account),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        result = fetch_account(account, store_dir, secret_of(user))
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert result.ok and result.downloaded == 0
    assert any("another Hongyan" in w for w in result.warnings)
    assert user.message_count() == 1


def test_two_workers_for_one_account_never_double_fetch(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan E45: two threads fetch the same account; each message arrives once."""
    user = dovecot.add_user()
    for n in range(50):
        user.deliver(make_message(n))
    account = account_for(dovecot, user, pki)
    store_dir = tmp_path / "store"
    Store.open(store_dir, create=True).close()
    results = fetch_accounts([account, account], store_dir, {account.name: secret_of(user)})
    assert sum(r.downloaded for r in results) == 50
    assert all(r.ok for r in results)
    assert len(message_ids(store_dir)) == 50
    with (
        account_lock(store_dir, "mailbox") as first,
        account_lock(store_dir, "mailbox") as second,
    ):
        assert (first, second) == (True, False)


# -- E46 fsync order --


def test_fsync_order_write_fsync_rename_fsync_dir_commit_then_dele(
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """plan E46: tmp/X written → fsync(tmp/X) → rename to new/X → fsync(new/) → index
    commit → only then DELE."""
    from hongyan.core import pop3, syncstate

    user = dovecot.add_user()
    user.deliver(make_message(1))
    account = account_for(dovecot, user, pki, leave_on_server=False)
    events: list[tuple[str, str]] = []
    real_fsync, real_rename = os.fsync, os.rename
    real_record, real_delete = syncstate.record, pop3.Pop3Session.delete

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def rename(src: Any, dst: Any) -> None:
        events.append(("rename", f"{src} -> {dst}"))
        real_rename(src, dst)

    def record(conn: Any, name: str, rows: Any) -> None:
        events.append(("commit", name))
        real_record(conn, name, rows)

    def delete(self: Any, number: int) -> None:
        events.append(("DELE", str(number)))
        real_delete(self, number)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(syncstate, "record", record)
    monkeypatch.setattr(pop3.Pop3Session, "delete", delete)
    store_dir = tmp_path / "store"
    with Store.open(store_dir, create=True) as store:
        events.clear()
        assert fetch_account(account, store, secret_of(user)).deleted == 1
    relevant = [e for e in events if e[0] != "fsync" or "/store/" in e[1] or e[1].endswith("/new")]
    kinds = [k for k, _ in relevant]
    tmp_sync = next(i for i, (k, p) in enumerate(relevant) if k == "fsync" and "/tmp/" in p)
    move = kinds.index("rename")
    dir_sync = next(i for i, (k, p) in enumerate(relevant) if k == "fsync" and p.endswith("/new"))
    assert "/tmp/" in relevant[move][1] and "/new/" in relevant[move][1]
    assert tmp_sync < move < dir_sync < kinds.index("commit") < kinds.index("DELE")
