"""``hongyan`` run as a user runs it: a separate process, its output captured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def hongyan(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``hongyan ARGS`` (``python -m hongyan``) with this environment plus ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "hongyan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
