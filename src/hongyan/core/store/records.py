"""Rows of the index as Python values, and the one function that writes a message's row.

Every path into the index (delivery, import, reconcile, reindex) goes through
:func:`upsert_message`, keyed by the Maildir base name: when two processes index the same new
file (a fetch commits while another window reconciles), the second write finds the row and only
refreshes where the file is, so no message is ever indexed twice.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from hongyan.core.store import threads
from hongyan.core.store.extract import Extracted
from hongyan.core.store.index import FTS_END
from hongyan.core.store.maildir import FoundFile

ROW_COLUMNS = (
    "id, folder, account, message_id, date, from_name, from_addr, to_addrs, cc_addrs, "
    "subject, size, flags, has_attachments, fetch_key"
)


@dataclass(frozen=True)
class MessageRow:
    """What the index knows of one message (see docs/design/architecture.md, Store)."""

    id: int
    folder: str
    account: str | None
    message_id: str
    date: int
    from_name: str
    from_addr: str
    to_addrs: str
    cc_addrs: str
    subject: str
    size: int
    flags: str
    has_attachments: bool
    fetch_key: str | None

    @classmethod
    def from_sql(cls, row: sqlite3.Row | tuple[object, ...]) -> MessageRow:
        values = tuple(row)[:14]
        (id_, folder, account, message_id, date, from_name, from_addr) = values[:7]
        (to_addrs, cc_addrs, subject, size, flags, has_attachments, fetch_key) = values[7:]
        return cls(
            id=int(id_),
            folder=str(folder),
            account=None if account is None else str(account),
            message_id=str(message_id),
            date=int(date),
            from_name=str(from_name),
            from_addr=str(from_addr),
            to_addrs=str(to_addrs),
            cc_addrs=str(cc_addrs),
            subject=str(subject),
            size=int(size),
            flags=str(flags),
            has_attachments=bool(has_attachments),
            fetch_key=None if fetch_key is None else str(fetch_key),
        )

    @property
    def seen(self) -> bool:
        return "S" in self.flags


@dataclass(frozen=True)
class FolderInfo:
    """One line of ``hongyan folders``."""

    name: str
    total: int
    unread: int


def upsert_message(
    conn: sqlite3.Connection,
    found: FoundFile,
    info: Extracted,
    *,
    size: int,
    fallback_date: int,
    body_pending: bool = False,
) -> int:
    """Insert the row (and its full-text entry) for a file, or refresh where it is; return its id.

    With ``body_pending`` (a fetch that read only the headers, see pending.py) the new row
    gets an ``fts_pending`` entry instead of its full-text entry. Must run inside a write
    transaction.
    """
    name = found.name
    linking = threads.Linking(
        rfc_id=info.message_id,
        parent_msgid=info.parent_msgid,
        key=info.subject_key,
        reply=info.reply_subject,
        date=info.date if info.date is not None else fallback_date,
        sender=info.from_addr,
        recipients=f"{info.to_addrs}, {info.cc_addrs}",
    )
    cursor = conn.execute(
        "INSERT OR IGNORE INTO messages (name, folder, path, account, fetch_key, message_id,"
        " date, from_name, from_addr, to_addrs, cc_addrs, subject, size, flags,"
        " has_attachments, in_reply_to, thread_key, malformed, parent_msgid, subject_key,"
        " reply_subject, automated, parent_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            name.base,
            found.folder,
            found.relpath,
            name.account,
            name.fetch_key,
            info.message_id,
            linking.date,
            info.from_name,
            info.from_addr,
            info.to_addrs,
            info.cc_addrs,
            info.subject,
            size,
            name.flags,
            int(info.has_attachments),
            info.in_reply_to,
            info.thread_key,
            int(info.malformed),
            info.parent_msgid,
            info.subject_key,
            int(info.reply_subject),
            int(info.automated),
            threads.find_parent(conn, linking),
        ),
    )
    if cursor.rowcount == 1 and cursor.lastrowid is not None:
        message_id = int(cursor.lastrowid)
        threads.record_addresses(conn, message_id, info.from_addr, info.to_addrs, info.cc_addrs)
        threads.adopt(conn, message_id, linking)
        if body_pending:
            conn.execute("INSERT INTO fts_pending (id) VALUES (?)", (message_id,))
        else:
            insert_fts(conn, message_id, info)
        return message_id
    relocate_row(conn, found)
    row = conn.execute("SELECT id FROM messages WHERE name = ?", (name.base,)).fetchone()
    return int(row[0])


def insert_fts(conn: sqlite3.Connection, message_id: int, info: Extracted) -> None:
    """The full-text entry of a message: subject and attachment names, sender, recipients,
    body text (the one place that decides what search sees)."""
    conn.execute(
        "INSERT INTO messages_fts (rowid, subject, sender, recipients, body)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            message_id,
            info.subject + " " + " ".join(info.attachment_names) + FTS_END,
            f"{info.from_name} {info.from_addr}{FTS_END}",
            f"{info.to_addrs} {info.cc_addrs}{FTS_END}",
            info.body_text + FTS_END,
        ),
    )


def relocate_row(conn: sqlite3.Connection, found: FoundFile) -> None:
    """Record that a known message now lives at ``found`` (other folder, other flags)."""
    relocate_rows(conn, [found])


def relocate_rows(conn: sqlite3.Connection, found: list[FoundFile]) -> None:
    """:func:`relocate_row` for many (a moved selection: one statement, many rows)."""
    conn.executemany(
        "UPDATE messages SET folder = ?, path = ?, flags = ? WHERE name = ?",
        [(f.folder, f.relpath, f.name.flags, f.name.base) for f in found],
    )


def delete_rows(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Remove rows, their full-text entries, pending marks and addresses, and point their
    replies elsewhere (inside a write transaction)."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM messages_fts WHERE rowid IN ({marks})", chunk)
        conn.execute(f"DELETE FROM fts_pending WHERE id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM messages WHERE id IN ({marks})", chunk)
        threads.unlink_deleted(conn, chunk)


def copy_row(conn: sqlite3.Connection, source_id: int, found: FoundFile) -> int:
    """The row of a copy (``found``) of message ``source_id``: the original's columns, with
    the copy's name, place and flags, no fetch key, and the original's search entry (or its
    pending mark); return its id. Inside a write transaction.

    The columns are read from the table, so one added later is copied too. A copy indexed
    already (by a reconcile after a kill) keeps its row.
    """
    columns = [str(r[1]) for r in conn.execute("PRAGMA table_info(messages)") if r[1] != "id"]
    own = {
        "name": found.name.base,
        "folder": found.folder,
        "path": found.relpath,
        "flags": found.name.flags,
        "fetch_key": None,
        "uidl": None,
    }
    picked = ", ".join("?" if c in own else c for c in columns)
    params = [own[c] for c in columns if c in own]
    cursor = conn.execute(
        f"INSERT OR IGNORE INTO messages ({', '.join(columns)})"
        f" SELECT {picked} FROM messages WHERE id = ?",
        (*params, source_id),
    )
    if cursor.rowcount != 1 or cursor.lastrowid is None:
        relocate_row(conn, found)
        row = conn.execute("SELECT id FROM messages WHERE name = ?", (found.name.base,)).fetchone()
        if row is None:  # the original's row went meanwhile: the next open indexes the file
            raise LookupError(f"message {source_id} left the index during a copy")
        return int(row[0])
    copy_id = int(cursor.lastrowid)
    conn.execute(  # its correspondents, as the original's (threads.py)
        "INSERT OR IGNORE INTO messages_addresses (message_id, role, addr, domain)"
        " SELECT ?, role, addr, domain FROM messages_addresses WHERE message_id = ?",
        (copy_id, source_id),
    )
    if conn.execute("SELECT 1 FROM fts_pending WHERE id = ?", (source_id,)).fetchone():
        conn.execute("INSERT INTO fts_pending (id) VALUES (?)", (copy_id,))
    else:
        conn.execute(
            "INSERT INTO messages_fts (rowid, subject, sender, recipients, body)"
            " SELECT ?, subject, sender, recipients, body FROM messages_fts WHERE rowid = ?",
            (copy_id, source_id),
        )
    return copy_id
