"""Files Hongyan owns outright: launchers, service menus, scripts, the icon, a LaunchAgent.

Such a file is written whole. Its SHA-256 goes into the manifest, so uninstall can tell a file
the user has edited since (kept, and reported) from one that is still as written (removed).
A file that already exists and is not in the manifest belongs to someone else: it is never
overwritten. Folders created on the way are recorded and removed again once empty.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from hongyan.core.atomic import atomic_write_bytes
from hongyan.core.errors import HongyanError
from hongyan.core.integration.model import (
    Action,
    Feature,
    Item,
    Outcome,
    Record,
    State,
    System,
    sha256,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, words


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Cannot read {path}: {reason}."),
                path=path,
                reason=exc.strerror or exc,
            )
        ) from None


def missing_parents(path: Path) -> list[Path]:
    """The folders that writing ``path`` would create, outermost first."""
    missing: list[Path] = []
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    return list(reversed(missing))


def existing_mode(path: Path, default: int) -> int:
    """The permission bits of ``path``, so editing a shared file keeps them."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return default


def write_file(path: Path, content: bytes, mode: int) -> None:
    try:
        atomic_write_bytes(path, content, mode=mode)
    except OSError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Cannot write {path}: {reason}."),
                path=path,
                reason=exc.strerror or exc,
            )
        ) from None


def remove_empty_dirs(dirs: list[str]) -> None:
    """Remove folders Hongyan created, innermost first, but only those left empty."""
    for directory in sorted(dirs, key=len, reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(directory)


@dataclass(frozen=True)
class OwnedFile(Item):
    """A file written whole by Hongyan."""

    kind: ClassVar[str] = "file"
    feature: Feature
    path: Path
    content: bytes
    mode: int = 0o644
    purpose: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        return f"file:{self.path}"

    @property
    def target(self) -> str:
        return str(self.path)

    def preview(self) -> str:
        header = (
            f"file {self.path} (mode {self.mode:o}){': ' + self.purpose if self.purpose else ''}"
        )
        try:
            body = self.content.decode("utf-8")
        except UnicodeDecodeError:
            body = f"<{len(self.content)} bytes>"
        return f"{header}\n{body}"

    def _record(self, created_dirs: list[str]) -> Record:
        return {
            "kind": self.kind,
            "feature": str(self.feature),
            "path": str(self.path),
            "sha256": sha256(self.content),
            "created_dirs": created_dirs,
        }

    def install(self, record: Record | None, system: System) -> tuple[Record | None, Outcome]:
        current = read_or_none(self.path)
        if record is None and current is not None:
            detail = words(
                QT_TRANSLATE_NOOP(
                    "Core", "a file of that name is already there; move it away and install again"
                )
            )
            return None, Outcome(self.feature, self.target, Action.CONFLICT, detail)
        if record is not None and current is not None:
            if sha256(current) != record["sha256"]:
                detail = words(
                    QT_TRANSLATE_NOOP(
                        "Core", "you changed this file since Hongyan wrote it; it was left as it is"
                    )
                )
                return record, Outcome(self.feature, self.target, Action.KEPT_MODIFIED, detail)
            mode_ok = (self.path.stat().st_mode & 0o777) == self.mode
            if current == self.content and mode_ok:
                return record, Outcome(self.feature, self.target, Action.UNCHANGED)
        created = [str(p) for p in missing_parents(self.path)]
        previously = list(record["created_dirs"]) if record else []
        write_file(self.path, self.content, self.mode)
        action = Action.UPDATED if current is not None else Action.CREATED
        return self._record(previously + created), Outcome(self.feature, self.target, action)

    @classmethod
    def remove(cls, record: Record, system: System) -> Outcome:
        path = Path(record["path"])
        feature = Feature(record["feature"])
        current = read_or_none(path)
        if current is None:
            remove_empty_dirs(record["created_dirs"])
            return Outcome(feature, str(path), Action.GONE)
        if sha256(current) != record["sha256"]:
            detail = words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "you changed this file since Hongyan wrote it; delete it yourself if unwanted",
                )
            )
            return Outcome(feature, str(path), Action.KEPT_MODIFIED, detail)
        try:
            path.unlink()
        except OSError as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Cannot remove {path}: {reason}."),
                    path=path,
                    reason=exc.strerror or exc,
                )
            ) from None
        remove_empty_dirs(record["created_dirs"])
        return Outcome(feature, str(path), Action.REMOVED)

    @classmethod
    def check(cls, record: Record, system: System) -> tuple[State, str]:
        current = read_or_none(Path(record["path"]))
        if current is None:
            return State.MISSING, ""
        if sha256(current) != record["sha256"]:
            changed = QT_TRANSLATE_NOOP("Core", "changed since Hongyan wrote it")
            return State.MODIFIED, words(changed)
        return State.INSTALLED, ""
