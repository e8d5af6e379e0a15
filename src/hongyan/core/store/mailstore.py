"""The :class:`Store`: one directory of Maildir folders plus its SQLite index.

Callers hold message ids (index row ids) and ask the store for paths, bytes and changes; the
index keeps paths relative to the store root, so a moved store just works (Thunderbird's
``storeToken`` idea). Every change touches the file first and the index second, and the index is
reconciled with the files at every open, so a kill between the two never loses anything.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from hongyan.core.errors import HongyanError
from hongyan.core.store import index as idx
from hongyan.core.store import pending, rebuild
from hongyan.core.store.delivery import DeliveryBatch
from hongyan.core.store.folders import FolderMixin, repair_folders
from hongyan.core.store.maildir import (
    STANDARD_FOLDERS,
    clean_stale_tmp,
    is_maildir,
    list_folders,
    make_folder,
    read_message_file,
    validate_folder,
)
from hongyan.core.store.reconcile import reconcile
from hongyan.core.store.records import ROW_COLUMNS, FolderInfo, MessageRow
from hongyan.core.store.search import compile_query
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.store.workers import Workers

INDEX_NAME = idx.INDEX_NAME


def is_store(path: Path) -> bool:
    """True when ``path`` already holds a mail store (Maildir folders or a Hongyan index)."""
    return is_maildir(path) or (path / INDEX_NAME).exists()


class Store(FolderMixin):
    """An open mail store. Create with :meth:`open`; close it (or use ``with``)."""

    def __init__(
        self, root: Path, conn: sqlite3.Connection, damaged_index: Path | None = None
    ) -> None:
        self.root = root
        self._conn = conn
        self.damaged_index = damaged_index
        """Where a damaged index was moved at open (it was rebuilt), else None."""

    # -- opening and closing -------------------------------------------------------------
    @classmethod
    def open(
        cls, path: Path | str, *, create: bool = False, progress: idx.ProgressCallback | None = None
    ) -> Store:
        """Open the store at ``path``, repairing a missing, stale or corrupt index.

        Args:
            create: make a new store if ``path`` does not exist or is an empty folder.
            progress: ``progress(done, total)`` while messages are being indexed.

        Raises:
            HongyanError: no store at ``path`` (and ``create`` is false), or it cannot be used.
        """
        root = Path(path).expanduser().absolute()
        _prepare_root(root, create=create)
        repair_folders(root)  # old UTF-8 names; a folder rename or deletion a kill cut short
        clean_stale_tmp(root, list_folders(root))
        with contextlib.suppress(OSError):
            rebuild.remove_partial(root)  # left by a rebuild that was killed
        from hongyan.core.store.relocate import remove_abandoned_staging  # (imports this)

        remove_abandoned_staging(root)  # left by a store move that was killed
        conn, damaged = _open_index(root)
        store = cls(root, conn, damaged)
        try:
            idx.forget_clean_close(root)
            reconcile(root, conn, progress)
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def over(cls, root: Path, conn: sqlite3.Connection) -> Store:
        """The store at ``root`` through a connection another part owns and closes (the
        fetch's, on its own thread): nothing is reconciled, and it is never closed here."""
        return cls(root, conn)

    def close(self) -> None:
        """Close the index and note a clean close (so the next open skips the full check)."""
        self._conn.close()
        idx.record_clean_close(self.root)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The index connection, for parts that keep their own tables in it (sync's state)."""
        return self._conn

    def reindex(
        self,
        progress: idx.ProgressCallback | None = None,
        cancel: rebuild.Cancel | None = None,
    ) -> int:
        """Rebuild the message rows and full-text index from the files alone; return the count.

        The new index is built beside the one in use and swapped in when complete (see
        rebuild.py), so ``cancel()`` (asked between batches) or a kill leaves the old one.
        Other processes must have closed the store by the swap.

        Raises:
            RebuildCancelledError: cancelled; nothing changed.
        """
        rebuild.build(self.root, progress, cancel)
        self._conn.close()
        try:
            return rebuild.swap(self.root)
        finally:
            self._conn = idx.connect(self.root / INDEX_NAME)

    def pending_count(self) -> int:
        """Messages listed already whose body is not yet searchable (fetched with headers
        only; see :meth:`index_pending`)."""
        return pending.pending_count(self._conn)

    def index_pending(
        self,
        progress: idx.ProgressCallback | None = None,
        cancel: rebuild.Cancel | None = None,
    ) -> int:
        """Index for search the bodies of messages a fetch delivered (the body pass, see
        pending.py); return how many it indexed. Another process's pass is waited for.

        Raises:
            BodyPassCancelledError: ``cancel()`` said so between two batches; what was
                indexed stays, the rest is still pending.
        """
        return pending.index_pending(self.root, self._conn, progress, cancel)

    # -- adding ---------------------------------------------------------------------------
    def delivery(
        self, folder: str, *, account: str | None = None, extractor: Workers | None = None
    ) -> DeliveryBatch:
        """A batch of new messages for ``folder``, made durable and indexed together
        (extracted in ``extractor``'s worker processes while it is being written, if given)."""
        return DeliveryBatch(self.root, self._conn, folder, account, extractor=extractor)

    def add(
        self, folder: str, data: bytes | BinaryIO, *, flags: str = "", account: str | None = None
    ) -> int:
        """Add one message durably and index it; return its id."""
        with self.delivery(folder, account=account) as batch:
            batch.write(_chunks(data), flags=flags)
            return batch.commit()[0]

    # -- reading --------------------------------------------------------------------------
    def get(self, message_id: int) -> MessageRow:
        row = self._conn.execute(
            f"SELECT {ROW_COLUMNS} FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if row is None:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "There is no message {message_id} in the mail store."
                    ),
                    message_id=message_id,
                )
            )
        return MessageRow.from_sql(row)

    def read_bytes(self, message_id: int) -> bytes:
        """The message exactly as stored (also when a flag change renames it meanwhile)."""
        return read_message_file(self.path(message_id))

    def list(
        self, folder: str, *, limit: int | None = None, offset: int = 0
    ) -> builtins.list[MessageRow]:
        """Messages of ``folder``, newest first."""
        rows = self._conn.execute(
            f"SELECT {ROW_COLUMNS} FROM messages WHERE folder = ?"
            " ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
            (validate_folder(folder), -1 if limit is None else limit, offset),
        )
        return [MessageRow.from_sql(r) for r in rows]

    def count(self, folder: str) -> int:
        row = self._conn.execute(
            "SELECT count(*) FROM messages WHERE folder = ?", (validate_folder(folder),)
        ).fetchone()
        return int(row[0])

    def search(self, query: str, *, limit: int = 200) -> builtins.list[MessageRow]:
        """Messages matching ``query`` (see :mod:`hongyan.core.store.search`), newest first."""
        sql, params = compile_query(query).sql(self._conn, columns=ROW_COLUMNS, limit=limit)
        return [MessageRow.from_sql(r) for r in self._conn.execute(sql, params)]

    def folders(self) -> builtins.list[FolderInfo]:
        """Every folder with its total and unread counts, Inbox first."""
        counts = {
            str(folder): (int(total), int(unread or 0))
            for folder, total, unread in self._conn.execute(
                "SELECT folder, count(*), sum(instr(flags, 'S') = 0) FROM messages GROUP BY folder"
            )
        }
        names = list_folders(self.root)
        names += sorted(set(counts) - set(names))
        return [FolderInfo(n, *counts.get(n, (0, 0))) for n in names]

    def all_ids(self, folder: str) -> Iterator[int]:
        for (message_id,) in self._conn.execute(
            "SELECT id FROM messages WHERE folder = ? ORDER BY date, id", (validate_folder(folder),)
        ):
            yield int(message_id)


