"""Placeholders in templates: ``{{recipient_name}}`` and friends, filled when a template is used.

Syntax: a name between double braces, ``{{name}}`` (spaces inside allowed, any case). Double
braces almost never occur in letters, users can type them, and the GUI's menu inserts them
(:data:`PLACEHOLDERS` holds each name with a translatable label). Filling is one pass, so a
value that itself contains ``{{...}}`` (a contact named so) is never expanded again.

A placeholder Hongyan does not know (a typo, ``{{recipent_name}}``) stays in the text as it
is and is reported in :attr:`Filled.unknown`: the compose window warns before sending, the
CLI refuses unless ``--force``. A known one with no value (no company in the address book)
becomes empty and is reported in :attr:`Filled.missing`.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import Identity, parse_addresses
from hongyan.core.texts import QT_TRANSLATE_NOOP

PATTERN = re.compile(r"\{\{\s*([^{}\r\n]{1,64}?)\s*\}\}")
"""A placeholder token: its name is group 1 (any case, surrounding spaces dropped)."""


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its ``{{name}}`` and what the GUI's menu calls it."""

    name: str
    label: str  # a Core text: the GUI shows it through i18n.core_text

    @property
    def token(self) -> str:
        """What gets inserted into the text: ``{{name}}``."""
        return "{{" + self.name + "}}"


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("recipient_name", QT_TRANSLATE_NOOP("Core", "Recipient's name")),
    Placeholder(
        "recipient_courtesy",
        QT_TRANSLATE_NOOP("Core", "Recipient's family name with Mr or Ms (王先生)"),
    ),
    Placeholder("recipient_company", QT_TRANSLATE_NOOP("Core", "Recipient's company")),
    Placeholder("recipient_address", QT_TRANSLATE_NOOP("Core", "Recipient's email address")),
    Placeholder("my_name", QT_TRANSLATE_NOOP("Core", "My name")),
    Placeholder("my_signature", QT_TRANSLATE_NOOP("Core", "My signature")),
    Placeholder("my_address", QT_TRANSLATE_NOOP("Core", "My email address")),
    Placeholder("my_company", QT_TRANSLATE_NOOP("Core", "My company")),
    Placeholder("date", QT_TRANSLATE_NOOP("Core", "Today's date")),
    Placeholder("original_subject", QT_TRANSLATE_NOOP("Core", "Subject of the original message")),
)
NAMES = frozenset(p.name for p in PLACEHOLDERS)


@dataclass(frozen=True)
class ContactInfo:
    """What the address book knows of one address (any field may be empty).

    ``gender`` is the vCard 4 sex letter (``M``, ``F``, or empty when the contact does not
    say): only then is a courtesy form such as 王先生 or Ms Smith written.
    """

    name: str = ""
    family_name: str = ""
    given_name: str = ""
    gender: str = ""
    company: str = ""


class ContactLookup(Protocol):
    """The address book, as templates need it (the contacts part provides one)."""

    def contact_for(self, address: str) -> ContactInfo | None:
        """What is known of ``address`` (any case), or None."""
        ...


@dataclass(frozen=True)
class Filled:
    """A text with its placeholders filled, and what could not be."""

    text: str
    unknown: list[str] = field(default_factory=list)
    """Tokens left as they were because no such placeholder exists (``{{recipent}}``)."""
    missing: list[str] = field(default_factory=list)
    """Names of placeholders filled with nothing because the value is not known."""


def tokens_in(text: str) -> list[str]:
    """Every ``{{...}}`` token in ``text``, in order, as written."""
    return [m.group(0) for m in PATTERN.finditer(text)]


def names_in(text: str) -> set[str]:
    """The placeholder names written in ``text`` (lower case, known or not)."""
    return {_name(m) for m in PATTERN.finditer(text)}


def unknown_placeholders(text: str) -> list[str]:
    """The tokens in ``text`` that name no placeholder: what to warn about before sending."""
    return _unique(m.group(0) for m in PATTERN.finditer(text) if _name(m) not in NAMES)


