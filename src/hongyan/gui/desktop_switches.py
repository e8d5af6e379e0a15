"""Options → the desktop integration switches: start at login, mailto: links, Send To.

They go through the engine's integration service, the same one ``hongyan integrate`` uses,
so the dialog and the command always agree: the dialog shows what the record of the last
install says (and, as ``integrate status`` does, whether a part of it went missing or was
changed), and OK installs exactly the three switches as ticked.
"""

from __future__ import annotations

from dataclasses import dataclass

from hongyan.core.errors import HongyanError
from hongyan.core.integration import service
from hongyan.core.integration.model import Feature, State
from hongyan.core.paths import AppPaths
from hongyan.gui.i18n import core_text

#: The switches Options shows, in its order (the launcher itself is always installed).
SWITCHES = (Feature.AUTOSTART, Feature.MAILTO, Feature.SEND_TO)


@dataclass(frozen=True)
class Switch:
    """One switch as found: on or off, and the installed items that are not as written."""

    enabled: bool
    damaged: tuple[str, ...] = ()
    """Targets found missing or changed by ``integrate status`` (install repairs missing ones)."""


def current_switches(paths: AppPaths) -> dict[Feature, Switch]:
    """What is installed now, per switch."""
    installed = service.installed_features(paths) or frozenset()
    lines = service.status(paths).lines if installed else []
    found = {}
    for feature in SWITCHES:
        damaged = tuple(
            line.target
            for line in lines
            if line.feature is feature and line.state in (State.MISSING, State.MODIFIED)
        )
        found[feature] = Switch(feature in installed, damaged)
    return found


def apply_switches(paths: AppPaths, wanted: dict[Feature, bool], *, repair: bool = False) -> bool:
    """Install or remove the features so they are as ``wanted``; False when nothing changed.

    ``repair`` installs again even when the switches did not change, putting back what went
    missing (what the user changed by hand is kept, and reported).

    Raises:
        HongyanError: an item could not be written or removed; the message names each one
            and why, in the words of the integration service.
    """
    installed = service.installed_features(paths)
    now = {feature: installed is not None and feature in installed for feature in SWITCHES}
    unchanged = now == {f: wanted.get(f, now[f]) for f in SWITCHES}
    if installed is not None and unchanged and not repair:
        return False
    if installed is None and not any(wanted.values()):
        return False  # nothing installed and nothing asked for: leave the desktop alone
    report = service.install(
        paths,
        autostart=wanted.get(Feature.AUTOSTART),
        mailto=wanted.get(Feature.MAILTO),
        send_to=wanted.get(Feature.SEND_TO),
    )
    if report.problems:
        raise HongyanError("\n".join(f"{p.target}: {core_text(p.detail)}" for p in report.problems))
    return True
