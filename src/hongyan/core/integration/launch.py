"""Which command starts this Hongyan: the installed script, else the interpreter with ``-m``.

Launchers, shortcuts and registry entries must name an absolute program path, because a
desktop session does not see the PATH of the shell (or the virtual environment) Hongyan was
installed from.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HongyanCommand:
    """The argument prefix that runs Hongyan; Hongyan's own arguments follow it."""

    argv: tuple[str, ...]

    def with_args(self, *args: str) -> tuple[str, ...]:
        return (*self.argv, *args)

    @property
    def program(self) -> str:
        return self.argv[0]


def _script_candidates(name: str) -> list[Path]:
    scripts = sysconfig.get_path("scripts")
    candidates = [Path(sys.executable).parent / name]
    if scripts:
        candidates.append(Path(scripts) / name)
    return candidates


def find_hongyan_command(
    *,
    windows: bool = sys.platform == "win32",
    which: Callable[[str], str | None] = shutil.which,
) -> HongyanCommand:
    """Find the installed ``hongyan`` program (``hongyan-gui.exe`` on Windows).

    On Windows the GUI script is chosen so a shortcut opens no console window. When no
    script is installed (running from a source tree), ``python -m hongyan`` is used.
    """
    name = "hongyan-gui.exe" if windows else "hongyan"
    for candidate in _script_candidates(name):
        if candidate.is_file():
            return HongyanCommand((str(candidate.absolute()),))
    found = which(name)
    if found:
        return HongyanCommand((str(Path(found).absolute()),))
    python = Path(sys.executable).absolute()
    if windows:
        pythonw = python.with_name("pythonw.exe")
        if pythonw.is_file():
            python = pythonw
    return HongyanCommand((str(python), "-m", "hongyan"))