def _chunks(data: bytes | BinaryIO) -> Iterable[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
        return
    while chunk := data.read(1 << 20):
        yield chunk


def _prepare_root(root: Path, *, create: bool) -> None:
    """Check that ``root`` is a store (or make one when asked); make the standard folders."""
    if not root.exists():
        if not create:
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "There is no mail store at {root}."), root=root)
            )
        root.mkdir(parents=True, mode=0o700)
    elif not root.is_dir():
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "{root} is a file, not a mail store folder."), root=root
            )
        )
    elif not is_store(root) and (not create or any(root.iterdir())):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{root} is not a mail store (it has no Maildir cur/ and new/ folders and no "
                    "{index}).",
                ),
                root=root,
                index=INDEX_NAME,
            )
        )
    if os.access(root, os.W_OK):
        for folder in STANDARD_FOLDERS:
            make_folder(root, folder)


def _open_index(root: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Connect to the index; a damaged one is moved aside (never deleted) and started afresh.

    Returns the connection and, when the old index was damaged, where it was moved.
    """
    path = root / INDEX_NAME
    check = path.exists() and idx.needs_check(root)
    conn: sqlite3.Connection | None = None
    try:
        conn = idx.connect(path)
        if check:
            idx.quick_check(conn)
        return conn, None
    except idx.IndexCorruptError:
        if conn is not None:
            conn.close()
        aside = idx.move_aside(path)
        return idx.connect(path), aside
