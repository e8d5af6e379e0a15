"""The SQLite index inside the store directory: a cache of the Maildir, rebuilt from it at will.

WAL lets a reader (the GUI) work while a writer (a fetch) commits; ``busy_timeout`` makes two
writers wait for each other instead of failing. The schema is versioned with ``PRAGMA
user_version`` and migrated step by step (qutebrowser's ``misc/sql.py`` does the same).

Only ``messages``, ``messages_fts``, ``messages_addresses`` and ``fts_pending`` are a cache.
Tables other parts create through ``store.connection`` (sync's POP3 state) are theirs and
survive a reindex.

Search uses FTS5 with the trigram tokenizer: Chinese has no spaces, so the default tokenizer
keeps a whole run of Han characters as one token and 报价 inside 关于报价单的确认 is never found.
Trigrams find any substring of three or more characters; shorter queries (most two-character
Chinese words) look up the trigrams that start with them in ``messages_fts_terms`` (an
``fts5vocab`` view of the same index, no extra storage) and match any of those (see
``search.py``).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

INDEX_NAME = "index.sqlite"
STATE_NAME = "index.state"  # size and mtime of the index at the last clean close
BUSY_TIMEOUT_MS = 15_000
#: Marks an index replaced by a rebuild (see rebuild.py): a connection that finds it on the
#: file it opened was too late for that file and opens the path again.
RETIRED_TABLE = "index_retired"

CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- Maildir base name: unique in the store, never changes
    folder TEXT NOT NULL,
    path TEXT NOT NULL,                 -- relative to the store root, '/' separated
    account TEXT,
    uidl TEXT,                          -- set by sync when it knows it; a cache like the rest
    fetch_key TEXT,
    message_id TEXT NOT NULL DEFAULT '',
    date INTEGER NOT NULL,
    from_name TEXT NOT NULL DEFAULT '',
    from_addr TEXT NOT NULL DEFAULT '',
    to_addrs TEXT NOT NULL DEFAULT '',
    cc_addrs TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    flags TEXT NOT NULL DEFAULT '',
    has_attachments INTEGER NOT NULL DEFAULT 0,
    in_reply_to TEXT NOT NULL DEFAULT '',
    thread_key TEXT NOT NULL DEFAULT '',
    malformed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_folder_date ON messages(folder, date DESC, id DESC);
CREATE INDEX IF NOT EXISTS messages_date ON messages(date DESC, id DESC);
CREATE INDEX IF NOT EXISTS messages_fetch_key ON messages(fetch_key);
CREATE INDEX IF NOT EXISTS messages_thread ON messages(thread_key);
CREATE INDEX IF NOT EXISTS messages_message_id ON messages(message_id);
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
    subject, sender, recipients, body, tokenize = 'trigram'
);
"""

#: Appended to every column of ``messages_fts``: every one- or two-character string of the
#: text, even at the very end of a column, is then the start of a trigram (see search.py).
#: Queries are stripped of spaces, so the terminator itself can never be what matches.
FTS_END = "  "

# Version 2: the trigram vocabulary (for one- and two-character queries) and FTS_END.
SHORT_QUERY_SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts_terms USING fts5vocab(messages_fts, 'row');
UPDATE messages_fts SET subject = subject || '{FTS_END}', sender = sender || '{FTS_END}',
    recipients = recipients || '{FTS_END}', body = body || '{FTS_END}';
