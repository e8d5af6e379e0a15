"""Locate the files of ``resources/`` (icons, translations, provider presets).

In an installed wheel they sit inside the package (``hongyan/resources``); in a source checkout
(an editable install, or tests) they are the repository's top-level ``resources/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "resources"
    if installed.is_dir():
        return installed
    return package_dir.parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one resource file, e.g. ``resource_path("icons", "hongyan.svg")``."""
    return resources_dir().joinpath(*parts)
