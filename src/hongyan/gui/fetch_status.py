"""Progress of background work in the status bar: one line per account, and Cancel.

The status bar shows what is running ("ali@163.com: 120 of 3 000"), a progress bar per
running job and a Cancel button that stops them all; when nothing runs it shows the last
outcome ("3 new messages", or the failure in plain words).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from hongyan.gui.i18n import labelled


class JobProgress(QWidget):
    """One running job: a label and a progress bar."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.label = QLabel(title)
        # The counts are drawn inside the bar, so an update repaints the bar only and never
        # re-lays out the status bar (that cost tens of ms per report during a big fetch).
        self.bar = QProgressBar()
        self.bar.setFixedWidth(150)
        self.bar.setMaximumHeight(18)
        self.bar.setTextVisible(True)
        self.bar.setFormat("")
        self.bar.setRange(0, 0)  # busy until the first report
        self.label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)

    def update_progress(self, done: int, total: int, text: str = "") -> None:
        """``total`` 0: no known end (an mbox being imported): a busy bar, which draws no
        text, so the text goes next to the title instead (such reports are rare)."""
        if total > 0:
            if self.bar.maximum() != total:
                self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            if text != self.bar.format():
                self.bar.setFormat(text)
        else:
            if self.bar.maximum() != 0:
                self.bar.setRange(0, 0)
            label = labelled(self.title, text) if text else self.title
            if label != self.label.text():
                self.label.setText(label)


class ElidedLabel(QLabel):
    """A one-line label that cuts a text too long for it at the end with "…" and shows the
    whole text as its tooltip. A long error (a certificate's fingerprint and dates) must not
    lose its beginning, which says what went wrong. ``text()`` is the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        # Ignored: the label takes the room there is instead of widening the status bar.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setToolTip(text if self._elide() != text else "")

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self.setText("")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.setToolTip(self._full if self._elide() != self._full else "")

    def _elide(self) -> str:
        line = " ".join(self._full.split())
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, self.width())
        super().setText(shown)
        return shown


class StatusPanel(QWidget):
    """The right part of the status bar: running jobs and one Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[str, JobProgress] = {}
        self._cancel_callbacks: dict[str, Callable[[], None]] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.message = ElidedLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout.addWidget(self.message, 1)  # the jobs keep their size at the right
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_all)
        self._layout.addWidget(self.cancel_button)

    def start_job(self, key: str, title: str, cancel: Callable[[], None] | None = None) -> None:
        if key in self._jobs:
            return
        job = JobProgress(title)
        self._jobs[key] = job
        if cancel is not None:
            self._cancel_callbacks[key] = cancel
        self._layout.insertWidget(self._layout.count() - 1, job)
        self.cancel_button.setVisible(bool(self._cancel_callbacks))
        self.message.clear()

    def update_job(self, key: str, done: int, total: int, text: str = "") -> None:
        job = self._jobs.get(key)
        if job is not None:
            job.update_progress(done, total, text)

    def finish_job(self, key: str, message: str = "") -> None:
        job = self._jobs.pop(key, None)
        self._cancel_callbacks.pop(key, None)
        if job is not None:
            self._layout.removeWidget(job)
            job.deleteLater()
        self.cancel_button.setVisible(bool(self._cancel_callbacks))
        if message:
            self.message.setText(message)

    def has_job(self, key: str) -> bool:
        return key in self._jobs

    def cancel_all(self) -> None:
        for cancel in list(self._cancel_callbacks.values()):
            cancel()
        self.cancel_button.setEnabled(True)