def fill(text: str, values: Mapping[str, str], *, as_html: bool = False) -> Filled:
    """``text`` with each known placeholder replaced by its value (HTML-escaped with
    ``as_html``); unknown tokens are kept as written."""
    unknown: list[str] = []
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = _name(match)
        if name not in NAMES:
            unknown.append(match.group(0))
            return match.group(0)
        value = values.get(name, "")
        if not value:
            missing.append(name)
        return html.escape(value).replace("\n", "<br>\n") if as_html else value

    filled = PATTERN.sub(replace, text)
    return Filled(filled, _unique(unknown), _unique(missing))


def values_for(
    *,
    recipient: str = "",
    identity: Identity | None = None,
    signature: str = "",
    contacts: ContactLookup | None = None,
    language: str = "en",
    today: date | None = None,
    original_subject: str = "",
) -> dict[str, str]:
    """The value of every placeholder for one use of a template.

    Args:
        recipient: the first To entry as typed (``王小明 <wang@example.cn>``); the name in
            it is used when the address book has none.
        identity: who sends (name, address, organisation); ``signature`` is theirs.
        language: the interface language (``zh_CN`` or ``en``): today's date and the
            courtesy form are written in it.
    """
    display, address = _first_address(recipient)
    contact = contacts.contact_for(address) if contacts is not None and address else None
    name = (contact.name if contact else "") or display
    values = {
        "recipient_name": name,
        "recipient_courtesy": courtesy(contact, language) or name,
        "recipient_company": contact.company if contact else "",
        "recipient_address": address,
        "my_name": identity.display_name if identity else "",
        "my_signature": signature.strip("\n"),
        "my_address": identity.address if identity else "",
        "my_company": (identity.organisation or "") if identity else "",
        "date": date_text(today or date.today(), language),
        "original_subject": original_subject,
    }
    return {k: v.strip() if k != "my_signature" else v for k, v in values.items()}


def courtesy(contact: ContactInfo | None, language: str) -> str:
    """王先生 / 王女士 (Mr Wang / Ms Wang in English) when the contact gives a family name
    and says which; '' otherwise."""
    if contact is None or not contact.family_name.strip():
        return ""
    family = contact.family_name.strip()
    gender = contact.gender.strip().upper()[:1]
    if gender not in ("M", "F"):
        return ""
    if _chinese(language):
        return family + ("先生" if gender == "M" else "女士")
    return ("Mr " if gender == "M" else "Ms ") + family


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_text(day: date, language: str) -> str:
    """2026年12月8日 in Chinese, December 8, 2026 in English (no locale needed)."""
    if _chinese(language):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def language_of_text(text: str) -> str:
    """``zh_CN`` when ``text`` holds Chinese characters, else ``en``: the language an
    automatic reply writes its date in when no window tells it the interface language."""
    return "zh_CN" if any(unicodedata.name(ch, "").startswith("CJK") for ch in text) else "en"


def language_for(setting: str, environ: Mapping[str, str] | None = None) -> str:
    """The interface language (``zh_CN`` or ``en``) for the ``language`` setting, where no
    window decides it (the CLI): ``system`` follows LC_ALL, LC_MESSAGES or LANG."""
    if setting in ("zh_CN", "en"):
        return setting
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return "zh_CN" if env[name].lower().startswith("zh") else "en"
    return "en"


def _chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def _first_address(recipient: str) -> tuple[str, str]:
    """(display name, address) of the first entry; ('', '') when there is none usable."""
    try:
        found = parse_addresses(recipient) if recipient.strip() else []
    except HongyanError:  # a half-typed To field has no recipient yet
        found = []
    if not found:
        return "", ""
    first = found[0]
    return first.display_name, first.addr_spec


def _name(match: re.Match[str]) -> str:
    return match.group(1).strip().lower()


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
