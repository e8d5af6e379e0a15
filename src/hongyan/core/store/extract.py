"""What the index records of a message: headers decoded for display, body text for search.

Decoding itself (charsets, RFC 2047, addresses, MIME caps) is :mod:`hongyan.core.message.decode`,
the same code the reader uses, so the list shows what the message window shows. This module only
bounds the bytes handed over and shapes the result into index columns. Everything is best
effort: hostile or broken mail (MIME bombs, 8-bit headers, unknown charsets, NUL bytes; plan
D30-D32) never stops indexing, and the raw file is never touched.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from email.message import Message

from hongyan.core.message import decode
from hongyan.core.message.automated import is_automated
from hongyan.core.store.threads import subject_key

MAX_PARSE_BYTES = 8 * 1024 * 1024  # beyond this only attachments follow; their bytes are not text
MAX_TEXT_CHARS = 64 * 1024  # body text indexed per message; enough to find any real mail
MAX_ADDRESSES_CHARS = 2000
MAX_HEADER_BYTES = 1024 * 1024  # a header block read at delivery (decode bounds it further)
SKIP_BLOBS_OVER = 64 * 1024  # smaller messages are parsed whole: skipping would not pay
# Anchored at line starts with possessive quantifiers: linear even on a 1 MB line (plan D30).
_BLOB = re.compile(rb"^(?:[A-Za-z0-9+/]{60,}+={0,2}+\r?\n){16,}+", re.MULTILINE)
_CONTENT_TYPE = re.compile(rb"content-type:\s*([a-z]+)/", re.IGNORECASE)


@dataclass
class Extracted:
    """The index's view of one message; strings are NUL-free and never None."""

    message_id: str = ""
    date: int | None = None
    from_name: str = ""
    from_addr: str = ""
    to_addrs: str = ""
    cc_addrs: str = ""
    subject: str = ""
    has_attachments: bool = False
    in_reply_to: str = ""
    thread_key: str = ""
    parent_msgid: str = ""  # what it answers: In-Reply-To, else the last of References
    subject_key: str = ""  # the subject without Re:/回复: prefixes, folded (threads.py)
    reply_subject: bool = False  # the subject began with a reply prefix
    automated: bool = False  # sent by a list or a machine (core/message/automated.py)
    body_text: str = ""
    malformed: bool = False
    attachment_names: list[str] = field(default_factory=list)


def extract(data: bytes) -> Extracted:
    """Read what the index needs from a raw message; never raises on any input.

    Args:
        data: the message bytes as stored (CRLF or LF line ends).
    """
    try:
        message = parse_for_text(data)
        result = Extracted(malformed=len(data) > MAX_PARSE_BYTES or bool(message.defects))
        _read_headers(message, result)
        _read_body(message, result)
    except Exception:  # decode is total by contract; this guards the indexer against its bugs
        return Extracted(malformed=True)
    return result


def parse_for_text(data: bytes) -> Message:
    """The message parsed as indexing parses it: its first 8 MB, the base64 lines of its
    attachments left out (see :func:`_skip_attachment_bodies`), the header block repaired
    and bounded (D30 c, D31). For what reads only text: the index, the rules' body
    conditions."""
    head = data[:MAX_PARSE_BYTES]
    if len(head) > SKIP_BLOBS_OVER:
        head = _skip_attachment_bodies(head)
    return decode.parse_message(head)


def extract_headers(head: bytes) -> Extracted:
    """Read the header columns from the start of a message; never raises.

    What a fetch records at delivery from the bytes it already holds (see pending.py): the
    same decoding as :func:`extract`, no body. ``has_attachments`` is a guess from the top
    Content-Type (``multipart/mixed``, as Thunderbird flags new mail), corrected when the
    body is indexed; ``body_text`` stays empty.

    Args:
        head: the start of the message (see :func:`header_source`).
    """
    try:
        message = decode.parse_message(header_source(head))
        result = Extracted(malformed=bool(message.defects))
        _read_headers(message, result)
        result.has_attachments = message.get_content_type() == "multipart/mixed"
    except Exception:  # as in extract(): guards the delivery against decode's bugs
        return Extracted(malformed=True)
    return result


def header_source(head: bytes) -> bytes:
    """What :func:`extract_headers` parses of a message's start: its header block (all of
    ``head`` when it has no end). Raw 8-bit headers (legacy GBK or Big5 mail) are read in
    the charset of the first text part, as :func:`extract` does, so for them the start of
    the body comes too (at most :data:`SKIP_BLOBS_OVER` bytes)."""
    end = _header_end(head)
    block = head if end < 0 else head[:end]
    return block if block.isascii() else head[:SKIP_BLOBS_OVER]


