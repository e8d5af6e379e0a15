"""Parse and decode mail as it really arrives: broken, legacy-encoded, sometimes hostile.

Everything here is pure and total: any bytes give a message, any header gives text, and the
work is bounded (header length, header count, MIME nesting and part count are capped before
the standard library sees them), so a MIME bomb or a 10 MB header costs linear time. The raw
message is never changed; only what is shown and indexed is derived from it.
"""

from __future__ import annotations

import binascii
import html
import re
from collections.abc import Iterator
from email import policy as email_policy
from email.errors import MessageDefect
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import Any

from hongyan.core.message.charset import DecodedText, decode_bytes
from hongyan.core.message.text import clean_header_text, clean_text

__all__ = [
    "DecodedText",
    "address_warnings",
    "attachment_filename",
    "attachment_parts",
    "body_text",
    "decode_addresses",
    "decode_header",
    "has_attachments",
    "header_value",
    "is_attachment",
    "parse_message",
    "part_text",
    "walk",
]

#: A header value longer than this is cut before parsing (CPython gh-136063: quadratic
#: header parsing). Real headers stay far below it; a References list of 500 ids is ~30 KB.
MAX_HEADER_CHARS = 32 * 1024
#: Header fields kept per part; a hundred thousand Received lines are dropped after these.
MAX_HEADERS_PER_PART = 1000
#: Multipart containers (nesting and siblings together) kept; the rest is left unparsed.
MAX_MULTIPARTS = 100
#: MIME parts (delimiter lines) kept; the message is cut before the one past it.
MAX_PARTS = 1000
#: Depth of nesting that :func:`walk` follows.
MAX_DEPTH = 50

_BOUNDARY_PARAM = re.compile(rb"boundary\s*=", re.IGNORECASE)
_DELIMITER_LINE = re.compile(rb"^--", re.MULTILINE)


class _BoundedMessage(EmailMessage):
    """An EmailMessage that keeps at most :data:`MAX_HEADERS_PER_PART` header fields."""

    def set_raw(self, name: str, value: Any) -> None:
        if len(self) < MAX_HEADERS_PER_PART:
            super().set_raw(name, value)


class _BoundedPolicy(email_policy.EmailPolicy):
    """policy.default with header values cut to :data:`MAX_HEADER_CHARS` as they are read."""

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        if len(value) > MAX_HEADER_CHARS:
            value = value[:MAX_HEADER_CHARS] + "\n"
        return name, value


POLICY = _BoundedPolicy(message_factory=_BoundedMessage)


def _bounded(data: bytes) -> bytes:
    """Cut ``data`` before the MIME structure exceeds the caps (the stored file is untouched).

    Counting ``boundary=`` bounds nesting and containers; counting lines that start with
    ``--`` bounds sibling parts. Both are single linear scans.
    """
    cut = len(data)
    for pattern, limit in ((_BOUNDARY_PARAM, MAX_MULTIPARTS), (_DELIMITER_LINE, MAX_PARTS)):
        for count, match in enumerate(pattern.finditer(data, 0, cut), start=1):
            if count > limit:
                cut = match.start()
                break
    return data if cut == len(data) else data[:cut]


def parse_message(data: bytes) -> EmailMessage:
    """Parse raw message bytes into an EmailMessage; never raises, always bounded work.

    A message cut at a cap carries a ``MessageDefect`` saying so in ``msg.defects``.
    """
    bounded = _bounded(bytes(data))
    try:
        msg = BytesParser(_class=_BoundedMessage, policy=POLICY).parsebytes(bounded)
    except Exception:  # RecursionError or a stdlib bug: show the raw text instead
        msg = _BoundedMessage(policy=POLICY)
        msg.set_payload(bounded.decode("ascii", errors="surrogateescape"))
        msg.defects.append(_Malformed("the message could not be parsed"))
        return msg
    if len(bounded) != len(data):
        msg.defects.append(_Malformed("the message is too complex and was shown in part"))
    assert isinstance(msg, EmailMessage)
    return msg


class _Malformed(MessageDefect):
    """A defect we add ourselves: shown to the user as a note about the message."""


# --- headers -------------------------------------------------------------------------------

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([QqBb])\?([^?]*?)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r(?=[ \t])")


def _q_decode(text: str) -> bytes:
    """RFC 2047 §4.2 Q encoding, lenient: a stray ``=`` stays literal."""
    raw = text.replace("_", " ").encode("utf-8", errors="surrogateescape")
    out = bytearray()
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == 0x3D and _is_hex(raw[i + 1 : i + 3]):
            out.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            out.append(ch)
            i += 1
    return bytes(out)


