"""The record of what ``hongyan integrate install`` created, kept in the state folder.

Uninstall and status work from this file alone. It is rewritten atomically after every
change, so an install interrupted half way still knows what it has created so far.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from hongyan.core.atomic import atomic_write_text
from hongyan.core.errors import HongyanError
from hongyan.core.integration.model import Feature, Record
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

FORMAT_VERSION = 1


@dataclass
class Manifest:
    path: Path
    features: set[Feature] = field(default_factory=set)
    records: dict[str, Record] = field(default_factory=dict)
    """Created things by item key, in the order they were created."""

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The record of installed desktop files, {path}, cannot be read "
                        "({error}). Nothing was changed; see docs/desktop-integration.md to "
                        "remove them by hand.",
                    ),
                    path=path,
                    error=exc,
                )
            ) from None
        if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{path} was written by another version of Hongyan."),
                    path=path,
                )
            )
        return cls(
            path,
            features={Feature(name) for name in raw.get("features", [])},
            records={record["key"]: record for record in raw.get("records", [])},
        )

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def put(self, key: str, record: Record) -> None:
        self.records[key] = {**record, "key": key}
        self.save()

    def drop(self, key: str) -> None:
        self.records.pop(key, None)
        self.save()

    def save(self) -> None:
        data = {
            "version": FORMAT_VERSION,
            "features": sorted(self.features),
            "records": list(self.records.values()),
        }
        atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
