"""Folder names on disk: Maildir++ directories in IMAP's modified UTF-7 (RFC 3501 §5.1.3).

Maildir++ (Courier, Dovecot) keeps the folder ``客户/华东`` as the directory ``.&W6JiNw-.&U05OHA-``:
each level encoded in modified UTF-7, levels joined by ``.``. That is what Dovecot reads and
writes with its default layout, and what mutt shows through it; a directory named in raw UTF-8
is a folder Dovecot cannot list. Hongyan shows names with ``/`` between levels, in Unicode.

RFC 3501 §5.1.3: printable US-ASCII (0x20-0x7e) stands for itself except ``&``, written ``&-``;
any other run of characters is written ``&`` + the modified BASE64 of its UTF-16BE form (``,``
instead of ``/``, no ``=`` padding) + ``-``. A name needs no escaping rules of its own beyond
that, because ``.`` (the Maildir++ separator) and ``/`` cannot be in a level (see
``maildir.validate_folder``).

Hongyan before issue 17 wrote the directories in UTF-8: :func:`legacy_dirname_target` tells
which root entries are such folders, so the store renames them once at open.
"""

from __future__ import annotations

import base64
import binascii

_B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")


def encode_level(name: str) -> str:
    """One folder level (no separator) in modified UTF-7."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be", "surrogatepass")
            text = base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",")
            out.append(f"&{text}-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def decode_level(text: str) -> str:
    """The Unicode name of one modified UTF-7 level.

    Raises:
        ValueError: ``text`` is not modified UTF-7 as RFC 3501 allows it (a raw non-ASCII
            character, an ``&`` without its ``-``, bad BASE64, or a shift that encodes
            printable ASCII, which must stand for itself).
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if not 0x20 <= ord(char) <= 0x7E:
            raise ValueError(f"not modified UTF-7: {text!r}")
        if char != "&":
            out.append(char)
            i += 1
            continue
        end = text.find("-", i + 1)
        if end < 0:
            raise ValueError(f"unterminated shift in {text!r}")
        encoded = text[i + 1 : end]
        i = end + 1
        if not encoded:
            out.append("&")
            continue
        out.append(_decode_shift(encoded, text))
    return "".join(out)


def _decode_shift(encoded: str, whole: str) -> str:
    if not set(encoded) <= _B64_ALPHABET:
        raise ValueError(f"bad modified BASE64 in {whole!r}")
    padded = encoded.replace(",", "/") + "=" * (-len(encoded) % 4)
    try:
        raw = base64.b64decode(padded, validate=True)
        decoded = raw.decode("utf-16-be")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(f"bad modified BASE64 in {whole!r}") from exc
    if len(raw) % 2 or any(0x20 <= ord(c) <= 0x7E for c in decoded):
        raise ValueError(f"not the shortest form in {whole!r}")
    return decoded


def dirname_for(folder: str) -> str:
    """The root entry of a folder that is not the Inbox: ``A/B`` → ``.A.B`` (encoded)."""
    return "." + ".".join(encode_level(level) for level in folder.split("/"))


def folder_for(dirname: str) -> str | None:
    """The folder name of a root entry (``.A.B`` → ``A/B``), None when it is not one in the
    Maildir++ form (no leading dot, an empty level, or not modified UTF-7)."""
    if not dirname.startswith(".") or dirname in (".", ".."):
        return None
    try:
        return "/".join(decode_level(level) for level in dirname[1:].split("."))
    except ValueError:
        return None


def legacy_dirname_target(dirname: str) -> str | None:
    """The encoded name of a folder directory an earlier Hongyan wrote in UTF-8, else None.

    Such a name is one that does not read as modified UTF-7: it holds raw non-ASCII
    characters (``.客户``), or an ``&`` not followed by a valid shift (``.R&D``). A name that
    reads as modified UTF-7 is left alone, whoever wrote it.
    """
    if not dirname.startswith(".") or dirname in (".", "..") or folder_for(dirname) is not None:
        return None
    levels = dirname[1:].split(".")
    if any(not level for level in levels):
        return None
    return "." + ".".join(encode_level(level) for level in levels)
