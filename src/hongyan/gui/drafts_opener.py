"""Opening a message from the list (double-click or Enter): what "open" means depends on the
folder, as in Outlook Express and Foxmail.

* A message in **Drafts** opens in the compose window with everything it was saved with
  (From identity, recipients, subject, text, attachments); saving replaces it, sending
  removes it.
* A message waiting in the **Outbox** opens the same way, editable: users open it there to
  fix a wrong address or a refused message. It is first taken back into Drafts under the
  sender's lock (:meth:`Outbox.withdraw`), so it cannot leave while it is being changed;
  Send queues it again. One whose delivery is uncertain asks first (it may have arrived).
* Anywhere else the message opens in its own window (:mod:`hongyan.gui.message_window`),
  as in Outlook Express, Foxmail and Thunderbird; Reply is one click away there. Opening a
  message whose window is open brings that window up.

The main window only connects the view (:func:`open_on_activation`) and emits
``compose_requested("open", id)``; :class:`~hongyan.gui.app.Hongyan` asks
:func:`compose_for` for the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QWidget

from hongyan.core.drafts import DRAFTS
from hongyan.core.outbox import OUTBOX, UNCERTAIN, Outbox
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.message_window import DeleteMessage, MessageWindow, already_open

OPEN = "open"


class _EnterOpens(QObject):
    """Enter or Return on the message list opens the current message, like a double-click."""

    def __init__(self, view: QAbstractItemView, open_selected: Callable[[], None]) -> None:
        super().__init__(view)
        self._open = open_selected

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open()
                return True
        return False


def open_on_activation(view: QAbstractItemView, open_selected: Callable[[], None]) -> None:
    """Open the selected message on double-click and on Enter/Return in ``view``.

    ``activated`` is not used: where the desktop activates items on a single click (a KDE
    setting), a single click would then open a compose window instead of showing the message.
    """
    view.doubleClicked.connect(lambda _index: open_selected())
    view.installEventFilter(_EnterOpens(view, open_selected))


def _already_open(windows: Iterable[QWidget], draft_id: int) -> ComposeWindow | None:
    for window in windows:
        if isinstance(window, ComposeWindow) and window.isVisible() and window.draft_id == draft_id:
            return window
    return None


def compose_for(
    context: AppContext,
    message_id: int,
    *,
    open_windows: Iterable[QWidget] = (),
    parent: QWidget | None = None,
    delete_message: DeleteMessage | None = None,
) -> ComposeWindow | MessageWindow | None:
    """The window that opening ``message_id`` shows (None when the user declined).

    A compose window for a draft or Outbox message, a :class:`MessageWindow` (whose Delete
    calls ``delete_message``) for any other. A message already open in a window brings that
    window up instead of a second copy, which for a draft would save over the first one's.

    Raises:
        HongyanError: the message cannot be opened (read failure, being sent right now).
    """
    folder = context.store.get(message_id).folder
    if folder == OUTBOX:
        outbox = Outbox(context.store)
        if outbox.entry(message_id).state == UNCERTAIN and not _edit_uncertain(parent):
            return None
        outbox.withdraw(message_id, to_folder=DRAFTS)
        context.signals.store_did_change.emit()
        folder = DRAFTS
    if folder != DRAFTS:
        reading = already_open(open_windows, message_id)
        return reading or MessageWindow.for_message(
            context, message_id, delete_message=delete_message
        )
    existing = _already_open(open_windows, message_id)
    if existing is not None:
        existing.raise_()
        existing.activateWindow()
        return existing
    return ComposeWindow.for_draft(context, message_id)


def _edit_uncertain(parent: QWidget | None) -> bool:
    """Ask before changing a message the server may have received already (plan F47)."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("DraftsOpener", "Message may have been delivered"),
        QCoreApplication.translate(
            "DraftsOpener",
            "Hongyan lost the connection while the server was accepting this message, so it "
            "may have been delivered already. If you change it and send it again, the "
            "recipients may get it twice.\n\nChange it anyway?",
        ),
    )
    return answer == QMessageBox.StandardButton.Yes
