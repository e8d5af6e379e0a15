"""A small JSON file of the user's in the store folder, changed under a lock, written atomically.

Quick texts and the automatic replies' memory live beside the mail (they move with the store
and survive a reindex) in human-readable JSON. Two writers may meet (the app's fetch and a
``hongyan`` command, two accounts fetched in parallel threads), so each change reads, changes
and writes the file while holding an exclusive lock on a sibling ``.NAME.lock`` (``flock``:
it belongs to the open file, so threads exclude each other too, and it dies with a killed
process). The write is an atomic replace, so a kill leaves the old file or the new one.

A file that cannot be read as this program wrote it is never overwritten: the error names it
(the user may have edited it by hand), as the accounts file does.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from hongyan.core.atomic import atomic_write_text
from hongyan.core.errors import HongyanError
from hongyan.core.store.maildir import StoreWriteError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words


class JsonStateFile:
    """The JSON object in ``path``; ``empty()`` gives the value of a missing file."""

    def __init__(self, path: Path, empty: Callable[[], dict[str, Any]]) -> None:
        self.path = path
        self._empty = empty

    def read(self) -> dict[str, Any]:
        """The file's object (``empty()`` when there is no file yet).

        Raises:
            HongyanError: the file is not a JSON object (named in the message).
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._empty()
        except (OSError, UnicodeDecodeError) as exc:
            raise self._unreadable(exc) from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise self._unreadable(exc) from exc
        if not isinstance(data, dict):
            raise self._unreadable(ValueError("not a JSON object"))
        return data

    @contextlib.contextmanager
    def changing(self) -> Iterator[dict[str, Any]]:
        """Hold the lock, yield the current object to change in place, then write it."""
        try:
            with _locked(self.path.with_name(f".{self.path.name}.lock")):
                data = self.read()
                yield data
                text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
                atomic_write_text(self.path, text)
        except OSError as exc:  # disk full, read-only: said in plain words, file unchanged
            raise StoreWriteError.from_os_error(exc, self.path.parent) from exc

    def _unreadable(self, exc: BaseException) -> HongyanError:
        return HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "{path} cannot be read ({error}); it was left as it is."),
                path=self.path,
                error=str(exc),
            )
        )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    handle: IO[bytes] = open(path, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        _lock(handle)
        yield
    finally:
        handle.close()  # closing drops the lock


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:  # LK_LOCK itself gives up after 10 tries of a second
            try:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                time.sleep(0.05)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
