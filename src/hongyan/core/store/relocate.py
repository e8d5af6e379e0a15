"""Move a store to another folder or disk without ever putting the mail at risk.

Order: copy everything into a staging folder beside DEST (the index through SQLite's backup
API, so it is a consistent snapshot) → fsync → verify every file (count, size, SHA-256 of what
landed against what was read) → rename the staging folder to DEST → the caller switches the
configured path (one atomic settings write) → :meth:`Relocation.finish` removes the old copy,
file by file, only what was verified. Until the settings write, the old store is the one in use
and untouched; a kill or an error at any point before leaves at worst a staging folder, which
the next attempt removes, or the next open of the old store: while the copy runs, the note
``.hongyan-move`` in the old store names the staging folder and is locked by the mover, so a
note whose lock is free is a dead move's, and its staging folder goes (a user may never try
that destination again).

The caller may cancel: ``cancel()`` is asked between files (copying and verifying); when it
says yes the staging folder is removed and :class:`MoveCancelledError` is raised, the old store
untouched. A cancel that comes after the rename is the caller's to honour with
:meth:`Relocation.abandon` (the old store is still the one in use then).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hongyan.core.atomic import fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.fetchlock import _lock_file
from hongyan.core.store.index import INDEX_NAME, STATE_NAME, ProgressCallback
from hongyan.core.store.mailstore import is_store
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

KILL_HOOK = "HONGYAN_TEST_RELOCATE_KILL_AFTER"  # tests: SIGKILL self after N files copied
MOVE_NOTE = ".hongyan-move"  # in the old store while a move copies: where its staging is
STAGING_SUFFIX = ".hongyan-partial"
_NOT_COPIED = {INDEX_NAME, INDEX_NAME + "-wal", INDEX_NAME + "-shm", STATE_NAME, MOVE_NOTE}
_BLOCK = 1 << 20
# Notes of moves running in this process: a POSIX lock never keeps its own process out.
_MOVING: set[str] = set()
_MOVING_GUARD = threading.Lock()

CancelCheck = Callable[[], bool]


class MoveCancelledError(HongyanError):
    """The user cancelled the move; the partial copy is gone and the old store is in use."""


@dataclass
class Relocation:
    """A verified copy at ``dest``; :meth:`finish` removes the old one once the switch is made."""

    source: Path
    dest: Path
    files: int
    copied: list[str] = field(default_factory=list, repr=False)

    def finish(self, *, keep_old: bool = False) -> list[str]:
        """Remove the old copy (unless ``keep_old``); return files left there (arrived late)."""
        if keep_old:
            return []
        for relpath in self.copied:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.source / relpath)
        for name in _NOT_COPIED:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.source / name)
        _remove_empty_dirs(self.source)
        if not self.source.exists():
            return []
        return [str(p.relative_to(self.source)) for p in self.source.rglob("*") if p.is_file()]

    def abandon(self) -> None:
        """Remove the new copy instead (the move was cancelled after it was verified); only
        valid while the old store is still the one in use, before the switch."""
        _remove_tree(self.dest)


def relocate(
    source: Path,
    dest: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> Relocation:
    """Copy and verify the store at ``source`` into ``dest``.

    Args:
        progress: ``progress(done, total)`` every few hundred files copied.
        cancel: asked between files; True stops the move (see :class:`MoveCancelledError`).

    Raises:
        MoveCancelledError: ``cancel()`` said yes; the partial copy was removed.
        HongyanError: DEST holds a store already, is inside the store, is not empty, or the
            copy failed (disk full, read-only, permission denied); the old store is untouched.
    """
    source, dest = source.absolute(), dest.absolute()
    _check_paths(source, dest)
    staging = dest.with_name(f".{dest.name}{STAGING_SUFFIX}")
    _remove_tree(staging)
    with _staging_noted(source, staging):
        return _relocate(source, dest, staging, progress, cancel)


def _relocate(
    source: Path,
    dest: Path,
    staging: Path,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> Relocation:
    """The copy, verification and rename of :func:`relocate`, while its note is held."""

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise MoveCancelledError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The move was cancelled; the partial copy was removed and your mail is "
                        "still at {source}.",
                    ),
                    source=source,
                )
            )

    try:
        copied = _copy_store(source, staging, progress, check_cancel)
        _verify(staging, copied, check_cancel)
        check_cancel()
        if dest.exists():
            dest.rmdir()  # checked empty above
        os.rename(staging, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        _remove_tree(staging)
        raise _move_error(exc, source, dest) from exc
    except BaseException:
        _remove_tree(staging)
        raise
    return Relocation(source, dest, len(copied), list(copied))


@contextlib.contextmanager
def _staging_noted(source: Path, staging: Path) -> Iterator[None]:
    """Hold the note naming ``staging`` in the old store while the copy runs.

    The note is written and locked under a temporary name, then renamed into place, so a
    reader never finds it empty or unlocked while this move lives. A store that cannot be
    written (a read-only disc) gets no note: its staging is removed by the next attempt only.
    """
    note = source / MOVE_NOTE
    tmp = source / f"{MOVE_NOTE}.{os.getpid()}.tmp"
    try:
        handle = open(tmp, "w+b")  # noqa: SIM115 (held open for the lock, closed below)
    except OSError:
        yield
        return
    with _MOVING_GUARD:
        _MOVING.add(str(note))
    try:
        with handle:
            with contextlib.suppress(OSError):
                _lock_file(handle.fileno())
                handle.write(os.fsencode(staging))
                handle.flush()
                os.replace(tmp, note)
            try:
                yield
            finally:
                for path in (note, tmp):
                    with contextlib.suppress(OSError):
                        path.unlink()
    finally:
        with _MOVING_GUARD:
            _MOVING.discard(str(note))


def remove_abandoned_staging(root: Path) -> None:
    """Remove the staging folder of a move of the store at ``root`` that was killed.

    Called when a store is opened. A note still locked belongs to a move under way (in
    another process, or this one) and is left alone; only a folder named like a staging
    folder is ever removed, whatever the note says.
    """
    note = root / MOVE_NOTE
    with _MOVING_GUARD:
        if str(note) in _MOVING:
            return
    try:
        handle = open(note, "r+b")  # noqa: SIM115 (writable: lockf needs it for LOCK_EX)
    except OSError:
        return
    with handle:
        try:
            _lock_file(handle.fileno())
        except OSError:
            return  # the move is running
        staging = Path(os.fsdecode(handle.read(4096)))
        if staging.is_absolute() and staging.name.endswith(STAGING_SUFFIX):
            _remove_tree(staging)
        with contextlib.suppress(OSError):
            note.unlink()


def _check_paths(source: Path, dest: Path) -> None:
    if not is_store(source):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "There is no mail store at {source} to move."),
                source=source,
            )
        )
    if dest == source or dest.is_relative_to(source) or source.is_relative_to(dest):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "{dest} is inside the mail store or contains it; choose another."
                ),
                dest=dest,
            )
        )
    if dest.exists():
        if is_store(dest):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{dest} already holds a Hongyan mail store. To use that one instead, "
                        "run: hongyan store open {dest}",
                    ),
                    dest=dest,
                )
            )
        if not dest.is_dir() or any(dest.iterdir()):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{dest} is not empty; choose a new or empty folder."),
                    dest=dest,
                )
            )
    needed = sum(p.stat().st_size for p in _walk(source))
    free = _free_space(dest)
    if free is not None and free < needed:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "There is not enough space at {dest}: the mail needs {needed} MB, {free} MB "
                    "are free. Your mail is still at {source}.",
                ),
                dest=dest,
                needed=needed // 2**20 + 1,
                free=free // 2**20,
                source=source,
            )
        )


def _free_space(dest: Path) -> int | None:
    for candidate in (dest, *dest.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free
            except OSError:
                return None
    return None


def _walk(root: Path) -> Iterator[Path]:
    """The files to copy: everything but the live index files and tmp/ contents."""
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(directory)
        if here.name == "tmp":
            continue
        for name in sorted(filenames):
            if here == root and name in _NOT_COPIED:
                continue
            yield here / name


def _copy_store(
    source: Path,
    staging: Path,
    progress: ProgressCallback | None,
    check_cancel: Callable[[], None],
) -> dict[str, str]:
    """Copy files (and the directory tree, with empty tmp/), then the index; return hashes."""
    staging.mkdir(parents=True, mode=0o700)
    for directory, _dirs, _files in os.walk(source):
        (staging / Path(directory).relative_to(source)).mkdir(exist_ok=True, mode=0o700)
    files = list(_walk(source))
    kill_after = int(os.environ.get(KILL_HOOK, "-1"))
    copied: dict[str, str] = {}
    for n, path in enumerate(files, start=1):
        check_cancel()
        relpath = path.relative_to(source).as_posix()
        copied[relpath] = _copy_file(path, staging / relpath)
        if n == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
        if progress and (n == 1 or n % 100 == 0 or n == len(files)):
            progress(n, len(files))
    _backup_index(source / INDEX_NAME, staging / INDEX_NAME)
    for directory, _dirs, _files in os.walk(staging):
        fsync_dir(Path(directory))
    return copied


def _copy_file(source: Path, target: Path) -> str:
    """Copy one file durably; return the SHA-256 of the bytes read from the source."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(target, "xb") as dst:
        while block := src.read(_BLOCK):
            digest.update(block)
            dst.write(block)
        dst.flush()
        os.fsync(dst.fileno())
    shutil.copystat(source, target)
    return digest.hexdigest()


