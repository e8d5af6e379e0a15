"""Options → "Start Hongyan when I log in", through the engine's integration service.

The same service serves ``hongyan integrate --autostart/--no-autostart``: changing the
checkbox installs or removes just that feature and keeps the others as installed.
"""

from __future__ import annotations

from hongyan.core.errors import HongyanError
from hongyan.core.integration import service
from hongyan.core.integration.model import Feature
from hongyan.core.paths import AppPaths


def autostart_enabled(paths: AppPaths) -> bool:
    features = service.installed_features(paths)
    return features is not None and Feature.AUTOSTART in features


def set_autostart(paths: AppPaths, enabled: bool) -> None:
    """Install or remove start at login; raises HongyanError naming what failed."""
    if autostart_enabled(paths) == enabled:
        return
    report = service.install(paths, autostart=enabled)
    if report.problems:
        problem = report.problems[0]
        raise HongyanError(f"{problem.target}: {problem.detail}")
