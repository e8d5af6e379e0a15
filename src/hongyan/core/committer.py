"""Make delivery batches durable on a second thread while the next batch downloads.

Making a batch durable costs one ``fsync`` per message plus the store's indexing (it parses
every message); downloading the next batch costs network and TLS. Both release the GIL for
much of their time, so running them side by side is where fetch speed comes from once RETR is
pipelined. Order is unchanged: batches commit one after another, in download order, each in
its own transaction with its "seen" rows, and nothing is deleted from the server before
:meth:`Committer.close` has returned (sync's rule: DELE only what is durable).

The committer owns its SQLite connection (connections belong to the thread that made them);
batches are created with :attr:`Committer.connection` but only committed on its thread.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hongyan.core.store.delivery import DeliveryBatch

OnCommit = Callable[[sqlite3.Connection], None]
COMMIT_CACHE_KIB = 16 * 1024
Done = Callable[[], None]


class Committer:
    """A thread that commits batches in order; at most ``depth`` wait at any time."""

    def __init__(self, store_root: Path, *, depth: int = 1) -> None:
        self._root = store_root
        self._queue: queue.Queue[tuple[DeliveryBatch, OnCommit, Done] | None] = queue.Queue(depth)
        self._ready = threading.Event()
        self._connection: sqlite3.Connection | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="hongyan-commit", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self.error is not None:
            raise self.error

    @property
    def connection(self) -> sqlite3.Connection:
        assert self._connection is not None
        return self._connection

    def submit(self, batch: DeliveryBatch, on_commit: OnCommit, done: Done) -> None:
        """Queue ``batch``; blocks while the committer is a batch behind. Raises the error
        of an earlier batch, if one failed (then nothing more is committed)."""
        if self.error is not None:
            batch.discard()
            raise self.error
        self._queue.put((batch, on_commit, done))

    def close(self) -> None:
        """Wait until every queued batch is committed; raise the first failure."""
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        from hongyan.core.store import index as idx

        try:
            self._connection = idx.connect(self._root / idx.INDEX_NAME)
            # The full-text index's pages stay in memory across a batch's inserts (SQLite's
            # 2 MB default made each batch re-read them; 16 MB for this connection: 32 MB put
            # the fetch at 111 MB peak RSS, too near the 150 MB limit with the worker).
            self._connection.execute(f"PRAGMA cache_size = -{COMMIT_CACHE_KIB}")
        except BaseException as exc:
            self.error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                batch, on_commit, done = item
                if self.error is not None:
                    batch.discard()
                    continue
                try:
                    batch.commit(on_commit=on_commit)
                    done()
                except BaseException as exc:
                    self.error = exc
                    batch.discard()
        finally:
            self._connection.close()
