"""Rules at arrival, in the fetch, keeping the fetch's guarantee: after a kill -9 at any
moment every message is there exactly once, where the rules put it or in the Inbox to be
filtered at the next fetch; a rule applied twice never copies or forwards twice.

How (the fetch calls three functions; see core/sync.py):

1. :func:`expect` — before a batch's files are renamed into the Inbox, their fetch keys are
   written to the table ``rule_arrivals`` ("still to be filtered"), in a transaction of their
   own. So every fetched message that can be in the store has its mark, even one a kill
   caught between its rename and its index row (the next open indexes it with its key).
2. :func:`apply_to_new` — after the batch is durable and indexed, the rules run over its
   messages (engine.py: every action idempotent), then the marks go, in one transaction.
3. :func:`filter_left` — at the start of the next fetch of that account, the messages whose
   marks a kill left are filtered the same way (running the rules again on a message half
   filtered only finishes the job). A mark whose message never came (killed before the
   rename, then gone from the server) is dropped after 30 days.

Filtering holds ``rules.lock`` in the store (and a thread lock), so two fetching accounts, a
window and ``hongyan rule run`` never filter one message at the same moment.

``rule_arrivals`` is not a cache: it is kept by a reindex, like sync's state (index.py).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hongyan.core.errors import HongyanError
from hongyan.core.rules.book import RULES_FILE, RuleBook
from hongyan.core.rules.model import Rule
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, text_of, words

if TYPE_CHECKING:  # the store and the engine load when there is filtering to do
    from hongyan.core.accounts import Account
    from hongyan.core.rules.engine import RunReport
    from hongyan.core.rules.forward import Sender
    from hongyan.core.rules.matcher import Contacts

log = logging.getLogger(__name__)

LOCK_NAME = "rules.lock"
STALE_MARK_SECONDS = 30 * 86400
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rule_arrivals ("
    " fetch_key TEXT PRIMARY KEY, account TEXT NOT NULL, noted INTEGER NOT NULL"
    ") WITHOUT ROWID"
)
_CHUNK = 500
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def enabled_rules(store_root: Path) -> tuple[Rule, ...]:
    """The store's rules that are on, read again only when ``rules.json`` changed (a fetch
    asks twice per batch of 256 messages; reading 50 rules took 7 ms)."""
    path = store_root / RULES_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ()
    return _enabled_rules(str(path), (stat.st_mtime_ns, stat.st_size, stat.st_ino))


@functools.lru_cache(maxsize=8)
def _enabled_rules(path: str, signature: tuple[int, int, int]) -> tuple[Rule, ...]:
    return tuple(RuleBook.load(Path(path).parent).enabled())


def expect(store_root: Path, conn: sqlite3.Connection, account: str, keys: Sequence[str]) -> bool:
    """Note fetched messages as still to be filtered, before their files can land in the
    Inbox. Returns False, noting nothing, when the store has no rule switched on."""
    if not keys or not enabled_rules(store_root):
        return False
    from hongyan.core.store.index import write_transaction

    now = int(time.time())
    with write_transaction(conn):
        conn.execute(SCHEMA)
        conn.executemany(
            "INSERT OR IGNORE INTO rule_arrivals (fetch_key, account, noted) VALUES (?, ?, ?)",
            [(key, account, now) for key in keys],
        )
    return True


def apply_to_new(
    store_root: Path,
    conn: sqlite3.Connection,
    keys: Sequence[str],
    account: Account,
    *,
    contacts: Contacts | None = None,
) -> list[Text]:
    """Filter the messages a fetch has just committed; return the problems to show (a
    failure is one of them: the marks stay, and the next fetch filters those messages)."""
    return _guarded(store_root, conn, keys, account.name, _sender_of(account), contacts)


def filter_left(
    store_root: Path,
    conn: sqlite3.Connection,
    account: Account,
    *,
    contacts: Contacts | None = None,
) -> list[Text]:
    """Filter this account's messages a kill left unfiltered (start of a fetch)."""
    return _guarded(store_root, conn, None, account.name, _sender_of(account), contacts)


