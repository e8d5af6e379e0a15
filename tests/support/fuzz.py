"""Mutation fuzzing of the reader: corpus messages bent into broken and hostile shapes.

:func:`mutate` applies a few random edits of the kinds real breakage and attacks take (cut
short, bytes flipped, boundaries and encoded words and headers spliced in, parts nested,
line ends changed); :func:`read_everything` runs one input through every entry point of the
reader. Used by the bounded test in ``make test`` and by ``bench/fuzz_read.py``.
"""

from __future__ import annotations

import random
import time

from hongyan.core.message.attachments import sanitise_filename
from hongyan.core.message.decode import (
    attachment_parts,
    body_text,
    decode_addresses,
    decode_header,
    header_value,
    parse_message,
)
from hongyan.core.message.html import sanitise_html
from hongyan.core.message.view import MessageView

_SNIPPETS = [
    b"\r\n--",
    b"\n\n",
    b"=?utf-8?b?5L2g5aW9?=",
    b"=?gb2312?q?=C4=E3",
    b"=?x-bogus?B?////?=",
    b"=?utf-7?q?+ADw-script+AD4-?=",
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n',
    b"Content-Type: text/html; charset=utf-7\r\n\r\n+ADw-img src+AD0-http://x/+AD4-",
    b"Content-Transfer-Encoding: base64\r\n\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n=E4=B=\r\n",
    b"Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fx\r\n",
    b'Content-Disposition: attachment; filename="CON\xe2\x80\xae.txt"\r\n',
    b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\n",
    b'From: "a@b.example" <evil@attacker.example>, x@y@z\r\n',
    b"<img src=\"cid:x\"><script>fetch('http://127.0.0.1/')</script><style>@import url(x)</style>",
    b"\x00",
    b"\xff\xfe\xfd",
    b"\xe4\xbd",
    b"\r",
    b"(((((((",
    b'"""""',
    b"boundary=",
]


MUTATIONS = (
    "flip",
    "cut",
    "snippet",
    "duplicate",
    "delete",
    "line-ends",
    "nest",
    "long-header",
    "random-bytes",
)


def mutate(data: bytes, rng: random.Random, kinds: list[str] | None = None) -> bytes:
    """Return ``data`` with 1-4 random edits; their names are appended to ``kinds`` if given."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(9)
        if kinds is not None:
            kinds.append(MUTATIONS[kind])
        pos = rng.randrange(len(out) + 1)
        if kind == 0 and out:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif kind == 1:  # cut short
            del out[pos:]
        elif kind == 2:  # splice a hostile snippet
            out[pos:pos] = rng.choice(_SNIPPETS)
        elif kind == 3 and out:  # duplicate a slice
            end = min(len(out), pos + rng.randint(1, 4096))
            out[pos:pos] = out[pos:end] * rng.randint(1, 20)
        elif kind == 4 and out:  # delete a slice
            del out[pos : pos + rng.randint(1, 512)]
        elif kind == 5:  # line ends
            out = bytearray(bytes(out).replace(b"\r\n", rng.choice([b"\n", b"\r", b"\r\r\n"])))
        elif kind == 6:  # wrap in multipart levels
            depth = rng.randint(1, 60)
            head = b"".join(
                b"Content-Type: multipart/mixed; boundary=w%d\r\n\r\n--w%d\r\n" % (i, i)
                for i in range(depth)
            )
            out[0:0] = head
        elif kind == 7:  # a long header line
            out[0:0] = b"Subject: " + rng.choice(_SNIPPETS) * rng.randint(1, 2000) + b"\r\n"
        else:  # random bytes
            out[pos:pos] = rng.randbytes(rng.randint(1, 64))
    return bytes(out)


GIANTS = (
    "10 MB header of encoded words",
    "100,000 fields and a 1 MB subject",
    "5,000-deep multipart",
    "100,000-wide multipart",
    "10 MB base64 body",
    "a million addresses",
)


def giants() -> list[bytes]:
    """Inputs of the worst shapes (named in ``GIANTS``): a 10 MB header, deep and wide
    multipart, a huge base64."""
    nested = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i) for i in range(5000)
    )
    return [
        b"Subject: " + b"=?utf-8?q?a?= (" * 700_000 + b"\r\n\r\nbody",
        b"X-A: b\r\n" * 100_000 + b"Subject: " + b"a" * 1_000_000 + b"\r\n\r\nbody",
        nested + b"Content-Type: text/html\n\n<p>deep</p>\n",
        b"Content-Type: multipart/mixed; boundary=x\n\n"
        + b"--x\nContent-Type: text/plain\n\nhi\n" * 100_000
        + b"--x--\n",
        b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + b"QUFB" * 2_500_000,
        b"From: " + b"<a@b>," * 1_000_000 + b"\r\n\r\nx",
    ]


def read_everything(data: bytes) -> float:
    """Run ``data`` through every reader entry point.

    Returns the seconds of what showing a message costs: parsing it and building its view
    (``MessageView.from_bytes``, which parses again). The other entry points run untimed.
    """
    start = time.perf_counter()
    view = MessageView.from_bytes(data)
    elapsed = time.perf_counter() - start
    msg = parse_message(data)
    for name in ("subject", "from", "to", "cc", "date", "message-id"):
        decode_header(header_value(msg, name))
        decode_addresses(header_value(msg, name))
    body_text(msg)
    attachment_parts(msg)
    for attachment in view.attachments:
        assert sanitise_filename(attachment.safe_name) == attachment.safe_name
        assert "/" not in attachment.safe_name and "\\" not in attachment.safe_name
    if view.html is not None:
        assert "<script" not in view.html.lower()
        sanitise_html(view.html)
    MessageView.from_bytes(data, prefer_html=False, allow_remote=True)
    return elapsed
