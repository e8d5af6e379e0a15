"""Bytes to text for mail: charset labels as they are used in the wild, checked, never trusted.

Mail declares a charset and is often wrong about it: GB2312 labels on GBK text, UTF-8 text
labelled ISO-8859-1, Big5 labelled GB2312, Shift_JIS labelled UTF-8 or ISO-2022-JP, EUC-JP
labelled ISO-2022-JP, no label at all. Mature clients (Thunderbird, Foxmail, browsers following
the WHATWG Encoding Standard) read a label as its common superset and check the result; that is
what :func:`decode_bytes` does, with charset-normalizer as the judge when the label is missing,
unknown or contradicted by the bytes. A label of a language with several encodings is read as
the others of that language first (a Japanese label: Shift_JIS, EUC-JP, ISO-2022-JP), which
the judge tells apart even on a few characters. Otherwise a long text goes to the judge among
every encoding; a short one (a line, a subject) says too little for that, and is read only in
the one East Asian multi-byte encoding whose structure it fits, if exactly one fits (Shift_JIS
text sent as UTF-8 does; GBK, which EUC-KR and EUC-JP also fit, stays U+FFFD and the reader
picks the encoding).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from hongyan.core.texts import QT_TRANSLATE_NOOP, words

# WHATWG Encoding Standard: a label names a superset that decodes what senders actually wrote.
_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-gbk": "gb18030",
    "x-euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "iso-2022-jp": "iso2022_jp_2",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "unicode-1-1-utf-7": "utf-7",
    "windows-874": "cp874",
    "dos-874": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "iso-8859-8-e": "iso8859-8",
    "csiso88598i": "iso8859-8",
    "logical": "iso8859-8",
    "iso-8859-6-i": "iso8859-6",
    "iso-8859-6-e": "iso8859-6",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic",
    "x-cp1250": "cp1250",
    "x-cp1251": "cp1251",
    "ansi_x3.4-1968": "cp1252",
    "iso-ir-58": "gb18030",
    "x-x-big5": "big5hkscs",
    "hz-gb-2312": "hz",
    "unicode": "utf-16-le",  # Microsoft's names for UTF-16 (Outlook, .NET)
    "unicodefffe": "utf-16-be",
    "unicodebig": "utf-16-be",
    "x-unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
}

# Codecs that may be asked for by name but must never be used on mail: they do not produce
# text (base64_codec, zlib_codec, rot13 ...) or they are Python-internal.
_TEXT_ENCODING = re.compile(r"^[a-z0-9_\-.:]{1,40}$")

# Labels whose bytes are never re-read as UTF-8 even when they happen to be valid UTF-8.
_NOT_RELABELLED = frozenset(
    {"utf-8", "utf-7", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)

#: Shorter texts are not given to the detector: on a few bytes its guesses are noise.
DETECT_MIN_BYTES = 200

#: Share of 8-bit bytes (spaces aside) from which text is taken to be written in a multi-byte
#: encoding (Japanese or Chinese text: most of its bytes), so worth guessing at.
MULTIBYTE_SHARE = 0.3

#: Bytes of a body given to the charset detector; detection on more is slower and no better.
DETECT_SAMPLE_BYTES = 64 * 1024

#: Encodings of one language: a label of one that the bytes contradict is most likely one of
#: the others (a Japanese mailer that labelled its Shift_JIS as ISO-2022-JP).
_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("cp932", "euc_jp", "iso2022_jp_2"),
    ("gb18030", "big5hkscs"),
    ("cp949", "iso2022_kr"),
    ("koi8_r", "cp1251", "iso8859_5", "cp866", "mac_cyrillic", "koi8_u"),
)
#: East Asian multi-byte encodings as (the strict standard checked, the superset that reads
#: it): their byte structure is specific enough that text fitting exactly one is in it.
_STRUCTURED = (
    ("cp932", "cp932"),
    ("euc_jp", "euc_jp"),
    ("big5", "big5hkscs"),
    ("gb2312", "gb18030"),
    ("euc_kr", "cp949"),
)
#: A guess of these stands only when the bytes are valid in the standard it extends. UHC's
#: extra syllables (cp949 beyond EUC-KR) are almost never written, yet they make Shift_JIS
#: bytes valid "Korean": charset-normalizer takes ordinary Japanese text for cp949.
_STRICT_TWINS = {"cp949": "euc_kr"}
#: How the notices name an encoding: as mail software labels it, not Python's codec name.
_DISPLAY_NAMES = {
    "cp932": "Shift_JIS",
    "shift_jis_2004": "Shift_JIS",
    "shift_jisx0213": "Shift_JIS",
    "euc_jp": "EUC-JP",
    "euc_jis_2004": "EUC-JP",
    "euc_jisx0213": "EUC-JP",
    "euc_kr": "EUC-KR",
    "iso2022_jp_2": "ISO-2022-JP",
    "gb18030": "GB18030",
    "big5hkscs": "Big5",
    "cp949": "EUC-KR",
    "iso2022_kr": "ISO-2022-KR",
    "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U",
    "cp1251": "Windows-1251",
    "cp1252": "Windows-1252",
    "cp866": "IBM866",
    "iso8859_5": "ISO-8859-5",
    "mac_cyrillic": "x-mac-cyrillic",
    "utf-8": "UTF-8",
}


@dataclass
class DecodedText:
    """Text decoded from a part or header, the charset really used, and what went wrong."""

    text: str
    charset_used: str
    notices: list[str] = field(default_factory=list)


def codec_for(label: str | None) -> str | None:
    """Return the Python codec to use for a MIME charset ``label``, or ``None`` if unusable.

    GB2312/GBK read as GB18030, Big5 as Big5-HKSCS, ISO-8859-1 as windows-1252 and so on.
    Labels naming non-text codecs (``base64``, ``rot13``) are refused.
    """
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = name.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    if not _TEXT_ENCODING.match(name):
        return None
    if name in _SUPERSETS:
        return _SUPERSETS[name] or None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    canonical = info.name
    return _SUPERSETS.get(canonical, canonical)


def detect(data: bytes, among: tuple[str, ...] | None = None) -> str | None:
    """Guess the codec of ``data`` with charset-normalizer, among the codecs ``among`` if
    given; ``None`` when it has no opinion."""
    from charset_normalizer import from_bytes

    sample = data[:DETECT_SAMPLE_BYTES]
    try:
        best = from_bytes(sample, cp_isolation=list(among) if among else None).best()
    except Exception:  # the detector is a heuristic; a failure just means "no opinion"
        return None
    if best is None:
        return None
    return codec_for(best.encoding)


def display_name(codec: str) -> str:
    """An encoding as mail software names it (``Shift_JIS``, not ``cp932``)."""
    return _DISPLAY_NAMES.get(codec, codec)


def _family(codec: str | None) -> tuple[str, ...]:
    """The other encodings of the language of ``codec`` (see _FAMILIES); () if none."""
    for family in _FAMILIES:
        if codec in family:
            return tuple(c for c in family if c != codec)
    return ()


def _guess(data: bytes, codec: str | None) -> str | None:
    """The codec that reads ``data`` (which its label ``codec`` does not), or None.

    Asked in turn: the detector among the label's family; on a long text, the detector
    among every encoding; for a known label, the one multi-byte encoding the bytes fit
    (module docstring). The first and last only for text written mostly in 8-bit bytes
    (CJK is): a stray byte in ASCII text (``Dij\x8aat.mp3``) would make a kanji of it and
    its neighbour. A short text with no label or an unknown one is not guessed at.
    """
    multibyte = sum(b > 0x7F for b in data) >= len(data.replace(b" ", b"")) * MULTIBYTE_SHARE
    stages = ((_family(codec), multibyte), (None, len(data) >= DETECT_MIN_BYTES))
    for among, wanted in stages:
        if not wanted or among == ():
            continue
        guessed = detect(data, among)
        if guessed is not None and _reads(data, guessed):
            return guessed
    return _only_fit(data) if codec is not None and multibyte else None


def _only_fit(data: bytes) -> str | None:
    """The superset codec of the one structured encoding ``data`` is valid in, or None."""
    fits = [superset for strict, superset in _STRUCTURED if _strict(data, strict) is not None]
    return fits[0] if len(fits) == 1 else None


def _reads(data: bytes, codec: str) -> bool:
    """Whether ``codec`` is a believable reading of ``data`` (see _STRICT_TWINS)."""
    twin = _STRICT_TWINS.get(codec)
    valid = _strict(data, codec) is not None
    return codec != "utf-7" and valid and (twin is None or _strict(data, twin) is not None)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _gb_label_is_big5(data: bytes, codec: str) -> bool:
    """Whether text labelled GB2312/GBK is really Big5 (it decodes as GB18030 to nonsense).

    GB18030 accepts almost any byte pair, so a strict decode proves nothing; real GB2312 text
    keeps both bytes in 0xA1-0xFE, while Big5 uses 0x40-0x7E trail bytes. Only when the bytes
    leave the GB2312 range, are valid Big5, and the detector prefers Big5 do we switch.
    """
    if codec != "gb18030" or len(data) < 16 or _strict(data, "gb2312") is not None:
        return False
    if _strict(data, "big5hkscs") is None:
        return False
    return detect(data) in {"big5hkscs", "big5", "cp950"}


def decode_bytes(data: bytes, label: str | None, *, override: str | None = None) -> DecodedText:
    """Decode ``data`` declared as ``label``; the result is always text, never an exception.

    Order: a user ``override`` wins; then the declared label if the bytes are valid in it
    (with UTF-8 bytes under a legacy label read as UTF-8, and Big5 under a GB label as Big5);
    then the detector; then the label (or UTF-8) with replacement characters and a notice.
    """
    notices: list[str] = []
    if override:
        codec = codec_for(override)
        if codec:
            return DecodedText(data.decode(codec, errors="replace"), codec, notices)
    if not data:
        return DecodedText("", codec_for(label) or "utf-8", notices)
    codec = codec_for(label)
    if label and codec is None:
        notices.append(
            words(
                QT_TRANSLATE_NOOP("Core", "Unknown character set {label!r}; the text was guessed."),
                label=label.strip()[:40],
            )
        )
    ascii_only = data.isascii()
    if codec is not None:
        if codec not in _NOT_RELABELLED and not ascii_only and _is_utf8(data):
            notices.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "Labelled {label}, but the text is UTF-8; shown as UTF-8."
                    ),
                    label=label,
                )
            )
            return DecodedText(data.decode("utf-8"), "utf-8", notices)
        if _gb_label_is_big5(data, codec):
            notices.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "Labelled {label}, but the text is Big5; shown as Big5."
                    ),
                    label=label,
                )
            )
            return DecodedText(data.decode("big5hkscs"), "big5hkscs", notices)
        text = _strict(data, codec)
        if text is not None:
            return DecodedText(text, codec, notices)
    if ascii_only:
        return DecodedText(data.decode("ascii"), codec or "ascii", notices)
    if _is_utf8(data):
        return DecodedText(data.decode("utf-8"), "utf-8", notices)
    if codec == "utf-8" and _mostly_utf8(data):
        notices.append(
            words(
                QT_TRANSLATE_NOOP("Core", "Part of the text is not valid UTF-8 and is shown as �.")
            )
        )
        return DecodedText(data.decode("utf-8", errors="replace"), "utf-8", notices)
    if label is None and (text := _strict(data, "gb2312")) is not None:
        return DecodedText(data.decode("gb18030"), "gb18030", notices)
    guessed = _guess(data, codec)
    if guessed is not None:
        if codec is not None:
            notices.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The text is not valid {label}; it looks like {guessed}."
                    ),
                    label=label,
                    guessed=display_name(guessed),
                )
            )
        return DecodedText(data.decode(guessed), guessed, notices)
    fallback = codec or ("cp1252" if label is None else "utf-8")
    if (text := _strict(data, fallback)) is not None:
        return DecodedText(text, fallback, notices)
    notices.append(
        words(QT_TRANSLATE_NOOP("Core", "Part of the text could not be decoded and is shown as �."))
    )
    try:
        return DecodedText(data.decode(fallback, errors="replace"), fallback, notices)
    except LookupError:
        return DecodedText(data.decode("utf-8", errors="replace"), "utf-8", notices)


def _mostly_utf8(data: bytes) -> bool:
    """Whether invalid bytes are rare slips in UTF-8 text rather than another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    return good >= bad
