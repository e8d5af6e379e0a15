"""Options → store folder → Change…: the move runs in a worker and Cancel really cancels."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import hongyan.core.store.relocate as relocate_module
import hongyan.gui.store_mover as store_mover
from gui.conftest import fill_inbox
from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow
from hongyan.gui.options_dialog import OptionsDialog


def fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("index.")
    }


@pytest.fixture
def options(qtbot: QtBot, context: AppContext) -> OptionsDialog:
    fill_inbox(context, 20)
    window = MainWindow(context)
    qtbot.addWidget(window)
    dialog = OptionsDialog(context, window)
    qtbot.addWidget(dialog)
    return dialog


def assert_nothing_moved(
    options: OptionsDialog, old_root: Path, before: dict[str, str], target: Path
) -> None:
    context = options.context
    assert options.store_status.text().startswith("The move was cancelled. Your mail stays in")
    assert context.store.root == old_root and context.settings.store_path == old_root
    assert fingerprint(old_root) == before
    assert context.store.count("Inbox") == 20
    assert not context.store_moving
    assert list(target.parent.iterdir()) == [], "no partial or abandoned copy is left"


def test_cancel_during_the_copy_removes_it_and_keeps_the_old_store(
    qtbot: QtBot, options: OptionsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_copy = relocate_module._copy_file

    def slow_copy(source: Path, target: Path) -> str:  # time to press Cancel half-way
        time.sleep(0.05)
        return real_copy(source, target)

    monkeypatch.setattr(relocate_module, "_copy_file", slow_copy)
    old_root = options.context.store.root
    before = fingerprint(old_root)
    target = tmp_path / "usb" / "Hongyan Mail"
    target.parent.mkdir()
    options.move_store_to(target)
    dialog = options.progress_dialog
    assert dialog is not None and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: any(target.parent.iterdir()))  # the copy has begun
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.label.text() == "Cancelling…" and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: options.mover is None, timeout=20_000)
    assert not dialog.isVisible()
    assert_nothing_moved(options, old_root, before, target)


def test_cancel_after_the_copy_was_verified_removes_the_new_copy(
    qtbot: QtBot, options: OptionsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified = threading.Event()
    go_on = threading.Event()
    real_relocate = store_mover.relocate

    def relocate_then_wait(*args: Any, **kwargs: Any) -> Any:
        relocation = real_relocate(*args, **kwargs)
        verified.set()
        go_on.wait(10)
        return relocation

    monkeypatch.setattr(store_mover, "relocate", relocate_then_wait)
    old_root = options.context.store.root
    before = fingerprint(old_root)
    target = tmp_path / "usb" / "Hongyan Mail"
    target.parent.mkdir()
    options.move_store_to(target)
    qtbot.waitUntil(verified.is_set, timeout=20_000)
    assert target.is_dir()  # verified and renamed into place, not switched to yet
    dialog = options.progress_dialog
    assert dialog is not None
    dialog.reject()  # Escape asks for the same as Cancel
    go_on.set()
    qtbot.waitUntil(lambda: options.mover is None, timeout=20_000)
    assert_nothing_moved(options, old_root, before, target)


def test_the_dialog_cannot_be_closed_while_the_move_runs(
    qtbot: QtBot, options: OptionsDialog, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere"
    options.move_store_to(target)
    dialog = options.progress_dialog
    assert dialog is not None
    options.reject()  # the Options dialog stays while a move runs
    assert options.mover is not None
    qtbot.waitUntil(lambda: options.mover is None, timeout=20_000)
    assert options.store_status.text().startswith("Your mail is now in")
    assert not dialog.isVisible()
