"""Form pieces shared by the account wizard and the account properties dialog.

One server (host, port, security, user name) is one :class:`ServerFields`, so the wizard's
server page and the properties' Servers tab edit servers the same way and build the same
:class:`~hongyan.core.accounts.ServerSettings`.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from hongyan.core.accounts import ServerSettings

POP3_PORTS = {"ssl": 995, "starttls": 110, "none": 110}
SMTP_PORTS = {"ssl": 465, "starttls": 587, "none": 25}


class ServerFields(QWidget):
    """Host, port, security and (optionally) user name of one server.

    Changing the security moves the port to that security's standard port, unless the user
    typed another port.

    Signals:
        fields_did_change: any field was edited.
    """

    fields_did_change = Signal()

    def __init__(
        self, kind: str, *, with_username: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._ports = POP3_PORTS if kind == "pop3" else SMTP_PORTS
        self._kept: ServerSettings | None = None
        self.host = QLineEdit()
        self.host.setPlaceholderText(
            self.tr("pop.example.com") if kind == "pop3" else self.tr("smtp.example.com")
        )
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setMinimumWidth(90)
        self.port.setValue(self._ports["ssl"])
        self.security = QComboBox()
        self.security.addItem(self.tr("SSL/TLS"), "ssl")
        self.security.addItem(self.tr("STARTTLS"), "starttls")
        self.security.addItem(self.tr("None (insecure)"), "none")
        self.username = QLineEdit()
        #: The rows of this server; a dialog adds its own (password, …) so all align.
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Server:"), self.host)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port)
        port_row.addStretch()
        form.addRow(self.tr("Port:"), port_row)
        form.addRow(self.tr("Security:"), self.security)
        if with_username:
            form.addRow(self.tr("User name:"), self.username)
        else:
            self.username.hide()
        self.security.currentIndexChanged.connect(self._security_changed)
        for signal in (self.host.textChanged, self.port.valueChanged, self.username.textChanged):
            signal.connect(self.fields_did_change)

    def _security_changed(self) -> None:
        if self.port.value() in self._ports.values():
            self.port.setValue(self._ports[self.security_value])
        self.fields_did_change.emit()

    @property
    def security_value(self) -> str:
        return str(self.security.currentData())

    def set_server(self, server: ServerSettings) -> None:
        """Show ``server``; its pinned and trusted certificates are kept for :meth:`server`."""
        self._kept = server
        self.host.setText(server.host)
        self.security.setCurrentIndex(max(0, self.security.findData(server.security)))
        self.port.setValue(server.port)
        self.username.setText(server.username)

    def server(self, username: str | None = None) -> ServerSettings:
        """The settings as edited (raises AccountError naming the bad field)."""
        values = {
            "host": self.host.text().strip(),
            "port": self.port.value(),
            "security": self.security_value,
            "username": self.username.text().strip() if username is None else username,
        }
        if self._kept is not None and self._kept.host == values["host"]:
            return dataclasses.replace(self._kept, **values)  # type: ignore[arg-type]
        return ServerSettings(**values)  # type: ignore[arg-type]

    def trust(self, server: ServerSettings) -> None:
        """Remember ``server``'s pins (after the user accepted a certificate)."""
        self._kept = server
        self.fields_did_change.emit()

    def forget_certificates(self) -> None:
        """Drop the accepted certificates and certificate file: the server is trusted only
        through the system's certificate authorities again."""
        if self._kept is not None:
            self._kept = dataclasses.replace(self._kept, pinned_certs=[], trust_cert_pem=None)
        self.fields_did_change.emit()
