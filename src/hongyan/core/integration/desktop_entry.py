"""Writing Desktop Entry files (freedesktop.org Desktop Entry Specification 1.5).

Launchers, autostart entries, Dolphin service menus and Nemo actions all use this key file
format. Values of type string are escaped here (``\\s``-style escapes for backslash and
control characters); ``Exec`` values come ready-quoted from
:func:`hongyan.core.integration.quoting.desktop_exec`, which applies both layers of the
spec's quoting itself.
"""

from __future__ import annotations

from collections.abc import Sequence

Group = tuple[str, Sequence[tuple[str, str]]]
"""A group header (without brackets) and its key/value pairs, in file order."""

PRE_ESCAPED_KEYS = frozenset({"Exec", "TryExec"})


def escape_string(value: str) -> str:
    """Escape a string value: backslash, line breaks and tabs (spec, "Possible value types")."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def render(groups: Sequence[Group], *, pre_escaped: frozenset[str] = PRE_ESCAPED_KEYS) -> bytes:
    """The UTF-8 bytes of a key file with ``groups`` in order, one blank line between them.

    Args:
        pre_escaped: keys whose values are already escaped (``Exec`` in Desktop Entries);
            other formats that merely share the syntax, like Nemo actions, pass an empty set.
    """
    blocks = []
    for name, entries in groups:
        lines = [f"[{name}]"]
        for key, value in entries:
            text = value if key in pre_escaped else escape_string(value)
            lines.append(f"{key}={text}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks).encode("utf-8")
