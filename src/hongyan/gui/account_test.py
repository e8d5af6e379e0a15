"""Test Settings in the account properties: the check ``hongyan account test`` makes.

It logs in to both servers with the settings as edited (not yet saved), nothing fetched or
sent, and reports each server in a sentence. A certificate that does not verify is asked
about (once for POP3 and SMTP when they share it); accepting it pins it in the dialog's
fields, saved with OK, and the test runs again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.accounts import Account
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Secret
from hongyan.gui.certificate_dialog import CertificateDialog, Trust, ask_about
from hongyan.gui.connection_check import CheckOutcome, check_account
from hongyan.gui.i18n import core_text
from hongyan.gui.tasks import Task, TaskRunner

#: The account as edited now and the passwords to test it with (None: the user declined).
Edited = Callable[[], tuple[Account, Secret, Secret | None] | None]


class AccountTestDialog(QDialog):
    """Runs the test at once; Test Again reruns it, Close ends it (cancelling a run)."""

    def __init__(
        self, tasks: TaskRunner, edited: Edited, trust: Trust, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Test Account Settings"))
        self._tasks = tasks
        self._edited = edited
        self._trust = trust
        self.task: Task[CheckOutcome] | None = None
        self.outcome: CheckOutcome | None = None
        self.certificate_dialog: CertificateDialog | None = None
        self.results = QPlainTextEdit()
        self.results.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.again = QPushButton(self.tr("Test again"))
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        self.again.clicked.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.results)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(560, 260)

    def start(self) -> None:
        if self.task is not None and self.task.running:
            return
        try:
            edited = self._edited()
        except HongyanError as exc:
            self.results.setPlainText(core_text(exc))
            return
        if edited is None:
            self.results.setPlainText(self.tr("Not tested: no password was given."))
            return
        account, pop3_secret, smtp_secret = edited
        self.results.setPlainText(self.tr("Testing…"))
        self.again.setEnabled(False)
        self.task = self._tasks.run(
            op=lambda control: check_account(account, pop3_secret, smtp_secret, control),
            progress=self.results.appendPlainText,
            success=self._done,
            failure=self._failed,
            cancelled=lambda: None,
        )

    def _done(self, outcome: CheckOutcome) -> None:
        self.outcome = outcome
        self.again.setEnabled(True)
        self.results.setPlainText("\n".join(outcome.lines))
        if outcome.certificates and ask_about(
            outcome.certificates, self, self._trust, showing=self._showing
        ):
            self.start()

    def _showing(self, dialog: CertificateDialog | None) -> None:
        self.certificate_dialog = dialog

    def _failed(self, message: str) -> None:
        self.again.setEnabled(True)
        self.results.setPlainText(message)

    def done(self, result: int) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
        super().done(result)
