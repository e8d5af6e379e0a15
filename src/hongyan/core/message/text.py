"""Make decoded text safe to show: no NULs, no hidden direction changes, no invisible tricks.

A NUL can truncate a C string in SQLite or Qt and hide what follows; a right-to-left override
(U+202E) makes ``invoice\u202efdp.exe`` look like ``invoiceexe.pdf``; zero-width characters
make two different names look the same. Headers get every such character made visible as
``<U+202E>``; body text keeps layout controls but loses NULs (plan D32, D35).
"""

from __future__ import annotations

import re

#: Bidirectional embeddings, overrides, isolates and marks: shown as ``<U+XXXX>``.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Invisible characters with no legitimate use in a name: removed.
INVISIBLE = frozenset("\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e")

_HEADER_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f"
    + "".join(sorted(BIDI_CONTROLS | INVISIBLE))
    + "\ud800-\udfff]"
)
_BODY_CONTROLS = re.compile("[\x00\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in BIDI_CONTROLS:
        return f"<U+{ord(ch):04X}>"
    if ch == "\x00" or "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    return ""


def clean_header_text(text: str) -> str:
    """One line of header text: line breaks and tabs become spaces, controls removed or shown.

    Leading space goes; other spaces are the sender's (RFC 5322 §2.2.3: unfolding removes
    only the line break) and stay, so two spaces in a subject remain two.
    """
    text = re.sub(r"\r\n|[\r\n\t]", " ", text)
    return _HEADER_CONTROLS.sub(_visible, text).lstrip()


def clean_text(text: str) -> str:
    """Body text: NULs and lone surrogates become U+FFFD; layout controls stay."""
    return _BODY_CONTROLS.sub("\ufffd", text)
