"""Extraction in worker processes, for indexing many files (a rebuild, a large import).

Parsing MIME in Python is the cost of indexing (SQLite is cheap), so a rebuild uses every core.
Workers are fresh interpreters (``python -m hongyan.core.store.workers ROOT``) that import only
the extractor, not forks of the indexing process: a fork would start with a copy of everything
the parent holds (the list of 100 000 files, SQLite's cache), counted again in every worker's
memory, and forking a process that has threads (the GUI) can copy a held lock. Being plain
subprocesses, they also work the same on Windows and macOS and never re-import the caller's
``__main__``.

The protocol is a pipe each way: the parent writes a batch of relative paths, the worker answers
with ``(size, mtime, Extracted)`` or ``None`` (the file vanished) for each; every message is a
length-prefixed pickle between two processes of the same program. A worker that dies or cannot
start is not fatal: its batch is extracted in the parent instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from hongyan.core.store.extract import Extracted, extract

log = logging.getLogger(__name__)
FileResult = tuple[int, int, Extracted] | None  # size, mtime, what was extracted
_HEADER = struct.Struct(">I")


def read_file(path: Path) -> FileResult:
    """Read and extract one file; None when it vanished meanwhile (moved by another tool)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
            mtime = int(os.fstat(handle.fileno()).st_mtime)
    except FileNotFoundError:
        return None
    return len(data), mtime, extract(data)


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
    """The worker's loop: answer batches of relative paths until the parent closes the pipe."""
    while (frame := _read_frame(requests)) is not None:
        relpaths: list[str] = pickle.loads(frame)
        results = [read_file(root / relpath) for relpath in relpaths]
        _write_frame(replies, pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))


class Workers:
    """A few worker processes for one store; :meth:`extract` may be called from many threads."""

    command = (sys.executable, "-m", "hongyan.core.store.workers")  # then the store's root

    def __init__(self, root: Path, count: int) -> None:
        self.root = root
        # Idle workers; None once none is left alive (passed on, so every waiting thread wakes).
        self._idle: queue.SimpleQueue[subprocess.Popen[bytes] | None] = queue.SimpleQueue()
        self._all: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()
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
                log.warning("cannot start an indexing worker (%s); indexing in this process", exc)
                break
            self._all.append(proc)
            self._idle.put(proc)
        self._alive = len(self._all)
        if not self._alive:
            self._idle.put(None)

    def extract(self, relpaths: list[str]) -> list[FileResult]:
        """Extract the files of one batch, in a worker when one is alive (else here)."""
        proc = self._idle.get()
        if proc is None:
            self._idle.put(None)
            return [read_file(self.root / relpath) for relpath in relpaths]
        assert proc.stdin is not None and proc.stdout is not None
        try:
            _write_frame(proc.stdin, pickle.dumps(relpaths))
            frame = _read_frame(proc.stdout)
        except (OSError, ValueError):
            frame = None
        if frame is None:  # the worker died: stop using it and finish its batch here
            log.warning("an indexing worker stopped (%s); its batch is indexed here", proc.poll())
            proc.kill()
            with self._lock:
                self._alive -= 1
                if not self._alive:
                    self._idle.put(None)
            return [read_file(self.root / relpath) for relpath in relpaths]
        self._idle.put(proc)
        results: list[FileResult] = pickle.loads(frame)
        return results

    def close(self) -> None:
        for proc in self._all:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
        for proc in self._all:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer)
