"""Garbage holding Qt objects is collected on the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QTimer
from pytestqt.qtbot import QtBot

from hongyan.gui.collector import MainThreadCollector


@pytest.fixture
def collector(qtbot: QtBot) -> Iterator[MainThreadCollector]:
    gc.collect()
    running = MainThreadCollector(interval_ms=50)
    running.start()
    yield running
    running.stop()


class _Holder(QObject):
    """A QObject with a running timer, kept alive only by a reference cycle."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer()
        self.timer.start(60_000)
        self.me = self


class _PlainCycle:
    def __init__(self) -> None:
        self.me = self


def _cycle_freed_in(kind: type = _Holder) -> tuple[list[int], weakref.ref[object]]:
    freed_in: list[int] = []
    holder = kind()
    weakref.finalize(holder, lambda: freed_in.append(threading.get_ident()))
    return freed_in, weakref.ref(holder)


def _allocate_in_a_worker(kept: list[object]) -> int:
    """Allocate far over CPython's thresholds in another thread; return that thread's id."""
    worker = threading.Thread(target=lambda: kept.extend([n] for n in range(20_000)))
    worker.start()
    worker.join()
    assert worker.ident is not None
    return worker.ident


def test_without_it_cpython_frees_qt_objects_in_the_allocating_thread() -> None:
    """The problem: the collector runs in whatever thread crosses the threshold (shown with
    a plain cycle: with a Qt timer inside, Qt warns "Timers cannot be stopped from another
    thread")."""
    gc.collect()
    freed_in, _ = _cycle_freed_in(_PlainCycle)
    worker = _allocate_in_a_worker([])
    assert freed_in == [worker]


def test_a_worker_thread_allocating_never_collects(collector: MainThreadCollector) -> None:
    freed_in, ref = _cycle_freed_in()
    _allocate_in_a_worker([])
    assert ref() is not None and freed_in == []


def test_the_gui_thread_collects_the_cycle_on_its_timer(
    qtbot: QtBot, collector: MainThreadCollector
) -> None:
    freed_in, ref = _cycle_freed_in()
    kept: list[object] = []
    _allocate_in_a_worker(kept)
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)
    assert freed_in == [threading.get_ident()]


def test_stop_gives_collection_back_to_cpython() -> None:
    assert gc.isenabled()
    collector = MainThreadCollector()
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()


def test_nothing_due_collects_nothing(collector: MainThreadCollector) -> None:
    gc.collect()
    assert collector.collect_due() == -1
