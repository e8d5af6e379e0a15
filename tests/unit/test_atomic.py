"""Atomic replacement: the old file survives a failed write, and no temp file is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.core import atomic


def test_replaces_content_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "work" / "state.json"
    atomic.atomic_write_text(target, "one")
    atomic.atomic_write_text(target, "两")
    assert target.read_text(encoding="utf-8") == "两"
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "work" / "state.json"
    atomic.atomic_write_text(target, "old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic.atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]
