"""The reading pane fetches nothing and runs nothing (plan D36, D37, D38).

A canary HTTP server on 127.0.0.1 counts requests: it must count 0 for every hostile message
of group D and for every message of the shared corpus (whose http URLs are pointed at it),
until the reader clicks "Load once".
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QUrl
from PySide6.QtGui import QHelpEvent, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.paths import app_paths
from hongyan.gui.message_browser import MAX_IMAGE_PIXELS, MessageBrowser, decode_image
from hongyan.gui.message_pane import MessagePane
from support.canary import CanaryServer, canary_server
from support.hostile import SECRET, group_d, png_header, tiny_png
from support.shared import corpus_messages

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def canary() -> Iterator[CanaryServer]:
    with canary_server() as server:
        yield server


@pytest.fixture
def opened() -> list[QUrl]:
    return []


@pytest.fixture
def pane(qtbot: QtBot, opened: list[QUrl]) -> MessagePane:
    widget = MessagePane(SenderPreferences.load(app_paths()), open_link=opened.append)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget


def settle(qtbot: QtBot, ms: int = 100) -> None:
    qtbot.wait(ms)


def test_group_d_makes_no_request(qtbot: QtBot, pane: MessagePane, canary: CanaryServer) -> None:
    """plan D36, D37, D38: every hostile message of group D, default settings: 0 requests."""
    for case, description, data in group_d(canary.url):
        view = pane.show_message(data)
        settle(qtbot, 20)
        assert canary.host_port not in (view.html or ""), (case, description)
    settle(qtbot, 300)
    assert canary.count == 0, canary.paths


@pytest.mark.slow
@pytest.mark.qt_log_ignore("QTextHtmlParser", "QFont::setPixelSize", "OpenType support missing")
def test_corpus_makes_no_request(qtbot: QtBot, pane: MessagePane, canary: CanaryServer) -> None:
    """plan D37: every corpus message, its http(s) URLs aimed at the canary: 0 requests."""
    messages = corpus_messages()
    if not messages:
        pytest.skip("shared corpus not found")
    aimed = re.compile(rb"(?i)https?://")
    shown_remote = 0
    for path in messages:
        data = aimed.sub(canary.url.encode(), path.read_bytes())
        view = pane.show_message(data)
        shown_remote += view.remote_blocked
        qtbot.wait(1)
    settle(qtbot, 300)
    assert canary.count == 0, canary.paths[:10]
    assert shown_remote > 0  # the corpus does contain remote images, and they were blocked


def test_load_once_then_requests_happen(
    qtbot: QtBot, pane: MessagePane, canary: CanaryServer
) -> None:
    """plan D37: only after "Load once" may requests happen, and the bar says what it blocked."""
    data = group_d(canary.url)[[d for _, d, _ in group_d(canary.url)].index("img")][2]
    pane.show_message(data)
    settle(qtbot, 200)
    assert canary.count == 0
    assert pane.bar.isVisible()
    assert "1" in pane.bar.label.text()
    pane.bar.load_once.click()
    qtbot.waitUntil(lambda: canary.count >= 1, timeout=5000)
    assert canary.paths == ["/p.gif"]
    assert not pane.bar.isVisible()
    pane.show_message(data)  # "once" means once: the next showing blocks again
    settle(qtbot, 200)
    assert canary.count == 1
    assert pane.bar.isVisible()


def newsletter(canary: CanaryServer) -> bytes:
    return (
        "From: News <news@shop.example>\r\nContent-Type: text/html\r\n\r\n"
        f'<img src="{canary.url}logo.gif">'
    ).encode()


def test_always_for_this_sender_is_remembered(
    qtbot: QtBot, pane: MessagePane, canary: CanaryServer
) -> None:
    """The next showing loads without asking: a new request once the first image is in.

    The wait is for the image to arrive in the pane, not for the server to see the request:
    the server counts a request before its answer reaches the pane, and an image still on its
    way is not asked for twice (see the test below). Waiting on the count alone raced.
    """
    data = newsletter(canary)
    pane.show_message(data)
    with qtbot.waitSignal(pane.browser.remote_images_did_load, timeout=10_000):
        pane.bar.always.click()
    assert canary.paths == ["/logo.gif"]
    assert SenderPreferences.load(app_paths()).allows_remote("news@shop.example")
    with qtbot.waitSignal(pane.browser.remote_images_did_load, timeout=10_000):
        pane.show_message(data)
    assert canary.paths == ["/logo.gif", "/logo.gif"]
    assert not pane.bar.isVisible()


def test_an_image_still_loading_is_not_asked_for_twice(
    qtbot: QtBot, pane: MessagePane, canary: CanaryServer
) -> None:
    """Shown again while its image is on the way (a slow server): one request, image shown."""
    handler = canary._server.RequestHandlerClass
    answer = handler.do_GET

    def slowly(request: object) -> None:
        time.sleep(0.5)
        answer(request)

    handler.do_GET = slowly  # type: ignore[method-assign]
    data = newsletter(canary)
    pane.show_message(data)
    with qtbot.waitSignal(pane.browser.remote_images_did_load, timeout=10_000):
        pane.bar.always.click()
        pane.show_message(data)  # before the answer: the request in flight serves both
    assert not pane.bar.isVisible()
    image = pane.browser.loadResource(IMAGE, QUrl(f"{canary.url}logo.gif"))
    assert isinstance(image, QImage) and image.size().width() == 1  # the GIF, no placeholder
    settle(qtbot, 200)
    assert canary.paths == ["/logo.gif"]


def test_efail_secret_never_in_a_request(
    qtbot: QtBot, pane: MessagePane, canary: CanaryServer
) -> None:
    """plan D38a: even with remote content allowed, the canary never sees the secret."""
    data = group_d(canary.url)[[d for _, d, _ in group_d(canary.url)].index("efail")][2]
    pane.show_message(data)
    pane.bar.load_once.click() if pane.bar.isVisible() else None
    settle(qtbot, 400)
    assert all(SECRET not in path for path in canary.paths)


def test_links_open_only_http_https_mailto_on_click(pane: MessagePane, opened: list[QUrl]) -> None:
    """plan D36: clicking a javascript: or file: link does nothing."""
    browser = pane.browser
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x/"):
        browser.anchorClicked.emit(QUrl(url))
    assert opened == []
    for url in ("https://example.org/", "http://example.org/", "mailto:a@example.org"):
        browser.anchorClicked.emit(QUrl(url))
    assert [u.toString() for u in opened] == [
        "https://example.org/",
        "http://example.org/",
        "mailto:a@example.org",
    ]


def test_load_resource_answers_only_cid_and_data(qtbot: QtBot, canary: CanaryServer) -> None:
    """plan D37, D38b: file:, http:, relative and qrc: names give nothing; no file is read."""
    browser = MessageBrowser()
    qtbot.addWidget(browser)
    data = group_d(canary.url)[[d for _, d, _ in group_d(canary.url)].index("cid tricks")][2]
    pane_view = __import__("hongyan.core.message.view", fromlist=["MessageView"]).MessageView
    browser.show_view(pane_view.from_bytes(data))
    for name in (
        "file:///etc/passwd",
        canary.url + "x.gif",
        "/etc/passwd",
        "qrc:/x.png",
        "rel.gif",
    ):
        result = browser.loadResource(IMAGE, QUrl(name))
        assert isinstance(result, QImage) and result.width() == 16
        assert name in browser.refused
    for cid in ("cid:x", "cid:svg", "cid:missing", "cid:../../etc/passwd", "cid:bomb"):
        result = browser.loadResource(IMAGE, QUrl(cid))
        assert isinstance(result, QImage) and result.width() == 16, cid  # placeholder
    sheet = QTextDocument.ResourceType.StyleSheetResource.value
    assert browser.loadResource(sheet, QUrl(canary.url)).isEmpty()
    settle(qtbot, 200)
    assert canary.count == 0


def test_cid_image_shows_and_bomb_is_refused() -> None:
    """plan D38b: a real image part shows; a 30000x30000 PNG is never decoded."""
    image = decode_image(tiny_png())
    assert image is not None and image.width() == 1
    assert decode_image(png_header(30000, 30000)) is None
    assert MAX_IMAGE_PIXELS < 30000 * 30000


def test_headers_are_text_not_markup(pane: MessagePane) -> None:
    """A subject or name with markup is shown as text, never rendered."""
    data = b'From: "<b>Boss</b>" <boss@example.org>\r\nSubject: <img src=x>\r\n\r\nhi'
    pane.show_message(data)
    assert "&lt;b&gt;Boss&lt;/b&gt;" in pane.headers.text()
    assert "&lt;img src=x&gt;" in pane.headers.text()


def test_encoding_override_for_message_and_sender(pane: MessagePane) -> None:
    """A GBK message labelled UTF-8: the reader picks GB18030, once or for the sender."""
    data = b"From: Wang <w@example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    data += "这是中文邮件".encode("gbk")
    assert "这是中文邮件" not in pane.show_message(data).text
    assert pane.set_encoding("gb18030").text == "这是中文邮件"
    assert "这是中文邮件" not in pane.show_message(data).text  # once means this showing
    pane.set_encoding("gb18030", remember=True)
    assert pane.show_message(data).text == "这是中文邮件"
    assert SenderPreferences.load(app_paths()).charset_for("w@example.cn") == "gb18030"


def test_opening_a_program_asks_first(qtbot: QtBot) -> None:
    """plan D35: invoice<U+202E>fdp.exe is a program; opening it asks, a PDF does not."""
    asked: list[str] = []
    opened: list[QUrl] = []
    answer = {"value": False}
    pane = MessagePane(
        open_link=opened.append,
        confirm_open=lambda a: asked.append(a.safe_name) or answer["value"],
    )
    qtbot.addWidget(pane)
    data = (
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
        b"\r\n%PDF\r\n--b\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="invoice\xe2\x80\xaefdp.exe"\r\n\r\nMZ\r\n'
        b"--b--\r\n"
    )
    pane.show_message(data)
    assert pane.attachments.count() == 2
    assert pane.open_attachment(0) is not None and asked == []
    assert pane.open_attachment(1) is None and asked == ["invoicefdp.exe"]
    answer["value"] = True
    path = pane.open_attachment(1)
    assert path is not None and path.name == "invoicefdp.exe"
    assert [u.toLocalFile() for u in opened][-1] == str(path)


def test_screenshot_is_not_blank(qtbot: QtBot, pane: MessagePane, tmp_path: Path) -> None:
    data = (
        b"From: =?utf-8?b?5byg5LiJ?= <zs@example.cn>\r\nSubject: Hello\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<h1>Hi</h1><img src=http://x/p.gif>"
    )
    pane.show_message(data)
    settle(qtbot)
    path = tmp_path / "pane.png"
    assert pane.grab().save(str(path))
    assert path.stat().st_size > 1000


def _with_attachments(count: int) -> bytes:
    parts = b"".join(
        b"--b\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename=a%d.pdf\r\n\r\n%%PDF\r\n" % n
        for n in range(count)
    )
    return b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + parts + b"--b--\r\n"


def test_the_attachment_list_is_as_tall_as_its_lines_up_to_four(
    qtbot: QtBot, pane: MessagePane
) -> None:
    pane.resize(800, 700)
    pane.show_message(_with_attachments(1))
    one = pane.attachments.height()
    assert one < 2 * pane.attachments.sizeHintForRow(0) + 2 * pane.attachments.frameWidth()
    pane.show_message(_with_attachments(3))
    assert pane.attachments.height() > 2 * one - 2 * pane.attachments.frameWidth() - 1
    pane.show_message(_with_attachments(9))
    four = pane.attachments.sizeHintForRow(0) * 4 + 2 * pane.attachments.frameWidth()
    assert pane.attachments.height() == four  # the rest scrolls
    assert pane.browser.height() > pane.attachments.height()


PHISH = (
    b"From: bank@bank.example\r\nSubject: Your account\r\nContent-Type: text/html\r\n\r\n"
    b'<p>Log in at <a href="http://evil.example/">https://bank.example/</a> or read '
    b'<a href="https://example.org/news">our news</a>.</p>\r\n'
)


def test_a_spoofed_link_asks_before_opening_its_real_target(qtbot: QtBot) -> None:
    """Plan G68: the link shows https://bank.example/ and goes to evil.example: clicking it
    asks, naming both; a link whose text is no address opens as before."""
    opened: list[QUrl] = []
    asked: list[tuple[str, str]] = []
    answer = {"open": False}

    def confirm(shown: str, target: str) -> bool:
        asked.append((shown, target))
        return answer["open"]

    pane = MessagePane(open_link=opened.append, confirm_link=confirm)
    qtbot.addWidget(pane)
    view = pane.show_message(PHISH)
    assert "A link shows “https://bank.example/” but goes to http://evil.example/." in view.notes
    assert "goes to http://evil.example/" in pane.notes.text()
    pane.browser.anchorClicked.emit(QUrl("http://evil.example/"))
    assert asked == [("https://bank.example/", "http://evil.example/")] and opened == []
    answer["open"] = True
    pane.browser.anchorClicked.emit(QUrl("http://evil.example/"))
    assert [u.toString() for u in opened] == ["http://evil.example/"]
    pane.browser.anchorClicked.emit(QUrl("https://example.org/news"))
    assert len(asked) == 2 and opened[-1].toString() == "https://example.org/news"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
def test_hovering_a_link_shows_where_it_really_goes(qtbot: QtBot) -> None:
    """Plan G68: the real target on hover, with a warning for a spoofed link."""
    pane = MessagePane()
    qtbot.addWidget(pane)
    pane.resize(700, 400)
    pane.show()
    pane.show_message(PHISH)
    browser = pane.browser
    browser.highlighted.emit(QUrl("http://evil.example/"))
    assert QToolTip.text() == (
        "This link goes to http://evil.example/, not to the address it shows "
        "(https://bank.example/)."
    )
    browser.highlighted.emit(QUrl("https://example.org/news"))
    assert QToolTip.text() == "https://example.org/news"
    # Resting the mouse on the link (Qt's tooltip event) says the same, not the link's title.
    cursor = browser.textCursor()
    cursor.setPosition(browser.toPlainText().index("bank.example"))
    spot = browser.cursorRect(cursor).center() + QPoint(3, 0)
    rest = QHelpEvent(QEvent.Type.ToolTip, spot, browser.viewport().mapToGlobal(spot))
    QApplication.sendEvent(browser.viewport(), rest)
    assert QToolTip.text().startswith("This link goes to http://evil.example/, not to")


def test_an_image_the_page_names_by_content_location_is_shown(
    qtbot: QtBot, pane: MessagePane, canary: CanaryServer
) -> None:
    """MHTML (RFC 2557): the image the message carries for http://…/logo.png is shown from
    the message; no request, no "remote images blocked" bar (issue 16)."""
    url = f"{canary.url}/logo.png"
    png = base64.b64encode(tiny_png()).decode()
    data = (
        "Subject: page\r\nContent-Type: multipart/related; boundary=r\r\n\r\n--r\r\n"
        f'Content-Type: text/html\r\n\r\n<p><img src="{url}"></p>\r\n--r\r\n'
        f"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Location: {url}\r\n\r\n{png}\r\n--r--\r\n"
    ).encode()
    view = pane.show_message(data)
    settle(qtbot)
    assert view.remote_blocked == 0 and not pane.bar.isVisible()
    assert pane.browser.refused == [] and canary.paths == []
    (key,) = view.inline_images
    image = pane.browser.loadResource(IMAGE, QUrl(f"cid:{key}"))
    assert isinstance(image, QImage) and image.size().width() == 1
