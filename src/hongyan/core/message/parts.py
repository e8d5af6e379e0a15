"""The parts of a message: which are the body, which are attachments, and their text.

Walking is iterative and bounded (depth and part count), so a MIME bomb costs no recursion.
The body is what a reader reads inline: text/plain (or text/html) parts that are not
attachments, one per alternative, in order. Attachments are everything to list and save: named
or ``attachment`` parts, non-text leaves, attached messages (counted as one each).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import mimetypes
import re
from collections.abc import Iterator
from email.message import Message

from hongyan.core.message.charset import DecodedText, codec_for, decode_bytes
from hongyan.core.message.headers import (
    clean_header_text,
    decode_header,
    decode_header_raw,
    header_value,
)
from hongyan.core.message.text import clean_text
from hongyan.core.message.uuencode import has_uuencoded, split_uuencoded
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

#: MIME parts visited at most by :func:`walk`.
MAX_PARTS = 1000
#: Depth of nesting that :func:`walk` follows.
MAX_DEPTH = 50
#: Bytes of one text part decoded for reading and indexing (a 50 MB text is an attack).
MAX_TEXT_BYTES = 4 * 1024 * 1024


def walk(msg: Message, *, into_messages: bool = True) -> Iterator[Message]:
    """Every part of ``msg`` depth-first, bounded by :data:`MAX_DEPTH` and :data:`MAX_PARTS`.

    With ``into_messages=False`` an attached message/rfc822 is yielded but not entered.
    """
    for part, _parent in walk_with_parents(msg, into_messages=into_messages):
        yield part


def walk_with_parents(
    msg: Message, *, into_messages: bool = True
) -> Iterator[tuple[Message, Message | None]]:
    """Like :func:`walk`, with each part's parent (``None`` for ``msg``)."""
    stack: list[tuple[Message, Message | None, int]] = [(msg, None, 0)]
    seen = 0
    while stack and seen < MAX_PARTS:
        part, parent, depth = stack.pop()
        seen += 1
        yield part, parent
        if depth >= MAX_DEPTH or not part.is_multipart():
            continue
        if part is not msg and _content_type(part).startswith("message/") and not into_messages:
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            children = [p for p in payload if isinstance(p, Message)]
            stack.extend((p, part, depth + 1) for p in reversed(children))


def _param(part: Message, name: str, header: str = "content-type") -> str | None:
    raw = header_value(part, header)
    if raw is not None and not raw.isascii():
        return _raw_param(part, name, header)  # raw 8-bit: the stdlib would mangle it to U+FFFD
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return None
    if value is None or isinstance(value, bool):  # get_param returns True for "name" alone
        return _raw_param(part, name, header)
    if isinstance(value, tuple):  # RFC 2231: (charset, language, value)
        charset, _, text = value
        encoded = (text or "").encode("latin-1", errors="replace")
        return decode_bytes(encoded, charset or "utf-8").text
    raw_value = _raw_param(part, name, header)
    if raw_value and len(raw_value) > len(value) and raw_value.startswith(str(value)):
        return raw_value  # name=This is a test.txt (unquoted spaces): the stdlib keeps "This"
    return str(value)


_PARAM_CACHE: dict[str, re.Pattern[str]] = {}


def _raw_param(part: Message, name: str, header: str) -> str | None:
    """A parameter the stdlib parser gave up on (unquoted ``=``, stray quotes), read by regex."""
    raw = header_value(part, header)
    if not raw:
        return None
    pattern = _PARAM_CACHE.get(name)
    if pattern is None:
        pattern = re.compile(
            rf'(?:^|;)\s*{re.escape(name)}\s*=\s*(?:"([^"]*)"?|([^;]*))', re.IGNORECASE
        )
        _PARAM_CACHE[name] = pattern
    match = pattern.search(re.sub(r"\r?\n[ \t]", " ", raw))
    if match is None:
        return None
    value = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
    return value or None


def attachment_filename(part: Message, *, raw: bool = False) -> str | None:
    """The name a part asks to be saved as (RFC 2231 / RFC 2047 decoded), or ``None``.

    The name is cleaned for display; with ``raw=True`` it keeps every character (for
    :func:`hongyan.core.message.attachments.sanitise_filename`, which needs to see them).
    """
    name = _param(part, "filename", "content-disposition") or _param(part, "name")
    if name is None:
        return None
    decoded = decode_header_raw(name, fallback=_param(part, "charset"))
    return (decoded if raw else clean_header_text(decoded).strip()) or None


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


