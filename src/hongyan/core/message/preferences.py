"""Choices the reader made for a sender: the encoding of their mail, loading their images.

Kept in ``senders.json`` in the state directory of the settings home, keyed by the sender's
address (lower case), not by message ids, so they survive a moved or rebuilt store. Written by
atomic replace; an unreadable file is treated as empty rather than stopping the reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hongyan.core.atomic import atomic_write_text
from hongyan.core.message.charset import codec_for
from hongyan.core.paths import AppPaths
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

__all__ = ["SenderPreferences"]

FILE_NAME = "senders.json"


class SenderPreferences:
    """Per-sender encoding override and remote-content permission."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] = entries or {}

    @classmethod
    def load(cls, paths: AppPaths) -> SenderPreferences:
        path = paths.state_dir / FILE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        entries = {
            str(k).lower(): dict(v)
            for k, v in (raw.get("senders", {}) if isinstance(raw, dict) else {}).items()
            if isinstance(v, dict)
        }
        return cls(path, entries)

    def _save(self) -> None:
        data = {"version": 1, "senders": self._entries}
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))

    def _update(self, sender: str, key: str, value: Any) -> None:
        key_sender = sender.strip().lower()
        if not key_sender:
            return
        entry = self._entries.setdefault(key_sender, {})
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
        if not entry:
            del self._entries[key_sender]
        self._save()

    def charset_for(self, sender: str) -> str | None:
        """The encoding the user chose for this sender's mail, or ``None``."""
        value = self._entries.get(sender.strip().lower(), {}).get("charset")
        return value if isinstance(value, str) and codec_for(value) else None

    def set_charset(self, sender: str, charset: str | None) -> None:
        """Remember (or with ``None`` forget) an encoding for this sender's mail."""
        if charset is not None and codec_for(charset) is None:
            from hongyan.core.errors import HongyanError

            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{charset!r} is not an encoding Hongyan knows."),
                    charset=charset,
                )
            )
        self._update(sender, "charset", charset)

    def allows_remote(self, sender: str) -> bool:
        """Whether the user chose "always load remote content" for this sender."""
        return self._entries.get(sender.strip().lower(), {}).get("remote") is True

    def set_allow_remote(self, sender: str, allow: bool) -> None:
        self._update(sender, "remote", True if allow else None)
