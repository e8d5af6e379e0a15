"""Import and Rebuild Index from the File menu: store work in workers, shown in the status bar.

Both are the store's own operations (:func:`import_path`, :meth:`Store.reindex`) run through
the :class:`TaskRunner` with the worker's own index connection, each with a line in the status
bar. An import can be cancelled: it stops after the batch being written (whatever was imported
stays, nothing is half-written: the store's delivery is crash-safe). A rebuild is built beside
the index in use (core/store/rebuild.py), so it can be cancelled too and the window keeps
reading the old index; when it is complete the window closes its connection, the new index is
swapped in by a second short task, and the store is opened again. While it runs no fetch
starts (a fetch holding the store open would keep the swap from happening).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from hongyan.core.errors import HongyanError
from hongyan.core.store import rebuild
from hongyan.core.store.importexport import import_path
from hongyan.gui.context import AppContext
from hongyan.gui.fetch_status import StatusPanel
from hongyan.gui.i18n import core_text
from hongyan.gui.outgoing import worker_store
from hongyan.gui.tasks import Task, TaskControl

IMPORT_KEY = "import"
REINDEX_KEY = "reindex"


@dataclass(frozen=True)
class ImportOutcome:
    imported: int
    cancelled: bool
    skipped: int = 0  # already imported by an earlier import (plan G66)
    not_mail: int = 0  # files left out: not email messages


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
    imported = skipped = not_mail = 0
    with worker_store(root) as store:
        for number, source in enumerate(sources):
            if control.cancelled:
                break
            progress = _SourceProgress(control, imported, number, len(sources))
            try:
                report = import_path(store, source, folder=folder, progress=progress)
            except _StoppedError as stopped:
                imported += int(stopped.args[0])
                break
            imported += report.imported
            skipped += report.skipped
            not_mail += len(report.not_mail)
            control.progress(imported, number + 1, len(sources))
    return ImportOutcome(imported, control.cancelled, skipped, not_mail)


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
        self._swapping = False

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
        if outcome.skipped:
            message += " " + self.tr("Skipped %n message(s) already imported.", "", outcome.skipped)
        if outcome.not_mail:
            message += " " + self.tr(
                "Left out %n file(s) that are not email messages.", "", outcome.not_mail
            )
        self.panel.finish_job(IMPORT_KEY, message)
        self.context.signals.store_did_change.emit()
        self.job_did_finish.emit(IMPORT_KEY, True, message)

    def start_reindex(self) -> bool:
        """Rebuild the index in a worker; False when something else uses the store."""
        if self.tasks or self.context.store_moving:
            return False
        root = self.context.store.root
        self.context.store_moving = True  # no fetch may hold the store when the swap comes
        self.tasks[REINDEX_KEY] = self.context.tasks.run(
            op=lambda control: rebuild.build(
                root, progress=control.progress, cancel=lambda: control.cancelled
            ),
            progress=self._reindex_progress,
            success=lambda _count: self._swap_index(),
            failure=lambda message: self._failed(REINDEX_KEY, message),
            cancelled=self._reindex_cancelled,
        )
        self.panel.start_job(REINDEX_KEY, self.tr("Rebuilding the index"), self.cancel_reindex)
        return True

    def cancel_reindex(self) -> None:
        """Stop the build; too late once the swap has begun (it takes a moment)."""
        task = self.tasks.get(REINDEX_KEY)
        if task is not None and not self._swapping:
            task.cancel()

    def _reindex_progress(self, done: int, total: int) -> None:
        text = self.tr("{done} of {total}").format(done=done, total=total)
        self.panel.update_job(REINDEX_KEY, done, total, text)

    def _swap_index(self) -> None:
        """The new index is complete: close ours, swap it in (a worker), open the store again."""
        root = self.context.store.root
        self._swapping = True
        self.panel.update_job(REINDEX_KEY, 0, 0, self.tr("Switching to the new index…"))
        self.context.signals.store_will_close.emit()
        self.context.store.close()
        self.tasks[REINDEX_KEY] = self.context.tasks.run(
            op=lambda control: rebuild.swap(root),
            success=lambda count: self._reopen(root, count, None),
            failure=lambda message: self._reopen(root, None, message),
        )

    def _reopen(self, root: Path, count: int | None, error: str | None) -> None:
        self._swapping = False
        try:
            self.context.reopen_store(root, must_exist=True)
        except HongyanError as exc:
            error = f"{error}\n{core_text(exc)}" if error else core_text(exc)
        if count is None or error:
            self._failed(REINDEX_KEY, error or "")
        else:
            self._reindexed(count)

    def _reindex_cancelled(self) -> None:
        self.context.store_moving = False
        with contextlib.suppress(OSError):  # cancelled just as it completed
            rebuild.remove_partial(self.context.store.root)
        self.tasks.pop(REINDEX_KEY, None)
        message = self.tr("Rebuild cancelled; the index is as it was.")
        self.panel.finish_job(REINDEX_KEY, message)
        self.job_did_finish.emit(REINDEX_KEY, True, message)

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
