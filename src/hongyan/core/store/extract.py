"""What the index records of a message: headers decoded for display, body text for search.

Everything here is best effort and bounded. Hostile or broken mail (MIME bombs, 8-bit headers,
unknown charsets, NUL bytes; plan D30-D32) must never stop indexing, so every step has a
fallback and a cap, and a message that hits a cap is marked ``malformed`` instead of raising.
The raw file is never touched: this only reads.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import html
import re
from dataclasses import dataclass, field

from hongyan.core.store.charsets import decode_header_value, decode_part_text

MAX_PARSE_BYTES = 8 * 1024 * 1024  # beyond this only attachments follow; their bytes are not text
MAX_HEADER_BYTES = 256 * 1024  # a header block this big is an attack (plan D30 c)
MAX_PARTS = 500  # MIME parts walked per message (plan D30 b)
MAX_DEPTH = 40  # nesting of multiparts (plan D30 a)
MAX_TEXT_CHARS = 64 * 1024  # body text indexed per message; enough to find any real mail
_MULTIPART_CAP = 200  # more "multipart/" mentions than this: do not build a MIME tree at all
_BOUNDARY_LINE_CAP = 5000  # more "--boundary" lines than this: same


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
    body_text: str = ""
    malformed: bool = False
    attachment_names: list[str] = field(default_factory=list)


def extract(data: bytes) -> Extracted:
    """Read what the index needs from a raw message; never raises on any input.

    Args:
        data: the message bytes as stored (CRLF or LF line ends).
    """
    result = Extracted()
    head = data[:MAX_PARSE_BYTES]
    header_end = _header_end(head)
    if header_end > MAX_HEADER_BYTES:
        result.malformed = True
        head = head[:MAX_HEADER_BYTES] + b"\n\n"
    bomb = _looks_like_a_bomb(head)
    head = _repair_headers(head, min(header_end, MAX_HEADER_BYTES))
    try:
        message = email.message_from_bytes(
            _headers_only(head) if bomb else head, policy=email.policy.compat32
        )
    except Exception:  # the parser is documented not to raise, but hostile input is hostile
        result.malformed = True
        return result
    _read_headers(message, result)
    if bomb:
        result.malformed = True
        result.body_text = _clean(_raw_text(head[header_end:]))
    else:
        _read_body(message, result)
    result.malformed = result.malformed or bool(message.defects) or len(data) > MAX_PARSE_BYTES
    return result


def _header_end(data: bytes) -> int:
    positions = [p for p in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if p >= 0]
    return min(positions) if positions else len(data)


_LONE_CR = re.compile(rb"\r(?!\n)")
_HEADER_LINE = re.compile(rb"^(?:[!-9;-~]+[ \t]*:|[ \t])")


def _repair_headers(data: bytes, header_end: int) -> bytes:
    """Drop what would end the header block early, for parsing only (the file is untouched).

    An mbox ``From `` line, a line without a colon, or a bare CR (which the parser takes as a
    line end) would make every later header part of the body (plan D31).
    """
    block = _LONE_CR.sub(b" ", data[:header_end])
    lines = block.split(b"\n")
    kept = [line for line in lines if _HEADER_LINE.match(line) or not line.strip(b"\r")]
    if len(kept) == len(lines) and len(block) == header_end:
        return data
    return b"\n".join(kept) + data[header_end:]


def _headers_only(data: bytes) -> bytes:
    return data[: _header_end(data)] + b"\n\n"


def _looks_like_a_bomb(data: bytes) -> bool:
    """A cheap count before parsing: deep nesting and huge part counts are refused (plan D30)."""
    lowered = data[:MAX_PARSE_BYTES].lower()
    return (
        lowered.count(b"multipart/") > _MULTIPART_CAP or lowered.count(b"\n--") > _BOUNDARY_LINE_CAP
    )


def _header(message: email.message.Message, name: str) -> str:
    try:
        raw = message.get(name)
    except Exception:
        return ""
    if raw is None:
        return ""
    return _clean(decode_header_value(raw))


def _read_headers(message: email.message.Message, result: Extracted) -> None:
    result.subject = _header(message, "Subject")
    result.message_id = _msgid(_header(message, "Message-ID"))
    result.from_name, result.from_addr = _sender(_header(message, "From"))
    result.to_addrs = _addresses(_header(message, "To"))
    result.cc_addrs = _addresses(_header(message, "Cc"))
    result.date = _date(_header(message, "Date"))
    result.in_reply_to = _msgid(_header(message, "In-Reply-To"))
    references = re.findall(r"<[^<>\s]+>", _header(message, "References"))
    result.thread_key = (references[0] if references else "") or result.in_reply_to
    result.thread_key = result.thread_key or result.message_id


def _msgid(value: str) -> str:
    match = re.search(r"<[^<>\s]+>", value)
    return match.group(0) if match else value.strip()[:500]


def _sender(value: str) -> tuple[str, str]:
    """The From name and address; the address is what parseaddr finds, never the name's claim.

    ``"alice@bank.example" <evil@attacker.example>`` gives the attacker's address (plan D31).
    """
    try:
        name, addr = email.utils.parseaddr(value)
    except Exception:
        name, addr = "", ""
    if not addr:
        bracketed = re.findall(r"<([^<>]*)>", value)
        addr = bracketed[-1] if bracketed else value.strip()
        name = value.split("<")[0].strip().strip('"') if bracketed else ""
    return _clean(name)[:500], _clean(addr)[:500]


def _addresses(value: str) -> str:
    """Addresses as ``Name <addr>, ...`` (display and search), capped."""
    try:
        pairs = email.utils.getaddresses([value])
    except Exception:
        return value[:2000]
    parts = [f"{n} <{a}>" if n else a for n, a in pairs if a or n]
    return ", ".join(parts)[:2000] if parts else value[:2000]


def _date(value: str) -> int | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except Exception:
        return None
    if parsed is None:
        return None
    try:
        return int(parsed.timestamp())
    except (OverflowError, OSError, ValueError):
        return None


def _read_body(message: email.message.Message, result: Extracted) -> None:
    """Walk the MIME tree iteratively with caps; gather text parts and note attachments."""
    texts: list[str] = []
    budget = MAX_TEXT_CHARS
    stack: list[tuple[email.message.Message, int]] = [(message, 0)]
    walked = 0
    while stack and walked < MAX_PARTS:
        part, depth = stack.pop()
        walked += 1
        if part.is_multipart():
            children = part.get_payload()
            if depth >= MAX_DEPTH or not isinstance(children, list):
                result.malformed = True
                continue
            stack.extend(
                (child, depth + 1)
                for child in reversed(children)
                if isinstance(child, email.message.Message)
            )
            continue
        if _is_attachment(part, result):
            continue
        if budget > 0 and part.get_content_maintype() == "text":
            text = _part_text(part)
            texts.append(text[:budget])
            budget -= len(texts[-1])
    if stack:
        result.malformed = True
    result.body_text = _clean("\n".join(texts))


def _is_attachment(part: email.message.Message, result: Extracted) -> bool:
    try:
        disposition = (part.get_content_disposition() or "").lower()
        filename = part.get_filename()
    except Exception:
        disposition, filename = "", None
    maintype = part.get_content_maintype()
    if disposition == "attachment" or filename or maintype not in ("text", "multipart"):
        if maintype == "message" and disposition != "attachment":
            return False  # a forwarded message inline: its text is searchable
        result.has_attachments = True
        if filename:
            result.attachment_names.append(_clean(decode_header_value(filename))[:255])
        return True
    return False


def _part_text(part: email.message.Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        return ""
    text = decode_part_text(payload, part.get_content_charset())
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text


_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")


def html_to_text(markup: str) -> str:
    """Visible words of an HTML part, for search only (never shown, so no sanitising needed)."""
    markup = _SCRIPT_STYLE.sub(" ", markup[: MAX_TEXT_CHARS * 4])
    return html.unescape(_TAG.sub(" ", markup))


def _raw_text(body: bytes) -> str:
    """Best-effort text of a body that will not be parsed (a bomb): its first bytes as UTF-8."""
    return body[:MAX_TEXT_CHARS].decode("utf-8", "replace")


def _clean(text: str) -> str:
    """Drop NULs and collapse runs of spaces: SQLite and the UI must never see a NUL (D32)."""
    return _SPACE.sub(" ", text.replace("\x00", "")).strip()
