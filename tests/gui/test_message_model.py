"""The message list model reads only the pages the view shows."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from hongyan.gui.message_model import COLUMN_KEYS, PAGE_SIZE, MessageListModel, format_size


@dataclass
class Row:
    id: int
    date: int | None
    from_name: str
    from_addr: str
    subject: str
    size: int
    flags: str
    has_attachments: bool
    to_addrs: str = ""


@dataclass
class CountingSource:
    """A folder of ``total`` messages that records which pages were asked for."""

    total: int
    order: tuple[str, bool] = ("date", True)
    reads: list[tuple[int, int]] = field(default_factory=list)

    def count(self) -> int:
        return self.total

    def rows(self, offset: int, limit: int) -> Sequence[Row]:
        self.reads.append((offset, limit))
        ids = range(offset, min(offset + limit, self.total))
        if self.order == ("subject", False):
            ids = range(self.total - 1 - offset, max(self.total - 1 - offset - limit, -1), -1)
        return [
            Row(
                i,
                1_700_000_000 + i,
                f"Sender {i}",
                f"s{i}@example.test",
                f"Subject {i}",
                100 * i,
                "" if i % 2 else "S",
                i % 3 == 0,
            )
            for i in ids
        ]

    def sorted_by(self, column: str, descending: bool) -> CountingSource:
        return CountingSource(self.total, (column, descending), self.reads)

    def rows_of(self, message_ids: Collection[int]) -> dict[int, int]:
        return {i: i for i in message_ids if i < self.total}


def test_a_big_folder_is_counted_not_loaded() -> None:
    source = CountingSource(100_000)
    model = MessageListModel()
    model.set_source(source)
    assert model.rowCount() == 100_000
    assert source.reads == []
    subject = model.index(99_999, COLUMN_KEYS.index("subject"))
    assert model.data(subject) == "Subject 99999"
    assert source.reads == [(99_999 - 99_999 % PAGE_SIZE, PAGE_SIZE)]
    model.data(model.index(99_998, 0))
    assert len(source.reads) == 1, "rows of a cached page are not read again"


def test_unread_rows_are_bold_and_sizes_readable() -> None:
    model = MessageListModel()
    model.set_source(CountingSource(10))
    unread = model.data(model.index(1, 2), Qt.ItemDataRole.FontRole)
    read = model.data(model.index(2, 2), Qt.ItemDataRole.FontRole)
    assert isinstance(unread, QFont) and unread.bold()
    assert read is None
    assert model.data(model.index(3, COLUMN_KEYS.index("size"))) == "300 B"
    assert format_size(12_800) == "12 KB"
    assert format_size(3_565_158) == "3.4 MB"


def test_sorting_asks_the_source_for_the_new_order() -> None:
    model = MessageListModel()
    model.set_source(CountingSource(500))
    model.sort(COLUMN_KEYS.index("subject"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 500
    assert model.data(model.index(0, COLUMN_KEYS.index("subject"))) == "Subject 499"
    model.set_source(CountingSource(3))
    assert model.data(model.index(0, COLUMN_KEYS.index("subject"))) == "Subject 2", (
        "a new folder keeps the chosen order"
    )


@dataclass
class LiveFolder:
    """A folder whose messages (ids, in list order) change under the model, as a store's."""

    ids: list[int]

    def count(self) -> int:
        return len(self.ids)

    def rows(self, offset: int, limit: int) -> Sequence[Row]:
        return [
            Row(i, None, f"Sender {i}", "", f"Subject {i}", 1, "S", False)
            for i in self.ids[offset : offset + limit]
        ]

    def sorted_by(self, column: str, descending: bool) -> LiveFolder:
        return self

    def rows_of(self, message_ids: Collection[int]) -> dict[int, int]:
        return {i: self.ids.index(i) for i in message_ids if i in self.ids}


def test_a_selected_message_in_the_last_rows_stays_selected_as_rows_above_leave() -> None:
    """Refreshes after each of two Deletes, with no repaint between them: the selection
    follows its message (rows leave at the end only after the selection has moved)."""
    folder = LiveFolder([10, 11, 12, 13])
    model = MessageListModel()
    model.set_source(folder)
    selected = QPersistentModelIndex(model.index(3, 0))  # message 13, the last row
    assert model.message_id(selected.row()) == 13
    folder.ids.remove(10)
    model.refresh()
    folder.ids.remove(11)
    model.refresh()
    assert model.rowCount() == 2
    assert selected.isValid() and model.message_id(selected.row()) == 13
