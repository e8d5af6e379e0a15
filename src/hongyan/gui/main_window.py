"""The main window: folder tree, message list and message view, as in Outlook Express."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QWidget,
)

from hongyan import __version__


class MainWindow(QMainWindow):
    """The three-pane window every other part of the interface hangs off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hongyan"))
        self.resize(1100, 720)

        self.folder_view = QTreeView()
        self.folder_view.setHeaderHidden(True)
        self.message_list = QTreeView()
        self.message_list.setRootIsDecorated(False)
        self.message_view = QTextBrowser()
        self.message_view.setOpenLinks(False)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.message_list)
        right.addWidget(self.message_view)
        right.setSizes([300, 420])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.folder_view)
        main.addWidget(right)
        main.setSizes([240, 860])
        self.setCentralWidget(main)

        self._build_menus()
        self.statusBar().addWidget(QLabel(self.tr("Ready")))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About Hongyan"), self)
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Hongyan"),
            self.tr(
                "Hongyan {version}\nA POP3/SMTP mail client that keeps your mail on your disk."
            ).replace("{version}", __version__),
        )
