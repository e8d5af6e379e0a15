"""The task runner: work runs off the GUI thread and its outcome comes back on it."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hongyan.core.errors import HongyanError
from hongyan.gui.tasks import TaskControl, TaskRunner


def _on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()  # type: ignore[union-attr]


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    worker_threads: list[bool] = []
    seen: list[tuple[int, int, bool]] = []
    results: list[tuple[int, bool]] = []

    def op(control: TaskControl) -> int:
        worker_threads.append(_on_gui_thread())
        for done in range(1, 1001):
            control.progress(done, 1000)
        return 42

    runner.run(
        op=op,
        progress=lambda done, total: seen.append((done, total, _on_gui_thread())),
        success=lambda value: results.append((value, _on_gui_thread())),
    )
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert worker_threads == [False]
    assert results == [(42, True)]
    assert seen[-1] == (1000, 1000, True), "the last report is never dropped"
    assert all(on_gui for *_, on_gui in seen)
    assert len(seen) <= 1000, "reports are coalesced, never duplicated"
    assert runner.running == []


def test_a_hongyan_error_becomes_its_message(qtbot: QtBot) -> None:
    runner = TaskRunner()
    failures: list[str] = []

    def op(control: TaskControl) -> None:
        raise HongyanError("pop.example.test refused the password.")

    runner.run(op=op, failure=failures.append, success=lambda _: failures.append("succeeded?"))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == ["pop.example.test refused the password."]


def test_a_bug_becomes_a_sentence_not_a_traceback(qtbot: QtBot, caplog) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    failures: list[str] = []

    def op(control: TaskControl) -> None:
        raise KeyError("oops")

    runner.run(op=op, failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "KeyError" in failures[0]
    assert "Traceback" not in failures[0]
    assert "background task failed" in caplog.text


def test_cancel_stops_the_operation_and_reports_cancelled(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    outcome: list[str] = []

    def op(control: TaskControl) -> str:
        started.set()
        deadline = time.monotonic() + 5
        while not control.cancel.wait(0.01):
            assert time.monotonic() < deadline
        return "stopped"

    task = runner.run(
        op=op, success=lambda _: outcome.append("success"), cancelled=lambda: outcome.append("x")
    )
    assert started.wait(5)
    assert task.running
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == ["x"]
    assert not task.running
