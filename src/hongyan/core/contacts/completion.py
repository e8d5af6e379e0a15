"""Address completion for To, Cc and Bcc: contacts first, then the addresses of past mail.

What the user types is matched against the start of each word a person is known by: the
name and its words, given and family name, the address and its mailbox part, the company,
and for Chinese names their pinyin, whole (``zhangwei``, ``zhang``, ``wei``) and as
initials (``zw``), every reading of the family name's character counted (曾 is ``zeng`` as a
name, ``ceng`` elsewhere; 单 ``shan`` or ``dan``). Foxmail completes Chinese names the same
way; ``pypinyin`` holds the readings.

Contacts come first, then addresses seen in mail; within each, people corresponded with
more often come first. The keys are kept sorted, so a key press costs a binary search and
a walk over the matches (bench/contacts_bench.py: 10 000 contacts).
"""

from __future__ import annotations

import bisect
import heapq
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from hongyan.core.contacts.model import Contact

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Candidate:
    name: str
    address: str
    contact_id: str | None = None  # None: an address seen in mail, in no contact
    count: int = 0  # messages to and from this address

    @property
    def text(self) -> str:
        """What goes into the field: ``Name <address>``, or the address alone."""
        if not self.name or self.name == self.address:
            return self.address
        name = f'"{self.name}"' if re.search(r'[,;<>@"]', self.name) else self.name
        return f"{name} <{self.address}>"


class Completer:
    """Completion candidates of one address book and one store, built once, asked often."""

    def __init__(
        self, contacts: Iterable[Contact], seen: Iterable[tuple[str, str, int]] = ()
    ) -> None:
        """Args:
        contacts: the address book.
        seen: ``(name, address, count)`` of addresses in mail (see :func:`seen_addresses`).
        """
        seen = list(seen)
        counts = {address.lower(): count for _, address, count in seen}
        self._candidates: list[Candidate] = []
        keyed: list[tuple[str, int]] = []
        in_contacts: set[str] = set()
        for contact in contacts:
            for address in contact.emails:
                folded = address.lower()
                in_contacts.add(folded)
                index = self._add(
                    Candidate(contact.name, address, contact.id, counts.get(folded, 0))
                )
                keyed.extend((key, index) for key in _contact_keys(contact, address))
        for name, address, count in seen:
            if address.lower() in in_contacts:
                continue
            index = self._add(Candidate(name, address, None, count))
            keyed.extend((key, index) for key in _keys(name, address))
        keyed.sort()
        self._keys = [key for key, _ in keyed]
        self._refs = [index for _, index in keyed]
        order = sorted(
            range(len(self._candidates)),
            key=lambda i: _rank(self._candidates[i]),
        )
        self._rank = [0] * len(order)
        for position, index in enumerate(order):
            self._rank[index] = position

    def _add(self, candidate: Candidate) -> int:
        self._candidates.append(candidate)
        return len(self._candidates) - 1

    def complete(self, typed: str, limit: int = 12) -> list[Candidate]:
        """The best ``limit`` candidates for what has been typed of one address."""
        prefix = typed.strip().casefold()
        if not prefix:
            return []
        low = bisect.bisect_left(self._keys, prefix)
        high = bisect.bisect_left(self._keys, prefix + "\U0010ffff", low)
        found = set(self._refs[low:high])
        best = heapq.nsmallest(limit, found, key=self._rank.__getitem__)
        return [self._candidates[i] for i in best]


def _rank(candidate: Candidate) -> tuple[bool, int, str, str]:
    """Contacts first, then the most written to and from, then by name."""
    return (
        candidate.contact_id is None,
        -candidate.count,
        candidate.name.casefold(),
        candidate.address,
    )


def _keys(name: str, address: str) -> set[str]:
    folded = name.casefold()
    keys = {address.lower(), address.lower().partition("@")[0]}
    if folded:
        keys.add(folded)
        keys.update(_WORD.findall(folded))
    return {k for k in keys if k}


def _contact_keys(contact: Contact, address: str) -> set[str]:
    keys = _keys(contact.name, address)
    for part in (contact.family_name, contact.given_name, contact.company):
        if part:
            keys.add(part.casefold())
            keys.update(_WORD.findall(part.casefold()))
    keys.update(pinyin_keys(contact.family_name, contact.given_name, contact.name))
    return keys


def pinyin_keys(family: str, given: str, name: str) -> set[str]:
    """Pinyin of a Chinese name, whole and as initials (see the module docstring)."""
    if not _HAN.search(name):
        return set()
    from pypinyin import Style, lazy_pinyin, pinyin

    if not family and not given:
        family, given = name[:1], name[1:]
    first = family[:1]
    readings = set(pinyin(first, style=Style.NORMAL, heteronym=True)[0]) if first else {""}
    rest_family = lazy_pinyin(family[1:])
    rest_given = lazy_pinyin(given)
    keys: set[str] = set()
    for reading in readings:
        syllables = [reading, *rest_family, *rest_given]
        syllables = [s for s in syllables if s]
        keys.add("".join(syllables))
        keys.add("".join(s[0] for s in syllables))
        keys.add("".join([reading, *rest_family]))
    if rest_given:
        keys.add("".join(rest_given))
    return {k.lower() for k in keys if k and k.isascii()}


def seen_addresses(conn: sqlite3.Connection, *, limit: int = 50_000) -> list[tuple[str, str, int]]:
    """``(name, address, count)`` of every address in the store's mail, most used first
    (names from the senders' own From lines)."""
    counts = conn.execute(
        "SELECT addr, count(*) AS n FROM messages_addresses GROUP BY addr ORDER BY n DESC LIMIT ?",
        (limit,),
    ).fetchall()
    names = dict(
        conn.execute(
            "SELECT lower(from_addr), from_name FROM messages WHERE from_name != ''"
            " GROUP BY lower(from_addr)"
        ).fetchall()
    )
    return [(str(names.get(addr, "")), str(addr), int(n)) for addr, n in counts if "@" in addr]
