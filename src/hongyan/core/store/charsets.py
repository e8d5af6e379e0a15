"""Stopgap header and charset decoding for the indexer, until ``core/message/decode.py`` lands.

Kept deliberately small: the reading side (issue 7) owns robust decoding; once it is merged the
indexer uses it and this module goes away (one way to do each thing).
"""

from __future__ import annotations

import codecs
import email.header

# Legacy Chinese mail labels GBK text as GB2312; GB18030 is a superset of both.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030"}


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    name = _ALIASES.get(name, name)
    if name in ("utf-7", "utf7"):
        return None  # UTF-7 is never decoded (plan D32): it smuggles markup past filters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset if known, else UTF-8, else GB18030, never raising."""
    codec = _codec(charset)
    if codec:
        return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def decode_header_value(value: object) -> str:
    """A header as text: RFC 2047 encoded words decoded, raw 8-bit bytes guessed."""
    if isinstance(value, email.header.Header):  # compat32 wraps raw 8-bit headers in a Header
        return _join(email.header.decode_header(value))
    text = str(value)
    raw = text.encode("utf-8", "surrogateescape")
    if raw != text.encode("utf-8", "replace"):  # 8-bit bytes smuggled in as surrogates
        text = decode_bytes(raw)
    try:
        pieces = email.header.decode_header(text)
    except Exception:
        return text
    return _join(pieces) if any(c for _, c in pieces) else text


def _join(pieces: list[tuple[bytes | str, str | None]]) -> str:
    out = []
    for piece, charset in pieces:
        if isinstance(piece, bytes):
            out.append(decode_bytes(piece, None if charset == "unknown-8bit" else charset))
        else:
            out.append(piece)
    return "".join(out)


def decode_part_text(payload: bytes, charset: str | None) -> str:
    return decode_bytes(payload, charset)
