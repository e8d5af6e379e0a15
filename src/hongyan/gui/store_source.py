"""Where the message list gets its rows: one folder of the store, or one search.

The newest-first order of a folder is the store's own ``Store.list`` (served by the index on
``(folder, date)``), so opening a folder of any size reads one page. Other orders (by sender,
subject, size, flag…) read the ordered ids of the folder once, an integer column of the index,
and then the rows of a page by id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hongyan.core.store import FolderInfo, MessageRow, Store
from hongyan.core.store.index import INDEX_NAME
from hongyan.core.store.maildir import list_folders

# Up to this many messages are found in the newest-first order by counting on the index, one
# by one; more by reading the folder's ids in order once (a Delete of many, a big selection).
_LOOKUPS = 8

# The index columns behind each sortable column of the list; id breaks ties, so the order
# is stable while mail arrives.
_ORDER_SQL = {
    "date": "date {dir}, id {dir}",
    "from": "(CASE WHEN from_name = '' THEN from_addr ELSE from_name END) COLLATE NOCASE {dir}, "
    "id DESC",
    "to": "to_addrs COLLATE NOCASE {dir}, id DESC",
    "subject": "subject COLLATE NOCASE {dir}, id DESC",
    "size": "size {dir}, id DESC",
    "attachment": "has_attachments {dir}, date DESC, id DESC",
    "flag": "instr(flags, 'F') > 0 {dir}, date DESC, id DESC",
}


#: Folders of the user's own mail, listed by recipient (as Outlook Express and Foxmail do).
OUTGOING_FOLDERS = ("Sent", "Drafts", "Outbox")


@dataclass
class FolderSource:
    """The messages of ``folder`` (of one account when ``account`` is given)."""

    store: Store
    folder: str
    account: str | None = None
    order: tuple[str, bool] = ("date", True)
    _ids: list[int] | None = field(default=None, repr=False)

    @property
    def shows_recipients(self) -> bool:
        """Mail the user wrote: the list's first column shows whom it goes to, not "me"."""
        return self.folder in OUTGOING_FOLDERS

    @property
    def _natural(self) -> bool:
        return self.order == ("date", True) and self.account is None

    def count(self) -> int:
        if self._natural:
            return self.store.count(self.folder)
        return len(self._ordered_ids())

    def rows(self, offset: int, limit: int) -> Sequence[MessageRow]:
        if self._natural:
            return self.store.list(self.folder, limit=limit, offset=offset)
        return [self.store.get(i) for i in self._ordered_ids()[offset : offset + limit]]

    def sorted_by(self, column: str, descending: bool) -> FolderSource:
        return FolderSource(self.store, self.folder, self.account, (column, descending))

    def rows_of(self, message_ids: Collection[int]) -> dict[int, int]:
        if self._natural and len(message_ids) <= _LOOKUPS:
            rows = (self._natural_row(i) for i in message_ids)
            return {i: row for i, row in zip(message_ids, rows, strict=True) if row is not None}
        wanted = set(message_ids)
        return {i: row for row, i in enumerate(self._ordered_ids()) if i in wanted}

    def _natural_row(self, message_id: int) -> int | None:
        """One message's row newest first, counted on the ``(folder, date)`` index."""
        found = self.store.connection.execute(
            "SELECT date FROM messages WHERE id = ? AND folder = ?", (message_id, self.folder)
        ).fetchone()
        if found is None:
            return None
        newer = self.store.connection.execute(
            "SELECT count(*) FROM messages"
            " WHERE folder = ? AND (date > ? OR (date = ? AND id > ?))",
            (self.folder, found[0], found[0], message_id),
        ).fetchone()
        return int(newer[0])

    def _ordered_ids(self) -> list[int]:
        if self._ids is None:
            column, descending = self.order
            if column == "from" and self.shows_recipients:
                column = "to"
            order = _ORDER_SQL.get(column, _ORDER_SQL["date"]).format(
                dir="DESC" if descending else "ASC"
            )
            where, params = "folder = ?", [self.folder]
            if self.account is not None:
                where += " AND account = ?"
                params.append(self.account)
            sql = f"SELECT id FROM messages WHERE {where} ORDER BY {order}"
            self._ids = [row[0] for row in self.store.connection.execute(sql, params)]
        return self._ids


