"""File → Import… and File → Rebuild Index: store work in workers, in the status bar."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import hongyan.gui.store_jobs as store_jobs
from gui.conftest import fill_inbox
from hongyan.core.store import Store
from hongyan.gui.context import AppContext
from hongyan.gui.import_dialog import ImportDialog
from hongyan.gui.main_window import MainWindow
from hongyan.gui.store_jobs import IMPORT_KEY, REINDEX_KEY
from support.mail import message


def write_mbox(path: Path, count: int) -> Path:
    with open(path, "wb") as out:
        for n in range(count):
            out.write(b"From sender@example.test Mon Mar  2 10:00:00 2026\n")
            out.write(message(subject=f"Old mail {n}", message_id=f"<old{n}@example.test>"))
            out.write(b"\n")
    return path


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    shown = MainWindow(context)
    qtbot.addWidget(shown)
    return shown


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the window would show in a warning box (modal boxes would block the test)."""
    shown: list[tuple[str, str]] = []

    def warning(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


def finish(qtbot: QtBot, window: MainWindow, start: Any) -> tuple[str, bool, str]:
    with qtbot.waitSignal(window.store_jobs.job_did_finish, timeout=30_000) as blocker:
        assert start()
    key, ok, text = blocker.args or ("", False, "")
    return key, ok, text


def test_file_menu_offers_import_and_rebuild(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert "&Import…" in texts and "Re&build Index" in texts


def test_an_mbox_is_imported_into_the_chosen_folder_in_a_worker(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    mbox = write_mbox(tmp_path / "old.mbox", 3)
    key, ok, text = finish(
        qtbot, window, lambda: window.store_jobs.start_import([mbox], "Archive/2025")
    )
    assert (key, ok, text) == (IMPORT_KEY, True, "3 messages imported.")
    assert context.store.count("Archive/2025") == 3
    qtbot.waitUntil(lambda: window.folder_model.find("Archive/2025") is not None)  # counted aside
    assert window.status_panel.message.text() == "3 messages imported."
    assert not window.status_panel.has_job(IMPORT_KEY)


def test_several_eml_files_go_into_the_inbox(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    files = []
    for n in range(4):
        files.append(tmp_path / f"{n}.eml")
        files[-1].write_bytes(message(subject=f"Saved {n}", message_id=f"<s{n}@example.test>"))
    _, ok, text = finish(qtbot, window, lambda: window.store_jobs.start_import(files, "Inbox"))
    assert ok and text == "4 messages imported."
    assert window.message_model.rowCount() == 4


def test_importing_the_same_mbox_again_adds_nothing_and_says_so(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    """Plan G66: what an earlier import brought is recognised and skipped."""
    mbox = write_mbox(tmp_path / "old.mbox", 3)
    finish(qtbot, window, lambda: window.store_jobs.start_import([mbox], "Inbox"))
    write_mbox(tmp_path / "old.mbox", 4)  # one more message since
    _, ok, text = finish(qtbot, window, lambda: window.store_jobs.start_import([mbox], "Inbox"))
    assert ok and text == "1 message imported. Skipped 3 messages already imported."
    assert context.store.count("Inbox") == 4


def test_files_that_are_not_mail_are_left_out_and_counted(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "a.eml").write_bytes(message(subject="a"))
    (saved / "cat.eml").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    _, ok, text = finish(qtbot, window, lambda: window.store_jobs.start_import([saved], "Inbox"))
    assert ok and text == "1 message imported. Left out 1 file that is not an email message."


def test_a_folder_without_mail_is_refused_in_plain_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    empty = tmp_path / "photos"
    empty.mkdir()
    (empty / "cat.jpg").write_bytes(b"\xff\xd8\xff")
    _, ok, text = finish(qtbot, window, lambda: window.store_jobs.start_import([empty], "Inbox"))
    assert not ok and text == f"{empty} holds no .eml files to import."
    assert warnings == [("Import failed", text)]
    assert "Traceback" not in window.status_panel.message.text()


def test_cancel_stops_after_the_batch_being_written_and_keeps_it(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mbox = write_mbox(tmp_path / "big.mbox", 2500)  # three batches of up to 1000
    real_import = store_jobs.import_path

    def cancel_at_first_batch(*args: Any, progress: Any, **kwargs: Any) -> Any:
        def report(done: int, total: int) -> None:
            window.store_jobs.tasks[IMPORT_KEY].cancel()  # as the status bar's Cancel does
            progress(done, total)

        return real_import(*args, progress=report, **kwargs)

    monkeypatch.setattr(store_jobs, "import_path", cancel_at_first_batch)
    _, ok, text = finish(qtbot, window, lambda: window.store_jobs.start_import([mbox], "Inbox"))
    assert ok and text == "Import cancelled; 1000 messages imported before that are kept."
    assert context.store.count("Inbox") == 1000
    assert list((context.store.root / "tmp").iterdir()) == []  # nothing half-written


def test_the_status_bar_cancel_button_cancels_the_import(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    mbox = write_mbox(tmp_path / "old.mbox", 5)
    with qtbot.waitSignal(window.store_jobs.job_did_finish, timeout=30_000) as blocker:
        window.store_jobs.start_import([mbox, mbox], "Inbox")
        assert window.status_panel.cancel_button.isVisibleTo(window.status_panel)
        window.status_panel.cancel_button.click()
    assert blocker.args is not None and blocker.args[2].startswith("Import cancelled")
    assert context.store.count("Inbox") in (0, 5)  # whole batches or nothing


def test_rebuild_index_runs_in_a_worker_and_keeps_fetch_out_meanwhile(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_inbox(context, 5)
    window.refresh()
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    with qtbot.waitSignal(window.store_jobs.job_did_finish, timeout=30_000) as blocker:
        window.action_reindex.trigger()
        assert window.status_panel.has_job(REINDEX_KEY)
        assert window.status_panel.cancel_button.isVisibleTo(window.status_panel)
        window.fetcher.get_mail()
        assert window.status_panel.message.text() == (
            "The mail store is being moved or rebuilt; try again then."
        )
    assert blocker.args == [REINDEX_KEY, True, "The index was rebuilt: 5 messages."]
    assert not context.store_moving
    assert window.message_model.rowCount() == 5
    assert {m.subject for m in context.store.list("Inbox")} == {f"Message {n}" for n in range(5)}


def test_cancel_stops_the_rebuild_and_the_window_keeps_the_old_index(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_inbox(context, 260)  # two batches of the rebuild
    window.refresh()
    before = [(m.id, m.subject) for m in context.store.list("Inbox")]
    pressed: list[int] = []
    shown = window.store_jobs._reindex_progress

    def press_cancel_after_the_first_batch(done: int, total: int) -> None:  # GUI thread
        shown(done, total)
        if done and not pressed:
            pressed.append(done)
            window.status_panel.cancel_button.click()

    real_build = store_jobs.rebuild.build

    def build(root: Path, progress: Any, cancel: Any) -> int:
        def slowly(done: int, total: int) -> None:  # worker: give the click time to land
            progress(done, total)
            if done:
                time.sleep(1)

        return real_build(root, progress=slowly, cancel=cancel)

    monkeypatch.setattr(window.store_jobs, "_reindex_progress", press_cancel_after_the_first_batch)
    monkeypatch.setattr(store_jobs.rebuild, "build", build)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    with qtbot.waitSignal(window.store_jobs.job_did_finish, timeout=30_000) as blocker:
        window.action_reindex.trigger()
        assert window.status_panel.cancel_button.isVisibleTo(window.status_panel)
    assert blocker.args == [REINDEX_KEY, True, "Rebuild cancelled; the index is as it was."]
    assert pressed == [200]
    assert not context.store_moving
    assert [(m.id, m.subject) for m in context.store.list("Inbox")] == before
    assert not (context.store.root / "index.sqlite.rebuild").exists()
    assert window.message_model.rowCount() == 260


def test_a_rebuild_another_program_keeps_from_its_swap_says_so_and_keeps_the_old_index(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[tuple[str, str]],
) -> None:
    fill_inbox(context, 5)
    window.refresh()
    before = [(m.id, m.subject) for m in context.store.list("Inbox")]
    monkeypatch.setattr(store_jobs.rebuild, "SWAP_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    other = Store.open(context.store.root)  # e.g. `hongyan fetch` in a terminal
    try:
        with qtbot.waitSignal(window.store_jobs.job_did_finish, timeout=30_000) as blocker:
            window.action_reindex.trigger()
    finally:
        other.close()
    assert blocker.args is not None and blocker.args[:2] == [REINDEX_KEY, False]
    assert "Another Hongyan window or command is using the mail store" in blocker.args[2]
    assert warnings and warnings[0][0] == "Rebuild failed"
    assert not context.store_moving
    assert [(m.id, m.subject) for m in context.store.list("Inbox")] == before
    qtbot.waitUntil(lambda: window.message_model.rowCount() == 5)
    assert not (context.store.root / "index.sqlite.rebuild").exists()


def test_import_dialog_offers_the_folders_and_needs_a_source(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    context.store.create_folder("Projects/2026")
    dialog = ImportDialog(context.store.folders(), "Sent")
    qtbot.addWidget(dialog)
    folders = [dialog.target.itemData(i) for i in range(dialog.target.count())]
    assert folders[0] == "Inbox" and "Projects/2026" in folders and "Outbox" not in folders
    assert dialog.folder == "Sent"
    assert not dialog.import_button.isEnabled()
    dialog.set_sources([tmp_path / "a.eml", tmp_path / "b.eml"])
    assert dialog.import_button.isEnabled()
    assert dialog.source_line.text() == f"2 files in {tmp_path}"