def _header_end(data: bytes) -> int:
    """Where the header block ends (after its blank line), or -1 when ``data`` has none yet."""
    if data.startswith((b"\r\n", b"\n")):
        return 0
    crlf = data.find(b"\r\n\r\n")
    # A bare-LF blank line can only come first if it lies before the CRLF one.
    lf = data.find(b"\n\n", 0, len(data) if crlf < 0 else crlf + 2)
    if lf >= 0:
        return lf + 2
    return crlf + 4 if crlf >= 0 else -1


def header_complete(data: bytes) -> bool:
    """True once ``data`` holds a message's whole header block."""
    return _header_end(data) >= 0


def _skip_attachment_bodies(data: bytes) -> bytes:
    """Leave out the base64 lines of non-text parts before parsing (only for indexing).

    Attachments carry most of the bytes of a mailbox and none of its searchable text, and
    the stdlib parser handles them line by line: skipping them makes indexing several times
    faster. A base64 *text* part (common in Chinese mail) is kept, so its words are indexed.
    """
    pieces, last = [], 0
    for match in _BLOB.finditer(data):
        types = _CONTENT_TYPE.findall(data, max(last, match.start() - 4096), match.start())
        if types and types[-1].lower() != b"text":
            pieces.append(data[last : match.start()])
            last = match.end()
    if not pieces:
        return data
    pieces.append(data[last:])
    return b"".join(pieces)


def _header(message: Message, name: str) -> str:
    return decode.decode_header(decode.header_value(message, name))


def _read_headers(message: Message, result: Extracted) -> None:
    """Decode as the reader does: raw 8-bit names and subjects in the message's charset.

    A raw EUC-KR or KOI8-R subject is indexed (and listed) as the message window shows it,
    not as GB18030 mojibake.
    """
    hint = decode.message_charset(message)
    # decode.header_text(message, "Subject"), without finding the charset a second time
    result.subject = decode.decode_header(decode.header_value(message, "Subject"), fallback=hint)
    result.message_id = _msgid(_header(message, "Message-ID"))
    senders = decode.decode_addresses(decode.header_value(message, "From"), fallback=hint)
    if senders:
        result.from_name, result.from_addr = senders[0]
    result.to_addrs = _addresses(message, "To", hint)
    result.cc_addrs = _addresses(message, "Cc", hint)
    result.date = _date(_header(message, "Date"))
    result.in_reply_to = _msgid(_header(message, "In-Reply-To"))
    references = re.findall(r"<[^<>\s]+>", _header(message, "References"))
    result.thread_key = (references[0] if references else "") or result.in_reply_to
    result.thread_key = result.thread_key or result.message_id
    result.parent_msgid = result.in_reply_to or (references[-1] if references else "")
    result.subject_key, result.reply_subject = subject_key(result.subject)
    result.automated = is_automated(message)  # type: ignore[arg-type]


def _msgid(value: str) -> str:
    match = re.search(r"<[^<>\s]+>", value)
    return match.group(0) if match else value.strip()[:500]


def _addresses(message: Message, name: str, hint: str | None) -> str:
    """Addresses as ``Name <addr>, ...`` (shown and searched), capped."""
    pairs = decode.decode_addresses(decode.header_value(message, name), fallback=hint)
    return ", ".join(f"{n} <{a}>" if n else a for n, a in pairs)[:MAX_ADDRESSES_CHARS]


def _date(value: str) -> int | None:
    """Unix seconds of the Date header; None when it cannot be read (the caller falls back)."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        return int(parsed.timestamp()) if parsed is not None else None
    except (TypeError, ValueError, OverflowError, OSError, IndexError):
        return None


def _read_body(message: Message, result: Extracted) -> None:
    attachments = decode.attachment_parts(message)
    result.has_attachments = bool(attachments)
    names = (decode.attachment_filename(p) for p in attachments[:50])
    result.attachment_names = [n[:255] for n in names if n]
    result.body_text = _clean(decode.body_text(message, max_chars=MAX_TEXT_CHARS))


def _clean(text: str) -> str:
    """No NUL ever reaches SQLite or the UI (plan D32); decode already replaced them."""
    return text.replace("\x00", "")
