"""Crash-safe file replacement: write a temporary sibling, fsync it, rename it over the target.

A reader sees either the old file or the new one, never a truncated mix, even after a kill -9
or a power cut (the directory is fsynced too, so the rename itself is durable). Every config
and state file Hongyan writes goes through here (getmail6's ``updatefile`` does the same).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable (no-op where unsupported)."""
    if os.name == "nt":  # Windows has no directory handles to fsync; NTFS journals renames.
        return
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(target: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``target`` with ``data`` atomically and durably.

    Raises:
        OSError: when the directory cannot be written (disk full, read-only); the old file,
            if any, is then left as it was and no temporary file remains.
    """
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(target.parent)


def atomic_write_text(target: Path, text: str, *, mode: int = 0o600) -> None:
    """Like :func:`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(target, text.encode("utf-8"), mode=mode)