def _backup_index(index: Path, target: Path) -> None:
    """A consistent copy of the index even while another process writes to it."""
    if not index.exists():
        return
    src = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _verify(staging: Path, copied: dict[str, str], check_cancel: Callable[[], None]) -> None:
    """Every copied file is there with the same size and content; nothing extra, nothing less."""
    landed = {p.relative_to(staging).as_posix() for p in _walk(staging)}
    if landed != set(copied):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The copy at {staging} has {landed} files instead of {copied}; it was removed "
                    "and your mail is still where it was.",
                ),
                staging=staging,
                landed=len(landed),
                copied=len(copied),
            )
        )
    for relpath, expected in copied.items():
        check_cancel()
        digest = hashlib.sha256()
        with open(staging / relpath, "rb") as handle:
            while block := handle.read(_BLOCK):
                digest.update(block)
        if digest.hexdigest() != expected:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{relpath} did not copy correctly; the copy was removed and your mail is "
                        "still where it was.",
                    ),
                    relpath=relpath,
                )
            )


def _move_error(exc: OSError, source: Path, dest: Path) -> HongyanError:
    reason = {
        errno.ENOSPC: words(QT_TRANSLATE_NOOP("Core", "the disk is full")),
        errno.EDQUOT: words(QT_TRANSLATE_NOOP("Core", "the disk quota is used up")),
        errno.EROFS: words(QT_TRANSLATE_NOOP("Core", "that disk is read-only")),
        errno.EACCES: words(QT_TRANSLATE_NOOP("Core", "permission was denied")),
        errno.EPERM: words(QT_TRANSLATE_NOOP("Core", "permission was denied")),
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return HongyanError(
        words(
            QT_TRANSLATE_NOOP(
                "Core",
                "Could not move the mail store to {dest}: {reason}. Nothing was changed: your "
                "mail is still at {source} and in use.",
            ),
            dest=dest,
            reason=reason,
            source=source,
        )
    )


def _remove_tree(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)


def _remove_empty_dirs(root: Path) -> None:
    for directory, _dirs, _files in sorted(os.walk(root), key=lambda t: -len(t[0])):
        with contextlib.suppress(OSError):
            os.rmdir(directory)
