"""Messages the core writes for the user, in English, that the GUI can show translated.

The core never imports Qt, yet its error messages, fetch summaries and warnings reach the
Chinese interface. So a message is a :class:`Text`: a ``str`` holding the English sentence
(what the CLI prints, what logs and ``str(exc)`` show, what tests compare) that also keeps
its template (``source``) and the values put into it (``params``). The GUI looks the template
up in the one translation catalogue (context ``"Core"``, the same ``.ts``/``.qm`` as its own
strings) and fills in the translated template (``hongyan.gui.i18n.core_text``).

Write a message as::

    raise Pop3Error(
        words(QT_TRANSLATE_NOOP("Core", "Cannot reach {endpoint}."), endpoint=self.endpoint)
    )

``QT_TRANSLATE_NOOP`` does nothing at run time; ``pyside6-lupdate`` finds its literal
arguments (implicit concatenation included) when ``make translations`` scans the core.
A param that is itself a :class:`Text` is translated too; anything else (host names,
numbers, what a server replied) is shown as it is. (The helper is ``words``, not ``text``,
because ``text`` is a local variable in half the core.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

#: The translation context of every core message.
CONTEXT = "Core"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate knows
    """Mark ``source`` for translation in ``context``; returns it unchanged.

    Named like Qt's macro because that is the name ``pyside6-lupdate`` extracts; defined here
    because the core must not import PySide6 to get it.
    """
    return source


class Text(str):
    """An English message (the ``str`` value) that remembers its template and values.

    Attributes:
        source: the template, with ``{name}`` fields (the translation catalogue's key).
        params: the values of the fields; a :class:`Text` value is translated as well.
    """

    source: str
    params: Mapping[str, Any]

    def __new__(cls, source: str, params: Mapping[str, Any] | None = None) -> Text:
        values = dict(params or {})
        self = super().__new__(cls, source.format(**values))
        self.source = source
        self.params = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by template and values (the fetch child sends its results to the GUI).
        return (Text, (self.source, self.params))


def words(source: str, /, **params: Any) -> Text:
    """The message ``source`` with its ``{fields}`` filled from ``params``.

    An exception given as a value contributes its message (:func:`text_of`), so a nested
    core message stays translatable.
    """
    values = {
        name: text_of(value) if isinstance(value, BaseException) else value
        for name, value in params.items()
    }
    return Text(source, values)


def joined(items: Sequence[str]) -> str:
    """``items`` joined by "; " (a translatable separator: Chinese uses "；")."""
    if not items:
        return ""
    result = items[0]
    for item in items[1:]:
        result = words(QT_TRANSLATE_NOOP("Core", "{earlier}; {next}"), earlier=result, next=item)
    return result


def text_of(error: BaseException) -> str:
    """The message of ``error``: the :class:`Text` it was raised with, else ``str(error)``."""
    if error.args and isinstance(error.args[0], Text) and len(error.args) == 1:
        return error.args[0]
    return str(error)


def to_json(message: str) -> str:
    """``message`` for a text column: a :class:`Text` as JSON (template and values), so it can
    be shown translated after a restart; a plain ``str`` as it is.

    Values other than text and numbers are stored as their ``str``.
    """
    if not isinstance(message, Text):
        return message
    return json.dumps(_plain(message), ensure_ascii=False)


def from_json(stored: str) -> str:
    """What :func:`to_json` stored: the :class:`Text` again, or the plain string."""
    if not stored.startswith('{"source": '):
        return stored
    try:
        return _rebuilt(json.loads(stored))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return stored


def _plain(value: Any) -> Any:
    if isinstance(value, Text):
        return {"source": value.source, "params": {k: _plain(v) for k, v in value.params.items()}}
    if isinstance(value, str | int | float):
        return value if not isinstance(value, str) else str(value)
    return str(value)


def _rebuilt(value: Any) -> Any:
    if isinstance(value, dict):
        return Text(value["source"], {k: _rebuilt(v) for k, v in value["params"].items()})
    return value
