"""Threads: which message a reply answers, across Inbox, Sent and the user's folders.

Each message row records what it answers (``parent_msgid``: its ``In-Reply-To``, else the
last of its ``References``, RFC 5322 §3.6.4) and, once that message is in the store, its row
id (``parent_id``). Mail without those headers (some webmail and phone clients) is linked
by subject as a last resort, as Thunderbird and Gmail do, but only when it is a reply
(``Re:``, ``回复:`` …), has the same subject without prefixes, was written after the
other, and the two share their correspondents: the reply's sender received the original
and the original's sender receives the reply. Two customers both writing "Re: 报价" to the
user are never joined.

Linking is done when a row is inserted (:func:`find_parent` before the insert, so the link
is written with the row, and :func:`adopt` after it; both called by
``records.upsert_message`` in the same transaction), with index look-ups only, so it costs
the same for the 10th and the 100 000th message, whichever order the files arrive in: a
reply indexed before its original (a rebuild reads files in directory order) is linked when
the original arrives.
A thread is a tree of ``parent_id`` links; :func:`roots` finds each message's root.

``messages_addresses`` (one row per sender and recipient address of each message, lower
case, with its domain) is filled in the same place: it lets the customer's file, ``contact:``
search and "New senders" find a person's mail in every folder with an index look-up instead
of reading every row's recipient text. Both are caches like the rest of the row and are
rebuilt by ``store reindex``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{0,40}\]\s*)?"  # a list tag before the prefix: "[sales] Re: ..."
    r"(re|aw|sv|vs|antw|odp|回复|答复|回覆|fwd?|转发|轉寄|转寄|tr|wg|vl)"
    r"\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*",
    re.IGNORECASE,
)
_REPLY_PREFIXES = {"re", "aw", "sv", "vs", "antw", "odp", "回复", "答复", "回覆"}
_SEPARATORS = re.compile(r"[\s,;]+")
_SPACES = re.compile(r"\s+")
SUBJECT_LINK_CANDIDATES = 20  # earlier messages with the same subject looked at, newest first

ROLE_FROM, ROLE_TO, ROLE_CC = 0, 1, 2


def subject_key(subject: str) -> tuple[str, bool]:
    """The subject without reply and forward prefixes, folded; and whether it was a reply.

    >>> subject_key("回复: RE: 报价单")
    ('报价单', True)
    """
    text, reply, first = subject, False, True
    while True:
        match = _PREFIX.match(text)
        if not match:
            break
        if first:
            reply = match.group(1).lower() in _REPLY_PREFIXES
            first = False
        text = text[match.end() :]
    return _SPACES.sub(" ", text).strip().casefold()[:300], reply


def addresses_in(text: str) -> list[str]:
    """The addresses of an index column (``Name <a@b>, c@d``), lower case, in order.

    Split on separators, then each word holding an ``@`` is an address (inside ``<>`` when
    it has them): linear in the text, whatever it holds (a regex over the whole column
    backtracked quadratically on ``<<<…@@@``)."""
    found = []
    for word in _SEPARATORS.split(text):
        if "@" not in word:
            continue
        word = word[word.rfind("<") + 1 :] if "<" in word else word
        word = word.split(">", 1)[0].strip("\"'")
        local, at, domain = word.rpartition("@")
        if at and local and domain:
            found.append(word.lower())
    return list(dict.fromkeys(found))


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()


def record_addresses(
    conn: sqlite3.Connection, message_id: int, from_addr: str, to_addrs: str, cc_addrs: str
) -> None:
    """Write the message's rows of ``messages_addresses`` (inside the write transaction)."""
    rows = []
    if "@" in from_addr:
        rows.append((message_id, ROLE_FROM, from_addr.lower(), domain_of(from_addr)))
    for role, text in ((ROLE_TO, to_addrs), (ROLE_CC, cc_addrs)):
        rows.extend((message_id, role, a, domain_of(a)) for a in addresses_in(text))
    conn.executemany(
        "INSERT OR IGNORE INTO messages_addresses (message_id, role, addr, domain)"
        " VALUES (?, ?, ?, ?)",
        rows,
    )


