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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hongyan.core.atomic import fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store.delivery import fsync_dirs
from hongyan.core.store.index import write_transaction
from hongyan.core.store.maildir import (
    TRASH,
    FoundFile,
    MaildirName,
    StoreWriteError,
    copy_base,
    copy_file,
    filename_with_flags,
    folder_dir,
    is_maildir,
    list_folders,
    normalise_flags,
    relpath_for,
    validate_folder,
)
from hongyan.core.store.records import copy_row, delete_rows, relocate_row, relocate_rows
from hongyan.core.texts import QT_TRANSLATE_NOOP, words


def _subdir(found: FoundFile) -> str:
    """``new`` or ``cur``: the Maildir subdirectory a file is in."""
    return found.relpath.rsplit("/", 2)[-2]


@dataclass(frozen=True)
class Refile:
    """What to do with one message: the folder it goes to (None: where it is) and the Maildir
    flags to add and remove. Adding or removing flags puts the file in ``cur/``."""

    folder: str | None = None
    add: str = ""
    remove: str = ""


class ChangeMixin:
    """The changing half of :class:`~hongyan.core.store.Store` (kept apart to stay small)."""

    root: Path
    _conn: sqlite3.Connection

    def path(self, message_id: int) -> Path:
        """The file of a message now, following a move or flag change made by another program."""
        return self.root / self._locate(message_id).relpath

    def set_flags(self, ids: Iterable[int], add: str = "", remove: str = "") -> None:
        """Add and remove Maildir flags: S seen, R replied, F flagged, T trashed, D draft."""
        change = Refile(add=normalise_flags(add), remove=normalise_flags(remove))
        self._change(dict.fromkeys(ids, change))

    def move(self, ids: Iterable[int], folder: str) -> None:
        """Move messages to another folder (which must exist). The file keeps its name, so a
        fetched message keeps its fetch key: sync still knows it was fetched."""
        change = Refile(self.existing_folder(folder))
        self._change(dict.fromkeys(ids, change))

    def refile(self, changes: Mapping[int, Refile]) -> None:
        """Move and re-flag messages, each its own way: one rename per message, one index
        transaction for all (the rules engine files a whole fetched batch so)."""
        folders = {c.folder for c in changes.values() if c.folder is not None}
        checked = {f: self.existing_folder(f) for f in folders}
        self._change(
            {
                i: Refile(
                    checked[c.folder] if c.folder is not None else None,
                    normalise_flags(c.add),
                    normalise_flags(c.remove),
                )
                for i, c in changes.items()
            }
        )

    def copy(self, ids: Iterable[int], folder: str) -> list[int]:
        """Copy messages into ``folder``; return the copies' ids, in order.

        A copy is a new message with a name of its own and **without the fetch key**: sync
        must not take it for the fetched original (which a move keeps). Its index row and
        search entry are the original's, so nothing is parsed again.
        """
        return self._copy([(i, None) for i in ids], self.existing_folder(folder))

    def copy_once(self, ids: Iterable[int], folder: str, key: str) -> list[int]:
        """Copy messages into ``folder``, each under a name made from its own name and
        ``key``, or find the copy made so before; return the copies' ids in order (the rules
        engine copies so: a rule applied twice never copies twice)."""
        return self._copy([(i, key) for i in ids], self.existing_folder(folder))

    def existing_folder(self, folder: str) -> str:
        """The normalised name of ``folder``; a plain error when the store has no such folder."""
        folder = validate_folder(folder)
        if not is_maildir(folder_dir(self.root, folder)):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "There is no folder '{folder}' in the mail store."),
                    folder=folder,
                )
            )
        return folder

    def delete(self, ids: Iterable[int]) -> None:
        """Move messages to Trash; those already in Trash are deleted for good."""
        located = [(i, self._locate(i)) for i in ids]
        self.move([i for i, f in located if f.folder != TRASH], TRASH)
        self._delete_for_good([(i, f) for i, f in located if f.folder == TRASH])

    # -- helpers --------------------------------------------------------------------------
    def _change(self, changes: Mapping[int, Refile]) -> None:
        """Rename each message's file as its change says, then record all in one transaction.

        Another process may rename the same file at the same moment (two windows marking a
        message read): then the file is looked up again and the target worked out anew from
        where it is; a file deleted meanwhile is skipped.
        """
        indexed = self._indexed(list(changes))
        done: list[FoundFile] = []
        try:
            for message_id, change in changes.items():
                current = indexed[message_id]
                for _attempt in range(5):
                    target = self._target(current, change)
                    if target is None or self._rename(current, target):
                        if target is not None:
                            done.append(target)
                        break
                    folders = [current.folder, *list_folders(self.root)]
                    found = self._search_file(current.name.base, folders)
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
            fsync_dirs(self._directories(t.relpath for t in done))
            with write_transaction(self._conn):
                relocate_rows(self._conn, done)

    def _target(self, current: FoundFile, change: Refile) -> FoundFile | None:
        """Where ``current`` goes for ``change``; None when it is there already."""
        folder = change.folder or current.folder
        sub, filename = _subdir(current), current.relpath.rsplit("/", 1)[-1]
        name = current.name
        if change.add or change.remove:
            flags = set(current.name.flags + change.add) - set(change.remove)
            sub, filename = "cur", filename_with_flags(current.name.base, "".join(flags))
            name = MaildirName.parse(filename)
        relpath = relpath_for(self.root, folder, sub, filename)
        if relpath == current.relpath:
            return None
        return FoundFile(folder, relpath, name)

    def _copy(self, items: list[tuple[int, str | None]], folder: str) -> list[int]:
        """Copy each message into ``folder`` (a hard link where the filesystem has them, the
        file is never changed in place; else a durable byte copy); ``key`` None gives a new
        unique name, a key a name derived from it (found again instead of copied twice)."""
        placed: list[tuple[int, FoundFile]] = []
        ids: dict[int, int] = {}
        try:
            for position, (message_id, key) in enumerate(items):
                current = self._locate(message_id)
                base = copy_base(current.name, key, (self.root / current.relpath).stat().st_size)
                if key is not None:
                    existing = self._conn.execute(
                        "SELECT id FROM messages WHERE name = ?", (base,)
                    ).fetchone()
                    if existing is not None:
                        ids[position] = int(existing[0])
                        continue
                filename = base + current.relpath.rsplit("/", 1)[-1][len(current.name.base) :]
                relpath = relpath_for(self.root, folder, _subdir(current), filename)
                copy_file(
                    self.root / current.relpath, self.root / relpath, exist_ok=key is not None
                )
                placed.append((position, FoundFile(folder, relpath, MaildirName.parse(filename))))
                ids[position] = message_id
        except OSError as exc:
            raise StoreWriteError.from_os_error(exc, self.root) from exc
        finally:
            fsync_dirs(self._directories(f.relpath for _, f in placed))
            with write_transaction(self._conn):
                for position, found in placed:
                    ids[position] = copy_row(self._conn, ids[position], found)
        return [ids[position] for position in range(len(items))]

    def _rename(self, current: FoundFile, target: FoundFile) -> bool:
        """Rename one file; False when it is no longer where we thought (moved by another)."""
        root = str(self.root)
        try:
            os.rename(os.path.join(root, current.relpath), os.path.join(root, target.relpath))
        except FileNotFoundError:
            return False
        return True

    def _directories(self, relpaths: Iterable[str]) -> list[Path]:
        """The directories holding these files (each once)."""
        return [self.root / d for d in {relpath.rpartition("/")[0] for relpath in relpaths}]

    def _indexed(self, ids: list[int]) -> dict[int, FoundFile]:
        """Where the index says each message is (not checked on disk: a rename that finds
        no file looks for it, so a large selection costs one query per 500 messages).

        Raises:
            HongyanError: an id the index does not have (before anything is changed).
        """
        found: dict[int, FoundFile] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for message_id, folder, relpath in self._conn.execute(
                f"SELECT id, folder, path FROM messages WHERE id IN ({marks})", chunk
            ):
                filename = str(relpath).rsplit("/", 1)[-1]
                found[int(message_id)] = FoundFile(
                    str(folder), str(relpath), MaildirName.parse(filename)
                )
        for message_id in ids:
            if message_id not in found:
                raise _no_message(message_id)
        return found

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
            raise _no_message(message_id)
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


def _no_message(message_id: int) -> HongyanError:
    return HongyanError(
        words(
            QT_TRANSLATE_NOOP("Core", "There is no message {message_id} in the mail store."),
            message_id=message_id,
        )
    )
