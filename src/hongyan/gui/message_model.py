"""The message list as a virtual Qt model over the SQLite index.

A folder of 100 000 messages must open at once and scroll smoothly, so the model never loads a
folder: it asks its :class:`MessageSource` for the number of rows, and for a page of rows only
when the view paints one of them. Pages are kept in a small cache (the rows around what the
user is looking at); sorting or a change in the folder drops the cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from email.utils import getaddresses
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QIcon

from hongyan.core.resources import resource_path
from hongyan.gui.folder_model import folder_title
from hongyan.gui.i18n import date_text
from hongyan.gui.send_later import when_text

PAGE_SIZE = 200
CACHED_PAGES = 24

AnyIndex = QModelIndex | QPersistentModelIndex


class MessageRowLike(Protocol):
    """The fields of the store's ``MessageRow`` the list shows (read-only)."""

    @property
    def id(self) -> int: ...
    @property
    def date(self) -> int | None: ...
    @property
    def from_name(self) -> str: ...
    @property
    def from_addr(self) -> str: ...
    @property
    def to_addrs(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def flags(self) -> str: ...
    @property
    def has_attachments(self) -> bool: ...
    @property
    def folder(self) -> str: ...


class MessageSource(Protocol):
    """Rows of one folder (or one search) in one order, counted and read by page."""

    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> Sequence[MessageRowLike]: ...

    def sorted_by(self, column: str, descending: bool) -> MessageSource:
        """The same rows, read afresh, in this order (``column`` is a :data:`COLUMNS` key)."""
        ...

    def rows_of(self, message_ids: Collection[int]) -> dict[int, int]:
        """Where each of ``message_ids`` is in this order; those not there (any more) are
        left out."""
        ...


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # translated when shown


# Column titles are marked here and translated in headerData (context "MessageListModel").
COLUMNS = (
    Column("attachment", QCoreApplication.translate("MessageListModel", "Attachment")),
    Column("flag", QCoreApplication.translate("MessageListModel", "Flag")),
    Column("from", QCoreApplication.translate("MessageListModel", "From")),
    Column("subject", QCoreApplication.translate("MessageListModel", "Subject")),
    Column("folder", QCoreApplication.translate("MessageListModel", "Folder")),
    Column("date", QCoreApplication.translate("MessageListModel", "Date")),
    Column("size", QCoreApplication.translate("MessageListModel", "Size")),
    Column("send_at", QCoreApplication.translate("MessageListModel", "Send At")),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
ICON_COLUMNS = ("attachment", "flag")
#: Shown only for search results, which come from every folder.
SEARCH_COLUMNS = ("folder",)
#: Shown only in the Outbox: when a message sent later goes (outbox_actions.py).
OUTBOX_COLUMNS = ("send_at",)

# Item data role giving the message id of a row.
MESSAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def format_size(size: int) -> str:
    """A size as people read it: 512 B, 12 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def list_date_text(seconds: int | None, locale: QLocale, today: QDate) -> str:
    """A message's date in the list, as mature clients show it: the time for today's mail,
    the date for older (and future-dated) mail; in the interface language's form and the
    reader's time zone ("9:30 AM", "Nov 23, 2026" in English; "09:30", "2026年11月23日" in
    Chinese).

    Only the text: sorting goes by the stored seconds, never by this.
    """
    if not seconds:
        return ""
    when = QDateTime.fromSecsSinceEpoch(int(seconds))  # local time
    if when.date() == today:
        return locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    return date_text(when.date(), locale)


class MessageListModel(QAbstractTableModel):
    """Rows of a :class:`MessageSource`, fetched by page as the view asks for them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: MessageSource | None = None
        self._count = 0
        self._pages: OrderedDict[int, Sequence[MessageRowLike]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)
        self._icons = {
            "attachment": QIcon(str(resource_path("icons", "attachment.svg"))),
            "flag": QIcon(str(resource_path("icons", "flag.svg"))),
        }
        self._sort: tuple[str, bool] = ("date", True)
        self._send_times: dict[int, float] = {}

    # -- what is shown ---------------------------------------------------------------------
    def set_source(self, source: MessageSource | None) -> None:
        """Show another folder or search result, in the current sort order."""
        self.beginResetModel()
        column, descending = self._sort
        if source is not None and (column, descending) != ("date", True):
            source = source.sorted_by(column, descending)
        self._source = source
        self._pages.clear()
        self._count = source.count() if source is not None else 0
        self.endResetModel()

    def set_send_times(self, times: dict[int, float]) -> None:
        """The send times of the Outbox's waiting messages (its Send At column)."""
        if times != self._send_times:
            self._send_times = dict(times)
            column = COLUMN_KEYS.index("send_at")
            if self._count:
                self.dataChanged.emit(self.index(0, column), self.index(self._count - 1, column))

    def refresh(self) -> None:
        """The folder changed (new mail, a move, a flag): re-read it, keeping the order, the
        selection and the current row on the same messages and the scroll position.

        A layout change moves every persistent index (selection, current row) to where its
        message now is; rows are added at the end before it, and removed from the end after
        it, so the row count always matches what the view was told and no persistent index
        sits on a removed row (a selected message in the last rows kept its selection).
        """
        if self._source is None:
            return
        fresh = self._source.sorted_by(*self._sort)
        new_count = fresh.count()
        by_row = {i.row(): self.message_id(i.row()) for i in self.persistentIndexList()}
        if new_count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, new_count - 1)
            self._count = new_count
            self.endInsertRows()
        self.layoutAboutToBeChanged.emit()
        self._source = fresh
        self._pages.clear()
        old = self.persistentIndexList()
        new: list[QModelIndex] = []
        rows = fresh.rows_of({i for i in by_row.values() if i is not None})
        for index in old:
            message_id = by_row.get(index.row())
            row = rows.get(message_id) if message_id is not None else None
            new.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        # The next refresh finds each selected message by its row in the cached pages; read
        # those pages now, while they match the rows the view was just told about (read
        # later, after another change, a row could name another message or none).
        for row in {index.row() for index in new if index.isValid()}:
            self.message(row)
        self.layoutChanged.emit()
        if new_count < self._count:
            self.beginRemoveRows(QModelIndex(), new_count, self._count - 1)
            self._count = new_count
            self.endRemoveRows()

    def set_source_keep_order(self, source: MessageSource) -> None:
        self.beginResetModel()
        self._source = source
        self._pages.clear()
        self._count = source.count()
        self.endResetModel()

    def message_id(self, row: int) -> int | None:
        message = self.message(row)
        return message.id if message is not None else None

    def message(self, row: int) -> MessageRowLike | None:
        if not 0 <= row < self._count or self._source is None:
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._page(page_number)
        return page[offset] if offset < len(page) else None

    def rows_of(self, message_ids: Collection[int]) -> dict[int, int]:
        """The rows of those of ``message_ids`` in the list: from the cached pages, else
        asking the source (the pages are gone after every refresh, and a Delete's hidden
        rows must be found again all the same)."""
        wanted = set(message_ids)
        found: dict[int, int] = {}
        for number, page in self._pages.items():
            for offset, message in enumerate(page):
                if message.id in wanted:
                    found[message.id] = number * PAGE_SIZE + offset
        missing = wanted - found.keys()
        if missing and self._source is not None:
            found.update(self._source.rows_of(missing))
        return {message_id: row for message_id, row in found.items() if row < self._count}

    def find_row(self, message_id: int) -> int | None:
        """The row of ``message_id``, or None when it is not in the list."""
        return self.rows_of((message_id,)).get(message_id)

    def _page(self, number: int) -> Sequence[MessageRowLike]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        assert self._source is not None
        page = self._source.rows(number * PAGE_SIZE, PAGE_SIZE)
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section].key
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if key in ICON_COLUMNS else self._title(key)
        if role == Qt.ItemDataRole.DecorationRole and key in ICON_COLUMNS:
            return self._icons[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._title(key)
        return None

    def _shows_recipients(self) -> bool:
        """Sent, Drafts, Outbox: the "From" column shows the recipients, titled "To"."""
        return bool(getattr(self._source, "shows_recipients", False))

    def _title(self, key: str) -> str:
        if key == "from" and self._shows_recipients():
            return self.tr("To")
        titles = {
            "attachment": self.tr("Attachment"),
            "flag": self.tr("Flag"),
            "from": self.tr("From"),
            "subject": self.tr("Subject"),
            "folder": self.tr("Folder"),
            "date": self.tr("Date"),
            "size": self.tr("Size"),
            "send_at": self.tr("Send At"),
        }
        return titles[key]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        message = self.message(index.row())
        if message is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(message, key)
        if role == Qt.ItemDataRole.FontRole and "S" not in message.flags:
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "attachment" and message.has_attachments:
                return self._icons["attachment"]
            if key == "flag" and "F" in message.flags:
                return self._icons["flag"]
        if role == Qt.ItemDataRole.ToolTipRole and key == "from":
            return message.to_addrs if self._shows_recipients() else message.from_addr
        if role == Qt.ItemDataRole.ToolTipRole and key == "date" and message.date:
            # the reading pane's form: "Tuesday, 10 March 2026 06:05"
            when, locale = QDateTime.fromSecsSinceEpoch(int(message.date)), QLocale()
            day = locale.toString(when.date(), QLocale.FormatType.LongFormat)
            return f"{day} {locale.toString(when.time(), QLocale.FormatType.ShortFormat)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "size":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == MESSAGE_ID_ROLE:
            return message.id
        return None

    def _display(self, message: MessageRowLike, key: str) -> str:
        if key == "from":
            if self._shows_recipients():
                return ", ".join(name or addr for name, addr in getaddresses([message.to_addrs]))
            return message.from_name or message.from_addr
        if key == "subject":
            return message.subject or self.tr("(no subject)")
        if key == "date":
            return list_date_text(message.date, QLocale(), QDate.currentDate())
        if key == "size":
            return format_size(message.size)
        if key == "folder":
            return folder_title(message.folder)
        if key == "send_at" and message.id in self._send_times:
            return when_text(self._send_times[message.id])
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._sort = (COLUMNS[column].key, descending)
        if self._source is not None:
            self.set_source_keep_order(self._source.sorted_by(*self._sort))
