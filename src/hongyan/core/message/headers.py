"""Header text for display: RFC 2047 encoded words, raw 8-bit bytes, address lists.

Headers are decoded from their raw value (``msg.raw_items()``), not through the stdlib's
header classes, because those decode each encoded word on its own (breaking a character split
across two words) and give up on 8-bit bytes. Everything here is total: any input gives text.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from email.message import Message

from hongyan.core.message.charset import decode_bytes
from hongyan.core.message.text import clean_header_text
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

__all__ = [
    "MAX_HEADER_CHARS",
    "address_warnings",
    "clean_header_text",
    "decode_addresses",
    "decode_header",
    "decode_header_raw",
    "header_value",
]

#: A header value longer than this is cut before parsing (CPython gh-136063: quadratic
#: header parsing). Real headers stay far below it; a References list of 500 ids is ~30 KB.
MAX_HEADER_CHARS = 32 * 1024


_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([QqBb])\?([^?]*?)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r(?=[ \t])")
#: A continuation line of nothing but white space (obsolete folding, RFC 5322 §4.2): no text.
_BLANK_FOLD = re.compile(r"(?:\r?\n|\r)[ \t]+(?=\r?\n|\r|$)")


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


def _raw_text(value: str, fallback: str | None = None) -> str:
    """Text whose 8-bit bytes arrived undeclared (surrogate-escaped).

    They are read as UTF-8 if valid, else in ``fallback`` (the message's body charset, as
    mature clients do for raw 8-bit headers), else guessed.
    """
    if value.isascii() or not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    raw = value.encode("utf-8", errors="surrogateescape")
    return decode_bytes(raw, fallback).text


def decode_header(value: str | bytes | None, *, fallback: str | None = None) -> str:
    """Decode a header value for display (see :func:`decode_header_raw`); never raises.

    The result is one line with controls removed and direction overrides shown as
    ``<U+202E>`` (plan D32, D35).
    """
    return clean_header_text(decode_header_raw(value, fallback=fallback))


def decode_header_raw(value: str | bytes | None, *, fallback: str | None = None) -> str:
    """Decode a header value: RFC 2047 words, raw 8-bit text, controls made safe.

    Adjacent encoded words in the same charset are joined before decoding, so a multibyte
    character split across two words survives; whitespace between encoded words is dropped
    (RFC 2047 §6.2). Never raises.
    """
    try:
        return _decode_words(value, fallback)
    except Exception:  # a bug here must not stop the reader: show the value as it came
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value or "")
        return text[:MAX_HEADER_CHARS]


def _decode_words(value: str | bytes | None, fallback: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="surrogateescape")
    # Unfold (RFC 5322 §2.2.3): only the line breaks go, the sender's spaces stay; a line of
    # only white space is folding debris, not the sender's text.
    value = _BLANK_FOLD.sub("", str(value)[:MAX_HEADER_CHARS])
    value = _FOLD.sub("", value).rstrip("\r\n")
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
            pieces.append(_raw_text(between, fallback))
        charset, kind, text = match.groups()
        charset = charset.split("*", 1)[0]
        data = _b_decode(text) if kind in "Bb" else _q_decode(text)
        if pending and pending[0][0].lower() != charset.lower():
            flush()
        pending.append((charset, data))
        pos = match.end()
    flush()
    pieces.append(_raw_text(value[pos:], fallback))
    return "".join(pieces)


def header_value(msg: Message, name: str) -> str | None:
    """The raw (undecoded) value of the first ``name`` header, or ``None``."""
    wanted = name.lower()
    for key, raw in msg.raw_items():
        if key.lower() == wanted:
            return str(raw)
    return None


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


#: Addresses read from one header (a million-recipient To: is an attack, not a list).
MAX_ADDRESSES = 500

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
        addr = _COMMENT.sub("", rest.split(">", 1)[0])
        name = _COMMENT.sub(" ", head) if head.strip() else " ".join(_COMMENT.findall(head))
    else:
        comments = _COMMENT.findall(entry)
        bare = _COMMENT.sub(" ", entry).split()
        at = [i for i, token in enumerate(bare) if "@" in token]
        # "Big Bug bb@bug.com": the token with the @ is the address, the words before a name.
        addr = bare[at[-1]] if at else "".join(bare)
        words = bare[: at[-1]] if at else []
        name = " ".join(words) or (comments[0] if comments else "")
    addr = _normalise_addr(addr)
    name = clean_header_text(decode_header(_unquote(name))).strip()
    if _looks_like_other_address(name, addr):
        name = ""
    if not addr:
        return None
    return name, clean_header_text(addr).strip()


def decode_addresses(
    value: str | bytes | None, *, fallback: str | None = None
) -> list[tuple[str, str]]:
    """Split an address header into ``(display name, address)`` pairs; never raises.

    See :func:`_decode_addresses`.
    """
    try:
        return _decode_addresses(value, fallback)
    except Exception:  # a bug here must not stop the indexer
        return []


def _decode_addresses(value: str | bytes | None, fallback: str | None) -> list[tuple[str, str]]:
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
    text = _raw_text(_FOLD.sub("", str(value)[:MAX_HEADER_CHARS]), fallback)
    result = []
    for entry in _split_list(text):
        parsed = _parse_one(entry)
        if parsed is not None:
            result.append(parsed)
        if len(result) >= MAX_ADDRESSES:
            break
    return result


def address_warnings(value: str | bytes | None) -> list[str]:
    """Why an address header looks like a spoofing attempt (shown as a security note)."""
    if value is None:
        return []
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="surrogateescape")
    text = _raw_text(_FOLD.sub("", str(value)[:MAX_HEADER_CHARS]))
    warnings: list[str] = []
    for count, entry in enumerate(_split_list(text)):
        if count >= MAX_ADDRESSES or len(warnings) >= 10:
            break  # the same bound as decode_addresses: what is listed is what is checked
        if "<" in entry:
            head, _, rest = entry.rpartition("<")
            addr = _normalise_addr(rest.split(">", 1)[0])
            name = decode_header(_unquote(head))
            if _looks_like_other_address(name, addr):
                warnings.append(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "The sender name shows {name!r} but the real address is {addr}."
                        ),
                        name=name,
                        addr=addr,
                    )
                )
        elif _normalise_addr(entry).startswith('"'):
            addr = _normalise_addr(entry)
            warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The address {addr} has more than one @; it goes to the last domain.",
                    ),
                    addr=addr,
                )
            )
    return warnings
