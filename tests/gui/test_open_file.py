"""File → Open… reads a saved .eml file in a message window: read-only, never into the store,
shown through the same pane and sanitiser as every message."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from hongyan.gui.app import Hongyan
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow
from hongyan.gui.message_window import MessageWindow
from support.mail import message

HOSTILE_HTML = (
    b"From: Mallory <mallory@example.net>\r\n"
    b"To: li@example.test\r\n"
    b"Subject: =?utf-8?b?5oql5Lu35Y2V?=\r\n"
    b"Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n"
    b"\r\n"
    b"<p>Quote attached.</p><img src='https://tracker.example.net/pixel.gif'>"
    b"<script>document.title='owned'</script>"
    b"<a href='javascript:alert(1)'>click</a>\r\n"
)


def _open(qtbot: QtBot, app: Hongyan, path: Path, monkeypatch: pytest.MonkeyPatch) -> MessageWindow:
    """Choose ``path`` in File → Open…'s dialog; the message window that opens."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "Mail messages (*.eml)")
    )
    app.window.action_open.trigger()
    window = app.message_windows[-1]
    qtbot.addWidget(window)
    return window


def test_open_shows_a_saved_message_read_only_and_keeps_it_out_of_the_store(
    qtbot: QtBot, app: Hongyan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "quote.eml"
    saved.write_bytes(
        message(
            subject="Saved quote", body="The price is 42.", sender="Wang Fang <wang@example.cn>"
        )
    )
    window = _open(qtbot, app, saved, monkeypatch)
    qtbot.waitUntil(lambda: "The price is 42." in window.text())
    assert window.windowTitle() == "Saved quote"
    assert window.message_id is None and window.path == saved
    assert "Wang Fang" in window.message_pane.headers.text()
    assert not window.action_delete.isEnabled(), "not in the store: nothing to delete"
    window.delete()  # even called directly, nothing happens
    assert window.isVisible() and saved.exists()
    assert sum(f.total for f in app.context.store.folders()) == 0
    assert app.context.store.connection.execute("SELECT count(*) FROM messages").fetchone() == (0,)


def test_reply_and_forward_work_from_an_opened_file(
    qtbot: QtBot, app: Hongyan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "quote.eml"
    saved.write_bytes(message(subject="Saved quote", sender="Wang Fang <wang@example.cn>"))
    window = _open(qtbot, app, saved, monkeypatch)
    qtbot.waitUntil(lambda: window.action_reply.isEnabled())
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    reply = app.compose_windows[-1]
    assert isinstance(reply, ComposeWindow)
    qtbot.addWidget(reply)
    assert reply.subject.text() == "Re: Saved quote"
    assert "wang@example.cn" in reply.to.text()
    assert reply.in_reply_to is None, "nothing in the store to mark answered"
    window.action_forward.trigger()
    forward = app.compose_windows[-1]
    assert isinstance(forward, ComposeWindow)
    qtbot.addWidget(forward)
    assert forward.subject.text() == "Fwd: Saved quote"


def test_a_hostile_html_file_is_shown_as_safely_as_mail_in_the_store(
    qtbot: QtBot, app: Hongyan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan D36, D37: the same sanitiser and remote-content block as the reading pane (the
    tracking image blocked, the script and the javascript: link gone), for a file from
    anywhere."""
    saved = tmp_path / "hostile.eml"
    saved.write_bytes(HOSTILE_HTML)
    window = _open(qtbot, app, saved, monkeypatch)
    qtbot.waitUntil(lambda: "Quote attached." in window.text())
    assert window.windowTitle() == "报价单"
    pane = window.message_pane
    assert pane.view is not None and pane.view.remote_blocked == 1
    assert not pane.bar.isHidden()
    html = pane.browser.toHtml()
    assert "script" not in html.lower() and "owned" not in html
    assert "javascript:" not in html and "tracker.example.net" not in html


def test_a_file_that_cannot_be_read_says_so_and_the_window_goes(
    qtbot: QtBot, app: Hongyan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: warnings.append(text))
    window = _open(qtbot, app, tmp_path / "gone.eml", monkeypatch)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "gone.eml" in warnings[0] and "Traceback" not in warnings[0]
    assert not window.isVisible()


def test_cancelling_the_dialog_opens_nothing(app: Hongyan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    app.window.action_open.trigger()
    assert app.message_windows == []


def test_file_open_in_chinese(qtbot: QtBot, context: AppContext) -> None:
    assert context.translators is not None
    context.translators.apply("zh_CN")
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.action_open.text() == "打开(&O)…"
    assert window.action_open.shortcut().toString() == "Ctrl+O"
