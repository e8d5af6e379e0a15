"""Our one line in ``mimeapps.list``: Hongyan as the default handler of ``mailto:`` links.

The file is shared with every other program and with the user's own choices (XDG MIME
Applications Associations spec), so it is edited line by line: only the key of our MIME type
in ``[Default Applications]`` is set, every other byte is kept. The previous default is
recorded and restored by uninstall; if the user has chosen another program since, their choice
stands. This is the file ``xdg-mime default`` and GIO write too; editing it directly is what
makes an exact undo possible (``xdg-mime`` has no undo).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hongyan.core.integration.files import (
    existing_mode,
    missing_parents,
    read_or_none,
    remove_empty_dirs,
    write_file,
)
from hongyan.core.integration.model import (
    Action,
    Feature,
    Item,
    Outcome,
    Record,
    State,
    System,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

SECTION = "Default Applications"


def _section_name(line: str) -> str | None:
    stripped = line.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        return stripped[1:-1]
    return None


def _key_of(line: str) -> str | None:
    if "=" not in line or line.lstrip().startswith("#"):
        return None
    return line.split("=", 1)[0].strip()


def _locate(lines: list[str], key: str) -> tuple[int | None, int | None, int]:
    """Index of the section header, of our key's line, and where the section ends."""
    header: int | None = None
    found: int | None = None
    end = len(lines)
    for index, line in enumerate(lines):
        name = _section_name(line)
        if name is not None:
            if header is not None:
                end = index
                break
            if name == SECTION:
                header = index
        elif header is not None and _key_of(line) == key:
            found = index
    return header, found, end


def default_for(text: str, mime_type: str) -> str | None:
    """The first desktop id set as default for ``mime_type``, or None."""
    lines = text.splitlines(keepends=True)
    _, found, _ = _locate(lines, mime_type)
    if found is None:
        return None
    ids = [part.strip() for part in lines[found].split("=", 1)[1].split(";") if part.strip()]
    return ids[0] if ids else ""


def set_default(text: str, mime_type: str, value: str) -> tuple[str, bool]:
    """Return the text with ``mime_type=value`` in the section, and whether the section is new."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    entry = f"{mime_type}={value}\n"
    header, found, end = _locate(lines, mime_type)
    if found is not None:
        lines[found] = entry
        return "".join(lines), False
    if header is None:
        prefix = "\n" if lines and lines[-1].strip() else ""
        return "".join(lines) + f"{prefix}[{SECTION}]\n{entry}", True
    insert_at = end
    while insert_at > header + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1
    lines.insert(insert_at, entry)
    return "".join(lines), False


def remove_default(text: str, mime_type: str, *, drop_empty_section: bool) -> str:
    """Remove our key; also the section header when we added it and it is now empty."""
    lines = text.splitlines(keepends=True)
    header, found, end = _locate(lines, mime_type)
    if found is None or header is None:
        return text
    del lines[found]
    end -= 1
    body = lines[header + 1 : end]
    if drop_empty_section and not any(line.strip() for line in body):
        del lines[header:end]
        while header > 0 and not lines[header - 1].strip() and header == len(lines):
            del lines[header - 1]
            header -= 1
    return "".join(lines)


@dataclass(frozen=True)
class MimeDefault(Item):
    """``[Default Applications] <mime_type>=<desktop_id>`` in a ``mimeapps.list``."""

    kind: ClassVar[str] = "mime-default"
    feature: Feature
    path: Path
    mime_type: str
    desktop_id: str

    @property
    def key(self) -> str:
        return f"mime-default:{self.path}:{self.mime_type}"

    @property
    def target(self) -> str:
        return f"{self.path} [{SECTION}] {self.mime_type}"

    def preview(self) -> str:
        return f"edit {self.path}: in [{SECTION}] set {self.mime_type}={self.desktop_id}"

    def install(self, record: Record | None, system: System) -> tuple[Record | None, Outcome]:
        raw = read_or_none(self.path)
        text = raw.decode("utf-8", errors="surrogateescape") if raw is not None else ""
        current = default_for(text, self.mime_type)
        if current == self.desktop_id:
            action = Action.UNCHANGED if record else Action.CONFLICT
            detail = (
                ""
                if record
                else words(
                    QT_TRANSLATE_NOOP("Core", "{program} was already the default"),
                    program=self.desktop_id,
                )
            )
            return record, Outcome(self.feature, self.target, action, detail)
        if record is not None and current is not None:
            detail = words(
                QT_TRANSLATE_NOOP("Core", "you chose {program} since; your choice was kept"),
                program=current,
            )
            return record, Outcome(self.feature, self.target, Action.KEPT_MODIFIED, detail)
        created_dirs = [str(p) for p in missing_parents(self.path)]
        new_text, created_section = set_default(text, self.mime_type, self.desktop_id)
        mode = existing_mode(self.path, 0o644)
        write_file(self.path, new_text.encode("utf-8", errors="surrogateescape"), mode)
        if record is None:
            record = {
                "kind": self.kind,
                "feature": str(self.feature),
                "path": str(self.path),
                "mime_type": self.mime_type,
                "desktop_id": self.desktop_id,
                "previous": current,
                "created_file": raw is None,
                "created_section": created_section,
                "created_dirs": created_dirs,
            }
        detail = (
            words(QT_TRANSLATE_NOOP("Core", "was {program}"), program=current) if current else ""
        )
        return record, Outcome(self.feature, self.target, Action.CREATED, detail)

    @classmethod
    def remove(cls, record: Record, system: System) -> Outcome:
        path = Path(record["path"])
        feature = Feature(record["feature"])
        target = f"{path} [{SECTION}] {record['mime_type']}"
        raw = read_or_none(path)
        text = raw.decode("utf-8", errors="surrogateescape") if raw is not None else ""
        current = default_for(text, record["mime_type"])
        if current != record["desktop_id"]:
            detail = (
                words(QT_TRANSLATE_NOOP("Core", "now {program}, as you chose"), program=current)
                if current
                else ""
            )
            return Outcome(feature, target, Action.GONE, detail)
        previous = record["previous"]
        if previous:
            new_text, _ = set_default(text, record["mime_type"], previous)
        else:
            new_text = remove_default(
                text, record["mime_type"], drop_empty_section=record["created_section"]
            )
        if record["created_file"] and not new_text.strip():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            remove_empty_dirs(record["created_dirs"])
        else:
            mode = existing_mode(path, 0o644)
            write_file(path, new_text.encode("utf-8", errors="surrogateescape"), mode)
        detail = (
            words(QT_TRANSLATE_NOOP("Core", "{program} is the default again"), program=previous)
            if previous
            else ""
        )
        return Outcome(feature, target, Action.REMOVED, detail)

    @classmethod
    def check(cls, record: Record, system: System) -> tuple[State, str]:
        raw = read_or_none(Path(record["path"]))
        current = default_for(raw.decode("utf-8", "replace") if raw else "", record["mime_type"])
        if current == record["desktop_id"]:
            return State.INSTALLED, ""
        if current is None:
            return State.MISSING, ""
        return State.MODIFIED, words(
            QT_TRANSLATE_NOOP("Core", "the default is now {program}"), program=current
        )
