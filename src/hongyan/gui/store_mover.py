"""Moving the mail store to another folder from the Options dialog, in workers.

The store's relocation copies every file into the new folder and verifies the copy (count,
size, SHA-256) while the old store stays open and in use; only then does the GUI switch: it
reopens the store at its new place and saves the setting, and a second worker removes the old
copy. If anything fails before the switch, the old store is untouched and stays in use.

Cancel works until the switch: during the copy and the verification the relocation stops at
the next file and removes its partial copy; a cancel that arrives once the copy is verified
removes the new copy instead. Either way the old store stays in use, untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from hongyan.core.errors import HongyanError
from hongyan.core.store.relocate import Relocation, relocate
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from hongyan.gui.tasks import Task


class StoreMover(QObject):
    """Moves the store of ``context`` to ``target`` and reopens it there.

    Signals:
        move_did_progress: (done, total, what is happening) as sentences for the dialog.
        cancellable_did_change: whether Cancel can still stop the move (False once switched).
        move_did_finish: (moved, message for the user).
    """

    move_did_progress = Signal(int, int, str)
    cancellable_did_change = Signal(bool)
    move_did_finish = Signal(bool, str)

    def __init__(self, context: AppContext, target: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.target = target
        self.task: Task[Any] | None = None
        self._cancel_requested = False
        self._switched = False

    def start(self) -> None:
        source = self.context.store.root
        target = self.target
        self.context.store_moving = True  # no fetch may add mail the copy would miss
        self.task = self.context.tasks.run(
            op=lambda control: relocate(
                source, target, progress=control.progress, cancel=control.cancel.is_set
            ),
            progress=self._copy_progress,
            success=self._copied,
            failure=lambda message: self._failed(source, message),
        )

    def _copy_progress(self, done: int, total: int) -> None:
        if done < total:
            text = self.tr("Copying your messages: {done} of {total} files…")
        else:  # the relocation verifies every file after the last one is copied
            text = self.tr("Checking the copy of {total} files…")
        self.move_did_progress.emit(done, total, text.format(done=done, total=total))

    def cancel(self) -> None:
        """Stop the move if it has not switched to the new folder yet (else it completes)."""
        if self._switched or self.task is None:
            return
        self._cancel_requested = True
        self.task.cancel()

    def _failed(self, source: Path, message: str) -> None:
        self.context.store_moving = False
        if self._cancel_requested:
            self.move_did_finish.emit(False, self._cancelled_text(source))
            return
        stays = self.tr("Your mail stays in {folder}.").format(folder=source)
        self.move_did_finish.emit(False, f"{message}\n{stays}")

    def _cancelled_text(self, source: Path) -> str:
        return self.tr("The move was cancelled. Your mail stays in {folder}.").format(folder=source)

    def _copied(self, relocation: Relocation) -> None:
        """The verified copy is in place: switch to it, then remove the old one in a worker."""
        if self._cancel_requested:  # too late for the relocation itself: drop the new copy
            self.task = self.context.tasks.run(
                op=lambda control: relocation.abandon(),
                success=lambda _: self._failed(relocation.source, ""),
                failure=lambda message: self._failed(relocation.source, message),
            )
            return
        self._switched = True
        self.cancellable_did_change.emit(False)
        self.context.signals.store_will_close.emit()
        try:
            self.context.reopen_store(relocation.dest, must_exist=True)
            self.context.settings.set("store_path", str(relocation.dest))
            self.context.settings.save()
        except HongyanError as exc:
            self.context.store_moving = False
            self.context.signals.store_did_move.emit()  # the old store is still open: show it
            self.move_did_finish.emit(
                False,
                core_text(exc)
                + "\n"
                + self.tr("Your mail stays in {folder}.").format(folder=relocation.source),
            )
            return
        self.move_did_progress.emit(0, 0, self.tr("Removing the old folder…"))
        self.task = self.context.tasks.run(
            op=lambda control: relocation.finish(),
            success=lambda left: self._finished(relocation, left),
            failure=lambda message: self._finished(relocation, [message]),
        )

    def _finished(self, relocation: Relocation, left: list[str]) -> None:
        self.context.store_moving = False
        message = self.tr("Your mail is now in {folder}.").format(folder=relocation.dest)
        if left:
            message += "\n" + self.tr(
                "Some files stayed in the old folder {folder}; they were not part of the store."
            ).format(folder=relocation.source)
        self.move_did_finish.emit(True, message)
