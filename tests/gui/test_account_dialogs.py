"""Account properties (General, Servers, Advanced), the accounts list, removing an account."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox, make_account
from hongyan.core.secrets import Secret
from hongyan.gui.account_properties import AccountPropertiesDialog, AccountsDialog, remove_account
from hongyan.gui.context import AppContext
from hongyan.gui.tray import TrayIcon


def test_properties_show_and_save_every_tab(qtbot: QtBot, context: AppContext) -> None:
    context.accounts.add(make_account("li@example.test", organisation="鸿雁软件"))
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    assert dialog.organisation.text() == "鸿雁软件"
    assert dialog.leave_on_server.isChecked() and not dialog.delete_after.isChecked()
    assert not dialog.delete_after_days.isEnabled()

    dialog.reply_to.setText("replies@example.test")
    dialog.signature.setPlainText("Li Lei\n13800000000")
    dialog.smtp.port.setValue(587)
    dialog.smtp.security.setCurrentIndex(dialog.smtp.security.findData("starttls"))
    dialog.smtp_same.setChecked(False)
    dialog.smtp_username.setText("li-smtp")
    dialog.smtp_password.setText("smtp-secret")
    dialog.delete_after.setChecked(True)
    dialog.delete_after_days.setValue(30)
    dialog.size_limit.setChecked(True)
    dialog.size_limit_kb.setValue(2048)
    dialog.check_every.setValue(5)
    dialog.include_in_get_all.setChecked(False)
    dialog.accept()

    saved = type(context.accounts).load(context.paths).get("li@example.test")
    assert saved.reply_to == "replies@example.test"
    assert saved.signature == "Li Lei\n13800000000"
    assert (saved.smtp.port, saved.smtp.security, saved.smtp.username) == (
        587,
        "starttls",
        "li-smtp",
    )
    assert not saved.smtp_same_credentials
    assert saved.delete_after_days == 30 and saved.headers_only_over_kb == 2048
    assert saved.check_every_minutes == 5 and not saved.include_in_get_all
    assert context.passwords.get("li@example.test", "smtp") == Secret("smtp-secret")


def test_a_wrong_address_is_refused_with_the_field_named(
    qtbot: QtBot, context: AppContext, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    context.accounts.add(make_account("li@example.test"))
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    dialog.address.setText("not an address")
    dialog.accept()
    assert shown and "address" in shown[0]
    assert context.accounts.get("li@example.test").address == "li@example.test"


def test_the_accounts_list_marks_the_default_and_changes_it(
    qtbot: QtBot, context: AppContext
) -> None:
    context.accounts.add(make_account("a@example.test"))
    context.accounts.add(make_account("b@example.test"))
    dialog = AccountsDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text().endswith("(default)")
    dialog.list.setCurrentRow(1)
    dialog.default_button.click()
    default = context.accounts.default()
    assert default is not None and default.name == "b@example.test"
    assert dialog.list.item(1).text().endswith("(default)")


def test_removing_an_account_keeps_or_trashes_its_mail(qtbot: QtBot, context: AppContext) -> None:
    for name in ("keep@example.test", "drop@example.test"):
        context.accounts.add(make_account(name))
        context.passwords.set(name, "pop3", Secret("pw"), remember=True)
        fill_inbox(context, 2, account=name)
    remove_account(context, "keep@example.test", keep_mail=True, parent=None)  # type: ignore[arg-type]
    remove_account(context, "drop@example.test", keep_mail=False, parent=None)  # type: ignore[arg-type]
    assert context.accounts.names() == []
    assert context.store.count("Inbox") == 2 and context.store.count("Trash") == 2
    assert context.passwords.get("keep@example.test", "pop3") is None, "no password left behind"


def test_the_new_mail_notification_names_count_senders_and_subjects(context: AppContext) -> None:
    tray = TrayIcon()
    title, text = tray.new_mail_text(
        5, [("王芳", "周报"), ("Tom", "Lunch?"), ("GitHub", "PR merged")]
    )
    assert title == "5 new messages"
    assert tray.new_mail_text(1, [("王芳", "周报")]) == ("1 new message", "王芳 — 周报")
    assert text.splitlines() == ["王芳 — 周报", "Tom — Lunch?", "GitHub — PR merged", "…"]


def test_the_wizard_proposes_implicit_tls_and_the_provider_hint(
    qtbot: QtBot, context: AppContext
) -> None:
    """plan A1: implicit TLS (995/465) is what a new account gets unless the user changes it."""
    from hongyan.gui.account_wizard import AccountWizard

    wizard = AccountWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.name_page.display_name.setText("韩梅梅")
    wizard.next()
    wizard.address_page.address.setText("hanmeimei@163.com")
    wizard.next()
    servers = wizard.servers_page
    for fields, port in ((servers.pop3, 995), (servers.smtp, 465)):
        assert (fields.security_value, fields.port.value()) == ("ssl", port)
    assert servers.pop3.host.text() == "pop.163.com"
    assert "authorisation code" in servers.hint.text()
    servers.smtp.security.setCurrentIndex(servers.smtp.security.findData("starttls"))
    assert servers.smtp.port.value() == 587, "the standard port follows the security choice"
    wizard.next()
    assert "authorisation code" in wizard.logon_page.hint.text()
    assert wizard.logon_page.username.text() == "hanmeimei@163.com"


def test_the_servers_page_says_where_the_servers_come_from_and_nothing_else(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hongyan.gui import account_wizard

    monkeypatch.setattr(account_wizard, "probe_servers", lambda address, control: None)
    wizard = account_wizard.AccountWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.name_page.display_name.setText("Li Lei")
    wizard.next()
    wizard.address_page.address.setText("li@nowhere.example")
    wizard.next()
    servers = wizard.servers_page
    qtbot.waitUntil(lambda: "No server answered" in servers.status.text())
    said = " ".join((servers.title(), servers.subTitle(), servers.status.text()))
    for claim in ("filled", "presets", "knows about your provider"):
        assert claim not in said, "never 'from your provider' and 'no server answered' at once"
    assert not servers.hint.isVisible()

    wizard.back()
    wizard.address_page.address.setText("li@163.com")
    wizard.next()
    assert "presets" in servers.status.text()
    assert "No server answered" not in servers.status.text()


def test_the_login_is_the_user_name_and_the_account_name_is_the_accounts_own(
    qtbot: QtBot, context: AppContext
) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel

    from hongyan.gui.account_wizard import AccountWizard

    wizard = AccountWizard(context)
    qtbot.addWidget(wizard)
    form = wizard.logon_page.layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(wizard.logon_page.username)
    assert isinstance(label, QLabel) and label.text() == "User name:"
    assert "account name" not in wizard.logon_page.subTitle().lower()
    context.accounts.add(make_account())
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "li@example.test", "Account name: what the account is called"
