"""Ask whether to trust one server certificate that did not verify.

The user sees what they need to decide — who it was issued to and by, when it is valid, its
SHA-256 fingerprint (to compare with what the provider or the administrator publishes) — and
accepting pins exactly that certificate for that server, nothing wider.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.tls import CertificateNotTrusted


class CertificateDialog(QDialog):
    """Shows a :class:`CertificateNotTrusted`; ``exec()`` is Accepted when the user trusts it."""

    def __init__(self, problem: CertificateNotTrusted, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Certificate not trusted"))
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
        intro = QLabel(
            self.tr("Hongyan could not verify the identity of {server}.").format(
                server=problem.endpoint
            )
            + "\n"
            + reasons.get(problem.reason, self.tr("The certificate could not be verified."))
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        info = problem.info
        self.fingerprint = info.sha256 if info is not None else ""
        if info is not None:
            form = QFormLayout()
            fingerprint = QLabel(info.sha256)
            fingerprint.setWordWrap(True)
            fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(self.tr("Issued to:"), QLabel(info.subject))
            form.addRow(self.tr("Issued by:"), QLabel(info.issuer))
            form.addRow(
                self.tr("Valid:"),
                QLabel(
                    self.tr("from {start} to {end}").format(
                        start=f"{info.not_before:%Y-%m-%d}", end=f"{info.not_after:%Y-%m-%d}"
                    )
                ),
            )
            form.addRow(self.tr("SHA-256 fingerprint:"), fingerprint)
            layout.addLayout(form)
        advice = QLabel(
            self.tr(
                "Accept it only if you expected this (a company or home server with its own "
                "certificate) and the fingerprint matches the one your provider gives you."
            )
        )
        advice.setWordWrap(True)
        layout.addWidget(advice)
        buttons = QDialogButtonBox()
        self.accept_button = QPushButton(self.tr("Trust this certificate"))
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accept_button.setEnabled(info is not None)
        layout.addWidget(buttons)
        self.resize(560, 0)
