"""Python's garbage collection, run on the GUI thread only.

CPython collects whenever an allocation pushes a generation over its threshold, in whatever
thread allocated. In Hongyan that may be a worker thread of the :class:`TaskRunner`; a Qt
object freed there (a widget or a timer kept in a reference cycle) makes Qt complain that
"Timers cannot be stopped from another thread", or worse. So the app switches automatic
collection off and collects on a timer of the GUI thread instead, generation by generation
with the thresholds CPython would use. *(The well-known pattern for PyQt/PySide apps, e.g.
Camelot's and pyqtgraph's ``GarbageCollector``.)*

Reference counting frees almost everything at once as before; the timer only deals with
cycles, so a few hundred milliseconds of delay costs nothing.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks whether a generation is due.
CHECK_INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """While it runs, cycles are collected on the thread that created it, never elsewhere."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        """Switch automatic collection off and start collecting on this thread's timer."""
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer and give collection back to CPython (as it was before start)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """Collect the oldest generation over its threshold (as CPython would); return the
        number of unreachable objects found, or -1 when nothing was due."""
        counts = gc.get_count()
        due = -1
        for generation in range(3):
            if counts[generation] > self._thresholds[generation]:
                due = generation
            else:
                break
        return gc.collect(due) if due >= 0 else -1
