"""Visible text in both languages: spin-box units in the right number, the encoding list
translated, the reading pane's date in the reader's language and time zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.gui.account_properties import AccountPropertiesDialog
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import Translators
from hongyan.gui.message_pane import MessagePane, local_date_text
from hongyan.gui.options_dialog import OptionsDialog
from support.mail import message


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = Translators(qapp)
    translators.apply("zh_CN")
    yield
    translators.apply("en")


def test_spin_box_units_follow_the_number_in_english(qtbot: QtBot, context: AppContext) -> None:
    context.accounts.add(make_account())
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    dialog.delete_after_days.setValue(1)
    assert dialog.delete_after_days.suffix() == " day"
    dialog.delete_after_days.setValue(14)
    assert dialog.delete_after_days.text() == "14 days"
    dialog.check_every.setValue(1)
    assert dialog.check_every.text() == "1 minute"
    options = OptionsDialog(context)
    qtbot.addWidget(options)
    options.check_every.setValue(5)
    assert options.check_every.text() == "5 minutes"


def test_spin_box_units_and_encodings_in_chinese(
    qtbot: QtBot, context: AppContext, chinese: None
) -> None:
    context.accounts.add(make_account())
    dialog = AccountPropertiesDialog(context, context.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    dialog.check_every.setValue(1)
    assert dialog.check_every.text() == "1 分钟"
    assert dialog.tabs.tabText(3) == "身份"
    pane = MessagePane()
    qtbot.addWidget(pane)
    labels = [pane.encoding.itemText(i) for i in range(pane.encoding.count())]
    assert labels[0] == "自动"
    assert "西欧 (Windows-1252)" in labels
    assert "简体中文 (GB18030/GBK/GB2312)" in labels, "names in their own script stay as they are"


def test_the_date_is_shown_in_the_readers_language_and_time_zone(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = datetime(2026, 3, 9, 22, 5, tzinfo=UTC)
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        assert local_date_text(moment, english) == "Tuesday, 10 March 2026 06:05"
        assert local_date_text(moment, QLocale("zh_CN")) == "2026年3月10日星期二 06:05"
        QLocale.setDefault(english)  # what Translators.apply("en") sets
        pane = MessagePane()
        qtbot.addWidget(pane)
        pane.show_message(message(subject="Hi", date=moment))
        assert "<b>Date:</b> Tuesday, 10 March 2026 06:05" in pane.headers.text()
        assert pane.headers.toolTip().endswith("Mon, 09 Mar 2026 22:05:00 +0000")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
