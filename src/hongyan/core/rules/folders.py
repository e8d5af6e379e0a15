"""Folder changes that rules must follow: a renamed folder is renamed in the rules too (as
Thunderbird updates its filters), and deleting one says which rules filed into it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hongyan.core.errors import HongyanError
from hongyan.core.rules.book import RuleBook

if TYPE_CHECKING:
    from hongyan.core.store import Store


def rename_folder(store: Store, old: str, new: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Rename a folder (with its subfolders) and point the rules filing into it at the new
    name. Returns the folders renamed, (old, new), and the names of the rules changed.

    Raises:
        HongyanError: the folder cannot be renamed (nothing changed), or the rules file
            cannot be changed (the folder is renamed; the message says so).
    """
    pairs = store.rename_folder(old, new)
    if not pairs:
        return pairs, []
    source, target = pairs[0]
    for _attempt in range(3):  # another Hongyan may be saving the rules this moment
        book = RuleBook.load(store.root)
        changed = [r.name for r in book.using_folder(source)]
        if not changed or not book.writable:
            return pairs, []
        book.folder_renamed(source, target)
        try:
            book.save()
        except HongyanError:
            continue
        return pairs, changed
    return pairs, []


def rules_filing_into(store: Store, folder: str) -> list[str]:
    """Names of the rules that move or copy into ``folder`` or below it."""
    return [r.name for r in RuleBook.load(store.root).using_folder(folder)]
