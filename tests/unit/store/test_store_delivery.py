"""Batched delivery for fetch: durable files first, then index rows with sync's own records."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from hongyan.core.store import Store, StoreWriteError
from hongyan.core.store.maildir import scan_folder
from support.mail import message

KEY = "00112233445566ff"


def test_commit_indexes_the_batch_and_runs_on_commit_in_the_same_transaction(
    store: Store,
) -> None:
    store.connection.execute("CREATE TABLE IF NOT EXISTS seen (uidl TEXT)")

    def record(conn: sqlite3.Connection) -> None:
        assert conn.in_transaction
        conn.execute("INSERT INTO seen VALUES ('U1'), ('U2')")

    with store.delivery("Inbox", account="work") as batch:
        batch.write([message(subject="one")[:20], message(subject="one")[20:]], fetch_key=KEY)
        batch.write([message(subject="two")], flags="S")
        ids = batch.commit(on_commit=record)
    rows = [store.get(i) for i in ids]
    assert [r.subject for r in rows] == ["one", "two"]
    assert rows[0].fetch_key == KEY and rows[0].account == "work"
    assert f",K={KEY}" in store.path(ids[0]).name
    assert store.path(ids[1]).parent.name == "cur"
    assert store.connection.execute("SELECT count(*) FROM seen").fetchone()[0] == 2
    assert not any((store.root / "tmp").iterdir())


def test_a_failing_on_commit_keeps_the_files_and_the_next_open_indexes_them(
    store_dir: Path,
) -> None:
    """Never lose a message: the files are durable before the transaction even starts."""

    def fail(conn: sqlite3.Connection) -> None:
        raise RuntimeError("sync crashed")

    with Store.open(store_dir, create=True) as store:
        with pytest.raises(RuntimeError), store.delivery("Inbox", account="a") as batch:
            batch.write([message(subject="kept")], fetch_key=KEY)
            batch.commit(on_commit=fail)
        assert store.count("Inbox") == 0
    with Store.open(store_dir) as store:
        (row,) = store.list("Inbox")
    assert (row.subject, row.fetch_key, row.account) == ("kept", KEY, "a")


def test_leaving_without_commit_removes_the_pending_tmp_files(store: Store) -> None:
    with store.delivery("Inbox") as batch:
        batch.write([message()])
        assert any((store.root / "tmp").iterdir())
    assert not any((store.root / "tmp").iterdir())
    assert list(scan_folder(store.root, "Inbox")) == []


def test_delivery_order_is_write_fsync_rename_fsync_dir_then_index(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan E46: tmp/X written → fsync(tmp/X) → rename to new/X → fsync(new/) → index commit."""
    events: list[str] = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        events.append(f"fsync {Path(target).parent.name}/{'' if os.path.isdir(target) else 'X'}")
        real_fsync(fd)

    def rename(src: str | Path, dst: str | Path) -> None:
        events.append(f"rename {Path(src).parent.name}/X -> {Path(dst).parent.name}/X")
        real_rename(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    store.connection.set_trace_callback(lambda sql: events.append(sql.split()[0]))
    with store.delivery("Inbox") as batch:
        batch.write([message()])
        events.append("write done")
        batch.commit()
    store.connection.set_trace_callback(None)
    relevant = [e for e in events if e in ("write done", "BEGIN", "COMMIT") or " " in e]
    assert relevant[:6] == [
        "write done",
        "fsync tmp/X",
        "rename tmp/X -> new/X",
        "fsync Mail/",
        "BEGIN",
        "COMMIT",
    ]


def test_disk_full_while_writing_leaves_nothing_behind(small_tmpfs: Path) -> None:
    """plan E42 (store side): ENOSPC becomes 'disk full', no partial file, the index still opens."""
    with Store.open(small_tmpfs / "Mail", create=True) as store:
        with pytest.raises(StoreWriteError, match="full"):
            store.add("Inbox", b"From: a\n\n" + b"x" * (3 << 20))
        assert not any((store.root / "tmp").iterdir())
        assert store.count("Inbox") == 0
    with Store.open(small_tmpfs / "Mail") as store:
        store.add("Inbox", message(subject="after the disk was freed"))
        assert [r.subject for r in store.list("Inbox")] == ["after the disk was freed"]


def test_file_too_large_is_reported_as_disk_full(tmp_path: Path) -> None:
    """plan E42 variant: RLIMIT_FSIZE gives EFBIG, which must be handled like ENOSPC."""
    import subprocess
    import sys

    code = (
        "import resource, sys\n"
        "from hongyan.core.store import Store\n"
        "from hongyan.core.errors import HongyanError\n"
        f"s = Store.open({str(tmp_path / 'M')!r}, create=True)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))\n"
        "try:\n"
        "    s.add('Inbox', b'From: a\\n\\n' + b'x' * 200000)\n"
        "except HongyanError as e:\n"
        "    print(e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "is full" in result.stdout, result.stderr
    assert not any((tmp_path / "M" / "tmp").iterdir())
