"""The Linux desktop: XDG launcher and icon, mailto default, autostart, file-manager "Send to".

Everything goes below the user's XDG directories (``$XDG_DATA_HOME``, ``$XDG_CONFIG_HOME``),
never system folders, so no root is needed and nothing outside the user's home changes:

- launcher ``applications/hongyan.desktop`` and icon ``icons/hicolor/scalable/apps/hongyan.svg``;
- ``mailto``: ``MimeType=x-scheme-handler/mailto;`` in the launcher and our line in
  ``mimeapps.list``;
- autostart ``autostart/hongyan-autostart.desktop`` running ``hongyan --background --fetch``;
- "Send to mail recipient": an Open With entry (``%F``), a Dolphin service menu, a Nautilus
  script, a Thunar custom action and a Nemo action, all running ``hongyan compose FILE...``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hongyan.core.integration import labels
from hongyan.core.integration.desktop_entry import render
from hongyan.core.integration.files import OwnedFile
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.mimeapps import MimeDefault, default_for
from hongyan.core.integration.model import Feature, Item, Plan
from hongyan.core.integration.quoting import desktop_exec, posix_shell
from hongyan.core.integration.thunar import ThunarAction, render_action
from hongyan.core.resources import resource_path

DESKTOP_ID = "hongyan.desktop"
SEND_TO_DESKTOP_ID = "hongyan-send-to.desktop"
MAILTO_TYPE = "x-scheme-handler/mailto"
THUNAR_ACTION_ID = "hongyan-send-to-mail-recipient"
# Every regular file's type is a subtype of application/octet-stream (shared-mime-info),
# so this is "any file" for GIO and KDE alike, and desktop-file-validate accepts it.
ANY_FILE = "application/octet-stream;"


@dataclass(frozen=True)
class XdgDirs:
    """The user's XDG base directories (XDG Base Directory Specification 0.8)."""

    data_home: Path
    config_home: Path
    config_dirs: tuple[Path, ...]

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> XdgDirs:
        env = os.environ if environ is None else environ
        home = Path(env.get("HOME") or Path.home())

        def absolute(name: str, default: Path) -> Path:
            value = env.get(name, "")
            return Path(value) if value and os.path.isabs(value) else default

        config_dirs = [
            Path(p) for p in env.get("XDG_CONFIG_DIRS", "").split(":") if os.path.isabs(p)
        ]
        return cls(
            data_home=absolute("XDG_DATA_HOME", home / ".local" / "share"),
            config_home=absolute("XDG_CONFIG_HOME", home / ".config"),
            config_dirs=tuple(config_dirs or [Path("/etc/xdg")]),
        )


def _launcher(dirs: XdgDirs, command: HongyanCommand, mailto: bool) -> list[Item]:
    entries = [
        ("Type", "Application"),
        ("Version", "1.4"),
        *labels.localized_entries("Name", labels.APP_NAME),
        *labels.localized_entries("GenericName", labels.GENERIC_NAME),
        *labels.localized_entries("Comment", labels.COMMENT),
        ("Exec", desktop_exec(command.argv, *(["%u"] if mailto else []))),
        ("Icon", "hongyan"),
        ("Terminal", "false"),
        ("Categories", "Network;Email;"),
        ("Keywords", "mail;email;POP3;SMTP;邮件;"),
        ("StartupNotify", "true"),
        *([("MimeType", MAILTO_TYPE + ";")] if mailto else []),
        ("Actions", "compose;"),
    ]
    compose = [
        *labels.localized_entries("Name", labels.COMPOSE),
        ("Exec", desktop_exec(command.with_args("compose"))),
    ]
    icon = resource_path("icons", "hongyan.svg").read_bytes()
    return [
        OwnedFile(
            Feature.LAUNCHER,
            dirs.data_home / "icons" / "hicolor" / "scalable" / "apps" / "hongyan.svg",
            icon,
            purpose="the application icon",
        ),
        OwnedFile(
            Feature.LAUNCHER,
            dirs.data_home / "applications" / DESKTOP_ID,
            render([("Desktop Entry", entries), ("Desktop Action compose", compose)]),
            purpose="the applications-menu launcher",
        ),
    ]


def _autostart(dirs: XdgDirs, command: HongyanCommand) -> Item:
    entries = [
        ("Type", "Application"),
        *labels.localized_entries("Name", labels.AUTOSTART_NAME),
        *labels.localized_entries("Comment", labels.AUTOSTART_COMMENT),
        ("Exec", desktop_exec(command.with_args("--background", "--fetch"))),
        ("Icon", "hongyan"),
        ("Terminal", "false"),
        # Shown (no NoDisplay) so the desktop's own startup settings can list and switch it.
        ("X-GNOME-Autostart-enabled", "true"),
    ]
    return OwnedFile(
        Feature.AUTOSTART,
        dirs.config_home / "autostart" / "hongyan-autostart.desktop",
        render([("Desktop Entry", entries)]),
        purpose="start at login and get mail",
    )


