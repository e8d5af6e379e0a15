"""The system libraries Qt's platform plugin needs, and the command that installs them.

PySide6's wheel carries Qt but not the X11 client libraries its xcb platform plugin links
(``libxcb-icccm4``, ``libxcb-keysyms1`` … on a fresh Debian 12). Without them Qt aborts at
start-up with a message that blames ``libxcb-cursor0`` whatever is really missing. So before
the window is created, ``ldd`` on the plugin lists what the dynamic loader cannot find, and
:data:`PACKAGES` turns those ``.so`` names into the distribution's package names: the user
gets the exact install command instead of Qt's guess.

This module never imports PySide6 (it finds the plugin with :func:`importlib.util.find_spec`),
costs one ``ldd`` run (about 10 ms) and runs only when the window is about to open on Linux
with the xcb platform; ``hongyan --version`` and the subcommands never load it.

``python -m hongyan.core.qt_libraries [--install]`` is what ``make run`` calls first: it
prints the install command and fails when something is missing; with ``--install``, as root on
Debian or Ubuntu, it runs ``apt-get`` itself (and says so). ``make test`` calls it too, with
``QT_QPA_PLATFORM=offscreen`` (the tests' platform, whose plugin needs fewer libraries), and
never installs anything.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PLUGINS: Mapping[str, str] = {"xcb": "libqxcb.so", "offscreen": "libqoffscreen.so"}
"""The platforms whose libraries are checked, and their plugin files."""

PACKAGES: Mapping[str, tuple[str, str]] = {
    # .so name              Debian/Ubuntu            Fedora
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
"""What Qt 6's xcb plugin links outside the wheel (``ldd`` on it), and the package holding each.

