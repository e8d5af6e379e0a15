"""The interface language: system (default), 中文 or English, applied with QTranslator.

Our own strings come from ``resources/translations/hongyan_<lang>.qm`` (source ``.ts`` next
to it, refreshed by ``make translations``); Qt's own ones (the buttons of standard dialogs)
from ``qtbase_<lang>.qm`` shipped with PySide6. English is the source language: its file holds
only the plural forms ("%n new message(s)" → "1 new message", "3 new messages").

Messages written by the core (errors, fetch summaries, warnings) arrive in English as
:class:`hongyan.core.texts.Text`; :func:`core_text` shows them in the interface language, from
the same catalogue (context "Core").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QSpinBox

from hongyan.core.resources import resource_path
from hongyan.core.texts import CONTEXT, Text, text_of

# The values of the ``language`` setting, in the order the Options dialog lists them.
LANGUAGES = ("system", "zh_CN", "en")


def resolve_language(setting: str, system_locale: QLocale | None = None) -> str:
    """The language to show for a setting value: ``"zh_CN"`` or ``"en"``.

    "system" follows the desktop: any Chinese locale gets the Chinese interface (we ship one
    Chinese translation, in simplified characters), everything else English.
    """
    if setting in ("zh_CN", "en"):
        return setting
    locale = system_locale or QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def interface_locale(language: str, system_locale: QLocale | None = None) -> QLocale:
    """The locale dates and numbers are written in: the interface language's.

    Qt's own dialogs (the file dialog's dates) follow the same default locale, so the whole
    app writes one way. English keeps the desktop's country when the desktop is English too
    (a British reader sees 7/12/2026 as the 7th of December); otherwise English is American
    English, month first. Chinese is simplified Chinese, as the translation (2026年12月7日).
    """
    if language == "en":
        system = system_locale or QLocale.system()
        if system.language() == QLocale.Language.English:
            return QLocale(QLocale.Language.English, system.territory())
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(language)


def date_format(locale: QLocale) -> str:
    """How a date alone is written: the locale's long date without the weekday, its month
    abbreviated ("Dec 7, 2026" in American English, "7 Dec 2026" in British, "2026年12月7日"
    in Chinese): as short as the numeric form, never ambiguous about which is the month."""
    long = locale.dateFormat(QLocale.FormatType.LongFormat)
    without_weekday = _WEEKDAY.sub("", long).strip(" ,，")
    return without_weekday.replace("MMMM", "MMM")


_WEEKDAY = re.compile(r"d{4}[,，\s]*|[,，\s]*d{4}")


def date_text(date: QDate | datetime.date, locale: QLocale | None = None) -> str:
    """``date`` as :func:`date_format` writes it, in ``locale`` (the interface's by default)."""
    shown = locale or QLocale()
    if not isinstance(date, QDate):
        date = QDate(date.year, date.month, date.day)
    return shown.toString(date, date_format(shown))


def toolbar_text(text: str) -> str:
    """A menu text as a toolbar button shows it: without its accelerator.

    Qt drops the ``&`` of "&Write", but a Chinese menu text carries its accelerator in
    brackets ("撰写(&W)", as Chinese Windows programs write it), which Qt would show as
    "撰写(W)" on the button; Foxmail's and Outlook's buttons say just "撰写".
    """
    return _ACCELERATOR.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


_ACCELERATOR = re.compile(r"\s*[(（]&[^)）]+[)）]")


def for_toolbar(action: QAction) -> QAction:
    """Give ``action`` its button text and tooltip without the accelerator (see
    :func:`toolbar_text`); a tooltip set before is kept."""
    text = toolbar_text(action.text())
    tooltip = action.toolTip()
    action.setIconText(text)
    if not tooltip or toolbar_text(tooltip) == text:
        action.setToolTip(text)
    return action


class Translators:
    """The translators installed on the application, replaced when the language changes."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, setting: str) -> str:
        """Install the translators for ``setting``; return the language now shown."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        language = resolve_language(setting)
        self.language = language
        QLocale.setDefault(interface_locale(language))
        # English is the source language; its .qm holds only the plural forms ("1 message").
        ours = QTranslator(self._app)
        if ours.load(str(resource_path("translations", f"hongyan_{language}.qm"))):
            self._installed.append(ours)
        qt = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language != "en" and qt.load(f"qtbase_{language}", qt_dir):
            self._installed.append(qt)
        for translator in self._installed:
            self._app.installTranslator(translator)
        # Qt adds this to every window title ("Options — 鸿雁 Hongyan"): the name once, in
        # the interface language.
        self._app.setApplicationDisplayName(QCoreApplication.translate("Application", "Hongyan"))
        return language


def plural_suffix(spin: QSpinBox, suffix: Callable[[int], str]) -> None:
    """Keep a spin box's unit in the grammatical number of its value ("1 day", "14 days").

    ``suffix(n)`` is a ``tr(" day(s)", "", n)`` call: the plural forms are in the ``.ts``
    files (English has two, Chinese one), so each language words it its own way.
    """

    def update(value: int) -> None:
        spin.setSuffix(suffix(value))

    spin.valueChanged.connect(update)
    update(spin.value())


def labelled(label: str, text: str) -> str:
    """``label: text`` with the colon of the interface language ("账户：已取消" in Chinese,
    where the full-width colon carries its own space)."""
    #: A label and its text; Chinese: full-width colon, no space after it.
    return QCoreApplication.translate("Labels", "{label}: {text}").format(label=label, text=text)


def core_text(value: object) -> str:
    """A core message (a ``Text``, or an exception raised with one) in the interface language.

    The translated template is filled with the translated values (a value that is itself a
    ``Text``) and the plain ones (host names, numbers, what a server said) as they are. A
    message with no translation, a translation that does not fit its values, or any other
    string or exception comes back as its English ``str``.
    """
    message = text_of(value) if isinstance(value, BaseException) else value
    if not isinstance(message, Text):
        return str(message)
    return _translated(message)


def _translated(message: Text) -> str:
    params = {
        name: _translated(value) if isinstance(value, Text) else value
        for name, value in message.params.items()
    }
    template = QCoreApplication.translate(CONTEXT, message.source)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return message.source.format(**params)
