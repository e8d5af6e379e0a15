"""Linux desktop integration: install writes the XDG files, uninstall removes exactly them."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from hongyan.core.integration import choose_features, installer, plan_for
from hongyan.core.integration.launch import HongyanCommand
from hongyan.core.integration.manifest import Manifest
from hongyan.core.integration.model import Action, Feature, State, System
from support.integration import reload

ALL = frozenset(Feature)
USER_UCA = """<?xml version="1.0" encoding="UTF-8"?>
<actions>
<action>
\t<icon>utilities-terminal</icon>
\t<name>Open Terminal Here</name>
\t<unique-id>1234-1</unique-id>
\t<command>exo-open --working-directory %f --launch TerminalEmulator</command>
\t<description>My own action</description>
\t<patterns>*</patterns>
\t<directories/>
</action>
</actions>
"""
USER_MIMEAPPS = """# my associations
[Added Associations]
text/plain=org.gnome.gedit.desktop;

[Default Applications]
x-scheme-handler/mailto=thunderbird.desktop
text/html=firefox.desktop
"""


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def install(command: HongyanCommand, manifest: Manifest, features=ALL) -> installer.Report:
    return installer.install(
        plan_for(features, platform="linux", command=command), manifest, System()
    )


def test_install_writes_every_file_and_uninstall_removes_them_all(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    before = snapshot(home)
    report = install(command, manifest)
    assert {o.action for o in report.outcomes} == {Action.CREATED}
    data, config = home / ".local/share", home / ".config"
    expected = {
        data / "icons/hicolor/scalable/apps/hongyan.svg",
        data / "applications/hongyan.desktop",
        data / "applications/hongyan-send-to.desktop",
        data / "kio/servicemenus/hongyan-send-to.desktop",
        data / "nautilus/scripts/Send to mail recipient",
        data / "nemo/actions/hongyan-send-to.nemo_action",
        config / "autostart/hongyan-autostart.desktop",
        config / "mimeapps.list",
        config / "Thunar/uca.xml",
    }
    assert {p for p in home.rglob("*") if p.is_file()} == expected
    launcher = (data / "applications/hongyan.desktop").read_text(encoding="utf-8")
    assert 'Exec="/opt/鸿雁 mail/bin/hongyan" %u\n' in launcher
    assert "MimeType=x-scheme-handler/mailto;\n" in launcher
    autostart = (config / "autostart/hongyan-autostart.desktop").read_text(encoding="utf-8")
    assert 'Exec="/opt/鸿雁 mail/bin/hongyan" --background --fetch\n' in autostart
    assert (config / "mimeapps.list").read_text() == (
        "[Default Applications]\nx-scheme-handler/mailto=hongyan.desktop\n"
    )
    assert stat.S_IMODE((data / "nautilus/scripts/Send to mail recipient").stat().st_mode) == 0o755

    report = installer.uninstall(reload(manifest), System())
    assert {o.action for o in report.outcomes} == {Action.REMOVED}
    assert snapshot(home) == before
    assert not manifest.path.exists()


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)",
)
def test_desktop_file_validate_accepts_every_desktop_file(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    install(command, manifest)
    desktop_files = sorted(home.rglob("*.desktop"))
    assert len(desktop_files) == 4
    for path in desktop_files:
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0 and not result.stdout.strip(), (path, result.stdout)


def test_without_mailto_the_launcher_claims_no_scheme_and_mimeapps_is_untouched(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    install(command, manifest, choose_features(None))
    launcher = (home / ".local/share/applications/hongyan.desktop").read_text(encoding="utf-8")
    assert "MimeType" not in launcher
    assert 'Exec="/opt/鸿雁 mail/bin/hongyan"\n' in launcher
    assert not (home / ".config/mimeapps.list").exists()


def test_uninstall_keeps_the_users_thunar_actions_byte_for_byte(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    uca = home / ".config/Thunar/uca.xml"
    uca.parent.mkdir(parents=True)
    uca.write_text(USER_UCA, encoding="utf-8")
    install(command, manifest)
    text = uca.read_text(encoding="utf-8")
    assert "<unique-id>1234-1</unique-id>" in text
    assert "<unique-id>hongyan-send-to-mail-recipient</unique-id>" in text
    assert text.startswith(USER_UCA.removesuffix("</actions>\n"))
    installer.uninstall(reload(manifest), System())
    assert uca.read_text(encoding="utf-8") == USER_UCA


def test_a_users_first_thunar_file_starts_from_the_system_one_and_goes_again(
    home: Path,
    command: HongyanCommand,
    manifest: Manifest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    system_dir = tmp_path / "etc-xdg"
    (system_dir / "Thunar").mkdir(parents=True)
    (system_dir / "Thunar/uca.xml").write_text(USER_UCA, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(system_dir))
    install(command, manifest)
    text = (home / ".config/Thunar/uca.xml").read_text(encoding="utf-8")
    assert "Open Terminal Here" in text and "hongyan-send-to-mail-recipient" in text
    installer.uninstall(reload(manifest), System())
    assert not (home / ".config/Thunar").exists()


def test_mailto_replaces_the_previous_default_and_uninstall_restores_it_exactly(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    mimeapps = home / ".config/mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text(USER_MIMEAPPS)
    report = install(command, manifest)
    mailto = next(o for o in report.outcomes if o.feature is Feature.MAILTO)
    assert mailto.detail == "was thunderbird.desktop"
    assert mimeapps.read_text() == USER_MIMEAPPS.replace("thunderbird.desktop", "hongyan.desktop")
    installer.uninstall(reload(manifest), System())
    assert mimeapps.read_text() == USER_MIMEAPPS


def test_mailto_is_added_to_an_existing_section_and_removed_from_it_alone(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    mimeapps = home / ".config/mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    original = "[Default Applications]\ntext/html=firefox.desktop\n\n[Added Associations]\n"
    mimeapps.write_text(original)
    install(command, manifest)
    assert mimeapps.read_text() == (
        "[Default Applications]\ntext/html=firefox.desktop\n"
        "x-scheme-handler/mailto=hongyan.desktop\n\n[Added Associations]\n"
    )
    installer.uninstall(reload(manifest), System())
    assert mimeapps.read_text() == original


def test_a_default_the_user_chose_after_install_is_left_alone(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    install(command, manifest)
    mimeapps = home / ".config/mimeapps.list"
    chosen = "[Default Applications]\nx-scheme-handler/mailto=evolution.desktop\n"
    mimeapps.write_text(chosen)
    status = installer.status(
        plan_for(ALL, platform="linux", command=command), reload(manifest), System()
    )
    assert any(line.state is State.MODIFIED and "evolution" in line.detail for line in status)
    installer.uninstall(reload(manifest), System())
    assert mimeapps.read_text() == chosen


def test_a_file_the_user_edited_is_kept_and_reported(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    install(command, manifest)
    autostart = home / ".config/autostart/hongyan-autostart.desktop"
    autostart.write_text(autostart.read_text() + "X-My-Tweak=true\n")
    status = installer.status(
        plan_for(ALL, platform="linux", command=command), reload(manifest), System()
    )
    assert [line.state for line in status if line.target == str(autostart)] == [State.MODIFIED]

    report = installer.uninstall(reload(manifest), System())
    assert [o.target for o in report.problems] == [str(autostart)]
    assert "X-My-Tweak=true" in autostart.read_text()
    assert not (home / ".local/share/applications/hongyan.desktop").exists()
    # The edited file stays recorded, so status keeps telling about it.
    assert list(reload(manifest).records) == [f"file:{autostart}"]


def test_a_file_that_was_there_before_is_neither_overwritten_nor_removed(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    own = home / ".local/share/applications/hongyan.desktop"
    own.parent.mkdir(parents=True)
    own.write_text("[Desktop Entry]\nName=My own Hongyan launcher\n")
    report = install(command, manifest)
    assert [o.target for o in report.problems] == [str(own)]
    installer.uninstall(reload(manifest), System())
    assert own.read_text() == "[Desktop Entry]\nName=My own Hongyan launcher\n"


def test_switching_a_feature_off_removes_only_its_files(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    install(command, manifest)
    features = choose_features(reload(manifest).features, send_to=False)
    assert features == {Feature.LAUNCHER, Feature.MAILTO, Feature.AUTOSTART}
    report = install(command, reload(manifest), features)
    removed = {o.target for o in report.outcomes if o.action is Action.REMOVED}
    assert len(removed) == 5 and all("send" in t.lower() or "uca.xml" in t for t in removed)
    assert not (home / ".local/share/nemo").exists()
    assert (home / ".config/autostart/hongyan-autostart.desktop").exists()


def test_a_moved_installation_updates_the_commands(
    home: Path, command: HongyanCommand, manifest: Manifest
) -> None:
    install(command, manifest)
    report = install(HongyanCommand(("/usr/bin/python3", "-m", "hongyan")), reload(manifest))
    updated = [o.target for o in report.outcomes if o.action is Action.UPDATED]
    assert len(updated) == 7  # every file with a command in it; not the icon or mimeapps.list
    autostart = (home / ".config/autostart/hongyan-autostart.desktop").read_text()
    assert "Exec=/usr/bin/python3 -m hongyan --background --fetch\n" in autostart
    installer.uninstall(reload(manifest), System())
    assert not (home / ".config").exists()


def test_the_nautilus_script_passes_odd_file_names_intact(
    home: Path, manifest: Manifest, tmp_path: Path
) -> None:
    """The script quotes the program path and hands every file name over unchanged."""
    program = tmp_path / "带 空格's" / "hongyan"
    program.parent.mkdir()
    out = tmp_path / "args.txt"
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{out}"\n')
    program.chmod(0o755)
    install(HongyanCommand((str(program),)), manifest)
    script = home / ".local/share/nautilus/scripts/Send to mail recipient"
    names = ["中文 报告.pdf", "-rf", "$(touch pwned)", "it's"]
    subprocess.run([str(script), *names], check=True, timeout=30, cwd=tmp_path)
    assert out.read_text(encoding="utf-8").splitlines() == ["compose", "--", *names]
    assert not (tmp_path / "pwned").exists()


def test_status_lists_what_is_missing_before_install(
    command: HongyanCommand, manifest: Manifest
) -> None:
    lines = installer.status(plan_for(ALL, platform="linux", command=command), manifest, System())
    assert len(lines) == 9 and {line.state for line in lines} == {None}
    assert os.environ["HOME"] in lines[0].target


def test_a_desktop_specific_list_that_outranks_ours_is_pointed_out(
    home: Path, command: HongyanCommand
) -> None:
    kde = home / ".config/kde-mimeapps.list"
    kde.parent.mkdir(parents=True)
    kde.write_text("[Default Applications]\nx-scheme-handler/mailto=org.kde.kmail2.desktop\n")
    plan = plan_for(ALL, platform="linux", command=command)
    assert len(plan.notes) == 1 and "org.kde.kmail2.desktop" in plan.notes[0]
