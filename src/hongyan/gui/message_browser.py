"""The message reading pane: a QTextBrowser that can only show what the message itself holds.

QTextBrowser has no script engine, and :class:`MessageBrowser` narrows it further: its
``loadResource`` answers only ``cid:`` (an ``image/*`` part of the same message) and small
``data:`` images, with a byte and pixel cap, so a hostile message can make no request and read
no file (plan D36-D38). Remote images are fetched only after the reader says so, once for the
message or always for the sender; links open in the system browser only when clicked, and only
http, https and mailto.
"""

from __future__ import annotations

import base64
import binascii
import html
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QImage, QImageReader, QTextDocument
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.message.attachments import Attachment
from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.message.view import MessageView, format_addresses, view_for_reader

#: Decoded images larger than this many pixels are shown as a placeholder (a 30000x30000 PNG
#: is a few KB on the wire and 3.6 GB in memory).
MAX_IMAGE_PIXELS = 6000 * 6000
#: Bytes of one remote image accepted after the reader allowed remote content.
MAX_REMOTE_IMAGE_BYTES = 5 * 1024 * 1024
#: Remote images fetched for one message at most.
MAX_REMOTE_IMAGES = 100
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Image formats decoded at all: plain raster formats, never SVG (scripts, external refs).
RASTER_FORMATS = frozenset({b"png", b"jpeg", b"jpg", b"gif", b"bmp", b"webp", b"ico"})


