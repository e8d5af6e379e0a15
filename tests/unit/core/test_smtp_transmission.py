"""What goes on the wire for a stored message: the envelope, no Bcc, CRLF (plan F50, F54)."""

from __future__ import annotations

import pytest

from hongyan.core.message.compose import AddressError
from hongyan.core.smtp import SubmitResult, server_said, transmission

STORED = (
    b"From: =?utf-8?b?546L?= <me@example.cn>\n"
    b"To: a@example.org\n"
    b"Bcc: c@example.org,\n"
    b" d@example.org\n"
    b"Cc: b@example.org, a@example.org\n"
    b"Resent-Bcc: e@example.org\n"
    b"Subject: x\n"
    b"\n"
    b"line\r\n.\rbare\n"
)


def test_envelope_has_every_recipient_once_and_the_wire_no_bcc() -> None:
    """plan F50: Bcc (with its folded line) and Resent-Bcc removed; recipients kept."""
    envelope, wire = transmission(STORED)
    assert envelope.sender == "me@example.cn"
    assert envelope.recipients == (
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "d@example.org",
    )
    assert wire == (
        b"From: =?utf-8?b?546L?= <me@example.cn>\r\n"
        b"To: a@example.org\r\n"
        b"Cc: b@example.org, a@example.org\r\n"
        b"Subject: x\r\n"
        b"\r\n"
        b"line\r\n.\r\nbare\r\n"
    )


def test_bare_cr_and_lf_all_become_crlf() -> None:
    """plan F54: no bare LF or CR reaches the server."""
    _envelope, wire = transmission(b"From: a@b.org\nTo: c@d.org\n\n.\n..x\r.\n")
    assert wire.replace(b"\r\n", b"").count(b"\n") == 0
    assert wire.replace(b"\r\n", b"").count(b"\r") == 0


def test_a_message_without_sender_or_recipient_is_refused() -> None:
    with pytest.raises(AddressError, match="no From"):
        transmission(b"To: a@example.org\n\nx\n")
    with pytest.raises(AddressError, match="no recipient"):
        transmission(b"From: a@example.org\n\nx\n")


def test_server_text_is_framed_on_one_line() -> None:
    """plan A9: server words are quoted as such, one line, cut short."""
    said = server_said(b"Your password expired\r\nlog in at http://127.0.0.1/" + b"x" * 500)
    assert said.startswith("the server said: “Your password expired log in")
    assert "\n" not in said and len(said) < 330


def test_summary_names_refused_recipients() -> None:
    """plan F49."""
    result = SubmitResult(("a@example.org",), {"z@example.org": "the server said: “550 no”"})
    assert result.summary() == (
        "Sent to a@example.org. The server refused z@example.org (the server said: “550 no”);"
        " the message was not sent to them."
    )
