"""The search terms ``contact:``, ``company:`` and ``group:``: mail to or from people of the
address book.

``contact:张`` is every contact whose name, id or an address contains 张; ``company:鸿运``
every contact of a company whose name contains 鸿运, and the domains that stand for it;
``group:VIP`` every contact in the group VIP. The term matches a message when one of their
addresses (or domains) is its sender or a recipient, through ``messages_addresses``.

The address book is found from the index connection (the store folder holds both), so every
caller of the search language gets the terms without passing anything more.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hongyan.core.contacts.book import ContactBook
from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

_books: dict[Path, ContactBook] = {}  # one per store folder; each re-reads what changed


def book_for(conn: sqlite3.Connection) -> ContactBook:
    """The address book of the store whose index ``conn`` is."""
    row = next((r for r in conn.execute("PRAGMA database_list") if r[1] == "main"), None)
    root = Path(str(row[2])).parent if row is not None and row[2] else Path.cwd()
    if root not in _books:
        _books[root] = ContactBook(root)
    return _books[root]


def people_condition(conn: sqlite3.Connection, kind: str, name: str) -> tuple[str, list[object]]:
    """The condition over ``messages m`` of one term, and its parameters.

    Raises:
        HongyanError: nobody in the address book matches (a typing error is told, not
            answered with an empty list).
    """
    book = book_for(conn)
    domains: set[str] = set()
    if kind == "company":
        folded = name.casefold()
        companies = {c.company for c in book.contacts() if folded in c.company.casefold()}
        people = [p for company in companies for p in book.in_company(company)]
        domains = {d for company in companies for d in book.company_domains(company)}
    elif kind == "group":
        people = [c for c in book.contacts() if c.in_group(name)]
    else:
        people = book.matching(name)
    addresses = sorted({a.lower() for c in people for a in c.emails})
    if not addresses and not domains:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "No contact with an address matches {term}. See: hongyan contact list"
                ),
                term=f"{kind}:{name}",
            )
        )
    ors = []
    params: list[object] = []
    if addresses:
        ors.append(f"addr IN ({','.join('?' * len(addresses))})")
        params.extend(addresses)
    if domains:
        ors.append(f"domain IN ({','.join('?' * len(domains))})")
        params.extend(sorted(domains))
    condition = f"m.id IN (SELECT message_id FROM messages_addresses WHERE {' OR '.join(ors)})"
    return condition, params
