"""The status bar's message line: a long failure keeps its beginning, the rest is a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from hongyan.gui.fetch_status import StatusPanel

LONG = (
    "li: the server's certificate is not trusted (pop.example.test:995): SHA-256 "
    + ":".join(["AB", "CD", "EF", "01"] * 8)
    + ", issued by Example CA, valid from 2026-01-01 to 2027-01-01."
)


def _shown(panel: StatusPanel) -> str:
    return QLabel.text(panel.message)


def test_a_long_message_is_cut_at_the_end_and_shown_whole_as_tooltip(qtbot: QtBot) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 30)
    panel.show()
    panel.finish_job("fetch:li", LONG)
    assert panel.message.text() == LONG
    assert _shown(panel).startswith("li: the server's certificate is not trusted")
    assert _shown(panel).endswith("…")
    assert panel.message.toolTip() == LONG


def test_a_short_message_is_shown_whole_without_tooltip(qtbot: QtBot) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.resize(600, 30)
    panel.show()
    panel.finish_job("fetch:li", "li: 3 new messages")
    assert _shown(panel) == "li: 3 new messages"
    assert panel.message.toolTip() == ""


def test_widening_the_window_shows_more_of_the_message(qtbot: QtBot) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 30)
    panel.show()
    panel.finish_job("fetch:li", LONG)
    narrow = len(_shown(panel))
    panel.resize(2000, 30)
    qtbot.waitUntil(lambda: _shown(panel) == LONG)
    assert narrow < len(LONG)
    assert panel.message.toolTip() == ""
