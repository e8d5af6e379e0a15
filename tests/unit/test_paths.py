"""The settings home: HONGYAN_HOME puts everything below one directory."""

from __future__ import annotations

from pathlib import Path

from hongyan.core.paths import app_paths


def test_hongyan_home_puts_every_directory_below_it(tmp_path: Path) -> None:
    paths = app_paths({"HONGYAN_HOME": str(tmp_path)})
    for directory in (
        paths.config_dir,
        paths.data_dir,
        paths.state_dir,
        paths.cache_dir,
        paths.log_dir,
        paths.default_store_dir,
    ):
        assert directory.is_relative_to(tmp_path)


def test_without_hongyan_home_platformdirs_names_the_app(tmp_path: Path) -> None:
    paths = app_paths({})
    assert "Hongyan" in str(paths.config_dir)
    assert paths.default_store_dir.parent == paths.data_dir


def test_asking_where_things_go_creates_nothing(tmp_path: Path) -> None:
    app_paths({"HONGYAN_HOME": str(tmp_path / "portable")})
    assert not (tmp_path / "portable").exists()
