"""Reading a huge message in bounded memory (plan G67): cut what is too large to show.

A 200 MB message read whole and parsed by the stdlib took 1.7 GB. So a message file larger
than :data:`WHOLE_BELOW` is streamed once, line by line, with its MIME structure followed
(headers, boundaries, attached messages), and copied into a smaller message for reading: every
part's body is kept up to :data:`KEEP_PER_PART` bytes (and all bodies together up to
:data:`KEEP_TOTAL`), at a line end; the rest is skipped with ``bytes.find``, not parsed. A cut
part gets a header ``X-Hongyan-Cut: <nonce> <n>`` in the copy, where the nonce is random for
each reading (so a message cannot forge one), and :class:`CutPart` ``n`` says where its whole
body is in the file and how large it is decoded. The view then shows the part's beginning with
a note, lists it with its whole size, and saves it by decoding it from the file in blocks
(:meth:`CutPart.write_decoded`); nothing of it is ever held whole.

The file itself is never changed; messages below the threshold are read as they are.
"""

from __future__ import annotations

import binascii
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import BinaryIO

from hongyan.core.message.decode import POLICY
from hongyan.core.message.headers import header_value
from hongyan.core.message.parts import qp_decode

MB = 1024 * 1024
#: Message files smaller than this are read whole, as they are.
WHOLE_BELOW = 16 * MB
#: Bytes of one part's body kept for reading (a text shows its first 4 MB).
KEEP_PER_PART = 4 * MB
#: Bytes of all bodies together kept for reading.
KEEP_TOTAL = 24 * MB
#: Bytes of one header block kept (a larger one is cut, as decode.py would cut it).
MAX_HEADER_BLOCK = 1 * MB
#: Levels of nesting followed (as parts.MAX_DEPTH); deeper containers are bodies.
MAX_DEPTH = 50
CUT_HEADER = "X-Hongyan-Cut"
_CHUNK = 1 * MB
_LINE = 64 * 1024  # a longer line is read in pieces

Locate = Callable[[Path], Path]


def _as_is(path: Path) -> Path:
    return path


@dataclass(frozen=True)
class CutPart:
    """Where the whole body of a part cut for reading is, and its size once decoded.

    ``locate`` finds the file again at ``path`` (a Maildir file is renamed when its flags
    change); ``size`` is exact for base64 and unencoded bodies, close for quoted-printable.
    """

    path: Path
    start: int
    end: int
    encoding: str
    size: int
    kept: int
    locate: Locate = field(default=_as_is, compare=False, repr=False)

    def write_decoded(self, out: BinaryIO) -> None:
        """Write the whole body, decoded, to ``out``, a block at a time."""
        decoder = _Decoder(self.encoding)
        with open(self.locate(self.path), "rb") as handle:
            handle.seek(self.start)
            left = self.end - self.start
            while left > 0 and (block := handle.read(min(_CHUNK, left))):
                left -= len(block)
                out.write(decoder.feed(block))
        out.write(decoder.finish())


