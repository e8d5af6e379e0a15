"""The menus that list templates and placeholders, wherever a window offers them.

* :class:`TemplateListMenu` — the names of the templates in the store's Templates folder:
  New Message from Template (the main window's Message menu and its Write button), Reply
  with Template (the Message menu, the right-click menu, the Reply buttons of the main and
  the message window), Use Template (the compose window's Templates button). The names are
  read in a worker when the menu is made and again each time it opens (a template's file may
  carry attachments: the GUI thread never reads them), so the menu shows at once what it
  knew and follows a template saved meanwhile.
* :class:`PlaceholderMenu` — every placeholder with its label in the interface language and
  its ``{{token}}`` beside it, so nobody has to remember them (compose window).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from hongyan.core.templates import PLACEHOLDERS, Templates
from hongyan.core.texts import words
from hongyan.gui.alive import while_alive
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from hongyan.gui.outgoing import worker_store
from hongyan.gui.tasks import TaskControl


def template_names(root: Path) -> list[str]:
    """The names of the store's templates, by name (worker thread)."""
    with worker_store(root) as store:
        return [info.name for info in Templates(store).list()]


class TemplateListMenu(QMenu):
    """A menu of the templates by name; choosing one emits :attr:`template_chosen`.

    Signals:
        template_chosen: (name) the user chose this template.
    """

    template_chosen = Signal(str)

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.context = context
        self.names: list[str] = []
        self._loading = False
        self._again = False
        self._show_names([])
        self.aboutToShow.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the names again in a worker; the menu changes when they arrive."""
        if self.context.closed or self.context.store_moving:
            return
        if self._loading:  # read again when this read is done: a template may be newer
            self._again = True
            return
        self._loading = True
        self._again = False
        root = self.context.store.root

        def read(control: TaskControl) -> list[str]:
            return template_names(root)

        self.context.tasks.run(
            op=read,
            success=while_alive(self, self._loaded),
            failure=while_alive(self, self._not_loaded),
        )

    def _loaded(self, names: list[str]) -> None:
        self._loading = False
        if names != self.names or not self.actions():
            self._show_names(names)
        if self._again:
            self.refresh()

    def _not_loaded(self, _message: str) -> None:
        self._loading = False
        if self._again:
            self.refresh()

    def _show_names(self, names: list[str]) -> None:
        self.names = names
        self.clear()
        for name in names:
            action = self.addAction(name.replace("&", "&&"))
            action.triggered.connect(lambda _=False, chosen=name: self.template_chosen.emit(chosen))
        if not names:
            empty = self.addAction(self.tr("No templates yet"))
            empty.setEnabled(False)
            empty.setToolTip(
                self.tr("Write a message, then choose Templates → Save as Template in its window.")
            )
        self.setToolTipsVisible(not names)


class PlaceholderMenu(QMenu):
    """Every placeholder: its label, and its ``{{token}}`` where a menu shows a shortcut.

    Signals:
        placeholder_chosen: (token) insert this ``{{name}}`` at the cursor.
    """

    placeholder_chosen = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        for placeholder in PLACEHOLDERS:
            label = core_text(words(placeholder.label))  # a Core text, translated here
            action = self.addAction(f"{label.replace('&', '&&')}\t{placeholder.token}")
            action.setData(placeholder.token)
            action.triggered.connect(
                lambda _=False, token=placeholder.token: self.placeholder_chosen.emit(token)
            )
