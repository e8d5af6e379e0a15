"""The vocabulary shared by every desktop writer: features, planned items, outcomes.

A writer first *plans*: it computes every file, registry value or shortcut it would create,
with the exact content, without touching anything (``hongyan integrate install --dry-run``
prints that plan). Applying the plan records each created thing in the manifest, and uninstall
works from the manifest alone, so it removes exactly what install created even when the
choices or the program path have changed since.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol

Record = dict[str, Any]
"""What the manifest keeps about one created thing (JSON-serialisable)."""


class Feature(StrEnum):
    """What the user can switch on or off; the launcher is always installed."""

    LAUNCHER = "launcher"
    MAILTO = "mailto"
    AUTOSTART = "autostart"
    SEND_TO = "send-to"


DEFAULT_FEATURES = frozenset({Feature.LAUNCHER, Feature.AUTOSTART, Feature.SEND_TO})
"""The first install's choice. Taking over mailto links from another mail program is the
user's decision, so it is opt-in (``--mailto``)."""


class Action(StrEnum):
    """What install or uninstall did with one item."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    GONE = "already gone"
    KEPT_MODIFIED = "kept (changed by you)"
    CONFLICT = "skipped (not made by Hongyan)"


PROBLEMS = frozenset({Action.KEPT_MODIFIED, Action.CONFLICT})


class State(StrEnum):
    """What ``status`` finds for one recorded item."""

    INSTALLED = "installed"
    MODIFIED = "modified"
    MISSING = "missing"


@dataclass(frozen=True)
class Outcome:
    feature: Feature
    target: str
    action: Action
    detail: str = ""


class Registry(Protocol):
    """The few registry operations the Windows writer needs (HKEY_CURRENT_USER only).

    Keys are backslash-separated paths below HKCU; the value name ``""`` is the default value.
    """

    def key_exists(self, key: str) -> bool: ...
    def get_value(self, key: str, name: str) -> tuple[Any, int] | None: ...
    def set_value(self, key: str, name: str, kind: int, value: Any) -> None: ...
    def delete_value(self, key: str, name: str) -> None: ...
    def delete_key_if_empty(self, key: str) -> bool: ...


Runner = Callable[[Sequence[str]], None]
"""Runs a program to completion; raises HongyanError with a plain message when it fails."""


@dataclass
class System:
    """The parts of the machine a writer touches besides files; tests inject recorders."""

    registry: Registry | None = None
    run: Runner | None = None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Item(ABC):
    """One thing a writer creates. Subclasses are frozen dataclasses with a ``kind``."""

    kind: ClassVar[str]
    feature: Feature

    @property
    @abstractmethod
    def key(self) -> str:
        """Identifies the item in the manifest across runs."""

    @property
    @abstractmethod
    def target(self) -> str:
        """Where it goes, for people: a path or a registry value."""

    @abstractmethod
    def preview(self) -> str:
        """Exactly what would be written, for the dry run."""

    @abstractmethod
    def install(self, record: Record | None, system: System) -> tuple[Record | None, Outcome]:
        """Create or update the item; return the record to keep (None: keep nothing new)."""

    @classmethod
    @abstractmethod
    def remove(cls, record: Record, system: System) -> Outcome:
        """Remove what ``record`` says was created, unless the user has changed it."""

    @classmethod
    @abstractmethod
    def check(cls, record: Record, system: System) -> tuple[State, str]:
        """Whether the recorded item is still there as written."""


@dataclass
class Plan:
    """Everything one install would create, for the chosen features."""

    platform: str
    features: frozenset[Feature]
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the plan cannot do on this system, in plain words."""