def filter_all_left(
    store_root: Path,
    conn: sqlite3.Connection,
    sender: Sender | None,
    *,
    contacts: Contacts | None = None,
) -> RunReport:
    """Filter every account's messages a kill left unfiltered (``hongyan rule run`` and the
    app's start). Raises what goes wrong."""
    return _apply(store_root, conn, None, None, sender, contacts)


def _sender_of(account: Account) -> Sender:
    return lambda _name: (account.name, account)


def _guarded(
    store_root: Path,
    conn: sqlite3.Connection,
    keys: Sequence[str] | None,
    account: str,
    sender: Sender,
    contacts: Contacts | None,
) -> list[Text]:
    try:
        return _apply(store_root, conn, keys, account, sender, contacts).problems
    except (HongyanError, OSError, sqlite3.Error) as exc:
        log.warning("rules at arrival failed: %s", exc)
        return [
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "the rules could not run ({reason}); they run again at the next fetch"
                ),
                reason=text_of(exc) if isinstance(exc, HongyanError) else str(exc),
            )
        ]


def _apply(
    store_root: Path,
    conn: sqlite3.Connection,
    keys: Sequence[str] | None,
    account: str | None,
    sender: Sender | None,
    contacts: Contacts | None,
) -> RunReport:
    from hongyan.core.rules.engine import RunReport, run_rules
    from hongyan.core.rules.forward import OutboxForwarder
    from hongyan.core.store import Store
    from hongyan.core.store.index import write_transaction

    if not _has_marks_table(conn):  # no rule was ever on: nothing to do, nothing to create
        return RunReport()
    with rules_lock(store_root):
        marked = _marked(conn, keys, account)
        if not marked:
            return RunReport()
        found = _messages(conn, marked)
        store = Store.over(store_root, conn)
        forwarder = OutboxForwarder(store, sender) if sender is not None else None
        rules = enabled_rules(store_root)
        ids = [i for i, _ in found]
        report = run_rules(store, rules, ids, contacts=contacts, forwarder=forwarder)
        done = sorted({key for _, key in found})
        stale = int(time.time()) - STALE_MARK_SECONDS
        with write_transaction(conn):
            for start in range(0, len(done), _CHUNK):
                chunk = done[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                conn.execute(f"DELETE FROM rule_arrivals WHERE fetch_key IN ({marks})", chunk)
            if keys is None:  # their message never came (killed, then gone from the server)
                conn.execute(
                    "DELETE FROM rule_arrivals WHERE noted < ? AND (account = ? OR ? IS NULL)",
                    (stale, account, account),
                )
        return report


def _has_marks_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rule_arrivals'"
    ).fetchone()
    return row is not None


def _marked(conn: sqlite3.Connection, keys: Sequence[str] | None, account: str | None) -> list[str]:
    if keys is None:
        if account is None:
            return [str(r[0]) for r in conn.execute("SELECT fetch_key FROM rule_arrivals")]
        rows = conn.execute("SELECT fetch_key FROM rule_arrivals WHERE account = ?", (account,))
        return [str(r[0]) for r in rows]
    marked: list[str] = []
    for start in range(0, len(keys), _CHUNK):
        chunk = list(keys[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT fetch_key FROM rule_arrivals WHERE fetch_key IN ({marks})", chunk
        )
        marked += [str(r[0]) for r in rows]
    return marked


def _messages(conn: sqlite3.Connection, keys: list[str]) -> list[tuple[int, str]]:
    """(id, fetch key) of the stored messages with these keys (copies carry none)."""
    found: list[tuple[int, str]] = []
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT id, fetch_key FROM messages WHERE fetch_key IN ({marks}) ORDER BY id", chunk
        )
        found += [(int(r[0]), str(r[1])) for r in rows]
    return found


@contextlib.contextmanager
def rules_lock(store_root: Path) -> Iterator[None]:
    """Hold the store's filtering lock, waiting for another filter to finish."""
    path = store_root / LOCK_NAME
    # POSIX record locks belong to the process: threads are kept apart by a lock of our own.
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(str(path), threading.Lock())
    with thread_lock, open(path, "a+b") as handle:
        _lock(handle.fileno())
        yield


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.lockf(fd, fcntl.LOCK_EX)
