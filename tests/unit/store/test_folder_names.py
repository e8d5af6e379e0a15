"""Folder directory names in IMAP's modified UTF-7 (RFC 3501 §5.1.3), as Dovecot writes them."""

from __future__ import annotations

import random

import pytest

from hongyan.core.store.folder_names import (
    decode_level,
    dirname_for,
    encode_level,
    folder_for,
    legacy_dirname_target,
)


def test_the_rfc_3501_examples() -> None:
    example = "~peter/mail/&U,BTFw-/&ZeVnLIqe-"  # is "~peter/mail/台北/日本語"
    assert [decode_level(p) for p in example.split("/")] == [
        "~peter",
        "mail",
        "台北",
        "日本語",
    ]
    assert encode_level("台北") == "&U,BTFw-" and encode_level("日本語") == "&ZeVnLIqe-"
    # "&U,BTFw-&ZeVnLIqe-" has a superfluous shift; the correct form is "&U,BTF2XlZyyKng-"
    assert encode_level("台北日本語") == "&U,BTF2XlZyyKng-"
    assert decode_level("&U,BTF2XlZyyKng-") == "台北日本語"
    # "&Jjo!" lacks the shift back to US-ASCII; the correct form is "&Jjo-!"
    assert decode_level("&Jjo-!") == "\u263a!" and encode_level("\u263a!") == "&Jjo-!"
    with pytest.raises(ValueError):
        decode_level("&Jjo!")


def test_ampersand_and_printable_ascii() -> None:
    assert encode_level("R&D") == "R&-D" and decode_level("R&-D") == "R&D"
    printable = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "&")
    assert encode_level(printable) == printable


@pytest.mark.parametrize(
    "text",
    [
        "客户",  # raw non-ASCII: not modified UTF-7
        "&W6JiNw",  # no closing '-'
        "&W6J*Nw-",  # not the modified BASE64 alphabet
        "&AGE-",  # encodes 'a', which must stand for itself
        "&AA-",  # an odd number of bytes
    ],
)
def test_what_is_not_modified_utf7_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        decode_level(text)


def test_dovecot_names_of_nested_chinese_folders() -> None:
    """The directories ``doveadm mailbox create 客户.华东.上海某公司 Ünïcode`` made (Dovecot
    2.3, Maildir++ layout): Hongyan writes and reads exactly these."""
    assert dirname_for("客户/华东/上海某公司") == ".&W6JiNw-.&U05OHA-.&Tgptd2fQUWxT+A-"
    assert folder_for(".&W6JiNw-.&U05OHA-.&Tgptd2fQUWxT+A-") == "客户/华东/上海某公司"
    assert dirname_for("Ünïcode") == ".&ANw-n&AO8-code"


def test_round_trip_of_any_text_including_characters_beyond_the_bmp() -> None:
    rng = random.Random(3501)
    pool = "abcXYZ &~-+,_客户华东报价单😀𠀀é\u00a0\u3000"
    for _ in range(500):
        name = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        encoded = encode_level(name)
        assert encoded.isascii() and "." not in encoded and "/" not in encoded
        assert decode_level(encoded) == name


def test_folder_for_reads_only_maildir_plus_plus_entries() -> None:
    assert folder_for(".Sent") == "Sent"
    assert folder_for(".Projects.2026") == "Projects/2026"
    for not_a_folder in ("cur", ".", "..", ".客户", ".R&D"):
        assert folder_for(not_a_folder) is None


def test_legacy_utf8_names_get_their_encoded_name() -> None:
    assert legacy_dirname_target(".客户.华东") == ".&W6JiNw-.&U05OHA-"
    assert legacy_dirname_target(".R&D") == ".R&-D"
    assert legacy_dirname_target(".&W6JiNw-") is None  # already right
    assert legacy_dirname_target(".Sent") is None
    assert legacy_dirname_target("cur") is None
