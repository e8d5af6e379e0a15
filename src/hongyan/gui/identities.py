"""The Identities tab of Account properties: the extra From addresses of one account.

An identity is another name and address sent through the account's SMTP server (a shared
``sales@`` address, an alias). The tab edits a list held in memory; the properties dialog's
OK puts it into the account, whose validation names a bad field, and saves the book.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.accounts import AccountError, Identity
from hongyan.gui.i18n import core_text


class IdentityDialog(QDialog):
    """Add or edit one identity: name, address, reply address, organisation, signature."""

    def __init__(
        self,
        identity: Identity | None = None,
        *,
        taken: set[str] | frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.taken = {address.lower() for address in taken}
        self.setWindowTitle(self.tr("Edit Identity") if identity else self.tr("Add Identity"))
        self.display_name = QLineEdit(identity.display_name if identity else "")
        self.address = QLineEdit(identity.address if identity else "")
        self.address.setPlaceholderText(self.tr("name@example.com"))
        self.reply_to = QLineEdit(identity.reply_to if identity else "")
        self.organisation = QLineEdit(identity.organisation if identity else "")
        self.signature = QPlainTextEdit(identity.signature if identity else "")
        self.signature.setPlaceholderText(self.tr("Added below the text of messages you write"))
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.display_name)
        form.addRow(self.tr("Email address:"), self.address)
        form.addRow(self.tr("Reply address:"), self.reply_to)
        form.addRow(self.tr("Organisation:"), self.organisation)
        form.addRow(self.tr("Signature:"), self.signature)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, 360)
        self.result_identity: Identity | None = None

    def identity(self) -> Identity:
        """The identity as typed; raises AccountError naming the first bad field."""
        made = Identity(
            display_name=self.display_name.text().strip(),
            address=self.address.text().strip(),
            reply_to=self.reply_to.text().strip(),
            organisation=self.organisation.text().strip(),
            signature=self.signature.toPlainText().rstrip("\n"),
        )
        if made.address.lower() in self.taken:
            raise AccountError(
                self.tr("{address} is already an address of this account.").format(
                    address=made.address
                )
            )
        return made

    def accept(self) -> None:
        try:
            self.result_identity = self.identity()
        except AccountError as exc:
            QMessageBox.warning(self, self.tr("Identity not saved"), core_text(exc))
            return
        super().accept()


class IdentitiesTab(QWidget):
    """The account's own identity (read-only here: it is on the General tab) and the others."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.own_address = ""
        self._own = Identity(address="you@example.com")  # replaced by set_identities
        self._identities: list[Identity] = []
        explanation = QLabel(
            self.tr(
                "Identities are other names and addresses you send as with this account, "
                "through its outgoing mail server. Choose one in the From list when you write."
            )
        )
        explanation.setWordWrap(True)
        self.list = QListWidget()
        self.add_button = QPushButton(self.tr("&Add…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(row, 1)
        self.add_button.clicked.connect(self.add_identity)
        self.edit_button.clicked.connect(self.edit_identity)
        self.remove_button.clicked.connect(self.remove_identity)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_identity())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())

    def set_identities(self, own: Identity, identities: list[Identity]) -> None:
        self._own = own
        self.own_address = own.address
        self._identities = list(identities)
        self._fill()

    def identities(self) -> list[Identity]:
        return list(self._identities)

    def _fill(self, current: int = 0) -> None:
        self.list.clear()
        own = QListWidgetItem(self._own.label + "  " + self.tr("(this account's own)"))
        own.setFlags(own.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        own.setForeground(self.palette().placeholderText())
        self.list.addItem(own)
        for identity in self._identities:
            self.list.addItem(identity.label)
        if self._identities:
            self.list.setCurrentRow(min(current, len(self._identities) - 1) + 1)
        self._update_buttons()

    def _selected(self) -> int | None:
        row = self.list.currentRow() - 1
        return row if 0 <= row < len(self._identities) else None

    def _update_buttons(self) -> None:
        has = self._selected() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _taken(self, except_row: int | None = None) -> set[str]:
        return {self.own_address} | {
            identity.address for row, identity in enumerate(self._identities) if row != except_row
        }

    def add_identity(self) -> Identity | None:
        dialog = IdentityDialog(taken=self._taken(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_identity is None:
            return None
        self._identities.append(dialog.result_identity)
        self._fill(len(self._identities) - 1)
        return dialog.result_identity

    def edit_identity(self) -> Identity | None:
        row = self._selected()
        if row is None:
            return None
        dialog = IdentityDialog(self._identities[row], taken=self._taken(row), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_identity is None:
            return None
        self._identities[row] = dialog.result_identity
        self._fill(row)
        return dialog.result_identity

    def remove_identity(self) -> None:
        row = self._selected()
        if row is not None:
            del self._identities[row]
            self._fill(row)
