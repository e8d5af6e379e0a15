"""Sync's own record of what was fetched from each POP3 account, kept in the store's index.

The state lives in the store directory (its ``index.sqlite``), so it moves with the store and
comes back with it after a reinstall. These tables are not a cache: reindex leaves them alone
(architecture.md, "Store"). Rows are written only inside the store's delivery transaction
(``batch.commit(on_commit=...)``), so "recorded as seen" implies "durable in the store"
(style practice 3; getmail6's oldmail file, mpop's UIDL file).

Keys:
    ``key`` is the UIDL as :func:`hongyan.core.pop3.normalise_uidl` gives it, with ``\\x00#2``,
    ``\\x00#3`` … appended for the 2nd, 3rd … message carrying the same UIDL in one listing
    (plan C26), or ``#nouidl:`` + a hash of Message-ID, Date and size for servers without
    UIDL (plan C28). ``fetch_key`` = 16 hex digits of sha256(account + NUL + key); it is what
    the store's file names carry (``,K=``), never the UIDL itself.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS pop3_seen (
        account TEXT NOT NULL,
        key TEXT NOT NULL,
        fetch_key TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        size INTEGER NOT NULL,
        state TEXT NOT NULL,
        sha256 TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (account, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS pop3_seen_fetch_key ON pop3_seen(fetch_key)",
)

FULL = "full"
"""The whole message is in the store."""
HEADERS = "headers"
"""Only its header block is (headers-only policy); the full message is fetched on demand."""
SUSPECT = "suspect"
"""Stored, but its size disagreed with LIST by more than 2x (plan C20, C25): never deleted
from the server, fetched again next time and kept only if the content differs."""


def fetch_key(account: str, key: str) -> str:
    """The 16-hex-digit key a fetched message's file name carries (architecture.md)."""
    return hashlib.sha256(f"{account}\0{key}".encode()).hexdigest()[:16]


class SeenRow(NamedTuple):
    """One recorded message (a tuple: tens of thousands are loaded per check)."""

    key: str
    fetch_key: str
    fetched_at: int
    size: int
    state: str
    sha256: str


def ensure_schema(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


class Seen(Mapping[str, SeenRow]):
    """An account's recorded keys, as a mapping key → :class:`SeenRow`.

    Which keys are recorded, and their state, is read at once: that is all a "nothing new"
    check needs (one UIDL exchange and a set lookup, issue 5), and reading 10 000 full rows
    cost three times as much as reading their keys. The full rows (dates, sizes, hashes) are
    read in one query when first asked for: only planning deletions and re-fetching a
    suspect message need them.
    """

    def __init__(self, conn: sqlite3.Connection, account: str) -> None:
        self._conn = conn
        self._account = account
        rows = conn.execute("SELECT key, state FROM pop3_seen WHERE account = ?", (account,))
        self._states: dict[str, str] = dict(rows.fetchall())
        self._rows: dict[str, SeenRow] | None = None

    def state(self, key: str) -> str | None:
        """The recorded state of ``key``; None when it was never recorded."""
        return self._states.get(key)

    def add(self, rows: Iterable[SeenRow]) -> None:
        """Rows just recorded (in the index too) by this fetch."""
        for row in rows:
            self._states[row.key] = row.state
            if self._rows is not None:
                self._rows[row.key] = row

    def __getitem__(self, key: str) -> SeenRow:
        if key not in self._states:
            raise KeyError(key)
        if self._rows is None:
            rows = self._conn.execute(
                "SELECT key, fetch_key, fetched_at, size, state, sha256 FROM pop3_seen"
                " WHERE account = ?",
                (self._account,),
            )
            self._rows = {r[0]: SeenRow._make(r) for r in rows}
        return self._rows[key]

    def __contains__(self, key: object) -> bool:
        return key in self._states

    def __iter__(self) -> Iterator[str]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)


def load_seen(conn: sqlite3.Connection, account: str) -> Seen:
    """Every recorded key of ``account`` (one query; a set lookup per server message after)."""
    return Seen(conn, account)


def stored_fetch_keys(conn: sqlite3.Connection, account: str) -> set[str]:
    """Fetch keys of this account's messages present in the store (any folder)."""
    rows = conn.execute(
        "SELECT fetch_key FROM messages WHERE fetch_key IS NOT NULL AND "
        "(account = ? OR account IS NULL)",
        (account,),
    )
    return {r[0] for r in rows}


def record(
    conn: sqlite3.Connection,
    account: str,
    rows: Iterable[SeenRow],
) -> None:
    """Insert or replace rows; call only inside the delivery transaction (``on_commit``)."""
    conn.executemany(
        "INSERT OR REPLACE INTO pop3_seen (account, key, fetch_key, fetched_at, size, state, "
        "sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(account, r.key, r.fetch_key, r.fetched_at, r.size, r.state, r.sha256) for r in rows],
    )


def forget(conn: sqlite3.Connection, account: str, keys: Iterable[str]) -> None:
    """Drop rows of messages the server no longer has (they can never come back)."""
    conn.executemany(
        "DELETE FROM pop3_seen WHERE account = ? AND key = ?", [(account, k) for k in keys]
    )


def match_by_headers(
    conn: sqlite3.Connection, message_id: str, date: int | None
) -> sqlite3.Row | None:
    """A stored message with this Message-ID (and Date when known), for rebuilding lost state."""
    if not message_id:
        return None
    if date is None:
        query = "SELECT id, fetch_key, size FROM messages WHERE message_id = ? LIMIT 1"
        row: sqlite3.Row | None = conn.execute(query, (message_id,)).fetchone()
        return row
    row = conn.execute(
        "SELECT id, fetch_key, size FROM messages WHERE message_id = ? AND date = ? LIMIT 1",
        (message_id, date),
    ).fetchone()
    return row
