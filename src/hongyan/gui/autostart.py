"""Options → "Start Hongyan when I log in", through the desktop integration of the engine.

The integration keeps a manifest of what it installed; autostart is one of its features. The
checkbox shows whether it is installed and, when changed, installs or removes just that
feature, keeping the others as they are (as ``hongyan integrate --autostart/--no-autostart``).
"""

from __future__ import annotations

from hongyan.core import integration
from hongyan.core.errors import HongyanError
from hongyan.core.integration import installer
from hongyan.core.integration.manifest import Manifest
from hongyan.core.paths import AppPaths


def autostart_enabled(paths: AppPaths) -> bool:
    manifest = Manifest.load(integration.manifest_path(paths))
    return manifest.exists and integration.Feature.AUTOSTART in manifest.features


def set_autostart(paths: AppPaths, enabled: bool) -> None:
    """Install or remove start at login; raises HongyanError naming what failed."""
    if autostart_enabled(paths) == enabled:
        return
    manifest = Manifest.load(integration.manifest_path(paths))
    features = integration.choose_features(
        manifest.features if manifest.exists else None, autostart=enabled
    )
    report = installer.install(
        integration.plan_for(features), manifest, integration.default_system()
    )
    if report.problems:
        problem = report.problems[0]
        raise HongyanError(f"{problem.target}: {problem.detail}")
