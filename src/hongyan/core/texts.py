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

from collections.abc import Mapping
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


def text_of(error: BaseException) -> str:
    """The message of ``error``: the :class:`Text` it was raised with, else ``str(error)``."""
    if error.args and isinstance(error.args[0], Text) and len(error.args) == 1:
        return error.args[0]
    return str(error)
