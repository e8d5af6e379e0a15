"""Options → Desktop: the three integration switches, backed by the integration service, into
the temporary XDG home every test gets (see tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hongyan.core.integration import service
from hongyan.core.integration.model import Feature
from hongyan.gui.context import AppContext
from hongyan.gui.options_dialog import OptionsDialog

pytestmark = pytest.mark.skipif(os.name == "nt", reason="checks the Linux files")


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


def config_home() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"])


def options(qtbot: QtBot, context: AppContext) -> OptionsDialog:
    dialog = OptionsDialog(context)
    qtbot.addWidget(dialog)
    return dialog


def test_nothing_is_installed_until_a_switch_is_ticked(qtbot: QtBot, context: AppContext) -> None:
    dialog = options(qtbot, context)
    assert not any(b.isChecked() for b in (dialog.autostart, dialog.mailto, dialog.send_to))
    dialog.accept()
    assert service.installed_features(context.paths) is None
    assert not (data_home() / "applications").exists()


def test_each_switch_installs_and_removes_exactly_its_feature(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = options(qtbot, context)
    dialog.mailto.setChecked(True)
    dialog.accept()
    assert service.installed_features(context.paths) == {Feature.LAUNCHER, Feature.MAILTO}
    mimeapps = (config_home() / "mimeapps.list").read_text()
    assert "x-scheme-handler/mailto=" in mimeapps
    assert not (config_home() / "autostart").exists(), "a first install adds only what is ticked"

    dialog = options(qtbot, context)
    assert (dialog.mailto.isChecked(), dialog.autostart.isChecked()) == (True, False)
    dialog.send_to.setChecked(True)
    dialog.autostart.setChecked(True)
    dialog.accept()
    installed = service.installed_features(context.paths)
    assert installed == {Feature.LAUNCHER, Feature.MAILTO, Feature.SEND_TO, Feature.AUTOSTART}
    assert list((config_home() / "autostart").glob("*.desktop"))
    assert (data_home() / "nautilus" / "scripts").exists()

    dialog = options(qtbot, context)
    dialog.mailto.setChecked(False)
    dialog.send_to.setChecked(False)
    dialog.accept()
    assert service.installed_features(context.paths) == {Feature.LAUNCHER, Feature.AUTOSTART}
    mimeapps_file = config_home() / "mimeapps.list"
    assert not mimeapps_file.exists() or "mailto" not in mimeapps_file.read_text()
    assert not (data_home() / "nautilus" / "scripts").exists()


def test_options_shows_what_integrate_status_finds_missing_and_ok_repairs_it(
    qtbot: QtBot, context: AppContext
) -> None:
    service.install(context.paths, mailto=False, autostart=True, send_to=False)
    [entry] = (config_home() / "autostart").glob("*.desktop")
    entry.unlink()
    dialog = options(qtbot, context)
    assert dialog.autostart.isChecked()
    assert not dialog.integration_status.isHidden()
    assert entry.name in dialog.integration_status.text()
    dialog.accept()
    assert entry.exists(), "OK put back the missing autostart entry"


def foreign_autostart_file(context: AppContext) -> Path:
    """Someone else's file where Hongyan's autostart entry would go."""
    plan = service.plan_install(context.paths, mailto=False, autostart=True, send_to=False)
    [autostart] = [item for item in plan.items if item.feature is Feature.AUTOSTART]
    target = Path(autostart.target)
    target.parent.mkdir(parents=True)
    target.write_text("[Desktop Entry]\nName=Someone else's\n")
    return target


def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the warnings the Options dialog shows from now on."""
    seen: list[str] = []
    monkeypatch.setattr(
        "hongyan.gui.options_dialog.QMessageBox.warning",
        lambda _parent, _title, text: seen.append(text),
    )
    return seen


def test_a_conflict_is_reported_in_plain_words_and_the_dialog_stays_open(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = foreign_autostart_file(context)
    seen = warnings_shown(monkeypatch)
    dialog = options(qtbot, context)
    dialog.show()
    dialog.autostart.setChecked(True)
    dialog.accept()
    assert dialog.isVisible(), "the dialog stays open to show what failed"
    assert seen and "could not change" in seen[0]
    assert str(target) in seen[0] and "already there" in seen[0]
    assert target.read_text() == "[Desktop Entry]\nName=Someone else's\n", "never overwritten"


def test_the_conflict_is_explained_in_chinese_in_the_chinese_window(
    qtbot: QtBot, context: AppContext, chinese: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = foreign_autostart_file(context)
    seen = warnings_shown(monkeypatch)
    dialog = options(qtbot, context)
    dialog.autostart.setChecked(True)
    dialog.accept()
    assert seen and f"{target}: 那里已有同名文件；请把它移走后再安装" in seen[0]
