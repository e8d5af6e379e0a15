"""The main window opens and closes offscreen."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow


def test_main_window_opens_and_closes(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.isVisible()
    assert window.windowTitle() == "Inbox"  # the platform adds the app's name
    window.close()
    assert not window.isVisible()
