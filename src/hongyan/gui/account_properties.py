"""Account properties, with the tabs Outlook Express users know: General, Servers, Advanced,
and Identities (other From addresses of the account).

The Servers tab shows which certificate each server is trusted with (Forget drops one the
user accepted) and tests the settings as edited, as ``hongyan account test`` does.

The dialog edits a copy; OK builds a new :class:`Account` (so validation names any bad
field), stores the passwords in the keyring and saves the account book.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.accounts import DEFAULT_MAX_MESSAGE_MB, MAX_MESSAGE_MB_LIMIT, Account
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Kind, Secret
from hongyan.core.tls import CertificateInfo, accept_certificate
from hongyan.gui.account_forms import ServerFields
from hongyan.gui.account_test import AccountTestDialog
from hongyan.gui.auto_reply import AutoReplyBox
from hongyan.gui.certificate_status import CertificateStatus
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text, plural_suffix
from hongyan.gui.identities import IdentitiesTab
from hongyan.gui.password_prompt import obtain_password


class AccountPropertiesDialog(QDialog):
    """Edit one existing account."""

    def __init__(self, context: AppContext, account: Account, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.account = account
        self.test_dialog: AccountTestDialog | None = None
        self.setWindowTitle(self.tr("Properties of {name}").format(name=account.name))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        self.tabs.addTab(self._servers_tab(), self.tr("Servers"))
        self.tabs.addTab(self._advanced_tab(), self.tr("Advanced"))
        self.identities = IdentitiesTab()
        self.tabs.addTab(self.identities, self.tr("Identities"))
        self.auto_reply = AutoReplyBox(context)
        self.tabs.addTab(self.auto_reply, self.tr("Automatic Reply"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()  # under every tab, apart from OK: it tests what is edited
        bottom.addWidget(self.test_button)
        bottom.addStretch()
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.resize(520, 560)
        self._load(account)

    # -- tabs ------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget()
        self.name = QLineEdit()
        self.name.setReadOnly(True)
        self.display_name = QLineEdit()
        self.address = QLineEdit()
        self.reply_to = QLineEdit()
        self.organisation = QLineEdit()
        self.signature = QPlainTextEdit()
        self.signature.setPlaceholderText(self.tr("Added below the text of messages you write"))
        account_box = QGroupBox(self.tr("Mail account"))
        account_form = QFormLayout(account_box)
        account_form.addRow(self.tr("Account name:"), self.name)
        user_box = QGroupBox(self.tr("User information"))
        form = QFormLayout(user_box)
        form.addRow(self.tr("Name:"), self.display_name)
        form.addRow(self.tr("Organisation:"), self.organisation)
        form.addRow(self.tr("Email address:"), self.address)
        form.addRow(self.tr("Reply address:"), self.reply_to)
        form.addRow(self.tr("Signature:"), self.signature)
        layout = QVBoxLayout(page)
        layout.addWidget(account_box)
        layout.addWidget(user_box)
        return page

    def _servers_tab(self) -> QWidget:
        page = QWidget()
        self.pop3 = ServerFields("pop3")
        self.pop3_password = QLineEdit()
        self.pop3_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pop3_password.setPlaceholderText(self.tr("unchanged"))
        self.remember = QCheckBox(self.tr("Remember password"))
        incoming = QGroupBox(self.tr("Incoming mail (POP3)"))
        QVBoxLayout(incoming).addWidget(self.pop3)
        self.pop3.form.addRow(self.tr("Password:"), self.pop3_password)
        self.pop3.form.addRow("", self.remember)
        self.pop3_certificate = CertificateStatus(self.pop3, self.context.tasks)
        self.pop3.form.addRow(self.pop3_certificate)

        self.smtp = ServerFields("smtp", with_username=False)
        self.smtp_auth = QCheckBox(self.tr("My server requires authentication"))
        self.smtp_same = QCheckBox(self.tr("Use the same settings as my incoming mail server"))
        self.smtp_username = QLineEdit()
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.smtp_password.setPlaceholderText(self.tr("unchanged"))
        outgoing = QGroupBox(self.tr("Outgoing mail (SMTP)"))
        QVBoxLayout(outgoing).addWidget(self.smtp)
        form = self.smtp.form
        form.addRow(self.smtp_auth)
        form.addRow("", self.smtp_same)
        form.addRow(self.tr("User name:"), self.smtp_username)
        form.addRow(self.tr("Password:"), self.smtp_password)
        self.smtp_certificate = CertificateStatus(self.smtp, self.context.tasks)
        form.addRow(self.smtp_certificate)
        self.smtp_auth.toggled.connect(self._update_auth)
        self.smtp_same.toggled.connect(self._update_auth)
        self.test_button = QPushButton(self.tr("&Test Settings…"))
        self.test_button.setToolTip(
            self.tr("Log in to both servers with these settings; nothing is fetched or sent.")
        )
        self.test_button.clicked.connect(self.test_settings)

        layout = QVBoxLayout(page)
        layout.addWidget(incoming)
        layout.addWidget(outgoing)
        layout.addStretch()
        return page

    # -- testing ---------------------------------------------------------------------------
    def test_settings(self) -> AccountTestDialog:
        """Test Settings…: the test dialog, running (kept in :attr:`test_dialog`)."""
        self.test_dialog = AccountTestDialog(
            self.context.tasks, self._edited_for_test, self._trust, self
        )
        self.test_dialog.show()
        self.test_dialog.start()
        return self.test_dialog

    def _edited_for_test(self) -> tuple[Account, Secret, Secret | None] | None:
        """The account as edited and its passwords: typed here, else as the core gives them
        (stored, or asked for)."""
        account = self.edited_account()
        passwords = self.context.passwords
        pop3 = Secret(self.pop3_password.text()) if self.pop3_password.text() else None
        pop3 = pop3 or obtain_password(passwords, account, "pop3", self)
        if pop3 is None:
            return None
        if not account.smtp_auth:
            return account, pop3, None
        if account.smtp_same_credentials:
            return account, pop3, pop3
        smtp = Secret(self.smtp_password.text()) if self.smtp_password.text() else None
        smtp = smtp or obtain_password(passwords, account, "smtp", self)
        return (account, pop3, smtp) if smtp is not None else None

    def _trust(self, kinds: list[Kind], info: CertificateInfo) -> None:
        """Pin a certificate the user accepted in the test; saved with OK."""
        for kind in kinds:
            fields = self.pop3 if kind == "pop3" else self.smtp
            fields.trust(accept_certificate(fields.server(), info))

    def _update_auth(self) -> None:
        self.smtp_same.setEnabled(self.smtp_auth.isChecked())
        own = self.smtp_auth.isChecked() and not self.smtp_same.isChecked()
        self.smtp_username.setEnabled(own)
        self.smtp_password.setEnabled(own)

    def _advanced_tab(self) -> QWidget:
        page = QWidget()
        self.leave_on_server = QCheckBox(self.tr("Leave a copy of messages on the server"))
        self.delete_after = QCheckBox(self.tr("Remove from the server after"))
        self.delete_after_days = QSpinBox()
        self.delete_after_days.setRange(1, 3650)
        # Chinese says it the other way round: "[x] 在服务器上保留 [14 天后删除]".
        plural_suffix(
            self.delete_after_days, lambda n: self.tr(" day(s)", "removed from the server after", n)
        )
        self.delete_when_trashed = QCheckBox(
            self.tr("Remove from the server when deleted from Trash")
        )
        self.size_limit = QCheckBox(self.tr("Download only the headers of messages over"))
        self.size_limit_kb = QSpinBox()
        self.size_limit_kb.setRange(1, 1_000_000)
        self.size_limit_kb.setSuffix(self.tr(" KB"))
        self.max_message = QSpinBox()
        self.max_message.setRange(1, MAX_MESSAGE_MB_LIMIT)
        self.max_message.setSuffix(self.tr(" MB"))
        self.check_every = QSpinBox()
        self.check_every.setRange(0, 24 * 60)
        plural_suffix(self.check_every, lambda n: self.tr(" minute(s)", "", n))
        self.check_every.setSpecialValueText(self.tr("never"))
        self.include_in_get_all = QCheckBox(
            self.tr("Include this account when getting mail from all accounts")
        )
        delivery = QGroupBox(self.tr("Delivery"))
        d = QVBoxLayout(delivery)
        d.addWidget(self.leave_on_server)
        row = QHBoxLayout()
        row.addSpacing(20)
        row.addWidget(self.delete_after)
        row.addWidget(self.delete_after_days)
        row.addStretch()
        d.addLayout(row)
        row2 = QHBoxLayout()
        row2.addSpacing(20)
        row2.addWidget(self.delete_when_trashed)
        d.addLayout(row2)
        size_row = QHBoxLayout()
        size_row.addWidget(self.size_limit)
        size_row.addWidget(self.size_limit_kb)
        size_row.addStretch()
        d.addLayout(size_row)
        limit_row = QHBoxLayout()  # plan G58: what a fetch leaves on the server, and names
        limit_row.addWidget(QLabel(self.tr("Size limit:")))
        limit_row.addWidget(self.max_message)
        limit_row.addWidget(QLabel(self.tr("larger messages stay on the server")))
        limit_row.addStretch()
        d.addLayout(limit_row)
        checking = QGroupBox(self.tr("Checking for mail"))
        c = QFormLayout(checking)
        every = QHBoxLayout()
        every.addWidget(self.check_every)
        every.addStretch()
        c.addRow(self.tr("Check every:"), every)
        c.addRow(self.include_in_get_all)
        layout = QVBoxLayout(page)
        layout.addWidget(delivery)
        layout.addWidget(checking)
        layout.addStretch()
        self.leave_on_server.toggled.connect(self._update_leave)
        self.delete_after.toggled.connect(self._update_leave)
        self.size_limit.toggled.connect(self.size_limit_kb.setEnabled)
        return page

    def _update_leave(self) -> None:
        leave = self.leave_on_server.isChecked()
        self.delete_after.setEnabled(leave)
        self.delete_after_days.setEnabled(leave and self.delete_after.isChecked())
        self.delete_when_trashed.setEnabled(leave)

    # -- data ------------------------------------------------------------------------------
    def _load(self, a: Account) -> None:
        self.name.setText(a.name)
        self.display_name.setText(a.display_name)
        self.address.setText(a.address)
        self.reply_to.setText(a.reply_to)
        self.organisation.setText(a.organisation)
        self.signature.setPlainText(a.signature)
        self.pop3.set_server(a.pop3)
        self.smtp.set_server(a.smtp)
        self.remember.setChecked(a.remember_password)
        self.smtp_auth.setChecked(a.smtp_auth)
        self.smtp_same.setChecked(a.smtp_same_credentials)
        self.smtp_username.setText(a.smtp.username)
        self.leave_on_server.setChecked(a.leave_on_server)
        self.delete_after.setChecked(a.delete_after_days is not None)
        self.delete_after_days.setValue(a.delete_after_days or 14)
        self.delete_when_trashed.setChecked(a.delete_when_trashed)
        self.size_limit.setChecked(a.headers_only_over_kb is not None)
        self.size_limit_kb.setValue(a.headers_only_over_kb or 1024)
        self.size_limit_kb.setEnabled(a.headers_only_over_kb is not None)
        self.max_message.setValue(a.max_message_mb or DEFAULT_MAX_MESSAGE_MB)
        self.check_every.setValue(a.check_every_minutes)
        self.include_in_get_all.setChecked(a.include_in_get_all)
        self.identities.set_identities(a.primary_identity, a.identities)
        self.auto_reply.set_template(a.auto_reply_template)
        self._update_auth()
        self._update_leave()

    def edited_account(self) -> Account:
        """The account as edited; raises AccountError naming the first bad field."""
        return dataclasses.replace(
            self.account,
            display_name=self.display_name.text().strip(),
            address=self.address.text().strip(),
            reply_to=self.reply_to.text().strip(),
            organisation=self.organisation.text().strip(),
            signature=self.signature.toPlainText(),
            pop3=self.pop3.server(),
            smtp=self.smtp.server(self.smtp_username.text().strip()),
            smtp_auth=self.smtp_auth.isChecked(),
            smtp_same_credentials=self.smtp_same.isChecked(),
            remember_password=self.remember.isChecked(),
            leave_on_server=self.leave_on_server.isChecked(),
            delete_after_days=(
                self.delete_after_days.value() if self.delete_after.isChecked() else None
            ),
            delete_when_trashed=self.delete_when_trashed.isChecked(),
            headers_only_over_kb=(
                self.size_limit_kb.value() if self.size_limit.isChecked() else None
            ),
            max_message_mb=(
                None
                if self.max_message.value() == DEFAULT_MAX_MESSAGE_MB
                else self.max_message.value()
            ),
            check_every_minutes=self.check_every.value(),
            include_in_get_all=self.include_in_get_all.isChecked(),
            identities=self.identities.identities(),
            auto_reply_template=self.auto_reply.template(),
        )

    def accept(self) -> None:
        try:
            account = self.edited_account()
            self.context.accounts.update(account)
            self.context.accounts.save()
        except HongyanError as exc:
            QMessageBox.warning(self, self.tr("Account not saved"), core_text(exc))
            return
        passwords = self.context.passwords
        remember = account.remember_password
        if self.pop3_password.text():
            passwords.set(
                account.name, "pop3", Secret(self.pop3_password.text()), remember=remember
            )
        if self.smtp_password.text() and self.smtp_password.isEnabled():
            passwords.set(
                account.name, "smtp", Secret(self.smtp_password.text()), remember=remember
            )
        self.context.signals.accounts_did_change.emit()
        super().accept()


class AccountsDialog(QDialog):
    """Tools → Accounts: the list of accounts with Add, Remove, Properties, Set as Default."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QListWidget, QPushButton

        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Accounts"))
        self.list = QListWidget()
        self.add_button = QPushButton(self.tr("&Add…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.properties_button = QPushButton(self.tr("&Properties"))
        self.default_button = QPushButton(self.tr("Set as &Default"))
        close = QPushButton(self.tr("Close"))
        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.remove_button,
            self.properties_button,
            self.default_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.properties_button.clicked.connect(self._properties)
        self.default_button.clicked.connect(self._set_default)
        self.list.itemDoubleClicked.connect(lambda _: self._properties())
        self.list.currentRowChanged.connect(lambda _: self._update_buttons())
        close.clicked.connect(self.accept)
        self.resize(520, 320)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        default = self.context.accounts.default()
        for account in self.context.accounts:
            text = f"{account.name}  <{account.address}>"
            if default is not None and account.name == default.name:
                text += "  " + self.tr("(default)")
            self.list.addItem(text)
            self.list.item(self.list.count() - 1).setData(256, account.name)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None else None

    def _update_buttons(self) -> None:
        has = self._selected() is not None
        for button in (self.remove_button, self.properties_button, self.default_button):
            button.setEnabled(has)

    def _add(self) -> None:
        from hongyan.gui.account_wizard import AccountWizard

        AccountWizard(self.context, self).exec()
        self._fill()

    def _properties(self) -> None:
        name = self._selected()
        if name is not None:
            AccountPropertiesDialog(self.context, self.context.accounts.get(name), self).exec()
            self._fill()

    def _set_default(self) -> None:
        name = self._selected()
        if name is not None:
            self.context.accounts.set_default(name)
            self.context.accounts.save()
            self.context.signals.accounts_did_change.emit()
            self._fill()

    def _remove(self) -> None:
        name = self._selected()
        if name is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove account"))
        box.setText(self.tr("Remove the account {name}?").format(name=name))
        box.setInformativeText(
            self.tr("Its messages can stay in your folders, or be moved to Trash with it.")
        )
        keep = box.addButton(self.tr("Remove, keep its mail"), QMessageBox.ButtonRole.AcceptRole)
        trash = box.addButton(
            self.tr("Remove, move its mail to Trash"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked not in (keep, trash):
            return
        remove_account(self.context, name, keep_mail=clicked is keep, parent=self)
        self._fill()


def remove_account(context: AppContext, name: str, *, keep_mail: bool, parent: QWidget) -> None:
    """Remove ``name`` (and its passwords); without ``keep_mail`` its messages go to Trash."""
    try:
        context.accounts.remove(name, passwords=context.passwords)
        context.accounts.save()
        if not keep_mail:
            rows = context.store.connection.execute(
                "SELECT id FROM messages WHERE account = ? AND folder != 'Trash'", (name,)
            ).fetchall()
            if rows:
                context.store.delete([row[0] for row in rows])
    except HongyanError as exc:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("AccountsDialog", "Account not removed"),
            core_text(exc),
        )
        return
    context.signals.accounts_did_change.emit()
    context.signals.store_did_change.emit()
