"""Ask whether to trust one server certificate that did not verify.

The user sees what they need to decide — who it was issued to and by, when it is valid, its
SHA-256 fingerprint (to compare with what the provider or the administrator publishes) — and
accepting pins exactly that certificate for the servers that showed it, nothing wider.

The safe answer is the default: Enter or Escape leave the certificate untrusted. POP3 and
SMTP on one host usually show one certificate; it is one question (:func:`ask_about`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.secrets import Kind
from hongyan.core.tls import CertificateInfo, CertificateNotTrusted
from hongyan.gui.connection_check import CertificateQuestion
from hongyan.gui.i18n import date_text

#: The width of the dialog (a fingerprint line and the labels beside it fit in it).
WIDTH = 580

#: Bytes of the fingerprint per line: 32 bytes in two lines of 16, so it wraps inside the
#: dialog and reads as providers print it.
FINGERPRINT_BYTES_PER_LINE = 16


def fingerprint_lines(sha256: str) -> str:
    """``AB:CD:…`` (32 bytes) in lines of :data:`FINGERPRINT_BYTES_PER_LINE` bytes."""
    pairs = sha256.split(":")
    step = FINGERPRINT_BYTES_PER_LINE
    return "\n".join(":".join(pairs[i : i + step]) for i in range(0, len(pairs), step))


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CertificateDialog(QDialog):
    """Shows a :class:`CertificateNotTrusted`; ``exec()`` is Accepted when the user trusts it.

    ``endpoints`` are the servers that showed it ("pop.example.com:995, smtp.example.com:465");
    the problem's own endpoint by default.
    """

    def __init__(
        self,
        problem: CertificateNotTrusted,
        parent: QWidget | None = None,
        *,
        endpoints: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Certificate not trusted"))
        servers = ", ".join(endpoints or [problem.endpoint])
        reasons = {
            "expired": self.tr("The certificate has expired."),
            "not_yet_valid": self.tr("The certificate is not valid yet."),
            "wrong_host": self.tr("The certificate was issued for another server name."),
            "unknown_issuer": self.tr(
                "The certificate was not issued by an authority your system trusts."
            ),
            "changed": self.tr(
                "The server shows a different certificate from the one you accepted before. "
                "This can mean someone is intercepting the connection."
            ),
        }
        self.intro = intro = _selectable(
            self.tr("Hongyan could not verify the identity of {server}.").format(server=servers)
            + "\n"
            + reasons.get(problem.reason, self.tr("The certificate could not be verified."))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        info = problem.info
        self.fingerprint = info.sha256 if info is not None else ""
        if info is not None:
            layout.addLayout(self._details(info))
        advice = _selectable(
            self.tr(
                "Accept it only if you expected this (a company or home server with its own "
                "certificate) and the fingerprint matches the one your provider gives you."
            )
        )
        layout.addWidget(advice)
        buttons = QDialogButtonBox()
        self.accept_button = QPushButton(self.tr("Trust this certificate"))
        self.accept_button.setAutoDefault(False)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # Enter keeps the connection refused
        self.cancel_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accept_button.setEnabled(info is not None)
        layout.addWidget(buttons)
        # Wrapped labels are as tall as their text at the dialog's width: fix the width, and
        # the dialog takes the height they need, nothing cut off.
        self.setFixedWidth(WIDTH)
        self.adjustSize()

    def _details(self, info: CertificateInfo) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Issued to:"), _selectable(info.subject))
        form.addRow(self.tr("Issued by:"), _selectable(info.issuer))
        valid = self.tr("from {start} to {end}").format(
            start=date_text(info.not_before.date()), end=date_text(info.not_after.date())
        )
        form.addRow(self.tr("Valid:"), _selectable(valid))
        self.fingerprint_label = _selectable(fingerprint_lines(info.sha256))
        self.fingerprint_label.setWordWrap(False)  # its lines are made to fit
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.fingerprint_label.setFont(fixed)
        form.addRow(self.tr("SHA-256 fingerprint:"), self.fingerprint_label)
        return form


#: What the caller does with a certificate the user accepted: pin it for these servers.
Trust = Callable[[list[Kind], CertificateInfo], None]


def ask_about(
    questions: Sequence[CertificateQuestion],
    parent: QWidget,
    trust: Trust,
    *,
    showing: Callable[[CertificateDialog | None], None] | None = None,
) -> bool:
    """Ask once per certificate; ``trust`` the accepted ones. True if any was accepted (the
    test or fetch is worth trying again); the first refused one ends the questions."""
    accepted = False
    for question in questions:
        dialog = CertificateDialog(question.problem, parent, endpoints=question.endpoints)
        if showing is not None:
            showing(dialog)
        answer = dialog.exec()
        if showing is not None:
            showing(None)
        info = question.problem.info
        if answer != QDialog.DialogCode.Accepted or info is None:
            return accepted
        trust(list(question.kinds), info)
        accepted = True
    return accepted
