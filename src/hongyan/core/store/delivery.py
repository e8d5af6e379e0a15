"""Batched, crash-safe delivery: the way every new message enters the store.

Order (plan E46; CPython ``mailbox.Maildir.add`` and qmail do the same): write each message
into ``tmp/`` → ``fsync`` each file → rename into ``new/`` (or ``cur/`` when it has flags) →
``fsync`` the directories → insert the index rows and run the caller's ``on_commit`` in **one**
SQLite transaction. A kill before the rename leaves only tmp files (cleaned at the next open); a
kill after it leaves files the next open indexes, each with its fetch key, so sync knows they
were fetched. There is never an index row without its file.

A fetch delivers with ``defer_body``: the row is made from the header block, read from the
bytes being written (no second read, no worker), and the body is indexed for search later by
the body pass (pending.py). Parsing every body during the fetch cost as much CPU as the
download itself (issue #5: with the POP3 server on the same two cores the fetch took 2.6x
mpop's time; without the body, 1.3x).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from hongyan.core.atomic import fsync_dir
from hongyan.core.store.extract import (
    MAX_HEADER_BYTES,
    Extracted,
    extract_headers,
    header_complete,
    header_source,
)
from hongyan.core.store.index import write_transaction
from hongyan.core.store.maildir import (
    FoundFile,
    MaildirName,
    StoreWriteError,
    filename_with_flags,
    folder_dir,
    fsync_file,
    normalise_flags,
    relpath_for,
    unique_base,
    validate_folder,
    write_tmp,
)
from hongyan.core.store.reconcile import Record, read_record
from hongyan.core.store.records import upsert_message
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.store.workers import Reply, Workers

OnCommit = Callable[[sqlite3.Connection], None]
FSYNC_THREADS = 16
GROUP = 16  # files per request to a worker: one request per message cost the delivering
# process about 0.5 ms of its GIL in pipe traffic (profile), as much as writing the file
_fsync_pool: ThreadPoolExecutor | None = None
_fsync_pool_lock = threading.Lock()


def _keeping_head(chunks: Iterable[bytes], head: list[bytes]) -> Iterator[bytes]:
    """Pass ``chunks`` through, keeping the first ones in ``head`` until they hold the
    header block (a fetch's first block of up to 1 MB nearly always does; at most
    :data:`MAX_HEADER_BYTES` are kept)."""
    held, complete = 0, False
    for chunk in chunks:
        if not complete:
            head.append(chunk)
            held += len(chunk)
            complete = held >= MAX_HEADER_BYTES or header_complete(b"".join(head))
        yield chunk


def fsync_all(paths: list[Path]) -> None:
    """fsync every file before any is renamed; in threads, so the filesystem can group the
    journal commits (measured here: 2.7 ms per file one by one, 0.13 ms with 16 threads).

    The threads live as long as the process: starting 16 threads for every batch of a
    fetch cost more than the fsyncs (profile of a 2000-message fetch). One ``syncfs`` per
    batch was measured too (ext4, a disk shared with other writers): 23-146 ms per 64
    files against 15-30 ms here, because it also flushes every other program's writes.
    """
    global _fsync_pool
    if len(paths) <= 1:
        for path in paths:
            fsync_file(path)
        return
    with _fsync_pool_lock:
        if _fsync_pool is None:
            _fsync_pool = ThreadPoolExecutor(FSYNC_THREADS, thread_name_prefix="hongyan-fsync")
        pool = _fsync_pool
    list(pool.map(fsync_file, paths))


def fsync_dirs(directories: Iterable[Path]) -> None:
    """fsync directories after renames into them, in the threads of :func:`fsync_all`: the
    rules filing a fetched batch rename into up to one directory per target folder (30
    customers' folders: 100 ms one by one, a tenth of it side by side)."""
    found = list(directories)
    if os.name == "nt" or len(found) <= 1:  # fsync_dir: nothing to do on Windows
        for directory in found:
            fsync_dir(directory)
        return
    fsync_all(found)


@dataclass
class PendingMessage:
    """A message written to ``tmp/`` and waiting for :meth:`DeliveryBatch.commit`."""

    tmp_path: Path
    size: int
    fetch_key: str | None
    flags: str
    extracting: tuple[Reply, int] | None = None  # the worker's reply, this file's place in it
    head: bytes | None = None  # the header block kept while writing (defer_body)


class DeliveryBatch:
    """Messages for one folder, made durable and indexed together by :meth:`commit`.

    Use as a context manager; leaving it without ``commit`` removes the pending tmp files.
    With the store's :class:`~hongyan.core.store.workers.Workers`, messages are extracted in
    worker processes from the moment they are written (in groups of :data:`GROUP`), so the
    commit only collects the results; without, the commit extracts them. With
    ``defer_body`` only the header block is read, while the file is written, and the rows
    are marked for the body pass (see the module docstring).
    """

    def __init__(
        self,
        root: Path,
        conn: sqlite3.Connection,
        folder: str,
        account: str | None,
        *,
        extractor: Workers | None = None,
        defer_body: bool = False,
    ) -> None:
        self._root = root
        self._defer_body = defer_body
        self._extractor = extractor
        self._group: list[PendingMessage] = []  # written, not yet sent to a worker
        self._conn = conn
        self._folder = validate_folder(folder)
        self._account = account
        self._pending: list[PendingMessage] = []
        self._durable: list[Record | None] = []
        if not (folder_dir(root, self._folder) / "tmp").is_dir():
            raise StoreWriteError(
                words(
                    QT_TRANSLATE_NOOP("Core", "There is no folder '{folder}' in the mail store."),
                    folder=self._folder,
                )
            )

    def __enter__(self) -> DeliveryBatch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()

    @property
    def pending_count(self) -> int:
        """Messages written and not yet committed."""
        return len(self._pending)

    def write(
        self, chunks: Iterable[bytes], *, fetch_key: str | None = None, flags: str = ""
    ) -> PendingMessage:
        """Write one message into ``tmp/`` (not yet durable, not yet visible)."""
        head: list[bytes] = []
        if self._defer_body:
            chunks = _keeping_head(chunks, head)
        tmp_path, size = write_tmp(self._root, self._folder, iter(chunks))
        pending = PendingMessage(tmp_path, size, fetch_key, normalise_flags(flags))
        if self._defer_body:
            pending.head = header_source(b"".join(head))
        self._pending.append(pending)
        if self._extractor is not None and not self._defer_body:
            self._group.append(pending)
            if len(self._group) >= GROUP:
                self._send_group()
        return pending

    def _send_group(self) -> None:
        """Hand the written files not yet sent to a worker (by their tmp names: they are
        collected before the renames)."""
        group, self._group = self._group, []
        if self._extractor is None or not group:
            return
        relpaths = [p.tmp_path.relative_to(self._root).as_posix() for p in group]
        reply = self._extractor.submit(relpaths)
        for index, pending in enumerate(group):
            pending.extracting = (reply, index)

    def commit(self, on_commit: OnCommit | None = None) -> list[int]:
        """Make every pending message durable, then index them; return their ids in order.

        ``on_commit(conn)`` runs inside the same transaction as the index rows, so sync's
        "seen UIDL" records and the messages land together or not at all.
        """
        self.make_durable()
        return self.index(on_commit)

    def make_durable(self) -> None:
        """The first half of :meth:`commit`: fsync the files, rename them into place, fsync
        the directories and collect what was extracted. It does not touch the index, so a
        fetch runs it for the next batch on another thread while this one is indexed."""
        self._send_group()
        pending, self._pending = self._pending, []
        try:
            fsync_all([p.tmp_path for p in pending])
            # Collected before the renames: a worker reads the file under its tmp name.
            infos = [self._extracted(p) for p in pending]
            placed = [self._place(p) for p in pending]
        except OSError as exc:
            self._pending = [p for p in pending if p.tmp_path.exists()]
            raise StoreWriteError.from_os_error(exc, self._root) from exc
        directory = folder_dir(self._root, self._folder)
        for sub in {f.relpath.rsplit("/", 2)[-2] for f in placed}:
            fsync_dir(directory / sub)
        trios = zip(placed, pending, infos, strict=True)
        self._durable = [self._record(item, p, info) for item, p, info in trios]

    def index(self, on_commit: OnCommit | None = None) -> list[int]:
        """The second half of :meth:`commit`: the index rows of the durable messages and
        ``on_commit(conn)`` in one transaction (on the thread that owns the connection)."""
        records, self._durable = self._durable, []
        ids: list[int] = []
        with write_transaction(self._conn):
            for record in records:
                if record is None:  # moved away by another program in this instant
                    continue
                item, size, fallback, info = record
                ids.append(
                    upsert_message(
                        self._conn,
                        item,
                        info,
                        size=size,
                        fallback_date=fallback,
                        body_pending=self._defer_body,
                    )
                )
            if on_commit is not None:
                on_commit(self._conn)
        return ids

    @staticmethod
    def _extracted(pending: PendingMessage) -> Extracted | None:
        """What a worker extracted from the file (or, with ``defer_body``, from the header
        block kept while writing it: parsed here, on the committer's thread, not on the one
        downloading); None when it was not given to one or no worker answered (then
        :meth:`_record` reads it here: nothing is lost)."""
        if pending.head is not None:
            return extract_headers(pending.head)
        if pending.extracting is None:
            return None
        reply, index = pending.extracting
        result = reply.result()[index]
        return None if result is None else result[2]

    def _record(
        self, item: FoundFile, pending: PendingMessage, info: Extracted | None
    ) -> Record | None:
        """The index record of a placed file: the worker's extraction, else read it here."""
        if info is None:
            return read_record(self._root, item)
        return item, pending.size, item.name.delivered or int(time.time()), info

    def _place(self, pending: PendingMessage) -> FoundFile:
        """Rename a synced tmp file into ``new/`` (``cur/`` when it carries flags)."""
        base = unique_base(size=pending.size, fetch_key=pending.fetch_key, account=self._account)
        sub, filename = ("cur", filename_with_flags(base, pending.flags))
        if not pending.flags:
            sub, filename = "new", base
        target = folder_dir(self._root, self._folder) / sub / filename
        os.rename(pending.tmp_path, target)
        relpath = relpath_for(self._root, self._folder, sub, filename)
        return FoundFile(self._folder, relpath, MaildirName.parse(filename))

    def discard(self) -> None:
        """Remove pending tmp files (nothing of them was visible yet)."""
        for pending in self._pending:
            with contextlib.suppress(OSError):
                pending.tmp_path.unlink()
        self._pending = []
        self._group = []
