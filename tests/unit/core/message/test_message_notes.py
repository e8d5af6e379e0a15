"""The reader's note about a message shown in part appears only when something was really
left out, and says what (issue 14: it appeared on complete messages saved from an mbox)."""

from __future__ import annotations

from hongyan.core.message.decode import MAX_PARTS
from hongyan.core.message.view import MessageView
from support.mail import message, with_attachment
from support.shared import CORPUS_DIR, require

ENVELOPE = b"From alice@example.com Mon Mar  2 10:00:00 2026\n"


def in_part(view: MessageView) -> list[str]:
    """The notes that say part of the message is not shown."""
    words = ("left out", "not shown", "not read", "in part")
    return [n for n in view.notes if any(w in n for w in words)]


def test_a_complete_message_that_begins_with_an_envelope_line_has_no_note() -> None:
    for data in (message(subject="saved"), with_attachment()):
        view = MessageView.from_bytes(ENVELOPE + data)
        assert view.notes == []
        assert view.subject in ("saved", "Report")
        assert view.from_ and view.from_[0][1] in ("alice@example.com", "carol@example.org")


def test_a_byte_order_mark_before_the_headers_is_no_loss_and_keeps_the_sender() -> None:
    view = MessageView.from_bytes(b"\xef\xbb\xbf" + message(subject="with a BOM"))
    assert view.notes == []
    assert view.from_ == [("Alice", "alice@example.com")]


def test_a_header_line_that_is_no_field_is_named_when_left_out() -> None:
    data = message(subject="s").replace(b"To:", b"This is an invalid header\nTo:", 1)
    view = MessageView.from_bytes(data)
    assert in_part(view) == [
        "A line of the header is not a header field and was left out: “This is an invalid header”."
    ]
    assert view.to == [("", "bob@example.com")]


def test_several_such_lines_are_counted() -> None:
    data = message(subject="s").replace(b"To:", b"junk one\njunk two\nTo:", 1)
    assert in_part(MessageView.from_bytes(data)) == [
        "2 lines of the header are not header fields and were left out; the first: “junk one”."
    ]


def test_a_message_with_too_many_parts_says_how_many_are_shown() -> None:
    parts = b"".join(b"--b\nContent-Type: text/plain\n\npart\n" for _ in range(MAX_PARTS + 5))
    data = b"Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n" + parts + b"--b--\n"
    assert in_part(MessageView.from_bytes(data)) == [
        f"This message has more than {MAX_PARTS} MIME parts; the rest are not shown."
    ]


def test_corpus_messages_saved_with_their_envelope_line_get_no_note_for_it() -> None:
    """Each corpus message saved from an mbox has the notes it has without its envelope line
    (RFC 2822's obsolete-syntax example and two spam samples have a header line that is no
    field: those are named)."""
    require(CORPUS_DIR)
    saved = [p.read_bytes() for p in sorted(CORPUS_DIR.rglob("*.eml"))]
    saved = [data for data in saved if data.startswith(b"From ")]
    assert len(saved) > 40
    for data in saved:
        without = data.partition(b"\n")[2] if b":" not in data.partition(b"\n")[0] else data
        assert in_part(MessageView.from_bytes(data)) == in_part(MessageView.from_bytes(without))
    noted = sum(bool(in_part(MessageView.from_bytes(data))) for data in saved)
    assert noted == 3
