"""Application settings: one declarative schema, typed access, validated on load.

The file is JSON in the config directory (human-readable, written atomically). Each setting is
declared once in :data:`SCHEMA` with its type, default and a description; a bad value in the
file is reported with the name of the key, and the default is used for it, so one typo never
stops the app from starting. Passwords never live here: they belong to the keyring.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hongyan.core.atomic import atomic_write_text
from hongyan.core.paths import AppPaths
from hongyan.core.texts import QT_TRANSLATE_NOOP, words


@dataclass(frozen=True)
class Setting:
    """One entry of the schema."""

    name: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] = ()


SCHEMA: tuple[Setting, ...] = (
    Setting("store_path", str, "", "Folder of the mail store; empty means the default folder."),
    Setting("check_at_startup", bool, True, "Get mail from all accounts when Hongyan starts."),
    Setting("check_every_minutes", int, 10, "Get mail every N minutes; 0 turns it off."),
    Setting("language", str, "system", "Language of the interface.", ("system", "zh_CN", "en")),
    Setting(
        "remote_content",
        str,
        "block",
        "Remote images and styles in HTML mail: block (default) or load.",
        ("block", "load"),
    ),
    Setting("notifications", bool, True, "Show a notification when new mail arrives."),
    Setting("prefer_html", bool, True, "Show the HTML part of a message when it has one."),
    Setting(
        "undo_send_seconds",
        int,
        0,
        "Hold each message this many seconds after Send, so it can be taken back; 0 is off.",
        (0, 5, 10, 20, 30),
    ),
)

_BY_NAME = {setting.name: setting for setting in SCHEMA}


class SettingsError(ValueError):
    """A setting was given a value of the wrong type or outside its choices."""


def _validate(setting: Setting, value: Any) -> Any:
    # bool is a subclass of int: an int setting must not accept True.
    ok = isinstance(value, setting.type) and not (setting.type is int and isinstance(value, bool))
    if not ok:
        raise SettingsError(
            words(
                QT_TRANSLATE_NOOP("Core", "setting '{name}' must be a {kind}, not {value!r}"),
                name=setting.name,
                kind=setting.type.__name__,
                value=value,
            )
        )
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(map(str, setting.choices))
        raise SettingsError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "setting '{name}' must be one of {allowed}, not {value!r}"
                ),
                name=setting.name,
                allowed=allowed,
                value=value,
            )
        )
    return value


class Settings:
    """The user's settings, loaded from and saved to ``paths.settings_file``."""

    def __init__(self, paths: AppPaths) -> None:
        self._paths = paths
        self._values: dict[str, Any] = {s.name: s.default for s in SCHEMA}
        self.problems: list[str] = []
        """What was wrong with the file when it was loaded, one plain sentence each."""

    @classmethod
    def load(cls, paths: AppPaths) -> Settings:
        settings = cls(paths)
        path = paths.settings_file
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            settings.problems.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{path} could not be read ({error}); defaults are used."
                    ),
                    path=path,
                    error=exc,
                )
            )
            return settings
        if not isinstance(raw, dict):
            settings.problems.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{path} does not hold a JSON object; defaults are used."
                    ),
                    path=path,
                )
            )
            return settings
        for key, value in raw.items():
            setting = _BY_NAME.get(key)
            if setting is None:
                settings.problems.append(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{path}: unknown setting '{key}' is ignored."),
                        path=path,
                        key=key,
                    )
                )
                continue
            try:
                settings._values[key] = _validate(setting, value)
            except SettingsError as exc:
                settings.problems.append(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{path}: {error}; the default is used."),
                        path=path,
                        error=exc,
                    )
                )
        return settings

    def get(self, name: str) -> Any:
        return self._values[_BY_NAME[name].name]

    def set(self, name: str, value: Any) -> None:
        """Change a setting in memory; :meth:`save` writes it."""
        self._values[name] = _validate(_BY_NAME[name], value)

    def save(self) -> None:
        text = json.dumps(self._values, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        atomic_write_text(self._paths.settings_file, text)

    @property
    def store_path(self) -> Path:
        """The mail store folder in use (the configured one, else the default)."""
        configured = self.get("store_path")
        return Path(configured) if configured else self._paths.default_store_dir
