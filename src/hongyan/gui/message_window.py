"""A message in its own window: what double-click or Enter opens outside Drafts and Outbox.

Users of Outlook Express, Foxmail and Thunderbird expect a double-click to *read* a message
in a window of its own; answering it by accident would be surprising. The window shows the
message with the reading pane's :class:`MessagePane` (headers, remote content bar, encoding,
attachments) and offers Reply, Reply All, Forward and Delete with the main window's
shortcuts. It does not compose or delete by itself:

* Reply, Reply All and Forward emit ``compose_requested(kind, id)``, which
  :class:`~hongyan.gui.app.Hongyan` serves exactly as it serves the main window's.
* Delete calls back into the main window (:meth:`MainWindow.delete_message`), so the move
  to Trash runs in the same ordered queue as the main window's Delete and never overtakes it;
  the window then shows the message that followed in the list, as Thunderbird's does.

The message's file is read in a worker, the reading pane's way (:mod:`message_reader`).
File → Open shows a saved ``.eml`` file here too, read-only and through the same pane and
sanitiser as every message: Reply and Forward work, Delete does not (it is not in the store).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QToolBar, QToolButton, QWidget

from hongyan.core.errors import HongyanError
from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.resources import resource_path
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import for_toolbar
from hongyan.gui.message_pane import MessagePane
from hongyan.gui.message_reader import MessageReader, Wanted
from hongyan.gui.templates_menu import TemplateListMenu


@dataclass(frozen=True)
class Deleted:
    """A message window's Delete went ahead; the window shows ``next_id`` now (None: closes)."""

    next_id: int | None = None


# Deletes a message for the window (asks ``parent`` first where needed); None: kept.
DeleteMessage = Callable[[int, QWidget], Deleted | None]


