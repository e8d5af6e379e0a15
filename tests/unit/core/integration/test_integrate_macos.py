"""macOS desktop integration: one LaunchAgent, and plain notes for what needs an app bundle."""

from __future__ import annotations

import plistlib
from pathlib import Path

from hongyan.core.integration import installer, plan_for
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.macos import LABEL
from hongyan.core.integration.manifest import Manifest
from hongyan.core.integration.model import Action, Feature, System
from support.integration import reload


def test_the_launch_agent_runs_a_background_fetch_at_login(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    plan = plan_for(frozenset(Feature), platform="macos", command=command)
    assert len(plan.notes) == 3
    report = installer.install(plan, manifest, System())
    assert [o.action for o in report.outcomes] == [Action.CREATED]
    agent = home / "Library/LaunchAgents" / f"{LABEL}.plist"
    assert plistlib.loads(agent.read_bytes()) == {
        "Label": LABEL,
        "ProgramArguments": ["/opt/鸿雁 mail/bin/hongyan", "--background", "--fetch"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }
    installer.uninstall(reload(manifest), System())
    assert not (home / "Library").exists()
