"""The three things a user does with desktop integration, for the CLI and the Options dialog.

Both call these with the user's switches; a switch left as None keeps what is installed (the
defaults on a first install), so the Options dialog and ``hongyan integrate`` always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from hongyan.core.integration import (
    choose_features,
    default_system,
    manifest_path,
    plan_for,
)
from hongyan.core.integration import installer as _installer
from hongyan.core.integration.manifest import Manifest
from hongyan.core.integration.model import Feature, Plan, System
from hongyan.core.paths import AppPaths


def installed_features(paths: AppPaths) -> frozenset[Feature] | None:
    """The features of the last install, or None when nothing is installed."""
    manifest = Manifest.load(manifest_path(paths))
    return frozenset(manifest.features) if manifest.exists else None


def plan_install(
    paths: AppPaths,
    *,
    mailto: bool | None = None,
    autostart: bool | None = None,
    send_to: bool | None = None,
) -> Plan:
    """What :func:`install` with these switches would write (nothing is touched)."""
    features = choose_features(
        installed_features(paths), mailto=mailto, autostart=autostart, send_to=send_to
    )
    return plan_for(features)


def install(
    paths: AppPaths,
    *,
    mailto: bool | None = None,
    autostart: bool | None = None,
    send_to: bool | None = None,
    system: System | None = None,
) -> _installer.Report:
    plan = plan_install(paths, mailto=mailto, autostart=autostart, send_to=send_to)
    manifest = Manifest.load(manifest_path(paths))
    return _installer.install(plan, manifest, system or default_system())


def uninstall(paths: AppPaths, *, system: System | None = None) -> _installer.Report:
    manifest = Manifest.load(manifest_path(paths))
    return _installer.uninstall(manifest, system or default_system())


@dataclass
class Status:
    lines: list[_installer.StatusLine]
    features: frozenset[Feature]
    notes: list[str]
    record: str
    """Where the record of installed things is kept."""


def status(paths: AppPaths, *, system: System | None = None) -> Status:
    manifest = Manifest.load(manifest_path(paths))
    plan = plan_install(paths)
    lines = _installer.status(plan, manifest, system or default_system())
    return Status(lines, plan.features, plan.notes, str(manifest.path))