_BODY_TYPES = ("text/plain", "text/html")
#: Machine reports in bounces and receipts: part of the message, not files to save.
_REPORT_TYPES = frozenset(
    {"message/delivery-status", "message/disposition-notification", "message/feedback-report",
     "text/rfc822-headers", "message/global-delivery-status", "message/global-headers"}
)  # fmt: skip


#: Status reports shown as text when a report puts one first (where its human text belongs).
_STATUS = frozenset(
    {"message/delivery-status", "message/global-delivery-status",
     "message/disposition-notification"}
)  # fmt: skip


def _status_text(part: Message) -> str:
    """A status report as text: the parser splits it into blocks of fields and stray text."""
    payload = part.get_payload()
    if isinstance(payload, str):
        return clean_text(payload[:MAX_TEXT_BYTES])
    pieces: list[str] = []
    for block in payload[:MAX_PARTS] if isinstance(payload, list) else []:
        if isinstance(block, Message):
            pieces.extend(f"{name}: {decode_header(value)}\n" for name, value in block.raw_items())
            body = block.get_payload()
            pieces.append(body if isinstance(body, str) else "")
    return clean_text("".join(pieces)[:MAX_TEXT_BYTES])


def is_attachment(part: Message, parent: Message | None = None) -> bool:
    """Whether a part is something to list and save (a named inline text part is both).

    ``parent`` tells whether a part with a Content-ID is a resource of multipart/related
    (shown through ``cid:``, not listed).
    """
    ctype = _content_type(part)
    if ctype.startswith("multipart/"):
        return False
    if _disposition(part) == "attachment":
        return True
    named = attachment_filename(part) is not None
    if ctype in _BODY_TYPES or (ctype in _REPORT_TYPES and not named):
        return named
    if not named and parent is not None and _content_type(parent) == "multipart/signed":
        payload = parent.get_payload()
        if isinstance(payload, list) and len(payload) > 1 and payload[-1] is part:
            return False  # the signature of multipart/signed (RFC 1847), not a file
    in_related = parent is not None and _content_type(parent) == "multipart/related"
    located = ctype.startswith("image/") and header_value(part, "content-location")
    resource = in_related and bool(header_value(part, "content-id") or located) and not named
    return not resource  # shown through cid: or its Content-Location (RFC 2557), not listed


def attachment_parts(msg: Message) -> list[Message]:
    """The attachments of ``msg`` in order; an attached message counts as one.

    Files uuencoded inside the body text follow, each as a part of its own (made here, not
    in the message) so that listing, saving and forwarding treat them like any other file.
    """
    found = [
        part
        for part, parent in walk_with_parents(msg, into_messages=False)
        if part is not msg and is_attachment(part, parent)
    ]
    if not msg.is_multipart() and _root_is_file(msg):
        found.append(msg)  # a message that is nothing but a file
    for part in walk(msg, into_messages=False):
        if _may_carry_uuencode(part):
            found.extend(_uuencoded_parts(part_text(part).text))
    return found


def _may_carry_uuencode(part: Message) -> bool:
    """A plain-text body part whose raw text has a ``begin`` line (the cheap test first)."""
    if part.is_multipart() or _content_type(part) != "text/plain":
        return False
    if _disposition(part) == "attachment" or attachment_filename(part) is not None:
        return False
    return b"begin " in part_bytes(part)[:MAX_TEXT_BYTES]  # after base64/QP, before charsets


def _uuencoded_parts(text: str) -> list[Message]:
    parts = []
    for file in split_uuencoded(text)[1]:
        part = Message()
        ctype = mimetypes.guess_type(file.name, strict=False)[0] if file.name else None
        part["Content-Type"] = ctype or "application/octet-stream"
        part["Content-Transfer-Encoding"] = "base64"
        try:
            if file.name:
                part.add_header("Content-Disposition", "attachment", filename=file.name)
        except Exception:  # a name no header can carry (lone surrogates): made up instead
            pass
        if part["Content-Disposition"] is None:
            part["Content-Disposition"] = "attachment"
        part.set_payload(base64.b64encode(file.data).decode("ascii"))
        parts.append(part)
    return parts


def _root_is_file(msg: Message) -> bool:
    ctype = _content_type(msg)
    if _disposition(msg) == "attachment":
        return True
    if ctype in _BODY_TYPES or ctype.startswith(("multipart/", "message/", "text/")):
        return attachment_filename(msg) is not None and ctype not in _BODY_TYPES
    return True


def has_attachments(msg: Message) -> bool:
    """Whether the message carries at least one attachment (the paper-clip column)."""
    return bool(attachment_parts(msg))


