"""Our one ``<action>`` in Thunar's ``uca.xml`` (custom actions), next to the user's own.

The file holds all of the user's custom actions, so it is edited as text: our action (found by
its ``<unique-id>``) is inserted before ``</actions>`` and cut out again, and the result is
parsed to prove every other action is untouched. Thunar reads only the first ``uca.xml`` it
finds, the user's before the system's, so when the user has none yet it starts from the system
one (keeping "Open Terminal Here" and the like); uninstall deletes it again when what remains
is exactly that copy.
"""

from __future__ import annotations

import contextlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape

from hongyan.core.errors import HongyanError
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
    sha256,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

EMPTY_UCA = '<?xml version="1.0" encoding="UTF-8"?>\n<actions>\n</actions>\n'
_ACTION_SPAN = re.compile(r"[ \t]*<action\b[^>]*>.*?</action>[ \t]*\n?", re.DOTALL)


def render_action(
    *, unique_id: str, names: dict[str, str], command: str, descriptions: dict[str, str]
) -> str:
    """The ``<action>`` element, laid out the way Thunar writes its own.

    ``names`` and ``descriptions`` map a language ("" for the untranslated text) to text.
    """

    def localized(tag: str, texts: dict[str, str]) -> list[str]:
        return [
            f"\t<{tag}{f' xml:lang={chr(34)}{lang}{chr(34)}' if lang else ''}>"
            f"{escape(text)}</{tag}>"
            for lang, text in texts.items()
        ]

    lines = [
        "<action>",
        "\t<icon>hongyan</icon>",
        *localized("name", names),
        "\t<submenu></submenu>",
        f"\t<unique-id>{escape(unique_id)}</unique-id>",
        f"\t<command>{escape(command)}</command>",
        *localized("description", descriptions),
        "\t<range>*</range>",
        "\t<patterns>*</patterns>",
        *(f"\t<{kind}-files/>" for kind in ("audio", "image", "other", "text", "video")),
        "</action>",
    ]
    return "\n".join(lines) + "\n"


def _parse(text: str, path: Path) -> ET.Element:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{path} is not valid XML ({error}); Hongyan did not change it. Fix or move "
                    "the file and try again.",
                ),
                path=path,
                error=exc,
            )
        ) from None
    if root.tag != "actions":
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "{path} is not a Thunar actions file; Hongyan did not change it."
                ),
                path=path,
            )
        )
    return root


def _unique_id(action: ET.Element) -> str:
    return (action.findtext("unique-id") or "").strip()


def fingerprint(action: ET.Element) -> str:
    """What identifies our action as we wrote it, whatever layout Thunar saves it in."""
    name = next(((el.text or "").strip() for el in action.findall("name") if not el.attrib), "")
    fields = [_unique_id(action), name, (action.findtext("command") or "").strip()]
    return sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8"))


def _others(root: ET.Element, unique_id: str) -> list[str]:
    return [
        ET.tostring(action, encoding="unicode")
        for action in root.findall("action")
        if _unique_id(action) != unique_id
    ]


def find_action(text: str, path: Path, unique_id: str) -> ET.Element | None:
    matches = [a for a in _parse(text, path).findall("action") if _unique_id(a) == unique_id]
    return matches[0] if matches else None


def insert_action(text: str, path: Path, action_xml: str) -> str:
    before = _parse(text, path)
    closing = text.rfind("</actions>")
    if closing >= 0:
        head = text[:closing]
        if head and not head.endswith("\n"):
            head += "\n"
        new_text = head + action_xml + text[closing:]
    else:
        new_text, count = re.subn(r"<actions\s*/>", f"<actions>\n{action_xml}</actions>", text)
        if count != 1:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{path} has no <actions> element; Hongyan did not change it."
                    ),
                    path=path,
                )
            )
    after = _parse(new_text, path)
    added = ET.fromstring(action_xml)
    if _others(after, _unique_id(added)) != _others(before, _unique_id(added)):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "{path} could not be edited safely; Hongyan did not change it."
                ),
                path=path,
            )
        )
    return new_text


def cut_action(text: str, path: Path, unique_id: str) -> str:
    """Remove our action's text; refuse if anything else would change."""
    before = _parse(text, path)
    for match in _ACTION_SPAN.finditer(text):
        candidate = text[: match.start()] + text[match.end() :]
        try:
            after = _parse(candidate, path)
        except HongyanError:
            continue
        if find_action(candidate, path, unique_id) is None and _others(after, unique_id) == _others(
            before, unique_id
        ):
            return candidate
    raise HongyanError(
        words(
            QT_TRANSLATE_NOOP(
                "Core",
                "Hongyan's action in {path} could not be removed safely; remove it in Thunar.",
            ),
            path=path,
        )
    )


