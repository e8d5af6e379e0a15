"""Double-click or Enter on a received message opens it in its own window, not a reply."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox
from hongyan.core.store.maildir import TRASH
from hongyan.gui import message_reader
from hongyan.gui.app import Hongyan
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.message_window import MessageWindow


def _double_click_first(qtbot: QtBot, app: Hongyan) -> None:
    app.window.open_folder("Inbox")
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() >= 1)
    view = app.window.message_list
    rect = view.visualRect(app.window.message_model.index(0, 1))
    # A real double-click is a press, a release, then the double-click event.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _opened(qtbot: QtBot, app: Hongyan) -> MessageWindow:
    """The message window opened last, once its file has been read (in a worker)."""
    assert app.message_windows, "a message window opened"
    window = app.message_windows[-1]
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.data is not None)
    return window


def test_double_click_in_the_inbox_opens_the_message_in_its_own_window(
    qtbot: QtBot, app: Hongyan
) -> None:
    (message_id,) = fill_inbox(app.context, 1)
    _double_click_first(qtbot, app)
    window = _opened(qtbot, app)
    assert app.compose_windows == [], "no reply is started by accident"
    assert window.isVisible() and window.message_id == message_id
    assert window.windowTitle() == "Message 0"
    assert "Body of message 0." in window.text()
    assert "Sender 0" in window.message_pane.headers.text()
    qtbot.waitUntil(lambda: "S" in app.context.store.get(message_id).flags)


def test_reply_from_the_message_window_opens_a_prefilled_compose_window(
    qtbot: QtBot, app: Hongyan
) -> None:
    fill_inbox(app.context, 1)
    _double_click_first(qtbot, app)
    window = _opened(qtbot, app)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert len(app.compose_windows) == 1
    reply = app.compose_windows[0]
    assert isinstance(reply, ComposeWindow)
    qtbot.addWidget(reply)
    assert reply.subject.text() == "Re: Message 0"
    assert "sender0@example.test" in reply.to.text()
    assert reply.draft_id is None

    window.action_forward.trigger()
    forward = app.compose_windows[-1]
    assert isinstance(forward, ComposeWindow)
    qtbot.addWidget(forward)
    assert forward.subject.text() == "Fwd: Message 0"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_opening_the_same_message_again_brings_its_window_up(qtbot: QtBot, app: Hongyan) -> None:
    fill_inbox(app.context, 2)
    app.window.open_folder("Inbox")
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() == 2)
    app.window.select_row(0)
    qtbot.keyClick(app.window.message_list, Qt.Key.Key_Return)
    first = _opened(qtbot, app)
    qtbot.keyClick(app.window.message_list, Qt.Key.Key_Return)
    assert app.message_windows == [first]
    app.window.select_row(1)
    qtbot.keyClick(app.window.message_list, Qt.Key.Key_Return)
    second = _opened(qtbot, app)
    assert second is not first and second.message_id != first.message_id


def test_delete_of_the_only_message_moves_it_to_trash_and_closes_the_window(
    qtbot: QtBot, app: Hongyan
) -> None:
    (message_id,) = fill_inbox(app.context, 1)
    _double_click_first(qtbot, app)
    window = _opened(qtbot, app)
    window.action_delete.trigger()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: app.context.store.get(message_id).folder == TRASH)
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() == 0)


def test_the_message_window_speaks_chinese(qtbot: QtBot, app: Hongyan) -> None:
    (message_id,) = fill_inbox(app.context, 1)
    assert app.context.translators is not None
    app.context.translators.apply("zh_CN")
    window = MessageWindow.for_message(app.context, message_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.data is not None)
    assert [a.text() for a in (window.action_reply, window.action_reply_all)] == [
        "答复(&R)",
        "全部答复(&A)",
    ]
    assert window.action_delete.text() == "删除(&D)"
    assert "发件人" in window.message_pane.headers.text()


def test_opening_marks_the_message_read_by_itself_and_escape_closes_it(
    qtbot: QtBot, app: Hongyan
) -> None:
    """Not the reading pane's timer: nothing is selected in the list here."""
    (message_id,) = fill_inbox(app.context, 1)
    window = app.compose("open", message_id)
    assert isinstance(window, MessageWindow)
    qtbot.addWidget(window)
    assert app.window.selected_ids() == []
    qtbot.waitUntil(lambda: "S" in app.context.store.get(message_id).flags)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_delete_in_the_message_window_moves_on_to_the_next_message_in_the_list(
    qtbot: QtBot, app: Hongyan
) -> None:
    """As Thunderbird's message window: the one below in the list, at the end the one above;
    each shown there is marked read, and the window closes when nothing is left."""
    ids = fill_inbox(app.context, 3)  # the list, newest first: Message 2, 1, 0
    app.window.open_folder("Inbox")
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() == 3)
    window = app.compose("open", ids[1])  # the middle row
    assert isinstance(window, MessageWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Body of message 1." in window.text())

    window.action_delete.trigger()
    assert window.isVisible() and window.message_id == ids[0]  # the row below
    qtbot.waitUntil(lambda: "Body of message 0." in window.text())
    assert window.windowTitle() == "Message 0"
    qtbot.waitUntil(lambda: "S" in app.context.store.get(ids[0]).flags)

    window.action_delete.trigger()  # the last row: the one above it is next
    assert window.message_id == ids[2]
    qtbot.waitUntil(lambda: "Body of message 2." in window.text())
    window.action_delete.trigger()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: app.context.store.count(TRASH) == 3)
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() == 0)