def _is_hex(pair: bytes) -> bool:
    return len(pair) == 2 and all(c in b"0123456789abcdefABCDEF" for c in pair)


def _b_decode(text: str) -> bytes:
    """RFC 2047 §4.1 B encoding, lenient: junk dropped, padding repaired."""
    clean = re.sub(r"[^A-Za-z0-9+/]", "", text)
    clean = clean[: len(clean) - len(clean) % 4] if len(clean) % 4 == 1 else clean
    clean += "=" * (-len(clean) % 4)
    try:
        return binascii.a2b_base64(clean)
    except (binascii.Error, ValueError):
        return b""


def _raw_text(value: str) -> str:
    """Text whose 8-bit bytes arrived undeclared (surrogate-escaped): decode them by guess."""
    if value.isascii() or not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    raw = value.encode("utf-8", errors="surrogateescape")
    return decode_bytes(raw, None).text


def decode_header(value: str | bytes | None) -> str:
    """Decode a header value for display (see :func:`_decode_header`); never raises."""
    try:
        return _decode_header(value)
    except Exception:  # a bug here must not stop the reader: show the value as it came
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value or "")
        return clean_header_text(text[:MAX_HEADER_CHARS])


def _decode_header(value: str | bytes | None) -> str:
    """Decode a header value for display: RFC 2047 words, raw 8-bit text, controls made safe.

    Adjacent encoded words in the same charset are joined before decoding, so a multibyte
    character split across two words survives; whitespace between encoded words is dropped
    (RFC 2047 §6.2). Never raises.
    """
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="surrogateescape")
    value = _FOLD.sub("", str(value)[:MAX_HEADER_CHARS])
    pieces: list[str] = []
    pending: list[tuple[str, bytes]] = []  # adjacent encoded words not yet decoded

    def flush() -> None:
        if pending:
            charset = pending[0][0]
            pieces.append(decode_bytes(b"".join(b for _, b in pending), charset).text)
            pending.clear()

    pos = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        if between and not (pending and between.isspace()):
            flush()
            pieces.append(_raw_text(between))
        charset, kind, text = match.groups()
        charset = charset.split("*", 1)[0]
        data = _b_decode(text) if kind in "Bb" else _q_decode(text)
        if pending and pending[0][0].lower() != charset.lower():
            flush()
        pending.append((charset, data))
        pos = match.end()
    flush()
    pieces.append(_raw_text(value[pos:]))
    return clean_header_text("".join(pieces))


def header_value(msg: Message, name: str) -> str | None:
    """The raw (undecoded) value of the first ``name`` header, or ``None``."""
    wanted = name.lower()
    for key, raw in msg.raw_items():
        if key.lower() == wanted:
            return str(raw)
    return None


# --- addresses -----------------------------------------------------------------------------


def _split_list(value: str) -> Iterator[str]:
    """Split an address list on commas outside quotes, angle brackets and comments."""
    start, depth_angle, depth_paren, quoted, escaped = 0, 0, 0, False, False
    for i, ch in enumerate(value):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"' and depth_paren == 0:
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth_paren += 1
        elif ch == ")" and depth_paren:
            depth_paren -= 1
        elif depth_paren:
            continue
        elif ch == "<":
            depth_angle += 1
        elif ch == ">" and depth_angle:
            depth_angle -= 1
        elif ch in ",;" and depth_angle == 0:
            yield value[start:i]
            start = i + 1
    yield value[start:]


_GROUP_LABEL = re.compile(r'^\s*[^"<>@,:]*:(?!:)')
_COMMENT = re.compile(r"\(([^()]*)\)")


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name.replace('"', "").strip()


def _normalise_addr(addr: str) -> str:
    """An address with its real domain evident: ``a@b@evil`` becomes ``"a@b"@evil``."""
    addr = re.sub(r"\s+", "", addr).strip("<>\"'")
    if addr.count("@") > 1:
        local, domain = addr.rsplit("@", 1)
        addr = f'"{local.replace(chr(34), "")}"@{domain}'
    return addr


def _looks_like_other_address(name: str, addr: str) -> bool:
    """Whether a display name shows an address that is not the real one (plan D31)."""
    shown = re.findall(r"[^\s<>\"'()@]+@[^\s<>\"'()@]+\.[^\s<>\"'()@]+", name)
    return any(s.lower().strip(".") != addr.lower() for s in shown)


