"""A contact: a person (or a company's front desk) the user corresponds with.

The fields are those of a business card and of Outlook's and Foxmail's address books, and
each has its vCard property (RFC 6350), so nothing is lost on the way to and from other
programs: names (family and given, in the order the name is written: 张伟 is family 张,
given 伟), company and department (``ORG``), title, addresses (the first is the preferred
one), phones by kind, postal addresses, web site, notes, groups (``CATEGORIES``) and the
date the contact was created. Properties Hongyan does not edit (a photo, a birthday, another
program's ``X-`` fields) travel along unchanged in :attr:`Contact.extra`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

PHONE_KINDS = ("work", "mobile", "fax", "home", "other")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")


@dataclass(frozen=True)
class Phone:
    kind: str  # one of PHONE_KINDS
    number: str


@dataclass(frozen=True)
class PostalAddress:
    street: str = ""
    city: str = ""
    region: str = ""
    code: str = ""
    country: str = ""
    kind: str = "work"  # work | home | other

    def one_line(self) -> str:
        parts = (self.street, self.city, self.region, self.code, self.country)
        return ", ".join(p for p in parts if p)


@dataclass
class Contact:
    """One contact; ``id`` names its file in the store, ``uid`` is its vCard UID."""

    id: str = ""
    uid: str = ""
    display_name: str = ""
    family_name: str = ""
    given_name: str = ""
    name_rest: tuple[str, str, str] = ("", "", "")  # additional names, prefixes, suffixes
    company: str = ""
    department: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)  # the first is the preferred one
    phones: list[Phone] = field(default_factory=list)
    addresses: list[PostalAddress] = field(default_factory=list)
    website: str = ""
    notes: str = ""
    groups: list[str] = field(default_factory=list)
    created: str = ""  # ISO 8601 UTC, e.g. 2026-03-01T09:00:00Z
    extra: str = ""  # vCard lines Hongyan keeps but does not edit

    @property
    def name(self) -> str:
        """What the user reads: the display name, else the name from its parts, else the
        preferred address."""
        if self.display_name:
            return self.display_name
        if self.family_name or self.given_name:
            return compose_name(self.family_name, self.given_name)
        return self.preferred_email

    @property
    def preferred_email(self) -> str:
        return self.emails[0] if self.emails else ""

    def phone(self, kind: str) -> str:
        """The first number of ``kind`` (``work``, ``mobile``, ``fax``, ``home``), or ''."""
        return next((p.number for p in self.phones if p.kind == kind), "")

    def has_email(self, address: str) -> bool:
        folded = address.strip().lower()
        return any(e.lower() == folded for e in self.emails)

    def in_group(self, group: str) -> bool:
        folded = group.strip().casefold()
        return any(g.casefold() == folded for g in self.groups)

    def copy(self) -> Contact:
        return replace(
            self,
            emails=list(self.emails),
            phones=list(self.phones),
            addresses=list(self.addresses),
            groups=list(self.groups),
        )


def from_address(name: str, address: str) -> Contact:
    """A new contact prefilled from a message's sender or recipient (``Add to Address
    Book``): the display name split into family and given name, the address, and the
    company's domain left for the user (a 163.com address names no company)."""
    family, given = split_name(name)
    return Contact(
        display_name=name.strip(),
        family_name=family,
        given_name=given,
        emails=[address.strip()] if address.strip() else [],
    )


def compose_name(family: str, given: str) -> str:
    """The full name from its parts: 张伟 for Chinese, Japanese or Korean names (family
    first, no space), "Given Family" otherwise."""
    if _CJK.search(family + given):
        return f"{family}{given}".strip()
    return f"{given} {family}".strip()


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a full name typed in one field.

    A Chinese name of two to four characters is family name first: the family name is the
    first character, or the first two for the compound surnames (欧阳, 司马 …). A Western
    name is "Given Family" (or "Family, Given").
    """
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        return "", ""
    if _CJK.search(name) and " " not in name:
        if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
            return name[:2], name[2:]
        return (name[:1], name[1:]) if len(name) <= 4 else ("", name)
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    given, _, family = name.rpartition(" ")
    return (family, given) if given else ("", family)


COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "闻人",
        "万俟",
        "钟离",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
    ]
)