@dataclass(frozen=True)
class ThunarAction(Item):
    """Our custom action in ``uca.xml``."""

    kind: ClassVar[str] = "thunar-action"
    feature: Feature
    path: Path
    unique_id: str
    action_xml: str
    system_files: Sequence[Path] = ()
    """The system ``uca.xml`` files Thunar falls back to, most important first."""

    @property
    def key(self) -> str:
        return f"thunar-action:{self.path}:{self.unique_id}"

    @property
    def target(self) -> str:
        return f"{self.path} <action> {self.unique_id}"

    def preview(self) -> str:
        return f"edit {self.path}: add before </actions>\n{self.action_xml}"

    def _base(self) -> tuple[str, bool]:
        raw = read_or_none(self.path)
        if raw is not None:
            return raw.decode("utf-8"), False
        for candidate in self.system_files:
            seed = read_or_none(candidate)
            if seed is not None:
                return seed.decode("utf-8"), True
        return EMPTY_UCA, True

    def install(self, record: Record | None, system: System) -> tuple[Record | None, Outcome]:
        try:
            text, creating = self._base()
        except UnicodeDecodeError:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{path} is not UTF-8; Hongyan did not change it."),
                    path=self.path,
                )
            ) from None
        ours = find_action(text, self.path, self.unique_id)
        wanted = fingerprint(ET.fromstring(self.action_xml))
        if ours is not None:
            if record is None:
                detail = "an action with Hongyan's id is already there"
                return None, Outcome(self.feature, self.target, Action.CONFLICT, detail)
            if fingerprint(ours) != record["fingerprint"]:
                detail = "you changed this action in Thunar; it was left as it is"
                return record, Outcome(self.feature, self.target, Action.KEPT_MODIFIED, detail)
            if fingerprint(ours) == wanted:
                return record, Outcome(self.feature, self.target, Action.UNCHANGED)
            text = cut_action(text, self.path, self.unique_id)
        created_dirs = [str(p) for p in missing_parents(self.path)] if creating else []
        new_text = insert_action(text, self.path, self.action_xml)
        write_file(self.path, new_text.encode("utf-8"), existing_mode(self.path, 0o644))
        action = Action.UPDATED if ours is not None else Action.CREATED
        if record is None or creating:
            record = {
                "kind": self.kind,
                "feature": str(self.feature),
                "path": str(self.path),
                "unique_id": self.unique_id,
                "created_file": creating,
                "created_from_sha256": sha256(text.encode("utf-8")) if creating else None,
                "created_dirs": created_dirs,
            }
        return {**record, "fingerprint": wanted}, Outcome(self.feature, self.target, action)

    @classmethod
    def remove(cls, record: Record, system: System) -> Outcome:
        path = Path(record["path"])
        feature = Feature(record["feature"])
        target = f"{path} <action> {record['unique_id']}"
        raw = read_or_none(path)
        ours = find_action(raw.decode("utf-8"), path, record["unique_id"]) if raw else None
        if raw is None or ours is None:
            return Outcome(feature, target, Action.GONE)
        if fingerprint(ours) != record["fingerprint"]:
            detail = "you changed this action in Thunar; remove it there if unwanted"
            return Outcome(feature, target, Action.KEPT_MODIFIED, detail)
        new_text = cut_action(raw.decode("utf-8"), path, record["unique_id"])
        if (
            record["created_file"]
            and sha256(new_text.encode("utf-8")) == record["created_from_sha256"]
        ):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            remove_empty_dirs(record["created_dirs"])
        else:
            write_file(path, new_text.encode("utf-8"), existing_mode(path, 0o644))
        return Outcome(feature, target, Action.REMOVED)

    @classmethod
    def check(cls, record: Record, system: System) -> tuple[State, str]:
        path = Path(record["path"])
        raw = read_or_none(path)
        ours = find_action(raw.decode("utf-8"), path, record["unique_id"]) if raw else None
        if ours is None:
            return State.MISSING, ""
        if fingerprint(ours) != record["fingerprint"]:
            return State.MODIFIED, words(QT_TRANSLATE_NOOP("Core", "changed in Thunar"))
        return State.INSTALLED, ""
