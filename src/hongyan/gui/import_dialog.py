"""File → Import…: choose what to import (an mbox file, .eml files, or a folder of them) and
the folder it goes into. The import itself runs in a worker (:mod:`hongyan.gui.store_jobs`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.store import FolderInfo
from hongyan.gui.folder_model import SPECIAL_FOLDERS, folder_title

#: Folders mail is never imported into (the Outbox sends what it holds).
_NOT_TARGETS = ("Outbox",)


class ImportDialog(QDialog):
    """Asks for the sources and the target folder; :attr:`sources` and :attr:`folder` hold
    the choice when it is accepted."""

    def __init__(
        self, folders: list[FolderInfo], current: str = "Inbox", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import Mail"))
        self.sources: list[Path] = []
        intro = QLabel(
            self.tr(
                "Import messages saved by another mail program: an mbox file (Thunderbird, "
                "mutt, Apple Mail export), .eml files, or a folder of them."
            )
        )
        intro.setWordWrap(True)
        self.source_line = QLineEdit()
        self.source_line.setReadOnly(True)
        self.source_line.setPlaceholderText(self.tr("Nothing chosen yet"))
        self.choose_files = QPushButton(self.tr("Files…"))
        self.choose_folder = QPushButton(self.tr("Folder…"))
        self.choose_files.clicked.connect(self._pick_files)
        self.choose_folder.clicked.connect(self._pick_folder)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_line, 1)
        source_row.addWidget(self.choose_files)
        source_row.addWidget(self.choose_folder)

        self.target = QComboBox()
        names = [f.name for f in folders if f.name not in _NOT_TARGETS]
        ordered = [n for n in SPECIAL_FOLDERS if n in names] + [
            n for n in names if n not in SPECIAL_FOLDERS
        ]
        for name in ordered:
            self.target.addItem(folder_title(name) if "/" not in name else name, name)
        index = self.target.findData(current if current not in _NOT_TARGETS else "Inbox")
        self.target.setCurrentIndex(max(index, 0))

        form = QFormLayout()
        form.addRow(self.tr("Import from:"), source_row)
        form.addRow(self.tr("Into folder:"), self.target)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    @property
    def folder(self) -> str:
        return str(self.target.currentData())

    def set_sources(self, paths: list[Path]) -> None:
        """What will be imported (the file pickers call this; so do tests)."""
        self.sources = list(paths)
        if len(paths) == 1:
            self.source_line.setText(str(paths[0]))
        elif paths:
            self.source_line.setText(
                self.tr("%n files in {folder}", "", len(paths)).format(folder=paths[0].parent)
            )
        else:
            self.source_line.clear()
        self.import_button.setEnabled(bool(paths))

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose an mbox file or .eml files"),
            "",
            self.tr("Mail files (*.mbox *.mbx *.mbs *.eml);;All files (*)"),
        )
        if files:
            self.set_sources([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder of .eml files or a Maildir")
        )
        if folder:
            self.set_sources([Path(folder)])
