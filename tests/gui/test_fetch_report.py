"""A message a fetch left on the server, as the window shows it, and the size limit that lets
it through (plan G58): the status bar names it and says what to do, in English and Chinese;
the account's properties hold the limit."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.sync import AccountResult, LeftOnServer
from hongyan.core.syncresult import left_reason
from hongyan.gui.account_properties import AccountPropertiesDialog
from hongyan.gui.app import Hongyan
from hongyan.gui.context import AppContext


def _result() -> AccountResult:
    big = LeftOnServer(
        2, 1_600_000, "Wang <wang@example.test>", "报价单", left_reason("size", 1 << 20, 0), 2
    )
    broken = LeftOnServer(
        5, 3_000_000, "x@example.test", "", left_reason("line", 1 << 20, 3_000_000), None
    )
    return AccountResult("li", downloaded=3, skipped=2, left_on_server=[big, broken])


def _status_after(app: Hongyan, result: AccountResult) -> str:
    app.window.status_panel.start_job("fetch:li", "li")
    app.window.fetcher._fetched("fetch:li", result, [])  # what a fetch task's success calls
    return app.window.status_panel.message.text()


def test_the_status_bar_names_each_message_left_on_the_server(app: Hongyan) -> None:
    text = _status_after(app, _result())
    assert text.startswith("li: 3 new messages; 2 left on the server: ")
    assert "“报价单” (1.5 MB) from Wang <wang@example.test>: larger than this account's" in text
    assert "“(no subject)” (2.9 MB) from x@example.test: it has a line longer than 1.0 MB" in text
    assert text.endswith("raise the size limit in the account's properties (Advanced).")


def test_in_chinese_too(app: Hongyan, chinese: None) -> None:
    text = _status_after(app, _result())
    assert text.startswith("li：3 封新邮件；2 封留在服务器上：")
    assert "“报价单”（1.5 MB，来自 Wang <wang@example.test>）：超过此账户的大小上限" in text
    assert "提高大小上限" in text


def test_the_size_limit_is_an_advanced_account_property(qtbot: QtBot, context: AppContext) -> None:
    context.accounts.add(make_account("li@example.test"))
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    assert dialog.max_message.value() == 512  # the default limit, shown as a number
    dialog.max_message.setValue(2048)
    dialog.accept()
    saved = type(context.accounts).load(context.paths).get("li@example.test")
    assert saved.max_message_mb == 2048
    again = AccountPropertiesDialog(context, saved)
    qtbot.addWidget(again)
    assert again.max_message.value() == 2048
    again.max_message.setValue(512)
    assert again.edited_account().max_message_mb is None  # back to the default
