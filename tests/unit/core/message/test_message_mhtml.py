"""Images a message carries and its HTML names by Content-Location (MHTML, RFC 2557) are shown
from the message, not blocked and counted as remote (issue 16, given to issue 14)."""

from __future__ import annotations

import base64

from hongyan.core.message.view import MessageView
from support.hostile import tiny_png
from support.shared import CORPUS_DIR, require

PNG = base64.b64encode(tiny_png()).decode()


def mhtml(src: str, location: str, *, extra: str = "", base: str = "") -> bytes:
    return (
        "From: a@example.org\nSubject: Saved page\nMIME-Version: 1.0\n"
        'Content-Type: multipart/related; type="text/html"; boundary=rel\n\n'
        "--rel\nContent-Type: text/html; charset=utf-8\n"
        f"{base}\n"
        f'<p>Logo: <img src="{src}" alt="logo">{extra}</p>\n'
        "--rel\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
        f"Content-Location: {location}\n\n{PNG}\n--rel--\n"
    ).encode()


def shown_image(view: MessageView) -> bytes | None:
    """The bytes of the image the HTML shows from the message (its cid: reference)."""
    assert view.html is not None
    start = view.html.index('src="cid:') + len('src="cid:')
    image = view.inline_image(view.html[start : view.html.index('"', start)])
    return None if image is None else image.data


def test_an_image_named_by_its_absolute_location_is_shown_from_the_message() -> None:
    url = "http://www.example.com/images/logo.png"
    view = MessageView.from_bytes(mhtml(url, url))
    assert view.remote_blocked == 0 and view.remote_images == []
    assert shown_image(view) == tiny_png()
    assert view.attachments == []  # a resource of the page, not a file to save
    assert view.notes == []


def test_a_relative_location_is_matched_too() -> None:
    view = MessageView.from_bytes(mhtml("images/logo.png", "images/logo.png"))
    assert shown_image(view) == tiny_png()


def test_a_relative_reference_resolves_against_the_pages_base() -> None:
    base = "Content-Location: http://www.example.com/news/page.html\n"
    view = MessageView.from_bytes(
        mhtml("logo.png", "http://www.example.com/news/logo.png", base=base)
    )
    assert view.remote_blocked == 0 and shown_image(view) == tiny_png()


def test_other_remote_images_are_still_blocked_and_counted() -> None:
    url = "http://www.example.com/images/logo.png"
    view = MessageView.from_bytes(mhtml(url, url, extra='<img src="http://tracker.example/p.gif">'))
    assert view.remote_blocked == 1
    assert view.remote_images == ["http://tracker.example/p.gif"]
    assert "tracker.example" not in (view.html or "")


def test_the_mhtml_sample_of_the_corpus_shows_its_page_and_image() -> None:
    """MimeKit's sample: the image comes first in multipart/related, whose type= names the
    HTML as the page (RFC 2387 §3.1: start, else the first part; type says which it is)."""
    data = require(CORPUS_DIR / "mimekit" / "messages__multipart-related-mhtml.eml").read_bytes()
    view = MessageView.from_bytes(data)
    assert view.html is not None and "def" in view.html
    assert shown_image(view) is not None
    assert view.attachments == [] and view.remote_blocked == 0
