"""Sync's own record of what was fetched from each POP3 mailbox, kept in the store's index.

The state lives in the store directory (its ``index.sqlite``), so it moves with the store and
comes back with it after a reinstall. These tables are not a cache: reindex leaves them alone
(architecture.md, "Store"). Records of downloads are written only inside the store's delivery
transaction (``batch.commit(on_commit=...)``), so "recorded" implies "durable in the store"
(style practice 3; getmail6's oldmail file, mpop's UIDL file).

Tables:
    ``pop3_records``: one row per message of a mailbox that Hongyan holds (whole, headers
    only, or "suspect"), keyed by (mailbox, key). Besides the UIDL it keeps what tells one
    message from another when a server hands a UIDL out again (plan G55): the LIST size, and
    the Message-ID and Date of the message's header block.
    ``pop3_skipped``: messages left on the server on purpose (too large, a line over the cap,
    more data than announced), with what the user is told about them (plan G58).
    ``pop3_meta``: the sane clock's state (see :func:`hongyan.core.syncplan.sane_now`).
    ``pop3_seen`` is the table of Hongyan 1.0 (keyed by the account's *name*); its rows are
    adopted into ``pop3_records`` the first time their account is fetched (:func:`adopt`).

Keys:
    ``mailbox`` is ``user@host`` (:func:`mailbox_of`): a record belongs to the mailbox, not
    to the account's display name (plan G56). ``key`` is the UIDL as
    :func:`hongyan.core.pop3.normalise_uidl` gives it, with ``\\x00#2``, ``\\x00#3`` …
    appended for the 2nd, 3rd … message carrying the same UIDL in one listing (plan C26), or
    ``#nouidl:`` + a hash of Message-ID, Date and size for servers without UIDL (plan C28).
    ``fetch_key`` = 16 hex digits of sha256(mailbox NUL key), chained with the previous fetch
    key when a UIDL comes back for another message (:func:`fetch_key`); it is what the
    store's file names carry (``,K=``), never the UIDL itself.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hongyan.core.accounts import Account

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS pop3_records (
        mailbox TEXT NOT NULL,
        key TEXT NOT NULL,
        fetch_key TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        list_size INTEGER,
        size INTEGER NOT NULL,
        state TEXT NOT NULL,
        sha256 TEXT NOT NULL DEFAULT '',
        message_id TEXT NOT NULL DEFAULT '',
        date INTEGER,
        gone_since INTEGER,
        PRIMARY KEY (mailbox, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS pop3_records_fetch_key ON pop3_records(fetch_key)",
    """CREATE TABLE IF NOT EXISTS pop3_skipped (
        mailbox TEXT NOT NULL,
        key TEXT NOT NULL,
        list_size INTEGER NOT NULL,
        reason TEXT NOT NULL,
        cap INTEGER NOT NULL,
        sender TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (mailbox, key)
    ) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS pop3_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
)
LEGACY_TABLE = "pop3_seen"

FULL = "full"
"""The whole message is in the store."""
HEADERS = "headers"
"""Only its header block is (headers-only policy); the full message is fetched on demand."""
SUSPECT = "suspect"
"""Stored, but its size disagreed with LIST by more than 2x (plan C20, C25): never deleted
from the server, fetched again next time and kept only if the content differs."""


def mailbox_of(account: Account) -> str:
    """``user@host``: what a record belongs to (plan G56). The port and the TLS mode are left
    out (995 and 110 reach the same mailbox); the host is compared without case or final dot.
    Host names cannot hold ``@``, so the last ``@`` always separates the two."""
    host = account.pop3.host.strip().rstrip(".").lower()
    return f"{account.pop3_username}@{host}"


def fetch_key(mailbox: str, key: str, previous: str = "") -> str:
    """The 16-hex-digit key a fetched message's file name carries (architecture.md).

    ``previous`` is the fetch key of the record a reused UIDL replaces (plan G55), so the
    new message's file never carries the old one's key, and a kill between its rename and
    its commit is healed by the next run, which computes the same chained key.
    """
    text = f"{mailbox}\0{key}" + (f"\0{previous}" if previous else "")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Record(NamedTuple):
    """One recorded message (a tuple: tens of thousands are loaded per check)."""

    key: str
    fetch_key: str
    first_seen: int
    list_size: int | None  # None: adopted from Hongyan 1.0, not yet compared with LIST
    size: int
    state: str
    sha256: str = ""
    message_id: str = ""
    date: int | None = None
    gone_since: int | None = None


class Brief(NamedTuple):
    """What the nothing-new check reads of every record: its state and LIST size."""

    state: str
    list_size: int | None
    gone_since: int | None


_COLUMNS = (
    "key, fetch_key, first_seen, list_size, size, state, sha256, message_id, date, gone_since"
)