def _parse_one(entry: str) -> tuple[str, str] | None:
    entry = _GROUP_LABEL.sub("", entry, count=1).strip()
    if not entry:
        return None
    if "<" in entry:
        head, _, rest = entry.rpartition("<")
        addr = rest.split(">", 1)[0]
        name = head
    else:
        comments = _COMMENT.findall(entry)
        addr = _COMMENT.sub("", entry)
        name = comments[0] if comments else ""
    addr = _normalise_addr(addr)
    name = decode_header(_unquote(name))
    if _looks_like_other_address(name, addr):
        name = ""
    if not addr and not name:
        return None
    return name, clean_header_text(addr)


def decode_addresses(value: str | bytes | None) -> list[tuple[str, str]]:
    """Split an address header into ``(display name, address)`` pairs; never raises.

    See :func:`_decode_addresses`.
    """
    try:
        return _decode_addresses(value)
    except Exception:  # a bug here must not stop the indexer
        return []


def _decode_addresses(value: str | bytes | None) -> list[tuple[str, str]]:
    """Split an address header into ``(display name, address)`` pairs.

    The address (and so its domain) is what an MTA would deliver to: with several ``@`` the
    last one separates the domain, and a display name that shows a different address is
    dropped, so ``"alice@bank.example" <evil@attacker.example>`` lists only the real
    address (plan D31). Names are RFC 2047 decoded and cleaned of controls.
    """
    if value is None:
        return []
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="surrogateescape")
    text = _raw_text(_FOLD.sub("", str(value)[:MAX_HEADER_CHARS]))
    result = []
    for entry in _split_list(text):
        parsed = _parse_one(entry)
        if parsed is not None:
            result.append(parsed)
        if len(result) >= 500:
            break
    return result


def address_warnings(value: str | bytes | None) -> list[str]:
    """Why an address header looks like a spoofing attempt (shown as a security note)."""
    if value is None:
        return []
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="surrogateescape")
    text = _raw_text(_FOLD.sub("", str(value)[:MAX_HEADER_CHARS]))
    warnings = []
    for entry in _split_list(text):
        if "<" in entry:
            head, _, rest = entry.rpartition("<")
            addr = _normalise_addr(rest.split(">", 1)[0])
            name = decode_header(_unquote(head))
            if _looks_like_other_address(name, addr):
                warnings.append(f"The sender name shows {name!r} but the real address is {addr}.")
        elif _normalise_addr(entry).startswith('"'):
            addr = _normalise_addr(entry)
            warnings.append(f"The address {addr} has more than one @; it goes to the last domain.")
    return warnings


# --- parts ---------------------------------------------------------------------------------


def walk(msg: Message, *, into_messages: bool = True) -> Iterator[Message]:
    """Every part of ``msg`` depth-first, bounded by :data:`MAX_DEPTH` and :data:`MAX_PARTS`.

    With ``into_messages=False`` an attached message/rfc822 is yielded but not entered.
    """
    stack: list[tuple[Message, int]] = [(msg, 0)]
    seen = 0
    while stack and seen < MAX_PARTS:
        part, depth = stack.pop()
        seen += 1
        yield part
        if depth >= MAX_DEPTH or not part.is_multipart():
            continue
        if not into_messages and part.get_content_type() == "message/rfc822" and part is not msg:
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend((p, depth + 1) for p in reversed(payload) if isinstance(p, Message))


def _param(part: Message, name: str, header: str = "content-type") -> str | None:
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return None
    if value is None or isinstance(value, bool):  # get_param returns True for "name" alone
        return _raw_param(part, name, header)
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        charset, _, text = value
        raw = (text or "").encode("latin-1", errors="replace")
        return decode_bytes(raw, charset or "utf-8").text
    return str(value)


def _raw_param(part: Message, name: str, header: str) -> str | None:
    """A parameter the stdlib parser gave up on (unquoted ``=``, stray quotes), read by regex."""
    raw = header_value(part, header)
    if not raw:
        return None
    pattern = rf'(?:^|;)\s*{re.escape(name)}\s*=\s*(?:"([^"]*)"?|([^;]*))'
    match = re.search(pattern, _FOLD.sub("", raw), re.IGNORECASE)
    if match is None:
        return None
    value = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
    return value or None


