"""Quick text (常用语) in the compose window: a saved paragraph at the cursor in a few keys.

For the sentences a salesperson writes twenty times a day (Thunderbird's Quicktext, Outlook's
Quick Parts). The compose window's Quick Text button (Ctrl+Shift+T) opens
:class:`QuickTextDialog`: a search field over a short list; what is typed narrows the list at
once (any case, full- and half-width alike, Chinese included: :meth:`QuickTexts.find`), the
arrow keys move in the list while the cursor stays in the search field, Enter (or a
double-click) inserts the chosen text where the cursor was in the message. New… and Delete
manage the list; the button's menu also saves the text selected in the message as a quick
text.

The texts live in ``quicktext.json`` in the store folder (core/quicktext.py): a small file,
read and written here directly (it is not the mail index, which only workers write).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.errors import HongyanError
from hongyan.core.quicktext import QuickText, QuickTexts
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text

_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1


class _ArrowsMoveList(QObject):
    """Up, Down, Page Up and Page Down typed in the search field move in the list."""

    def __init__(self, field: QLineEdit, target: QListWidget) -> None:
        super().__init__(field)
        self._list = target
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if pressed and event.key() in moves:  # type: ignore[attr-defined]
            self._list.keyPressEvent(event)  # type: ignore[arg-type]
            return True
        return False


class QuickTextDialog(QDialog):
    """Find a quick text by typing and insert it; New… and Delete manage the list."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = QuickTexts(context.store.root)
        self.chosen: QuickText | None = None
        self.setWindowTitle(self.tr("Quick Text"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type to find"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.show_matches)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(self._show_preview)
        _ArrowsMoveList(self.search, self.list)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(110)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid)")
        self.new_button = QPushButton(self.tr("New…"))
        self.new_button.clicked.connect(self.add_new)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_current)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.insert_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.insert_button.setText(self.tr("Insert"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        manage = QHBoxLayout()
        manage.addWidget(self.new_button)
        manage.addWidget(self.delete_button)
        manage.addStretch()
        manage.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.hint)
        layout.addLayout(manage)
        self.resize(460, 420)
        self.show_matches("")

    def show_matches(self, typed: str) -> None:
        """Show the quick texts matching what is typed, the first one chosen."""
        try:
            found = self.texts.find(typed)
        except HongyanError as exc:
            found = []
            self.hint.setText(core_text(exc))
        else:
            self.hint.setText(
                ""
                if found
                else self.tr("Nothing matches “{typed}”.").format(typed=typed)
                if typed.strip()
                else self.tr(
                    "No quick texts yet. Select a sentence in your message and choose Quick "
                    "Text → Save Selection as Quick Text, or click New…."
                )
            )
        self.hint.setVisible(bool(self.hint.text()))
        self.list.clear()
        for entry in found:
            item = QListWidgetItem(entry.title)
            item.setData(_TEXT_ROLE, entry.text)
            item.setToolTip(entry.text)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _show_preview(self, item: QListWidgetItem | None) -> None:
        self.preview.setPlainText(str(item.data(_TEXT_ROLE)) if item is not None else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.insert_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = QuickText(item.text(), str(item.data(_TEXT_ROLE)))
        super().accept()

    def add_new(self) -> None:
        editor = QuickTextEditor(self)
        if editor.exec() and save_quick_text(self, self.texts, editor.title(), editor.text()):
            self.search.clear()
            self.show_matches("")

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete quick text"),
            self.tr("Delete the quick text “{title}”?").format(title=item.text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.texts.remove(item.text())
        except HongyanError as exc:
            QMessageBox.warning(self, self.tr("Quick text not deleted"), core_text(exc))
        self.show_matches(self.search.text())


class QuickTextEditor(QDialog):
    """A new quick text: its title and its text."""

    def __init__(self, parent: QWidget | None = None, *, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New Quick Text"))
        self.title_field = QLineEdit()
        self.title_field.setPlaceholderText(self.tr("A few words to find it by"))
        self.text_field = QPlainTextEdit(text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Title:"), self.title_field)
        form.addRow(self.tr("Text:"), self.text_field)
        form.addRow(buttons)
        self.resize(440, 300)

    def title(self) -> str:
        return self.title_field.text()

    def text(self) -> str:
        return self.text_field.toPlainText()


def save_quick_text(parent: QWidget, texts: QuickTexts, title: str, text: str) -> bool:
    """Save a quick text; a title in use asks before replacing it. False when not saved."""
    try:
        texts.add(title, text)
        return True
    except HongyanError as exc:
        exists = any(q.title.casefold() == " ".join(title.split()).casefold() for q in texts.all())
        if not exists:
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("QuickText", "Quick text not saved"),
                core_text(exc),
            )
            return False
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("QuickText", "Replace quick text?"),
        QCoreApplication.translate(
            "QuickText", "A quick text titled “{title}” exists already. Replace it?"
        ).format(title=title),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        texts.add(title, text, replace=True)
    except HongyanError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("QuickText", "Quick text not saved"), core_text(exc)
        )
        return False
    return True


def insert_quick_text(context: AppContext, body: QPlainTextEdit, parent: QWidget) -> bool:
    """Open the dialog; the chosen text goes in at the cursor of ``body``."""
    dialog = QuickTextDialog(context, parent)
    if not dialog.exec() or dialog.chosen is None:
        return False
    body.insertPlainText(dialog.chosen.text)
    body.setFocus()
    return True


def save_selection(context: AppContext, body: QPlainTextEdit, parent: QWidget) -> bool:
    """Save the text selected in ``body`` as a quick text, asking for its title."""
    selected = body.textCursor().selectedText().replace("\u2029", "\n")
    if not selected.strip():
        QMessageBox.information(
            parent,
            QCoreApplication.translate("QuickText", "Save as quick text"),
            QCoreApplication.translate(
                "QuickText", "Select the text to save in your message first."
            ),
        )
        return False
    title, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("QuickText", "Save as quick text"),
        QCoreApplication.translate("QuickText", "Title (a few words to find it by):"),
        text=" ".join(selected.split())[:40],
    )
    if not ok:
        return False
    saved = save_quick_text(parent, QuickTexts(context.store.root), title, selected)
    if saved:
        parent.statusBar().showMessage(  # type: ignore[attr-defined]
            QCoreApplication.translate("QuickText", "Saved as the quick text “{title}”.").format(
                title=" ".join(title.split())
            ),
            6000,
        )
    return saved
