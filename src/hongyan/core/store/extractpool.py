"""Extract new messages in a worker process while the caller keeps writing them.

Parsing MIME in Python is the main cost of delivering a message (profile of a 2000-message
fetch: extraction 2.1 ms a message, the full-text insert 1 ms, fsync 0.3 ms). On the
delivering thread it also holds the GIL the download needs, so a fetch ran at the speed of
the indexer. Here each message is handed to a worker process as soon as its tmp file is
written; :meth:`DeliveryBatch.commit` collects the results, so extraction runs on another core
while the next messages download.

Workers come from a *forkserver* (a clean process that never held the caller's threads'
locks) where the platform has one, else they are spawned. Where no worker can start (a
daemonic process, such as the GUI's fetch child, may not have children) the pool says so and
the batch extracts in process, as before: the pool is a speed-up, never a requirement.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from hongyan.core.store.extract import MAX_PARSE_BYTES, Extracted, extract

log = logging.getLogger(__name__)
MIN_MESSAGES = 100  # fewer than this: starting a worker costs more than it saves
MAX_WORKERS = 2
GROUP = 16  # files per worker task


def _exit_with_parent(lifeline: Connection) -> None:
    """Run in each worker: exit as soon as the process that started the pool is gone.

    A fetch killed with SIGKILL cannot stop its workers, and a worker waiting for work never
    notices by itself (it holds both ends of its task pipe; the forkserver stays up while any
    worker lives). ``lifeline`` is the read end of a pipe whose only write end the pool's
    process holds: when that process dies, the kernel closes it and the read ends.
    """

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            while True:
                lifeline.recv_bytes()
        os._exit(0)

    threading.Thread(target=watch, name="hongyan-lifeline", daemon=True).start()


def extract_files(paths: list[str]) -> list[Extracted | None]:
    """Extract a group of message files (in a worker); see :func:`extract_file`."""
    return [extract_file(path) for path in paths]


def extract_file(path: str) -> Extracted | None:
    """Read a message file and extract it; None when it cannot be read.

    Only what :func:`extract` looks at is read (it parses at most ``MAX_PARSE_BYTES`` and
    notes a longer message as cut), so a 50 MB message costs no 50 MB in the worker.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PARSE_BYTES + 1)
    except OSError:
        return None
    return extract(data)


class _Group:
    """Paths sent to a worker together: one task per message cost the delivering process
    about 0.5 ms of its GIL in queue traffic (profile), as much as writing the file."""

    __slots__ = ("future", "paths")

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.future: Future[list[Extracted | None]] | None = None


@dataclass(frozen=True)
class Ticket:
    """Where the extraction of one submitted file will be found."""

    group: _Group
    index: int


class ExtractPool:
    """Worker processes extracting message files; use as a context manager.

    Safe to share between threads: the download thread submits, the committer collects.
    """

    def __init__(self, workers: int | None = None) -> None:
        count = workers or max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload([__name__])
        lifeline, self._lifeline = context.Pipe(duplex=False)
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            count, context, initializer=_exit_with_parent, initargs=(lifeline,)
        )
        self._lock = threading.Lock()
        self._group = _Group()

    @classmethod
    def for_messages(cls, count: int, *, workers: int | None = None) -> ExtractPool | None:
        """A pool when ``count`` messages make one worth starting and one can start."""
        if count < MIN_MESSAGES or multiprocessing.current_process().daemon:
            return None
        return cls(workers)

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, path: Path) -> Ticket | None:
        """Queue ``path`` for extraction; None when the pool cannot (extract it yourself).

        Files go to a worker in groups of :data:`GROUP`, or sooner when a result is asked for.
        """
        with self._lock:
            if self._executor is None:
                return None
            group = self._group
            group.paths.append(os.fspath(path))
            if len(group.paths) >= GROUP:
                self._send(group)
            return Ticket(group, len(group.paths) - 1)

    def result(self, ticket: Ticket | None) -> Extracted | None:
        """The extraction of a submitted file; None when there is none (extract in process:
        the pool failed, a worker died, or the file could not be read)."""
        if ticket is None:
            return None
        with self._lock:
            if ticket.group.future is None:
                self._send(ticket.group)
        future = ticket.group.future
        if future is None:
            return None
        try:
            return future.result()[ticket.index]
        except Exception as exc:  # a worker died (killed, out of memory): extract in process
            log.info("extracting in process: %s", exc)
            return None

    def _send(self, group: _Group) -> None:
        """Hand a group to a worker (under the lock); a new group collects what follows."""
        if group is self._group:
            self._group = _Group()
        if self._executor is None:
            return
        try:
            group.future = self._executor.submit(extract_files, group.paths)
        except Exception as exc:  # a broken pool, no way to start a process: do without
            log.info("extracting in process: %s", exc)
            self._shutdown()

    def close(self) -> None:
        with self._lock:
            self._shutdown()

    def _shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            self._lifeline.close()
