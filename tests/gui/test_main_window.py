"""The main window over a real store: folders, the list, reading, searching, deleting."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox, make_account
from hongyan.gui.context import AppContext
from hongyan.gui.folder_model import ACCOUNT_ROLE, FOLDER_ROLE
from hongyan.gui.main_window import MainWindow
from hongyan.gui.message_model import COLUMN_KEYS
from support.mail import message


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _cell(window: MainWindow, row: int, key: str) -> str:
    model = window.message_model
    return str(model.data(model.index(row, COLUMN_KEYS.index(key))))


def test_the_inbox_lists_messages_newest_first_with_unread_counts(
    qtbot: QtBot, context: AppContext
) -> None:
    fill_inbox(context, 5)
    window = _window(qtbot, context)
    assert window.message_model.rowCount() == 5
    assert _cell(window, 0, "subject") == "Message 4"
    assert _cell(window, 0, "from") == "Sender 4"
    inbox = window.folder_model.find("Inbox")
    assert inbox is not None and inbox.text() == "Inbox (5)"
    titles = [window.folder_model.item(r).data(FOLDER_ROLE) for r in range(6)]
    assert titles == ["Inbox", "Outbox", "Sent", "Drafts", "Trash", "Junk"]


def test_selecting_a_message_shows_its_body_and_marks_it_read(
    qtbot: QtBot, context: AppContext
) -> None:
    ids = fill_inbox(context, 3)
    window = _window(qtbot, context)
    window.select_row(0)
    qtbot.waitUntil(lambda: "Body of message 2." in window.reading_text())  # read in a worker
    qtbot.waitUntil(lambda: "S" in context.store.get(ids[2]).flags, timeout=5000)
    inbox = window.folder_model.find("Inbox")
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.text() == "Inbox (2)")  # written and counted in workers


def test_sorting_by_subject_and_by_sender(qtbot: QtBot, context: AppContext) -> None:
    for subject in ("banana", "Apple", "cherry"):
        context.store.add("Inbox", message(subject=subject, message_id=f"<{subject}@t>"))
    window = _window(qtbot, context)
    window.message_list.sortByColumn(COLUMN_KEYS.index("subject"), Qt.SortOrder.AscendingOrder)
    assert [_cell(window, r, "subject") for r in range(3)] == ["Apple", "banana", "cherry"]
    window.message_list.sortByColumn(COLUMN_KEYS.index("subject"), Qt.SortOrder.DescendingOrder)
    assert [_cell(window, r, "subject") for r in range(3)] == ["cherry", "banana", "Apple"]


def test_quick_search_finds_chinese_text_and_clearing_returns_to_the_folder(
    qtbot: QtBot, context: AppContext
) -> None:
    fill_inbox(context, 3)
    context.store.add(
        "Inbox", message(subject="关于报价单的确认", body="请查收报价单。", message_id="<zh@t>")
    )
    window = _window(qtbot, context)
    window.search_box.setText("报价单")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.message_model.rowCount() == 1
    assert _cell(window, 0, "subject") == "关于报价单的确认"
    window.search_box.clear()
    assert window.message_model.rowCount() == 4


def test_delete_moves_to_trash_and_junk_to_junk(qtbot: QtBot, context: AppContext) -> None:
    fill_inbox(context, 3)
    window = _window(qtbot, context)
    window.select_row(0)
    window.action_delete.trigger()
    assert window.message_model.rowCount() == 2
    assert context.store.count("Trash") == 1
    window.select_row(0)
    window.action_junk.trigger()
    assert context.store.count("Junk") == 1
    assert window.message_model.rowCount() == 1


def test_each_account_has_its_share_of_the_inbox(qtbot: QtBot, context: AppContext) -> None:
    context.accounts.add(make_account("a@example.test"))
    context.accounts.add(make_account("b@example.test"))
    fill_inbox(context, 2, account="a@example.test")
    fill_inbox(context, 3, account="b@example.test")
    window = _window(qtbot, context)
    item = window.folder_model.find("Inbox", "b@example.test")
    assert item is not None and item.text() == "b@example.test (3)"
    assert item.data(ACCOUNT_ROLE) == "b@example.test"
    window.open_folder("Inbox", "b@example.test")
    assert window.message_model.rowCount() == 3


def test_the_standard_shortcuts(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    shortcuts = {
        window.action_write: "Ctrl+N",
        window.action_reply: "Ctrl+R",
        window.action_reply_all: "Ctrl+Shift+R",
        window.action_forward: "Ctrl+L",
        window.action_delete: "Del",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut().toString() == keys
    assert [k.toString() for k in window.action_get_mail.shortcuts()] == ["F5", "Ctrl+M"]


def test_new_mail_keeps_the_message_being_read_selected(qtbot: QtBot, context: AppContext) -> None:
    ids = fill_inbox(context, 30)
    window = _window(qtbot, context)
    window.select_row(10)
    reading = window.selected_ids()
    assert reading == [ids[19]]
    for n in range(5):  # five newer messages arrive, as during a fetch
        context.store.add("Inbox", message(subject=f"New {n}", message_id=f"<new{n}@t>"))
    context.store.add(
        "Inbox",
        message(subject="Newest", date=datetime(2027, 1, 1, tzinfo=UTC), message_id="<nw@t>"),
    )
    context.signals.store_did_change.emit()
    assert window.message_model.rowCount() == 36
    assert window.selected_ids() == reading, "the selection follows the message"
    assert window.message_list.currentIndex().row() == 16, "six newer messages above it"
    qtbot.waitUntil(lambda: "Body of message 19." in window.reading_text())
    assert _cell(window, 0, "subject") == "Newest"


def test_marking_read_and_flagging_happen_in_a_worker_in_order(
    qtbot: QtBot, context: AppContext
) -> None:
    """The index write waits for a fetch's commit; the window must not wait with it."""
    ids = fill_inbox(context, 2)
    window = _window(qtbot, context)
    window.select_row(0)
    window.action_mark_read.trigger()
    window.action_flag.trigger()
    window.action_mark_unread.trigger()
    window.action_mark_read.trigger()
    qtbot.waitUntil(lambda: not window._flag_changes)
    newest = context.store.get(ids[-1])
    assert "S" in newest.flags and "F" in newest.flags
    assert "S" not in context.store.get(ids[0]).flags
    font = window.message_model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert font is None or not font.bold()  # the list shows it read
