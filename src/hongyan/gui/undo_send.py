"""Undo Send (撤销发送): a few seconds after Send during which the message can be taken back.

With the option on (Tools → Options → Sending: 5, 10, 20 or 30 seconds) Send queues the
message in the Outbox to go that many seconds later (``send_at``, as Send Later does) and the
main window's status bar says "Sending “…” in 9 s" with an Undo button, counting down. Undo
takes the message back out of the Outbox (:meth:`Outbox.withdraw`, under the sender's lock)
and opens it in a compose window, as it was; after the delay the app's Outbox timer sends it.

The message is in the durable Outbox from the moment Send returns, so a crash or a kill during
the delay loses nothing: the next start sends it (Undo is then no longer offered). Undo can
come too late (the sender took it that instant); the status bar then says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from hongyan.core.drafts import DRAFTS
from hongyan.core.outbox import Outbox
from hongyan.gui.context import AppContext
from hongyan.gui.outgoing import worker_store
from hongyan.gui.tasks import TaskControl


@dataclass(frozen=True)
class Held:
    """A message just sent that can still be taken back."""

    store_id: int
    send_at: float
    subject: str


class UndoSendBar(QWidget):
    """ "Sending “subject” in N s" and Undo, in a status bar.

    Signals:
        undo_requested: (store id) the user clicked Undo.
    """

    undo_requested = Signal(int)

    def __init__(self, clock: Callable[[], float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.held: Held | None = None
        self.label = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(self._undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.undo_button)
        self._ticks = QTimer(self)
        self._ticks.setInterval(250)
        self._ticks.timeout.connect(self._tick)
        self.hide()

    def hold(self, held: Held) -> None:
        """Offer Undo for ``held`` until its time (the newest message sent replaces an
        older one: Undo is for what was just sent)."""
        self.held = held
        self.undo_button.setEnabled(True)
        self._tick()
        if self.held is not None:
            self._ticks.start()
            self.show()

    def release(self) -> None:
        """No more Undo (sent, taken back, or its time has come)."""
        self.held = None
        self._ticks.stop()
        self.hide()

    def _tick(self) -> None:
        if self.held is None:
            return
        left = self.held.send_at - self._clock()
        if left <= 0:
            self.release()
            return
        subject = self.held.subject or self.tr("(no subject)")
        self.label.setText(
            self.tr("Sending “{subject}” in %n s", "", math.ceil(left)).format(subject=subject)
        )

    def _undo(self) -> None:
        if self.held is not None:
            self.undo_button.setEnabled(False)
            self.undo_requested.emit(self.held.store_id)


class UndoSend(QObject):
    """Takes a held message back into Drafts and has it opened again.

    Args:
        reopen: opens the draft ``store id`` in a compose window (with no send time).
        say: shows a sentence in the main window's status bar.
    """

    def __init__(
        self,
        context: AppContext,
        reopen: Callable[[int], None],
        say: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._reopen = reopen
        self._say = say
        self.bar: UndoSendBar | None = None

    def attach(self, status_area: QWidget) -> UndoSendBar:
        """A bar for a (new) main window's status bar; it shows what is held now."""
        held = self.bar.held if self.bar is not None else None
        self.bar = UndoSendBar(self.context.clock, status_area)
        self.bar.undo_requested.connect(self.undo)
        if held is not None:
            self.bar.hold(held)
        return self.bar

    def hold(self, held: Held) -> None:
        if self.bar is not None:
            self.bar.hold(held)

    def undo(self, store_id: int) -> None:
        """Withdraw the message from the Outbox (worker), then open it to edit."""
        root, clock = self.context.store.root, self.context.clock

        def withdraw(control: TaskControl) -> None:
            with worker_store(root) as store:
                Outbox(store, clock=clock).withdraw(store_id, to_folder=DRAFTS)

        def done(_result: object = None) -> None:
            if self.bar is not None:
                self.bar.release()
            self.context.signals.store_did_change.emit()
            self._reopen(store_id)

        def failed(message: str) -> None:
            bar = self.bar
            held = bar.held if bar is not None else None
            if bar is not None and held is not None and held.store_id == store_id:
                if held.send_at > clock():  # busy a moment (another send): Undo again
                    bar.undo_button.setEnabled(True)
                    self._say(message)
                    return
                bar.release()
            self._say(self.tr("Too late to undo: {reason}").format(reason=message))

        self.context.tasks.run(op=withdraw, success=done, failure=failed)
