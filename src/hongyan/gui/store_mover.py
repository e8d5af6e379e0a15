"""Moving the mail store to another folder from the Options dialog, in a worker.

The store's own relocation copies every file, verifies the copy against the index and only
then removes the old folder; if anything fails the old store is untouched and stays in use.
While it runs the store is closed in the GUI (nothing may write to it); the main window shows
an empty list until the store is reopened, at its new place or the old one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from hongyan.core.errors import HongyanError
from hongyan.gui.context import AppContext
from hongyan.gui.tasks import Task, TaskControl


class StoreMover(QObject):
    """Moves the store of ``context`` to ``target`` and reopens it there.

    Signals:
        move_did_progress: (done, total, what is happening) as sentences for the dialog.
        move_did_finish: (moved, message for the user).
    """

    move_did_progress = Signal(int, int, str)
    move_did_finish = Signal(bool, str)

    def __init__(self, context: AppContext, target: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.target = target
        self.task: Task[Any] | None = None

    def start(self) -> None:
        source = self.context.store.root
        target = self.target

        def op(control: TaskControl) -> Path:
            from hongyan.core.store.relocate import (  # type: ignore[import-untyped,unused-ignore]
                move_store,
            )

            moved = move_store(source, target, progress=control.progress, cancel=control.cancel)
            return Path(moved)

        self.context.signals.store_will_close.emit()
        self.context.store.close()
        self.task = self.context.tasks.run(
            op=op,
            progress=self._progress,
            success=self._moved,
            failure=lambda message: self._reopen_old(source, message),
            cancelled=lambda: self._reopen_old(source, self.tr("The move was cancelled.")),
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, *args: Any) -> None:
        numbers = [a for a in args if isinstance(a, int)]
        stage = next((a for a in args if isinstance(a, str)), "")
        texts = {
            "copy": self.tr("Copying messages…"),
            "verify": self.tr("Checking the copy…"),
            "remove": self.tr("Removing the old folder…"),
        }
        if len(numbers) >= 2:
            self.move_did_progress.emit(numbers[-2], numbers[-1], texts.get(stage, stage))

    def _moved(self, new_root: Path) -> None:
        try:
            self.context.reopen_store(new_root)
            self.context.settings.set("store_path", str(new_root))
            self.context.settings.save()
        except HongyanError as exc:
            self.move_did_finish.emit(False, str(exc))
            return
        self.move_did_finish.emit(
            True, self.tr("Your mail is now in {folder}.").format(folder=new_root)
        )

    def _reopen_old(self, source: Path, message: str) -> None:
        try:
            self.context.reopen_store(source)
        except HongyanError as exc:
            message += "\n" + str(exc)
        self.move_did_finish.emit(
            False, message + "\n" + self.tr("Your mail stays in {folder}.").format(folder=source)
        )
