"""Folders of a store: create, rename (with subfolders), delete (mail to Trash), empty.

Every operation keeps the rule of the store: the files are the truth, the index follows, and a
kill at any moment loses nothing.

- **Rename** renames directories (each rename is atomic). A journal file,
  ``folder-rename.json``, written atomically before the first rename and removed after the
  last, lets the next open finish a rename a kill interrupted, so a folder is never left half
  under its old name and half under the new one.
- **Delete** first moves every message to Trash (one atomic rename each), then renames the
  folder's directory out of the Maildir++ namespace (``<token>.hongyan-deleted``, which no
  Maildir reader takes for a folder) and removes it. Mail that arrived in between is moved to
  Trash before the removal, here or at the next open.
- Folders an earlier Hongyan wrote with UTF-8 directory names (and Inbox subfolders spelled
  ``.Inbox.x`` rather than Dovecot's ``.INBOX.x``) are renamed once at open, merged into the
  encoded one if both exist; the index follows by the next reconcile.
"""

from __future__ import annotations

import builtins
import contextlib
import filecmp
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from hongyan.core.atomic import atomic_write_text, fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store.changes import ChangeMixin
from hongyan.core.store.folder_names import folder_for, legacy_dirname_target
from hongyan.core.store.index import ProgressCallback, write_transaction
from hongyan.core.store.maildir import (
    JUNK,
    SPECIAL_FOLDERS,
    TRASH,
    folder_dir,
    folder_dirname,
    is_maildir,
    list_folders,
    make_folder,
    usable_folder,
    validate_folder,
)
from hongyan.core.store.reconcile import ReconcileReport, reconcile
from hongyan.core.store.records import FolderInfo
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

log = logging.getLogger(__name__)

RENAME_JOURNAL = "folder-rename.json"
DELETED_SUFFIX = ".hongyan-deleted"
EMPTIABLE = (TRASH, JUNK)


