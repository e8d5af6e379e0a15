"""Settings: typed, validated on load with the bad key named, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings, SettingsError


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = Settings.load(app_paths({"HONGYAN_HOME": str(tmp_path)}))
    assert settings.get("remote_content") == "block"
    assert settings.store_path == tmp_path / "data" / "Mail"
    assert settings.problems == []


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    paths = app_paths({"HONGYAN_HOME": str(tmp_path)})
    settings = Settings.load(paths)
    settings.set("store_path", str(tmp_path / "D" / "邮件"))
    settings.set("check_every_minutes", 5)
    settings.save()
    again = Settings.load(paths)
    assert again.store_path == tmp_path / "D" / "邮件"
    assert again.get("check_every_minutes") == 5
    assert list(paths.config_dir.iterdir()) == [paths.settings_file]  # no temp file left


def test_a_bad_value_names_the_key_and_falls_back_to_the_default(tmp_path: Path) -> None:
    paths = app_paths({"HONGYAN_HOME": str(tmp_path)})
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text(
        json.dumps({"check_every_minutes": "often", "colour": "red", "language": "zh_CN"})
    )
    settings = Settings.load(paths)
    assert settings.get("check_every_minutes") == 10
    assert settings.get("language") == "zh_CN"
    assert any("check_every_minutes" in p for p in settings.problems)
    assert any("colour" in p for p in settings.problems)


def test_a_corrupt_file_is_reported_not_raised(tmp_path: Path) -> None:
    paths = app_paths({"HONGYAN_HOME": str(tmp_path)})
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_bytes(b"{not json")
    settings = Settings.load(paths)
    assert settings.get("notifications") is True
    assert settings.problems


def test_set_refuses_wrong_types_and_choices(tmp_path: Path) -> None:
    settings = Settings.load(app_paths({"HONGYAN_HOME": str(tmp_path)}))
    with pytest.raises(SettingsError, match="check_every_minutes"):
        settings.set("check_every_minutes", True)
    with pytest.raises(SettingsError, match="remote_content"):
        settings.set("remote_content", "sometimes")
