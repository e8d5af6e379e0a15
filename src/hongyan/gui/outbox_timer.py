"""The running app sends a message queued for later when its time comes.

A message sent later (Send Later, or Undo Send's few seconds) waits in the Outbox with its
time in the message itself (core/sendlater.py). :class:`OutboxTimer` asks the Outbox when the
next one falls due (:meth:`Outbox.next_due`, read in a worker) and flushes the Outbox then,
through the main window's sender (the same flush as after Send and Get Mail).

Why a short poll and not one long timer: Qt's timers count monotonic time, which stops while
the computer sleeps, so a timer set at 20:00 for 9:00 tomorrow, with the laptop closed over
night, would fire hours late. The timer therefore wakes at most every
:data:`POLL_SECONDS` and compares the wall clock with the due time (a comparison, no store
read): after a wake-up, the message goes within half a minute.

At start-up (and so also in the autostart fetch at login) a time that passed while Hongyan
was not running is due at once; the flush reports it as sent late, which the app says in the
status bar and in a notification.

A message that is due but did not leave (no password yet, the server refused it) is not
tried again by this timer at once: only a time later than the last flush is (a retry's time
is, after its back-off), so a message that needs the user never makes the app flush in a
loop. The next Get Mail tries it as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from hongyan.core.outbox import FlushReport, Outbox, OutboxEntry
from hongyan.core.sendlater import lateness
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from hongyan.gui.outgoing import worker_store
from hongyan.gui.send_later import when_text
from hongyan.gui.tasks import TaskControl

#: The longest the timer sleeps before it looks at the wall clock again.
POLL_SECONDS = 30.0


@dataclass(frozen=True)
class OutboxTimes:
    """What the timer needs to know of the Outbox, read in a worker."""

    next_due: float | None
    """When the next waiting message falls due (a send-later time or a retry's)."""
    waiting: int
    """How many messages are in the Outbox at all."""


def read_outbox_times(root: Path, clock: Callable[[], float]) -> OutboxTimes:
    """The Outbox's next due time and size (worker thread, its own index connection)."""
    with worker_store(root) as store:
        outbox = Outbox(store, clock=clock)
        return OutboxTimes(outbox.next_due(), len(outbox.entries()))


class OutboxTimer(QObject):
    """Flushes the Outbox when a message in it falls due.

    Args:
        send: starts a flush of the Outbox (the main window's ``fetcher.send_outbox``).
        sending: whether a flush runs now (one that began before the due time may pass the
            message by: the timer then looks again when it has ended).

    Signals:
        late_did_send: (title, text) one or more messages went late: for the status bar
            and a notification.
    """

    late_did_send = Signal(str, str)

    def __init__(
        self,
        context: AppContext,
        send: Callable[[], None],
        sending: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._send = send
        self._sending = sending
        self.next_due: float | None = None
        self._last_flush: float | None = None
        self._reading = False
        self._read_again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self.poll_seconds = POLL_SECONDS

    def start(self) -> None:
        """At start-up: send what fell due while Hongyan was not running, then keep time."""
        self._read(at_start=True)

    def update(self) -> None:
        """The Outbox changed (a message queued, sent, withdrawn, rescheduled): read when
        the next message is due again."""
        self._read(at_start=False)

    def stop(self) -> None:
        self._timer.stop()

    # -- reading ---------------------------------------------------------------------------
    def _read(self, *, at_start: bool) -> None:
        if self.context.closed or self.context.store_moving:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        root, clock = self.context.store.root, self.context.clock

        def read(control: TaskControl) -> OutboxTimes:
            return read_outbox_times(root, clock)

        self.context.tasks.run(
            op=read,
            success=lambda times: self._was_read(times, at_start=at_start),
            failure=lambda _message: self._was_read(None, at_start=False),
        )

    def _was_read(self, times: OutboxTimes | None, *, at_start: bool) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self._read(at_start=at_start)
            return
        if times is None or self.context.closed:
            return
        self.next_due = times.next_due
        if at_start and times.waiting and self._due_now(times.next_due):
            # Also what waited with no time: it was queued when Hongyan was stopped.
            self._flush()
            return
        self._arm()

    # -- keeping time ----------------------------------------------------------------------
    def _due_now(self, due: float | None) -> bool:
        return due is None or due <= self.context.clock()

    def _arm(self) -> None:
        """Sleep until the next due time, at most :attr:`poll_seconds`; flush when it has
        come and was not tried already."""
        self._timer.stop()
        due = self.next_due
        if due is None:
            return
        if self._last_flush is not None and due <= self._last_flush:
            return  # tried at the last flush and still waiting: it needs the user
        remaining = due - self.context.clock()
        if remaining <= 0:
            self._flush()
            return
        self._timer.start(int(min(remaining, self.poll_seconds) * 1000) + 1)

    def _check(self) -> None:
        self._arm()

    def _flush(self) -> None:
        self._timer.stop()
        if self._sending():
            return  # its report comes to flushed(), which looks again
        self._last_flush = self.context.clock()
        self._send()

    # -- after a flush ---------------------------------------------------------------------
    def flushed(self, report: FlushReport) -> None:
        """A flush ended (by this timer, Send or Get Mail): say what went late, read the
        next due time."""
        late = [(entry, report.late[entry.id]) for entry, _result in report.sent
                if entry.id in report.late]  # fmt: skip
        if late:
            self.late_did_send.emit(*self.late_text(late))
        self.update()

    def late_text(self, late: list[tuple[OutboxEntry, float]]) -> tuple[str, str]:
        """The notification for messages sent late: how many, then each subject with the
        time it was due and how late it went."""
        lines = [
            self.tr("“{subject}” was due at {time} and went {lateness} late.").format(
                subject=entry.subject,
                time=when_text(entry.send_at or 0),
                lateness=core_text(lateness(seconds)),
            )
            for entry, seconds in late
        ]
        title = self.tr(
            "%n message(s) sent late: Hongyan was not running at the time", "", len(late)
        )
        return title, "\n".join(lines)
