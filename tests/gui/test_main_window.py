"""The main window over a real store: folders, the list, reading, searching, deleting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox, make_account
from hongyan.gui.context import AppContext
from hongyan.gui.folder_model import ACCOUNT_ROLE, FOLDER_ROLE
from hongyan.gui.main_window import MainWindow, move_where_seen
from hongyan.gui.message_model import COLUMN_KEYS
from hongyan.gui.message_window import Deleted
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


def visible_rows(window: MainWindow) -> int:
    rows = range(window.message_model.rowCount())
    return sum(not window.message_list.isRowHidden(r) for r in rows)


def test_delete_moves_to_trash_and_junk_to_junk(qtbot: QtBot, context: AppContext) -> None:
    fill_inbox(context, 3)
    window = _window(qtbot, context)
    window.select_row(0)
    window.action_delete.trigger()
    assert visible_rows(window) == 2  # at once, before the worker has moved it
    qtbot.waitUntil(lambda: not window._store_changes)
    assert window.message_model.rowCount() == 2
    assert context.store.count("Trash") == 1
    window.select_row(0)
    window.action_junk.trigger()
    qtbot.waitUntil(lambda: not window._store_changes)
    assert context.store.count("Junk") == 1
    assert window.message_model.rowCount() == 1 == visible_rows(window)


def test_two_quick_deletes_never_delete_a_message_for_good(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second Delete comes before the first has run (it deletes the message the first
    moved on to); each moves only what the user saw in the Inbox, so nothing in Trash is
    deleted for good."""
    ids = fill_inbox(context, 3)
    window = _window(qtbot, context)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append("?"))
    window.select_row(0)
    first = window.selected_ids()
    window.action_delete.trigger()
    second = window.selected_ids()
    window.action_delete.trigger()
    assert first != second and visible_rows(window) == 1
    # and the same message addressed twice (as a double key press before the view updated)
    window._queue_change(lambda store: move_where_seen(store, {first[0]: "Inbox"}, "Trash"))
    qtbot.waitUntil(lambda: not window._store_changes)
    assert asked == []
    assert sorted(r.id for r in context.store.list("Trash")) == sorted(first + second)
    assert [r.id for r in context.store.list("Inbox")] == [
        i for i in ids if i not in first + second
    ]
    assert window.message_model.rowCount() == 1 == visible_rows(window)
    assert window.selected_ids() == [ids[0]]


def test_rows_a_delete_will_move_stay_hidden_when_the_list_is_read_again_meanwhile(
    qtbot: QtBot, context: AppContext
) -> None:
    """Another change re-reads the list before the worker has moved a message the message
    window deleted: its row stays hidden, and the next Delete does not move on to it."""
    ids = fill_inbox(context, 3)  # rows: Message 2, 1, 0
    window = MainWindow(context)  # not shown: no row is read before it is needed
    qtbot.addWidget(window)
    assert window.delete_message(ids[1], window) == Deleted(ids[0])
    window.refresh()  # before the worker's result has come back
    assert window.message_list.isRowHidden(1) and visible_rows(window) == 2
    assert window.delete_message(ids[0], window) == Deleted(ids[2])  # not back to Message 1
    window.refresh()
    assert window.delete_message(ids[2], window) == Deleted(None)
    qtbot.waitUntil(lambda: not window._store_changes)
    assert window.message_model.rowCount() == 0
    assert context.store.count("Trash") == 3


def test_delete_shows_the_message_below_and_at_the_end_the_one_above(
    qtbot: QtBot, context: AppContext
) -> None:
    """As Outlook Express and Thunderbird: after Delete the user reads on."""
    ids = fill_inbox(context, 4)  # newest first: rows show Message 3, 2, 1, 0
    window = _window(qtbot, context)
    window.select_row(1)
    qtbot.waitUntil(lambda: "Body of message 2." in window.reading_text())
    window.action_delete.trigger()
    assert window.selected_ids() == [ids[1]]  # the row below
    qtbot.waitUntil(lambda: "Body of message 1." in window.reading_text())
    qtbot.waitUntil(lambda: not window._store_changes)
    assert window.selected_ids() == [ids[1]]  # still, after the list was read again
    window.select_row(window.message_model.rowCount() - 1)  # Message 0, the last row
    window.action_delete.trigger()
    assert window.selected_ids() == [ids[1]]  # nothing below: the one above
    qtbot.waitUntil(lambda: not window._store_changes)
    window.select_row(0)
    window.message_list.selectionModel().select(
        window.message_model.index(1, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    window.action_delete.trigger()  # both left: nothing to move on to
    assert window.selected_ids() == [] and window.reading_text() == ""
    qtbot.waitUntil(lambda: context.store.count("Trash") == 4)


def test_junk_moves_on_to_the_next_message_too(qtbot: QtBot, context: AppContext) -> None:
    ids = fill_inbox(context, 2)
    window = _window(qtbot, context)
    window.select_row(0)
    window.action_junk.trigger()
    assert window.selected_ids() == [ids[0]]
    qtbot.waitUntil(lambda: "Body of message 0." in window.reading_text())
    qtbot.waitUntil(lambda: context.store.count("Junk") == 1)


def test_delete_in_trash_asks_and_then_deletes_for_good_in_a_worker(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = fill_inbox(context, 2)
    context.store.move(ids, "Trash")
    window = _window(qtbot, context)
    window.open_folder("Trash")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    window.select_row(0)
    window.action_delete.trigger()  # No: nothing happens
    assert visible_rows(window) == 2 and not window._store_changes
    window.action_delete.trigger()  # Yes
    qtbot.waitUntil(lambda: not window._store_changes)
    assert context.store.count("Trash") == 1 and window.message_model.rowCount() == 1
    assert sum(f.total for f in context.store.folders()) == 1


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
    assert {"F5", "Ctrl+M"} <= {k.toString() for k in window.action_get_mail.shortcuts()}


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
    qtbot.waitUntil(lambda: not window._store_changes)
    newest = context.store.get(ids[-1])
    assert "S" in newest.flags and "F" in newest.flags
    assert "S" not in context.store.get(ids[0]).flags
    font = window.message_model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert font is None or not font.bold()  # the list shows it read