@dataclass(frozen=True)
class Linking:
    """What threading needs of a message being indexed (from its extracted headers)."""

    rfc_id: str  # its Message-ID
    parent_msgid: str
    key: str  # subject_key
    reply: bool  # reply_subject
    date: int
    sender: str
    recipients: str  # its To and Cc columns, joined

    def people(self) -> tuple[str, set[str]]:
        return self.sender.lower(), set(addresses_in(self.recipients))


def find_parent(conn: sqlite3.Connection, new: Linking) -> int | None:
    """The row a message about to be inserted answers, if it is indexed already (read
    before the insert, so ``parent_id`` is written with the row: updating it afterwards
    cost three times as much, for the indexes that hold it)."""
    if new.parent_msgid:
        if new.parent_msgid == new.rfc_id:  # a client that names itself: no loop
            return None
        row = conn.execute(
            "SELECT min(id) FROM messages WHERE message_id = ?", (new.parent_msgid,)
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])
    if not (new.reply and new.key):
        return None
    reply = new.people()
    for id_, *people in conn.execute(
        "SELECT id, from_addr, to_addrs, cc_addrs FROM messages WHERE subject_key = ?"
        " AND date <= ? ORDER BY date DESC LIMIT ?",
        (new.key, new.date, SUBJECT_LINK_CANDIDATES),
    ):
        if _answers(reply, _people(tuple(people))):
            return int(id_)
    return None


def adopt(conn: sqlite3.Connection, message_id: int, new: Linking) -> None:
    """Point at a newly inserted row the earlier rows that answer it (replies indexed
    before their original: a rebuild reads files in directory order)."""
    if new.rfc_id:
        waiting = conn.execute(
            "SELECT id FROM messages INDEXED BY messages_unlinked WHERE parent_msgid = ?"
            " AND parent_id IS NULL"
            " AND parent_msgid != '' AND id != ?",  # spelled out: the partial index's terms
            (new.rfc_id, message_id),
        ).fetchall()
        for (id_,) in waiting:
            conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (message_id, id_))
    if new.key:
        _adopt_by_subject(conn, message_id, new)


def _people(row: tuple[object, ...]) -> tuple[str, set[str]]:
    """(sender, recipients) of a ``from_addr, to_addrs, cc_addrs`` row, lower case."""
    sender, to_addrs, cc_addrs = (str(v) for v in row)
    return sender.lower(), set(addresses_in(f"{to_addrs}, {cc_addrs}"))


def _answers(reply: tuple[str, set[str]], original: tuple[str, set[str]]) -> bool:
    """The reply's sender received the original, and the original's sender gets the reply."""
    return bool(reply[0]) and reply[0] in original[1] and original[0] in reply[1]


def _adopt_by_subject(conn: sqlite3.Connection, message_id: int, new: Linking) -> None:
    """Subject-only replies indexed before this message, which they answer."""
    orphans = conn.execute(
        "SELECT id, from_addr, to_addrs, cc_addrs FROM messages WHERE subject_key = ?"
        " AND date >= ? AND id != ? AND parent_id IS NULL AND parent_msgid = ''"
        " AND reply_subject = 1 ORDER BY date LIMIT ?",
        (new.key, new.date, message_id, SUBJECT_LINK_CANDIDATES),
    ).fetchall()
    if not orphans:
        return
    original = new.people()
    for id_, *people in orphans:
        if _answers(_people(tuple(people)), original):
            conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (message_id, id_))


def unlink_deleted(conn: sqlite3.Connection, ids: list[int]) -> None:
    """After rows are deleted: their replies point at another copy of the original, if any."""
    marks = ",".join("?" * len(ids))
    conn.execute(f"DELETE FROM messages_addresses WHERE message_id IN ({marks})", ids)
    conn.execute(
        "UPDATE messages SET parent_id = (SELECT min(p.id) FROM messages p"
        " WHERE p.message_id = messages.parent_msgid AND messages.parent_msgid != '')"
        f" WHERE parent_id IN ({marks})",
        ids,
    )