def _send_to(dirs: XdgDirs, command: HongyanCommand, language: str) -> list[Item]:
    compose_exec = desktop_exec(command.with_args("compose"), "%F")
    shell_command = posix_shell(command.with_args("compose")) + " %F"
    open_with = [
        ("Type", "Application"),
        *labels.localized_entries("Name", labels.SEND_TO),
        *labels.localized_entries("Comment", labels.SEND_TO_COMMENT),
        ("Exec", compose_exec),
        ("Icon", "hongyan"),
        ("Terminal", "false"),
        ("NoDisplay", "true"),
        ("MimeType", ANY_FILE),
    ]
    # KIO reads service menus from kio/servicemenus by their MimeType and Actions keys; the
    # Application type (rather than KDE's own "Service") keeps the file valid by the spec.
    dolphin = [
        ("Type", "Application"),
        *labels.localized_entries("Name", labels.SEND_TO),
        ("Exec", compose_exec),
        ("Icon", "hongyan"),
        ("MimeType", ANY_FILE),
        ("Actions", "sendToMailRecipient;"),
    ]
    dolphin_action = [
        *labels.localized_entries("Name", labels.SEND_TO),
        ("Icon", "hongyan"),
        ("Exec", compose_exec),
    ]
    nautilus = (
        "#!/bin/sh\n"
        "# Hongyan: attach the files selected in Nautilus to a new message.\n"
        '# Written by "hongyan integrate install"; "hongyan integrate uninstall" removes it.\n'
        f'exec {posix_shell(command.with_args("compose"))} -- "$@"\n'
    )
    nemo = [
        *labels.localized_entries("Name", labels.SEND_TO),
        *labels.localized_entries("Comment", labels.SEND_TO_COMMENT),
        ("Exec", shell_command),
        ("Icon-Name", "hongyan"),
        ("Selection", "notnone"),
        ("Extensions", "nodirs;"),
        ("Quote", "double"),
    ]
    thunar = render_action(
        unique_id=THUNAR_ACTION_ID,
        names=labels.SEND_TO,
        command=shell_command,
        descriptions=labels.SEND_TO_COMMENT,
    )
    return [
        OwnedFile(
            Feature.SEND_TO,
            dirs.data_home / "applications" / SEND_TO_DESKTOP_ID,
            render([("Desktop Entry", open_with)]),
            purpose='"Open With" entry for any file',
        ),
        OwnedFile(
            Feature.SEND_TO,
            dirs.data_home / "kio" / "servicemenus" / SEND_TO_DESKTOP_ID,
            render(
                [("Desktop Entry", dolphin), ("Desktop Action sendToMailRecipient", dolphin_action)]
            ),
            mode=0o755,  # KIO runs service menus from the user's folder only when executable
            purpose="Dolphin service menu",
        ),
        OwnedFile(
            Feature.SEND_TO,
            dirs.data_home / "nautilus" / "scripts" / labels.pick(labels.SEND_TO, language),
            nautilus.encode("utf-8"),
            mode=0o755,
            purpose="Nautilus script (Scripts menu)",
        ),
        ThunarAction(
            Feature.SEND_TO,
            dirs.config_home / "Thunar" / "uca.xml",
            THUNAR_ACTION_ID,
            thunar,
            tuple(d / "Thunar" / "uca.xml" for d in dirs.config_dirs),
        ),
        OwnedFile(
            Feature.SEND_TO,
            dirs.data_home / "nemo" / "actions" / "hongyan-send-to.nemo_action",
            render([("Nemo Action", nemo)], pre_escaped=frozenset()),
            purpose="Nemo action",
        ),
    ]


def _overriding_lists(dirs: XdgDirs) -> list[str]:
    """Desktop-specific lists (``kde-mimeapps.list``…) that outrank ``mimeapps.list``."""
    notes = []
    for path in sorted(dirs.config_home.glob("*-mimeapps.list")):
        try:
            other = default_for(path.read_text(encoding="utf-8", errors="replace"), MAILTO_TYPE)
        except OSError:
            continue
        if other and other != DESKTOP_ID:
            notes.append(
                f"{path} makes {other} open mailto links on that desktop, and it comes before "
                "mimeapps.list; choose Hongyan in that desktop's default-applications settings."
            )
    return notes


def plan(
    features: frozenset[Feature],
    *,
    command: HongyanCommand,
    environ: Mapping[str, str] | None = None,
) -> Plan:
    """Everything an install with ``features`` writes for this user, with its content."""
    dirs = XdgDirs.from_environ(environ)
    mailto = Feature.MAILTO in features
    result = Plan("linux", features)
    result.items.extend(_launcher(dirs, command, mailto))
    if mailto:
        result.items.append(
            MimeDefault(Feature.MAILTO, dirs.config_home / "mimeapps.list", MAILTO_TYPE, DESKTOP_ID)
        )
        result.notes.extend(_overriding_lists(dirs))
    if Feature.AUTOSTART in features:
        result.items.append(_autostart(dirs, command))
    if Feature.SEND_TO in features:
        result.items.extend(_send_to(dirs, command, labels.session_language(environ)))
    return result
