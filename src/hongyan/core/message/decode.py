"""Parse and decode mail as it really arrives: broken, legacy-encoded, sometimes hostile.

Everything here is pure and total: any bytes give a message, any header gives text, and the
work is bounded (header length, header count, MIME nesting and part count are capped before
the standard library sees them), so a MIME bomb or a 10 MB header costs linear time. The raw
message is never changed; only what is shown and indexed is derived from it.
"""

from __future__ import annotations

import binascii
import re
from email import policy as email_policy
from email.errors import MessageDefect
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import Any

from hongyan.core.message.charset import DecodedText
from hongyan.core.message.headers import (
    MAX_HEADER_CHARS,
    address_warnings,
    decode_addresses,
    decode_header,
    decode_header_raw,
    header_value,
)
from hongyan.core.message.parts import (
    MAX_PARTS,
    _content_type,
    attachment_filename,
    attachment_parts,
    body_parts,
    body_text,
    has_attachments,
    header_text,
    html_to_text,
    is_attachment,
    is_html_part,
    message_charset,
    part_bytes,
    part_text,
    walk,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, words

__all__ = [
    "MAX_HEADER_CHARS",
    "POLICY",
    "DecodedText",
    "MalformedDefect",
    "address_warnings",
    "attachment_filename",
    "attachment_parts",
    "body_parts",
    "body_text",
    "decode_addresses",
    "decode_header",
    "decode_header_raw",
    "has_attachments",
    "header_text",
    "header_value",
    "html_to_text",
    "is_attachment",
    "is_html_part",
    "message_charset",
    "parse_message",
    "part_bytes",
    "part_text",
    "walk",
]

#: Header fields kept per part; a hundred thousand Received lines are dropped after these.
MAX_HEADERS_PER_PART = 1000
#: Bytes of a top-level header block read as they are; a larger one has its lines cut.
MAX_HEADER_BLOCK = 1024 * 1024
#: Multipart containers (nesting and siblings together) kept; the rest is left unparsed.
MAX_MULTIPARTS = 100

_FOLDING = re.compile(r"\r?\n(?=[ \t])")
_UNQUOTED_BOUNDARY = re.compile(r'(?i)(\bboundary\s*=\s*)([^"\s;][^\s;]*=[^\s;]*)')
_BOUNDARY_PARAM = re.compile(rb"boundary\s*=", re.IGNORECASE)
_DELIMITER_LINE = re.compile(rb"^--", re.MULTILINE)


class _BoundedMessage(EmailMessage):
    """An EmailMessage that keeps at most :data:`MAX_HEADERS_PER_PART` header fields."""

    def set_raw(self, name: str, value: Any) -> None:
        count = len(self)
        needed = count < 2 * MAX_HEADERS_PER_PART and _KEPT_HEADER.match(
            name.encode("ascii", "replace")
        )
        if count < MAX_HEADERS_PER_PART or needed:
            super().set_raw(name, value)


class _BoundedPolicy(email_policy.Compat32):
    """The classic (compat32) policy with header values cut to :data:`MAX_HEADER_CHARS`.

    Not policy.default: its header classes re-parse a structured header on every access
    (``get_content_type()`` alone parsed Content-Type 24,000 times for the corpus) and their
    parser is where CPython's quadratic cases live (gh-136063). Hongyan decodes headers itself
    (:mod:`.headers`), so the parser only needs raw values and parameters.
    """

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        if len(value) > MAX_HEADER_CHARS:
            value = value[:MAX_HEADER_CHARS] + "\n"
        if name.lower() in ("content-type", "content-disposition"):
            # Unfold (RFC 5322 §2.2.3): a boundary folded inside its quotes must still match.
            value = _FOLDING.sub("", value.rstrip("\r\n")) + "\n"
        if name.lower() == "content-type" and "=" in value:
            # boundary=----=_NextPart_000 (unquoted, with "="): Outlook Express wrote these,
            # and the stdlib then finds no boundary and shows the raw MIME as text.
            value = _UNQUOTED_BOUNDARY.sub(r'\1"\2"', value)
        return name, value


POLICY = _BoundedPolicy()


_KEPT_HEADER = re.compile(
    rb"(?i)^(content-|mime-version|from|to|cc|reply-to|subject|date|message-id|sender)"
)


_BOM = b"\xef\xbb\xbf"
_LONE_CR = re.compile(rb"\r(?!\n)")
_HEADER_FIELD = re.compile(rb"^[!-9;-~]+[ \t]*:")
# Searched in b"\n" + block: a literal "\n" first lets the regex engine skip ahead; "(?m)^"
# tries every position (20-30 times slower on a 6 MB header line).
_OBS_COLON = re.compile(rb"\n([!-9;-~]+)[ \t]+:")
_OBS_COLON_LINE = re.compile(rb"\A([!-9;-~]+)[ \t]+:")
_BAD_HEADER_LINE = re.compile(rb"\n(?![ \t])(?![!-9;-~]+[ \t]*:)(?!\r?(?:\n|$))")


def _envelope_stripped(data: bytes) -> bytes:
    """The message without what precedes its headers and is not part of it: a UTF-8 byte
    order mark, an mbox envelope line (``From alice@example.com Mon Mar  2 …``, which .eml
    files saved from an mbox keep). Leaving these out loses nothing, so no note says so."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if data.startswith(b"From ") and not _HEADER_FIELD.match(data):  # "From :" is a field
        end = data.find(b"\n")
        data = data[end + 1 :] if end >= 0 else b""
    return data


def _trim_header_block(data: bytes) -> tuple[bytes, list[Text]]:
    """Repair and bound the top-level header block before parsing (the file is untouched);
    return it and notes saying what was left out.

    A line without a colon, or a bare CR, would make the stdlib end the headers there and show
    every later header as body text (plan D31): such lines are dropped (and named in a note),
    bare CRs become spaces. Past :data:`MAX_HEADERS_PER_PART` fields (a hundred thousand
    ``Received:`` lines cost the parser a second) only the fields a reader needs (Content-*,
    From, To, Subject, Date ...) are kept.
    """
    ends = [p for p in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if p >= 0]
    end = min(ends) if ends else len(data)
    block = data[:end]
    lines = b"\n" + block
    malformed = (
        b"\r" in block.replace(b"\r\n", b"")
        or _BAD_HEADER_LINE.search(lines)
        or _OBS_COLON.search(lines)
    )
    huge = end > MAX_HEADER_BLOCK  # a 10 MB Subject: cut here, the parser never reads it
    if data.count(b"\n", 0, end) <= MAX_HEADERS_PER_PART and not malformed and not huge:
        return data, []
    kept: list[bytes] = []
    keeping = False
    dropped: list[bytes] = []  # lines that are no header field
    fields = cut = 0
    block = _LONE_CR.sub(b" ", block)  # a bare CR is not a line end (plan D31)
    for count, line in enumerate(block.split(b"\n")):
        if line[:1] not in (b" ", b"\t"):
            field = _HEADER_FIELD.match(line)
            if field is None and line.strip(b"\r"):
                dropped.append(line)  # no colon: the stdlib would end the headers there (D31)
                continue
            if field is not None and line[field.end() - 2 : field.end() - 1] in (b" ", b"\t"):
                line = _OBS_COLON_LINE.sub(rb"\1:", line, count=1)  # "Subject :" (RFC 5322 §4.5.3)
            fields += 1
            keeping = count < MAX_HEADERS_PER_PART or bool(_KEPT_HEADER.match(line))
        if keeping:
            cut += len(line) > MAX_HEADER_CHARS
            kept.append(line[:MAX_HEADER_CHARS])  # the policy would cut the value there too
    return b"\n".join(kept) + data[end:], _header_notes(dropped, fields, cut)


def _header_notes(dropped: list[bytes], fields: int, cut: int) -> list[Text]:
    """What :func:`_trim_header_block` left out, in words for the reader."""
    notes: list[Text] = []
    if dropped:
        first = decode_header(dropped[0][:200])[:80]
        if len(dropped) == 1:
            notes.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "A line of the header is not a header field and was left out: “{line}”.",
                    ),
                    line=first,
                )
            )
        else:
            notes.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{count} lines of the header are not header fields and were left out; "
                        "the first: “{line}”.",
                    ),
                    count=len(dropped),
                    line=first,
                )
            )
    if fields > MAX_HEADERS_PER_PART:
        notes.append(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "This message has {count} header fields; only the first {limit} and those "
                    "a reader needs were read.",
                ),
                count=fields,
                limit=MAX_HEADERS_PER_PART,
            )
        )
    if cut:
        notes.append(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "Header fields longer than {size} KB were cut at that length."
                ),
                size=MAX_HEADER_CHARS // 1024,
            )
        )
    return notes


def _bounded(data: bytes) -> tuple[bytes, list[Text]]:
    """Cut ``data`` before the MIME structure exceeds the caps (the stored file is untouched);
    return it and notes saying what was left out (none for a message read whole).

    Counting ``boundary=`` bounds nesting and containers; counting lines that start with
    ``--`` bounds sibling parts. Both are single linear scans.
    """
    data, notes = _trim_header_block(_envelope_stripped(data))
    cut = len(data)
    # Counting substrings is ~20x faster than a regex scan; most mail is far under the caps.
    if data.lower().count(b"boundary") <= MAX_MULTIPARTS and data.count(b"\n--") < MAX_PARTS:
        return data, notes
    reason: Text | None = None
    for pattern, limit, note in (
        (_BOUNDARY_PARAM, MAX_MULTIPARTS, _TOO_MANY_CONTAINERS),
        (_DELIMITER_LINE, MAX_PARTS, _TOO_MANY_PARTS),
    ):
        for count, match in enumerate(pattern.finditer(data, 0, cut), start=1):
            if count > limit:
                cut, reason = match.start(), words(note, limit=limit)
                break
    if reason is None:
        return data, notes
    return data[:cut], [*notes, reason]


_TOO_MANY_CONTAINERS = QT_TRANSLATE_NOOP(
    "Core", "This message has more than {limit} multipart containers; the rest are not shown."
)
_TOO_MANY_PARTS = QT_TRANSLATE_NOOP(
    "Core", "This message has more than {limit} MIME parts; the rest are not shown."
)


#: Levels of attached messages sent in base64 that are decoded and parsed.
MAX_ENCODED_MESSAGE_DEPTH = 3
#: Such attached messages decoded per level (each is smaller than the message holding it).
MAX_ENCODED_MESSAGES = 20


def parse_message(data: bytes) -> EmailMessage:
    """Parse raw message bytes into an EmailMessage; never raises, always bounded work.

    Whatever was left out (a header line that is no field, parts past a cap) is said by a
    :class:`MalformedDefect` in ``msg.defects``, one for each thing, with a note for the
    reader; a message read whole has none (an mbox envelope line before it is not part of it).
    """
    return _parse(data, 0)


def _parse(data: bytes, depth: int) -> EmailMessage:
    bounded, notes = _bounded(bytes(data))
    try:
        msg = BytesParser(_class=_BoundedMessage, policy=POLICY).parsebytes(bounded)
    except Exception:  # RecursionError or a stdlib bug: show the raw text instead
        msg = _BoundedMessage(policy=POLICY)
        msg.set_payload(bounded.decode("ascii", errors="surrogateescape"))
        msg.defects.append(MalformedDefect(_UNPARSED))
        return msg
    msg.defects.extend(MalformedDefect(note) for note in notes)
    assert isinstance(msg, EmailMessage)
    if depth < MAX_ENCODED_MESSAGE_DEPTH and b"rfc822" in bounded.lower():
        _decode_encoded_messages(msg, depth)
    return msg


def _decode_encoded_messages(msg: EmailMessage, depth: int) -> None:
    """Parse attached messages sent in base64 (Yandex, some gateways).

    RFC 2046 §5.2.1 allows only 7bit/8bit/binary for message/rfc822, so the stdlib parses
    the base64 text itself as a message without headers: shown as base64 noise and saved as
    a broken .eml. The text is decoded and parsed (bounded: a few levels, a few per level;
    each is smaller than its container). Quoted-printable is left as parsed: its text
    still reads as headers and body, so there is no telling whether it was really encoded.
    """
    done = 0
    for part in list(walk(msg, into_messages=False)):  # the parts as parsed, not as decoded
        if done >= MAX_ENCODED_MESSAGES:
            break
        if _content_type(part) != "message/rfc822":
            continue
        cte = (header_value(part, "content-transfer-encoding") or "").strip().lower()
        payload = part.get_payload()
        if cte != "base64" or not isinstance(payload, list):
            continue
        inner = payload[0] if len(payload) == 1 else None
        body = inner.get_payload() if isinstance(inner, Message) else None
        if not isinstance(inner, Message) or len(inner) or not isinstance(body, str):
            continue  # it has headers: the label was wrong, the parse is right
        try:  # base64 ignores what is not in its alphabet; bad padding makes it give up
            decoded = binascii.a2b_base64(body.encode("ascii", errors="ignore"))
        except (binascii.Error, ValueError):
            continue
        part.set_payload([_parse(decoded, depth + 1)])
        part.replace_header("Content-Transfer-Encoding", "8bit")
        done += 1


class MalformedDefect(MessageDefect):
    """A defect we add ourselves: part of the message was left out. ``note`` says what, for
    the reader."""

    def __init__(self, note: Text) -> None:
        super().__init__(note)
        self.note = note


#: The note of a message the parser gave up on (shown as its raw text).
_UNPARSED = words(
    QT_TRANSLATE_NOOP("Core", "This message could not be read as MIME; it is shown as plain text.")
)
