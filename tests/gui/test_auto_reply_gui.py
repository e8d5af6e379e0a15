"""Automatic replies in the desktop app: the switch in the account's properties and in Tools →
Automatic Replies…, the status bar saying it is on, and Get Mail answering a stranger but
never one of the user's own addresses (the fetch child is given them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.accounts import Account, AccountBook, ServerSettings
from hongyan.core.message.compose import Draft
from hongyan.core.secrets import Secret
from hongyan.core.templates import Templates
from hongyan.gui.account_properties import AccountPropertiesDialog
from hongyan.gui.app import Hongyan
from hongyan.gui.auto_reply import AutoRepliesDialog, AutoReplyIndicator
from hongyan.gui.context import AppContext
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.mail import message
from support.smtpd import SmtpServer

AWAY = Draft(
    subject="不在办公室", body="{{recipient_name}}，您好：我 12 月 20 日回来。\n{{my_name}}"
)
TYPO = Draft(subject="Away", body="Dear {{recipent_name}}, I am away.")


@pytest.fixture
def accounts(context: AppContext) -> AppContext:
    context.accounts.add(make_account("li@example.test"))
    context.accounts.add(make_account("sales@example.test", display_name="Sales"))
    context.accounts.save()
    templates = Templates(context.store)
    templates.save("Away", AWAY)
    templates.save("Typo", TYPO)
    return context


def _when_modal(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_the_switch_in_the_account_properties_is_saved(qtbot: QtBot, accounts: AppContext) -> None:
    account = accounts.accounts.get("li@example.test")
    dialog = AccountPropertiesDialog(accounts, account)
    qtbot.addWidget(dialog)
    choice = dialog.auto_reply.choice
    qtbot.waitUntil(lambda: choice.count() == 3)  # Off, Away, Typo
    assert choice.current_name() == ""
    choice.setCurrentIndex(choice.findData("Away"))
    dialog.accept()
    assert AccountBook.load(accounts.paths).get(account.name).auto_reply_template == "Away"


def test_a_template_with_an_unknown_placeholder_cannot_be_chosen(
    qtbot: QtBot, accounts: AppContext
) -> None:
    account = accounts.accounts.get("li@example.test")
    dialog = AccountPropertiesDialog(accounts, account)
    qtbot.addWidget(dialog)
    choice = dialog.auto_reply.choice
    qtbot.waitUntil(lambda: choice.count() == 3)
    choice.setCurrentIndex(choice.findData("Typo"))
    assert "{{recipent_name}}" in dialog.auto_reply.warning.text()
    assert not dialog.auto_reply.warning.isHidden()
    seen: list[str] = []

    def close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    _when_modal(QMessageBox, close)
    dialog.accept()
    assert seen and "{{recipent_name}}" in seen[0]
    assert AccountBook.load(accounts.paths).get(account.name).auto_reply_template == ""


def test_tools_automatic_replies_shows_and_sets_each_account(
    qtbot: QtBot, accounts: AppContext
) -> None:
    app = Hongyan(accounts, tray=False)
    qtbot.addWidget(app.window)
    app.window.show()
    indicator = app.window.findChild(AutoReplyIndicator)
    assert indicator is not None and indicator.isHidden(), "nothing said while all are off"
    dialog = AutoRepliesDialog(accounts, app.window)
    qtbot.addWidget(dialog)
    assert set(dialog.choices) == {"li@example.test", "sales@example.test"}
    sales = dialog.choices["sales@example.test"]
    qtbot.waitUntil(lambda: sales.count() == 3)
    sales.setCurrentIndex(sales.findData("Away"))
    dialog.accept()
    book = AccountBook.load(accounts.paths)
    assert book.get("sales@example.test").auto_reply_template == "Away"
    assert book.get("li@example.test").auto_reply_template == ""
    assert not indicator.isHidden()
    assert indicator.text() == "Automatic replies on"
    assert "sales@example.test: replies with “Away”" in indicator.toolTip()


@pytest.mark.integration
def test_get_mail_answers_a_stranger_but_never_ones_own_address(
    qtbot: QtBot,
    context: AppContext,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
) -> None:
    user = dovecot.add_user()
    smtp_server.users[user.name] = user.password
    trust = pki.ca_pem.read_text()
    away = Account(
        name="li",
        display_name="Li Lei",
        address="li@example.test",
        pop3=ServerSettings(
            dovecot.host, dovecot.pop3s_port, "ssl", user.name, trust_cert_pem=trust
        ),
        smtp=ServerSettings(
            smtp_server.host, smtp_server.tls_port, "ssl", user.name, trust_cert_pem=trust
        ),
        auto_reply_template="Away",
    )
    other = make_account("li.private@example.test", include_in_get_all=False)
    context.accounts.add(away)
    context.accounts.add(other)
    context.accounts.save()
    context.passwords.set("li", "pop3", Secret(user.password), remember=True)
    Templates(context.store).save("Away", AWAY)
    now = datetime.now(UTC)
    for n, (subject, sender) in enumerate(
        (
            ("询价", "陈静 <chen@company.example>"),
            ("note to self", "Li <li.private@example.test>"),  # the user's other account
        )
    ):
        user.deliver(
            message(subject=subject, sender=sender, to="li@example.test", date=now,
                    message_id=f"<m{n}@example.test>")
        )  # fmt: skip
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.window.fetcher.fetch_did_finish, timeout=30_000):
        app.window.fetcher.get_mail()
    qtbot.waitUntil(lambda: len(smtp_server.messages) == 1, timeout=30_000)
    qtbot.wait(500)
    (reply,) = smtp_server.messages
    assert reply.rcpt_tos == ("chen@company.example",), "never the user's other address"
    assert b"Auto-Submitted: auto-replied" in reply.data
    assert context.store.count("Outbox") == 0
