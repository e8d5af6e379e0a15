"""Before the window opens, a missing system library of Qt's xcb plugin is named, with the exact
command that installs it, instead of Qt's abort that blames libxcb-cursor0 (issue 16).

The fake plugin is a copy of PySide6's real ``libqxcb.so`` in which two library names are
changed to ones no system has; its ``RUNPATH`` (``$ORIGIN/../../lib``) still finds Qt's own
libraries, so ``ldd`` reports exactly those two as not found.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hongyan.core import qt_libraries
from hongyan.core.qt_libraries import Distribution, find_problem, packages_for

DEBIAN = Distribution("debian")
UBUNTU = Distribution("ubuntu", ("debian",))
FEDORA = Distribution("fedora")
ARCH = Distribution("arch")
RENAMED = {
    b"libxcb-icccm.so.4\0": b"libxcb-icccm.so.9\0",
    b"libxcb-keysyms.so.1\0": b"libxcb-keysyms.so.8\0",
}
XCB = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}


def real_plugin(name: str = "libqxcb.so") -> Path:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return qt / "plugins" / "platforms" / name


def fake_plugin(folder: Path, name: str, renamed: dict[bytes, bytes]) -> None:
    """Copy PySide6's plugin ``name`` into ``folder`` with the library names ``renamed``."""
    real = real_plugin(name)
    if not real.is_file():
        pytest.skip(f"PySide6 has no {name} on this platform")
    if not (folder.parents[1] / "lib").exists():
        (folder.parents[1] / "lib").symlink_to(real.parents[2] / "lib")
    data = real.read_bytes()
    for old, new in renamed.items():
        assert data.count(old) == 1
        data = data.replace(old, new)
    (folder / name).write_bytes(data)


@pytest.fixture
def fake_plugins(tmp_path: Path) -> Path:
    """A platforms folder whose libqxcb.so needs libxcb-icccm.so.9 and libxcb-keysyms.so.8."""
    platforms = tmp_path / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    fake_plugin(platforms, "libqxcb.so", RENAMED)
    return platforms


def test_ldd_names_exactly_the_libraries_the_plugin_lacks(fake_plugins: Path) -> None:
    assert qt_libraries.missing_libraries(fake_plugins / "libqxcb.so") == [
        "libxcb-icccm.so.9",
        "libxcb-keysyms.so.8",
    ]
    assert qt_libraries.missing_libraries(real_plugin()) == []  # installed here


