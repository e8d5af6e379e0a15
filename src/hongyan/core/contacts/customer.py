"""A customer's file: every message to and from them, who answered whom and how fast.

The customer is a contact (all their addresses), a company (its people and the domains that
stand for it), a domain, or one address. Their mail is found through ``messages_addresses``
(see store/threads.py) in every folder but Drafts, Outbox, Trash and Junk, newest first.

Direction: a message is **out** when the user sent it (from one of the user's addresses, or
filed in Sent), else **in**. Answer times are read per thread (the ``parent_id`` tree) from the
messages of the file, oldest first, ignoring machine mail (auto-replies answer nothing and
need no answer) and mail that is neither from the customer nor from the user (a colleague in
Cc):

- a message from one side starts that side **waiting**, unless it was waiting already (a
  second mail before any answer does not restart the clock);
- the first message from the other side **answers** it: the answer time is from the start of
  the wait to that message, counted for the side that answered; that side now waits.

So the customer writing at 9:00 and 11:00 and the user answering at 15:00 is one answer of
6 hours by the user. What the customer sent after the user's last message in a thread are
their **open questions**. Average and median are over the answers in the file.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from hongyan.core.contacts.book import ContactBook, ContactNotFoundError
from hongyan.core.contacts.model import Contact
from hongyan.core.errors import HongyanError
from hongyan.core.store.records import ROW_COLUMNS, MessageRow
from hongyan.core.store.threads import roots
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

NOT_CORRESPONDENCE = ("Drafts", "Outbox", "Trash", "Junk")
OUTGOING_FOLDERS = ("Sent", "Outbox")


@dataclass(frozen=True)
class Customer:
    """Whose file it is: a label, and the addresses and domains that are theirs."""

    label: str
    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    contacts: tuple[Contact, ...] = ()

    def owns(self, address: str) -> bool:
        address = address.lower()
        return address in self.addresses or address.rpartition("@")[2] in self.domains


@dataclass(frozen=True)
class FileEntry:
    row: MessageRow
    direction: str  # "in" | "out"
    automated: bool


@dataclass
class AnswerTimes:
    """Seconds each answer took."""

    seconds: list[int] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        return statistics.fmean(self.seconds) if self.seconds else None

    @property
    def median(self) -> float | None:
        return float(statistics.median(self.seconds)) if self.seconds else None

    @property
    def longest(self) -> int | None:
        return max(self.seconds) if self.seconds else None


@dataclass
class CustomerFile:
    customer: Customer
    entries: list[FileEntry]  # newest first
    open_questions: list[MessageRow]  # newest first
    theirs: AnswerTimes  # how fast the customer answered the user
    mine: AnswerTimes  # how fast the user answered the customer

    @property
    def first_contact(self) -> int | None:
        return self.entries[-1].row.date if self.entries else None

    @property
    def last_contact(self) -> int | None:
        return self.entries[0].row.date if self.entries else None

    @property
    def count_in(self) -> int:
        return sum(1 for e in self.entries if e.direction == "in")

    @property
    def count_out(self) -> int:
        return sum(1 for e in self.entries if e.direction == "out")


def resolve(book: ContactBook, text: str) -> Customer:
    """Whose file ``text`` asks for: a contact id, an address, a company, a domain or a name.

    Raises:
        HongyanError: nothing in the address book or the mail matches.
    """
    text = text.strip()
    if "@" in text:
        contacts = book.find(text)
        if contacts:
            return _of_contacts(contacts[0].name, contacts)
        return Customer(text, frozenset({text.lower()}))
    try:
        contact = book.get(text)
        return _of_contacts(contact.name, [contact])
    except ContactNotFoundError:
        pass
    people = book.in_company(text)
    if people:
        domains = book.company_domains(text)
        return _of_contacts(people[0].company, people, domains)
    if "." in text and " " not in text:
        return Customer(text.lower(), domains=frozenset({text.lower().lstrip("@")}))
    named = [c for c in book.contacts() if c.name.casefold() == text.casefold()]
    if len(named) == 1:
        return _of_contacts(named[0].name, named)
    raise HongyanError(
        words(
            QT_TRANSLATE_NOOP(
                "Core",
                "No contact, company or address matches {text}. Give a contact id (hongyan "
                "contact list), an address or a domain.",
            ),
            text=text,
        )
    )


def _of_contacts(label: str, contacts: Iterable[Contact], domains: Iterable[str] = ()) -> Customer:
    people = tuple(contacts)
    addresses = frozenset(a.lower() for c in people for a in c.emails)
    return Customer(label, addresses, frozenset(domains), people)


def _people_clause(customer: Customer) -> tuple[str, list[object]]:
    """The condition over ``messages_addresses a`` that finds the customer's mail."""
    clauses: list[str] = []
    params: list[object] = []
    if customer.addresses:
        clauses.append(f"a.addr IN ({','.join('?' * len(customer.addresses))})")
        params.extend(sorted(customer.addresses))
    if customer.domains:
        clauses.append(f"a.domain IN ({','.join('?' * len(customer.domains))})")
        params.extend(sorted(customer.domains))
    return (" OR ".join(clauses) or "0"), params


