"""One fetch per mailbox and store at a time, across processes and threads (plan E45).

Like mpop locking its UIDL file "for exclusive access": two fetches of one mailbox would
otherwise RETR and DELE the same messages. Sync locks the mailbox (server + user,
:func:`hongyan.core.syncstate.mailbox_of`), whose records the lock protects, so two accounts
for one mailbox wait for each other too. The lock is a file in the store root (the records
live there too), held with ``fcntl.lockf`` (``msvcrt.locking`` on Windows).
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def account_lock(store_root: Path, mailbox: str) -> Iterator[bool]:
    """Hold an exclusive lock for (store, mailbox); yields False if someone else holds it."""
    name = hashlib.sha256(mailbox.encode()).hexdigest()[:16]
    path = store_root / f".fetch-{name}.lock"
    # POSIX record locks belong to the process, and closing any descriptor of the file drops
    # them: threads of this process are therefore kept apart first, by a lock of our own.
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(str(path), threading.Lock())
    if not thread_lock.acquire(blocking=False):
        yield False
        return
    try:
        with open(path, "a+b") as handle:
            try:
                _lock_file(handle.fileno())
            except OSError:
                yield False
                return
            yield True
    finally:
        thread_lock.release()


def _lock_file(fd: int) -> None:
    """Take an exclusive, non-blocking lock; OSError when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
