"""Desktop integration: launcher, start at login, Send To, mailto, per operating system.

``plan_for`` computes what an install would write on this system (nothing is touched);
:mod:`~hongyan.core.integration.installer` applies, undoes or checks it against the manifest.
:mod:`~hongyan.core.integration.requests` turns ``hongyan compose``/``mailto:`` arguments into
a compose request.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping
from pathlib import Path

from hongyan.core.integration import linux, macos, windows
from hongyan.core.integration.launch import HongyanCommand, find_hongyan_command
from hongyan.core.integration.model import DEFAULT_FEATURES, Feature, Plan, System
from hongyan.core.paths import AppPaths

PLANNERS = {"linux": linux.plan, "windows": windows.plan, "macos": macos.plan}


def current_platform() -> str:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"  # and the BSDs: the same XDG desktops


def manifest_path(paths: AppPaths) -> Path:
    return paths.state_dir / "desktop-integration.json"


def choose_features(
    installed: Collection[Feature] | None, **switches: bool | None
) -> frozenset[Feature]:
    """The features to install: each switch given wins; the others stay as installed.

    Args:
        installed: the features of the previous install, or None when there was none (then
            the defaults apply).
        switches: ``mailto``, ``autostart``, ``send_to``: True, False or None (not given).
    """
    chosen = set(DEFAULT_FEATURES if installed is None else installed) | {Feature.LAUNCHER}
    for name, value in switches.items():
        feature = Feature(name.replace("_", "-"))
        if value is True:
            chosen.add(feature)
        elif value is False:
            chosen.discard(feature)
    return frozenset(chosen)


def plan_for(
    features: frozenset[Feature],
    *,
    platform: str | None = None,
    command: HongyanCommand | None = None,
    environ: Mapping[str, str] | None = None,
) -> Plan:
    """What an install with ``features`` would create here, with its exact content."""
    name = platform or current_platform()
    command = command or find_hongyan_command(windows=name == "windows")
    return PLANNERS[name](features, command=command, environ=environ)


def default_system(platform: str | None = None) -> System:
    """The real registry and program runner where the platform has them."""
    if (platform or current_platform()) != "windows":
        return System()
    from hongyan.core.integration.registry import WindowsRegistry
    from hongyan.core.integration.shortcuts import run_program

    return System(registry=WindowsRegistry(), run=run_program)


__all__ = [
    "Feature",
    "HongyanCommand",
    "Plan",
    "System",
    "choose_features",
    "current_platform",
    "default_system",
    "manifest_path",
    "plan_for",
]
