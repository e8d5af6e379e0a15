"""Turning an argument list into the command syntax each desktop expects.

Every place Hongyan registers a command (a ``.desktop`` file, a shell script, a Windows
shortcut, a registry value, a PowerShell script) has its own quoting rules; getting them wrong
breaks a path with a space or a Chinese user name, or worse, lets a path run something. Each
function here implements one published rule and nothing else.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

# Desktop Entry spec, "The Exec key": characters that force an argument into double quotes.
_DESKTOP_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
# ... and the ones that must be backslash-escaped inside the quotes.
_DESKTOP_ESCAPED_IN_QUOTES = frozenset('"`$\\')


def _check_printable(arg: str) -> None:
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in arg):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The path {arg!r} contains a control character (such as a line break); "
                    "desktop launchers cannot hold it. Install Hongyan in a folder with a plain "
                    "name.",
                ),
                arg=arg,
            )
        )
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The path {arg!r} is not valid UTF-8; desktop launchers need UTF-8 paths.",
                ),
                arg=arg,
            )
        ) from None


def desktop_exec_argument(arg: str) -> str:
    """Quote one argument for an ``Exec=`` value (Desktop Entry spec 1.5, "The Exec key").

    The result is already escaped for the string type too: a literal backslash becomes four
    backslashes, as the spec says, and ``%`` becomes ``%%`` so it is not a field code.
    """
    _check_printable(arg)
    if arg and not any(ch in _DESKTOP_RESERVED for ch in arg):
        quoted = arg
    else:
        inner = "".join("\\" + ch if ch in _DESKTOP_ESCAPED_IN_QUOTES else ch for ch in arg)
        quoted = f'"{inner}"'
    # The string-type escape is applied on top of the quoting rule ("\\" for a backslash).
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_exec(argv: Sequence[str], *field_codes: str) -> str:
    """A whole ``Exec=`` value: quoted arguments followed by field codes such as ``%F``."""
    if "=" in argv[0]:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The program path {argv!r} contains '=', which desktop launchers do not allow.",
                ),
                argv=argv[0],
            )
        )
    return " ".join([*(desktop_exec_argument(arg) for arg in argv), *field_codes])


def posix_shell(argv: Sequence[str]) -> str:
    """A POSIX shell command line (also what GLib's ``g_shell_parse_argv`` reads)."""
    for arg in argv:
        _check_printable(arg)
    return shlex.join(argv)


def windows_command_line(argv: Sequence[str]) -> str:
    """A Windows command line as the Microsoft C runtime parses it."""
    return subprocess.list2cmdline(list(argv))


def windows_program_command(argv: Sequence[str]) -> str:
    """A command line for the registry: the program always in quotes, as Windows writes it.

    (An unquoted program path with spaces is ambiguous to ``CreateProcess``; Windows paths
    cannot contain ``"``, so plain quotes are enough.)
    """
    rest = windows_command_line(argv[1:])
    return f'"{argv[0]}"' + (f" {rest}" if rest else "")


def powershell_literal(text: str) -> str:
    """A PowerShell single-quoted string: nothing inside is expanded; ``'`` is doubled.

    PowerShell also treats the typographic quotes U+2018/U+2019/U+201A/U+201B as single quotes,
    so they are doubled too.
    """
    out = []
    for ch in text:
        out.append(ch)
        if ch in "'\u2018\u2019\u201a\u201b":
            out.append(ch)
    return "'" + "".join(out) + "'"
