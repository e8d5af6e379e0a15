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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hongyan.core.store.extract import Extracted, extract
from hongyan.core.store.index import ProgressCallback, write_transaction
from hongyan.core.store.maildir import FoundFile, list_folders, list_relpaths, scan_folder
from hongyan.core.store.records import delete_rows, relocate_row, upsert_message

log = logging.getLogger(__name__)
CHUNK = 200  # messages per write transaction: short locks, so a reader never waits long
PARALLEL_MIN = 400  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
WINDOW = 2000  # files handed to the workers at a time
Record = tuple[FoundFile, int, int, Extracted]  # file, size, fallback date, what was extracted


@dataclass
class ReconcileReport:
    added: int = 0
    removed: int = 0
    relocated: int = 0


def reconcile(
    root: Path, conn: sqlite3.Connection, progress: ProgressCallback | None = None
) -> ReconcileReport:
    """Index new files, forget vanished ones, follow moved and re-flagged ones.

    The common case (nothing changed) is answered by comparing two sets of paths, without
    parsing a single file name: that keeps every open of a large store fast.
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
    report.added = index_files(root, conn, new, progress)
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
) -> int:
    """Read, extract and index ``files`` in chunks; return how many rows were written."""
    pending = list(files)
    total, done = len(pending), 0
    if progress and total:
        progress(0, total)
    records = extracted(root, pending)
    while done < total:
        chunk = list(itertools.islice(records, CHUNK))
        with write_transaction(conn):
            for item, size, mtime, info in filter(None, chunk):
                upsert_message(conn, item, info, size=size, fallback_date=mtime)
        done += len(chunk)
        if progress:
            progress(done, total)
    return total


def extracted(root: Path, files: list[FoundFile]) -> Iterator[Record | None]:
    """Read and extract ``files`` in order: in worker processes when there are many.

    Parsing MIME in Python is the cost of indexing (SQLite is cheap), so a rebuild uses every
    core. Workers are forked, and only from a single-threaded process (the CLI): forking a
    process with threads (the GUI) can copy a held lock, and spawning re-imports ``__main__``,
    which a caller's script may not allow; there the work stays in this process.
    """
    import multiprocessing
    import threading

    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    single = threading.active_count() == 1
    if len(files) < PARALLEL_MIN or workers < 2 or not (can_fork and single):
        yield from (read_record(root, f) for f in files)
        return
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        # In windows: map() submits everything at once, and 100 000 pending tasks cost memory.
        for start in range(0, len(files), WINDOW):
            window = files[start : start + WINDOW]
            yield from pool.map(read_record, itertools.repeat(root), window, chunksize=32)


def read_record(root: Path, item: FoundFile) -> Record | None:
    """Read one file and extract it; None when it vanished meanwhile (moved by another tool)."""
    path = root / item.relpath
    try:
        with open(path, "rb") as handle:
            data = handle.read()
            mtime = int(os.fstat(handle.fileno()).st_mtime)
    except FileNotFoundError:
        return None
    fallback = item.name.delivered or mtime
    return item, len(data), fallback, extract(data)