def ensure_schema(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


class Records(Mapping[str, Record]):
    """A mailbox's records, as a mapping key → :class:`Record`.

    Which keys are recorded, their state and LIST size (:class:`Brief`) are read at once:
    that is all a "nothing new" check needs (a set lookup and a size comparison per message,
    issue 5). The full rows (dates, hashes, Message-IDs) are read in one query when first
    asked for: only planning deletions, and messages that look changed, need them.
    """

    def __init__(
        self, briefs: dict[str, Brief], load: Callable[[], dict[str, Record]], legacy: set[str]
    ) -> None:
        self._briefs = briefs
        self._load = load
        self._rows: dict[str, Record] | None = None
        self.legacy = legacy
        """Keys of rows Hongyan 1.0 wrote for the account's name, not yet adopted."""

    @classmethod
    def of(cls, rows: Iterable[Record]) -> Records:
        """Records held in memory (tests of the plan)."""
        loaded = {r.key: r for r in rows}
        briefs = {k: Brief(r.state, r.list_size, r.gone_since) for k, r in loaded.items()}
        return cls(briefs, lambda: loaded, set())

    def brief(self, key: str) -> Brief | None:
        """State and LIST size of ``key``; None when it was never recorded."""
        return self._briefs.get(key)

    def __getitem__(self, key: str) -> Record:
        if key not in self._briefs:
            raise KeyError(key)
        if self._rows is None:
            self._rows = self._load()
        return self._rows[key]

    def __contains__(self, key: object) -> bool:
        return key in self._briefs

    def __iter__(self) -> Iterator[str]:
        return iter(self._briefs)

    def __len__(self) -> int:
        return len(self._briefs)


def load_records(conn: sqlite3.Connection, mailbox: str, account_name: str) -> Records:
    """Every record of ``mailbox``, with the rows Hongyan 1.0 wrote for ``account_name``
    folded in (see :func:`adopt`): one query, then a set lookup per server message."""
    rows = conn.execute(
        "SELECT key, state, list_size, gone_since FROM pop3_records WHERE mailbox = ?",
        (mailbox,),
    )
    briefs = {r[0]: Brief(r[1], r[2], r[3]) for r in rows}
    legacy: set[str] = set()
    if _has_table(conn, LEGACY_TABLE):
        old = conn.execute(
            f"SELECT key, state FROM {LEGACY_TABLE} WHERE account = ?", (account_name,)
        )
        for key, state in old:
            if key not in briefs:
                briefs[key] = Brief(state, None, None)
                legacy.add(key)

    def load() -> dict[str, Record]:
        found = conn.execute(f"SELECT {_COLUMNS} FROM pop3_records WHERE mailbox = ?", (mailbox,))
        loaded = {r[0]: Record._make(r) for r in found}
        if legacy:
            for key, fkey, fetched_at, size, state, sha in conn.execute(
                f"SELECT key, fetch_key, fetched_at, size, state, sha256 FROM {LEGACY_TABLE} "
                "WHERE account = ?",
                (account_name,),
            ):
                if key in legacy:
                    message_id = _stored_message_id(conn, fkey)
                    loaded[key] = Record(key, fkey, fetched_at, None, size, state, sha, message_id)
        return loaded

    return Records(briefs, load, legacy)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None


def _stored_message_id(conn: sqlite3.Connection, fkey: str) -> str:
    row = conn.execute("SELECT message_id FROM messages WHERE fetch_key = ? LIMIT 1", (fkey,))
    found = row.fetchone()
    return str(found[0]) if found is not None else ""


def adopt(conn: sqlite3.Connection, mailbox: str, account_name: str) -> int:
    """Move Hongyan 1.0's rows of ``account_name`` into ``mailbox``'s records; return how many.

    They keep their fetch keys (the store's file names carry them) and first-seen times, so an
    upgrade downloads nothing again and forgets nothing. Their LIST size is not known: it is
    left empty, so the next look at the server compares it with the stored size instead and
    records it (:mod:`hongyan.core.syncplan`); their Message-ID comes from the stored message,
    for the check before a DELE. Call inside a write transaction.
    """
    if not _has_table(conn, LEGACY_TABLE):
        return 0
    moved = conn.execute(
        f"""INSERT OR IGNORE INTO pop3_records
            (mailbox, key, fetch_key, first_seen, list_size, size, state, sha256, message_id)
            SELECT ?, s.key, s.fetch_key, s.fetched_at, NULL, s.size, s.state, s.sha256,
                coalesce((SELECT m.message_id FROM messages m
                          WHERE m.fetch_key = s.fetch_key LIMIT 1), '')
            FROM {LEGACY_TABLE} s WHERE s.account = ?""",
        (mailbox, account_name),
    ).rowcount
    conn.execute(f"DELETE FROM {LEGACY_TABLE} WHERE account = ?", (account_name,))
    return int(moved)


def record(conn: sqlite3.Connection, mailbox: str, rows: Iterable[Record]) -> None:
    """Insert or replace rows; downloads only inside the delivery transaction (``on_commit``)."""
    conn.executemany(
        f"INSERT OR REPLACE INTO pop3_records (mailbox, {_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(mailbox, *r) for r in rows],
    )


def set_list_sizes(
    conn: sqlite3.Connection, mailbox: str, sizes: Iterable[tuple[str, int]]
) -> None:
    """Record the LIST size of adopted rows once it was found to match."""
    conn.executemany(
        "UPDATE pop3_records SET list_size = ? WHERE mailbox = ? AND key = ?",
        [(size, mailbox, key) for key, size in sizes],
    )


def set_first_seen(conn: sqlite3.Connection, mailbox: str, keys: Iterable[str], when: int) -> None:
    """Clamp first-seen times that lay in the future (plan G61)."""
    conn.executemany(
        "UPDATE pop3_records SET first_seen = ? WHERE mailbox = ? AND key = ?",
        [(when, mailbox, k) for k in keys],
    )


def set_gone(
    conn: sqlite3.Connection, mailbox: str, keys: Iterable[str], since: int | None
) -> None:
    """Note when a recorded message was first missing from a listing (None: it is back)."""
    conn.executemany(
        "UPDATE pop3_records SET gone_since = ? WHERE mailbox = ? AND key = ?",
        [(since, mailbox, k) for k in keys],
    )


def forget(conn: sqlite3.Connection, mailbox: str, keys: Iterable[str]) -> None:
    """Drop records of messages gone from the server for good (see syncplan, plan G60)."""
    conn.executemany(
        "DELETE FROM pop3_records WHERE mailbox = ? AND key = ?", [(mailbox, k) for k in keys]
    )


# -- messages left on the server ----------------------------------------------------------------


class Skip(NamedTuple):
    """A message left on the server on purpose, and what the user is told about it."""

    key: str
    list_size: int
    reason: str  # "size", "line" or "overrun" (see syncplan.LEFT_REASONS)
    cap: int  # the limit it broke, in bytes: raised above it, the message is tried again
    sender: str = ""
    subject: str = ""


def load_skipped(conn: sqlite3.Connection, mailbox: str) -> dict[str, Skip]:
    rows = conn.execute(
        "SELECT key, list_size, reason, cap, sender, subject FROM pop3_skipped WHERE mailbox = ?",
        (mailbox,),
    )
    return {r[0]: Skip._make(r) for r in rows}


def record_skips(conn: sqlite3.Connection, mailbox: str, skips: Iterable[Skip]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO pop3_skipped (mailbox, key, list_size, reason, cap, sender, "
        "subject) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(mailbox, *s) for s in skips],
    )


def forget_skips(conn: sqlite3.Connection, mailbox: str, keys: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM pop3_skipped WHERE mailbox = ? AND key = ?", [(mailbox, k) for k in keys]
    )


# -- the clock ----------------------------------------------------------------------------------


class ClockState(NamedTuple):
    """What the sane clock remembers (unix seconds; None: nothing yet)."""

    trusted: int | None
    candidate: int | None


def load_clock(conn: sqlite3.Connection, reading: float) -> ClockState:
    """The sane clock's state. Before any was kept (a store of Hongyan 1.0), the latest
    first-seen time recorded stands in, but never later than the clock reads now: that time
    may itself have been written by a clock running ahead."""
    values = dict(conn.execute("SELECT name, value FROM pop3_meta WHERE name LIKE 'clock.%'"))
    trusted = values.get("clock.trusted")
    if trusted is None:
        row = conn.execute("SELECT max(first_seen) FROM pop3_records").fetchone()
        if row is not None and row[0] is not None:
            trusted = min(int(row[0]), int(reading))
    return ClockState(trusted, values.get("clock.candidate"))


def save_clock(conn: sqlite3.Connection, state: ClockState) -> None:
    """Store the clock's state; the trusted time never moves back (two fetches at once)."""
    if state.trusted is not None:
        conn.execute(
            "INSERT INTO pop3_meta VALUES ('clock.trusted', ?) ON CONFLICT(name) DO UPDATE "
            "SET value = max(value, excluded.value)",
            (state.trusted,),
        )
    if state.candidate is None:
        conn.execute("DELETE FROM pop3_meta WHERE name = 'clock.candidate'")
    else:
        conn.execute(
            "INSERT OR REPLACE INTO pop3_meta VALUES ('clock.candidate', ?)", (state.candidate,)
        )


# -- the store's side ---------------------------------------------------------------------------


class StoredCopy(NamedTuple):
    """A message in the store that a fetch made (it has a fetch key)."""

    size: int
    message_id: str
    date: int | None
    own: bool  # fetched by this account (its ``account`` column), not by another one


def stored_copies(conn: sqlite3.Connection, account_name: str) -> dict[str, StoredCopy]:
    """Fetch key → the stored message, for every fetched message in the store (any folder)."""
    rows = conn.execute(
        "SELECT fetch_key, size, message_id, date, account = ? FROM messages "
        "WHERE fetch_key IS NOT NULL",
        (account_name,),
    )
    return {r[0]: StoredCopy(r[1], r[2], r[3], bool(r[4])) for r in rows}
