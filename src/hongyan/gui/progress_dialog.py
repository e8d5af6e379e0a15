"""A small progress dialog for work that runs in a worker: what is happening, how far, Cancel.

Unlike :class:`QProgressDialog` it does not hide itself when Cancel is pressed: the work stops
at its next check, and until then the dialog says "Cancelling…" (closing the window or Escape
ask for the same), so the user sees when it really stopped. Its owner closes it with
:meth:`done_with` once the worker has finished.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ProgressDialog(QDialog):
    """Window-modal progress of one worker, with a Cancel button.

    Signals:
        cancel_requested: the user asked to stop (Cancel, Escape or closing the window).
    """

    cancel_requested = Signal()

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setTextVisible(True)
        buttons = QDialogButtonBox()
        self.cancel_button: QPushButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.request_cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self._finished = False
        self._cancelling = False

    def set_progress(self, done: int, total: int, text: str | None = None) -> None:
        """``total`` 0 shows a busy bar (no known end)."""
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
        if total:
            self.bar.setValue(min(done, total))
        if text is not None and not self.cancelling:
            self.label.setText(text)

    def set_cancellable(self, cancellable: bool) -> None:
        """Past the point of no return (e.g. the switch to the moved store) Cancel is off."""
        self.cancel_button.setEnabled(cancellable and not self.cancelling)

    @property
    def cancelling(self) -> bool:
        return self._cancelling

    def request_cancel(self) -> None:
        if self.cancelling or not self.cancel_button.isEnabled():
            return
        self._cancelling = True
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def done_with(self) -> None:
        """The worker finished: close for good."""
        self._finished = True
        self.accept()

    def reject(self) -> None:  # Escape
        if self._finished:
            super().reject()
        else:
            self.request_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()
            self.request_cancel()
