"""Extraction in worker processes: the one pool for indexing many files and for new mail.

Parsing MIME in Python is the cost of indexing (SQLite is cheap), so a rebuild uses every core,
and a fetch or an import hands each message to a worker as soon as its file is written, so
parsing runs on another core while the next messages arrive (profile of a 2000-message fetch:
extraction 2.1 ms a message, on the delivering thread it also held the GIL the download needs).

Workers are fresh interpreters (``python -m hongyan.core.store.workers ROOT``) that import only
the extractor, not forks: a fork would start with a copy of everything the parent holds (the
list of 100 000 files, SQLite's cache), counted again in every worker's memory, and forking a
process that has threads (the GUI, a fetch's committer) can copy a held lock. Being plain
subprocesses, they also work from a daemonic ``multiprocessing`` child (the GUI's fetch
process, which may not start ``multiprocessing`` children), on Windows and macOS, and never
re-import the caller's ``__main__``. A worker exits when its stdin reaches end of file, which
the kernel also gives it when the process that started it is killed (SIGKILL included), so a
killed fetch leaves no worker behind (plan E39).

The protocol is a pipe each way: the parent writes a request (a list of paths relative to the
store root), the worker answers with ``(size, mtime, Extracted)`` or ``None`` (the file vanished
or may not be read) for each; every message is a length-prefixed pickle between two processes
of the same program. A worker reads only files inside the store root (``tmp/`` included) and at
most :data:`MAX_READ` bytes of each. Each worker has the next request waiting in its pipe while
it works on one (:data:`DEPTH`), so it never waits for the parent between requests.

A worker that dies or cannot start is not fatal: whoever asks for the result of its requests
extracts them in process instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO

from hongyan.core.store.extract import MAX_PARSE_BYTES, Extracted, extract

log = logging.getLogger(__name__)
FileResult = tuple[int, int, Extracted] | None  # size, mtime, what was extracted
MAX_READ = MAX_PARSE_BYTES + 1  # extract() parses no more; one byte more notes the cut
DEPTH = 2  # requests sent to a worker and not yet answered
MIN_MESSAGES = 100  # new messages below which starting a worker costs more than it saves
MAX_DELIVERY_WORKERS = 2
_HEADER = struct.Struct(">I")


def read_file(path: Path) -> FileResult:
    """Read and extract one file; None when it vanished meanwhile (moved by another tool).

    Only what :func:`extract` looks at is read, so a 50 MB message costs no 50 MB here; the
    size is the file's.
    """
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            # A buffer of the file's size (as read() allocates), not of MAX_READ: allocating
            # 8 MB for every file cost 0.1 ms each (measured).
            data = handle.read(min(status.st_size + 1, MAX_READ))
    except FileNotFoundError:
        return None
    return status.st_size, int(status.st_mtime), extract(data)


def inside(root: Path, relpath: str) -> Path | None:
    """``root / relpath`` when ``relpath`` names a file under ``root``; None when it would
    leave it (absolute, ``..``). A worker only answers for the store's own files.

    The check is on the name, as the indexer's own reads are: a symbolic link placed in the
    Maildir is followed either way (whoever can place one can place the file itself).
    """
    name = PurePath(relpath)
    if not name.parts or name.anchor or ".." in name.parts:
        return None
    return root / name


def _answer(root: Path, relpaths: list[str]) -> list[FileResult]:
    results: list[FileResult] = []
    for relpath in relpaths:
        path = inside(root, relpath)
        results.append(None if path is None else read_file(path))
    return results


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (length,) = _HEADER.unpack(header)
    payload = stream.read(length)
    if len(payload) < length:
        return None
    return payload


def serve(root: Path, requests: IO[bytes], replies: IO[bytes]) -> None:
    """The worker's loop: answer requests of relative paths until the parent's end closes."""
    while (frame := _read_frame(requests)) is not None:
        relpaths: list[str] = pickle.loads(frame)
        _write_frame(replies, pickle.dumps(_answer(root, relpaths), pickle.HIGHEST_PROTOCOL))


class Reply:
    """The answer to one request, once a worker gives it; if none will (it died, none could
    start, the pool is closed), :meth:`result` extracts the files in the calling thread."""

    def __init__(self, root: Path, relpaths: list[str]) -> None:
        self.relpaths = relpaths
        self._root = root
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._results: list[FileResult] | None = None
        self.in_process = False  # no worker answered: the files were read here

    def result(self) -> list[FileResult]:
        """One result per path, in order; waits for the worker."""
        self._ready.wait()
        with self._lock:
            if self._results is None:
                self.in_process = True
                self._results = [read_file(self._root / p) for p in self.relpaths]
            return self._results

    def _give(self, results: list[FileResult] | None) -> None:
        self._results = results
        self._ready.set()


@dataclass(eq=False)
class _Worker:
    proc: subprocess.Popen[bytes]
    sent: deque[Reply] = field(default_factory=deque)  # answered in this order


class Workers:
    """A few worker processes for one store; :meth:`submit` and :meth:`extract` may be called
    from many threads. Use as a context manager (:meth:`close` ends the workers)."""

    command = (sys.executable, "-m", "hongyan.core.store.workers")  # then the store's root

    def __init__(self, root: Path, count: int) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()  # submitted, not yet sent to a worker
        self._workers: list[_Worker] = []  # the live ones
        self._readers: list[threading.Thread] = []
        self._closed = False
        package_parent = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
        for _ in range(count):
            try:
                proc = subprocess.Popen(
                    [*self.command, str(root)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            except OSError as exc:
                log.warning("cannot start an extraction worker (%s); extracting in process", exc)
                break
            worker = _Worker(proc)
            self._workers.append(worker)
            reader = threading.Thread(
                target=self._read_replies, args=(worker,), name="hongyan-worker", daemon=True
            )
            self._readers.append(reader)
            reader.start()
        self.started = len(self._workers)

    @property
    def alive(self) -> int:
        """Workers still answering."""
        with self._lock:
            return len(self._workers)

    def pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._workers]

    def submit(self, relpaths: list[str]) -> Reply:
        """Ask for the extraction of files (paths relative to the root); never blocks."""
        reply = Reply(self.root, relpaths)
        with self._lock:
            if self._closed or not self._workers:
                reply._give(None)
            else:
                self._queue.append(reply)
                self._send_queued()
        return reply

    def extract(self, relpaths: list[str]) -> list[FileResult]:
        """Extract the files of one request, in a worker when one is alive (else here)."""
        return self.submit(relpaths).result()

    def _send_queued(self) -> None:
        """Hand queued requests to the least busy workers, at most :data:`DEPTH` each
        (under the lock; a few KB of paths into a pipe holding at most DEPTH requests)."""
        while self._queue and self._workers:
            worker = min(self._workers, key=lambda w: len(w.sent))
            if len(worker.sent) >= DEPTH:
                return
            reply = self._queue.popleft()
            worker.sent.append(reply)
            assert worker.proc.stdin is not None
            try:
                _write_frame(worker.proc.stdin, pickle.dumps(reply.relpaths))
            except (OSError, ValueError):
                worker.proc.kill()  # its reader sees the end and hands its requests back
                self._workers.remove(worker)
                self._orphan(worker)

    def _read_replies(self, worker: _Worker) -> None:
        """One thread per worker: read its answers (without the lock, so a worker writing a
        large answer is never blocked by a thread sending it the next request)."""
        assert worker.proc.stdout is not None
        while True:
            try:
                frame = _read_frame(worker.proc.stdout)
            except (OSError, ValueError):
                frame = None
            with self._lock:
                if frame is None or not worker.sent:
                    worker.proc.kill()
                    if worker in self._workers:
                        self._workers.remove(worker)
                        if not self._closed:
                            log.warning(
                                "an extraction worker stopped (%s); extracting in process",
                                worker.proc.poll(),
                            )
                    self._orphan(worker)
                    return
                reply = worker.sent.popleft()
                self._send_queued()
            try:
                results: list[FileResult] | None = pickle.loads(frame)
            except Exception:  # a garbled answer: read those files here
                results = None
            reply._give(results)

    def _orphan(self, worker: _Worker) -> None:
        """A worker is gone: its requests (and all queued ones, if none is left) are for
        whoever waits on them to extract in process (under the lock)."""
        while worker.sent:
            worker.sent.popleft()._give(None)
        if not self._workers:
            while self._queue:
                self._queue.popleft()._give(None)

    def close(self) -> None:
        """End the workers (after the requests already sent); unanswered ones are extracted by
        whoever waits on them."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
            while self._queue:
                self._queue.popleft()._give(None)
        for worker in workers:
            with contextlib.suppress(OSError):
                if worker.proc.stdin is not None:
                    worker.proc.stdin.close()
        for reader in self._readers:
            reader.join(timeout=10)
        for worker in workers:
            try:
                worker.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                worker.proc.kill()
                worker.proc.wait()
            if worker.proc.stdout is not None:
                worker.proc.stdout.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def delivery_workers() -> int:
    """Workers for new mail: the delivering process keeps a core busy itself."""
    return max(1, min(MAX_DELIVERY_WORKERS, (os.cpu_count() or 1) - 1))


_shared: dict[Path, tuple[Workers, int]] = {}  # root → pool, users
_shared_lock = threading.Lock()


@contextlib.contextmanager
def for_delivery(
    root: Path, messages: int, *, count: int | None = None
) -> Iterator[Workers | None]:
    """The store's pool for delivering ``messages`` new messages, or None when they are too
    few to be worth a worker (or this is a frozen app, which has no ``python -m``).

    One pool per store and process: fetches of several accounts at once share it, and it
    lives until the last of them is done (not one start-up per batch).
    """
    if messages < MIN_MESSAGES or getattr(sys, "frozen", False):
        yield None
        return
    key = Path(os.path.abspath(root))
    with _shared_lock:
        pool, users = _shared.get(key) or (None, 0)
        if pool is None:
            pool = Workers(root, count or delivery_workers())
        _shared[key] = (pool, users + 1)
    try:
        yield pool if pool.started else None
    finally:
        with _shared_lock:
            users = _shared[key][1] - 1
            if users:
                _shared[key] = (pool, users)
            else:
                del _shared[key]
        if not users:
            pool.close()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer)
