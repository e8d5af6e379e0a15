"""The interface in Chinese and English: the setting, the translators, the shipped .ts/.qm."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from hongyan.core.resources import resource_path
from hongyan.gui.app import Hongyan
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import resolve_language
from hongyan.gui.options_dialog import OptionsDialog

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def test_system_language_follows_the_desktop() -> None:
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)
    assert resolve_language("system", chinese) == "zh_CN"
    assert resolve_language("system", QLocale(QLocale.Language.German)) == "en"
    assert resolve_language("en", chinese) == "en"
    assert resolve_language("zh_CN", QLocale(QLocale.Language.English)) == "zh_CN"


def test_every_string_has_a_chinese_translation_and_the_qm_is_shipped() -> None:
    sys.path.insert(0, str(TOOLS))
    try:
        from check_translations import untranslated
    finally:
        sys.path.remove(str(TOOLS))
    assert untranslated() == []
    assert resource_path("translations", "hongyan_zh_CN.qm").stat().st_size > 1000


def test_choosing_chinese_in_options_shows_chinese_labels(
    qtbot: QtBot, context: AppContext
) -> None:
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    assert app.window.action_get_mail.text() == "&Get Mail"

    options = OptionsDialog(context, app.window)
    qtbot.addWidget(options)
    options.language.setCurrentIndex(options.language.findData("zh_CN"))
    options.accept()
    assert context.settings.get("language") == "zh_CN"
    app.apply_language()
    qtbot.addWidget(app.window)

    window = app.window
    assert window.windowTitle() == "收件箱"  # Qt adds " — 鸿雁 Hongyan", see test_window_titles
    assert window.action_get_mail.text() == "接收(&G)"
    assert window.action_write.text() == "撰写(&W)"
    assert window.action_write.iconText() == "撰写", "no accelerator on the toolbar button"
    inbox = window.folder_model.find("Inbox")
    assert inbox is not None and inbox.text() == "收件箱"
    headers = [
        window.message_model.headerData(c, window.message_list.horizontalHeader().orientation())
        for c in range(window.message_model.columnCount())
    ]
    assert "主题" in headers and "发件人" in headers
    reloaded = type(context.settings).load(context.paths)
    assert reloaded.get("language") == "zh_CN", "the choice is saved for the next start"


def test_start_with_the_system_installs_and_removes_only_autostart(
    qtbot: QtBot, context: AppContext
) -> None:
    from hongyan.core.integration import service
    from hongyan.core.integration.model import Feature

    options = OptionsDialog(context)
    qtbot.addWidget(options)
    assert not options.autostart.isChecked()
    options.autostart.setChecked(True)
    options.accept()
    installed = service.installed_features(context.paths)
    assert installed is not None and Feature.AUTOSTART in installed

    options = OptionsDialog(context)
    qtbot.addWidget(options)
    assert options.autostart.isChecked()
    options.autostart.setChecked(False)
    options.accept()
    after = service.installed_features(context.paths)
    assert after is not None and Feature.AUTOSTART not in after
    assert Feature.LAUNCHER in after, "the other features stay as they were"


def test_chinese_wording_follows_what_foxmail_and_outlook_users_read() -> None:
    sys.path.insert(0, str(TOOLS))
    try:
        from check_translations import wording_problems
    finally:
        sys.path.remove(str(TOOLS))
    assert wording_problems() == []
    readme = (TOOLS.parent / "README.md").read_text(encoding="utf-8")
    assert "帐户" not in readme, "账户, also in the screenshot table"


def test_toolbar_buttons_carry_no_menu_accelerators_in_chinese(
    qtbot: QtBot, context: AppContext, chinese: None
) -> None:
    from PySide6.QtWidgets import QToolBar

    from hongyan.gui.compose_window import ComposeWindow

    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    compose = ComposeWindow.new_message(context)
    qtbot.addWidget(compose)
    buttons = [
        action.iconText()
        for window in (app.window, compose)
        for toolbar in window.findChildren(QToolBar)
        for action in toolbar.actions()
        if not action.isSeparator() and action.text()
    ]
    assert "撰写" in buttons and "接收" in buttons and "发送" in buttons
    assert [b for b in buttons if "(" in b or "&" in b] == []
    assert app.window.action_write.text() == "撰写(&W)", "the menu keeps its accelerator"


def test_the_server_copy_is_worded_as_chinese_says_it(
    qtbot: QtBot, context: AppContext, chinese: None
) -> None:
    from gui.conftest import make_account
    from hongyan.gui.account_properties import AccountPropertiesDialog

    context.accounts.add(make_account(delete_after_days=14, headers_only_over_kb=1024))
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    said = f"{dialog.delete_after.text()} {dialog.delete_after_days.text()}"
    assert said == "在服务器上保留 14 天后删除"
    said = f"{dialog.size_limit.text()} {dialog.size_limit_kb.text()}"
    assert said == "邮件大于 1024 KB 时只下载邮件头"