def test_the_message_names_the_libraries_and_the_command_for_the_distribution(
    fake_plugins: Path,
) -> None:
    env = {**XCB, "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugins)}
    problem = find_problem(env, distribution=FEDORA, platform="linux")
    assert problem is not None
    assert problem.missing == ("libxcb-icccm.so.9", "libxcb-keysyms.so.8")
    message = problem.message()
    assert "Qt's xcb platform plugin needs libraries this system lacks: " in message
    sudo = "" if os.geteuid() == 0 else "sudo "
    assert f"    {sudo}dnf install 'libxcb-icccm.so.9()(64bit)' 'libxcb-keysyms.so.8()(64bit)'" in (
        message.splitlines()
    )
    on_debian = find_problem(env, distribution=DEBIAN, platform="linux")
    assert on_debian is not None
    assert "Install the packages that provide libxcb-icccm.so.9, libxcb-keysyms.so.8" in (
        on_debian.message()
    )


def test_libraries_of_the_table_become_debian_and_fedora_packages() -> None:
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-shm.so.0", "libxcb-xkb.so.1"]
    assert packages_for(missing, UBUNTU.family) == (
        ["libxcb-icccm4", "libxcb-keysyms1", "libxcb-shm0", "libxcb-xkb1"],
        [],
    )
    assert packages_for(missing, FEDORA.family) == (
        ["xcb-util-wm", "xcb-util-keysyms", "libxcb"],  # one package holds both xcb libraries
        [],
    )
    assert packages_for(missing, ARCH.family) == ([], missing)
    command = qt_libraries.install_command(["libxcb-icccm4"], "debian", root=False)
    assert command == ["sudo", "apt-get", "install", "libxcb-icccm4"]


def test_every_library_the_real_plugin_links_outside_the_wheel_is_in_the_table() -> None:
    """What ldd resolves to a system path today is what a fresh system may lack tomorrow."""
    out = subprocess.run(["ldd", str(real_plugin())], capture_output=True, text=True).stdout
    linked = {
        line.split("=>")[0].strip()
        for line in out.splitlines()
        if "=>" in line and "/PySide6/" not in line
    }
    base = {  # part of every Linux system that runs Python at all, or pulled in by the above
        "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0",
        "libdl.so.2", "libz.so.1", "libzstd.so.1", "libpcre2-8.so.0", "libexpat.so.1",
        "libbrotlidec.so.1", "libbrotlicommon.so.1", "libbsd.so.0", "libmd.so.0",
        "libsystemd.so.0", "libcap.so.2", "libgcrypt.so.20", "liblzma.so.5", "liblz4.so.1",
        "libgpg-error.so.0", "libpng16.so.16", "libffi.so.8", "libselinux.so.1", "librt.so.1",
    }  # fmt: skip
    assert sorted(linked - base - set(qt_libraries.PACKAGES)) == []


def test_the_check_runs_for_the_platform_qt_will_load_on_linux(fake_plugins: Path) -> None:
    broken = {"QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugins), "DISPLAY": ":99"}
    assert find_problem({**broken, "QT_QPA_PLATFORM": "vnc"}, platform="linux") is None
    assert find_problem({**broken, "QT_QPA_PLATFORM": "xcb"}, platform="win32") is None
    wayland = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}
    assert find_problem({**broken, **wayland}, platform="linux") is None
    assert find_problem(broken, platform="linux") is not None  # unset: Qt picks xcb
    assert find_problem({**broken, "QT_QPA_PLATFORM": "xcb:fontengine=freetype"}) is not None


def test_make_test_checks_the_offscreen_plugin_the_tests_use(fake_plugins: Path) -> None:
    """``make test`` runs offscreen: its plugin's libraries are named, nothing is installed."""
    fake_plugin(fake_plugins, "libqoffscreen.so", {b"libxkbcommon.so.0\0": b"libxkbcommon.so.7\0"})
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["QT_QPA_PLATFORM_PLUGIN_PATH"] = str(fake_plugins)
    run = subprocess.run(
        [sys.executable, "-m", "hongyan.core.qt_libraries"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        "hongyan: Qt's offscreen platform plugin needs libraries this system lacks: "
        "libxkbcommon.so.7."
    )
    assert run.stderr.splitlines()[-1] == "Then try again."


def test_os_release_decides_the_family(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    release.write_text('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n')
    assert Distribution.read(release).family == "debian"
    release.write_text('ID="rocky"\nID_LIKE="rhel centos fedora"\n')
    assert Distribution.read(release).family == "fedora"
    assert Distribution.read(tmp_path / "absent").family == ""


def test_hongyan_stops_with_the_install_command_instead_of_a_qt_abort(
    fake_plugins: Path,
) -> None:
    env = {**os.environ, **XCB, "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugins)}
    run = subprocess.run(
        [sys.executable, "-m", "hongyan"], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 1
    assert run.stderr.startswith("hongyan: the window cannot open: Qt's xcb platform plugin")
    assert "libxcb-icccm.so.9, libxcb-keysyms.so.8" in run.stderr
    assert "Then start Hongyan again." in run.stderr
    assert "xcb-cursor" not in run.stderr  # Qt's misleading guess never shows
    assert "Traceback" not in run.stderr


def test_without_a_display_hongyan_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    run = subprocess.run(
        [sys.executable, "-m", "hongyan"], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 1
    assert "there is no graphical display (DISPLAY is not set)" in run.stderr
    assert "Traceback" not in run.stderr


def test_version_and_help_never_load_the_check() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from hongyan.cli import main\n"
        "for args in (['--version'], ['--help'], ['account', '--help']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(args)\n"
        "print('hongyan.core.qt_libraries' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "False", run.stderr


def test_make_run_s_helper_fails_with_the_message(fake_plugins: Path) -> None:
    env = {**os.environ, **XCB, "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugins)}
    run = subprocess.run(
        [sys.executable, "-m", "hongyan.core.qt_libraries"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    assert "libxcb-icccm.so.9" in run.stderr


def test_the_readme_lists_every_debian_package_of_the_table() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    block = readme.split("sudo apt-get install libxcb-cursor0", 1)[1].split("```", 1)[0]
    listed = {"libxcb-cursor0", *block.replace("\\", " ").split()}
    assert listed == {debian for debian, _fedora in qt_libraries.PACKAGES.values()}
