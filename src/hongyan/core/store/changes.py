"""Changes to stored messages: flags, moves, delete to Trash, permanent delete.

Each change renames or removes the file first and updates the index after, in one transaction
per call. A rename within one filesystem is atomic, so after a kill a message is in exactly one
folder with exactly one set of flags (plan E40, E41), and the next open's reconcile makes the
index agree with the files. Permanent delete removes the row first and the file second: a kill
in between brings a deleted message back rather than losing one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from hongyan.core.atomic import fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store.index import write_transaction
from hongyan.core.store.maildir import (
    TRASH,
    FoundFile,
    MaildirName,
    filename_with_flags,
    folder_dir,
    is_maildir,
    list_folders,
    normalise_flags,
    relpath_for,
    validate_folder,
)
from hongyan.core.store.records import delete_rows, relocate_row
from hongyan.core.texts import QT_TRANSLATE_NOOP, words


def _subdir(found: FoundFile) -> str:
    """``new`` or ``cur``: the Maildir subdirectory a file is in."""
    return found.relpath.rsplit("/", 2)[-2]


class ChangeMixin:
    """The changing half of :class:`~hongyan.core.store.Store` (kept apart to stay small)."""

    root: Path
    _conn: sqlite3.Connection

    def path(self, message_id: int) -> Path:
        """The file of a message now, following a move or flag change made by another program."""
        return self.root / self._locate(message_id).relpath

    def set_flags(self, ids: Iterable[int], add: str = "", remove: str = "") -> None:
        """Add and remove Maildir flags: S seen, R replied, F flagged, T trashed, D draft."""
        add, remove = normalise_flags(add), normalise_flags(remove)

        def plan(current: FoundFile) -> FoundFile | None:
            flags = normalise_flags("".join(set(current.name.flags + add) - set(remove)))
            if flags == current.name.flags and _subdir(current) == "cur":
                return None
            filename = filename_with_flags(current.name.base, flags)
            relpath = relpath_for(self.root, current.folder, "cur", filename)
            return FoundFile(current.folder, relpath, MaildirName.parse(filename))

        self._change(ids, plan)

    def move(self, ids: Iterable[int], folder: str) -> None:
        """Move messages to another folder (which must exist)."""
        folder = validate_folder(folder)
        if not is_maildir(folder_dir(self.root, folder)):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "There is no folder '{folder}' in the mail store."),
                    folder=folder,
                )
            )

        def plan(current: FoundFile) -> FoundFile | None:
            if current.folder == folder:
                return None
            filename = current.relpath.rsplit("/", 1)[-1]
            relpath = relpath_for(self.root, folder, _subdir(current), filename)
            return FoundFile(folder, relpath, current.name)

        self._change(ids, plan)

    def delete(self, ids: Iterable[int]) -> None:
        """Move messages to Trash; those already in Trash are deleted for good."""
        located = [(i, self._locate(i)) for i in ids]
        self.move([i for i, f in located if f.folder != TRASH], TRASH)
        self._delete_for_good([(i, f) for i, f in located if f.folder == TRASH])

    def empty_trash(self) -> int:
        """Delete everything in Trash for good, indexed or not; return how many files went."""
        rows = self._conn.execute("SELECT id FROM messages WHERE folder = ?", (TRASH,))
        located = [(int(r[0]), self._locate(int(r[0]))) for r in rows.fetchall()]
        removed = self._delete_for_good(located)
        trash = folder_dir(self.root, TRASH)
        for sub in ("new", "cur"):
            with contextlib.suppress(FileNotFoundError), os.scandir(trash / sub) as entries:
                for entry in entries:
                    if entry.is_file() and not entry.name.startswith("."):
                        os.unlink(entry.path)
                        removed += 1
            fsync_dir(trash / sub)
        return removed

    # -- helpers --------------------------------------------------------------------------
    def _change(self, ids: Iterable[int], plan: Callable[[FoundFile], FoundFile | None]) -> None:
        """Rename each message's file to where ``plan`` says, then record all in one transaction.

        Another process may rename the same file at the same moment (two windows marking a
        message read): then the file is looked up again and the plan made anew from where it
        is; a file deleted meanwhile is skipped.
        """
        done: list[FoundFile] = []
        try:
            for message_id in ids:
                current = self._locate(message_id)
                for _attempt in range(5):
                    target = plan(current)
                    if target is None or self._rename(current, target):
                        if target is not None:
                            done.append(target)
                        break
                    found = self._search_file(current.name.base, list_folders(self.root))
                    if found is None:
                        break
                    current = found
        except OSError as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Could not change a message file: {reason}."),
                    reason=exc.strerror or exc,
                )
            ) from exc
        finally:
            for directory in {(self.root / t.relpath).parent for t in done}:
                fsync_dir(directory)
            with write_transaction(self._conn):
                for target in done:
                    relocate_row(self._conn, target)

    def _rename(self, current: FoundFile, target: FoundFile) -> bool:
        """Rename one file; False when it is no longer where we thought (moved by another)."""
        try:
            os.rename(self.root / current.relpath, self.root / target.relpath)
        except FileNotFoundError:
            return False
        return True

    def _delete_for_good(self, located: list[tuple[int, FoundFile]]) -> int:
        if not located:
            return 0
        with write_transaction(self._conn):
            delete_rows(self._conn, [i for i, _ in located])
        for _, found in located:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.root / found.relpath)
        for directory in {(self.root / f.relpath).parent for _, f in located}:
            fsync_dir(directory)
        return len(located)

    def _locate(self, message_id: int) -> FoundFile:
        """Where a message's file is now; the index is fixed if another program moved it."""
        row = self._conn.execute(
            "SELECT name, folder, path FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if row is None:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "There is no message {message_id} in the mail store."
                    ),
                    message_id=message_id,
                )
            )
        base, folder, relpath = str(row[0]), str(row[1]), str(row[2])
        if (self.root / relpath).is_file():
            filename = relpath.rsplit("/", 1)[-1]
            return FoundFile(folder, relpath, MaildirName.parse(filename))
        found = self._search_file(base, [folder, *list_folders(self.root)])
        if found is None:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "Message {message_id} is no longer in the mail store (another program "
                        "removed its file). Reopen the store to refresh the list.",
                    ),
                    message_id=message_id,
                )
            )
        with write_transaction(self._conn):
            relocate_row(self._conn, found)
        return found

    def _search_file(self, base: str, folders: list[str]) -> FoundFile | None:
        for folder in dict.fromkeys(folders):
            directory = folder_dir(self.root, folder)
            for sub in ("cur", "new"):
                with contextlib.suppress(FileNotFoundError), os.scandir(directory / sub) as it:
                    for entry in it:
                        if MaildirName.parse(entry.name).base == base:
                            relpath = relpath_for(self.root, folder, sub, entry.name)
                            return FoundFile(folder, relpath, MaildirName.parse(entry.name))
        return None
