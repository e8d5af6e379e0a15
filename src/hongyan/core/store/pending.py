"""The body pass: index for search the bodies of messages a fetch delivered with headers only.

A fetch makes each message durable and lists it at once, but reads only its header block
(see delivery.py): parsing every body during the download cost as much CPU as the download.
Mail clients do the same (Thunderbird's Gloda indexes new mail in the background, notmuch
runs after the fetcher). The ids of those messages wait in ``fts_pending``; this pass gives
each its full-text entry, the same one a full delivery writes (records.insert_fts), and
corrects what the header block could only guess (``has_attachments``, ``malformed``, and the
displayed headers where a raw 8-bit header's charset comes from a text part beyond what the
fetch read).

- Newest first, in batches; the files are read and parsed by the store's worker processes
  (workers.py) while the previous batch is written. One write transaction per batch.
- Inside the transaction a message gets its entry only if it is still pending and still at
  the path that was read: its pending row is deleted first and the entry written only when
  that deleted a row, so two passes at once can never both index one message. A message
  moved meanwhile is read again at its new path; one whose file vanished is left to the next
  open's reconcile, which removes its row (and pending mark).
- One pass per store at a time: an exclusive lock on :data:`LOCK_NAME` in the store. A
  second caller waits for it, then finds nothing left to do.
- ``cancel()`` is asked between batches; a kill at any moment loses nothing: each batch is
  one transaction, and what is not committed is still pending for the next run.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from hongyan.core.store.index import ProgressCallback, write_transaction
from hongyan.core.store.records import insert_fts
from hongyan.core.store.workers import MIN_MESSAGES, FileResult, Reply, Workers

LOCK_NAME = "index.pending.lock"
BATCH = 256  # messages per write transaction: short locks, so a fetch never waits long
GROUP = 32  # files per request to a worker
MAX_WORKERS = 4
ROUNDS = 3  # passes over what is still pending (a message moved while it was read)

Cancel = Callable[[], bool]
Todo = tuple[int, str]  # id, path relative to the store root


class BodyPassCancelledError(Exception):
    """``cancel()`` stopped the pass; what was indexed stays, the rest is still pending."""


def pending_count(conn: sqlite3.Connection) -> int:
    """Messages whose body is not yet searchable."""
    return int(conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0])


def index_pending(
    root: Path,
    conn: sqlite3.Connection,
    progress: ProgressCallback | None = None,
    cancel: Cancel | None = None,
) -> int:
    """Index the bodies of every pending message; return how many this call indexed.

    Raises:
        BodyPassCancelledError: ``cancel()`` said so between two batches.
    """
    with _pass_lock(root):
        done = 0
        skip: set[int] = set()  # vanished files: reconcile's job, not ours
        for _round in range(ROUNDS):
            todo = [t for t in _pending(conn) if t[0] not in skip]
            if not todo:
                break
            total = done + len(todo)
            if progress is not None:
                progress(done, total)
            with Workers(root, _worker_count(len(todo))) as pool:
                for batch, results in _extracted(pool, todo):
                    if cancel is not None and cancel():
                        raise BodyPassCancelledError()
                    indexed, vanished = _write(conn, batch, results)
                    done += indexed
                    skip.update(vanished)
                    if progress is not None:
                        progress(done, total)
        return done


def _pending(conn: sqlite3.Connection) -> list[Todo]:
    rows = conn.execute(
        "SELECT m.id, m.path FROM fts_pending p JOIN messages m ON m.id = p.id"
        " ORDER BY m.date DESC, m.id DESC"
    )
    return [(int(id_), str(path)) for id_, path in rows]


def _worker_count(messages: int) -> int:
    """Every core for many messages (the writes here are a fraction of the parsing); none
    for a few, or in a frozen app (which has no ``python -m``)."""
    if messages < MIN_MESSAGES or getattr(sys, "frozen", False):
        return 0
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _extracted(pool: Workers, todo: list[Todo]) -> Iterator[tuple[list[Todo], list[FileResult]]]:
    """Batches of :data:`BATCH` with their extraction, the next batch already sent to the
    workers while the caller writes this one."""
    batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
    sent: deque[tuple[list[Todo], list[Reply]]] = deque()
    for batch in batches:
        groups = [batch[i : i + GROUP] for i in range(0, len(batch), GROUP)]
        sent.append((batch, [pool.submit([path for _, path in g]) for g in groups]))
        if len(sent) > 1:
            yield _collect(*sent.popleft())
    while sent:
        yield _collect(*sent.popleft())


def _collect(batch: list[Todo], replies: list[Reply]) -> tuple[list[Todo], list[FileResult]]:
    return batch, [result for reply in replies for result in reply.result()]


def _write(
    conn: sqlite3.Connection, batch: list[Todo], results: list[FileResult]
) -> tuple[int, list[int]]:
    """One transaction: the entries of the messages still pending at the path read.

    Returns how many were indexed and the ids whose file was gone.
    """
    indexed, vanished = 0, []
    with write_transaction(conn):
        for (message_id, path), result in zip(batch, results, strict=True):
            row = conn.execute("SELECT path FROM messages WHERE id = ?", (message_id,)).fetchone()
            if row is None or str(row[0]) != path:
                continue  # deleted (its mark went with it), or moved: read again next round
            if result is None:
                vanished.append(message_id)
                continue
            cursor = conn.execute("DELETE FROM fts_pending WHERE id = ?", (message_id,))
            if cursor.rowcount != 1:
                continue  # another pass indexed it first
            _, _, info = result
            insert_fts(conn, message_id, info)
            conn.execute(
                "UPDATE messages SET has_attachments = ?, malformed = ?, subject = ?,"
                " from_name = ?, from_addr = ?, to_addrs = ?, cc_addrs = ? WHERE id = ?",
                (
                    int(info.has_attachments),
                    int(info.malformed),
                    info.subject,
                    info.from_name,
                    info.from_addr,
                    info.to_addrs,
                    info.cc_addrs,
                    message_id,
                ),
            )
            indexed += 1
    return indexed, vanished


@contextlib.contextmanager
def _pass_lock(root: Path) -> Iterator[None]:
    """Hold the store's body-pass lock, waiting for another process's pass to end.

    A ``flock``-style lock dies with its process, so a killed pass never blocks the next.
    """
    with open(root / LOCK_NAME, "a+b") as handle:
        _lock(handle.fileno())
        yield


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:  # LK_LOCK itself gives up after 10 tries of a second
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                time.sleep(0.1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
