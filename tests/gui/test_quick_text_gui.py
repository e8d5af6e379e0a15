"""Quick text in the compose window: found by typing (any case, full-width, Chinese), inserted
at the cursor, saved from the selection, deleted from the list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.quicktext import QuickTexts
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.quick_text import QuickTextDialog


@pytest.fixture
def texts(context: AppContext) -> QuickTexts:
    context.accounts.add(make_account("li@example.test"))
    context.accounts.save()
    saved = QuickTexts(context.store.root)
    saved.add("报价", "我们的报价单已附上，有效期三十天。")
    saved.add("Thanks", "Thank you for your order; it ships tomorrow.")
    saved.add("发货时间", "一般在付款后两个工作日内发货。")
    return saved


def _titles(dialog: QuickTextDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def _when_modal(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal dialog of ``kind`` once it is shown."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_typing_narrows_the_list_in_any_case_full_width_and_chinese(
    qtbot: QtBot, context: AppContext, texts: QuickTexts
) -> None:
    dialog = QuickTextDialog(context)
    qtbot.addWidget(dialog)
    assert _titles(dialog) == ["报价", "Thanks", "发货时间"]
    qtbot.keyClicks(dialog.search, "THANK")
    assert _titles(dialog) == ["Thanks"]
    dialog.search.setText("ｏｒｄｅｒ")  # full-width, found in the text
    assert _titles(dialog) == ["Thanks"]
    dialog.search.setText("报价")
    assert _titles(dialog) == ["报价"]
    assert dialog.preview.toPlainText() == "我们的报价单已附上，有效期三十天。"
    dialog.search.setText("工作日")
    assert _titles(dialog) == ["发货时间"], "found in the text"
    dialog.search.setText("nothing like it")
    assert _titles(dialog) == [] and not dialog.insert_button.isEnabled()
    assert "Nothing matches" in dialog.hint.text()


def test_enter_inserts_the_chosen_text_at_the_cursor_and_arrows_choose(
    qtbot: QtBot, context: AppContext, texts: QuickTexts
) -> None:
    window = ComposeWindow.new_message(context, body="您好，\n\n祝好")
    qtbot.addWidget(window)
    cursor = window.body.textCursor()
    cursor.setPosition(len("您好，\n"))
    window.body.setTextCursor(cursor)

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QuickTextDialog)
        qtbot.keyClicks(dialog.search, "a")  # only "Thanks" holds an a
        assert _titles(dialog) == ["Thanks"]
        dialog.search.clear()
        qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # the arrows move in the list
        assert dialog.list.currentRow() == 1
        qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    _when_modal(QuickTextDialog, choose)
    window.action_quick_text.trigger()
    assert window.body.toPlainText().startswith("您好，\n我们的报价单已附上，有效期三十天。\n祝好")


def test_the_selection_is_saved_as_a_quick_text(
    qtbot: QtBot, context: AppContext, texts: QuickTexts
) -> None:
    window = ComposeWindow.new_message(context, body="附件是合同的扫描件，请签字后寄回。\n谢谢")
    qtbot.addWidget(window)
    cursor = window.body.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len("附件是合同的扫描件，请签字后寄回。"), cursor.MoveMode.KeepAnchor)
    window.body.setTextCursor(cursor)

    def title(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("合同签字")
        dialog.accept()

    _when_modal(QInputDialog, title)
    window.action_save_quick_text.trigger()
    saved = {q.title: q.text for q in texts.all()}
    assert saved["合同签字"] == "附件是合同的扫描件，请签字后寄回。"
    assert "合同签字" in window.statusBar().currentMessage()
    window._dirty = False


def test_delete_removes_a_quick_text_after_asking(
    qtbot: QtBot, context: AppContext, texts: QuickTexts
) -> None:
    dialog = QuickTextDialog(context)
    qtbot.addWidget(dialog)
    dialog.search.setText("Thanks")

    def yes(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "Thanks" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    _when_modal(QMessageBox, yes)
    dialog.delete_button.click()
    assert [q.title for q in texts.all()] == ["报价", "发货时间"]
    assert _titles(dialog) == []
