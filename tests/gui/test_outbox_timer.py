"""The Outbox timer's own rules: a flush already running when a message falls due does not
make the timer forget it, a message a flush tried and left is not tried again in a loop, and
Undo Send's delay is an option that is saved."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import FlushReport, Outbox
from hongyan.gui.context import AppContext
from hongyan.gui.options_dialog import OptionsDialog
from hongyan.gui.outbox_timer import OutboxTimer
from support.sending import Clock


@pytest.fixture
def waiting(context: AppContext) -> Clock:
    """One message in the Outbox, due a minute from the clock's now."""
    clock = Clock()
    context.clock = clock
    account = make_account("li@example.test")
    context.accounts.add(account)
    draft = Draft(to=["wang@example.cn"], subject="Later", body="Text")
    Outbox(context.store, clock=clock).queue(
        build_message(draft, account), account.name, send_at=clock.now + 60
    )
    return clock


def test_a_flush_running_at_the_due_time_is_waited_for_then_the_message_is_sent(
    qtbot: QtBot, context: AppContext, waiting: Clock
) -> None:
    flushes: list[float] = []
    running = [True]
    timer = OutboxTimer(context, lambda: flushes.append(waiting.now), lambda: running[0])
    timer.poll_seconds = 0.05
    timer.update()
    qtbot.waitUntil(lambda: timer.next_due == waiting.now + 60)
    waiting.now += 61
    qtbot.wait(300)
    assert flushes == [], "a flush (Get Mail's) is running: wait for its report"
    running[0] = False
    timer.flushed(FlushReport())  # it began before the time and passed the message by
    qtbot.waitUntil(lambda: len(flushes) == 1)

    timer.flushed(FlushReport())  # that flush left it too (no password yet, say)
    qtbot.wait(300)
    assert len(flushes) == 1, "no loop of flushes over a message that needs the user"


def test_at_start_a_message_whose_time_passed_is_sent_at_once(
    qtbot: QtBot, context: AppContext, waiting: Clock
) -> None:
    flushes: list[float] = []
    waiting.now += 3600
    timer = OutboxTimer(context, lambda: flushes.append(waiting.now), lambda: False)
    timer.start()
    qtbot.waitUntil(lambda: flushes == [waiting.now])


def test_the_undo_send_delay_is_chosen_in_the_options(qtbot: QtBot, context: AppContext) -> None:
    dialog = OptionsDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.undo_send.currentText() == "Off"
    assert [dialog.undo_send.itemText(i) for i in range(dialog.undo_send.count())] == [
        "Off", "5 seconds", "10 seconds", "20 seconds", "30 seconds",
    ]  # fmt: skip
    dialog.undo_send.setCurrentIndex(dialog.undo_send.findData(10))
    dialog.accept()
    assert type(context.settings).load(context.paths).get("undo_send_seconds") == 10