The README's list of libraries is this table's Debian column."""


def plugin_path(environ: Mapping[str, str], qt_platform: str = "xcb") -> Path | None:
    """The platform plugin Qt would load: from ``QT_QPA_PLATFORM_PLUGIN_PATH`` (Qt's own
    variable naming the folder of platform plugins), else the one inside the installed PySide6."""
    name = PLUGINS[qt_platform]
    folder = environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if folder:
        return Path(folder) / name
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt/plugins/platforms" / name


def checked_platform(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The Qt platform whose libraries are checked here: on Linux, the first one
    ``QT_QPA_PLATFORM`` names when it is one of :data:`PLUGINS`, else (unset) xcb, Qt's
    default; None in a Wayland session (Qt takes its Wayland plugin) and off Linux."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen if chosen in PLUGINS else None
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY")
    return None if wayland else "xcb"


def missing_libraries(plugin: Path) -> list[str]:
    """The ``.so`` names ``ldd`` cannot find for ``plugin`` (empty when ldd is not there)."""
    ldd = shutil.which("ldd")
    if ldd is None or not plugin.is_file():
        return []
    try:
        run = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    missing = []
    for line in run.stdout.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


@dataclass(frozen=True)
class Distribution:
    """The ``ID`` and ``ID_LIKE`` of ``/etc/os-release``: which package manager to name."""

    id: str = ""
    like: tuple[str, ...] = ()

    @classmethod
    def read(cls, path: Path = Path("/etc/os-release")) -> Distribution:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return cls()
        values = {}
        for line in text.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = " ".join(shlex.split(value, posix=True))
        return cls(values.get("ID", "").lower(), tuple(values.get("ID_LIKE", "").lower().split()))

    @property
    def family(self) -> str:
        """``debian`` (Debian, Ubuntu, Mint …), ``fedora`` (Fedora, RHEL …), or ``""``."""
        names = (self.id, *self.like)
        if any(n in ("debian", "ubuntu") for n in names):
            return "debian"
        if any(n in ("fedora", "rhel", "centos") for n in names):
            return "fedora"
        return ""


def packages_for(missing: Sequence[str], family: str) -> tuple[list[str], list[str]]:
    """(packages to install, ``.so`` names no package is known for) in ``family``.

    On Fedora every library has a package name: dnf installs by what a package provides,
    ``'libfoo.so.1()(64bit)'``.
    """
    if family not in ("debian", "fedora"):
        return [], list(missing)
    column = 0 if family == "debian" else 1
    packages: list[str] = []
    unknown: list[str] = []
    for name in missing:
        known = PACKAGES.get(name)
        if known is not None:
            package = known[column]
        elif family == "fedora":
            package = f"{name}()(64bit)"
        else:
            unknown.append(name)
            continue
        if package not in packages:
            packages.append(package)
    return packages, unknown


def install_command(packages: Sequence[str], family: str, *, root: bool) -> list[str]:
    """The command that installs ``packages`` (``sudo`` first unless already root)."""
    tool = ["apt-get", "install"] if family == "debian" else ["dnf", "install"]
    return [*([] if root else ["sudo"]), *tool, *packages]


@dataclass(frozen=True)
class Problem:
    """Why Qt cannot start, and the command that fixes it (when one is known)."""

    qt_platform: str
    missing: tuple[str, ...]
    family: str
    packages: tuple[str, ...]
    unknown: tuple[str, ...]
    root: bool

    @property
    def command(self) -> list[str]:
        return install_command(self.packages, self.family, root=self.root) if self.packages else []

    def message(self) -> str:
        lead = "the window cannot open: " if self.qt_platform == "xcb" else ""
        lines = [
            f"{lead}Qt's {self.qt_platform} platform plugin needs libraries this system lacks: "
            + ", ".join(self.missing)
            + "."
        ]
        if self.command:
            lines.append("Install them with:")
            lines.append("    " + shlex.join(self.command))
        if self.unknown:
            how = " (apt-file search NAME finds the package)" if self.family == "debian" else ""
            lines.append("Install the packages that provide " + ", ".join(self.unknown) + how + ".")
        lines.append(
            "Then start Hongyan again." if self.qt_platform == "xcb" else "Then try again."
        )
        return "\n".join(lines)


def find_problem(
    environ: Mapping[str, str] | None = None,
    *,
    distribution: Distribution | None = None,
    platform: str = sys.platform,
) -> Problem | None:
    """What keeps Qt's platform plugin from loading here, or None (also when it is not checked,
    see :func:`checked_platform`)."""
    env = os.environ if environ is None else environ
    qt_platform = checked_platform(env, platform)
    if qt_platform is None:
        return None
    plugin = plugin_path(env, qt_platform)
    missing = missing_libraries(plugin) if plugin is not None else []
    if not missing:
        return None
    family = (distribution or Distribution.read()).family
    packages, unknown = packages_for(missing, family)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return Problem(qt_platform, tuple(missing), family, tuple(packages), tuple(unknown), root)


def no_display(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why the xcb plugin has no screen to open on (``DISPLAY`` unset), or None."""
    if checked_platform(environ, platform) != "xcb" or environ.get("DISPLAY"):
        return None
    return (
        "the window cannot open: there is no graphical display (DISPLAY is not set). Start "
        "Hongyan inside a desktop session, or use its commands (hongyan --help)."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``make run`` and ``make test``: report (with ``--install``, as root on Debian, install)
    what is missing."""
    install = "--install" in (sys.argv[1:] if argv is None else argv)
    problem = find_problem()
    if problem is None:
        return 0
    if install and problem.root and problem.family == "debian" and problem.packages:
        print(
            "make run: installing the libraries Qt's xcb plugin needs: "
            + shlex.join(problem.command),
            file=sys.stderr,
        )
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, stdin=subprocess.DEVNULL, check=False)
        apt = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *problem.packages]
        done = subprocess.run(apt, env=env, stdin=subprocess.DEVNULL, check=False)
        problem = find_problem() if done.returncode == 0 else problem
        if problem is None:
            return 0
    print(f"hongyan: {problem.message()}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
