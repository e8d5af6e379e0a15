"""Setting up and checking an account against real servers: a receive-only account can be
saved, a certificate is asked about once and before any password, the properties show and
forget it and test the settings as ``hongyan account test`` does."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.secrets import Secret
from hongyan.core.tls import fetch_server_certificate
from hongyan.gui.account_properties import AccountPropertiesDialog
from hongyan.gui.account_wizard import AccountWizard
from hongyan.gui.app import Hongyan
from hongyan.gui.certificate_dialog import CertificateDialog
from hongyan.gui.context import AppContext
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser, free_port
from support.mail import message
from support.tls_server import TlsTestServer

pytestmark = pytest.mark.integration


class CertificateAnswers:
    """Answers every certificate question (modal dialogs) as told; records what was asked."""

    def __init__(self, *, trust: bool = True, events: list[str] | None = None) -> None:
        self.asked: list[str] = []  # the fingerprints shown
        self.trust = trust
        self.events = events if events is not None else []
        self._timer = QTimer()
        self._timer.timeout.connect(self._answer)
        self._timer.start(30)

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CertificateDialog) and dialog.isVisible():
            self.asked.append(dialog.fingerprint)
            self.events.append("certificate")
            (dialog.accept_button if self.trust else dialog.cancel_button).click()

    def stop(self) -> None:
        self._timer.stop()


@pytest.fixture
def answers(qtbot: QtBot) -> Iterator[CertificateAnswers]:
    answering = CertificateAnswers()
    yield answering
    answering.stop()


def _fill_wizard(
    qtbot: QtBot, wizard: AccountWizard, user: PopUser, pop3: tuple[str, int], smtp_port: int
) -> None:
    wizard.show()
    wizard.name_page.display_name.setText("Li Lei")
    wizard.next()
    wizard.address_page.address.setText(f"{user.name}@example.test")
    wizard.next()
    servers = wizard.servers_page
    for fields, port in ((servers.pop3, pop3[1]), (servers.smtp, smtp_port)):
        fields.host.clear()
        qtbot.keyClicks(fields.host, pop3[0])  # typed: a late probe result must not win
        fields.security.setCurrentIndex(fields.security.findData("ssl"))
        fields.port.setValue(port)
    wizard.next()
    wizard.logon_page.password.setText(user.password)
    wizard.logon_page.username.setText(user.name)
    wizard.next()


def test_a_receive_only_account_is_saved_when_its_smtp_server_does_not_answer(
    qtbot: QtBot, context: AppContext, dovecot: DovecotServer, answers: CertificateAnswers
) -> None:
    user = dovecot.add_user()
    wizard = AccountWizard(context)
    qtbot.addWidget(wizard)
    nobody_listens = free_port()
    _fill_wizard(qtbot, wizard, user, (dovecot.host, dovecot.pop3s_port), nobody_listens)
    test_page = wizard.test_page
    qtbot.waitUntil(lambda: test_page.passed, timeout=30_000)
    results = test_page.results.toPlainText()
    assert "POP3: logged in" in results
    assert f"{dovecot.host}:{nobody_listens}" in results, "the SMTP failure is shown"
    assert "Sending will not work" in results
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled(), "a warning, not a wall"
    wizard.next()
    assert "not working yet" in wizard.done_page.summary.text()
    wizard.done_page.get_mail.setChecked(False)
    wizard.accept()
    account = context.accounts.get(f"{user.name}@example.test")
    assert account.smtp.port == nobody_listens
    assert len(answers.asked) == 1


def test_one_certificate_on_pop3_and_smtp_is_asked_about_once(
    qtbot: QtBot,
    context: AppContext,
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    answers: CertificateAnswers,
) -> None:
    user = dovecot.add_user()
    same = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    same.load_cert_chain(pki.directory / "dovecot.crt", pki.directory / "dovecot.key")
    with TlsTestServer(same) as smtp_side:  # the host's SMTP shows Dovecot's certificate
        wizard = AccountWizard(context)
        qtbot.addWidget(wizard)
        _fill_wizard(qtbot, wizard, user, (dovecot.host, dovecot.pop3s_port), smtp_side.port)
        qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=30_000)
    assert len(answers.asked) == 1, "one question for one certificate"
    fingerprint = answers.asked[0]
    assert fingerprint == fetch_server_certificate(dovecot.host, dovecot.pop3s_port, "ssl").sha256
    pop3, smtp = wizard.servers_page.pop3.server(), wizard.servers_page.smtp.server()
    assert pop3.pinned_certs == smtp.pinned_certs == [fingerprint]


def test_the_certificate_dialog_defaults_to_the_safe_answer_and_wraps_the_fingerprint(
    qtbot: QtBot, dovecot: DovecotServer
) -> None:
    from hongyan.core import pop3, tls

    server = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", "nobody")
    with pytest.raises(tls.CertificateNotTrusted) as refused:
        pop3.open_session(server.host, server.port, "ssl", tls.client_context(server))
    endpoints = [server.endpoint, f"{dovecot.host}:465"]
    dialog = CertificateDialog(refused.value, endpoints=endpoints)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.cancel_button.isDefault()
    assert not dialog.accept_button.isDefault() and not dialog.accept_button.autoDefault()
    shown = dialog.fingerprint_label.text()
    assert shown.replace("\n", ":") == dialog.fingerprint and shown.count("\n") == 1
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.width() <= min(640, screen.width())
    assert dialog.fingerprint_label.geometry().right() < dialog.width(), "inside the dialog"
    assert f"{server.endpoint}, {dovecot.host}:465" in dialog.intro.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected


def _pinned_account(user: PopUser, dovecot: DovecotServer) -> Account:
    fingerprint = fetch_server_certificate(dovecot.host, dovecot.pop3s_port, "ssl").sha256
    server = ServerSettings(
        dovecot.host, dovecot.pop3s_port, "ssl", user.name, pinned_certs=[fingerprint]
    )
    return Account(
        name="li",
        address="li@example.test",
        pop3=server,
        smtp=ServerSettings(dovecot.host, free_port(), "ssl", user.name),
    )


def test_properties_show_the_accepted_certificate_and_forget_it(
    qtbot: QtBot, context: AppContext, dovecot: DovecotServer
) -> None:
    user = dovecot.add_user()
    account = _pinned_account(user, dovecot)
    context.accounts.add(account)
    dialog = AccountPropertiesDialog(context, account)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    status = dialog.pop3_certificate
    fingerprint = account.pop3.pinned_certs[0]
    assert status.details.text().replace("\n", ":") == fingerprint
    qtbot.waitUntil(lambda: status.expiry.text().startswith("Valid until"), timeout=15_000)
    assert "system" in dialog.smtp_certificate.summary.text()
    status.forget.click()
    assert "system" in status.summary.text()
    dialog.accept()
    assert context.accounts.get("li").pop3.pinned_certs == []


def test_test_settings_in_the_properties_checks_as_account_test_does(
    qtbot: QtBot, context: AppContext, dovecot: DovecotServer
) -> None:
    user = dovecot.add_user()
    account = _pinned_account(user, dovecot)
    context.accounts.add(account)
    context.passwords.set("li", "pop3", Secret(user.password), remember=True)
    dialog = AccountPropertiesDialog(context, account)
    qtbot.addWidget(dialog)
    test = dialog.test_settings()
    qtbot.waitUntil(lambda: test.outcome is not None, timeout=30_000)
    shown = test.results.toPlainText()
    assert f"POP3: logged in to {dovecot.host}:{dovecot.pop3s_port} as {user.name}" in shown
    assert f"{account.smtp.endpoint}" in shown
    test.reject()


def test_get_mail_asks_about_the_certificate_before_the_password(
    qtbot: QtBot,
    context: AppContext,
    dovecot: DovecotServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = dovecot.add_user()
    user.deliver(message(subject="after the certificate"))
    server = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", user.name)  # untrusted
    context.accounts.add(Account(name="li", address="li@example.test", pop3=server, smtp=server))
    order: list[str] = []

    def type_password(*args: object) -> tuple[str, bool]:
        order.append("password")
        return user.password, True

    monkeypatch.setattr(QInputDialog, "getText", type_password)
    answers = CertificateAnswers(events=order)
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    try:
        with qtbot.waitSignal(app.window.fetcher.fetch_did_finish, timeout=30_000):
            app.window.action_get_mail.trigger()
    finally:
        answers.stop()
    assert order == ["certificate", "password"]
    assert app.window.fetcher.errors == []
    assert context.accounts.get("li").pop3.pinned_certs == answers.asked
    assert context.store.count("Inbox") == 1


def test_declining_the_certificate_asks_no_password(
    qtbot: QtBot, context: AppContext, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = dovecot.add_user()
    server = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", user.name)
    context.accounts.add(Account(name="li", address="li@example.test", pop3=server, smtp=server))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: pytest.fail("password asked"))
    answers = CertificateAnswers(trust=False)
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    try:
        app.window.action_get_mail.trigger()
        qtbot.waitUntil(lambda: bool(answers.asked), timeout=15_000)
        qtbot.waitUntil(lambda: not app.window.fetcher.busy)
    finally:
        answers.stop()
    assert context.accounts.get("li").pop3.pinned_certs == []
