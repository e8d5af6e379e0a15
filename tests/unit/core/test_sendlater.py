"""Send later's time in the message itself: written and removed byte-exactly, read back, never
sent over the wire; how late a late message was, in words."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest

from hongyan.core.message.compose import Draft, build_message, message_bytes
from hongyan.core.sendlater import SEND_AT_HEADER, lateness, scheduled, send_at_of
from hongyan.core.smtp import transmission
from support.sending import Identity, parse

ME = Identity("李雷", "li@hongyan.example")
MONDAY_9 = 1_796_605_200.0  # 2026-12-07 09:00 in Beijing
NOW = MONDAY_9 - 3 * 86400


def built() -> bytes:
    draft = Draft(to=["wang@customer.example"], subject="周一的会议", body="见附件。\n")
    return message_bytes(build_message(draft, ME))


def test_a_scheduled_message_is_dated_at_its_time_and_carries_it() -> None:
    data = scheduled(built(), MONDAY_9, now=NOW)
    message = parse(data)
    assert parsedate_to_datetime(message["Date"]).timestamp() == MONDAY_9
    assert send_at_of(data) == MONDAY_9
    assert len(message.get_all("Date")) == 1


def test_everything_else_is_kept_byte_for_byte() -> None:
    original = built()
    data = scheduled(original, MONDAY_9, now=NOW)
    untouched = [
        line
        for line in original.split(b"\n")
        if not line.startswith((b"Date:", SEND_AT_HEADER.encode()))
    ]
    assert [
        line for line in data.split(b"\n") if not line.startswith((b"Date:", b"X-Hongyan"))
    ] == (untouched)


def test_sending_now_removes_the_time_and_dates_it_now() -> None:
    data = scheduled(scheduled(built(), MONDAY_9, now=NOW), None, now=NOW + 60)
    assert send_at_of(data) is None
    assert SEND_AT_HEADER.encode() not in data
    assert parsedate_to_datetime(parse(data)["Date"]).timestamp() == NOW + 60


def test_a_message_with_crlf_line_ends_keeps_them() -> None:
    crlf = built().replace(b"\n", b"\r\n")
    data = scheduled(crlf, MONDAY_9, now=NOW)
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert send_at_of(data) == MONDAY_9


def test_the_time_never_leaves_the_machine() -> None:
    _envelope, wire = transmission(scheduled(built(), MONDAY_9, now=NOW))
    assert b"X-Hongyan-Send-At" not in wire
    assert b"Date:" in wire


def test_a_message_without_a_time_goes_at_once() -> None:
    assert send_at_of(built()) is None
    assert send_at_of(b"X-Hongyan-Send-At: not a date\n\nbody") is None
    assert send_at_of(b"Subject: x\n\nX-Hongyan-Send-At: Mon, 7 Dec 2026 09:00 +0800\n") is None


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(6 * 60, "6 minutes"), (90 * 60, "90 minutes"), (3 * 3600, "3 hours"), (3 * 86400, "3 days")],
)
def test_how_late_in_words(seconds: float, words: str) -> None:
    assert lateness(seconds) == words