class MessageWindow(QMainWindow):
    """One message, read-only, with the commands that act on it: a stored message, or a
    saved ``.eml`` file opened with File → Open (not in the store, so it has no Delete).

    Signals:
        compose_requested: (kind, message id) — "reply", "reply_all" or "forward" of the
            stored message shown.
        compose_from_file_requested: (kind, raw message) — the same for a file's message.
        message_did_show: (message id) a stored message is on screen (it counts as read).
        template_requested: (template name, message id) Reply with Template (the arrow
            beside Reply) to the stored message shown.
    """

    compose_requested = Signal(str, int)
    template_requested = Signal(str, int)
    compose_from_file_requested = Signal(str, bytes)
    message_did_show = Signal(int)

    def __init__(
        self,
        context: AppContext,
        *,
        delete_message: DeleteMessage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.context = context
        self.message_id: int | None = None
        self._stored_path: Path | None = None  # where the shown stored message was read
        self.path: Path | None = None
        self.data: bytes | None = None
        self._delete_message = delete_message
        self._reader = MessageReader(context.tasks, self._did_read, self._did_fail)
        self.resize(820, 680)
        self.message_pane = MessagePane(
            SenderPreferences.load(context.paths),
            prefer_html=bool(context.settings.get("prefer_html")),
        )
        layout = self.message_pane.layout()
        if layout is not None:
            layout.setContentsMargins(8, 8, 8, 8)
        self.setCentralWidget(self.message_pane)
        self._build_actions()

    @classmethod
    def for_message(
        cls, context: AppContext, message_id: int, *, delete_message: DeleteMessage | None = None
    ) -> MessageWindow:
        """The window for stored message ``message_id`` (its file is read in a worker).

        Raises:
            HongyanError: the message is gone from the store.
        """
        window = cls(context, delete_message=delete_message)
        window.show_stored(message_id)
        return window

    @classmethod
    def for_file(cls, context: AppContext, path: Path) -> MessageWindow:
        """The window for a message saved as a file (File → Open…), read in a worker."""
        window = cls(context)
        window.path = path
        window.setWindowTitle(path.name)
        window._reader.read(path, path)
        return window

    def show_stored(self, message_id: int) -> None:
        """Show stored message ``message_id`` here (on opening, and after Delete moved on).

        Raises:
            HongyanError: the message is gone from the store.
        """
        row = self.context.store.get(message_id)
        path = self.context.store.path(message_id)
        self.message_id = message_id
        self.setWindowTitle(row.subject or self.tr("(no subject)"))
        self._stored_path = path
        self._reader.read(message_id, path)

    def _read_where_it_moved(self, message_id: int) -> bool:
        """The file was not where the index said a moment ago: if the message was moved
        meanwhile (Delete or Junk in the main window), read it where it is now."""
        try:
            path = self.context.store.path(message_id)
        except HongyanError:  # deleted for good
            return False
        if path == self._stored_path:
            return False
        self._stored_path = path
        self._reader.read(message_id, path)
        return True

    def _did_read(self, wanted: Wanted, data: bytes) -> None:
        self.data = data
        view = self.message_pane.show_message(data)
        if view.remote_blocked and self.context.settings.get("remote_content") == "load":
            self.message_pane.bar.load_once_was_clicked.emit()
        if self.message_id is None:
            self.setWindowTitle(view.subject or self.tr("(no subject)"))
        self._update_actions()
        if self.message_id is not None:
            self.message_did_show.emit(self.message_id)

    def _did_fail(self, wanted: Wanted, text: str) -> None:
        stored = self.message_id
        if stored is not None and wanted == stored and self._read_where_it_moved(stored):
            return
        QMessageBox.warning(self, self.tr("Cannot open the message"), text)
        self.close()

    def _action(self, icon: str, text: str, shortcut: QKeySequence | str) -> QAction:
        action = QAction(QIcon(str(resource_path("icons", f"{icon}.svg"))), text, self)
        action.setShortcut(QKeySequence(shortcut))
        return for_toolbar(action)

    def _build_actions(self) -> None:
        self.action_reply = self._action("reply", self.tr("&Reply"), "Ctrl+R")
        self.action_reply.triggered.connect(lambda: self._compose("reply"))
        self.action_reply_all = self._action("reply-all", self.tr("Reply &All"), "Ctrl+Shift+R")
        self.action_reply_all.triggered.connect(lambda: self._compose("reply_all"))
        self.action_forward = self._action("forward", self.tr("&Forward"), "Ctrl+L")
        self.action_forward.triggered.connect(lambda: self._compose("forward"))
        self.action_delete = self._action(
            "delete", self.tr("&Delete"), QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.action_delete.setShortcuts(QKeySequence.StandardKey.Delete)  # as the main window
        self.action_delete.triggered.connect(self.delete)
        toolbar = QToolBar(self.tr("Message toolbar"))
        toolbar.setObjectName("message-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(toolbar)
        for action in (self.action_reply, self.action_reply_all, self.action_forward):
            toolbar.addAction(action)
        self.reply_template_menu = TemplateListMenu(
            self.context, self.tr("Reply with &Template"), self
        )
        self.reply_template_menu.template_chosen.connect(self._reply_with_template)
        reply_button = toolbar.widgetForAction(self.action_reply)
        if isinstance(reply_button, QToolButton):
            reply_button.setMenu(self.reply_template_menu)
            reply_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        toolbar.addSeparator()
        toolbar.addAction(self.action_delete)
        # Escape closes the window, as in Outlook Express and Foxmail (no toolbar button).
        close = QAction(self.tr("Close"), self)
        close.setShortcuts(
            [QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)]
        )
        close.triggered.connect(self.close)
        self.addAction(close)
        self._update_actions()

    def _update_actions(self) -> None:
        """Answering needs the message read; Delete also needs it in the store."""
        loaded = self.data is not None
        for action in (self.action_reply, self.action_reply_all, self.action_forward):
            action.setEnabled(loaded)
        self.reply_template_menu.setEnabled(loaded and self.message_id is not None)
        stored = self.message_id is not None and self._delete_message is not None
        self.action_delete.setEnabled(loaded and stored)

    def text(self) -> str:
        """The text shown (what a screen reader or a test reads)."""
        return self.message_pane.browser.toPlainText()

    def _reply_with_template(self, name: str) -> None:
        if self.message_id is not None:
            self.template_requested.emit(name, self.message_id)

    def _compose(self, kind: str) -> None:
        if self.message_id is not None:
            self.compose_requested.emit(kind, self.message_id)
        elif self.data is not None:
            self.compose_from_file_requested.emit(kind, self.data)

    def delete(self) -> None:
        """Delete the message (Trash; for good from Trash, after asking), then show the
        message that followed it in the list, as Thunderbird's message window does; close
        when none follows."""
        if self.message_id is None or self._delete_message is None:
            return
        deleted = self._delete_message(self.message_id, self)
        if deleted is None:
            return
        if deleted.next_id is None:
            self.close()
            return
        self.data = None
        self._update_actions()
        try:
            self.show_stored(deleted.next_id)
        except HongyanError:  # gone meanwhile: nothing to move on to
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._reader.forget()
        super().closeEvent(event)


def already_open(windows: Iterable[QWidget], message_id: int) -> MessageWindow | None:
    """The visible window already showing ``message_id``, raised to the front, if any."""
    for window in windows:
        if (
            isinstance(window, MessageWindow)
            and window.isVisible()
            and window.message_id == message_id
        ):
            window.raise_()
            window.activateWindow()
            return window
    return None
