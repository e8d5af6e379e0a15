"""The Maildir is the truth: a missing, stale or corrupt index is repaired at open (plan E44)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.index import SCHEMA_VERSION
from support.mail import message, with_attachment

QUERIES = ("报价", "invoice", "from:alice", "subject:weekly", "has:attachment", "注意")


def fill(store: Store, n: int = 30) -> None:
    store.add("Inbox", with_attachment(subject="Quarterly figures"))
    for i in range(n - 1):
        subject = ["关于报价单的确认", "Weekly invoice", "注意事项"][i % 3] + f" {i}"
        ids = store.add("Inbox", message(subject=subject, body=f"body {i} invoice 报价"))
        if i % 4 == 0:
            store.set_flags([ids], add="S")


def results(store: Store) -> dict[str, list[str]]:
    """Search results by message file name (ids are a cache and change on rebuild)."""
    out = {}
    for query in QUERIES:
        out[query] = sorted(
            store.path(row.id).name.split(":")[0] for row in store.search(query, limit=1000)
        )
    return out


def snapshot(store_dir: Path) -> tuple[dict[str, list[str]], list[tuple[str, int, str]]]:
    with Store.open(store_dir) as store:
        rows = [(r.subject, r.date, r.flags) for r in store.list("Inbox")]
        return results(store), sorted(rows)


@pytest.fixture
def filled(store_dir: Path) -> Path:
    with Store.open(store_dir, create=True) as store:
        fill(store)
    return store_dir


def test_a_deleted_index_is_rebuilt_and_searches_give_the_same_results(filled: Path) -> None:
    before = snapshot(filled)
    (filled / "index.sqlite").unlink()
    progress: list[tuple[int, int]] = []
    with Store.open(filled, progress=lambda d, t: progress.append((d, t))) as store:
        assert store.count("Inbox") == 30
    assert progress[0] == (0, 30) and progress[-1] == (30, 30)
    assert snapshot(filled) == before
    assert all(v for v in before[0].values())  # every query found something


@pytest.mark.parametrize("damage", ["random-bytes", "truncated", "zero-length", "wal-deleted"])
def test_a_corrupt_index_is_moved_aside_and_rebuilt(filled: Path, damage: str) -> None:
    """plan E44: (a) 4 KiB of random bytes, (b) truncated, (c) hot WAL deleted, (d) empty."""
    before = snapshot(filled)
    index = filled / "index.sqlite"
    original = index.read_bytes()
    if damage == "random-bytes":
        with open(index, "r+b") as handle:
            handle.seek(len(original) // 2)
            handle.write(random.Random(44).randbytes(4096))
    elif damage == "truncated":
        os.truncate(index, len(original) // 2)
    elif damage == "zero-length":
        index.write_bytes(b"")
    else:  # a process killed with a hot WAL; then someone deletes the WAL
        code = (
            "import os, sqlite3, sys\n"
            "conn = sqlite3.connect(sys.argv[1])\n"
            "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "conn.execute(\"UPDATE messages SET subject = subject || ' (lost)'\")\n"
            "conn.commit()\n"
            "os._exit(0)\n"  # no close, no checkpoint: the WAL stays hot
        )
        subprocess.run([sys.executable, "-c", code, str(index)], check=True, timeout=60)
        wal = index.with_name("index.sqlite-wal")
        assert wal.stat().st_size > 0
        wal.unlink()
    with Store.open(filled) as store:
        assert store.count("Inbox") == 30
        integrity = store.connection.execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)]
        if damage in ("random-bytes", "truncated"):
            assert store.damaged_index is not None
            assert store.damaged_index.exists()  # moved aside, never deleted
            assert store.damaged_index.name.startswith("index.sqlite.corrupt-")
    assert snapshot(filled) == before


def test_files_added_and_removed_by_another_tool_are_picked_up(filled: Path) -> None:
    """A stale index: mutt delivered one message, a file manager deleted another."""
    victim = sorted((filled / "new").iterdir())[0]
    victim.unlink()
    new_file = filled / "new" / "1700000000.M1P1Q1.othertool"
    new_file.write_bytes(message(subject="from another tool"))
    with Store.open(filled) as store:
        subjects = [row.subject for row in store.list("Inbox")]
    assert "from another tool" in subjects
    assert len(subjects) == 30


def test_flags_changed_by_another_tool_are_read_from_the_file_name(filled: Path) -> None:
    unread = next((filled / "new").iterdir())
    unread.rename(filled / "cur" / (unread.name + ":2,FS"))
    with Store.open(filled) as store:
        flagged = [row for row in store.list("Inbox") if "F" in row.flags]
    assert len(flagged) == 1 and flagged[0].flags == "FS"


def test_reindex_keeps_tables_that_are_not_a_cache(filled: Path) -> None:
    with Store.open(filled) as store:
        conn = store.connection
        conn.execute("CREATE TABLE IF NOT EXISTS pop3_seen (account TEXT, uidl TEXT)")
        conn.execute("INSERT INTO pop3_seen VALUES ('work', 'UID1')")
        assert store.reindex() == 30
        rows = store.connection.execute("SELECT uidl FROM pop3_seen").fetchall()
        assert rows == [("UID1",)]
        assert store.count("Inbox") == 30


def test_schema_version_is_recorded_and_a_newer_one_is_refused(filled: Path) -> None:
    conn = sqlite3.connect(filled / "index.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(Exception, match="newer Hongyan"):
        Store.open(filled)
