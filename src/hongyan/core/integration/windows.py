"""Windows: Start menu, Send To, Startup folder shortcuts and the mailto registration.

All of it is per user (``%APPDATA%`` and ``HKEY_CURRENT_USER``), so no administrator rights
are needed:

- ``Start Menu\\Programs\\Hongyan.lnk``;
- ``SendTo\\Mail Recipient (Hongyan).lnk`` running ``hongyan-gui compose`` (Explorer appends
  the selected files);
- ``Start Menu\\Programs\\Startup\\Hongyan.lnk`` running ``--background --fetch`` (the classic
  start-at-login method, visible and switchable in Task Manager's Startup tab);
- mailto: a ``Hongyan.mailto`` ProgID, the ``Clients\\Mail\\Hongyan`` capabilities and their
  entry in ``RegisteredApplications``. Windows then offers Hongyan under Settings → Default apps;
  since Windows 8 only the user can make it the default there, by design.
"""

from __future__ import annotations

import ntpath
import os
from collections.abc import Mapping
from pathlib import Path

from hongyan.core.errors import HongyanError
from hongyan.core.integration import labels
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.model import Feature, Item, Plan
from hongyan.core.integration.quoting import windows_command_line, windows_program_command
from hongyan.core.integration.registry import RegistryValue
from hongyan.core.integration.shortcuts import WINDOW_MINIMIZED, Shortcut
from hongyan.core.resources import resource_path
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

PROG_ID = "Hongyan.mailto"
CLIENT_KEY = "Software\\Clients\\Mail\\Hongyan"
CAPABILITIES_KEY = CLIENT_KEY + "\\Capabilities"


def _appdata(environ: Mapping[str, str]) -> Path:
    value = environ.get("APPDATA", "")
    if not value:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "APPDATA is not set, so the Start menu folder cannot be found."
                )
            )
        )
    return Path(value)


def icon_location(command: HongyanCommand) -> str:
    """A ``path,index`` icon reference: Hongyan's .ico when installed, else the program's."""
    ico = resource_path("icons", "hongyan.ico")
    return f"{ico if ico.is_file() else command.program},0"


def _shortcuts(
    features: frozenset[Feature], command: HongyanCommand, appdata: Path, language: str
) -> list[Item]:
    windows_dir = appdata / "Microsoft" / "Windows"
    programs = windows_dir / "Start Menu" / "Programs"
    prefix = list(command.argv[1:])
    home = ntpath.dirname(command.program)  # a Windows path, whatever OS plans it
    icon = icon_location(command)

    def shortcut(feature: Feature, path: Path, args: list[str], style: int = 1) -> Shortcut:
        return Shortcut(
            feature,
            path,
            program=command.program,
            arguments=windows_command_line([*prefix, *args]),
            working_directory=home,
            icon_location=icon,
            description=labels.pick(labels.COMMENT, language),
            window_style=style,
        )

    items: list[Item] = [shortcut(Feature.LAUNCHER, programs / "Hongyan.lnk", [])]
    if Feature.SEND_TO in features:
        name = labels.pick(labels.WINDOWS_SEND_TO, language) + ".lnk"
        items.append(shortcut(Feature.SEND_TO, windows_dir / "SendTo" / name, ["compose"]))
    if Feature.AUTOSTART in features:
        items.append(
            shortcut(
                Feature.AUTOSTART,
                programs / "Startup" / "Hongyan.lnk",
                ["--background", "--fetch"],
                WINDOW_MINIMIZED,
            )
        )
    return items


def _mailto(command: HongyanCommand, language: str) -> list[Item]:
    open_mailto = windows_program_command(command.argv) + ' "%1"'
    open_app = windows_program_command(command.argv)
    icon = icon_location(command)
    classes = "Software\\Classes\\" + PROG_ID
    values = [
        (classes, "", "Hongyan mailto link"),
        (classes + "\\DefaultIcon", "", icon),
        (classes + "\\shell\\open\\command", "", open_mailto),
        (CLIENT_KEY, "", "Hongyan"),
        (CLIENT_KEY + "\\DefaultIcon", "", icon),
        (CLIENT_KEY + "\\shell\\open\\command", "", open_app),
        (CAPABILITIES_KEY, "ApplicationName", labels.pick(labels.APP_NAME, language)),
        (CAPABILITIES_KEY, "ApplicationDescription", labels.pick(labels.COMMENT, language)),
        (CAPABILITIES_KEY, "ApplicationIcon", icon),
        (CAPABILITIES_KEY + "\\URLAssociations", "mailto", PROG_ID),
        ("Software\\RegisteredApplications", "Hongyan", CAPABILITIES_KEY),
    ]
    return [RegistryValue(Feature.MAILTO, key, name, value) for key, name, value in values]


def plan(
    features: frozenset[Feature],
    *,
    command: HongyanCommand,
    environ: Mapping[str, str] | None = None,
) -> Plan:
    """Every shortcut and registry value an install with ``features`` makes."""
    env = os.environ if environ is None else environ
    language = labels.session_language(env)
    result = Plan("windows", features)
    result.items.extend(_shortcuts(features, command, _appdata(env), language))
    if Feature.MAILTO in features:
        result.items.extend(_mailto(command, language))
    return result
