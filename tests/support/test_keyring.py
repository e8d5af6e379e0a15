"""Keyring backends for tests: nothing reaches the real keyring of the machine.

``MemoryKeyring`` serves the test process. ``FileKeyring`` serves subprocesses (a CLI run in a
child): it keeps a JSON file named by ``HONGYAN_TEST_KEYRING``, which tests place outside the
profile directory so that "no password in the profile" checks stay meaningful. Subprocesses
select it with ``PYTHON_KEYRING_BACKEND=support.test_keyring.FileKeyring`` and ``tests`` on
``PYTHONPATH``: an explicit choice, as a headless server would make.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError(f"no password for {service}/{username}") from None


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["HONGYAN_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError(f"no password for {service}/{username}")
        self._path.write_text(json.dumps(data), encoding="utf-8")
