"""Wrong charset labels: when the declared charset fails, the text is recognised, not
replaced by U+FFFD (issue 14). Japanese mail is where senders get it wrong most: Shift_JIS
sent as utf-8 or ISO-2022-JP, EUC-JP sent as ISO-2022-JP."""

from __future__ import annotations

import base64
import quopri

import pytest

from hongyan.core.message.charset import decode_bytes
from hongyan.core.message.decode import decode_header, parse_message, part_text

SHORT = "お世話になっております。山田です。"
LONG = (
    "お世話になっております。山田です。明日の会議の件でご連絡しました。"
    "資料は添付のとおりです。ご確認のほど、よろしくお願いいたします。"
) * 3
WORDS = ["テスト", "こんにちは", "東京都千代田区", "日本語のテキストです。", SHORT, LONG]


def body(label: str, data: bytes, cte: str = "8bit") -> bytes:
    head = f"Content-Type: text/plain; charset={label}\nContent-Transfer-Encoding: {cte}\n\n"
    return head.encode() + data


@pytest.mark.parametrize("text", WORDS)
@pytest.mark.parametrize(
    ("label", "actual"),
    [("utf-8", "shift_jis"), ("iso-2022-jp", "shift_jis"), ("iso-2022-jp", "euc_jp")],
)
def test_a_japanese_body_under_a_wrong_label_is_read(label: str, actual: str, text: str) -> None:
    decoded = part_text(parse_message(body(label, text.encode(actual))))
    assert decoded.text == text
    assert "\ufffd" not in decoded.text
    assert decoded.notices == [f"The text is not valid {label}; it looks like {NAMES[actual]}."]


NAMES = {"shift_jis": "Shift_JIS", "euc_jp": "EUC-JP"}


def test_a_wrongly_labelled_subject_is_read_too() -> None:
    word = base64.b64encode("会議の件".encode("shift_jis")).decode()
    assert decode_header(f"=?ISO-2022-JP?B?{word}?=") == "会議の件"


@pytest.mark.parametrize("soft_break", ["=\n", "=\r\n", "= \n", "=\t\r\n"])
@pytest.mark.parametrize("charset", ["shift_jis", "utf-8", "gb18030"])
def test_a_soft_line_break_inside_a_double_byte_character(soft_break: str, charset: str) -> None:
    """RFC 2045 §6.7: "=" then white space then the line end is a soft break (the white space
    was added on the way); the character split by it is whole again."""
    text = "日本語のテキストです。" if charset != "gb18030" else "这是一封测试邮件。"
    encoded = quopri.encodestring(text.encode(charset)).decode()
    cut = encoded.index("=", 4)  # between two bytes of one character
    split = encoded[:cut] + soft_break + encoded[cut:]
    decoded = part_text(parse_message(body(charset, split.encode(), "quoted-printable")))
    assert decoded.text == text


def test_microsofts_names_for_utf16_are_understood() -> None:
    assert decode_bytes("☺ 你好".encode("utf-16-be"), "unicodeFFFE").text == "☺ 你好"
    assert decode_bytes("☺ 你好".encode("utf-16-be"), "unicodebig").text == "☺ 你好"
    assert decode_bytes("☺ 你好".encode("utf-16-le"), "unicode").text == "☺ 你好"


def test_labels_that_fit_are_still_trusted() -> None:
    """The detector is asked only when the label fails: a valid label is never second-guessed."""
    assert decode_bytes("テスト".encode("euc_jp"), "euc-jp").text == "テスト"
    assert decode_bytes("東京".encode("shift_jis"), "shift_jis").notices == []


def test_bytes_nothing_can_read_still_give_replacement_characters() -> None:
    decoded = decode_bytes(b"Gr\xc3\xbc\xc3\x9fe \xff\xfe end", "utf-8")
    assert decoded.text.startswith("Grüße \ufffd")


def test_a_charset_label_with_a_nul_byte_does_not_stop_the_reader() -> None:
    """plan D32: found by the fuzz test (seed 304326): 8-bit text under a label that Python
    refuses to look up ("embedded null character") is read as nothing, not a crash."""
    data = (
        b"From: a@example.test\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="ISO\x00-8859-1"\r\n'
        b"Content-Transfer-Encoding: 8bit\r\n\r\nLiebe Gr\xfc\xdfe!\r\n"
    )
    from support.fuzz import read_everything

    read_everything(data)
