"""Files uuencoded inside plain text are listed, saved and taken out of the text.

Pre-MIME mail (and some gateways today) puts ``begin 644 name`` ... ``end`` blocks in a
text/plain body; mature readers show them as attachments. A block that is not complete stays
text, the name is an attacker's string like any other (plan D33, D35), and the scan is linear
on hostile input (plan D30).
"""

from __future__ import annotations

import binascii
import time
from pathlib import Path

import pytest

from hongyan.core.message.attachments import save_attachments
from hongyan.core.message.decode import body_text, has_attachments, parse_message
from hongyan.core.message.uuencode import MAX_FILES, split_uuencoded
from hongyan.core.message.view import MessageView
from support.shared import CORPUS_DIR, require

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3


def uuencode(name: str, data: bytes, mode: str = "644") -> str:
    """What ``uuencode`` writes: 45 bytes a line, a backquote line, then ``end``."""
    lines = [
        binascii.b2a_uu(data[i : i + 45], backtick=True).decode() for i in range(0, len(data), 45)
    ]
    return f"begin {mode} {name}\n" + "".join(lines) + "`\nend\n"


def message(body: str, headers: str = "Content-Type: text/plain; charset=us-ascii\n") -> bytes:
    return (
        "From: old@example.org\nTo: you@example.org\nSubject: files\n" + headers + "\n" + body
    ).encode()


def test_a_block_becomes_an_attachment_and_leaves_the_text() -> None:
    data = message("Here is the logo:\n\n" + uuencode("logo.png", PNG) + "\nBye.\n")
    view = MessageView.from_bytes(data)
    assert [(a.filename, a.content_type, a.size) for a in view.attachments] == [
        ("logo.png", "image/png", len(PNG))
    ]
    assert view.attachments[0].data() == PNG
    assert "begin 644" not in view.text and "Here is the logo:" in view.text
    assert "Bye." in view.text
    assert has_attachments(parse_message(data))
    assert "begin 644" not in body_text(parse_message(data))  # the index gets text, not noise


def test_several_blocks_keep_their_order_and_mime_attachments_come_first() -> None:
    body = uuencode("a.txt", b"first") + "between\n" + uuencode("b.bin", b"\x00" * 100)
    data = (
        b"From: a@example.org\nSubject: mixed\nContent-Type: multipart/mixed; boundary=x\n\n"
        b"--x\nContent-Type: text/plain\n\n" + body.encode() + b"\n--x\n"
        b"Content-Type: application/pdf\nContent-Disposition: attachment; filename=r.pdf\n\n"
        b"%PDF\n--x--\n"
    )
    view = MessageView.from_bytes(data)
    assert [a.filename for a in view.attachments] == ["r.pdf", "a.txt", "b.bin"]
    assert view.attachments[1].data() == b"first"
    assert view.attachments[2].data() == b"\x00" * 100
    assert view.text.strip() == "between"


def test_saving_uses_the_sanitised_name(tmp_path: Path) -> None:
    """plan D33, D35: the begin line's name is sanitised like any attachment name."""
    body = (
        uuencode("../../.bashrc", b"rm -rf ~\n")
        + uuencode("invoice\u202efdp.exe", b"MZ")
        + uuencode("con.txt", b"")
    )
    view = MessageView.from_bytes(message(body, "Content-Type: text/plain; charset=utf-8\n"))
    assert [a.safe_name for a in view.attachments] == ["bashrc", "invoicefdp.exe", "_con.txt"]
    assert view.attachments[1].hidden_characters and view.attachments[1].is_executable
    assert any("real type is .exe" in note for note in view.notes)
    out = tmp_path / "out"
    out.mkdir()
    written = save_attachments(view, out)
    assert [p.parent for p in written] == [out, out, out]
    assert (out / "bashrc").read_bytes() == b"rm -rf ~\n"
    assert not (tmp_path / ".bashrc").exists()


def test_a_block_without_a_name_gets_a_made_up_one() -> None:
    view = MessageView.from_bytes(message(uuencode("", b"GIF89a")))
    assert [(a.filename, a.data()) for a in view.attachments] == [("attachment-1.bin", b"GIF89a")]


@pytest.mark.parametrize(
    "body",
    [
        "begin 644 notes.txt\n" + "M" + "86)C" * 15 + "\n",  # no end: cut off in transit
        "begin 644 plan.txt\nwe meet at noon\nend\n",  # prose, not data (lower case)
        "begin 644 x\n" + "M" + "86)C" * 40 + "\nend\n",  # a line far longer than its length
        "Please begin 644 copies\nend\n",  # not at the start of a line
        "begin 9999 x\n#86)C\nend\n",  # not an octal mode
    ],
)
def test_what_is_not_a_complete_block_stays_text(body: str) -> None:
    view = MessageView.from_bytes(message(body))
    assert view.attachments == []
    assert view.text.replace("\r\n", "\n") == body


def test_a_block_inside_an_attachment_or_a_named_text_part_is_left_alone() -> None:
    """A text file someone attached is saved as it is, not taken apart."""
    block = uuencode("inner.bin", b"data").encode()
    data = (
        b"From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n--x\n"
        b"Content-Type: text/plain\n\nbody\n--x\n"
        b"Content-Type: text/plain; name=notes.txt\n\n" + block + b"--x--\n"
    )
    view = MessageView.from_bytes(data)
    assert [a.filename for a in view.attachments] == ["notes.txt"]
    assert b"begin 644 inner.bin" in view.attachments[0].data()


def test_a_block_in_base64_text_is_found_after_decoding() -> None:
    encoded = binascii.b2a_base64(uuencode("a.txt", b"hello").encode()).decode()
    data = message(encoded, "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n")
    view = MessageView.from_bytes(data)
    assert [(a.filename, a.data()) for a in view.attachments] == [("a.txt", b"hello")]


def test_files_per_part_are_capped() -> None:
    """plan D30: past MAX_FILES blocks the rest stays text."""
    text, files = split_uuencoded(uuencode("f", b"x") * (MAX_FILES + 5))
    assert len(files) == MAX_FILES
    assert text.count("begin 644 f") == 5


def test_hostile_input_is_linear() -> None:
    """plan D30: a million begin lines, or one block that never ends, cost no quadratic work."""
    for text in (
        "begin 644 x\n" * 200_000,
        "begin 644 x\n" + "M" + "86)C" * 15 + "\n" * 1 + ("M" + "86)C" * 15 + "\n") * 60_000,
        ("begin 644 x\n" + "M" + "86)C" * 15 + "\n") * 50_000,
    ):
        start = time.perf_counter()
        rest, files = split_uuencoded(text)
        assert time.perf_counter() - start < 2.0
        assert files == [] and rest == text


def test_the_corpus_messages_with_uuencoded_files() -> None:
    """zbateson m0018 (three PNGs in the text) decodes to the very files the source ships."""
    folder = CORPUS_DIR / "zbateson-mail-mime-parser"
    require(folder / "m0018.eml")
    view = MessageView.from_bytes((folder / "m0018.eml").read_bytes())
    assert [a.filename for a in view.attachments] == [
        "blueball.png", "greenball.png", "redball.png"
    ]  # fmt: skip
    for attachment in view.attachments:
        assert attachment.data() == (folder / "files" / attachment.filename).read_bytes()
    assert "begin 666" not in view.text
    assert view.text.strip().endswith("Slow but steady wins the race.")
