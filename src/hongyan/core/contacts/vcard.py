"""Contacts to and from vCard 3.0 (RFC 2426) and 4.0 (RFC 6350), through ``vobject``.

``vobject`` reads and writes the format (line folding, escaping, quoted-printable of vCard
2.1, parameters); this module only maps properties to :class:`~.model.Contact` fields.
What other programs write differently is read as they write it:

- the preferred address: ``PREF=1`` (4.0), ``TYPE=pref`` (3.0), a bare ``PREF`` (2.1);
- phone kinds: ``TYPE=fax`` / ``work,fax``, ``cell``; 2.1's bare ``TEL;WORK;FAX``; a 4.0
  ``tel:`` URI value;
- ``ORG`` is company then department; ``CATEGORIES`` are the groups;
- the creation date is ``X-HONGYAN-CREATED`` (vCard has none; ``REV`` is the last change).

A file's text is UTF-8, or else GB18030 (a vCard 2.1 file from an old Chinese phone or
Outlook in Chinese Windows).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from typing import Any

import vobject
from vobject.base import Component, ContentLine

from hongyan.core.contacts.model import Contact, Phone, PostalAddress
from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

CREATED = "X-HONGYAN-CREATED"
PRODID = "-//Hongyan//Hongyan address book//EN"
_KNOWN = {
    "VERSION",
    "PRODID",
    "UID",
    "FN",
    "N",
    "ORG",
    "TITLE",
    "EMAIL",
    "TEL",
    "ADR",
    "URL",
    "NOTE",
    "CATEGORIES",
    "REV",
    "LABEL",
    CREATED,
}
VERSIONS = ("3.0", "4.0")


class VCardError(HongyanError):
    """A file that is not a vCard file."""


def decode_text(data: bytes) -> str:
    """The text of a contacts file: UTF-8 (with or without BOM), else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_vcards(data: bytes, *, source: str = "") -> list[Contact]:
    """Every contact of a ``.vcf`` file (one card or many).

    Raises:
        VCardError: the file holds no card, or cannot be read as vCard.
    """
    text = decode_text(data).replace("\r\r\n", "\r\n")  # Thunderbird's "dos" test file
    contacts = []
    try:
        for component in vobject.readComponents(text, ignoreUnreadable=True, allowQP=True):
            if component.name.upper() == "VCARD":
                contacts.append(from_component(component))
    except Exception as exc:  # vobject raises many kinds for malformed input
        raise VCardError(
            words(
                QT_TRANSLATE_NOOP("Core", "{source} is not a readable vCard file ({error})."),
                source=source or "The file",
                error=str(exc).strip() or type(exc).__name__,
            )
        ) from exc
    if not contacts:
        raise VCardError(
            words(
                QT_TRANSLATE_NOOP("Core", "{source} holds no contact: it has no vCard in it."),
                source=source or "The file",
            )
        )
    return contacts


def from_component(card: Component) -> Contact:
    """The contact of one parsed ``VCARD`` component."""
    contact = Contact()
    emails: list[tuple[int, str]] = []
    extra: list[str] = []
    for line in card.getChildren():
        name = line.name.upper()
        if name in _KNOWN:
            _read_known(contact, line, name, emails)
        elif name != "END" and name != "BEGIN":
            with contextlib.suppress(Exception):
                buffer = io.StringIO()
                line.serialize(buffer)
                extra.append(buffer.getvalue())
    contact.emails = [address for _, address in sorted(emails, key=lambda p: p[0])]
    contact.extra = "".join(extra)
    return contact


def _read_known(
    contact: Contact, line: ContentLine, name: str, emails: list[tuple[int, str]]
) -> None:
    value: Any = line.value
    if name == "UID":
        contact.uid = _text(value)
    elif name == "FN":
        contact.display_name = _text(value)
    elif name == "N":
        contact.family_name = _joined(getattr(value, "family", ""))
        contact.given_name = _joined(getattr(value, "given", ""))
        contact.name_rest = (
            _joined(getattr(value, "additional", "")),
            _joined(getattr(value, "prefix", "")),
            _joined(getattr(value, "suffix", "")),
        )
    elif name == "ORG":
        parts = [_text(p) for p in (value if isinstance(value, list) else [value])]
        contact.company = parts[0] if parts else ""
        contact.department = " ".join(p for p in parts[1:] if p)
    elif name == "TITLE":
        contact.title = _text(value)
    elif name == "EMAIL":
        address = _text(value).strip()
        if address and not contact.has_email(address):
            emails.append((_preference(line, len(emails)), address))
    elif name == "TEL":
        number = _text(value).strip()
        if number.lower().startswith("tel:"):
            number = number[4:]
        if number:
            contact.phones.append(Phone(_phone_kind(_types(line)), number))
    elif name == "ADR":
        types = _types(line)
        kind = "home" if "home" in types else "work" if "work" in types else "other"
        contact.addresses.append(
            PostalAddress(
                street=_joined(getattr(value, "street", "")),
                city=_joined(getattr(value, "city", "")),
                region=_joined(getattr(value, "region", "")),
                code=_joined(getattr(value, "code", "")),
                country=_joined(getattr(value, "country", "")),
                kind=kind,
            )
        )
    elif name == "URL" and not contact.website:
        contact.website = _text(value)
    elif name == "NOTE":
        contact.notes = "\n".join(p for p in (contact.notes, _text(value)) if p)
    elif name == "CATEGORIES":
        for group in value if isinstance(value, list) else [value]:
            group = _text(group).strip()
            if group and not contact.in_group(group):
                contact.groups.append(group)
    elif name == CREATED:
        contact.created = _text(value)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value or "")


