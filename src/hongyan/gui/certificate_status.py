"""Which certificate a server is trusted with, in the account properties, with Forget.

A server is trusted the usual way (the system's certificate authorities), or with a
certificate the user accepted (pinned by its SHA-256 fingerprint), or with a certificate file
given to ``hongyan account add --trust-cert``. The last two are shown with their fingerprint
and when they expire, and can be forgotten: the next connection then asks again.

A pin is only a fingerprint; when it runs out is read from the server's certificate, fetched
in a worker without logging in (:func:`hongyan.core.tls.fetch_server_certificate`).
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hongyan.core.accounts import ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.tls import CertificateInfo, describe_certificate, fetch_server_certificate
from hongyan.gui.account_forms import ServerFields
from hongyan.gui.certificate_dialog import fingerprint_lines
from hongyan.gui.i18n import date_text
from hongyan.gui.tasks import Task, TaskControl, TaskRunner

_PEM_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)


def trusted_files(pem: str | None) -> list[CertificateInfo]:
    """The certificates of a ``--trust-cert`` PEM (a server's own, or a private CA)."""
    found = []
    for block in _PEM_BLOCK.findall(pem or ""):
        try:
            found.append(describe_certificate(ssl.PEM_cert_to_DER_cert(block)))
        except ValueError:
            continue
    return found


@dataclass(frozen=True)
class ServerCertificate:
    """What the server shows now, read for the pins' expiry (None: it did not answer)."""

    info: CertificateInfo | None


class CertificateStatus(QWidget):
    """The trust of the server edited in ``fields``: a sentence, the details, Forget."""

    def __init__(
        self, fields: ServerFields, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._fields = fields
        self._tasks = tasks
        self._lookup: Task[ServerCertificate] | None = None
        self._shown_for: ServerSettings | None = None
        self.summary = QLabel()
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.expiry = QLabel()
        self.expiry.setWordWrap(True)
        self.forget = QPushButton(self.tr("Forget"))
        self.forget.setToolTip(
            self.tr("Trust this server only with the system's certificate authorities again.")
        )
        self.forget.clicked.connect(self._forget)
        top = QHBoxLayout()  # one line: what trusts it, until when, Forget
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary)
        top.addWidget(self.expiry, 1)
        top.addWidget(self.forget, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.details)
        # Loading a server changes host, port and security one after another: look once.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.refresh)
        fields.fields_did_change.connect(self._soon.start)
        self.refresh()

    def refresh(self) -> None:
        """Show the trust of the server as edited now (a new host drops what was accepted)."""
        try:
            server = self._fields.server()
        except HongyanError:
            return
        if server == self._shown_for:
            return
        self._shown_for = server
        if self._lookup is not None:
            self._lookup.cancel()
            self._lookup = None
        files = trusted_files(server.trust_cert_pem)
        self.forget.setVisible(bool(server.pinned_certs or files))
        self.details.setVisible(bool(server.pinned_certs or files))
        self.expiry.setVisible(bool(server.pinned_certs or files))
        if server.pinned_certs:
            self.summary.setText(self.tr("Certificate accepted by you."))
            self.details.setText("\n\n".join(fingerprint_lines(p) for p in server.pinned_certs))
            self.expiry.setText(self.tr("Reading when it expires from the server…"))
            self._lookup = self._tasks.run(
                op=lambda control: _current_certificate(server, control),
                success=lambda found: self._show_expiry(server, found),
                failure=lambda message: self._show_expiry(server, ServerCertificate(None)),
            )
        elif files:
            self.summary.setText(self.tr("Trusted with a certificate file."))
            self.details.setText(
                "\n\n".join(f"{info.subject}\n{fingerprint_lines(info.sha256)}" for info in files)
            )
            self.expiry.setText(
                self.tr("Valid until {date}.").format(
                    date=date_text(min(info.not_after for info in files).date())
                )
            )
        else:
            self.summary.setText(
                self.tr("Verified with the certificate authorities your system trusts.")
            )
            self.summary.setWordWrap(True)

    def _show_expiry(self, server: ServerSettings, found: ServerCertificate) -> None:
        if server != self._shown_for:  # edited since, or hidden (maybe gone) meanwhile
            return
        self._lookup = None
        info = found.info
        if info is None:
            self.expiry.setText(self.tr("When it expires is not known: the server did not answer."))
        elif info.sha256 in server.pinned_certs:
            self.expiry.setText(
                self.tr("Valid until {date}.").format(date=date_text(info.not_after.date()))
            )
        else:
            self.expiry.setText(
                self.tr(
                    "The server now shows another certificate (SHA-256 {fingerprint}): "
                    "Hongyan will ask you about it when it connects."
                ).format(fingerprint=info.sha256)
            )

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """The dialog closed (or the tab changed): stop reading the server's certificate; it
        is read again if the tab is shown again."""
        if self._lookup is not None:
            self._lookup.cancel()
            self._lookup = None
            self._shown_for = None
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()

    def _forget(self) -> None:
        self._fields.forget_certificates()
        self.refresh()


def _current_certificate(server: ServerSettings, control: TaskControl) -> ServerCertificate:
    try:
        return ServerCertificate(
            fetch_server_certificate(server.host, server.port, server.security)
        )
    except (HongyanError, OSError):
        return ServerCertificate(None)