def test_delete_in_the_message_window_moves_the_list_on_when_it_showed_that_message(
    qtbot: QtBot, app: Hongyan
) -> None:
    ids = fill_inbox(app.context, 3)
    app.window.open_folder("Inbox")
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() == 3)
    app.window.select_row(0)  # Message 2
    qtbot.keyClick(app.window.message_list, Qt.Key.Key_Return)
    window = _opened(qtbot, app)
    window.action_delete.trigger()
    assert window.message_id == ids[1]
    assert app.window.selected_ids() == [ids[1]]
    qtbot.waitUntil(lambda: "Body of message 1." in app.window.reading_text())
    qtbot.waitUntil(lambda: app.context.store.get(ids[2]).folder == TRASH)


def test_the_message_file_is_read_in_a_worker_not_on_the_gui_thread(
    qtbot: QtBot, app: Hongyan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the reading pane's: a read waiting on a disk busy with a fetch never blocks."""
    (message_id,) = fill_inbox(app.context, 1)
    readers: list[bool] = []
    read = message_reader.read_for_reading

    def recording(path: Path, **kwargs: Any) -> bytes:
        if app.context.store.root in path.parents:  # the message's file
            readers.append(threading.current_thread() is threading.main_thread())
        return read(path, **kwargs)

    monkeypatch.setattr(message_reader, "read_for_reading", recording)
    window = MessageWindow.for_message(app.context, message_id)
    qtbot.addWidget(window)
    assert window.text() == ""  # not read yet: the window is up at once
    qtbot.waitUntil(lambda: "Body of message 0." in window.text())
    assert readers == [False]


def test_a_message_moved_before_its_window_read_it_is_read_where_it_went(
    qtbot: QtBot, app: Hongyan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete in the main window can move the message between the window's look-up of its
    file and the read: the window reads it from the Trash instead of giving up."""
    (message_id,) = fill_inbox(app.context, 1)
    store = app.context.store
    look_up = store.path

    def moved_right_after(asked: int) -> Path:
        path = look_up(asked)
        monkeypatch.setattr(store, "path", look_up)  # once
        store.move([asked], TRASH)
        return path

    monkeypatch.setattr(store, "path", moved_right_after)
    warned: list[object] = []
    monkeypatch.setattr(
        "hongyan.gui.message_window.QMessageBox.warning", lambda *args: warned.append(args)
    )
    window = app.compose("open", message_id)
    assert isinstance(window, MessageWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Body of message 0." in window.text())
    assert window.isVisible() and store.get(message_id).folder == TRASH
    assert warned == []