class FolderMixin(ChangeMixin):
    """Folder operations of :class:`~hongyan.core.store.Store`."""

    def create_folder(self, name: str) -> str:
        """Create a folder (``A/B`` nests; missing parents are made too); return its name.

        A folder that exists already is fine (import files into one by name). A first level
        spelled like a special folder in another case (``sent/2025``) is that folder.
        """
        name = user_folder_name(name)
        parts = name.split("/")
        for depth in range(1, len(parts) + 1):
            make_folder(self.root, "/".join(parts[:depth]))
        return name

    def folder_exists(self, name: str) -> bool:
        return is_maildir(folder_dir(self.root, validate_folder(name)))

    def subfolders(self, name: str) -> builtins.list[str]:
        """The folders below ``name``, at any depth, in the store's order."""
        name = validate_folder(name)
        return [f for f in list_folders(self.root) if f.startswith(name + "/")]

    def rename_folder(self, old: str, new: str) -> builtins.list[tuple[str, str]]:
        """Rename a folder and its subfolders (``A`` → ``B`` makes ``A/x`` ``B/x``); a new
        name elsewhere in the tree moves it there. Returns (old, new) for every folder renamed.

        Raises:
            HongyanError: a special folder, no such folder, the new name taken, or a folder
                moved into its own subfolder.
        """
        old, new = validate_folder(old), user_folder_name(new)
        affected = [f for f in list_folders(self.root) if f == old or f.startswith(old + "/")]
        _refuse_special(old, rename=True)
        if not affected:
            raise _no_folder(old)
        if new == old:
            return []
        if new.split("/")[0] in SPECIAL_FOLDERS and "/" not in new:
            raise _taken(new)
        if new.startswith(old + "/"):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "'{old}' cannot be moved into its own subfolder."),
                    old=old,
                )
            )
        pairs = [(f, new + f[len(old) :]) for f in affected]
        for _, target in pairs:
            if folder_dir(self.root, target).exists():
                raise _taken(target)
        if "/" in new:
            self.create_folder(new.rsplit("/", 1)[0])
        journal = self.root / RENAME_JOURNAL
        atomic_write_text(journal, json.dumps({"version": 1, "old": old, "new": new}) + "\n")
        _rename_directories(self.root, pairs)
        with write_transaction(self._conn):
            for source, target in pairs:
                prefix = folder_dirname(source) + "/"
                self._conn.execute(
                    "UPDATE messages SET folder = ?, path = ? || substr(path, ?) WHERE folder = ?",
                    (target, folder_dirname(target) + "/", len(prefix) + 1, source),
                )
        journal.unlink()
        return pairs

    def delete_folder(self, name: str) -> int:
        """Delete a folder and its subfolders; their mail goes to Trash. Returns how many
        messages went to Trash.

        Raises:
            HongyanError: a special folder, or no such folder.
        """
        name = validate_folder(name)
        _refuse_special(name, rename=False)
        affected = [f for f in list_folders(self.root) if f == name or f.startswith(name + "/")]
        if not affected:
            raise _no_folder(name)
        reconcile(self.root, self._conn)  # rows of files another program removed go first
        marks = ",".join("?" * len(affected))
        ids = [
            int(r[0])
            for r in self._conn.execute(
                f"SELECT id FROM messages WHERE folder IN ({marks})", affected
            )
        ]
        self.move(ids, TRASH)
        retired = []
        for folder in sorted(affected, key=len, reverse=True):
            target = self.root / f"{secrets.token_hex(8)}{DELETED_SUFFIX}"
            os.rename(folder_dir(self.root, folder), target)
            retired.append(target)
        fsync_dir(self.root)
        late = sum(_retire(self.root, directory) for directory in retired)
        if late:  # files the index did not know, or that arrived meanwhile: now in Trash
            reconcile(self.root, self._conn)
        return len(ids) + late

    def empty_folder(self, name: str) -> int:
        """Delete everything in Trash or Junk for good, indexed or not; return how many
        messages went.

        Raises:
            HongyanError: ``name`` is another folder (mail is deleted for good only there).
        """
        name = validate_folder(name)
        if name not in EMPTIABLE:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "Only Trash and Junk can be emptied, not '{folder}'."
                    ),
                    folder=name,
                )
            )
        rows = self._conn.execute("SELECT id FROM messages WHERE folder = ?", (name,))
        located = [(int(r[0]), self._locate(int(r[0]))) for r in rows.fetchall()]
        removed = self._delete_for_good(located)
        directory = folder_dir(self.root, name)
        for sub in ("new", "cur"):
            with contextlib.suppress(FileNotFoundError), os.scandir(directory / sub) as entries:
                for entry in entries:
                    if entry.is_file() and not entry.name.startswith("."):
                        os.unlink(entry.path)
                        removed += 1
            fsync_dir(directory / sub)
        return removed

    def empty_trash(self) -> int:
        """Delete everything in Trash for good, indexed or not; return how many files went."""
        return self.empty_folder(TRASH)

    def refresh(self, progress: ProgressCallback | None = None) -> ReconcileReport:
        """Bring the index up to date with the files: folders and mail another program
        (Dovecot, mutt, a file manager) made, moved or removed since the store was opened."""
        repair_folders(self.root)
        return reconcile(self.root, self._conn, progress)


def user_folder_name(name: str) -> str:
    """A folder name as typed, normalised: a first level that is a special folder's name in
    another case (``trash``, ``SENT/2025``) means that special folder."""
    name = validate_folder(name)
    top, _, rest = name.partition("/")
    for special in SPECIAL_FOLDERS:
        if top.casefold() == special.casefold():
            return special + ("/" + rest if rest else "")
    return name


def unread_with_subfolders(folders: Iterable[FolderInfo]) -> dict[str, int]:
    """Each folder's unread count plus that of all its subfolders: what a collapsed folder
    shows in the tree (as Thunderbird does). A parent that is no folder of its own (``A`` of
    a lone ``A/B`` another program made) gets the sum of its subfolders."""
    totals: dict[str, int] = {}
    for info in folders:
        levels = info.name.split("/")
        for depth in range(1, len(levels) + 1):
            key = "/".join(levels[:depth])
            totals[key] = totals.get(key, 0) + info.unread
    return totals


def repair_folders(root: Path) -> None:
    """At open: rename UTF-8 folder names, finish a folder rename or deletion a kill
    interrupted. Never fatal: what cannot be done now is logged and tried at the next open."""
    if not os.access(root, os.W_OK):
        return
    try:
        migrate_legacy_names(root)
        _finish_rename(root)
        for entry in os.scandir(root):
            if entry.name.endswith(DELETED_SUFFIX) and entry.is_dir(follow_symlinks=False):
                _retire(root, Path(entry.path))
    except OSError as exc:
        log.warning("could not repair the folders of %s: %s", root, exc)


