"""House rule: the engine (hongyan.core) never imports PySide6, directly or indirectly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hongyan.core

CORE = Path(hongyan.core.__file__).parent


def test_no_core_module_mentions_pyside6_in_an_import() -> None:
    offenders = [
        str(path.relative_to(CORE))
        for path in CORE.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import PySide6", "from PySide6"))
    ]
    assert offenders == []


def test_importing_every_core_module_and_the_cli_loads_no_qt() -> None:
    modules = sorted(
        "hongyan.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r} + ['hongyan.cli']:\n"
        "    importlib.import_module(name)\n"
        "import hongyan.cli as c; c.build_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
