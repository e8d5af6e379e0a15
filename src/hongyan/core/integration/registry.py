"""Registry values under HKEY_CURRENT_USER (Windows): the mailto registration.

Each value Hongyan sets is recorded with the keys it had to create on the way; uninstall
deletes the value if it still holds what Hongyan wrote, then those keys once they are empty.
Keys and values that were there before are never touched. :class:`WindowsRegistry` is the
real thing over :mod:`winreg`; tests pass an in-memory registry instead.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar

from hongyan.core.errors import HongyanError
from hongyan.core.integration.model import (
    Action,
    Feature,
    Item,
    Outcome,
    Record,
    Registry,
    State,
    System,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

REG_SZ = 1  # winreg.REG_SZ; spelled out because winreg exists only on Windows
REG_EXPAND_SZ = 2


def _registry(system: System) -> Registry:
    if system.registry is None:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "The Windows registry is not available on this system.")
            )
        )
    return system.registry


def _ancestors(key_path: str) -> list[str]:
    parts = key_path.split("\\")
    return ["\\".join(parts[: i + 1]) for i in range(len(parts))]


def _show(key_path: str, name: str) -> str:
    return f"HKCU\\{key_path}\\{name or '(Default)'}"


@dataclass(frozen=True)
class RegistryValue(Item):
    """One value below HKCU."""

    kind: ClassVar[str] = "registry-value"
    feature: Feature
    key_path: str
    name: str
    value: str
    value_type: int = REG_SZ

    @property
    def key(self) -> str:
        return f"registry:{self.key_path}\\{self.name}"

    @property
    def target(self) -> str:
        return _show(self.key_path, self.name)

    def preview(self) -> str:
        kind = "REG_EXPAND_SZ" if self.value_type == REG_EXPAND_SZ else "REG_SZ"
        return f"registry {self.target} = {kind} {self.value!r}"

    def _set(self, registry: Registry) -> list[str]:
        created = [key for key in _ancestors(self.key_path) if not registry.key_exists(key)]
        registry.set_value(self.key_path, self.name, self.value_type, self.value)
        return created

    def install(self, record: Record | None, system: System) -> tuple[Record | None, Outcome]:
        registry = _registry(system)
        current = registry.get_value(self.key_path, self.name)
        planned: tuple[Any, int] = (self.value, self.value_type)
        if record is None and current is not None:
            detail = "this value was already set by someone else; it was left as it is"
            return None, Outcome(self.feature, self.target, Action.CONFLICT, detail)
        if record is not None and current is not None:
            if tuple(current) != (record["value"], record["value_type"]):
                detail = "changed since Hongyan wrote it; it was left as it is"
                return record, Outcome(self.feature, self.target, Action.KEPT_MODIFIED, detail)
            if tuple(current) == planned:
                return record, Outcome(self.feature, self.target, Action.UNCHANGED)
        created = self._set(registry)
        new_record = {
            "kind": self.kind,
            "feature": str(self.feature),
            "key_path": self.key_path,
            "name": self.name,
            "value": self.value,
            "value_type": self.value_type,
            "created_keys": (record["created_keys"] if record else []) + created,
        }
        action = Action.UPDATED if current is not None else Action.CREATED
        return new_record, Outcome(self.feature, self.target, action)

    @classmethod
    def remove(cls, record: Record, system: System) -> Outcome:
        registry = _registry(system)
        feature = Feature(record["feature"])
        target = _show(record["key_path"], record["name"])
        current = registry.get_value(record["key_path"], record["name"])
        if current is not None:
            if tuple(current) != (record["value"], record["value_type"]):
                detail = "changed since Hongyan wrote it; delete it yourself if unwanted"
                return Outcome(feature, target, Action.KEPT_MODIFIED, detail)
            registry.delete_value(record["key_path"], record["name"])
        for key in reversed(record["created_keys"]):
            registry.delete_key_if_empty(key)
        return Outcome(feature, target, Action.REMOVED if current is not None else Action.GONE)

    @classmethod
    def check(cls, record: Record, system: System) -> tuple[State, str]:
        current = _registry(system).get_value(record["key_path"], record["name"])
        if current is None:
            return State.MISSING, ""
        if tuple(current) != (record["value"], record["value_type"]):
            return State.MODIFIED, words(
                QT_TRANSLATE_NOOP("Core", "now {value}"), value=repr(current[0])
            )
        return State.INSTALLED, ""


class WindowsRegistry:
    """:class:`~hongyan.core.integration.model.Registry` over :mod:`winreg`, HKCU only."""

    def __init__(self) -> None:
        # Imported by name: winreg exists only on Windows (and its stubs only there).
        self._winreg: Any = importlib.import_module("winreg")
        self._root = self._winreg.HKEY_CURRENT_USER

    def key_exists(self, key: str) -> bool:
        try:
            self._winreg.OpenKey(self._root, key).Close()
        except FileNotFoundError:
            return False
        return True

    def get_value(self, key: str, name: str) -> tuple[Any, int] | None:
        try:
            with self._winreg.OpenKey(self._root, key) as handle:
                value, kind = self._winreg.QueryValueEx(handle, name)
        except FileNotFoundError:
            return None
        return value, kind

    def set_value(self, key: str, name: str, kind: int, value: Any) -> None:
        w = self._winreg
        with w.CreateKeyEx(self._root, key, 0, w.KEY_SET_VALUE) as handle:
            w.SetValueEx(handle, name, 0, kind, value)

    def delete_value(self, key: str, name: str) -> None:
        w = self._winreg
        with w.OpenKey(self._root, key, 0, w.KEY_SET_VALUE) as handle:
            w.DeleteValue(handle, name)

    def delete_key_if_empty(self, key: str) -> bool:
        w = self._winreg
        try:
            with w.OpenKey(self._root, key) as handle:
                subkeys, values, _ = w.QueryInfoKey(handle)
        except FileNotFoundError:
            return False
        if subkeys or values:
            return False
        w.DeleteKey(self._root, key)
        return True
