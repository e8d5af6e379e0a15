"""Completion of addresses in the To/Cc/Bcc fields from the people already in the store.

The candidates are the senders and recipients the index knows, the most frequent first;
completion works on the address being typed after the last comma or semicolon, so
"a@x.test, li" offers "Li Lei <lilei@163.com>".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from hongyan.core.store import Store

_SEPARATOR = re.compile(r"[,;]\s*")
_MAX_CANDIDATES = 5000


def known_addresses(store: Store) -> list[str]:
    """``Name <address>`` of everyone in the index, most frequent first."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    rows = store.connection.execute(
        "SELECT from_name, from_addr, to_addrs, cc_addrs FROM messages "
        "ORDER BY date DESC LIMIT 50000"
    )
    for from_name, from_addr, to_addrs, cc_addrs in rows:
        if from_addr:
            key = from_addr.lower()
            counts[key] += 1
            if from_name and key not in names:
                names[key] = from_name
        for address in _split_addresses(f"{to_addrs},{cc_addrs}"):
            counts[address.lower()] += 1
    return [
        f"{names[a]} <{a}>" if a in names else a
        for a, _ in counts.most_common(_MAX_CANDIDATES)
        if "@" in a
    ]


def _split_addresses(text: str) -> Iterable[str]:
    for part in _SEPARATOR.split(text):
        part = part.strip()
        if "<" in part and part.endswith(">"):
            part = part[part.rindex("<") + 1 : -1]
        if part:
            yield part


class AddressCompleter(QCompleter):
    """Completes the last address of a comma-separated line."""

    def __init__(self, candidates: list[str], parent: QWidget | None = None) -> None:
        super().__init__(QStringListModel(candidates), parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802
        return [_SEPARATOR.split(path)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        chosen = str(index.data())
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        head = [p for p in _SEPARATOR.split(text)[:-1] if p.strip()]
        return ", ".join([*head, chosen]) + ", "
