"""Visible text in both languages: spin-box units in the right number, the encoding list
translated, dates (reading pane and message list) in the reader's language and time zone,
the full-width colon after Chinese labels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.gui.account_properties import AccountPropertiesDialog
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import Translators, interface_locale, labelled
from hongyan.gui.message_model import COLUMN_KEYS, MessageListModel, list_date_text
from hongyan.gui.message_pane import MessagePane, local_date_text
from hongyan.gui.options_dialog import OptionsDialog
from hongyan.gui.store_source import FolderSource
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


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The reader lives in UTC+8 (Qt reads the zone from TZ, like the C library)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


LATE_EVENING_UTC = int(datetime(2026, 3, 9, 22, 5, tzinfo=UTC).timestamp())  # 06:05 next day


@pytest.mark.parametrize(
    ("locale", "today", "yesterday"),
    [
        (QLocale("en_US"), "6:05\u202fAM", "Mar 10, 2026"),
        (QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom), "06:05", "10 Mar 2026"),
        (QLocale("zh_CN"), "06:05", "2026年3月10日"),
    ],
    ids=["en_US", "en_GB", "zh_CN"],
)
def test_the_list_shows_the_time_for_todays_mail_and_the_date_for_older(
    shanghai: None, locale: QLocale, today: str, yesterday: str
) -> None:
    # 22:05 UTC on 9 March is 06:05 on 10 March for a reader in Shanghai.
    assert list_date_text(LATE_EVENING_UTC, locale, QDate(2026, 3, 10)) == today
    assert list_date_text(LATE_EVENING_UTC, locale, QDate(2026, 3, 11)) == yesterday
    assert list_date_text(LATE_EVENING_UTC, locale, QDate(2026, 3, 9)) == yesterday, "future"
    assert list_date_text(None, locale, QDate(2026, 3, 10)) == ""


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_message_list_dates_follow_the_interface_language_and_sort_by_time(
    qapp: QApplication, context: AppContext, shanghai: None, language: str
) -> None:
    import time

    translators = Translators(qapp)
    translators.apply(language)
    try:
        now = int(time.time())
        for subject, date in (("old", LATE_EVENING_UTC), ("new", now), ("older", 1_000_000_000)):
            context.store.add(
                "Inbox",
                message(subject=subject, date=datetime.fromtimestamp(date, UTC)),
            )
        model = MessageListModel()
        model.set_source(FolderSource(context.store, "Inbox", None))
        date_column, subject_column = COLUMN_KEYS.index("date"), COLUMN_KEYS.index("subject")
        shown = {
            model.data(model.index(r, subject_column)): model.data(model.index(r, date_column))
            for r in range(3)
        }
        locale = QLocale()  # what Translators.apply set for the language
        assert locale.name() == interface_locale(language).name()
        assert QFileDialog().locale().name() == locale.name(), "as Qt's own dialogs write"
        expected_today = QLocale().toString(
            QDateTime.fromSecsSinceEpoch(now).time(), QLocale.FormatType.ShortFormat
        )
        assert shown["new"] == expected_today
        if locale.name() == "en_US":
            assert (shown["old"], shown["older"]) == ("Mar 10, 2026", "Sep 9, 2001")
        elif language == "zh_CN":
            assert (shown["old"], shown["older"]) == ("2026年3月10日", "2001年9月9日")
        tooltip = model.data(model.index(0, date_column), Qt.ItemDataRole.ToolTipRole)
        assert tooltip.startswith(
            QLocale().toString(QDate.currentDate(), locale.FormatType.LongFormat)
        )
        # Sorting is by the time, not by the text ("06:05" would sort before "09/09/2001").
        model.sort(date_column, Qt.SortOrder.AscendingOrder)
        subjects = [model.data(model.index(r, subject_column)) for r in range(3)]
        assert subjects == ["older", "old", "new"]
    finally:
        translators.apply("en")


@pytest.mark.parametrize(
    ("desktop", "language", "shown"),
    [
        ("de_DE", "en", "en_US"),  # English on a German desktop: American, month first
        ("C", "en", "en_US"),
        ("en_GB", "en", "en_GB"),  # a British desktop keeps its day-first dates
        ("en_US", "zh_CN", "zh_CN"),
        ("zh_TW", "zh_CN", "zh_CN"),  # the translation is simplified Chinese
    ],
)
def test_dates_are_written_as_the_interface_language_writes_them(
    desktop: str, language: str, shown: str
) -> None:
    assert interface_locale(language, QLocale(desktop)).name() == shown


def test_reading_pane_labels_use_the_full_width_colon_in_chinese(
    qtbot: QtBot, chinese: None
) -> None:
    pane = MessagePane()
    qtbot.addWidget(pane)
    pane.show_message(message(subject="周报", sender="王芳 <wang@example.test>"))
    headers = pane.headers.text()
    assert "<b>发件人：</b>王芳 &lt;wang@example.test&gt;" in headers
    assert "<b>主题：</b>周报" in headers
    assert ":</b>" not in headers, "no ASCII colon after a Chinese label"


def test_status_texts_join_with_the_colon_of_the_language(chinese: None) -> None:
    assert labelled("li@example.test", "已取消") == "li@example.test：已取消"


def test_every_chinese_label_ends_with_a_full_width_colon() -> None:
    """The .ts: an English label ending in ":" has a Chinese one ending in "：" (no ASCII
    colon anywhere in Chinese text except inside names such as mailto: and URLs, and in the
    format spec of a field such as {size:.1f}, which is not shown)."""
    import re
    import xml.etree.ElementTree as ET

    from hongyan.core.resources import resource_path

    tree = ET.parse(resource_path("translations", "hongyan_zh_CN.ts"))
    wrong = []
    for entry in tree.getroot().iter("message"):
        source = entry.findtext("source") or ""
        element = entry.find("translation")
        forms = [element.text or ""] if element is not None else []
        forms += [f.text or "" for f in entry.iter("numerusform")]
        for text in forms:
            plain = re.sub(r"\{[^{}]*\}", "", text).replace("mailto:", "").replace("://", "")
            if (source.rstrip().endswith(":") and not text.rstrip().endswith("：")) or ":" in plain:
                wrong.append((source, text))
    assert wrong == []


@pytest.mark.parametrize(("language", "title"), [("en", "To"), ("zh_CN", "收件人")])
def test_sent_drafts_and_outbox_list_the_recipients_not_yourself(
    qapp: QApplication, context: AppContext, language: str, title: str
) -> None:
    translators = Translators(qapp)
    translators.apply(language)
    try:
        for n, to in enumerate(("=?utf-8?b?546L6Iqz?= <wang@example.test>, zhao@example.test",
                                "anna@example.org")):  # fmt: skip
            data = message(subject=f"s{n}", sender="Li Lei <li@example.test>", to=to)
            context.store.add("Sent", data)
            context.store.add("Inbox", data)
        model = MessageListModel()
        column = COLUMN_KEYS.index("from")
        model.set_source(FolderSource(context.store, "Sent", None))
        assert model.headerData(column, Qt.Orientation.Horizontal) == title
        shown = [model.data(model.index(r, column)) for r in range(2)]
        assert shown == ["anna@example.org", "王芳, zhao@example.test"]
        tip = model.data(model.index(1, column), Qt.ItemDataRole.ToolTipRole)
        assert tip == "王芳 <wang@example.test>, zhao@example.test"
        model.sort(column, Qt.SortOrder.DescendingOrder)  # by recipient, as shown
        assert [model.data(model.index(r, column)) for r in range(2)] == [
            "王芳, zhao@example.test",
            "anna@example.org",
        ]
        model.set_source(FolderSource(context.store, "Inbox", None))
        assert model.headerData(column, Qt.Orientation.Horizontal) != title
        assert model.data(model.index(0, column)) == "Li Lei"
    finally:
        translators.apply("en")
