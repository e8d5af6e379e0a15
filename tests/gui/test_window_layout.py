"""The main window fits the screen and comes back as the user left it, with everything Qt
writes kept in the settings home."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from gui.conftest import fill_inbox
from hongyan.core.accounts import ServerSettings
from hongyan.gui.app import Hongyan
from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow
from hongyan.gui.message_model import COLUMN_KEYS
from hongyan.gui.window_layout import LAYOUT_FILE, first_geometry, fitted


def _open(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _work_area() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def test_the_first_window_fits_a_small_screen_with_room_for_its_frame() -> None:
    small = QRect(0, 0, 1366, 740)  # 1366×768 less a panel
    opened = first_geometry(small)
    assert small.contains(opened)
    assert opened.height() <= 740 - 40, "the title bar must fit above it"
    big = QRect(0, 0, 2560, 1440)
    assert first_geometry(big).size().toTuple() == (1180, 760)
    assert big.center() == first_geometry(big).center()


def test_a_rectangle_is_shrunk_and_moved_into_the_work_area() -> None:
    area = QRect(0, 30, 1366, 738)
    assert fitted(QRect(900, -50, 1600, 1000), area) == area
    assert fitted(QRect(1000, 600, 600, 400), area) == QRect(766, 368, 600, 400)
    inside = QRect(10, 40, 300, 200)
    assert fitted(inside, area) == inside


def test_the_main_window_opens_within_the_screen(qtbot: QtBot, context: AppContext) -> None:
    window = _open(qtbot, context)
    qtbot.waitUntil(lambda: _work_area().contains(window.frameGeometry()))
    assert window.statusBar().isVisible()


def test_a_window_saved_on_a_bigger_screen_opens_within_this_one(
    qtbot: QtBot, context: AppContext
) -> None:
    saved = QSettings(str(context.paths.config_dir / LAYOUT_FILE), QSettings.Format.IniFormat)
    first = _open(qtbot, context)
    first.setGeometry(0, 0, 2400, 1300)  # as on a 2560×1440 monitor
    saved.setValue("window/geometry", first.saveGeometry())
    saved.sync()
    first.close()
    second = _open(qtbot, context)
    qtbot.waitUntil(lambda: _work_area().contains(second.frameGeometry()))


def test_size_splitters_columns_and_sort_are_remembered_per_folder_across_a_restart(
    qtbot: QtBot, context: AppContext
) -> None:
    fill_inbox(context, 3)
    window = _open(qtbot, context)
    window.resize(700, 500)
    window.folder_splitter.setSizes([150, 550])
    window.reading_splitter.setSizes([100, 300])
    splitters = (window.folder_splitter.sizes(), window.reading_splitter.sizes())
    header = window.message_list.horizontalHeader()
    from_column, subject_column = COLUMN_KEYS.index("from"), COLUMN_KEYS.index("subject")
    header.resizeSection(from_column, 123)
    window.message_list.sortByColumn(subject_column, Qt.SortOrder.AscendingOrder)
    window.open_folder("Sent")
    header.resizeSection(from_column, 234)  # the recipients are wider in Sent
    window.open_folder("Inbox")
    window.close()

    again = _open(qtbot, context)
    assert again.size().toTuple() == (700, 500)
    assert (again.folder_splitter.sizes(), again.reading_splitter.sizes()) == splitters
    assert again.folder_splitter.sizes()[0] == 150
    header = again.message_list.horizontalHeader()
    assert header.sectionSize(from_column) == 123
    assert header.sortIndicatorSection() == subject_column
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    subjects = [again.message_model.message(r).subject for r in range(3)]  # type: ignore[union-attr]
    assert subjects == ["Message 0", "Message 1", "Message 2"], "read in the remembered order"
    again.open_folder("Sent")
    assert header.sectionSize(from_column) == 234
    assert header.sortIndicatorSection() == COLUMN_KEYS.index("date")


def test_the_maximised_state_is_remembered(qtbot: QtBot, context: AppContext) -> None:
    window = _open(qtbot, context)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    again = MainWindow(context)
    qtbot.addWidget(again)
    assert again.windowState() & Qt.WindowState.WindowMaximized


def test_qt_writes_its_own_settings_into_the_settings_home_too(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    app = Hongyan(context, tray=False)
    qtbot.addWidget(app.window)
    dialog = QFileDialog(app.window, "Open", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    QTimer.singleShot(100, dialog.reject)
    dialog.exec()
    del dialog  # Qt's file dialog writes QtProject.conf as it goes
    app.window.close()
    home = context.paths.config_dir
    assert (home / "QtProject.conf").is_file()
    assert (home / LAYOUT_FILE).is_file()
    user_config = Path.home() / ".config"
    written = [p for p in user_config.rglob("*") if p.is_file()] if user_config.exists() else []
    assert written == [], "nothing outside HONGYAN_HOME"


def test_the_dialogs_fit_a_laptop_screen_with_a_panel(
    qtbot: QtBot, context: AppContext, chinese: None
) -> None:
    """1366×768 less a 28-pixel panel and a title bar: at most 700 pixels of dialog."""
    from gui.conftest import make_account
    from hongyan.gui.account_properties import AccountPropertiesDialog
    from hongyan.gui.account_wizard import AccountWizard
    from hongyan.gui.options_dialog import OptionsDialog

    context.accounts.add(make_account(pop3=ServerSettings("pop.example.test", 995, "ssl")))
    account = context.accounts.get("li@example.test")
    for dialog in (
        AccountPropertiesDialog(context, account),
        AccountWizard(context),
        OptionsDialog(context),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.height() <= 700, type(dialog).__name__
        assert dialog.minimumSizeHint().height() <= 700, type(dialog).__name__
