"""The desktop app against the real servers: the wizard, Get Mail, reading, Reply and Send,
and moving the store — what a user does in the first ten minutes, driven by pytest-qt."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox
from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.paths import app_paths
from hongyan.core.secrets import Secret
from hongyan.gui.account_wizard import AccountWizard
from hongyan.gui.app import Hongyan
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow
from hongyan.gui.message_model import COLUMN_KEYS
from hongyan.gui.options_dialog import OptionsDialog
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.mail import message
from support.smtpd import SmtpServer

pytestmark = pytest.mark.integration


def _accept_certificates(qtbot: QtBot, wizard: AccountWizard) -> list[str]:
    """Trust every certificate the wizard asks about; return the fingerprints shown."""
    accepted: list[str] = []

    def poll() -> None:
        dialog = wizard.certificate_dialog
        if dialog is not None and dialog.isVisible():
            accepted.append(dialog.fingerprint)
            dialog.accept_button.click()

    timer = QTimer(wizard)
    timer.timeout.connect(poll)
    timer.start(50)
    return accepted


def test_the_wizard_creates_an_account_after_the_user_trusts_the_test_certificate(
    qtbot: QtBot, context: AppContext, dovecot: DovecotServer, smtp_server: SmtpServer
) -> None:
    user = dovecot.add_user()
    smtp_server.users[user.name] = user.password
    wizard = AccountWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()

    wizard.name_page.display_name.setText("Li Lei")
    wizard.next()
    wizard.address_page.address.setText(f"{user.name}@example.test")
    wizard.next()
    servers = wizard.servers_page
    for fields, port in ((servers.pop3, dovecot.pop3s_port), (servers.smtp, smtp_server.tls_port)):
        fields.host.clear()
        qtbot.keyClicks(fields.host, dovecot.host)  # typed: a late probe result must not win
        fields.security.setCurrentIndex(fields.security.findData("ssl"))
        fields.port.setValue(port)
    wizard.next()
    logon = wizard.logon_page
    logon.username.setText(user.name)
    logon.password.setText(user.password)
    accepted = _accept_certificates(qtbot, wizard)
    wizard.next()
    test_page = wizard.test_page
    qtbot.waitUntil(lambda: test_page.passed, timeout=30_000)
    results = test_page.results.toPlainText()
    assert "POP3: logged in" in results and "SMTP" in results
    assert len(accepted) == 2, "the POP3 and the SMTP certificate were each shown once"

    wizard.next()
    wizard.done_page.get_mail.setChecked(False)
    wizard.accept()
    account = context.accounts.get(f"{user.name}@example.test")
    assert account.pop3.pinned_certs == [accepted[0]]
    assert account.smtp.pinned_certs == [accepted[1]]
    assert account.display_name == "Li Lei"
    assert context.passwords.get(account.name, "pop3") == Secret(user.password)
    reloaded = type(context.accounts).load(context.paths)
    assert reloaded.get(account.name).pop3.port == dovecot.pop3s_port


def _account(user: PopUser, dovecot: DovecotServer, smtp: SmtpServer, pki: CertificateAuthorities):  # type: ignore[no-untyped-def]
    trust = pki.ca_pem.read_text()
    return Account(
        name="li",
        display_name="Li Lei",
        address="li@example.test",
        pop3=ServerSettings(
            dovecot.host, dovecot.pop3s_port, "ssl", user.name, trust_cert_pem=trust
        ),
        smtp=ServerSettings(smtp.host, smtp.tls_port, "ssl", user.name, trust_cert_pem=trust),
    )


def test_get_mail_read_reply_and_send_through_outbox_to_sent(
    qtbot: QtBot,
    context: AppContext,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
) -> None:
    user = dovecot.add_user()
    smtp_server.users[user.name] = user.password
    context.accounts.add(_account(user, dovecot, smtp_server, pki))
    context.passwords.set("li", "pop3", Secret(user.password), remember=True)
    for n, subject in enumerate(("周报", "Lunch?", "合同草稿")):
        user.deliver(
            message(
                subject=subject,
                body=f"正文 {n}: {subject}",
                sender=f"王芳 <wang{n}@example.test>",
                to="li@example.test",
                message_id=f"<e2e{n}@example.test>",
            )
        )
    app = Hongyan(context, tray=False)
    window = app.window
    qtbot.addWidget(window)
    window.show()

    with (
        qtbot.waitSignal(window.fetcher.mail_did_arrive, timeout=30_000) as arrived,
        qtbot.waitSignal(window.fetcher.fetch_did_finish, timeout=30_000),
    ):
        window.action_get_mail.trigger()
    assert window.fetcher.errors == []
    count, samples = arrived.args  # what the tray notification says
    assert count == 3 and sorted(samples) == sorted(
        ("王芳", subject) for subject in ("周报", "Lunch?", "合同草稿")
    )
    model = window.message_model
    qtbot.waitUntil(lambda: model.rowCount() == 3)  # counted in a worker, then shown
    subjects = {model.data(model.index(r, COLUMN_KEYS.index("subject"))) for r in range(3)}
    assert model.rowCount() == 3 and subjects == {"周报", "Lunch?", "合同草稿"}
    inbox = window.folder_model.find("Inbox")
    assert inbox is not None and inbox.text() == "Inbox (3)"

    row = next(
        r for r in range(3) if model.data(model.index(r, COLUMN_KEYS.index("subject"))) == "周报"
    )
    window.select_row(row)
    qtbot.waitUntil(lambda: "正文 0: 周报" in window.reading_text())

    window.action_reply.trigger()
    compose = app.compose_windows[-1]
    assert isinstance(compose, ComposeWindow)
    qtbot.addWidget(compose)
    assert "wang0@example.test" in compose.to.text()
    assert compose.subject.text() == "Re: 周报"
    assert "> 正文 0: 周报" in compose.body.toPlainText()

    compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
    compose.body.insertPlainText("收到，谢谢。")
    with qtbot.waitSignal(window.fetcher.send_did_finish, timeout=30_000) as sent:
        assert compose.send()
        assert context.store.count("Outbox") == 1, "Send puts it in the Outbox first"
    assert sent.args == [1, []]
    assert context.store.count("Outbox") == 0
    assert context.store.count("Sent") == 1
    (delivered,) = smtp_server.messages
    assert delivered.rcpt_tos == ("wang0@example.test",)
    sent_message = email.message_from_bytes(delivered.data, policy=email.policy.default)
    assert isinstance(sent_message, EmailMessage)
    assert sent_message["Subject"] == "Re: 周报"
    body = sent_message.get_body(preferencelist=("plain",))
    assert body is not None and str(body.get_content()).startswith("收到，谢谢。")
    replied = context.store.list("Inbox")
    assert any("R" in m.flags for m in replied), "the original is marked as answered"


def test_moving_the_store_keeps_every_message_after_the_window_is_recreated(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    fill_inbox(context, 12)
    old_root = context.store.root
    window = MainWindow(context)
    qtbot.addWidget(window)
    options = OptionsDialog(context, window)
    qtbot.addWidget(options)
    target = tmp_path / "other disk" / "Hongyan Mail"
    target.parent.mkdir()
    options.move_store_to(target)
    qtbot.waitUntil(lambda: options.mover is None, timeout=30_000)
    assert options.store_status.text().startswith("Your mail is now in")
    assert context.settings.store_path == target
    assert window.message_model.rowCount() == 12
    assert not (old_root / "cur").exists()
    window.close()
    context.close()

    reopened = AppContext.open(app_paths(), translators=context.translators)
    try:
        again = MainWindow(reopened)
        qtbot.addWidget(again)
        assert reopened.store.root == target
        assert again.message_model.rowCount() == 12
    finally:
        reopened.close()
