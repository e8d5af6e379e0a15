"""Send Later (定时发送): the times offered, the date-and-time picker, and the compose
window's note of a message's time.

A message sent later waits in the Outbox with its time written in it (core/sendlater.py);
the running app sends it then (:mod:`outbox_timer`), or the next start when Hongyan was not
running at the time. The compose window offers Tomorrow Morning (8:00), Monday Morning
(9:00) and a date and time of the user's choice, as Gmail's and Outlook's Send Later do;
each entry shows the day and time it means.

A message opened again from the Outbox keeps its time (Outlook's "Do not deliver before"):
the window shows it in a bar above the text, with Change Time… and Remove Time; Send then
puts it back to wait until that time. (Drafts saved by the window do not keep the time: it
lives in the window until Send.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.gui.context import AppContext
from hongyan.gui.i18n import date_format, date_text

#: The earliest a chosen time may be: a time in the past would simply be sent now.
MIN_AHEAD_SECONDS = 60


def tomorrow_morning(now: datetime) -> datetime:
    """8:00 tomorrow (local time)."""
    return (now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)


def monday_morning(now: datetime) -> datetime:
    """9:00 on the next Monday after today (a week ahead on a Monday)."""
    days = (7 - now.weekday()) % 7 or 7
    return (now + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


def when_text(moment: float, locale: QLocale | None = None) -> str:
    """A send time as the interface writes it, with the weekday: "Mon Dec 14, 2026 9:00 AM",
    "周一 2026年12月14日 09:00"."""
    shown = locale or QLocale()
    when = QDateTime.fromSecsSinceEpoch(int(moment))
    weekday = shown.toString(when.date(), "ddd")
    time = shown.toString(when.time(), QLocale.FormatType.ShortFormat)
    return f"{weekday} {date_text(when.date(), shown)} {time}"


class SendLaterMenu(QMenu):
    """Tomorrow Morning, Monday Morning, Choose Date and Time…

    Signals:
        time_chosen: (Unix seconds) send the message then.
    """

    time_chosen = Signal(float)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Send Later"), parent)
        self.context = context
        self.action_tomorrow = self.addAction("")
        self.action_tomorrow.triggered.connect(
            lambda: self.time_chosen.emit(tomorrow_morning(self._now()).timestamp())
        )
        self.action_monday = self.addAction("")
        self.action_monday.triggered.connect(
            lambda: self.time_chosen.emit(monday_morning(self._now()).timestamp())
        )
        self.addSeparator()
        self.action_choose = self.addAction(self.tr("&Choose Date and Time…"))
        self.action_choose.triggered.connect(self.choose)
        self.aboutToShow.connect(self.update_times)
        self.update_times()

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.context.clock())

    def update_times(self) -> None:
        """The entries with the day and time they mean now."""
        now = self._now()
        self.action_tomorrow.setText(
            self.tr("&Tomorrow Morning") + "\t" + when_text(tomorrow_morning(now).timestamp())
        )
        self.action_monday.setText(
            self.tr("&Monday Morning") + "\t" + when_text(monday_morning(now).timestamp())
        )

    def choose(self) -> None:
        dialog = SendTimeDialog(self.context, self.parentWidget(), ok_text=self.tr("Send Later"))
        if dialog.exec():
            self.time_chosen.emit(dialog.chosen())


class SendTimeDialog(QDialog):
    """A date and time in the future, picked on a calendar or typed."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        initial: float | None = None,
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Send Later"))
        now = context.clock()
        start = initial if initial is not None and initial > now else None
        default = start or tomorrow_morning(datetime.fromtimestamp(now)).timestamp()
        self.when = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(default)))
        self.when.setCalendarPopup(True)
        locale = QLocale()
        time_format = locale.timeFormat(QLocale.FormatType.ShortFormat)
        self.when.setDisplayFormat(f"{date_format(locale)} {time_format}")
        self.when.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(int(now) + MIN_AHEAD_SECONDS))
        self.when.dateTimeChanged.connect(self._check)
        explanation = QLabel(
            self.tr(
                "The message waits in the Outbox until then. Hongyan sends it at that time if "
                "it is running, otherwise as soon as it starts again."
            )
        )
        explanation.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if ok_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Send the message on:")))
        layout.addWidget(self.when)
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def chosen(self) -> float:
        return float(self.when.dateTime().toSecsSinceEpoch())

    def _check(self) -> bool:
        early = self.chosen() < self.context.clock() + MIN_AHEAD_SECONDS
        self.problem.setText(self.tr("Choose a time at least a minute from now."))
        self.problem.setVisible(early)
        return not early

    def accept(self) -> None:
        if self._check():
            super().accept()


class ScheduleBar(QFrame):
    """Above the text of a message that has a send time: when it goes, Change Time…, and
    Remove Time (then Send sends at once).

    Signals:
        time_did_change: the time was changed or removed.
    """

    time_did_change = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.send_at: float | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("ScheduleBar { background: #fff6d5; }")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.change_button = QPushButton(self.tr("Change Time…"))
        self.change_button.clicked.connect(self.change)
        self.remove_button = QPushButton(self.tr("Remove Time"))
        self.remove_button.clicked.connect(lambda: self.set_time(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.change_button)
        layout.addWidget(self.remove_button)
        self.hide()

    def set_time(self, send_at: float | None) -> None:
        """Show ``send_at`` (None, or a time already past: no bar, Send sends at once)."""
        if send_at is not None and send_at <= self.context.clock():
            send_at = None
        changed = send_at != self.send_at
        self.send_at = send_at
        if send_at is not None:
            self.label.setText(
                self.tr("This message will be sent on {time}.").format(time=when_text(send_at))
            )
        self.setVisible(send_at is not None)
        if changed:
            self.time_did_change.emit()

    def pending(self) -> float | None:
        """The time Send waits for: the one shown, unless it has passed meanwhile."""
        if self.send_at is not None and self.send_at > self.context.clock():
            return self.send_at
        return None

    def change(self) -> None:
        dialog = SendTimeDialog(self.context, self.window(), initial=self.send_at)
        if dialog.exec():
            self.set_time(dialog.chosen())