"""

# Version 3: messages delivered by a fetch whose body is not yet in ``messages_fts`` (the
# fetch records headers only; the body pass in pending.py indexes them later). A cache like
# ``messages``: a rebuild starts without it, deleting a message's row deletes its entry.
PENDING_SCHEMA = """
CREATE TABLE IF NOT EXISTS fts_pending (id INTEGER PRIMARY KEY);
"""

# Version 4: threads and correspondents (see threads.py). What a message answers
# (``parent_msgid``, and ``parent_id`` once that message is indexed), its subject without
# Re:/回复: prefixes, whether a machine sent it (core/message/automated.py), and one row per
# sender and recipient address in ``messages_addresses``. Caches like ``messages``: filled when a
# row is inserted, rebuilt by a reindex; an older index is filled from its rows at open.
THREADS_SCHEMA = """
ALTER TABLE messages ADD COLUMN parent_msgid TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN parent_id INTEGER;
ALTER TABLE messages ADD COLUMN subject_key TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN reply_subject INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN automated INTEGER NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS messages_addresses (
    message_id INTEGER NOT NULL,
    role INTEGER NOT NULL,              -- 0 From, 1 To, 2 Cc
    addr TEXT NOT NULL,                 -- lower case
    domain TEXT NOT NULL,
    PRIMARY KEY (message_id, role, addr)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_addresses_addr ON messages_addresses(addr);
CREATE INDEX IF NOT EXISTS messages_addresses_domain ON messages_addresses(domain);
CREATE INDEX IF NOT EXISTS messages_parent ON messages(parent_id);
CREATE INDEX IF NOT EXISTS messages_unlinked ON messages(parent_msgid)
    WHERE parent_id IS NULL AND parent_msgid != '';
CREATE INDEX IF NOT EXISTS messages_subject ON messages(subject_key, date);
CREATE INDEX IF NOT EXISTS messages_subject_orphans ON messages(subject_key, date)
    WHERE parent_id IS NULL AND parent_msgid = '' AND reply_subject = 1;
"""


def _threads_migration(conn: sqlite3.Connection) -> None:
    from hongyan.core.store.threads import backfill

    columns = {str(row[1]) for row in conn.execute("PRAGMA table_info(messages)")}
    for statement in _statements(THREADS_SCHEMA):
        added = re.search(r"ADD COLUMN (\w+)", statement)
        if added is None or added.group(1) not in columns:  # a test may redo a step
            conn.execute(statement)
    backfill(conn)


# Each entry migrates from version i to i + 1 (a script, or a function for what SQL alone
# cannot do). Version 1 is the first schema.
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    CACHE_SCHEMA,
    SHORT_QUERY_SCHEMA,
    PENDING_SCHEMA,
    _threads_migration,
)
SCHEMA_VERSION = len(MIGRATIONS)


class IndexCorruptError(Exception):
    """The index file is damaged; the caller moves it aside and rebuilds it."""


def connect(path: Path) -> sqlite3.Connection:
    """Open the index in autocommit mode (transactions are explicit), WAL, with a busy timeout.

    Raises:
        IndexCorruptError: the file is not a usable SQLite database.
    """
    conn = _open(path)
    try:
        if _retired(conn):  # opened while a rebuild swapped it: the path has the new one now
            conn.close()
            conn = _open(path)
            if _retired(conn):  # the rebuild was killed before its rename: this one stays
                conn.execute(f"DROP TABLE IF EXISTS {RETIRED_TABLE}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable except on power cut
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corruption(exc):
            raise IndexCorruptError(str(exc)) from exc
        raise
    return conn


def _open(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "The mail index {path} cannot be opened: {error}."),
                path=path,
                error=exc,
            )
        ) from exc
    return conn


def _retired(conn: sqlite3.Connection) -> bool:
    """Read before anything else (before WAL is switched on): a retired file is left alone."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (RETIRED_TABLE,)
    ).fetchone()
    return row is not None


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in text for word in ("malformed", "not a database", "corrupt", "disk image")
    )


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, one step per transaction."""
    with write_transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "This mail store was last used by a newer Hongyan. Update Hongyan to "
                        "open it.",
                    )
                )
            )
        for step in range(version, SCHEMA_VERSION):
            migration = MIGRATIONS[step]
            if callable(migration):
                migration(conn)
            else:
                for statement in _statements(migration):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")


def _statements(script: str) -> Iterator[str]:
    """Split a schema script into statements (ours have no ';' inside literals)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            yield statement


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: take the write lock up front so two writers queue."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def quick_check(conn: sqlite3.Connection) -> None:
    """Raise :class:`IndexCorruptError` unless ``PRAGMA quick_check`` says ``ok``."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        conn.execute("SELECT count(*) FROM messages_fts").fetchone()
    except sqlite3.DatabaseError as exc:
        raise IndexCorruptError(str(exc)) from exc
    if rows != [("ok",)]:
        raise IndexCorruptError("; ".join(str(r[0]) for r in rows[:5]))


def move_aside(index: Path) -> Path:
    """Rename a damaged index (and its WAL and SHM) out of the way; never delete it (plan E44)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = index.with_name(f"{index.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = index.with_name(f"{index.name}.corrupt-{stamp}-{n}")
        n += 1
    for suffix in ("-wal", "-shm"):
        side = index.with_name(index.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    os.replace(index, target)
    return target


def file_signature(index: Path) -> str:
    """Size and mtime of the index file: compared at open with what the last close saw."""
    try:
        stat = index.stat()
    except FileNotFoundError:
        return ""
    return f"{stat.st_size} {stat.st_mtime_ns}"


def needs_check(store_dir: Path) -> bool:
    """True unless the index is exactly as the last clean close left it.

    A full ``quick_check`` reads the whole file; doing it only after a crash or after another
    program touched the file keeps every ordinary start fast.
    """
    try:
        saved = (store_dir / STATE_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return True
    return saved != file_signature(store_dir / INDEX_NAME)


def record_clean_close(store_dir: Path) -> None:
    from hongyan.core.atomic import atomic_write_text

    with contextlib.suppress(OSError):
        atomic_write_text(store_dir / STATE_NAME, file_signature(store_dir / INDEX_NAME) + "\n")


def forget_clean_close(store_dir: Path) -> None:
    with contextlib.suppress(OSError):
        (store_dir / STATE_NAME).unlink()


ProgressCallback = Callable[[int, int], None]