_SOFT_BREAK = re.compile(rb"=[ \t]*\r?\n")


def qp_decode(data: bytes) -> bytes:
    """Quoted-printable bytes decoded, soft line breaks joined first (RFC 2045 §6.7: "="
    then white space added on the way then the line end)."""
    return binascii.a2b_qp(_SOFT_BREAK.sub(b"", data))


def _quoted_printable(part: Message) -> bytes | None:
    """A quoted-printable part's bytes, its soft line breaks joined first (RFC 2045 §6.7: "="
    then white space added on the way then the line end); the stdlib keeps "= \n" as text,
    which breaks a character split across the two lines. None for other parts."""
    cte = (header_value(part, "content-transfer-encoding") or "").strip().lower()
    raw = part.get_payload()
    if cte != "quoted-printable" or not isinstance(raw, str):
        return None
    try:
        data = raw.encode("ascii", errors="surrogateescape")
    except UnicodeEncodeError:  # a part made in memory, not parsed from bytes: the stdlib's
        return None
    return qp_decode(data)


def part_bytes(part: Message) -> bytes:
    """The decoded content of a leaf part (base64/QP/uuencode errors tolerated)."""
    payload: object = None
    try:
        payload = _quoted_printable(part)
        if payload is None:
            payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return payload
    try:
        raw = part.get_payload()
    except (LookupError, ValueError):  # 8-bit text under a label not even looked up ("a\0b")
        return b""
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
        decoded = decode_bytes(data[:MAX_TEXT_BYTES], label, override=override)
        if len(data) > MAX_TEXT_BYTES:
            decoded.notices.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "This text is very long; only its first 4 MB are shown."
                    )
                )
            )
    except Exception:  # belt and braces: decoding must never stop the reader
        decoded = DecodedText("", "utf-8", ["This part could not be decoded."])
    cleaned = clean_text(decoded.text)
    if cleaned != decoded.text and "\x00" in decoded.text:
        decoded.notices.append(
            words(QT_TRANSLATE_NOOP("Core", "The text contains NUL bytes; they are shown as �."))
        )
    decoded.text = cleaned
    return decoded


def is_html_part(part: Message, decoded: DecodedText | None = None) -> bool:
    """Whether a part may be shown as HTML; UTF-7 HTML never is (plan D32)."""
    if _content_type(part) != "text/html":
        return False
    return decoded is None or decoded.charset_used != "utf-7"


def _inline_text(part: Message) -> bool:
    """A leaf read inline: text/plain or html, or a multipart whose structure was lost."""
    ctype = _content_type(part)
    readable = ctype in _BODY_TYPES or ctype.startswith("multipart/")
    return readable and _disposition(part) != "attachment"


def body_sections(msg: Message, *, prefer_html: bool) -> list[Message]:
    """The parts read inline, in order: one per multipart/alternative, the root of related.

    For text (``prefer_html=False``) an attached message's text follows the body; for
    display it is not entered (it is opened on its own).
    """

    def visit(part: Message, depth: int) -> list[Message]:
        ctype = _content_type(part)
        if depth > MAX_DEPTH:
            return []
        if not part.is_multipart():
            return [part] if _inline_text(part) else []
        # An attached or forwarded message is read inline after the body, as Thunderbird
        # shows it; the HTML view keeps each document separate (EFAIL, plan D38).
        entered = not prefer_html and ctype == "message/rfc822"
        if ctype.startswith("message/") and part is not msg and not entered:
            return []
        children = [p for p in part.get_payload() if isinstance(p, Message)][:MAX_PARTS]
        if ctype == "multipart/alternative":
            options = [visit(child, depth + 1) for child in children]
            options = [o for o in options if o]
            if not options:
                return []
            wanted = "text/html" if prefer_html else "text/plain"
            chosen = [o for o in options if any(_content_type(p) == wanted for p in o)]
            return (chosen[-1] if prefer_html else chosen[0]) if chosen else options[-1]
        if ctype == "multipart/related" and children:
            return visit(related_root(part, children), depth + 1)
        if ctype == "multipart/report" and children and _content_type(children[0]) in _STATUS:
            # RFC 6522: the first part is for people. A status part there is the reason for
            # the bounce put under the wrong label (or all the reason there is): shown.
            return [children[0]] + [p for c in children[1:] for p in visit(c, depth + 1)]
        return [p for child in children for p in visit(child, depth + 1)]

    try:
        return visit(msg, 0)
    except Exception:  # a damaged tree: fall back to the first text part anywhere
        return [p for p in walk(msg, into_messages=False) if _inline_text(p)][:1]


