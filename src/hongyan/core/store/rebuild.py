"""Rebuild the index beside the one in use, then swap it in: a rebuild that can be stopped.

Emptying the index and filling it again (the first way) left a window of minutes in which
the list, the counts and search lacked mail, and no way to stop half-way. Instead the new
index is built in ``index.sqlite.rebuild`` (same schema, filled by the same reconcile path)
while every reader and writer keeps using ``index.sqlite``. Only when it is complete is it
swapped in:

1. The old index is taken for this process alone: ``PRAGMA locking_mode = EXCLUSIVE`` then
   ``journal_mode = DELETE``, which SQLite allows only when no other connection (another
   window, a fetch, a command) has the file open. Anyone who opens it from then on waits.
2. Under that lock: the tables that are not a cache (sync's ``pop3_seen``, the Outbox state)
   are copied into the new index, and the new index is reconciled with the files once more,
   so mail delivered during the rebuild is in it.
3. The old index is marked retired (a table ``index_retired``), the new file is made durable
   and renamed over the old one, and the directory fsynced.
4. The old connection is closed. A process that opened the old file meanwhile reads the mark
   first (:func:`hongyan.core.store.index.connect`) and opens the path again, getting the new
   index; it never writes into the retired file or shares its WAL.

Cancel (a callable asked between batches), an error or a kill -9 at any point before the
rename leaves the old index as it was; the partial file is removed (by the next open after a
kill). A kill after the retire mark but before the rename is recognised by the next open (the
mark is found on the file the path names) and the mark is dropped.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from hongyan.core.atomic import fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store import index as idx
from hongyan.core.store.reconcile import reconcile
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

REBUILD_NAME = idx.INDEX_NAME + ".rebuild"
SIDE_FILES = ("-wal", "-shm", "-journal")
CACHE_TABLES = ("messages", "messages_fts", "fts_pending")
SWAP_WAIT_SECONDS = 10.0  # how long the swap waits for other connections to close

Cancel = Callable[[], bool]


class RebuildCancelledError(HongyanError):
    """The rebuild was stopped; the old index is still the one in use."""

    def __init__(self) -> None:
        super().__init__(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The index rebuild was cancelled; the old index is still in use."
                )
            )
        )


def rebuild_path(root: Path) -> Path:
    return root / REBUILD_NAME


def remove_partial(root: Path) -> bool:
    """Remove a partial rebuild (and its WAL) unless another process is still building it.

    Returns True when nothing is left. A rebuild holds its file open, which keeps the lock
    below from being taken; a file left by a killed process is free and goes.
    """
    path = rebuild_path(root)
    if not path.exists():
        for suffix in SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.with_name(path.name + suffix))
        return True
    try:
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("PRAGMA locking_mode = EXCLUSIVE")
            probe.execute("BEGIN EXCLUSIVE")
            probe.execute("ROLLBACK")
        finally:
            probe.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return False  # a rebuild in another process is using it
    except sqlite3.DatabaseError:
        pass  # a damaged partial file: remove it all the same
    for name in (path.name, *(path.name + s for s in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path.with_name(name))
    return True


def build(
    root: Path, progress: idx.ProgressCallback | None = None, cancel: Cancel | None = None
) -> int:
    """Fill a new index beside the old one from the files alone; return its message count.

    Raises:
        RebuildCancelledError: ``cancel()`` said so between two batches (the partial file
            is removed).
        HongyanError: another process is rebuilding this store's index already.
    """
    if not remove_partial(root):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "The index of this mail store is already being rebuilt.")
            )
        )
    conn = idx.connect(rebuild_path(root))
    try:
        with contextlib.suppress(sqlite3.DatabaseError):
            conn.execute("PRAGMA synchronous = OFF")  # made durable once, before the swap
        report = reconcile(root, conn, progress, cancel)
        if cancel is not None and cancel():
            raise RebuildCancelledError()
        conn.close()
        _fsync_file(rebuild_path(root))  # the long flush before the swap, not under its lock
    except BaseException:
        conn.close()
        remove_partial(root)
        raise
    return report.added


def swap(root: Path, *, wait: float | None = None) -> int:
    """Put the built index in place of the old one (steps 1-4 of the module docstring).

    The caller must have closed its own connections to the old index. Returns the number of
    messages in the new index.

    Raises:
        HongyanError: another program kept the store open (the rebuilt file is removed and
            the old index stays in use), or the files could not be renamed.
    """
    path = root / idx.INDEX_NAME
    fresh_path = rebuild_path(root)
    if not fresh_path.is_file():
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The rebuilt index is gone (another program removed it); the old index is "
                    "still in use. Rebuild again.",
                )
            )
        )
    try:
        old = _take_alone(path, SWAP_WAIT_SECONDS if wait is None else wait)
    except BaseException:
        remove_partial(root)
        raise
    try:
        fresh = idx.connect(fresh_path)
        try:
            _copy_kept_tables(old, fresh)
            reconcile(root, fresh)  # mail delivered during the rebuild
            count = int(fresh.execute("SELECT count(*) FROM messages").fetchone()[0])
        finally:
            fresh.close()  # checkpoints: the WAL is folded in and removed
        _fsync_file(fresh_path)
        with idx.write_transaction(old):
            old.execute(f"CREATE TABLE IF NOT EXISTS {idx.RETIRED_TABLE} (at INTEGER)")
            old.execute(f"INSERT INTO {idx.RETIRED_TABLE} VALUES (?)", (int(time.time()),))
        for suffix in SIDE_FILES:  # the old file's journal must not sit beside the new one
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.with_name(path.name + suffix))
        os.replace(fresh_path, path)
        fsync_dir(root)
    except BaseException:
        old.close()
        remove_partial(root)
        raise
    old.close()
    idx.record_clean_close(root)  # built and closed cleanly: the next open skips quick_check
    return count


def _take_alone(path: Path, wait: float) -> sqlite3.Connection:
    """Open the old index for this process alone (no other connection may exist)."""
    conn = idx.connect(path)
    deadline = time.monotonic() + wait
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            except sqlite3.OperationalError:
                mode = "wal"
            if str(mode).lower() == "delete":
                conn.execute("BEGIN EXCLUSIVE")  # held until close (exclusive locking mode)
                conn.execute("COMMIT")
                return conn
            if time.monotonic() > deadline:
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "Another Hongyan window or command is using the mail store, so the "
                            "rebuilt index could not be put in place. Close it and rebuild "
                            "again; the old index is still in use.",
                        )
                    )
                )
            time.sleep(0.1)
    except BaseException:
        conn.close()
        raise


def _copy_kept_tables(old: sqlite3.Connection, fresh: sqlite3.Connection) -> None:
    """Copy every table that is not a cache (with its indexes) from the old index."""
    schema = old.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND type IN ('table', 'index') ORDER BY type DESC"
    ).fetchall()
    kept = [
        str(name)
        for kind, name, _, _ in schema
        if kind == "table" and not _is_cache(str(name)) and name != idx.RETIRED_TABLE
    ]
    with idx.write_transaction(fresh):
        for _kind, name, table, sql in schema:
            if (
                str(table) in kept
                and not fresh.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = ?", (name,)
                ).fetchone()
            ):
                fresh.execute(str(sql))
        for table in kept:
            rows = old.execute(f'SELECT * FROM "{table}"')
            width = len(rows.description)
            marks = ",".join("?" * width)
            fresh.executemany(f'INSERT OR REPLACE INTO "{table}" VALUES ({marks})', rows)


def _is_cache(name: str) -> bool:
    return name.startswith("sqlite_") or any(
        name == t or name.startswith(t + "_") for t in CACHE_TABLES
    )


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
