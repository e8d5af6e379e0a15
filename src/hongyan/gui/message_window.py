"""A message in its own window: what double-click or Enter opens outside Drafts and Outbox.

Users of Outlook Express, Foxmail and Thunderbird expect a double-click to *read* a message
in a window of its own; answering it by accident would be surprising. The window shows the
message with the reading pane's :class:`MessagePane` (headers, remote content bar, encoding,
attachments) and offers Reply, Reply All, Forward and Delete with the main window's
shortcuts. It does not compose or delete by itself:

* Reply, Reply All and Forward emit ``compose_requested(kind, id)``, which
  :class:`~hongyan.gui.app.Hongyan` serves exactly as it serves the main window's.
* Delete calls back into the main window (:meth:`MainWindow.delete_message`), so the move
  to Trash runs in the same ordered queue as the main window's Delete and never overtakes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.resources import resource_path
from hongyan.gui.context import AppContext
from hongyan.gui.message_pane import MessagePane

# Deletes a message for the window (asks ``parent`` first where needed); False: not deleted.
DeleteMessage = Callable[[int, QWidget], bool]


class MessageWindow(QMainWindow):
    """One message, read-only, with the commands that act on it.

    Signals:
        compose_requested: (kind, message id) — "reply", "reply_all" or "forward".
    """

    compose_requested = Signal(str, int)

    def __init__(
        self,
        context: AppContext,
        message_id: int,
        data: bytes,
        subject: str,
        *,
        delete_message: DeleteMessage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.message_id = message_id
        self._delete_message = delete_message
        self.setWindowTitle(subject or self.tr("(no subject)"))
        self.resize(820, 680)
        self.message_pane = MessagePane(
            SenderPreferences.load(context.paths),
            prefer_html=bool(context.settings.get("prefer_html")),
        )
        layout = self.message_pane.layout()
        if layout is not None:
            layout.setContentsMargins(8, 8, 8, 8)
        self.setCentralWidget(self.message_pane)
        view = self.message_pane.show_message(data)
        if view.remote_blocked and context.settings.get("remote_content") == "load":
            self.message_pane.bar.load_once_was_clicked.emit()
        self._build_actions()

    @classmethod
    def for_message(
        cls, context: AppContext, message_id: int, *, delete_message: DeleteMessage | None = None
    ) -> MessageWindow:
        """The window for stored message ``message_id``.

        Raises:
            HongyanError: the message is gone or its file cannot be read.
        """
        message = context.store.get(message_id)
        data = context.store.path(message_id).read_bytes()
        return cls(context, message_id, data, message.subject, delete_message=delete_message)

    def _action(self, icon: str, text: str, shortcut: QKeySequence | str) -> QAction:
        action = QAction(QIcon(str(resource_path("icons", f"{icon}.svg"))), text, self)
        action.setShortcut(QKeySequence(shortcut))
        return action

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
        self.action_delete.triggered.connect(self.delete)
        self.action_delete.setEnabled(self._delete_message is not None)
        toolbar = QToolBar(self.tr("Message toolbar"))
        toolbar.setObjectName("message-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(toolbar)
        for action in (self.action_reply, self.action_reply_all, self.action_forward):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.action_delete)
        # Escape closes the window, as in Outlook Express and Foxmail (no toolbar button).
        close = QAction(self.tr("Close"), self)
        close.setShortcuts(
            [QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)]
        )
        close.triggered.connect(self.close)
        self.addAction(close)

    def text(self) -> str:
        """The text shown (what a screen reader or a test reads)."""
        return self.message_pane.browser.toPlainText()

    def _compose(self, kind: str) -> None:
        self.compose_requested.emit(kind, self.message_id)

    def delete(self) -> None:
        """Delete the message (Trash; for good from Trash, after asking) and close."""
        if self._delete_message is not None and self._delete_message(self.message_id, self):
            self.close()


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
