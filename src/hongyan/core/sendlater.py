"""Send later: the time a queued message waits for is written in the message itself.

A message queued for later carries ``X-Hongyan-Send-At: <RFC 5322 date>`` in its header, and
its ``Date`` is that time (what the recipient's list sorts by: a message written on Friday
night for Monday 9:00 arrives dated Monday 9:00, as Gmail's scheduled send does).

Why in the file and not only in the Outbox's state table: the mail files are the truth. The
time then survives ``store reindex``, ``store move`` and a damaged index moved aside (where a
lost time would send Monday's message at once), and a message taken back into Drafts keeps
it ("Do not deliver before", as Outlook keeps it on an edited message). The field never
leaves the machine: :func:`hongyan.core.smtp.transmission` drops it with Bcc.

Undo Send is the same thing with a short delay: a message queued N seconds ahead, which the
window can take back (``Outbox.withdraw``) until then.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING

from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, words

if TYPE_CHECKING:
    from hongyan.core.store import Store

SEND_AT_HEADER = "X-Hongyan-Send-At"
LATE_AFTER_SECONDS = 5 * 60
"""A message sent later than this after its time is reported as sent late (the machine was
off, or no Hongyan was running): the report says by how much."""

_HEAD_LIMIT = 64 * 1024
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_SEND_AT = re.compile(rb"(?im)^x-hongyan-send-at:[ \t]*([^\r\n]*)")
_REPLACED = (b"date", SEND_AT_HEADER.lower().encode())


def send_at_of(data: bytes) -> float | None:
    """The time a message waits for (Unix seconds), or None when it goes at once."""
    end = _HEADER_END.search(data)
    match = _SEND_AT.search(data[: end.start()] if end else data)
    if match is None:
        return None
    try:
        return parsedate_to_datetime(match.group(1).decode("ascii", "replace")).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def scheduled(data: bytes, send_at: float | None, *, now: float) -> bytes:
    """``data`` (a message Hongyan built, LF line ends) set to go at ``send_at`` (None: at
    once): its ``Date`` becomes that time (or ``now``) and the send-at field is written or
    removed. Every other byte is kept."""
    end = _HEADER_END.search(data)
    head, body = (data[: end.start()], data[end.start() :]) if end else (data, b"")
    joined = without_fields(head, _REPLACED)
    eol = b"\r\n" if head.endswith(b"\r") or b"\r\n" in head else b"\n"
    moment = format_datetime(datetime.fromtimestamp(send_at or now).astimezone()).encode()
    added = b"Date: " + moment + eol
    if send_at is not None:
        added += SEND_AT_HEADER.encode() + b": " + moment + eol
    if joined and not joined.endswith(b"\n"):
        joined += eol
    return (added + joined).rstrip(b"\r\n") + body


def without_fields(header: bytes, names: tuple[bytes, ...]) -> bytes:
    """``header`` (a header block) without the fields ``names`` (lower case), folded
    continuation lines included."""
    kept: list[bytes] = []
    skipping = False
    for line in header.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        skipping = line.split(b":", 1)[0].strip().lower() in names
        if not skipping:
            kept.append(line)
    return b"".join(kept)


def read_send_at(store: Store, store_id: int) -> float | None:
    """The send-at time of a stored message, reading only its header block (an Outbox
    message may carry a 20 MB attachment; the list is read often)."""
    try:
        with open(store.path(store_id), "rb") as handle:
            head = handle.read(_HEAD_LIMIT)
    except FileNotFoundError:  # renamed by a flag change this instant: read it where it is
        try:
            head = store.read_bytes(store_id)[:_HEAD_LIMIT]
        except FileNotFoundError:  # gone from the folder (moved by another program)
            return None
    return send_at_of(head)


def lateness(seconds: float) -> Text:
    """How late, in the words a report uses: "12 minutes", "3 hours", "2 days"."""
    minutes = round(seconds / 60)
    if minutes < 120:
        return words(QT_TRANSLATE_NOOP("Core", "{count} minutes"), count=max(minutes, 1))
    hours = round(seconds / 3600)
    if hours < 48:
        return words(QT_TRANSLATE_NOOP("Core", "{count} hours"), count=hours)
    return words(QT_TRANSLATE_NOOP("Core", "{count} days"), count=round(seconds / 86400))


def local_time_text(moment: float) -> str:
    """``2026-12-08 09:00`` in local time: how the CLI and reports show a send-at time."""
    return datetime.fromtimestamp(moment).strftime("%Y-%m-%d %H:%M")