def migrate_legacy_names(root: Path) -> builtins.list[tuple[str, str]]:
    """Rename folder directories to the name Dovecot would give them; return (old, new).

    An earlier Hongyan wrote ``.客户`` (UTF-8) and ``.Inbox.x``; they become ``.&W6JiNw-``
    and ``.INBOX.x``. When both spellings exist, the old one's messages are moved into the
    other (one rename each), and the old directory goes once it holds no message.
    """
    renamed = []
    with os.scandir(root) as entries:
        found = [(e.name, Path(e.path)) for e in entries if e.is_dir(follow_symlinks=False)]
    for dirname, path in found:
        target = legacy_target(dirname)
        if target is None or not is_maildir(path):
            continue
        _merge_or_rename(path, root / target)
        renamed.append((dirname, target))
    if renamed:
        fsync_dir(root)
        log.info("renamed folder directories to modified UTF-7: %s", renamed)
    return renamed


def legacy_target(dirname: str) -> str | None:
    """The directory name a folder written the old way should have, else None."""
    folder = usable_folder(folder_for(legacy_dirname_target(dirname) or dirname))
    if folder is None:
        return None
    canonical = folder_dirname(folder)
    return canonical if canonical != dirname else None


def _merge_or_rename(source: Path, target: Path) -> None:
    if not target.exists():
        os.rename(source, target)
        return
    left = 0
    for sub in ("new", "cur"):
        (target / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        for name in _message_files(source / sub):
            there = target / sub / name
            if not there.exists():
                os.rename(source / sub / name, there)
            elif filecmp.cmp(source / sub / name, there, shallow=False):
                os.unlink(source / sub / name)
            else:
                left += 1
                log.warning("kept %s: a different file has its name in %s", name, target)
        fsync_dir(target / sub)
    if not left:
        shutil.rmtree(source)


def _rename_directories(root: Path, pairs: builtins.list[tuple[str, str]]) -> None:
    """Rename each folder's directory (a pair done before, by a killed run, is skipped)."""
    for source, target in pairs:
        old, new = folder_dir(root, source), folder_dir(root, target)
        if old.exists():
            _merge_or_rename(old, new)
    fsync_dir(root)


def _finish_rename(root: Path) -> None:
    journal = root / RENAME_JOURNAL
    try:
        intent = json.loads(journal.read_text(encoding="utf-8"))
        old, new = validate_folder(str(intent["old"])), validate_folder(str(intent["new"]))
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError, HongyanError) as exc:
        log.warning("ignored the unreadable folder rename journal %s: %s", journal, exc)
        journal.unlink()
        return
    left = [f for f in list_folders(root) if f == old or f.startswith(old + "/")]
    _rename_directories(root, [(f, new + f[len(old) :]) for f in left])
    journal.unlink()


def _retire(root: Path, directory: Path) -> int:
    """Move every message file still in a deleted folder's directory to Trash, then remove
    the directory; return how many were moved."""
    moved = 0
    trash = folder_dir(root, TRASH)
    for sub in ("new", "cur"):
        files = _message_files(directory / sub)
        for name in files:
            os.rename(directory / sub / name, trash / sub / name)
        if files:
            fsync_dir(trash / sub)
        moved += len(files)
    shutil.rmtree(directory)
    return moved


def _message_files(directory: Path) -> builtins.list[str]:
    """Names of the message files in a ``new/`` or ``cur/`` (none when it is gone: a removal
    a kill cut short may have taken it already)."""
    with contextlib.suppress(FileNotFoundError), os.scandir(directory) as entries:
        return [e.name for e in entries if e.is_file() and not e.name.startswith(".")]
    return []


def _refuse_special(folder: str, *, rename: bool) -> None:
    if folder in SPECIAL_FOLDERS:
        text = (
            QT_TRANSLATE_NOOP("Core", "'{folder}' is a special folder and cannot be renamed.")
            if rename
            else QT_TRANSLATE_NOOP("Core", "'{folder}' is a special folder and cannot be deleted.")
        )
        raise HongyanError(words(text, folder=folder))


def _no_folder(folder: str) -> HongyanError:
    return HongyanError(
        words(
            QT_TRANSLATE_NOOP("Core", "There is no folder '{folder}' in the mail store."),
            folder=folder,
        )
    )


def _taken(folder: str) -> HongyanError:
    return HongyanError(
        words(QT_TRANSLATE_NOOP("Core", "There is a folder '{folder}' already."), folder=folder)
    )