@dataclass
class SearchSource:
    """The result of a full-text search over the whole store (best matches first)."""

    store: Store
    query: str
    limit: int = 2000
    order: tuple[str, bool] | None = None
    _rows: list[MessageRow] | None = field(default=None, repr=False)

    def _all(self) -> list[MessageRow]:
        if self._rows is None:
            rows = list(self.store.search(self.query, limit=self.limit))
            if self.order is not None:
                rows.sort(key=_sort_key(self.order[0]), reverse=self.order[1])
            self._rows = rows
        return self._rows

    def count(self) -> int:
        return len(self._all())

    def rows(self, offset: int, limit: int) -> Sequence[MessageRow]:
        return self._all()[offset : offset + limit]

    def sorted_by(self, column: str, descending: bool) -> SearchSource:
        return SearchSource(self.store, self.query, self.limit, (column, descending))

    def rows_of(self, message_ids: Collection[int]) -> dict[int, int]:
        wanted = set(message_ids)
        return {m.id: row for row, m in enumerate(self._all()) if m.id in wanted}


def _sort_key(column: str) -> Callable[[MessageRow], Any]:
    keys: dict[str, Callable[[MessageRow], Any]] = {
        "from": lambda m: (m.from_name or m.from_addr).lower(),
        "subject": lambda m: m.subject.lower(),
        "folder": lambda m: m.folder.casefold(),  # search results come from every folder
        "size": lambda m: m.size,
        "attachment": lambda m: m.has_attachments,
        "flag": lambda m: "F" in m.flags,
    }
    return keys.get(column, lambda m: (m.date or 0, m.id))


@dataclass(frozen=True)
class FolderCounts:
    """What the folder tree shows: every folder with its counts, and the unread messages of
    the shared Inbox per account (for the account entries under it)."""

    folders: list[FolderInfo]
    inbox_unread: dict[str, int]


def folder_counts(conn: sqlite3.Connection, root: Path) -> FolderCounts:
    """Count every folder through ``conn`` (the store's own, or a worker's read connection).

    The same figures as ``Store.folders()``, read in one pass over the index.
    """
    counts: dict[str, tuple[int, int]] = {}
    inbox_unread: dict[str, int] = {}
    sql = (
        "SELECT folder, account, count(*), sum(instr(flags, 'S') = 0) FROM messages"
        " GROUP BY folder, account"
    )
    for folder, account, total, unread in conn.execute(sql):
        old_total, old_unread = counts.get(folder, (0, 0))
        counts[folder] = (old_total + int(total), old_unread + int(unread or 0))
        if folder == "Inbox" and account is not None and unread:
            inbox_unread[account] = int(unread)
    names = list_folders(root)
    names += sorted(set(counts) - set(names))
    return FolderCounts([FolderInfo(n, *counts.get(n, (0, 0))) for n in names], inbox_unread)


@contextmanager
def _reading(root: Path) -> Iterator[sqlite3.Connection]:
    """A worker's own short read-only connection to the index of the store at ``root``, so
    the GUI thread's connection never waits on it while mail is being written."""
    uri = (root / INDEX_NAME).as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=15)
    try:
        yield conn
    finally:
        conn.close()


def read_folder_counts(root: Path) -> FolderCounts:
    """:func:`folder_counts` for a worker thread, over its own read-only connection."""
    with _reading(root) as conn:
        return folder_counts(conn, root)


def arrived_samples(
    root: Path, account: str, after_id: int, limit: int = 3
) -> list[tuple[str, str]]:
    """(sender, subject) of the newest messages ``account`` brought into the Inbox since
    message ``after_id``, for the new-mail notification; read in a worker, by id from the
    newest down (the index's folder order would walk the whole Inbox)."""
    with _reading(root) as conn:
        rows = conn.execute(
            "SELECT from_name, from_addr, subject FROM messages WHERE id > ? AND account = ?"
            " AND +folder = 'Inbox' ORDER BY id DESC LIMIT ?",  # +: by id, not by folder
            (after_id, account, limit),
        ).fetchall()
    return [(name or addr, subject) for name, addr, subject in rows]