def attachment_filename(part: Message) -> str | None:
    """The name a part asks to be saved as (RFC 2231 / RFC 2047 decoded), or ``None``.

    The name is for display; :mod:`hongyan.core.message.attachments` sanitises it for saving.
    """
    name = _param(part, "filename", "content-disposition") or _param(part, "name")
    if name is None:
        return None
    return decode_header(name) or None


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:
        return ""


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def is_attachment(part: Message) -> bool:
    """Whether a leaf part is something to list and save rather than read inline."""
    if part.is_multipart() and _content_type(part) != "message/rfc822":
        return False
    ctype = _content_type(part)
    disposition = _disposition(part)
    if ctype == "message/rfc822" or disposition == "attachment":
        return True
    if ctype.startswith("text/") and ctype in ("text/plain", "text/html"):
        return attachment_filename(part) is not None and disposition != "inline"
    if ctype.startswith("multipart/") or ctype == "message/delivery-status":
        return False
    if ctype in ("application/pgp-signature", "application/pkcs7-signature"):
        return False
    if disposition == "inline" and part.get("content-id") and ctype.startswith("image/"):
        return False
    return attachment_filename(part) is not None or not ctype.startswith("text/")


def attachment_parts(msg: Message) -> list[Message]:
    """The attachments of ``msg`` in order; an attached message counts as one."""
    return [p for p in walk(msg, into_messages=False) if p is not msg and is_attachment(p)] + (
        [msg] if msg.get_content_maintype() != "multipart" and _root_is_attachment(msg) else []
    )


def _root_is_attachment(msg: Message) -> bool:
    return _disposition(msg) == "attachment" or (
        attachment_filename(msg) is not None and not _content_type(msg).startswith("text/")
    )


def has_attachments(msg: Message) -> bool:
    """Whether the message carries at least one attachment (the paper-clip column)."""
    return bool(attachment_parts(msg))


def part_bytes(part: Message) -> bytes:
    """The decoded content of a leaf part (base64/QP/uuencode errors tolerated)."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("ascii", errors="surrogateescape")
    return b""


def part_text(part: Message, *, override: str | None = None) -> DecodedText:
    """Decode a text part: the declared charset checked, a missing or wrong one detected.

    ``override`` is the user's choice of encoding for this message; it wins. NUL bytes and
    other controls are replaced so that display and index never truncate (plan D32).
    """
    try:
        data = part_bytes(part)
        label = _param(part, "charset")
        decoded = decode_bytes(data, label, override=override)
    except Exception:  # belt and braces: decoding must never stop the reader
        decoded = DecodedText("", "utf-8", ["This part could not be decoded."])
    cleaned = clean_text(decoded.text)
    if cleaned != decoded.text and "\ufffd" in cleaned and "\x00" in decoded.text:
        decoded.notices.append("The text contains NUL bytes; they are shown as \ufffd.")
    decoded.text = cleaned
    return decoded


def is_html_part(part: Message, decoded: DecodedText | None = None) -> bool:
    """Whether a part may be shown as HTML; UTF-7 HTML never is (plan D32)."""
    if _content_type(part) != "text/html":
        return False
    return decoded is None or decoded.charset_used != "utf-7"


def body_parts(msg: Message) -> tuple[Message | None, Message | None]:
    """The best text/plain and text/html parts of the message body (either may be missing)."""
    plain: Message | None = None
    html_part: Message | None = None
    for part in walk(msg, into_messages=False):
        if part is not msg and _content_type(part) == "message/rfc822":
            continue
        ctype = _content_type(part)
        if ctype not in ("text/plain", "text/html") or (part is not msg and is_attachment(part)):
            continue
        if _disposition(part) == "attachment":
            continue
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html_part is None:
            html_part = part
    return plain, html_part


_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/tr|/li|/h[1-6]|/table|hr)\b[^>]*>")


def html_to_text(markup: str) -> str:
    """Reduce HTML to its visible text (for indexing and a plain-text fallback)."""
    import nh3

    markup = _BLOCK_END.sub(lambda m: m.group(0) + "\n", markup)
    stripped = nh3.clean(markup, tags=set(), clean_content_tags={"script", "style", "title"})
    text = html.unescape(stripped)
    return re.sub(r"[ \t]*\n[ \t\n]*\n", "\n\n", text).strip()


def body_text(msg: Message, *, max_chars: int = 200_000) -> str:
    """The best plain text of the body for search indexing: text/plain, else HTML reduced."""
    plain, html_part = body_parts(msg)
    if plain is not None:
        text = part_text(plain).text
        if text.strip() or html_part is None:
            return text[:max_chars]
    if html_part is not None:
        decoded = part_text(html_part)
        if not is_html_part(html_part, decoded):
            return decoded.text[:max_chars]
        try:
            return html_to_text(decoded.text[: max_chars * 4])[:max_chars]
        except Exception:
            return decoded.text[:max_chars]
    return ""