def _joined(value: object) -> str:
    return _text(value).strip()


def _types(line: ContentLine) -> set[str]:
    """Every TYPE of a property, however written (TYPE=a,b; TYPE=a;TYPE=b; 2.1's bare A;B)."""
    types: set[str] = set()
    for value in line.params.get("TYPE", []):
        types.update(t.strip().strip('"').lower() for t in str(value).split(","))
    types.update(t.lower() for t in line.singletonparams)
    return types


def _preference(line: ContentLine, order: int) -> int:
    """Sort key of an address: PREF=1 first (4.0), TYPE=pref (3.0, 2.1), then file order."""
    pref = line.params.get("PREF")
    if pref:
        with contextlib.suppress(ValueError):
            return int(str(pref[0])) * 1000 + order
    return (0 if "pref" in _types(line) else 100_000) + order


def _phone_kind(types: set[str]) -> str:
    if "fax" in types:
        return "fax"
    if "cell" in types or "mobile" in types:
        return "mobile"
    if "work" in types:
        return "work"
    if "home" in types:
        return "home"
    return "other"


_PHONE_TYPES = {
    "work": ["work", "voice"],
    "mobile": ["cell"],
    "fax": ["work", "fax"],
    "home": ["home", "voice"],
    "other": ["voice"],
}


def to_vcard(contact: Contact, version: str = "4.0") -> str:
    """One contact as a vCard of ``version`` (``3.0`` or ``4.0``), CRLF line ends."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r}")
    card = vobject.vCard()
    card.add("version").value = version
    card.add("prodid").value = PRODID
    if contact.uid:
        card.add("uid").value = contact.uid
    card.add("fn").value = contact.name or contact.preferred_email or "?"
    card.add("n").value = vobject.vcard.Name(
        family=contact.family_name,
        given=contact.given_name,
        additional=contact.name_rest[0],
        prefix=contact.name_rest[1],
        suffix=contact.name_rest[2],
    )
    if contact.company or contact.department:
        card.add("org").value = [contact.company] + (
            [contact.department] if contact.department else []
        )
    if contact.title:
        card.add("title").value = contact.title
    for n, address in enumerate(contact.emails):
        line = card.add("email")
        line.value = address
        if version == "4.0":
            if n == 0 and len(contact.emails) > 1:
                line.params["PREF"] = ["1"]
        else:
            line.params["TYPE"] = ["INTERNET", "PREF"] if n == 0 else ["INTERNET"]
    for phone in contact.phones:
        line = card.add("tel")
        line.value = phone.number
        line.params["TYPE"] = list(_PHONE_TYPES.get(phone.kind, ["voice"]))
    for postal in contact.addresses:
        line = card.add("adr")
        line.value = vobject.vcard.Address(
            street=postal.street,
            city=postal.city,
            region=postal.region,
            code=postal.code,
            country=postal.country,
        )
        if postal.kind in ("work", "home"):
            line.params["TYPE"] = [postal.kind]
    if contact.website:
        card.add("url").value = contact.website
    if contact.notes:
        card.add("note").value = contact.notes
    if contact.groups:
        card.add("categories").value = list(contact.groups)
    if contact.created:
        card.add(CREATED.lower()).value = contact.created
    for line in _extra_lines(contact.extra):
        card.add(line)
    return str(card.serialize())


def _extra_lines(extra: str) -> Iterable[ContentLine]:
    if not extra.strip():
        return []
    try:
        holder = vobject.readOne(f"BEGIN:VCARD\r\n{extra}END:VCARD\r\n", ignoreUnreadable=True)
    except Exception:  # kept lines that no longer parse are dropped rather than the contact
        return []
    return [line for line in holder.getChildren() if line.name.upper() not in _KNOWN]


def write_vcards(contacts: Iterable[Contact], version: str = "4.0") -> str:
    """Many contacts as one ``.vcf`` file's text."""
    return "".join(to_vcard(c, version) for c in contacts)
