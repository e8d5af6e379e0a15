"""The mbox format: where its messages begin, their read state, and writing one (mboxrd).

An mbox has no index: a message begins at a ``From `` line. Writers disagree on the rest, so
a separator is recognised as mature readers do (Thunderbird, mutt's ``is_from``): a line
starting with ``From `` at the start of the file (a UTF-8 byte order mark allowed) or after a
blank line, **and followed by a header field**. Right after a line of text, only a line that
is plainly an envelope splits: Thunderbird's ``From - `` (its older versions wrote no blank
line before it) or ``From ADDRESS DATE`` with a ctime date (writers that leave out the blank
line). An unescaped ``From Russia with love`` in a body (mboxo writers leave them) stays text,
as does ``From here on:`` right after a line of text. Quoted ``>From `` lines lose one ``>``
(mboxrd, what :func:`mbox_entry` writes, so export and import round-trip the quoting).

Also what a file must look like to be imported as mail at all (:func:`looks_like_mail`): a
JPEG or a text file given to import is refused, not stored as a message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

BOM = b"\xef\xbb\xbf"
#: A header field line (RFC 5322 §2.2: printable ASCII but the colon, then a colon).
_HEADER_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")
#: Fields at least one of which every message has (what tells mail from "key: value" text).
_MAIL_FIELD = re.compile(
    rb"(?im)^(from|to|subject|date|message-id|received|return-path|mime-version|"
    rb"content-type|delivered-to|x-mozilla-status|sender|cc|reply-to)[ \t]*:"
)
#: Bytes read from the start of a file to tell whether it is mail.
SNIFF_BYTES = 64 * 1024
#: ``From sender Mon Mar  2 10:00:00 2026`` (a time zone before the year: Gmail's Takeout).
_ENVELOPE = re.compile(
    rb"From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d{1,2}:\d\d(?::\d\d)?"
    rb"(?: +\S+)? +\d{4}\s*$"
)
_LEADING_BLANK_LINES = re.compile(rb"\A(?:[ \t]*\r?\n)+")
_QUOTED_FROM = re.compile(rb"^(>*From )", re.MULTILINE)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_BLANK = (b"\n", b"\r\n")


def _is_envelope(line: bytes) -> bool:
    return line.startswith(b"From -") or _ENVELOPE.match(line) is not None


def _is_header_field(line: bytes) -> bool:
    return _HEADER_FIELD.match(line) is not None


def _without_bom(head: bytes) -> bytes:
    return head[len(BOM) :] if head.startswith(BOM) else head


def starts_as_mbox(head: bytes) -> bool:
    """Whether a file beginning with ``head`` is an mbox: a ``From `` line, then a header."""
    first, _, rest = _without_bom(head).partition(b"\n")
    return first.startswith(b"From ") and _is_header_field(rest)


def looks_like_mail(head: bytes) -> bool:
    """Whether a file beginning with ``head`` is a message (or an mbox of them).

    Its first line is a header field (after an envelope ``From `` line, which saved .eml
    files often keep, and lines of white space that copies from elsewhere sometimes carry)
    and its header block holds a field every message has. Images,
    documents and plain text are not mail, whatever their name.
    """
    head = _LEADING_BLANK_LINES.sub(b"", _without_bom(head[:SNIFF_BYTES]))
    if head.startswith(b"From "):
        head = head.partition(b"\n")[2]
    if b"\0" in head[:4096] or not _is_header_field(head):
        return False
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    return _MAIL_FIELD.search(block) is not None


def read_mbox(path: Path) -> Iterator[tuple[bytes, str]]:
    """Yield ``(message bytes, Maildir flags)`` for each message of an mbox, streaming.

    The flags come from the ``Status``/``X-Status`` headers that mutt and Thunderbird write.
    """
    with open(path, "rb") as handle:
        yield from split_mbox(handle)


def split_mbox(handle: BinaryIO) -> Iterator[tuple[bytes, str]]:
    """The messages of an mbox read from ``handle`` (see the module docstring)."""
    lines: list[bytes] = []
    started = False
    after_blank = True  # the start of the file counts as after a blank line
    candidate: bytes | None = None  # a "From " line waiting for the line after it
    for number, line in enumerate(handle):
        if number == 0:
            line = _without_bom(line)
        if candidate is not None:
            if _is_header_field(line):  # it was a separator
                if started:
                    yield _finish(lines)
                lines, started = [], True
            elif started:
                lines.append(candidate)
            candidate = None
        elif line.startswith(b"From ") and (after_blank or _is_envelope(line)):
            candidate = line
            continue
        if started:
            lines.append(line)
        after_blank = line in _BLANK
    if candidate is not None and started:
        lines.append(candidate)
    if started:
        yield _finish(lines)


def _finish(lines: list[bytes]) -> tuple[bytes, str]:
    """Drop the blank line that separates messages; read the mbox flags."""
    if lines and lines[-1] in _BLANK:
        lines = lines[:-1]
    data = _ESCAPED_FROM.sub(rb"\1", b"".join(lines))
    return data, _mbox_flags(data)


def _mbox_flags(data: bytes) -> str:
    head = data[: data.find(b"\n\n") if b"\n\n" in data else 8192][:65536]
    flags = ""
    status = re.search(rb"^Status:\s*([A-Za-z]*)", head, re.MULTILINE | re.IGNORECASE)
    if status and b"R" in status.group(1):
        flags += "S"
    xstatus = re.search(rb"^X-Status:\s*([A-Za-z]*)", head, re.MULTILINE | re.IGNORECASE)
    if xstatus:
        letters = xstatus.group(1)
        flags += ("R" if b"A" in letters else "") + ("F" if b"F" in letters else "")
    return flags


def mbox_entry(data: bytes, *, sender: str, date: float, flags: str) -> bytes:
    """One mbox entry: ``From`` line, Status header, body with ``From `` lines quoted (mboxrd).

    ``flags`` are Maildir letters: S gives ``Status: RO``, R and F give ``X-Status: A``/``F``.
    """
    data = data.replace(b"\r\n", b"\n")
    stamp = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(date))
    status = b"Status: RO\n" if "S" in flags else b"Status: O\n"
    xstatus = ("A" if "R" in flags else "") + ("F" if "F" in flags else "")
    if xstatus:
        status += f"X-Status: {xstatus}\n".encode()
    body = _QUOTED_FROM.sub(rb">\1", data)
    if not body.endswith(b"\n"):
        body += b"\n"
    envelope = (sender or "MAILER-DAEMON").replace(" ", "_")
    return f"From {envelope} {stamp}\n".encode("utf-8", "replace") + status + body + b"\n"
