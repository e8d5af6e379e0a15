"""The POP3 session's own reader: dot-unstuffing over arbitrary chunking, caps, UIDL rules."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongyan.core.pop3 import Limits, Pop3Session, ProtocolError, normalise_uidl, server_said
from hongyan.core.secrets import Secret


class FakeWire(Pop3Session):
    """A session whose socket is a list of chunks (no network)."""

    def __init__(self, chunks: list[bytes], limits: Limits | None = None) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._buffer = bytearray()
        self.limits = limits or Limits()
        self.endpoint = "pop.example.test:995"

    def _recv(self) -> bytes:
        chunk = next(self._chunks, None)
        if chunk is None:
            raise ProtocolError("closed")
        return chunk


def stuff(message: bytes) -> bytes:
    """What a server sends for ``message`` (CRLF lines): RFC 1939 byte-stuffing + terminator."""
    lines = message.split(b"\r\n")[:-1]
    return b"".join((b"." + ln if ln.startswith(b".") else ln) + b"\r\n" for ln in lines) + b".\r\n"


def split_at(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


lines = st.lists(
    st.sampled_from([b"", b".", b"..", b"...x", b".\r", b"a.b", b"\n.", b"text", b"x" * 50]),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(lines, st.lists(st.integers(min_value=0, max_value=5000), max_size=12), st.binary())
def test_unstuffing_is_exact_however_the_bytes_arrive(
    body_lines: list[bytes], cuts: list[int], trailing: bytes
) -> None:
    message = b"".join(
        line.replace(b"\r", b"").replace(b"\n", b"") + b"\r\n" for line in body_lines
    )
    wire = stuff(message) + b"+OK next\r\n"
    session = FakeWire(split_at(wire, cuts))
    assert b"".join(session._body_chunks(cap=1 << 20)) == message
    assert bytes(session._buffer) + b"".join(session._chunks) == b"+OK next\r\n"


def test_empty_message() -> None:
    assert b"".join(FakeWire([b".\r\n"])._body_chunks(cap=100)) == b""


def test_cap_trips_on_an_endless_body() -> None:
    """plan C19."""
    session = FakeWire([b"line\r\n" * 1000] * 100)
    with pytest.raises(ProtocolError, match="more data than announced"):
        b"".join(session._body_chunks(cap=50_000))


def test_line_limit_in_a_body_and_in_a_status_line() -> None:
    """plan C18/C21: far above 2048, but bounded."""
    limits = Limits(line_limit=10_000)
    long_line = FakeWire([b"x" * 4096] * 10, limits)
    with pytest.raises(ProtocolError, match="far too long"):
        b"".join(long_line._body_chunks(cap=1 << 20))
    status = FakeWire([b"+OK " + b"y" * 4096] * 10, limits)
    with pytest.raises(ProtocolError, match="far too long"):
        status._getline()
    fine = FakeWire([b"z" * 9000 + b"\r\n.\r\n"], limits)
    assert len(b"".join(fine._body_chunks(cap=1 << 20))) == 9002


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        (b"00000001abc", True),
        (b"../../x", True),  # in spec: kept, and never used as a path
        (b"u" * 70, True),
        (b"u" * 71, False),
        (b"with space", False),
        (b"nul\x00", False),
        (b"\xff\xfe", False),
        (b"", False),
    ],
)
def test_uidls_outside_rfc_1939_are_hashed(raw: bytes, kept: bool) -> None:
    """plan C27."""
    key = normalise_uidl(raw)
    assert (key == raw.decode("latin-1")) is kept
    assert 1 <= len(key) <= 70 and all(0x21 <= ord(c) <= 0x7E for c in key)


def test_server_text_is_framed_scrubbed_and_bounded() -> None:
    """plan A9, B11."""
    Secret("Pa55-Word-Canary")
    said = server_said(b"-ERR [AUTH] bad Pa55-Word-Canary\x1b[2J\r\nInjected: yes" + b"x" * 500)
    assert said.startswith('server said: "[AUTH] bad ***')
    assert "\x1b" not in said and "\n" not in said and len(said) < 260
    assert server_said(b"") == "the server gave no reason"
