"""The folder tree: the special folders first (Inbox, Outbox, Sent, Drafts, Trash, Junk), then
the user's own folders, and under the Inbox one entry per account (its share of the Inbox).

Each item carries the store folder name (and the account, for account entries) in item data;
its text shows the unread count as Outlook Express did: "Inbox (3)", in bold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QIcon, QStandardItem, QStandardItemModel

from hongyan.core.resources import resource_path
from hongyan.core.store import FolderInfo

FOLDER_ROLE = Qt.ItemDataRole.UserRole + 1
ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 2

SPECIAL_FOLDERS = ("Inbox", "Outbox", "Sent", "Drafts", "Trash", "Junk")
_ICONS = {
    "Inbox": "inbox.svg",
    "Outbox": "outbox.svg",
    "Sent": "sent.svg",
    "Drafts": "drafts.svg",
    "Trash": "trash.svg",
    "Junk": "junk-folder.svg",
    "Templates": "template.svg",
}


def folder_title(name: str) -> str:
    """The translated name of a folder as the user sees it."""
    titles = {
        "Inbox": QCoreApplication.translate("FolderTreeModel", "Inbox"),
        "Outbox": QCoreApplication.translate("FolderTreeModel", "Outbox"),
        "Sent": QCoreApplication.translate("FolderTreeModel", "Sent"),
        "Drafts": QCoreApplication.translate("FolderTreeModel", "Drafts"),
        "Trash": QCoreApplication.translate("FolderTreeModel", "Trash"),
        "Junk": QCoreApplication.translate("FolderTreeModel", "Junk"),
        "Templates": QCoreApplication.translate("FolderTreeModel", "Templates"),
    }
    return titles.get(name, name.rsplit("/", 1)[-1])


class FolderTreeModel(QStandardItemModel):
    """Rebuilt from ``store.folders()`` and the account names whenever either changes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)
        self._shape: tuple[list[str], list[str]] | None = None

    def rebuild(
        self,
        folders: Sequence[FolderInfo],
        accounts: Iterable[tuple[str, int]] = (),
    ) -> bool:
        """Show ``folders`` and, under the Inbox, ``accounts`` as (name, unread) pairs.

        When only the counts changed (mail arriving), the items are updated in place: the
        view keeps its selection and expansion, and nothing is rebuilt. Returns whether the
        tree was rebuilt (then the caller restores expansion and selection).
        """
        accounts = list(accounts)
        shape = ([f.name for f in folders], [name for name, _ in accounts])
        if shape == self._shape and self._update_counts(folders, accounts):
            return False
        self._shape = shape
        self.clear()
        by_name = {folder.name: folder for folder in folders}
        root = self.invisibleRootItem()
        for name in SPECIAL_FOLDERS:
            info = by_name.pop(name, None)
            item = self._item(name, folder_title(name), info.unread if info else 0)
            root.appendRow(item)
            if name == "Inbox":
                for account, unread in accounts:
                    child = self._item("Inbox", account, unread, icon="account.svg")
                    child.setData(account, ACCOUNT_ROLE)
                    item.appendRow(child)
        parents: dict[str, QStandardItem] = {}
        for name in sorted(by_name, key=str.casefold):
            parent_name, _, _ = name.rpartition("/")
            item = self._item(name, folder_title(name), by_name[name].unread)
            parents.get(parent_name, root).appendRow(item)
            parents[name] = item
        return True

    def _update_counts(
        self, folders: Sequence[FolderInfo], accounts: Iterable[tuple[str, int]]
    ) -> bool:
        unread: dict[tuple[str, str | None], int] = {(f.name, None): f.unread for f in folders}
        unread.update({("Inbox", name): count for name, count in accounts})
        for (folder, account), count in unread.items():
            item = self.find(folder, account)
            if item is None:
                return False
            title = account if account is not None else folder_title(folder)
            text = f"{title} ({count})" if count else title
            if item.text() != text:
                item.setText(text)
                item.setFont(self._bold if count else QFont())
        return True

    def _item(self, folder: str, title: str, unread: int, icon: str | None = None) -> QStandardItem:
        text = f"{title} ({unread})" if unread else title
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(folder, FOLDER_ROLE)
        item.setData(None, ACCOUNT_ROLE)
        item.setIcon(QIcon(str(resource_path("icons", icon or _ICONS.get(folder, "folder.svg")))))
        if unread:
            item.setFont(self._bold)
        return item

    def find(self, folder: str, account: str | None = None) -> QStandardItem | None:
        """The item for ``folder`` (and ``account``), to restore the selection after a rebuild."""
        pending = [self.item(row) for row in range(self.rowCount())]
        while pending:
            item = pending.pop(0)
            if item.data(FOLDER_ROLE) == folder and item.data(ACCOUNT_ROLE) == account:
                return item
            pending.extend(item.child(row) for row in range(item.rowCount()))
        return None
