"""Applying a plan, undoing it, and telling what is there: the same for every OS.

Install converges to the plan: things of features no longer chosen are removed first, then
every planned item is created or brought up to date. Uninstall removes recorded things in the
reverse order of their creation, so a folder or registry key is removed after what it holds.
Anything the user changed since Hongyan wrote it is kept and reported, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hongyan.core.integration.files import OwnedFile
from hongyan.core.integration.manifest import Manifest
from hongyan.core.integration.mimeapps import MimeDefault
from hongyan.core.integration.model import (
    PROBLEMS,
    Action,
    Feature,
    Item,
    Outcome,
    Plan,
    Record,
    State,
    System,
)
from hongyan.core.integration.registry import RegistryValue
from hongyan.core.integration.shortcuts import Shortcut
from hongyan.core.integration.thunar import ThunarAction

KINDS: dict[str, type[Item]] = {
    kind.kind: kind for kind in (OwnedFile, MimeDefault, ThunarAction, RegistryValue, Shortcut)
}


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in PROBLEMS]


@dataclass(frozen=True)
class StatusLine:
    feature: Feature
    target: str
    state: State | None
    """None: planned but not installed."""
    detail: str = ""


def _kind(record: Record) -> type[Item]:
    return KINDS[record["kind"]]


def _remove(manifest: Manifest, key: str, system: System) -> Outcome:
    record = manifest.records[key]
    outcome = _kind(record).remove(record, system)
    if outcome.action is not Action.KEPT_MODIFIED:
        manifest.drop(key)
    return outcome


def install(plan: Plan, manifest: Manifest, system: System) -> Report:
    report = Report(notes=list(plan.notes))
    wanted = {item.key for item in plan.items}
    for key in reversed([k for k in manifest.records if k not in wanted]):
        report.outcomes.append(_remove(manifest, key, system))
    manifest.features = set(plan.features)
    manifest.save()
    for item in plan.items:
        record, outcome = item.install(manifest.records.get(item.key), system)
        if record is not None and record is not manifest.records.get(item.key):
            manifest.put(item.key, record)
        report.outcomes.append(outcome)
    return report


def uninstall(manifest: Manifest, system: System) -> Report:
    report = Report()
    for key in reversed(list(manifest.records)):
        report.outcomes.append(_remove(manifest, key, system))
    manifest.features = set()
    if manifest.records:
        manifest.save()
    elif manifest.exists:
        manifest.path.unlink()
    return report


def status(plan: Plan, manifest: Manifest, system: System) -> list[StatusLine]:
    """Each recorded item's state, then what the plan has that is not installed."""
    lines = []
    for record in manifest.records.values():
        state, detail = _kind(record).check(record, system)
        lines.append(StatusLine(record_feature(record), record_target(record), state, detail))
    for item in plan.items:
        if item.key not in manifest.records:
            lines.append(StatusLine(item.feature, item.target, None))
    return lines


def record_feature(record: Record) -> Feature:
    return Feature(record["feature"])


def record_target(record: Record) -> str:
    if record["kind"] == "registry-value":
        return f"HKCU\\{record['key_path']}\\{record['name'] or '(Default)'}"
    if record["kind"] == "mime-default":
        return f"{record['path']} {record['mime_type']}"
    return str(record["path"])
