"""Import and Rebuild Index from the File menu: store work in workers, shown in the status bar.

Both are the store's own operations (:func:`import_path`, :meth:`Store.reindex`) run through
the :class:`TaskRunner` with the worker's own index connection, each with a line in the status
bar. An import can be cancelled: it stops after the batch being written (whatever was imported
stays, nothing is half-written: the store's delivery is crash-safe). A rebuild cannot be
stopped half-way — the index would lack messages until it is finished — so it has no Cancel;
while it runs no fetch starts (the fetch would write into the index being rebuilt).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from hongyan.core.store.importexport import import_path
from hongyan.gui.context import AppContext
from hongyan.gui.fetch_status import StatusPanel
from hongyan.gui.outgoing import worker_store
from hongyan.gui.tasks import Task, TaskControl

IMPORT_KEY = "import"
REINDEX_KEY = "reindex"


@dataclass(frozen=True)
class ImportOutcome:
    imported: int
    cancelled: bool


class _StoppedError(Exception):
    """Raised from the import's progress callback to stop it after a committed batch."""


@dataclass
class _SourceProgress:
    """The import's progress callback for one source: reports the running total and stops
    the import (after the batch just committed) when the task was cancelled."""

    control: TaskControl
    before: int
    number: int
    sources: int

    def __call__(self, done: int, _total: int) -> None:
        self.control.progress(self.before + done, self.number, self.sources)
        if self.control.cancelled:
            raise _StoppedError(done)


def import_sources(
    root: Path, sources: Sequence[Path], folder: str, control: TaskControl
) -> ImportOutcome:
    """Import each of ``sources`` (mbox files, .eml files, folders of them) into ``folder``.

    Worker thread. Progress is ``(messages imported, sources done, sources)``.
    """
    imported = 0
    with worker_store(root) as store:
        for number, source in enumerate(sources):
            if control.cancelled:
                break
            progress = _SourceProgress(control, imported, number, len(sources))
            try:
                imported += import_path(store, source, folder=folder, progress=progress).imported
            except _StoppedError as stopped:
                imported += int(stopped.args[0])
                break
            control.progress(imported, number + 1, len(sources))
    return ImportOutcome(imported, control.cancelled)


def rebuild_index(root: Path, control: TaskControl) -> int:
    """Rebuild the store's index from its files (worker thread); return the message count."""
    with worker_store(root) as store:
        return store.reindex(progress=control.progress)


class StoreJobs(QObject):
    """Starts imports and rebuilds for one main window and shows them in its status bar.

    Signals:
        job_did_finish: (key, ok, message for the user) when an import or rebuild ended.
    """

    job_did_finish = Signal(str, bool, str)

    def __init__(self, context: AppContext, panel: StatusPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.context = context
        self.panel = panel
        self.tasks: dict[str, Task[Any]] = {}

    def busy(self, key: str) -> bool:
        return key in self.tasks

    def start_import(self, sources: Sequence[Path], folder: str) -> bool:
        """Import ``sources`` into ``folder``; False when an import already runs."""
        if self.busy(IMPORT_KEY) or self.busy(REINDEX_KEY) or not sources:
            return False
        root = self.context.store.root
        paths = list(sources)
        task = self.context.tasks.run(
            op=lambda control: import_sources(root, paths, folder, control),
            progress=self._import_progress,
            success=self._imported,
            failure=lambda message: self._failed(IMPORT_KEY, message),
        )
        self.tasks[IMPORT_KEY] = task
        self.panel.start_job(IMPORT_KEY, self.tr("Import"), task.cancel)
        return True

    def _import_progress(self, imported: int, done: int, total: int) -> None:
        text = self.tr("%n message(s)", "", imported)
        # Several files: the bar shows the files; one mbox: a busy bar and the count.
        self.panel.update_job(IMPORT_KEY, done, total if total > 1 else 0, text)

    def _imported(self, outcome: ImportOutcome) -> None:
        self.tasks.pop(IMPORT_KEY, None)
        if outcome.cancelled:
            message = self.tr(
                "Import cancelled; %n message(s) imported before that are kept.",
                "",
                outcome.imported,
            )
        else:
            message = self.tr("%n message(s) imported.", "", outcome.imported)
        self.panel.finish_job(IMPORT_KEY, message)
        self.context.signals.store_did_change.emit()
        self.job_did_finish.emit(IMPORT_KEY, True, message)

    def start_reindex(self) -> bool:
        """Rebuild the index in a worker; False when something else uses the store."""
        if self.tasks or self.context.store_moving:
            return False
        root = self.context.store.root
        self.context.store_moving = True  # no fetch writes into the index being rebuilt
        self.tasks[REINDEX_KEY] = self.context.tasks.run(
            op=lambda control: rebuild_index(root, control),
            progress=lambda done, total: self.panel.update_job(
                REINDEX_KEY,
                done,
                total,
                self.tr("{done} of {total}").format(done=done, total=total),
            ),
            success=self._reindexed,
            failure=lambda message: self._failed(REINDEX_KEY, message),
        )
        self.panel.start_job(REINDEX_KEY, self.tr("Rebuilding the index"))
        return True

    def _reindex_progress(self, done: int, total: int) -> None:
        text = self.tr("{done} of {total}").format(done=done, total=total)
        self.panel.update_job(REINDEX_KEY, done, total, text)

    def _reindexed(self, count: int) -> None:
        self.context.store_moving = False
        self.tasks.pop(REINDEX_KEY, None)
        message = self.tr("The index was rebuilt: %n message(s).", "", count)
        self.panel.finish_job(REINDEX_KEY, message)
        self.context.signals.store_did_change.emit()
        self.job_did_finish.emit(REINDEX_KEY, True, message)

    def _failed(self, key: str, message: str) -> None:
        if key == REINDEX_KEY:
            self.context.store_moving = False
        self.tasks.pop(key, None)
        self.panel.finish_job(key, message)
        self.context.signals.store_did_change.emit()
        self.job_did_finish.emit(key, False, message)