def roots(
    conn: sqlite3.Connection, ids: Iterable[int], known: dict[int, int | None] | None = None
) -> dict[int, int]:
    """The thread root of each message (itself when it answers nothing known).

    Args:
        known: ``parent_id`` of messages the caller has read already (not read again).
    """
    ids = list(ids)
    parent_of: dict[int, int | None] = dict(known or {})
    todo = {i for i in ids if i not in parent_of}
    todo.update(p for p in parent_of.values() if p is not None and p not in parent_of)
    while todo:
        batch = list(todo)[:500]
        todo.difference_update(batch)
        marks = ",".join("?" * len(batch))
        for id_, parent in conn.execute(
            f"SELECT id, parent_id FROM messages WHERE id IN ({marks})", batch
        ):
            parent_of[int(id_)] = None if parent is None else int(parent)
            if parent is not None and int(parent) not in parent_of:
                todo.add(int(parent))
    return {id_: _root(id_, parent_of) for id_ in ids if id_ in parent_of}


def _root(id_: int, parent_of: dict[int, int | None]) -> int:
    seen = {id_}
    while (parent := parent_of.get(id_)) is not None and parent not in seen:
        seen.add(parent)
        id_ = parent
    return id_


def replies(conn: sqlite3.Connection, message_id: int) -> list[int]:
    """The ids of the messages that answer ``message_id`` directly, oldest first."""
    rows = conn.execute(
        "SELECT id FROM messages WHERE parent_id = ? ORDER BY date, id", (message_id,)
    )
    return [int(r[0]) for r in rows]


def backfill(conn: sqlite3.Connection) -> None:
    """Schema version 4 on an existing index: fill the new columns from what rows hold.

    What the rows do not hold (``List-Id``, ``Precedence``, ``References`` beyond the first)
    comes with ``store reindex``; the thread root named by ``References`` and
    ``In-Reply-To`` is enough to thread old mail, and the sender address tells most
    machine mail.
    """
    from hongyan.core.message.automated import is_robot_address

    conn.execute("DELETE FROM messages_addresses")
    updates = []
    for id_, subject, in_reply_to, thread_key, message_id, sender in conn.execute(
        "SELECT id, subject, in_reply_to, thread_key, message_id, from_addr FROM messages"
    ).fetchall():
        key, reply = subject_key(str(subject))
        parent = str(in_reply_to) or (str(thread_key) if thread_key != message_id else "")
        updates.append((parent, key, int(reply), int(is_robot_address(str(sender))), id_))
    conn.executemany(
        "UPDATE messages SET parent_msgid = ?, subject_key = ?, reply_subject = ?,"
        " automated = ? WHERE id = ?",
        updates,
    )
    for id_, sender, to_addrs, cc_addrs in conn.execute(
        "SELECT id, from_addr, to_addrs, cc_addrs FROM messages"
    ).fetchall():
        record_addresses(conn, int(id_), str(sender), str(to_addrs), str(cc_addrs))
    conn.execute(
        "UPDATE messages SET parent_id = (SELECT min(p.id) FROM messages p"
        " WHERE p.message_id = messages.parent_msgid AND p.id != messages.id)"
        " WHERE parent_msgid != ''"
    )
    for id_, key, date, sender, to_addrs, cc_addrs in conn.execute(
        "SELECT id, subject_key, date, from_addr, to_addrs, cc_addrs FROM messages"
        " WHERE parent_id IS NULL AND parent_msgid = '' AND reply_subject = 1"
        " AND subject_key != ''"
    ).fetchall():
        recipients = f"{to_addrs}, {cc_addrs}"
        found = find_parent(
            conn, Linking("", "", str(key), True, int(date), str(sender), recipients)
        )
        if found is not None and found != id_:
            conn.execute("UPDATE messages SET parent_id = ? WHERE id = ?", (found, id_))