def message_ids(conn: sqlite3.Connection, customer: Customer) -> list[int]:
    """Every message from or to the customer, in every folder (any order)."""
    clause, params = _people_clause(customer)
    rows = conn.execute(
        f"SELECT DISTINCT message_id FROM messages_addresses a WHERE {clause}", params
    )
    return [int(r[0]) for r in rows]


def customer_file(
    conn: sqlite3.Connection,
    customer: Customer,
    *,
    own_addresses: Iterable[str] = (),
    answers_since: int | None = None,
) -> CustomerFile:
    """The customer's file (see the module docstring).

    Args:
        own_addresses: the user's addresses (mail from them is **out**, as is mail in Sent).
        answers_since: count only answers to waits that began at or after this time (unix
            seconds; issue 19's "over the last 90 days"); the messages are all listed.
    """
    own = {a.lower() for a in own_addresses}
    clause, params = _people_clause(customer)
    columns = ", ".join(f"m.{c.strip()}" for c in ROW_COLUMNS.split(","))
    hidden = ",".join("?" * len(NOT_CORRESPONDENCE))
    entries: list[FileEntry] = []
    parents: dict[int, int | None] = {}
    for values in conn.execute(
        f"SELECT {columns}, m.automated, m.parent_id FROM messages m WHERE m.id IN"
        f" (SELECT message_id FROM messages_addresses a WHERE {clause})"
        f" AND m.folder NOT IN ({hidden})",
        [*params, *NOT_CORRESPONDENCE],
    ):
        row = MessageRow.from_sql(values)
        out = row.folder in OUTGOING_FOLDERS or row.from_addr.lower() in own
        entries.append(FileEntry(row, "out" if out else "in", bool(values[-2])))
        parents[row.id] = None if values[-1] is None else int(values[-1])
    entries.sort(key=lambda e: (e.row.date, e.row.id), reverse=True)
    root_of = roots(conn, parents, parents)
    theirs, mine, open_questions = _answers(root_of, customer, entries, answers_since or 0)
    return CustomerFile(customer, entries, open_questions, theirs, mine)


def _answers(
    root_of: dict[int, int], customer: Customer, entries: list[FileEntry], since: int
) -> tuple[AnswerTimes, AnswerTimes, list[MessageRow]]:
    threads: dict[int, list[FileEntry]] = {}
    for entry in reversed(entries):  # oldest first
        threads.setdefault(root_of.get(entry.row.id, entry.row.id), []).append(entry)
    theirs, mine, open_questions = AnswerTimes(), AnswerTimes(), []
    for thread in threads.values():
        waiting: tuple[str, int] | None = None  # (side, since)
        since_mine: list[MessageRow] = []
        for entry in thread:
            side = _side(customer, entry)
            if side is None:
                continue
            if waiting is not None and waiting[0] != side:
                if waiting[1] >= since:
                    (theirs if side == "customer" else mine).seconds.append(
                        max(0, entry.row.date - waiting[1])
                    )
                waiting = None
            if waiting is None:
                waiting = (side, entry.row.date)
            since_mine = [] if side == "user" else [*since_mine, entry.row]
        open_questions.extend(since_mine)
    open_questions.sort(key=lambda r: (r.date, r.id), reverse=True)
    return theirs, mine, open_questions


def _side(customer: Customer, entry: FileEntry) -> str | None:
    if entry.automated:
        return None
    if entry.direction == "out":
        return "user"
    return "customer" if customer.owns(entry.row.from_addr) else None


def new_senders(
    conn: sqlite3.Connection,
    book: ContactBook,
    *,
    own_addresses: Iterable[str] = (),
    limit: int | None = None,
) -> list[MessageRow]:
    """Mail from people who are in no contact and whom the user never wrote to, newest
    first: new customers, for the manager's desk. Machine mail (lists, newsletters,
    no-reply senders) is left out, as is mail in Sent, Drafts, Outbox, Trash and Junk."""
    own = {a.lower() for a in own_addresses}
    hidden = (*NOT_CORRESPONDENCE, *OUTGOING_FOLDERS)
    marks = ",".join("?" * len(hidden))
    written_to = {
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT a.addr FROM messages_addresses a JOIN messages m"
            " ON m.id = a.message_id WHERE a.role != 0 AND (m.folder IN ('Sent', 'Outbox')"
            f" OR lower(m.from_addr) IN ({','.join('?' * len(own)) or 'NULL'}))",
            sorted(own),
        )
    }
    rows = conn.execute(
        f"SELECT {ROW_COLUMNS} FROM messages WHERE automated = 0 AND from_addr != ''"
        f" AND folder NOT IN ({marks}) ORDER BY date DESC, id DESC",
        hidden,
    )
    result = []
    for values in rows:
        row = MessageRow.from_sql(values)
        sender = row.from_addr.lower()
        if sender in own or sender in written_to or book.is_contact(sender):
            continue
        result.append(row)
        if limit is not None and len(result) >= limit:
            break
    return result


def own_addresses_of(conn: sqlite3.Connection) -> set[str]:
    """The user's addresses as the store shows them: the senders of mail in Sent."""
    return {
        str(r[0]).lower()
        for r in conn.execute(
            "SELECT DISTINCT from_addr FROM messages WHERE folder IN ('Sent', 'Outbox')"
            " AND from_addr != ''"
        )
    }
