"""The reading pane around the body: headers, notes, remote-content bar, encoding, attachments.

Every choice the reader makes here goes back to core: "always for this sender" and "remember
this encoding for this sender" are stored by :class:`SenderPreferences`; attachments are saved
by :func:`save_attachment` (sanitised name, never outside the folder); opening an executable
type asks first (plan D35).
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QLocale,
    Qt,
    QTime,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.message.attachments import Attachment, save_attachment
from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.message.view import MessageView, format_addresses, view_for_reader
from hongyan.gui.i18n import core_text
from hongyan.gui.message_browser import ConfirmLink, MessageBrowser

# Encodings offered for "this message is shown wrongly" (label, charset; "" = automatic).
# Labels in English are marked for translation here (tr() cannot see a variable); those in
# the script they name are shown as they are, like the encoding menus of browsers.
ENCODINGS: tuple[tuple[str, str], ...] = (
    (str(QT_TRANSLATE_NOOP("MessagePane", "Automatic")), ""),
    (str(QT_TRANSLATE_NOOP("MessagePane", "Unicode (UTF-8)")), "utf-8"),
    ("简体中文 (GB18030/GBK/GB2312)", "gb18030"),
    ("繁體中文 (Big5/HKSCS)", "big5hkscs"),
    ("日本語 (Shift_JIS)", "shift_jis"),
    ("日本語 (ISO-2022-JP)", "iso-2022-jp"),
    ("한국어 (EUC-KR)", "euc-kr"),
    (str(QT_TRANSLATE_NOOP("MessagePane", "Cyrillic (KOI8-R)")), "koi8-r"),
    (str(QT_TRANSLATE_NOOP("MessagePane", "Cyrillic (Windows-1251)")), "windows-1251"),
    (str(QT_TRANSLATE_NOOP("MessagePane", "Western (Windows-1252)")), "windows-1252"),
    (str(QT_TRANSLATE_NOOP("MessagePane", "Central European (Windows-1250)")), "windows-1250"),
)


def local_date_text(moment: datetime, locale: QLocale | None = None) -> str:
    """A message's date as the reader's language writes it, in the reader's time zone.

    ``Monday, 23 November 2026 15:17`` / ``2026年11月23日星期一 15:17``: the Date header's
    own form (``Mon, 23 Nov 2026 07:17:00 -0800``) is in the sender's zone and in English.
    """
    local = moment.astimezone() if moment.tzinfo is not None else moment
    shown = locale or QLocale()
    day = shown.toString(QDate(local.year, local.month, local.day), QLocale.FormatType.LongFormat)
    time = shown.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{day} {time}"


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


ATTACHMENT_ROWS = 4


def _attachment_line(attachment: Attachment) -> str:
    kib = max(1, (attachment.size + 1023) // 1024)
    warn = " ⚠" if attachment.is_executable else ""
    return f"{attachment.filename} ({attachment.content_type}, {kib} KB){warn}"


def _ask_before_running(parent: QWidget, attachment: Attachment) -> bool:
    answer = QMessageBox.warning(
        parent,
        parent.tr("Open a program?"),
        parent.tr(
            "“{name}” is a program ({ext}). Opening it can harm your computer. "
            "Open it only if you expected it from this sender."
        ).format(name=attachment.safe_name, ext="." + attachment.extension),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Open


class MessagePane(QWidget):
    """Headers, notes, the remote-content bar, the body and the attachment list together."""

    def __init__(
        self,
        preferences: SenderPreferences | None = None,
        parent: QWidget | None = None,
        *,
        prefer_html: bool = True,
        open_link: Callable[[QUrl], object] = QDesktopServices.openUrl,
        confirm_open: Callable[[Attachment], bool] | None = None,
        confirm_link: ConfirmLink | None = None,
    ) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.prefer_html = prefer_html
        self._open_link = open_link
        self._confirm_open = confirm_open or (lambda a: _ask_before_running(self, a))
        self.headers = QLabel()
        self.headers.setTextFormat(Qt.TextFormat.RichText)
        self.headers.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a4b00;")
        self.bar = RemoteContentBar()
        self.encoding = QComboBox()
        for label, charset in ENCODINGS:
            self.encoding.addItem(QCoreApplication.translate("MessagePane", label), charset)
        self.remember_encoding = QCheckBox(self.tr("Remember for this sender"))
        encoding_row = QHBoxLayout()
        encoding_row.addWidget(QLabel(self.tr("Encoding:")))
        encoding_row.addWidget(self.encoding)
        encoding_row.addWidget(self.remember_encoding)
        encoding_row.addStretch(1)
        self.browser = MessageBrowser(open_link=open_link, confirm_link=confirm_link)
        self.attachments = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.headers, self.notes, self.bar):
            layout.addWidget(widget)
        layout.addLayout(encoding_row)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.attachments)
        self._data = b""
        self._charset: str | None = None
        self._temp = tempfile.TemporaryDirectory(prefix="hongyan-open-")
        self.view: MessageView | None = None
        self.bar.load_once_was_clicked.connect(lambda: self._reload(remote=True))
        self.bar.always_was_clicked.connect(self._always)
        self.encoding.activated.connect(self._encoding_chosen)
        self.attachments.itemActivated.connect(
            lambda item: self.open_attachment(self.attachments.row(item))
        )

    def show_message(self, data: bytes, *, charset: str | None = None) -> MessageView:
        """Show raw message bytes with the reader's remembered choices for the sender."""
        self._data = data
        self._charset = charset
        self.encoding.setCurrentIndex(max(0, self.encoding.findData(charset or "")))
        return self._reload(remote=False)

    def set_encoding(self, charset: str | None, *, remember: bool = False) -> MessageView:
        """Show this message in ``charset`` (``None``: automatic); optionally for the sender."""
        self._charset = charset or None
        if remember and self.preferences is not None and self.view and self.view.sender:
            self.preferences.set_charset(self.view.sender, self._charset)
        return self._reload(remote=False)

    def _encoding_chosen(self, index: int) -> None:
        charset = self.encoding.itemData(index) or None
        self.set_encoding(charset, remember=self.remember_encoding.isChecked())

    def _reload(self, *, remote: bool) -> MessageView:
        view = view_for_reader(
            self._data,
            self.preferences,
            prefer_html=self.prefer_html,
            load_remote=remote,
            charset_override=self._charset,
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

    def _fit_attachment_list(self) -> None:
        """As tall as its lines, at most :data:`ATTACHMENT_ROWS` (then it scrolls): one
        attachment should not take a quarter of the pane from the body."""
        rows = min(self.attachments.count(), ATTACHMENT_ROWS)
        if rows:
            frame = 2 * self.attachments.frameWidth()
            self.attachments.setFixedHeight(self.attachments.sizeHintForRow(0) * rows + frame)

    def open_attachment(self, index: int) -> Path | None:
        """Save attachment ``index`` to a private folder and open it; programs ask first."""
        if self.view is None or not 0 <= index < len(self.view.attachments):
            return None
        attachment = self.view.attachments[index]
        if attachment.is_executable and not self._confirm_open(attachment):
            return None
        path = save_attachment(attachment, Path(self._temp.name))
        self._open_link(QUrl.fromLocalFile(str(path)))
        return path

    def _show_headers(self, view: MessageView) -> None:
        rows = [
            (self.tr("From"), format_addresses(view.from_)),
            (self.tr("To"), format_addresses(view.to)),
            (self.tr("Cc"), format_addresses(view.cc)),
            (self.tr("Date"), local_date_text(view.date) if view.date else view.date_text),
            (self.tr("Subject"), view.subject),
        ]
        self.headers.setToolTip(
            self.tr("Date as sent: {date}").format(date=view.date_text) if view.date_text else ""
        )
        # The colon is the translation's: "发件人：" in Chinese, not an ASCII "发件人:".
        line = self.tr("<b>{label}:</b> {value}")
        self.headers.setText(
            "<br>".join(
                line.format(label=html.escape(k), value=html.escape(v)) for k, v in rows if v
            )
        )
        self.notes.setText(
            "\n".join(core_text(n) for n in view.notes if "remote images blocked" not in n)
        )
        self.notes.setVisible(bool(self.notes.text()))
        self.attachments.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for attachment in view.attachments:
            self.attachments.addItem(QListWidgetItem(icon, _attachment_line(attachment)))
        self._fit_attachment_list()
        self.attachments.setVisible(bool(view.attachments))
