"""The account wizard, in the order users know from Outlook Express.

Your name → your email address → the servers (filled in from the provider presets, or by
probing the domain; all editable) → user name and password → a connection test whose results
are sentences → done. A certificate that does not verify is shown (fingerprint, issuer,
validity) and can be accepted for exactly the servers that showed it (one question when POP3
and SMTP share it); the test then runs again. Receiving is what must work: an outgoing server
that does not answer today is a warning, and the account can be saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hongyan.core.accounts import Account, check_address
from hongyan.core.errors import HongyanError
from hongyan.core.resources import resource_path
from hongyan.core.secrets import Kind, Secret
from hongyan.core.tls import CertificateInfo, CertificateNotTrusted, accept_certificate
from hongyan.gui.account_forms import ServerFields
from hongyan.gui.certificate_dialog import CertificateDialog, ask_about
from hongyan.gui.connection_check import (
    CheckOutcome,
    ServerGuess,
    check_account,
    preset_servers,
    probe_servers,
)
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from hongyan.gui.tasks import Task


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class NamePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your name"))
        self.setSubTitle(
            self.tr("When you send mail, your name appears in the From field of the message.")
        )
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("for example: Li Lei"))
        form = QFormLayout(self)
        form.addRow(self.tr("Display name:"), self.display_name)
        self.registerField("display_name*", self.display_name)


class AddressPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Email address"))
        self.setSubTitle(self.tr("Your email address is the address others use to send you mail."))
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("for example: lilei@163.com"))
        self.problem = _hint("")
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(self.tr("Email address:"), self.address)
        form.addRow("", self.problem)
        self.registerField("address*", self.address)

    def validatePage(self) -> bool:  # noqa: N802
        try:
            check_address(self.address.text().strip())
        except HongyanError as exc:
            self.problem.setText(core_text(exc))
            return False
        self.problem.clear()
        return True


class ServersPage(QWizardPage):
    """POP3 and SMTP servers: from the presets at once, else probed in a worker."""

    def __init__(self, wizard: AccountWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Email servers"))
        self.setSubTitle(
            self.tr("Check the servers, and change them if your provider tells you otherwise.")
        )
        self.pop3 = ServerFields("pop3", with_username=False)
        self.smtp = ServerFields("smtp", with_username=False)
        incoming = QGroupBox(self.tr("Incoming mail server (POP3)"))
        QVBoxLayout(incoming).addWidget(self.pop3)
        outgoing = QGroupBox(self.tr("Outgoing mail server (SMTP)"))
        QVBoxLayout(outgoing).addWidget(self.smtp)
        self.status = _hint("")
        self.hint = _hint("")
        self.hint.setStyleSheet("background: #fff8dc; border: 1px solid #e0c97f; padding: 6px")
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(incoming)
        layout.addWidget(outgoing)
        layout.addWidget(self.status)
        layout.addWidget(self.hint)
        layout.addStretch()
        self._filled_for = ""
        self._edited = False
        self.probe: Task[ServerGuess | None] | None = None
        for fields in (self.pop3, self.smtp):
            fields.fields_did_change.connect(self.completeChanged)
            fields.host.textEdited.connect(self._user_edit)
            fields.port.editingFinished.connect(self._user_edit)

    def _user_edit(self) -> None:
        self._edited = True

    def initializePage(self) -> None:  # noqa: N802
        address = str(self.field("address")).strip()
        if address == self._filled_for:
            return
        self._filled_for = address
        self._edited = False
        guess = preset_servers(address, self._wizard.language)
        self._show(guess)
        if guess.no_pop3:
            self.status.setText(self.tr("This provider does not offer POP3."))
        elif guess.known:
            self.status.setText(self.tr("Settings of your provider, from Hongyan's presets."))
        else:
            self.status.setText(self.tr("Looking for the servers of your domain…"))
            self.probe = self._wizard.context.tasks.run(
                op=lambda control: probe_servers(address, control),
                success=lambda found: self._probed(address, found),
                failure=lambda message: self.status.setText(message),
            )

    def _show(self, guess: ServerGuess) -> None:
        self.pop3.set_server(guess.pop3)
        self.smtp.set_server(guess.smtp)
        self.hint.setText(guess.hint)
        self.hint.setVisible(bool(guess.hint))

    def _probed(self, address: str, found: ServerGuess | None) -> None:
        if address != self._filled_for:
            return
        if found is None:
            self.status.setText(
                self.tr(
                    "No server answered under the usual names; type them as your provider "
                    "gives them."
                )
            )
        elif self._edited:
            self.status.setText(self.tr("Servers found, but you have typed your own: kept."))
        else:
            self._show(found)
            self.status.setText(self.tr("These servers answered."))

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.pop3.host.text().strip() and self.smtp.host.text().strip())


class LogonPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Logon"))
        self.setSubTitle(self.tr("Type the user name and password your provider gave you."))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember password"))
        self.remember.setChecked(True)
        self.hint = _hint("")
        self.hint.setStyleSheet("background: #fff8dc; border: 1px solid #e0c97f; padding: 6px")
        self.hint.hide()
        form = QFormLayout(self)
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.remember)
        form.addRow(self.hint)
        self.registerField("username*", self.username)
        self.registerField("password", self.password)

    def initializePage(self) -> None:  # noqa: N802
        if not self.username.text():
            self.username.setText(str(self.field("address")).strip())
        wizard = self.wizard()
        hint = wizard.servers_page.hint.text() if isinstance(wizard, AccountWizard) else ""
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


class TestPage(QWizardPage):
    """Runs the connection test in a worker; Next is enabled once mail can be received (a
    failing outgoing server is a warning: the account may be receive-only, or its SMTP server
    down today)."""

    def __init__(self, wizard: AccountWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Test account settings"))
        self.setSubTitle(self.tr("Hongyan logs in to both servers to check the settings."))
        self.outcome: CheckOutcome | None = None
        self.results = QPlainTextEdit()
        self.results.setReadOnly(True)
        self.retry = QPushButton(self.tr("Test again"))
        self.retry.clicked.connect(self.start_test)
        layout = QVBoxLayout(self)
        layout.addWidget(self.results)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignRight)
        self.passed = False
        self.task: Task[CheckOutcome] | None = None

    def initializePage(self) -> None:  # noqa: N802
        self.start_test()

    def cleanupPage(self) -> None:  # noqa: N802
        if self.task is not None:
            self.task.cancel()

    def isComplete(self) -> bool:  # noqa: N802
        return self.passed

    def start_test(self) -> None:
        if self.task is not None and self.task.running:
            return
        self.passed = False
        self.completeChanged.emit()
        try:
            account = self._wizard.account()
        except HongyanError as exc:
            self.results.setPlainText(core_text(exc))
            return
        password = Secret(str(self.field("password")))
        self.results.setPlainText(self.tr("Testing…"))
        self.retry.setEnabled(False)
        self.task = self._wizard.context.tasks.run(
            op=lambda control: check_account(account, password, password, control),
            progress=self._progress,
            success=self._done,
            failure=self._failed,
            cancelled=lambda: self.retry.setEnabled(True),
        )

    def _progress(self, line: str) -> None:
        self.results.appendPlainText(line)

    def _done(self, outcome: CheckOutcome) -> None:
        self.outcome = outcome
        self.retry.setEnabled(True)
        self.results.setPlainText("\n".join(outcome.lines))
        if outcome.certificates:
            if ask_about(outcome.certificates, self, self._wizard.trust, showing=self._showing):
                self.start_test()
            return
        self.passed = outcome.ok
        self.completeChanged.emit()

    def _showing(self, dialog: CertificateDialog | None) -> None:
        self._wizard.certificate_dialog = dialog

    def _failed(self, message: str) -> None:
        self.retry.setEnabled(True)
        self.results.setPlainText(message)


class DonePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Congratulations"))
        self.summary = _hint("")
        self.get_mail = QCheckBox(self.tr("Get mail from this account now"))
        self.get_mail.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _hint(self.tr("You have entered everything needed to set up your account."))
        )
        layout.addWidget(self.summary)
        layout.addStretch()
        layout.addWidget(self.get_mail)

    def initializePage(self) -> None:  # noqa: N802
        wizard = self.wizard()
        assert isinstance(wizard, AccountWizard)
        account = wizard.account()
        outcome = wizard.test_page.outcome
        smtp = account.smtp.endpoint
        if outcome is not None and not outcome.smtp_ok:
            smtp = self.tr("{server} (not working yet)").format(server=smtp)
        self.summary.setText(
            self.tr("Incoming: {pop3}\nOutgoing: {smtp}\nClick Finish to save the account.").format(
                pop3=account.pop3.endpoint, smtp=smtp
            )
        )


class AccountWizard(QWizard):
    """Creates one account; :attr:`created` holds it after Finish."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.created: Account | None = None
        self.certificate_dialog: CertificateDialog | None = None
        self.language = context.translators.language if context.translators else "en"
        self.setWindowTitle(self.tr("New Account"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        logo = QIcon(str(resource_path("icons", "hongyan.svg"))).pixmap(48, 48)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, logo)
        self.name_page = NamePage()
        self.address_page = AddressPage()
        self.servers_page = ServersPage(self)
        self.logon_page = LogonPage()
        self.test_page = TestPage(self)
        self.done_page = DonePage()
        for page in (
            self.name_page,
            self.address_page,
            self.servers_page,
            self.logon_page,
            self.test_page,
            self.done_page,
        ):
            self.addPage(page)
        self.resize(620, 520)

    def account_name(self) -> str:
        """Accounts are named by their address; a second one with it gets a number."""
        base = str(self.field("address")).strip()
        name, number = base, 2
        while name in self.context.accounts:
            name, number = f"{base} ({number})", number + 1
        return name

    def account(self) -> Account:
        username = str(self.field("username")).strip()
        return Account(
            name=self.account_name(),
            display_name=str(self.field("display_name")).strip(),
            address=str(self.field("address")).strip(),
            pop3=self.servers_page.pop3.server(username),
            smtp=self.servers_page.smtp.server(username),
            remember_password=self.logon_page.remember.isChecked(),
        )

    def trust(self, kinds: list[Kind], info: CertificateInfo) -> None:
        """Pin the certificate the user accepted for the servers (``pop3``, ``smtp``) that
        showed it."""
        for kind in kinds:
            fields = self.servers_page.pop3 if kind == "pop3" else self.servers_page.smtp
            fields.trust(accept_certificate(fields.server(), info))

    def accept(self) -> None:
        try:
            account = self.account()
            self.context.accounts.add(account)
            self.context.accounts.save()
        except HongyanError as exc:
            self.done_page.summary.setText(core_text(exc))
            return
        password = Secret(str(self.field("password")))
        if password:
            self.context.passwords.set(
                account.name, "pop3", password, remember=account.remember_password
            )
        self.created = account
        self.context.signals.accounts_did_change.emit()
        super().accept()

    def wants_mail_now(self) -> bool:
        return self.done_page.get_mail.isChecked()


__all__ = ["AccountWizard", "CertificateNotTrusted"]
