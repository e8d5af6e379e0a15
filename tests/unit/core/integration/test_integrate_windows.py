"""Windows desktop integration, checked on any OS by recording exactly what would be written."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from hongyan.core.integration import installer, plan_for
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.manifest import Manifest
from hongyan.core.integration.model import Action, Feature, State, System
from hongyan.core.integration.shortcuts import powershell_command
from hongyan.core.resources import resource_path
from support.integration import MemoryRegistry, ShortcutRecorder, reload

ALL = frozenset(Feature)
ICON = resource_path("icons", "hongyan.ico")
EXE = r"C:\Users\李雷\AppData\Roaming\Python\Python312\Scripts\hongyan-gui.exe"


@pytest.fixture
def appdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Roaming"
    monkeypatch.setenv("APPDATA", str(folder))
    return folder


@pytest.fixture
def system() -> System:
    return System(registry=MemoryRegistry(), run=ShortcutRecorder())


def windows_plan(features=ALL):
    return plan_for(features, platform="windows", command=HongyanCommand((EXE,)))


def test_the_send_to_shortcut_is_made_by_exactly_this_powershell_script(
    appdata: Path, system: System, manifest: Manifest
) -> None:
    installer.install(windows_plan(), manifest, system)
    recorder = system.run
    assert isinstance(recorder, ShortcutRecorder)
    assert len(recorder.commands) == 3
    assert recorder.commands[0][:6] == [
        "powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
        "-EncodedCommand",
    ]  # fmt: skip
    send_to = appdata / "Microsoft/Windows/SendTo/Mail Recipient (Hongyan).lnk"
    assert recorder.scripts[1] == (
        "$ErrorActionPreference = 'Stop'\n"
        "$shell = New-Object -ComObject WScript.Shell\n"
        f"$link = $shell.CreateShortcut('{send_to}')\n"
        f"$link.TargetPath = '{EXE}'\n"
        "$link.Arguments = 'compose'\n"
        r"$link.WorkingDirectory = 'C:\Users\李雷\AppData\Roaming\Python\Python312\Scripts'" "\n"
        f"$link.IconLocation = '{ICON},0'\n"
        "$link.Description = 'Read and send email over POP3 and SMTP'\n"
        "$link.WindowStyle = 1\n"
        "$link.Save()\n"
    )  # fmt: skip
    startup = recorder.scripts[2]
    assert "Start Menu\\Programs\\Startup\\Hongyan.lnk" in startup.replace("/", "\\")
    assert "$link.Arguments = '--background --fetch'" in startup
    assert "$link.WindowStyle = 7" in startup
    assert send_to.exists()


def test_a_quote_in_a_path_cannot_break_out_of_the_powershell_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: System, manifest: Manifest
) -> None:
    monkeypatch.setenv("APPDATA", str(tmp_path / "O'Brien’s; calc.exe"))
    installer.install(windows_plan(frozenset({Feature.LAUNCHER})), manifest, system)
    assert isinstance(system.run, ShortcutRecorder)
    script = system.run.scripts[0]
    assert (
        "CreateShortcut('" + str(tmp_path).replace("'", "''") + "/O''Brien’’s; calc.exe/" in script
    )


def test_powershell_gets_the_script_as_utf16_base64() -> None:
    argv = powershell_command("Write-Output '鸿雁'")
    assert base64.b64decode(argv[-1]).decode("utf-16-le") == "Write-Output '鸿雁'"


def test_mailto_registration_writes_exactly_these_values_under_hkcu(
    appdata: Path, system: System, manifest: Manifest
) -> None:
    installer.install(windows_plan(), manifest, system)
    registry = system.registry
    assert isinstance(registry, MemoryRegistry)
    sets = {
        (key, name): value for op, key, name, value in (e for e in registry.log if e[0] == "set")
    }
    command = f'"{EXE}" "%1"'
    assert sets[("Software\\Classes\\Hongyan.mailto\\shell\\open\\command", "")] == command
    assert sets[("Software\\Clients\\Mail\\Hongyan\\Capabilities\\URLAssociations", "mailto")] == (
        "Hongyan.mailto"
    )
    assert sets[("Software\\RegisteredApplications", "Hongyan")] == (
        "Software\\Clients\\Mail\\Hongyan\\Capabilities"
    )
    assert sets[("Software\\Clients\\Mail\\Hongyan", "")] == "Hongyan"
    assert sets[("Software\\Classes\\Hongyan.mailto\\DefaultIcon", "")] == f"{ICON},0"
    assert len(sets) == 11


def test_uninstall_removes_our_keys_and_values_and_nothing_else(
    appdata: Path, system: System, manifest: Manifest
) -> None:
    registry = system.registry
    assert isinstance(registry, MemoryRegistry)
    registry.set_value("Software\\RegisteredApplications", "Firefox", 1, "Software\\Firefox\\Cap")
    registry.set_value("Software\\Classes\\.txt", "", 1, "txtfile")
    before = {k: dict(v) for k, v in registry.keys.items()}
    installer.install(windows_plan(), manifest, system)
    report = installer.uninstall(reload(manifest), system)
    assert {o.action for o in report.outcomes} == {Action.REMOVED}
    assert registry.keys == before
    assert not any(appdata.rglob("*.lnk"))
    assert not appdata.exists()


def test_a_value_changed_by_the_user_is_kept(
    appdata: Path, system: System, manifest: Manifest
) -> None:
    installer.install(windows_plan(), manifest, system)
    registry = system.registry
    assert registry is not None
    key = "Software\\Classes\\Hongyan.mailto\\shell\\open\\command"
    registry.set_value(key, "", 1, '"C:\\Other\\mail.exe" "%1"')
    lines = installer.status(windows_plan(), reload(manifest), system)
    assert [line.state for line in lines if "Hongyan.mailto\\shell" in line.target] == [
        State.MODIFIED
    ]
    report = installer.uninstall(reload(manifest), system)
    assert [o.action for o in report.problems] == [Action.KEPT_MODIFIED]
    assert registry.get_value(key, "") == ('"C:\\Other\\mail.exe" "%1"', 1)


def test_a_value_someone_else_set_is_not_taken_over(
    appdata: Path, system: System, manifest: Manifest
) -> None:
    registry = system.registry
    assert registry is not None
    registry.set_value("Software\\RegisteredApplications", "Hongyan", 1, "elsewhere")
    report = installer.install(windows_plan(), manifest, system)
    assert [o.target for o in report.problems] == [
        "HKCU\\Software\\RegisteredApplications\\Hongyan"
    ]
    installer.uninstall(reload(manifest), system)
    assert registry.get_value("Software\\RegisteredApplications", "Hongyan") == ("elsewhere", 1)


def test_running_install_again_changes_nothing(
    appdata: Path, system: System, manifest: Manifest
) -> None:
    installer.install(windows_plan(), manifest, system)
    report = installer.install(windows_plan(), reload(manifest), system)
    assert {o.action for o in report.outcomes} == {Action.UNCHANGED}
    assert isinstance(system.run, ShortcutRecorder) and len(system.run.commands) == 3