def related_root(related: Message, children: list[Message]) -> Message:
    """The part of multipart/related that is the document (RFC 2387 §3.1-3.2): the one its
    ``start`` names, else the first of its ``type`` (some writers put the images first),
    else the first part."""
    start = (_param(related, "start") or "").strip().strip("<>")
    for child in children:
        if start and (header_value(child, "content-id") or "").strip().strip("<>") == start:
            return child
    wanted = (_param(related, "type") or "").strip().lower()
    for child in children:
        if wanted and _content_type(child) == wanted:
            return child
    return children[0]


def body_parts(msg: Message) -> tuple[list[Message], Message | None]:
    """The inline text parts (for reading as text) and the first HTML part (for display).

    Each HTML part is its own document (EFAIL, plan D38): only one is ever rendered.
    """
    texts = body_sections(msg, prefer_html=False)
    html_parts = [
        p for p in body_sections(msg, prefer_html=True) if _content_type(p) == "text/html"
    ]
    return texts, (html_parts[0] if html_parts else None)


_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/tr|/li|/h[1-6]|/table|hr)\b[^>]*>")


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


def _link_as_text(match: re.Match[str]) -> str:
    """A link as Thunderbird writes it in plain text: ``text <target>`` (plan G68: a reader of
    text sees where each link goes); just the text when it is the target already."""
    target, text = html.unescape(match.group(1)), match.group(2)
    shown = html.unescape(text).strip()
    if not target or shown.rstrip("/") in (target.rstrip("/"), target.removeprefix("mailto:")):
        return text
    return f"{text} &lt;{html.escape(target, quote=False)}&gt;"


def html_to_text(markup: str) -> str:
    """Reduce HTML to its visible text, each link followed by its target (for indexing, a
    plain-text fallback and ``hongyan show``)."""
    import nh3

    markup = _BLOCK_END.sub(lambda m: m.group(0) + "\n", markup)
    linked = nh3.clean(
        markup,
        tags={"a"},
        attributes={"a": {"href"}},
        clean_content_tags={"script", "style", "title"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    stripped = nh3.clean(_LINK.sub(_link_as_text, linked), tags=set())
    text = html.unescape(stripped)
    return re.sub(r"[ \t]*\n[ \t\n]*\n", "\n\n", text).strip()


def section_text(part: Message, *, override: str | None = None) -> DecodedText:
    """A body section as plain text (HTML reduced to its words; UTF-7 HTML not decoded)."""
    if _content_type(part) in _STATUS:
        return DecodedText(_status_text(part), "us-ascii")
    decoded = part_text(part, override=override)
    if _content_type(part) == "text/html" and not is_html_part(part, decoded):
        # UTF-7 HTML (+ADw-script+AD4-) is an attack form, not mail: show it undecoded.
        decoded.text = clean_text(part_bytes(part).decode("ascii", errors="replace"))
        decoded.notices.append(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "An HTML part is encoded as UTF-7; it is shown undecoded."
                )
            )
        )
        return decoded
    if _content_type(part) == "text/html":
        with contextlib.suppress(Exception):  # on failure keep the markup as text
            decoded.text = html_to_text(decoded.text)
    elif has_uuencoded(decoded.text) and _may_carry_uuencode(part):
        # The files are listed as attachments (attachment_parts); the text is what is left.
        decoded.text = split_uuencoded(decoded.text)[0]
    return decoded


def body_text(msg: Message, *, max_chars: int = 200_000) -> str:
    """The plain text of the body for search indexing: text parts, HTML reduced to text."""
    pieces: list[str] = []
    total = 0
    for part in body_sections(msg, prefer_html=False):
        text = section_text(part).text
        pieces.append(text)
        total += len(text)
        if total >= max_chars:
            break
    return join_sections(pieces)[:max_chars]


def join_sections(texts: list[str]) -> str:
    """Body sections one after another, each starting on a line of its own."""
    out: list[str] = []
    for text in texts:
        if out and not out[-1].endswith("\n"):
            out.append("\n")
        out.append(text)
    return "".join(out)


def message_charset(msg: Message) -> str | None:
    """The charset of the message's first text part: the best guess for raw 8-bit headers."""
    for part in walk(msg, into_messages=False):
        if _content_type(part).startswith("text/"):
            label = _param(part, "charset")
            if label and codec_for(label) not in (None, "utf-7"):
                return label
    return None


def header_text(msg: Message, name: str) -> str:
    """The display text of header ``name``, raw 8-bit bytes read in the message's charset."""
    return decode_header(header_value(msg, name), fallback=message_charset(msg))
