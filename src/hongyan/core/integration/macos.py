"""macOS: a LaunchAgent that runs ``hongyan --background --fetch`` at login.

``~/Library/LaunchAgents/<label>.plist`` is read by launchd at the next login; nothing is
loaded into the running session. Send To and mailto need an application bundle, which a pip
install does not have; docs/desktop-integration.md describes how to use "Open With" instead.
"""

from __future__ import annotations

import os
import plistlib
from collections.abc import Mapping
from pathlib import Path

from hongyan.core.integration.files import OwnedFile
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.model import Feature, Plan

LABEL = "org.hongyan.Hongyan.fetch-at-login"

UNAVAILABLE = {
    Feature.LAUNCHER: "macOS: Hongyan has no application bundle yet; start it with `hongyan`.",
    Feature.MAILTO: "macOS: mailto links need an application bundle; not installed "
    "(see docs/desktop-integration.md).",
    Feature.SEND_TO: "macOS: use Finder's Open With, or `hongyan compose FILE`; "
    "see docs/desktop-integration.md.",
}


def launch_agent(command: HongyanCommand) -> bytes:
    """The LaunchAgent property list (launchd.plist(5))."""
    agent = {
        "Label": LABEL,
        "ProgramArguments": list(command.with_args("--background", "--fetch")),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }
    return plistlib.dumps(agent, sort_keys=True)


def plan(
    features: frozenset[Feature],
    *,
    command: HongyanCommand,
    environ: Mapping[str, str] | None = None,
) -> Plan:
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    result = Plan("macos", features)
    result.notes.extend(note for feature, note in UNAVAILABLE.items() if feature in features)
    if Feature.AUTOSTART in features:
        result.items.append(
            OwnedFile(
                Feature.AUTOSTART,
                home / "Library" / "LaunchAgents" / f"{LABEL}.plist",
                launch_agent(command),
                purpose="LaunchAgent: get mail at login",
            )
        )
    return result
