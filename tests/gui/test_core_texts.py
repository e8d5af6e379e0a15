"""What the engine says reaches the Chinese window in Chinese: errors from a real Get Mail,
nested messages, and English for anything without a translation."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Secret
from hongyan.core.texts import QT_TRANSLATE_NOOP, words
from hongyan.gui.app import Hongyan
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def test_a_core_message_is_shown_in_the_interface_language(chinese: None) -> None:
    message = words(
        QT_TRANSLATE_NOOP("Core", "Cannot reach {endpoint} ({reason}). Check the host name "
                          "and port, and that this computer is online."),
        endpoint="pop.163.com:995",
        reason="Connection refused",
    )  # fmt: skip
    assert core_text(message) == (
        "无法连接到 pop.163.com:995（Connection refused）。"
        "请检查主机名和端口，以及这台电脑是否已联网。"
    )
    assert core_text(HongyanError(message)) == core_text(message)


def test_a_message_inside_a_message_is_translated_too(chinese: None) -> None:
    why = words(QT_TRANSLATE_NOOP("Core", "the server closed the connection"))
    message = words(
        QT_TRANSLATE_NOOP("Core", "Could not read the certificate of {endpoint}: {error}."),
        endpoint="mail.example.test:995",
        error=HongyanError(why),
    )
    assert core_text(message) == "无法读取 mail.example.test:995 的证书：服务器关闭了连接。"


def test_without_a_translation_the_english_is_shown(chinese: None) -> None:
    unknown = words("Nobody translated {what} yet.", what="this")
    assert core_text(unknown) == "Nobody translated this yet."
    assert core_text("plain words from elsewhere") == "plain words from elsewhere"
    assert core_text(ValueError("a bug's text")) == "a bug's text"


def test_in_english_the_message_is_its_english_text(context: AppContext) -> None:
    message = words(QT_TRANSLATE_NOOP("Core", "{what}: {said}."), what="x", said="y")
    assert core_text(message) == "x: y." == str(message)


def test_every_translation_keeps_the_placeholders_of_its_source(tmp_path: Path) -> None:
    sys.path.insert(0, str(TOOLS))
    try:
        from check_translations import placeholder_mismatches
    finally:
        sys.path.remove(str(TOOLS))
    assert placeholder_mismatches() == []
    broken = tmp_path / "broken.ts"
    broken.write_text(
        "<TS><context><name>Core</name><message><source>Sent to {addresses}.</source>"
        "<translation>已发送给 {address}。</translation></message></context></TS>",
        encoding="utf-8",
    )
    assert placeholder_mismatches(broken) == [
        ("Core", "Sent to {addresses}.", "已发送给 {address}。")
    ]


def _get_mail(qtbot: QtBot, context: AppContext) -> list[str]:
    app = Hongyan(context, tray=False)
    window = app.window
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.fetcher.fetch_did_finish, timeout=30_000):
        window.action_get_mail.trigger()
    return window.fetcher.errors


@pytest.mark.integration
def test_a_wrong_password_during_get_mail_is_reported_in_chinese(
    qtbot: QtBot,
    context: AppContext,
    chinese: None,
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
) -> None:
    user = dovecot.add_user()
    server = ServerSettings(
        dovecot.host, dovecot.pop3s_port, "ssl", user.name, trust_cert_pem=pki.ca_pem.read_text()
    )
    context.accounts.add(Account(name="li", address="li@example.test", pop3=server, smtp=server))
    context.passwords.set("li", "pop3", Secret("not-" + user.password), remember=True)

    errors = _get_mail(qtbot, context)

    assert len(errors) == 1
    endpoint = f"{dovecot.host}:{dovecot.pop3s_port}"
    assert errors[0].startswith(f"li：{endpoint} 拒绝了 {user.name} 的登录：密码或用户名错误（")
    assert "服务器回复：" in errors[0]  # the server's own words are framed in Chinese
    assert "需要使用应用专用密码或授权码" in errors[0]


@pytest.mark.integration
def test_an_untrusted_certificate_during_get_mail_is_reported_in_chinese(
    qtbot: QtBot, context: AppContext, chinese: None, dovecot: DovecotServer
) -> None:
    user = dovecot.add_user()
    server = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", user.name)  # CA not trusted
    context.accounts.add(Account(name="li", address="li@example.test", pop3=server, smtp=server))
    context.passwords.set("li", "pop3", Secret(user.password), remember=True)

    errors = _get_mail(qtbot, context)

    assert len(errors) == 1
    endpoint = f"{dovecot.host}:{dovecot.pop3s_port}"
    assert errors[0].startswith(f"li：{endpoint} 的安全证书由这台电脑不信任的机构颁发（")
    assert "鸿雁没有登录，所以没有发送你的密码。" in errors[0]
    assert "SHA-256 指纹" in errors[0]
