"""Windows shortcuts (``.lnk``), made the standard way: PowerShell and ``WScript.Shell``.

The ``.lnk`` format is binary and undocumented in parts, so Hongyan does not write it itself:
it generates a PowerShell script, runs it with ``-EncodedCommand`` (UTF-16, so a Chinese user
name in a path survives any console code page), and records the SHA-256 of the file the shell
made. As with every file, uninstall removes it only if it is still as made.
"""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hongyan.core.errors import HongyanError
from hongyan.core.integration.files import OwnedFile, missing_parents, read_or_none
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
from hongyan.core.integration.quoting import powershell_literal
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

WINDOW_NORMAL = 1
WINDOW_MINIMIZED = 7


def powershell_command(script: str) -> list[str]:
    """The command line that runs ``script`` in Windows PowerShell, without a profile."""
    encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
    return [
        "powershell.exe",
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Bypass",
        "-EncodedCommand",
        encoded,
    ]


def run_program(argv: Sequence[str]) -> None:
    """Run a helper program with no console window; a failure becomes a plain message."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    try:
        result = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=120, creationflags=flags
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Could not run {argv}: {error}."), argv=argv[0], error=exc
            )
        ) from None
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "{argv} failed: {output}."),
                argv=argv[0],
                output=lines[-1] if lines else words(QT_TRANSLATE_NOOP("Core", "no message")),
            )
        )


@dataclass(frozen=True)
class Shortcut(Item):
    """A ``.lnk`` file pointing at Hongyan."""

    kind: ClassVar[str] = "shortcut"
    feature: Feature
    path: Path
    program: str
    arguments: str
    working_directory: str
    icon_location: str
    description: str
    window_style: int = WINDOW_NORMAL

    @property
    def key(self) -> str:
        return f"shortcut:{self.path}"

    @property
    def target(self) -> str:
        return str(self.path)

    def script(self) -> str:
        """The PowerShell script that makes this shortcut."""
        return "\n".join(
            [
                "$ErrorActionPreference = 'Stop'",
                "$shell = New-Object -ComObject WScript.Shell",
                f"$link = $shell.CreateShortcut({powershell_literal(str(self.path))})",
                f"$link.TargetPath = {powershell_literal(self.program)}",
                f"$link.Arguments = {powershell_literal(self.arguments)}",
                f"$link.WorkingDirectory = {powershell_literal(self.working_directory)}",
                f"$link.IconLocation = {powershell_literal(self.icon_location)}",
                f"$link.Description = {powershell_literal(self.description)}",
                f"$link.WindowStyle = {self.window_style}",
                "$link.Save()",
                "",
            ]
        )

    def preview(self) -> str:
        return f"shortcut {self.path}, made by this PowerShell script:\n{self.script()}"

    def install(self, record: Record | None, system: System) -> tuple[Record | None, Outcome]:
        current = read_or_none(self.path)
        if record is None and current is not None:
            detail = "a shortcut of that name is already there; it was left as it is"
            return None, Outcome(self.feature, self.target, Action.CONFLICT, detail)
        script_sha = sha256(self.script().encode("utf-8"))
        if record is not None and current is not None:
            if sha256(current) != record["sha256"]:
                detail = "you changed this shortcut since Hongyan made it; it was left as it is"
                return record, Outcome(self.feature, self.target, Action.KEPT_MODIFIED, detail)
            if record["script_sha256"] == script_sha:
                return record, Outcome(self.feature, self.target, Action.UNCHANGED)
        if system.run is None:
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "Shortcuts can only be made on Windows."))
            )
        created = [str(p) for p in missing_parents(self.path)]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        system.run(powershell_command(self.script()))
        made = read_or_none(self.path)
        if made is None:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "PowerShell reported success but {path} was not made."
                    ),
                    path=self.path,
                )
            )
        new_record = {
            "kind": self.kind,
            "feature": str(self.feature),
            "path": str(self.path),
            "sha256": sha256(made),
            "script_sha256": script_sha,
            "created_dirs": (record["created_dirs"] if record else []) + created,
        }
        action = Action.UPDATED if current is not None else Action.CREATED
        return new_record, Outcome(self.feature, self.target, action)

    @classmethod
    def remove(cls, record: Record, system: System) -> Outcome:
        return OwnedFile.remove(record, system)

    @classmethod
    def check(cls, record: Record, system: System) -> tuple[State, str]:
        return OwnedFile.check(record, system)
