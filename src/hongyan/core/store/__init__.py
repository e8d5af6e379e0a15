"""The local mail store: Maildir folders that other tools can read, plus an SQLite index.

See docs/design/architecture.md ("Store") for the contract and docs/store.md for the layout,
the search choice and the crash-safety order.
"""

from __future__ import annotations

from hongyan.core.store.delivery import DeliveryBatch, PendingMessage
from hongyan.core.store.maildir import INBOX, STANDARD_FOLDERS, TRASH, StoreWriteError
from hongyan.core.store.mailstore import Store, is_store
from hongyan.core.store.pending import BodyPassCancelledError
from hongyan.core.store.records import FolderInfo, MessageRow

__all__ = [
    "INBOX",
    "STANDARD_FOLDERS",
    "TRASH",
    "BodyPassCancelledError",
    "DeliveryBatch",
    "FolderInfo",
    "MessageRow",
    "PendingMessage",
    "Store",
    "StoreWriteError",
    "is_store",
]
