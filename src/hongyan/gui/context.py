"""What every window of one running Hongyan shares, handed to each window explicitly.

No window reaches for a global: the paths, the settings, the open store, the account book, the
task runner and the translators travel in one :class:`AppContext`. Tests build their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from hongyan.core.accounts import AccountBook
from hongyan.core.paths import AppPaths, ensure_dir
from hongyan.core.secrets import PasswordStore
from hongyan.core.settings import Settings
from hongyan.core.store import Store
from hongyan.gui.i18n import Translators
from hongyan.gui.tasks import TaskRunner


class ContextSignals(QObject):
    """Changes that several windows react to.

    Signals:
        store_did_change: messages were added, moved, flagged or deleted (list, tree, tray).
        accounts_did_change: an account was added, edited or removed.
        store_will_close: the store is about to close for a while (a move): drop its rows.
        store_did_move: the store now lives in another folder (and was reopened).
    """

    store_will_close = Signal()
    store_did_change = Signal()
    accounts_did_change = Signal()
    store_did_move = Signal()


@dataclass
class AppContext:
    """One profile opened: settings, accounts, the mail store and the background workers."""

    paths: AppPaths
    settings: Settings
    accounts: AccountBook
    passwords: PasswordStore
    store: Store
    tasks: TaskRunner
    translators: Translators | None = None
    signals: ContextSignals = field(default_factory=ContextSignals)
    store_moving: bool = False
    """A store move is copying the store: nothing may add mail to it meanwhile."""
    clock: Callable[[], float] = time.time
    """The time messages are queued and sent by (Send Later, Undo Send); tests move it."""
    _closed: bool = False

    @classmethod
    def open(cls, paths: AppPaths, *, translators: Translators | None = None) -> AppContext:
        """Load settings and accounts and open (creating if needed) the configured store."""
        settings = Settings.load(paths)
        accounts = AccountBook.load(paths)
        store = Store.open(ensure_store_dir(settings.store_path), create=True)
        return cls(paths, settings, accounts, PasswordStore(), store, TaskRunner(), translators)

    def reopen_store(self, path: Path, *, must_exist: bool = False) -> None:
        """Switch to the store in ``path`` (after a move, or "Open existing store…" when
        ``must_exist``: then a folder that holds no store is refused, not made into one)."""
        new_store = Store.open(ensure_store_dir(path), create=not must_exist)
        old, self.store = self.store, new_store
        old.close()
        self.signals.store_did_move.emit()
        self.signals.store_did_change.emit()

    @property
    def closed(self) -> bool:
        """The app is closing: the store is closed, no task may start."""
        return self._closed

    def close(self) -> None:
        """Stop the workers and close the store; calling it again does nothing."""
        if self._closed:
            return
        self._closed = True
        self.tasks.cancel_all()
        self.tasks.wait_for_done(10_000)
        self.store.close()


def ensure_store_dir(path: Path) -> Path:
    return ensure_dir(path.parent) / path.name
