"""Bring the index in line with the Maildir: the files are the truth, the index follows.

Run at every open, so mail added, removed, moved or re-flagged by another tool (mutt, a
Dovecot, a file manager) or left half-done by a kill (a file renamed into place but not yet
indexed) is picked up. Listing the directories costs little even at 100 000 messages; only new
files are read.
"""

from __future__ import annotations

import contextlib
import filecmp
import itertools
import logging
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from hongyan.core.store.extract import Extracted
from hongyan.core.store.index import ProgressCallback, write_transaction
from hongyan.core.store.maildir import FoundFile, list_folders, list_relpaths, scan_folder
from hongyan.core.store.records import delete_rows, relocate_row, upsert_message
from hongyan.core.store.workers import FileResult, Workers, read_file

log = logging.getLogger(__name__)
CHUNK = 200  # messages per write transaction: short locks, so a reader never waits long
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
BATCH = 32  # files per request to a worker
IN_FLIGHT = 8  # batches per worker handed out and not yet written (> one CHUNK written)
Record = tuple[FoundFile, int, int, Extracted]  # file, size, fallback date, what was extracted


@dataclass
class ReconcileReport:
    added: int = 0
    removed: int = 0
    relocated: int = 0


def reconcile(
    root: Path,
    conn: sqlite3.Connection,
    progress: ProgressCallback | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ReconcileReport:
    """Index new files, forget vanished ones, follow moved and re-flagged ones.

    The common case (nothing changed) is answered by comparing two sets of paths, without
    parsing a single file name: that keeps every open of a large store fast. ``cancel()``
    is asked between two write transactions; when it says True, indexing stops there (what
    was written stays: a rebuild throws its partial index away, see rebuild.py).
    """
    joined = conn.execute("SELECT group_concat(path, char(10)) FROM messages").fetchone()[0]
    if list_relpaths(root) == set(joined.split("\n") if joined else ()):
        return ReconcileReport()
    found = scan_store(root)
    indexed = {
        name: (int(id_), str(path))
        for name, id_, path in conn.execute("SELECT name, id, path FROM messages")
    }
    report = ReconcileReport()
    moved = [f for base, f in found.items() if base in indexed and indexed[base][1] != f.relpath]
    gone = [
        base
        for base, (_, path) in indexed.items()
        if base not in found and not (root / path).exists()
    ]
    if gone:  # a file renamed by another process between two listdirs looks gone: look again
        again = scan_store(root)
        moved += [again[base] for base in gone if base in again]
        gone = [base for base in gone if base not in again]
    if moved or gone:
        with write_transaction(conn):
            for item in moved:
                relocate_row(conn, item)
            delete_rows(conn, [indexed[base][0] for base in gone])
        report.relocated, report.removed = len(moved), len(gone)
    new = [f for base, f in found.items() if base not in indexed]
    report.added = index_files(root, conn, new, progress, cancel)
    return report


def scan_store(root: Path) -> dict[str, FoundFile]:
    """Every message file by base name; an identical second copy of a name is removed."""
    found: dict[str, FoundFile] = {}
    for folder in list_folders(root):
        for item in scan_folder(root, folder):
            first = found.get(item.name.base)
            if first is None:
                found[item.name.base] = item
            else:
                _deduplicate(root, first, item)
    return found


def _deduplicate(root: Path, first: FoundFile, second: FoundFile) -> None:
    """Two files with one unique name come from an interrupted copy; drop the identical one.

    Different content under one name is left alone (and logged): never delete what might be mail.
    """
    a, b = root / first.relpath, root / second.relpath
    try:
        same = filecmp.cmp(a, b, shallow=False)
    except OSError:
        return
    if same:
        with contextlib.suppress(OSError):
            os.unlink(b)
    else:
        log.warning("two different files share the name %s: %s and %s", first.name.base, a, b)


def index_files(
    root: Path,
    conn: sqlite3.Connection,
    files: Iterable[FoundFile],
    progress: ProgressCallback | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Read, extract and index ``files`` in chunks; return how many rows were written
    (fewer than ``files`` only when ``cancel()`` stopped it between two chunks)."""
    pending = list(files)
    total, done = len(pending), 0
    if progress and total:
        progress(0, total)
    records = extracted(root, pending)
    try:
        while done < total:
            if cancel is not None and cancel():
                return done
            chunk = list(itertools.islice(records, CHUNK))
            with write_transaction(conn):
                for item, size, mtime, info in filter(None, chunk):
                    upsert_message(conn, item, info, size=size, fallback_date=mtime)
            done += len(chunk)
            if progress:
                progress(done, total)
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()  # stops the worker processes when indexing stopped early
    return total


def extracted(root: Path, files: list[FoundFile]) -> Iterator[Record | None]:
    """Read and extract ``files`` in order: in worker processes when there are many.

    Batches go to the workers through a thread each (the pipes block, the GIL is free), and
    at most :data:`IN_FLIGHT` batches per worker are out at a time, so the results waiting to
    be written stay a few hundred messages however large the store (see workers.py).
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(files) < PARALLEL_MIN or workers < 2 or getattr(sys, "frozen", False):
        for item in files:
            yield read_record(root, item)
        return
    batches = [files[start : start + BATCH] for start in range(0, len(files), BATCH)]
    with Workers(root, workers) as pool, ThreadPoolExecutor(workers) as threads:
        pending: deque[tuple[list[FoundFile], Future[list[FileResult]]]] = deque()
        for batch in batches:
            pending.append((batch, threads.submit(pool.extract, [f.relpath for f in batch])))
            if len(pending) >= IN_FLIGHT * workers:
                done, future = pending.popleft()
                yield from map(_record, done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from map(_record, done, future.result())


def read_record(root: Path, item: FoundFile) -> Record | None:
    """Read and extract one file; None when it vanished meanwhile (moved by another tool)."""
    return _record(item, read_file(root / item.relpath))


def _record(item: FoundFile, result: FileResult) -> Record | None:
    if result is None:
        return None
    size, mtime, info = result
    return item, size, item.name.delivered or mtime, info
