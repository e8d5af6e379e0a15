"""Files uuencoded inside plain text: pre-MIME mail, still sent by old tools and gateways.

A block is a ``begin MODE NAME`` line, lines of uuencoded data (RFC-less but fixed by
POSIX ``uuencode``), an optional "`" line, then ``end`` on a line of its own. Mature readers
(Thunderbird, Outlook, mime4j, zbateson) list such a block as an attachment and take it out of
the text; so does Hongyan. Decoding each line is the standard library's ``binascii.a2b_uu``.

The scan is one pass over the lines (no backtracking, whatever the input): a block that is not
complete (no ``end``, a line that is not uuencoded data) stays text as it came, and scanning
goes on after the lines already read.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

__all__ = ["MAX_FILES", "UuFile", "split_uuencoded"]

#: Files taken out of one text part at most; beyond that, blocks stay text.
MAX_FILES = 100

_BEGIN = re.compile(r"begin [0-7]{3,4}(?: (.*))?")
#: A line of uuencoded data: a length character and characters from " " to "`" only.
_DATA = re.compile(r"[ -`]+")


@dataclass(frozen=True)
class UuFile:
    """One uuencoded file: the name its ``begin`` line asks for (unsanitised) and its bytes."""

    name: str
    data: bytes


def has_uuencoded(text: str) -> bool:
    """Cheap test whether ``text`` may hold a block (a ``begin MODE`` at a line start)."""
    return text.startswith("begin ") or "\nbegin " in text


def split_uuencoded(text: str) -> tuple[str, list[UuFile]]:
    """Return ``text`` without its complete uuencoded blocks, and the files they hold."""
    if not has_uuencoded(text):
        return text, []
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    files: list[UuFile] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        begin = None
        if line.startswith("begin ") and len(files) < MAX_FILES:
            begin = _BEGIN.fullmatch(line.rstrip())
        if begin is None:
            kept.append(line)
            i += 1
            continue
        data, after = _read_block(lines, i + 1)
        if data is None:  # not a complete block: the lines read stay text
            kept.extend(lines[i:after])
        else:
            files.append(UuFile((begin.group(1) or "").strip(), data))
        i = after
    return "".join(kept), files


def _read_block(lines: list[str], start: int) -> tuple[bytes | None, int]:
    """Decode data lines from ``start`` to ``end``: (bytes, index after ``end``).

    Gives ``(None, i)`` when line ``i`` is neither data nor ``end`` (or the text ends first);
    the caller goes on from ``i``, so no line is read twice.
    """
    chunks: list[bytes] = []
    for i in range(start, len(lines)):
        line = lines[i].rstrip("\r\n")
        stripped = line.rstrip()
        if stripped == "end":
            return b"".join(chunks), i + 1
        if stripped in ("", "`"):  # the zero-length line before "end" (space or backquote)
            continue
        if not _DATA.fullmatch(line) or len(line) - 1 > (_length(line) + 2) // 3 * 4 + 2:
            return None, i
        try:
            chunks.append(binascii.a2b_uu(line.encode("ascii")))
        except binascii.Error:
            return None, i
    return None, len(lines)


def _length(line: str) -> int:
    return (ord(line[0]) - 32) & 63
