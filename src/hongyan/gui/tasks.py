"""The one way the interface runs work off the GUI thread.

Fetching, sending, moving the store, importing and reindexing are plain core functions that
take a ``progress`` callback and a ``cancel`` :class:`threading.Event`. :meth:`TaskRunner.run`
runs such a function on a :class:`QThreadPool` and delivers its progress, its result or its
failure back on the GUI thread through Qt signals, so callbacks may touch widgets. Core never
sees Qt; widgets never see a thread. *(After Anki's ``aqt/taskman.py`` and ``QueryOp``.)*

A failure reaches the user as a sentence: the text of a :class:`HongyanError`, or for a bug a
short generic sentence while the traceback goes to the log — never a traceback in a dialog.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from hongyan.core.errors import HongyanError
from hongyan.core.texts import text_of
from hongyan.gui.i18n import core_text

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class TaskControl:
    """What a running operation receives: where to report progress and when to stop.

    Pass ``control.progress`` as the core function's progress callback and ``control.cancel``
    as its cancel event. ``progress`` may be called from the worker thread as often as the
    core likes: reports are coalesced (see :meth:`_Relay.report`).
    """

    cancel: threading.Event = field(default_factory=threading.Event)
    _report: Callable[[tuple[Any, ...]], None] = lambda args: None

    def progress(self, *args: Any) -> None:
        self._report(args)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()


def user_message(exc: BaseException) -> str:
    """The sentence a user sees for ``exc``; for anything but a HongyanError it is generic."""
    if isinstance(exc, HongyanError):
        return text_of(exc)  # translated on the GUI thread, by _finish
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return QCoreApplication.translate("tasks", "The operation failed: {reason}{where}.").format(
            reason=exc.strerror, where=where
        )
    return QCoreApplication.translate(
        "tasks",
        "Something went wrong inside Hongyan ({kind}). Details were written to the log; "
        "please report it.",
    ).format(kind=type(exc).__name__)


class _Relay(QObject):
    """Lives on the GUI thread; its queued slots call the caller's callbacks there.

    Signals:
        progress_ready: a coalesced progress report is waiting in ``_pending``.
        did_finish: the operation returned (``ok``, result or message, cancelled).
    """

    progress_ready = Signal()
    did_finish = Signal(bool, object, bool)

    def __init__(self, task: Task[Any]) -> None:
        super().__init__()
        self._task = task
        self._lock = threading.Lock()
        self._pending: tuple[Any, ...] | None = None
        self.progress_ready.connect(self._deliver_progress)
        self.did_finish.connect(self._deliver_finish)

    def report(self, args: tuple[Any, ...]) -> None:
        """Worker side: keep only the newest report; at most one delivery is queued at a time.

        The GUI thread thus sees as many reports as it has time for and always the last one,
        however often core reports (10 000 messages need not mean 10 000 repaints).
        """
        with self._lock:
            first = self._pending is None
            self._pending = args
        if first:
            self.progress_ready.emit()

    @Slot()
    def _deliver_progress(self) -> None:
        with self._lock:
            args, self._pending = self._pending, None
        if args is not None and self._task.progress is not None:
            self._task.progress(*args)

    @Slot(bool, object, bool)
    def _deliver_finish(self, ok: bool, value: object, cancelled: bool) -> None:
        self._task._finish(ok, value, cancelled)


class Task(QRunnable, Generic[T]):
    """One background operation; keep it to :meth:`cancel` it or to ask :attr:`running`."""

    def __init__(
        self,
        runner: TaskRunner,
        op: Callable[[TaskControl], T],
        success: Callable[[T], None] | None,
        failure: Callable[[str], None] | None,
        progress: Callable[..., None] | None,
        cancelled: Callable[[], None] | None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._runner = runner
        self._op = op
        self.success = success
        self.failure = failure
        self.progress = progress
        self.on_cancelled = cancelled
        self.control = TaskControl()
        self._relay = _Relay(self)
        self.control._report = self._relay.report
        self.running = True

    def cancel(self) -> None:
        """Ask the operation to stop; it ends at its next check of the cancel event."""
        self.control.cancel.set()

    def run(self) -> None:  # worker thread
        try:
            result = self._op(self.control)
        except BaseException as exc:
            if not isinstance(exc, HongyanError):
                log.error("background task failed", exc_info=exc)
            self._relay.did_finish.emit(False, user_message(exc), self.control.cancelled)
        else:
            self._relay.did_finish.emit(True, result, self.control.cancelled)

    def _finish(self, ok: bool, value: Any, cancelled: bool) -> None:  # GUI thread
        self.running = False
        self._runner._forget(self)
        if cancelled and self.on_cancelled is not None:
            self.on_cancelled()
        elif ok and self.success is not None:
            self.success(value)
        elif not ok and self.failure is not None:
            self.failure(core_text(value))
        elif not ok:
            log.warning("background task failed: %s", value)


class TaskRunner(QObject):
    """Runs operations on its own thread pool; one per application, passed to windows.

    Signals:
        busy_did_change: the number of running tasks changed (for a busy indicator).
    """

    busy_did_change = Signal(int)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tasks: list[Task[Any]] = []

    def run(
        self,
        *,
        op: Callable[[TaskControl], T],
        success: Callable[[T], None] | None = None,
        failure: Callable[[str], None] | None = None,
        progress: Callable[..., None] | None = None,
        cancelled: Callable[[], None] | None = None,
    ) -> Task[T]:
        """Start ``op(control)`` on a worker thread; callbacks run later on the GUI thread.

        Args:
            op: the work; receives a :class:`TaskControl` to pass on to core.
            success: called with the result.
            failure: called with a sentence for the user.
            progress: called with whatever ``control.progress(...)`` was given, coalesced.
            cancelled: called instead of success/failure when :meth:`Task.cancel` was used.
        """
        task: Task[T] = Task(self, op, success, failure, progress, cancelled)
        self._tasks.append(task)
        self.busy_did_change.emit(len(self._tasks))
        self._pool.start(task)
        return task

    @property
    def running(self) -> list[Task[Any]]:
        return list(self._tasks)

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every worker returned (at quit, and in tests); True when all did."""
        return self._pool.waitForDone(msecs)

    def _forget(self, task: Task[Any]) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
            self.busy_did_change.emit(len(self._tasks))
