"""Stand-ins for the Windows parts of desktop integration, so its writers run on Linux.

:class:`MemoryRegistry` behaves like HKCU (keys, values, "delete only when empty") and logs
every write; :class:`ShortcutRecorder` takes the PowerShell command a writer would run,
decodes the script, and makes the ``.lnk`` file the script names so the rest of the flow
(hashing, manifest, uninstall) runs for real.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hongyan.core.integration.manifest import Manifest


class MemoryRegistry:
    def __init__(self) -> None:
        self.keys: dict[str, dict[str, tuple[Any, int]]] = {}
        self.log: list[tuple[str, ...]] = []

    def _norm(self, key: str) -> str:
        return key.lower()

    def key_exists(self, key: str) -> bool:
        return self._norm(key) in self.keys

    def get_value(self, key: str, name: str) -> tuple[Any, int] | None:
        return self.keys.get(self._norm(key), {}).get(name.lower())

    def set_value(self, key: str, name: str, kind: int, value: Any) -> None:
        parts = key.split("\\")
        for i in range(len(parts)):
            self.keys.setdefault(self._norm("\\".join(parts[: i + 1])), {})
        self.keys[self._norm(key)][name.lower()] = (value, kind)
        self.log.append(("set", key, name, value))

    def delete_value(self, key: str, name: str) -> None:
        del self.keys[self._norm(key)][name.lower()]
        self.log.append(("delete-value", key, name))

    def delete_key_if_empty(self, key: str) -> bool:
        norm = self._norm(key)
        if norm not in self.keys or self.keys[norm]:
            return False
        if any(other.startswith(norm + "\\") for other in self.keys):
            return False
        del self.keys[norm]
        self.log.append(("delete-key", key))
        return True


class ShortcutRecorder:
    """A runner for :class:`~hongyan.core.integration.model.System` that records scripts."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []
        self.scripts: list[str] = []

    def __call__(self, argv: Sequence[str]) -> None:
        self.commands.append(list(argv))
        script = base64.b64decode(argv[-1]).decode("utf-16-le")
        self.scripts.append(script)
        start = script.index("CreateShortcut(") + len("CreateShortcut(")
        Path(powershell_unquote(script, start)).write_bytes(b"LNK:" + script.encode("utf-8"))


QUOTES = "'\u2018\u2019\u201a\u201b"


def powershell_unquote(text: str, start: int) -> str:
    """Read the single-quoted PowerShell string at ``start`` the way PowerShell does."""
    assert text[start] in QUOTES
    out, i = [], start + 1
    while True:
        if text[i] in QUOTES:
            if i + 1 < len(text) and text[i + 1] in QUOTES:
                out.append(text[i + 1])
                i += 2
                continue
            return "".join(out)
        out.append(text[i])
        i += 1


def reload(manifest: Manifest) -> Manifest:
    """The manifest as the next run of ``hongyan integrate`` would read it."""
    return Manifest.load(manifest.path)