def decode_image(data: bytes) -> QImage | None:
    """Decode raster image bytes; the pixel cap is checked before any pixel is allocated."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    if bytes(reader.format().data()).lower() not in RASTER_FORMATS:
        return None  # SVG and other formats that can reference further resources
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_IMAGE_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image


def placeholder_image() -> QImage:
    """What a missing, refused or undecodable image shows: a small grey square."""
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("#d0d0d0"))
    return image


def _data_url_bytes(url: str) -> bytes | None:
    head, comma, payload = url.partition(",")
    if not comma or not head.lower().startswith("data:image/") or ";base64" not in head.lower():
        return None
    try:
        return base64.b64decode("".join(payload.split()), validate=False)
    except (binascii.Error, ValueError):
        return None


class MessageBrowser(QTextBrowser):
    """Shows the body of a :class:`MessageView`; fetches nothing unless remote is allowed.

    Signals:
        remote_images_did_load: a remote image arrived (after the reader allowed it).
    """

    remote_images_did_load = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        open_link: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self._open_link = open_link
        self._view: MessageView | None = None
        self._remote_allowed = False
        self._remote_cache: dict[str, QImage] = {}
        self._network: QNetworkAccessManager | None = None
        self._pending: set[str] = set()
        #: URLs (other than cid:/data:) the document asked for and was refused; for tests.
        self.refused: list[str] = []
        self.anchorClicked.connect(self._anchor_clicked)

    # --- showing -------------------------------------------------------------------------

    def show_view(self, view: MessageView, *, remote_allowed: bool = False) -> None:
        """Render ``view``; with ``remote_allowed`` its http/https images are fetched."""
        self._view = view
        self._remote_allowed = remote_allowed
        self._remote_cache.clear()
        self._render()
        if remote_allowed:
            for url in view.remote_images[:MAX_REMOTE_IMAGES]:
                self._fetch(url)

    def _render(self) -> None:
        # Not self.clear(): with PySide6 6.12, clear() followed by setHtml() and an event
        # loop pass corrupts the refcount of None (a fatal error at exit). setHtml replaces.
        view = self._view
        if view is None:
            self.setPlainText("")
            return
        if view.html is not None:
            self.setHtml(view.html)
        else:
            self.setPlainText(view.text)

    # --- resources -----------------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 (Qt override)
        """Answer only cid: and data: images (and remote images the reader allowed)."""
        text = url.toString() if isinstance(url, QUrl) else str(url)
        scheme = text.split(":", 1)[0].lower() if ":" in text else ""
        if getattr(kind, "value", kind) != QTextDocument.ResourceType.ImageResource.value:
            self.refused.append(text)
            return QByteArray()  # not None: PySide6 mis-counts a None returned from here
        if scheme == "cid" and self._view is not None:
            image = self._view.inline_image(text[4:])
            decoded = decode_image(image.data) if image is not None else None
            return decoded if decoded is not None else placeholder_image()
        if scheme == "data":
            data = _data_url_bytes(text)
            decoded = decode_image(data) if data is not None else None
            return decoded if decoded is not None else placeholder_image()
        if self._remote_allowed and text in self._remote_cache:
            return self._remote_cache[text]
        self.refused.append(text)
        return placeholder_image()

    def _fetch(self, url: str) -> None:
        if url in self._pending or not url.lower().startswith(("http://", "https://")):
            return
        if self._network is None:
            self._network = QNetworkAccessManager(self)
        request = QNetworkRequest(QUrl(url))
        request.setTransferTimeout(15_000)
        request.setMaximumRedirectsAllowed(3)
        reply = self._network.get(request)
        self._pending.add(url)
        reply.downloadProgress.connect(lambda received, _total: self._cap(reply, received))
        reply.finished.connect(lambda: self._fetched(url, reply))

    @staticmethod
    def _cap(reply: QNetworkReply, received: int) -> None:
        if received > MAX_REMOTE_IMAGE_BYTES:
            reply.abort()

    def _fetched(self, url: str, reply: QNetworkReply) -> None:
        self._pending.discard(url)
        data = bytes(reply.readAll().data())
        reply.deleteLater()
        if not self._remote_allowed or reply.error() != QNetworkReply.NetworkError.NoError:
            return
        image = decode_image(data)
        if image is not None:
            self._remote_cache[url] = image
            self._render()
            self.remote_images_did_load.emit(len(self._remote_cache))

    # --- links ---------------------------------------------------------------------------

    def _anchor_clicked(self, url: QUrl) -> None:
        """Open http/https/mailto links in the system browser; ignore everything else."""
        if url.scheme().lower() in LINK_SCHEMES:
            self._open_link(url)


class RemoteContentBar(QWidget):
    """ "N remote images blocked — Load once / Always for this sender"."""

    load_once_was_clicked = Signal()
    always_was_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.load_once = QPushButton(self.tr("Load once"))
        self.always = QPushButton(self.tr("Always for this sender"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.load_once)
        layout.addWidget(self.always)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("RemoteContentBar { background: #fff6d5; }")
        self.load_once.clicked.connect(self.load_once_was_clicked)
        self.always.clicked.connect(self.always_was_clicked)
        self.hide()

    def show_count(self, blocked: int) -> None:
        if blocked <= 0:
            self.hide()
            return
        self.label.setText(
            self.tr("%n remote image(s) blocked to protect your privacy.", "", blocked)
        )
        self.show()


def _attachment_line(attachment: Attachment) -> str:
    kib = max(1, (attachment.size + 1023) // 1024)
    warn = " ⚠" if attachment.is_executable else ""
    return f"{attachment.filename} ({attachment.content_type}, {kib} KB){warn}"


class MessagePane(QWidget):
    """Headers, notes, the remote-content bar, the body and the attachment list together."""

    def __init__(
        self,
        preferences: SenderPreferences | None = None,
        parent: QWidget | None = None,
        *,
        prefer_html: bool = True,
        open_link: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.prefer_html = prefer_html
        self.headers = QLabel()
        self.headers.setTextFormat(Qt.TextFormat.RichText)
        self.headers.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a4b00;")
        self.bar = RemoteContentBar()
        self.browser = MessageBrowser(open_link=open_link)
        self.attachments = QLabel()
        self.attachments.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.headers, self.notes, self.bar, self.browser, self.attachments):
            layout.addWidget(widget)
        self._data = b""
        self.view: MessageView | None = None
        self.bar.load_once_was_clicked.connect(lambda: self._reload(remote=True))
        self.bar.always_was_clicked.connect(self._always)

    def show_message(self, data: bytes, *, charset: str | None = None) -> MessageView:
        """Show raw message bytes with the reader's remembered choices for the sender."""
        self._data = data
        return self._reload(remote=False, charset=charset)

    def _reload(self, *, remote: bool, charset: str | None = None) -> MessageView:
        view = view_for_reader(
            self._data,
            self.preferences,
            prefer_html=self.prefer_html,
            load_remote=remote,
            charset_override=charset,
        )
        self.view = view
        allowed = bool(view.remote_images) and view.remote_blocked == 0 and view.html is not None
        self._show_headers(view)
        self.bar.show_count(view.remote_blocked)
        self.browser.show_view(view, remote_allowed=allowed)
        return view

    def _always(self) -> None:
        if self.view is not None and self.preferences is not None and self.view.sender:
            self.preferences.set_allow_remote(self.view.sender, True)
        self._reload(remote=True)

    def _show_headers(self, view: MessageView) -> None:
        rows = [
            (self.tr("From"), format_addresses(view.from_)),
            (self.tr("To"), format_addresses(view.to)),
            (self.tr("Cc"), format_addresses(view.cc)),
            (self.tr("Date"), view.date_text),
            (self.tr("Subject"), view.subject),
        ]
        self.headers.setText(
            "<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in rows if v)
        )
        self.notes.setText("\n".join(n for n in view.notes if "remote images blocked" not in n))
        self.notes.setVisible(bool(self.notes.text()))
        lines = [_attachment_line(a) for a in view.attachments]
        self.attachments.setText("\n".join(lines))
        self.attachments.setVisible(bool(lines))