class _Decoder:
    """Content-Transfer-Encoding undone block by block (base64 in whole quanta, QP by lines)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.rest = b""

    def feed(self, block: bytes) -> bytes:
        if self.encoding == "base64":
            data = self.rest + re.sub(rb"[^A-Za-z0-9+/=]", b"", block)
            whole = len(data) - len(data) % 4
            self.rest = data[whole:]
            return _a2b_base64(data[:whole])
        if self.encoding == "quoted-printable":
            data = self.rest + block
            end = data.rfind(b"\n") + 1
            self.rest = data[end:]
            return qp_decode(data[:end])
        return block

    def finish(self) -> bytes:
        rest, self.rest = self.rest, b""
        if self.encoding == "base64":
            return _a2b_base64(rest + b"=" * (-len(rest) % 4))
        if self.encoding == "quoted-printable":
            return qp_decode(rest)
        return rest


def _a2b_base64(data: bytes) -> bytes:
    try:
        return binascii.a2b_base64(data)
    except (binascii.Error, ValueError):
        return b""


class MessageBytes(bytes):
    """A message as read for reading: the bytes to parse, and the parts cut from them.

    A ``bytes`` (so everything that takes a message's bytes takes it) that also carries
    ``cuts``; see :func:`cut_of`.
    """

    nonce: str
    cuts: dict[int, CutPart]

    def __new__(cls, data: bytes, nonce: str, cuts: dict[int, CutPart]) -> MessageBytes:
        self = super().__new__(cls, data)
        self.nonce = nonce
        self.cuts = cuts
        return self


def cut_of(part: Message, data: bytes | None) -> CutPart | None:
    """The :class:`CutPart` of ``part`` if it was cut when ``data`` was read, else None."""
    if not isinstance(data, MessageBytes):
        return None
    nonce, _, number = (header_value(part, CUT_HEADER) or "").strip().partition(" ")
    if nonce != data.nonce or not number.isdigit():
        return None
    return data.cuts.get(int(number))


def read_for_reading(
    path: Path,
    *,
    locate: Locate = _as_is,
    whole_below: int = WHOLE_BELOW,
    keep_per_part: int = KEEP_PER_PART,
    keep_total: int = KEEP_TOTAL,
) -> bytes:
    """The message at ``path`` to show: its bytes, or for a huge one a :class:`MessageBytes`
    with its large parts cut (module docstring). ``locate(path)`` finds the file if it
    was renamed since ``path`` was looked up.

    Raises:
        OSError: the file cannot be read.
    """
    with open(locate(path), "rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(0)
        if size < whole_below:
            return handle.read()
        scan = _Scan(handle, path, locate, keep_per_part, keep_total)
        scan.entity("text/plain", 0)
    return MessageBytes(b"".join(scan.out), scan.nonce, scan.cuts)


class _Reader:
    """A binary file read by lines (long ones in pieces) or skipped to the next ``--`` line;
    ``offset`` is the file position of what comes next."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._buf = b""
        self._pos = 0
        self.offset = 0

    def _fill(self) -> bool:
        block = self._handle.read(_CHUNK)
        if not block:
            return False
        self._buf = self._buf[self._pos :] + block
        self._pos = 0
        return True

    def readline(self) -> bytes:
        """The next line with its line end, at most :data:`_LINE` bytes of it; b"" at the end."""
        while True:
            end = self._buf.find(b"\n", self._pos, self._pos + _LINE)
            if end >= 0:
                line = self._buf[self._pos : end + 1]
                break
            if len(self._buf) - self._pos >= _LINE or not self._fill():
                line = self._buf[self._pos : self._pos + _LINE]
                break
        self._pos += len(line)
        self.offset += len(line)
        return line

    def skip_to_dashes(self, counts: _Counts) -> None:
        """Skip to the start of the next line that begins with ``--`` (or the end), counting
        what is skipped."""
        while True:
            found = self._buf.find(b"\n--", self._pos)
            if found >= 0:
                counts.add(self._buf[self._pos : found + 1])
                self.offset += found + 1 - self._pos
                self._pos = found + 1
                return
            keep = 2 if len(self._buf) - self._pos > 2 else 0  # "\n-" may end this block
            end = len(self._buf) - keep
            counts.add(self._buf[self._pos : end])
            self.offset += end - self._pos
            self._pos = end
            if not self._fill():
                counts.add(self._buf[self._pos :])
                self.offset += len(self._buf) - self._pos
                self._pos = len(self._buf)
                return


@dataclass
class _Counts:
    """What a body holds, for its decoded size: bytes, white space, ``=`` signs."""

    total: int = 0
    space: int = 0
    equals: int = 0

    def add(self, data: bytes) -> None:
        self.total += len(data)
        self.space += sum(data.count(c) for c in (b"\n", b"\r", b" ", b"\t"))
        self.equals += data.count(b"=")

    def decoded_size(self, encoding: str, line_end: int) -> int:
        if encoding == "base64":
            return max(0, (self.total - self.space) * 3 // 4 - min(self.equals, 2))
        if encoding == "quoted-printable":
            return max(0, self.total - line_end - 2 * self.equals)
        return max(0, self.total - line_end)


class _Scan:
    """One pass over a huge message, copying it with its large bodies cut."""

    def __init__(
        self, handle: BinaryIO, path: Path, locate: Locate, keep_per_part: int, keep_total: int
    ) -> None:
        self.reader = _Reader(handle)
        self.path = path
        self.locate = locate
        self.keep_per_part = keep_per_part
        self.left = keep_total
        self.out: list[bytes] = []
        self.nonce = secrets.token_hex(8)
        self.cuts: dict[int, CutPart] = {}
        self.boundaries: list[bytes] = []  # b"--" + boundary of each enclosing multipart

    def delimiter(self, line: bytes) -> int | None:
        """The depth of the multipart whose delimiter ``line`` is (innermost first, as the
        stdlib's parser looks), else None."""
        if not line.startswith(b"--"):
            return None
        bare = line.rstrip(b"\r\n").rstrip(b" \t")
        for depth in range(len(self.boundaries) - 1, -1, -1):
            mark = self.boundaries[depth]
            if bare in (mark, mark + b"--"):
                return depth
        return None

    def entity(self, default_type: str, depth: int) -> bytes:
        """Copy one entity (header block and body); return the delimiter line that ended it
        (b"" at the end of the file). Past :data:`MAX_DEPTH` levels a container is copied
        as one body (the parser would not go deeper either)."""
        headers, blank_at = self.header_block()
        if blank_at is None:
            return b""
        info = BytesParser(policy=POLICY).parsebytes(headers, headersonly=True)
        info.set_default_type(default_type)
        ctype = info.get_content_type()
        encoding = (header_value(info, "content-transfer-encoding") or "").strip().lower()
        boundary = info.get_boundary() if info.get_content_maintype() == "multipart" else None
        if depth < MAX_DEPTH and boundary:
            return self.multipart(boundary.encode("ascii", "surrogateescape"), ctype, depth)
        rfc822 = ctype == "message/rfc822" and encoding not in ("base64", "quoted-printable")
        if depth < MAX_DEPTH and rfc822:
            return self.entity("text/plain", depth + 1)
        return self.leaf(blank_at, encoding)

    def header_block(self) -> tuple[bytes, int | None]:
        """Copy a header block; return it and the place of its blank line in ``out``."""
        lines: list[bytes] = []
        size = 0
        while line := self.reader.readline():
            if line in (b"\n", b"\r\n"):
                self.out.extend(lines)
                self.out.append(line)
                return b"".join(lines), len(self.out) - 1
            if size + len(line) <= MAX_HEADER_BLOCK:
                lines.append(line)
                size += len(line)
        self.out.extend(lines)
        return b"".join(lines), None

    def multipart(self, boundary: bytes, ctype: str, depth: int) -> bytes:
        """Copy a multipart's preamble, parts and epilogue; return the outer delimiter that
        ended it (b"" at the end)."""
        self.boundaries.append(b"--" + boundary)
        level = len(self.boundaries) - 1
        child = "message/rfc822" if ctype == "multipart/digest" else "text/plain"
        line = self.copy_text()
        while line and self.delimiter(line) == level:
            self.out.append(line)
            if line.rstrip(b"\r\n").rstrip(b" \t") != self.boundaries[level]:  # closing
                self.boundaries.pop()
                return self.copy_text()  # the epilogue, up to an outer delimiter
            line = self.entity(child, depth + 1)
        self.boundaries.pop()
        return line

    def copy_text(self) -> bytes:
        """Copy lines (a preamble, an epilogue) up to a delimiter; return it."""
        while line := self.reader.readline():
            if self.delimiter(line) is not None:
                return line
            self.out.append(line)
        return b""

    def leaf(self, blank_at: int, encoding: str) -> bytes:
        """Copy a body up to the budget and skip the rest, recording it as cut; return the
        delimiter line that ended it."""
        start, kept, counts = self.reader.offset, 0, _Counts()
        budget = min(self.keep_per_part, self.left)
        newline = self.out[blank_at]  # the header block's blank line: this part's line end
        while line := self.reader.readline():
            if self.delimiter(line) is not None:
                self.left -= kept
                return line
            counts.add(line)
            if kept + len(line) > budget:
                break
            self.out.append(line)
            kept += len(line)
        else:
            self.left -= kept
            return b""
        self.left -= kept
        self.out.append(newline)
        while True:  # the rest of the body, skipped
            self.reader.skip_to_dashes(counts)
            line = self.reader.readline()
            if not line or self.delimiter(line) is not None:
                break
            counts.add(line)
        line_end = (2 if line.endswith(b"\r\n") else 1) if line else 0  # belongs to the line
        number = len(self.cuts)
        self.cuts[number] = CutPart(
            self.path,
            start,
            self.reader.offset - len(line) - line_end,
            encoding,
            counts.decoded_size(encoding, line_end),
            kept,
            self.locate,
        )
        self.out.insert(blank_at, f"{CUT_HEADER}: {self.nonce} {number}".encode() + newline)
        return line
