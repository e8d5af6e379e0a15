"""The app takes an account's password from its password command (issue 16): Get Mail and the
Outbox log in with it against the real Dovecot and aiosmtpd without asking, and a failing
command is shown, in the interface language, where a failed fetch is."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import Outbox
from hongyan.gui.app import Hongyan
from hongyan.gui.context import AppContext
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.mail import message
from support.smtpd import SmtpServer

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def never_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A password dialog would wait for a user; with a password command none may open."""

    def asked(*args: object, **kwargs: object) -> None:
        raise AssertionError("the app asked for a password")

    monkeypatch.setattr("hongyan.gui.password_prompt.QInputDialog.getText", asked)


def account(
    user: PopUser,
    dovecot: DovecotServer,
    smtp: SmtpServer,
    pki: CertificateAuthorities,
    command: str,
) -> Account:
    trust = pki.ca_pem.read_text()
    pop3 = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", user.name, trust_cert_pem=trust)
    return Account(
        name="li",
        address="li@example.test",
        pop3=pop3,
        smtp=ServerSettings(smtp.host, smtp.tls_port, "ssl", user.name, trust_cert_pem=trust),
        password_command=command,
    )


def queue_one(context: AppContext) -> None:
    draft = Draft(to=["wang@example.test"], subject="周报", body="见附件。")
    Outbox(context.store).queue(build_message(draft, context.accounts.get("li").identity()), "li")


def test_get_mail_and_send_log_in_with_the_password_command(
    qtbot: QtBot,
    context: AppContext,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
) -> None:
    user = dovecot.add_user()
    smtp_server.users[user.name] = user.password
    user.deliver(message(subject="密码命令", message_id="<cmd@example.test>"))
    secret_file = tmp_path / "li.password"
    secret_file.write_text(user.password + "\n", encoding="utf-8")
    command = shlex.join(["cat", str(secret_file)])
    context.accounts.add(account(user, dovecot, smtp_server, pki, command))
    queue_one(context)
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    fetcher = app.window.fetcher
    with (
        qtbot.waitSignal(fetcher.mail_did_arrive, timeout=30_000),
        qtbot.waitSignal(fetcher.send_did_finish, timeout=30_000) as sent,
    ):
        app.window.action_get_mail.trigger()
    assert fetcher.errors == []
    assert sent.args == [1, []]
    assert len(smtp_server.messages) == 1
    assert context.passwords.get("li", "pop3") is None  # nothing was put in the keyring


def test_a_failing_password_command_is_shown_in_chinese_and_nothing_is_sent(
    qtbot: QtBot,
    context: AppContext,
    chinese: None,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
) -> None:
    user = dovecot.add_user()
    command = shlex.join([sys.executable, "-c", "raise SystemExit(4)"])
    context.accounts.add(account(user, dovecot, smtp_server, pki, command))
    queue_one(context)
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    fetcher = app.window.fetcher
    with qtbot.waitSignal(fetcher.send_did_finish, timeout=30_000) as sent:
        app.window.action_get_mail.trigger()
    said = f"账户“li”的密码命令（{sys.executable}）执行失败，退出状态为 4。"
    assert fetcher.errors[0] == f"li：{said}"
    assert sent.args[0] == 0 and said in sent.args[1][0]
    assert smtp_server.messages == [] and context.store.count("Outbox") == 1


def test_a_timed_fetch_reports_a_failing_password_command_too(
    qtbot: QtBot,
    context: AppContext,
    dovecot: DovecotServer,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
) -> None:
    """The autostart and timed fetches ask nobody; a command that fails is still said."""
    user = dovecot.add_user()
    command = shlex.join([sys.executable, "-c", "raise SystemExit(5)"])
    context.accounts.add(account(user, dovecot, smtp_server, pki, command))
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    app.window.fetcher.get_mail(scheduled=True)
    assert app.window.fetcher.errors == [
        f"li: The password command of the account 'li' ({sys.executable}) failed with exit "
        "status 5."
    ]
