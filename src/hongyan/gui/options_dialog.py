"""Tools → Options: where the mail store lives, when to check for mail, the desktop switches
(start with the system, mailto: links, Send To), remote content, language and notifications.

Changing the store folder moves every message (the store's own relocation, verified before
the old copy is removed) in a worker behind a progress dialog; the window stays responsive
and the move can be cancelled until the verification is done.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.errors import HongyanError
from hongyan.core.integration.model import Feature
from hongyan.gui.context import AppContext
from hongyan.gui.desktop_switches import apply_switches, current_switches
from hongyan.gui.i18n import core_text, plural_suffix
from hongyan.gui.progress_dialog import ProgressDialog
from hongyan.gui.store_mover import StoreMover


class OptionsDialog(QDialog):
    """Edits the settings; OK saves them (a language change is applied by the caller)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Options"))
        settings = context.settings
        self.mover: StoreMover | None = None
        self.progress_dialog: ProgressDialog | None = None

        store_box = QGroupBox(self.tr("Mail store"))
        self.store_path = QLineEdit(str(context.store.root))
        self.store_path.setReadOnly(True)
        self.change_store = QPushButton(self.tr("Change…"))
        self.open_store = QPushButton(self.tr("Open Existing Store…"))
        self.change_store.clicked.connect(self._choose_new_folder)
        self.open_store.clicked.connect(self._choose_existing_store)
        row = QHBoxLayout()
        row.addWidget(self.store_path, 1)
        row.addWidget(self.change_store)
        store_layout = QVBoxLayout(store_box)
        explanation = QLabel(
            self.tr(
                "All your messages are kept in this folder. Change moves them to another "
                "folder (for example on another disk); Open uses a store that already exists "
                "there, such as one from a backup or an earlier installation."
            )
        )
        explanation.setWordWrap(True)
        explanation.setMinimumHeight(explanation.heightForWidth(560))
        store_layout.addWidget(explanation)
        store_layout.addLayout(row)
        self.store_status = QLabel()
        self.store_status.setWordWrap(True)
        self.store_status.hide()
        store_layout.addWidget(self.store_status)
        store_layout.addWidget(self.open_store, 0, Qt.AlignmentFlag.AlignRight)

        mail_box = QGroupBox(self.tr("Checking for mail"))
        self.check_at_startup = QCheckBox(self.tr("Get mail when Hongyan starts"))
        self.check_at_startup.setChecked(bool(settings.get("check_at_startup")))
        self.check_every = QSpinBox()
        self.check_every.setRange(0, 24 * 60)
        plural_suffix(self.check_every, lambda n: self.tr(" minute(s)", "", n))
        self.check_every.setSpecialValueText(self.tr("never"))
        self.check_every.setValue(int(settings.get("check_every_minutes")))
        self.notifications = QCheckBox(self.tr("Show a notification when new mail arrives"))
        self.notifications.setChecked(bool(settings.get("notifications")))
        mail_form = QFormLayout(mail_box)
        mail_form.addRow(self.check_at_startup)
        every = QHBoxLayout()
        every.addWidget(self.check_every)
        every.addStretch()
        mail_form.addRow(self.tr("Check for new mail every:"), every)
        mail_form.addRow(self.notifications)
        desktop_box = self._desktop_box()

        read_box = QGroupBox(self.tr("Reading and language"))
        self.remote_content = QComboBox()
        self.remote_content.addItem(self.tr("Block remote images (recommended)"), "block")
        self.remote_content.addItem(self.tr("Load remote images"), "load")
        self.remote_content.setCurrentIndex(
            max(0, self.remote_content.findData(settings.get("remote_content")))
        )
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "system")
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get("language"))))
        read_form = QFormLayout(read_box)
        read_form.addRow(self.tr("Remote content in HTML mail:"), self.remote_content)
        read_form.addRow(self.tr("Language:"), self.language)
        send_box = self._sending_box()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(store_box)
        layout.addWidget(mail_box)
        layout.addWidget(desktop_box)
        layout.addWidget(read_box)
        layout.addWidget(send_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def _sending_box(self) -> QGroupBox:
        """Undo Send: off, or how long a message waits after Send to be taken back."""
        box = QGroupBox(self.tr("Sending"))
        self.undo_send = QComboBox()
        self.undo_send.addItem(self.tr("Off"), 0)
        for seconds in (5, 10, 20, 30):
            self.undo_send.addItem(self.tr("%n second(s)", "", seconds), seconds)
        chosen = self.undo_send.findData(self.context.settings.get("undo_send_seconds"))
        self.undo_send.setCurrentIndex(max(0, chosen))
        self.undo_send.setToolTip(
            self.tr(
                "After Send, the message waits this long in the Outbox; Undo in the status "
                "bar takes it back to change it."
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.undo_send)
        row.addStretch()
        QFormLayout(box).addRow(self.tr("Undo Send:"), row)
        return box

    # -- desktop integration ---------------------------------------------------------------
    def _desktop_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Desktop"))
        self.autostart = QCheckBox(self.tr("Start Hongyan when I log in and get mail"))
        self.mailto = QCheckBox(self.tr("Open mailto: links with Hongyan"))
        self.send_to = QCheckBox(self.tr("Add “Send to mail recipient” to the file manager"))
        self.integration_status = QLabel()
        self.integration_status.setWordWrap(True)
        self.integration_status.setStyleSheet("color: #8a4b00")
        layout = QVBoxLayout(box)
        for widget in (self.autostart, self.mailto, self.send_to, self.integration_status):
            layout.addWidget(widget)
        self.show_integration_state()
        return box

    def _switch_boxes(self) -> dict[Feature, QCheckBox]:
        return {
            Feature.AUTOSTART: self.autostart,
            Feature.MAILTO: self.mailto,
            Feature.SEND_TO: self.send_to,
        }

    def show_integration_state(self) -> None:
        """Tick the switches as installed; say when installed parts went missing or changed."""
        try:
            found = current_switches(self.context.paths)
        except (HongyanError, OSError) as exc:
            self._damaged = False
            self.integration_status.setText(
                self.tr("The desktop integration cannot be read: {reason}").format(
                    reason=core_text(exc)
                )
            )
            self.integration_status.show()
            return
        for feature, box in self._switch_boxes().items():
            box.setChecked(found[feature].enabled)
        damaged = [target for switch in found.values() for target in switch.damaged]
        self._damaged = bool(damaged)
        self.integration_status.setText(
            self.tr(
                "Some installed parts are missing or were changed: {files}. "
                "OK puts back what is missing; what you changed is left as it is."
            ).format(files=", ".join(damaged))
        )
        self.integration_status.setVisible(bool(damaged))

    def apply_integration(self) -> bool:
        """Install or remove what the switches say; False (after telling why) on failure."""
        wanted = {feature: box.isChecked() for feature, box in self._switch_boxes().items()}
        try:
            apply_switches(self.context.paths, wanted, repair=self._damaged)
        except (HongyanError, OSError) as exc:
            QMessageBox.warning(
                self,
                self.tr("Desktop integration not changed"),
                self.tr("Hongyan could not change these parts of your desktop:")
                + "\n\n"
                + core_text(exc),
            )
            self.show_integration_state()
            return False
        return True

    # -- the store -------------------------------------------------------------------------
    def _choose_new_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Move the mail store to"))
        if folder:
            self.move_store_to(Path(folder) / "Hongyan Mail")

    def move_store_to(self, target: Path) -> None:
        """Move the store to ``target`` in a worker, showing progress; reopen it there."""
        if self.mover is not None:
            return
        # Cancel stops the copy at the next file and removes it; the old store stays in use.
        dialog = ProgressDialog(
            self.tr("Moving the mail store"), self.tr("Moving your mail…"), self
        )
        self.progress_dialog = dialog
        self.mover = StoreMover(self.context, target, self)
        self.mover.move_did_progress.connect(self._move_progress)
        self.mover.cancellable_did_change.connect(dialog.set_cancellable)
        self.mover.move_did_finish.connect(self._move_finished)
        dialog.cancel_requested.connect(self.mover.cancel)
        dialog.show()
        self.mover.start()

    def _move_progress(self, done: int, total: int, stage: str) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.set_progress(done, total, stage)

    def _move_finished(self, ok: bool, message: str) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.done_with()
            self.progress_dialog = None
        self.store_path.setText(str(self.context.store.root))
        self.show_store_status(ok, message)
        self.mover = None

    def show_store_status(self, ok: bool, message: str) -> None:
        """The outcome of a move or an open, below the store folder (green or red)."""
        self.store_status.setText(message)
        self.store_status.setStyleSheet("color: #1e6b2e" if ok else "color: #b00020")
        self.store_status.show()

    def _choose_existing_store(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open an existing mail store"))
        if folder:
            self.open_existing_store(Path(folder))

    def open_existing_store(self, folder: Path) -> bool:
        try:
            self.context.reopen_store(folder, must_exist=True)
            self.context.settings.set("store_path", str(folder))
            self.context.settings.save()
        except HongyanError as exc:
            self.show_store_status(False, core_text(exc))
            return False
        self.store_path.setText(str(self.context.store.root))
        self.show_store_status(
            True,
            self.tr("Now using the mail store in {folder}.").format(folder=self.context.store.root),
        )
        return True

    # -- saving ----------------------------------------------------------------------------
    def reject(self) -> None:
        if self.mover is None:  # a move finishes first: it switches the store when verified
            super().reject()

    def accept(self) -> None:
        if self.mover is not None:
            return
        settings = self.context.settings
        settings.set("check_at_startup", self.check_at_startup.isChecked())
        settings.set("check_every_minutes", self.check_every.value())
        settings.set("notifications", self.notifications.isChecked())
        settings.set("remote_content", str(self.remote_content.currentData()))
        settings.set("language", str(self.language.currentData()))
        settings.set("undo_send_seconds", int(self.undo_send.currentData()))
        try:
            settings.save()
        except (HongyanError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Options not saved"), core_text(exc))
            return
        if not self.apply_integration():
            return
        super().accept()
