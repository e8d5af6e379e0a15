"""The Outbox in the main window: each message's send time, Send Now, Change Send Time….

The Outbox's list has a Send At column (shown in the Outbox only) with the time a message
sent later waits for. The times are in the messages' files, not in the index, so they are
read in a worker (:meth:`Outbox.entries`) whenever the Outbox is shown or changes, and handed
to the list's model.

Send Now makes a waiting message due at once (:meth:`Outbox.send_now`) and sends the Outbox;
Change Send Time… moves it to another time (:meth:`Outbox.reschedule`). Both run in a worker
under the sender's lock and keep the message's Message-ID; a message being sent that moment
is refused with a plain sentence in the status bar. Opening a waiting message (double-click)
takes it back to edit, with its time kept (drafts_opener, send_later.ScheduleBar).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from hongyan.core.outbox import OUTBOX, Outbox
from hongyan.gui.i18n import for_toolbar
from hongyan.gui.outgoing import worker_store
from hongyan.gui.send_later import SendTimeDialog
from hongyan.gui.tasks import TaskControl

if TYPE_CHECKING:
    from hongyan.gui.main_window import MainWindow


def read_send_times(root: Path) -> dict[int, float]:
    """Store id → send time of every Outbox message that waits for one (worker thread)."""
    with worker_store(root) as store:
        return {e.id: e.send_at for e in Outbox(store).entries() if e.send_at is not None}


class OutboxActions(QObject):
    """Send Now and Change Send Time… of the main window, and the Send At column's times."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.send_times: dict[int, float] = {}
        self._reading = False
        self._read_again = False
        self.action_send_now = for_toolbar(QAction(self.tr("Send &Now"), window))
        self.action_send_now.triggered.connect(self.send_now)
        self.action_reschedule = for_toolbar(QAction(self.tr("Change Send Ti&me…"), window))
        self.action_reschedule.triggered.connect(self.reschedule)
        self.update_actions()

    def _in_outbox(self) -> bool:
        """The list shows the Outbox (not search results; the search box is made after the
        window's actions, which ask this already)."""
        search = getattr(self.window, "search_box", None)
        searching = search is not None and bool(search.text().strip())
        return self.window.current_folder == OUTBOX and not searching

    # -- the Send At column ----------------------------------------------------------------
    def refresh(self) -> None:
        """Read the send times again when the Outbox is shown (in a worker)."""
        if not self._in_outbox() or self.context.closed or self.context.store_moving:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        root = self.context.store.root

        def read(control: TaskControl) -> dict[int, float]:
            return read_send_times(root)

        self.context.tasks.run(op=read, success=self._read, failure=lambda _m: self._read(None))

    def _read(self, times: dict[int, float] | None) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()
            return
        if times is not None:
            self.send_times = times
            self.window.message_model.set_send_times(times)
            self.update_actions()

    # -- the commands ----------------------------------------------------------------------
    def update_actions(self) -> None:
        """Send Now for waiting messages with a time, Change Send Time for one message; both
        in the Outbox only (the right-click menu leaves out what is disabled)."""
        ids = self.window.selected_ids() if self._in_outbox() else []
        self.action_send_now.setEnabled(any(i in self.send_times for i in ids))
        self.action_reschedule.setEnabled(len(ids) == 1)

    def send_now(self) -> None:
        ids = [i for i in self.window.selected_ids() if i in self.send_times]
        if ids:
            self._change(lambda outbox: [outbox.send_now(i) for i in ids], send=True)

    def reschedule(self) -> None:
        ids = self.window.selected_ids()
        if len(ids) != 1:
            return
        message_id = ids[0]
        dialog = SendTimeDialog(self.context, self.window, initial=self.send_times.get(message_id))
        if dialog.exec():
            when = dialog.chosen()
            self._change(lambda outbox: outbox.reschedule(message_id, when), send=False)

    def _change(self, change: Callable[[Outbox], object], *, send: bool) -> None:
        """Run ``change`` on the Outbox in a worker; then show the Outbox again (and send)."""
        root, clock = self.context.store.root, self.context.clock

        def run(control: TaskControl) -> None:
            with worker_store(root) as store:
                change(Outbox(store, clock=clock))

        def done(_result: object = None) -> None:
            self.context.signals.store_did_change.emit()
            if send:
                self.window.fetcher.send_outbox()

        self.context.tasks.run(
            op=run,
            success=done,
            failure=lambda message: self.window.statusBar().showMessage(message, 8000),
        )
