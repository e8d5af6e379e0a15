"""Quick text: saved paragraphs to insert at the cursor, found by typing a few letters.

For the sentences a salesperson writes twenty times a day (Thunderbird's Quicktext add-on,
Outlook's Quick Parts). Each has a short title and its text; the compose window lists them
and narrows the list as the user types (:meth:`QuickTexts.find`: any case, full- and
half-width alike, Chinese included, every word typed must occur in the title or the text).

They live in ``quicktext.json`` in the store folder (human-readable, written atomically under
a lock, see jsonstate.py), so they move with the mail and survive a reindex or a reinstall.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hongyan.core.errors import HongyanError
from hongyan.core.jsonstate import JsonStateFile
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

FILE_NAME = "quicktext.json"
FILE_VERSION = 1
MAX_TITLE = 100


@dataclass(frozen=True)
class QuickText:
    """One saved paragraph."""

    title: str
    text: str


def _empty() -> dict[str, Any]:
    return {"version": FILE_VERSION, "texts": []}


def _folded(text: str) -> str:
    """What matching compares: NFKC (full-width ＡＢＣ is ABC) and case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


class QuickTexts:
    """The quick texts of the store at ``store_root``, in the order they were added."""

    def __init__(self, store_root: Path) -> None:
        self._file = JsonStateFile(store_root / FILE_NAME, _empty)

    def all(self) -> list[QuickText]:
        """Every quick text, oldest first.

        Raises:
            HongyanError: the file cannot be read (it is then left as it is).
        """
        return [_entry(item) for item in self._items(self._file.read())]

    def find(self, typed: str) -> list[QuickText]:
        """The quick texts matching what the user typed: those whose title matches first,
        then those whose text does; all of them for an empty query."""
        wanted = _folded(typed).split()
        everything = self.all()
        if not wanted:
            return everything

        def has_all(text: str) -> bool:
            folded = _folded(text)
            return all(word in folded for word in wanted)

        in_title = [q for q in everything if has_all(q.title)]
        in_text = [q for q in everything if q not in in_title and has_all(q.title + " " + q.text)]
        return in_title + in_text

    def add(self, title: str, text: str, *, replace: bool = False) -> QuickText:
        """Save a quick text (``replace``: the one with the same title, any case, changes).

        Raises:
            HongyanError: the title or text is empty or too long, or the title is taken.
        """
        entry = QuickText(_check_title(title), text)
        if not text.strip():
            raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "A quick text needs some text.")))
        with self._file.changing() as data:
            items = self._items(data)
            same = [i for i, item in enumerate(items) if _same(item["title"], entry.title)]
            if same and not replace:
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "A quick text titled “{title}” exists already."),
                        title=items[same[0]]["title"],
                    )
                )
            if same:
                items[same[0]] = {"title": entry.title, "text": entry.text}
            else:
                items.append({"title": entry.title, "text": entry.text})
            data["texts"] = items
        return entry

    def remove(self, title: str) -> None:
        """Delete the quick text titled ``title`` (any case).

        Raises:
            HongyanError: there is none.
        """
        with self._file.changing() as data:
            items = self._items(data)
            kept = [item for item in items if not _same(item["title"], title)]
            if len(kept) == len(items):
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP("Core", "There is no quick text titled “{title}”."),
                        title=title,
                    )
                )
            data["texts"] = kept

    def _items(self, data: dict[str, Any]) -> list[dict[str, str]]:
        """The entries, checked: a hand-edited file with a bad entry is named, not lost."""
        items = data.get("texts", [])
        ok = isinstance(items, list) and all(
            isinstance(i, dict) and all(isinstance(i.get(k), str) for k in ("title", "text"))
            for i in items
        )
        if not ok:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{path} cannot be read (each quick text needs a title and a text); it "
                        "was left as it is.",
                    ),
                    path=self._file.path,
                )
            )
        return list(items)


def _entry(item: dict[str, str]) -> QuickText:
    return QuickText(item["title"], item["text"])


def _same(a: str, b: str) -> bool:
    return _folded(a.strip()) == _folded(b.strip())


def _check_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "A quick text needs a title.")))
    if len(cleaned) > MAX_TITLE:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "A quick text title can have at most {limit} characters."
                ),
                limit=MAX_TITLE,
            )
        )
    return cleaned
