"""What the main window offers where: right-click menus, Junk only where it applies, Get Mail
once, search results with their folder, and a sentence saying what to do where the list or the
reading pane is empty."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox, make_account
from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow
from hongyan.gui.message_model import COLUMN_KEYS
from support.mail import message


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _texts(menu: QMenu) -> list[str]:
    return [a.text() if not a.isSeparator() else "-" for a in menu.actions()]


def _all_menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += _all_menu_actions(sub)
        elif not action.isSeparator():
            found.append(action)
    return found


def test_get_mail_appears_once_in_the_menus(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    actions = [
        action
        for top in window.menuBar().actions()
        if isinstance(top.menu(), QMenu)
        for action in _all_menu_actions(top.menu())  # type: ignore[arg-type]
    ]
    assert actions.count(window.action_get_mail) == 1


def test_the_message_menu_offers_what_applies_to_the_selection(
    qtbot: QtBot, context: AppContext
) -> None:
    fill_inbox(context, 2)
    window = _window(qtbot, context)
    window.select_row(0)
    assert _texts(window.message_menu()) == [
        "&Open",
        "-",
        "&Reply",
        "Reply &All",
        "&Forward",
        "Reply with &Template",
        "-",
        "Mark as R&ead",
        "&Flag",
        "-",
        "Mark as &Junk",
        "&Delete",
    ]


def test_read_and_unread_are_offered_for_what_they_change(
    qtbot: QtBot, context: AppContext
) -> None:
    ids = fill_inbox(context, 2)
    context.store.set_flags(ids[:1], add="S")
    window = _window(qtbot, context)
    window.select_row(1)  # the older one, read
    texts = _texts(window.message_menu())
    assert "Mark as &Unread" in texts and "Mark as R&ead" not in texts
    window.message_list.selectAll()
    texts = _texts(window.message_menu())
    assert "Mark as &Unread" in texts and "Mark as R&ead" in texts


@pytest.mark.parametrize("folder", ["Sent", "Drafts", "Outbox", "Junk"])
def test_mark_as_junk_is_not_offered_for_ones_own_mail(
    qtbot: QtBot, context: AppContext, folder: str
) -> None:
    context.store.add(folder, message(subject="mine"))
    window = _window(qtbot, context)
    window.open_folder(folder)
    window.select_row(0)
    assert not window.action_junk.isEnabled()
    assert "Mark as &Junk" not in _texts(window.message_menu())
    assert "&Delete" in _texts(window.message_menu())
    window.open_folder("Inbox")


def test_mark_as_junk_follows_the_folder_of_each_search_result(
    qtbot: QtBot, context: AppContext
) -> None:
    context.store.add("Sent", message(subject="quotation sent", message_id="<s@t>"))
    context.store.add("Inbox", message(subject="quotation received", message_id="<i@t>"))
    window = _window(qtbot, context)
    window.search_box.setText("quotation")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    rows = {window.message_model.message(r).subject: r for r in range(2)}  # type: ignore[union-attr]
    window.select_row(rows["quotation received"])
    assert window.action_junk.isEnabled()
    window.select_row(rows["quotation sent"])
    assert not window.action_junk.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup, offscreen
def test_right_click_selects_the_row_clicked_and_opens_the_menu(
    qtbot: QtBot, context: AppContext
) -> None:
    fill_inbox(context, 3)
    window = _window(qtbot, context)
    window.select_row(0)
    list_view = window.message_list
    position = list_view.visualRect(window.message_model.index(2, 3)).center()
    shown: list[list[str]] = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        shown.append(_texts(menu))
        menu.close()

    QTimer.singleShot(50, close_menu)
    list_view.customContextMenuRequested.emit(position)
    assert shown and "&Reply" in shown[0]
    assert window.selected_ids() == [window.message_model.message_id(2)]


def test_the_folder_menus(qtbot: QtBot, context: AppContext) -> None:
    context.accounts.add(make_account("li@example.test"))
    ids = fill_inbox(context, 3, account="li@example.test")
    context.store.move(ids[:1], "Trash")
    window = _window(qtbot, context)
    window.refresh_folders()
    assert _texts(window.folder_menu("Inbox")) == ["&Get Mail", "-", "Mark All as &Read"]
    assert _texts(window.folder_menu("Inbox", "li@example.test")) == [
        "&Get Mail From This Account",
        "Account &Properties…",
        "-",
        "Mark All as &Read",
    ]
    assert _texts(window.folder_menu("Trash")) == ["Mark All as &Read", "&Empty Trash…"]
    assert _texts(window.folder_menu("Sent")) == []


def test_mark_all_as_read_and_empty_trash(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = fill_inbox(context, 3)
    context.store.move(ids[:2], "Trash")
    window = _window(qtbot, context)
    window.refresh_folders()
    window.folder_menu("Inbox")
    window.action_mark_folder_read.trigger()
    qtbot.waitUntil(lambda: "S" in context.store.get(ids[2]).flags)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.folder_menu("Trash")
    window.action_empty_folder.trigger()
    qtbot.waitUntil(lambda: context.store.count("Trash") == 0)
    assert context.store.count("Inbox") == 1


def test_search_results_show_their_folder_and_no_folder_is_highlighted(
    qtbot: QtBot, context: AppContext
) -> None:
    context.store.add("Sent", message(subject="report sent", message_id="<s@t>"))
    context.store.add("Inbox", message(subject="report received", message_id="<i@t>"))
    window = _window(qtbot, context)
    folder_column = COLUMN_KEYS.index("folder")
    assert window.message_list.isColumnHidden(folder_column), "a folder's list needs none"
    assert window.folder_view.selectionModel().hasSelection()
    window.search_box.setText("report")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert not window.message_list.isColumnHidden(folder_column)
    folders = {
        window.message_model.data(window.message_model.index(r, folder_column)) for r in range(2)
    }
    assert folders == {"Inbox", "Sent"}
    assert not window.folder_view.selectionModel().hasSelection()
    assert not window.folder_view.currentIndex().isValid()
    for order, first in (
        (Qt.SortOrder.AscendingOrder, "Inbox"),
        (Qt.SortOrder.DescendingOrder, "Sent"),
    ):
        window.message_list.sortByColumn(folder_column, order)
        assert window.message_model.data(window.message_model.index(0, folder_column)) == first
    window.search_box.clear()
    assert window.message_list.isColumnHidden(folder_column)
    assert window.folder_view.currentIndex().data() == "Inbox (1)"


def test_an_empty_inbox_and_reading_pane_say_what_to_do(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    assert window.list_hint.isVisible()
    assert "Tools → Accounts" in window.list_hint.text(), "no account yet"
    context.accounts.add(make_account())
    window.open_folder("Inbox")
    assert "Get Mail" in window.list_hint.text()
    assert window.reading_hint.text() == "Select a message to read it here."
    window.open_folder("Sent")
    assert window.list_hint.text() == "This folder is empty."
    fill_inbox(context, 3)
    window.open_folder("Inbox")
    assert not window.list_hint.isVisible()
    window.message_list.selectAll()
    assert window.reading_hint.text() == "3 messages selected"
    window.search_box.setText("nothing-like-this")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.list_hint.isVisible()
    assert window.list_hint.text() == "No message matches your search."


def test_the_window_title_names_the_folder(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    assert window.windowTitle() == "Inbox"
    window.open_folder("Sent")
    assert window.windowTitle() == "Sent"
