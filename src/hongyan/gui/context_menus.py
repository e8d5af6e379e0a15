"""The right-click menus of the main window: one declaration per menu, built from its actions.

A menu is a list of the window's own actions (the ones of the menu bar and the toolbar, with
their shortcuts and their enabled state) and separators; actions that do not apply where the
user clicked are left out rather than shown disabled, as Thunderbird and Outlook do. To add an
entry (Move to, Copy to, New Folder…), give the window the action and name it in the list
here; a submenu is a callable that returns a :class:`QMenu` or None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from hongyan.gui.main_window import MainWindow

#: A separator between groups of entries.
SEPARATOR = None

Entry = QAction | Callable[[QMenu], QMenu | None] | None


def message_entries(window: MainWindow) -> Sequence[Entry]:
    """The menu of the selected messages (the list's right-click)."""
    return (
        window.action_open_message,
        SEPARATOR,
        window.action_reply,
        window.action_reply_all,
        window.action_forward,
        window.reply_template_entry,
        SEPARATOR,
        window.outbox_actions.action_send_now,
        window.outbox_actions.action_reschedule,
        SEPARATOR,
        window.action_mark_read,
        window.action_mark_unread,
        window.action_flag,
        SEPARATOR,
        window.action_junk,
        window.action_delete,
    )


def folder_entries(window: MainWindow) -> Sequence[Entry]:
    """The menu of the folder clicked in the tree (the window's folder actions are set up for
    it by :meth:`MainWindow.folder_actions_for` before the menu is built)."""
    return (
        window.action_get_account_mail,
        window.action_account_properties,
        SEPARATOR,
        window.action_mark_folder_read,
        window.action_empty_folder,
    )


def build_menu(entries: Sequence[Entry], parent: QWidget) -> QMenu:
    """A menu of the visible, enabled entries; no separator first, last or twice in a row."""
    menu = QMenu(parent)
    pending_separator = False
    for entry in entries:
        if entry is SEPARATOR:
            pending_separator = bool(menu.actions())
            continue
        if isinstance(entry, QAction):
            if not entry.isVisible() or not entry.isEnabled():
                continue
            item: QAction | QMenu | None = entry
        else:
            item = entry(menu)
            if item is None:
                continue
        if pending_separator:
            menu.addSeparator()
            pending_separator = False
        if isinstance(item, QMenu):
            menu.addMenu(item)
        elif item is not None:
            menu.addAction(item)
    return menu
