"""The message reading pane: a QTextBrowser that can only show what the message itself holds.

QTextBrowser has no script engine, and :class:`MessageBrowser` narrows it further: its
``loadResource`` answers only ``cid:`` (an ``image/*`` part of the same message) and small
``data:`` images, with a byte and pixel cap, so a hostile message can make no request and read
no file (plan D36-D38). Remote images are fetched only after the reader says so, once for the
message or always for the sender; links open in the system browser only when clicked, and only
http, https and mailto. Hovering a link shows where it really goes; a link whose text names
another address (plan G68) says so on hover and asks before it is opened.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QDesktopServices,
    QHelpEvent,
    QImage,
    QImageReader,
    QTextDocument,
)
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QToolTip, QWidget

from hongyan.core.message.view import MessageView

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


#: Asked before a spoofed link is opened: (text shown, real target) -> open it?
ConfirmLink = Callable[[str, str], bool]


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
        confirm_link: ConfirmLink | None = None,
    ) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self._open_link = open_link
        self._confirm_link = confirm_link or self._ask_before_opening
        self._spoofed: dict[str, str] = {}  # real target (as Qt spells it) -> text shown
        self._view: MessageView | None = None
        self._remote_allowed = False
        self._remote_cache: dict[str, QImage] = {}
        self._network: QNetworkAccessManager | None = None
        self._pending: set[str] = set()
        #: URLs (other than cid:/data:) the document asked for and was refused; for tests.
        self.refused: list[str] = []
        self.anchorClicked.connect(self._anchor_clicked)
        self.highlighted.connect(self._link_hovered)

    # --- showing -------------------------------------------------------------------------

    def show_view(self, view: MessageView, *, remote_allowed: bool = False) -> None:
        """Render ``view``; with ``remote_allowed`` its http/https images are fetched."""
        self._view = view
        self._spoofed = {QUrl(target).toString(): shown for shown, target in view.spoofed_links}
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
        # An image already on its way is not asked for again: its answer, when it comes,
        # fills the cache of whatever showing allows remote content then.
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
        """Open http/https/mailto links in the system browser; ignore everything else. A link
        whose text shows another address opens only if the reader says so (plan G68)."""
        if url.scheme().lower() not in LINK_SCHEMES:
            return
        shown = self._spoofed.get(url.toString())
        if shown is not None and not self._confirm_link(shown, url.toString()):
            return
        self._open_link(url)

    def link_hint(self, url: QUrl) -> str:
        """What hovering ``url`` shows: where the link really goes (with a warning when its
        text shows another address)."""
        target = url.toString()
        shown = self._spoofed.get(target)
        if shown is None:
            return target
        return self.tr("This link goes to {target}, not to the address it shows ({shown}).").format(
            target=target, shown=shown
        )

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """A link's tooltip is :meth:`link_hint` (not its ``title``, which says nothing of a
        spoofed link)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            href = self.anchorAt(event.pos())
            if href:
                QToolTip.showText(event.globalPos(), self.link_hint(QUrl(href)), self)
                return True
        return super().viewportEvent(event)

    def _link_hovered(self, url: QUrl) -> None:
        if url.isEmpty():
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), self.link_hint(url), self)

    def _ask_before_opening(self, shown: str, target: str) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("Open this link?"),
            self.tr(
                "The link shows {shown} but goes to {target}. Links like this are a common "
                "trick to steal passwords. Open {target}?"
            ).format(shown=shown, target=target),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open
