"""Does a rule match a message? Conditions tested on what the index knows, the file read only
when a rule asks for the body or a header.

At arrival most rules test the sender, the recipients, the subject or the account: those are
columns of the index row the fetch has just written, so 50 rules over 10 000 messages cost a
few string searches each. A body or header condition reads the file, once per message however
many rules ask, and only when the cheaper conditions of that rule have not decided already.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import Message
from functools import cached_property
from typing import Protocol

from hongyan.core.rules.model import Condition, Rule, domain_key, fold
from hongyan.core.store.records import MessageRow

MAX_BODY_CHARS = 256 * 1024  # of decoded text searched by a body condition


class Contacts(Protocol):
    """What the address book answers for rules (core/contacts provides it; tests fake it)."""

    def is_contact(self, address: str) -> bool:
        """True when ``address`` is in the address book."""
        ...

    def in_group(self, address: str, group: str) -> bool:
        """True when ``address`` belongs to the contact group named ``group``."""
        ...


class MessageFacts:
    """One message as conditions see it: index columns (folded when first asked for), file
    contents on demand."""

    def __init__(self, row: MessageRow, read: Callable[[], bytes]) -> None:
        self.row = row
        self._read = read

    @cached_property
    def sender(self) -> str:
        return fold(f"{self.row.from_name} {self.row.from_addr}")

    @cached_property
    def recipients(self) -> str:
        return fold(f"{self.row.to_addrs} {self.row.cc_addrs}")

    @cached_property
    def subject(self) -> str:
        return fold(self.row.subject)

    def text(self, field: str) -> str:
        """The folded text a ``from``, ``subject`` or ``to`` condition searches."""
        if field == "from":
            return self.sender
        return self.subject if field == "subject" else self.recipients

    @cached_property
    def domain(self) -> str:
        address = self.row.from_addr
        return domain_key(address.rpartition("@")[2]) if "@" in address else ""

    @cached_property
    def account(self) -> str:
        return fold(self.row.account or "")

    @cached_property
    def message(self) -> Message:
        """Parsed as for the index: attachments' contents are not read (no condition looks
        into them), which makes a body condition on mail with a large attachment cheap."""
        from hongyan.core.store.extract import parse_for_text

        return parse_for_text(self._read())

    def header(self, name: str) -> str:
        """Every value of header ``name``, decoded and folded, joined by line breaks."""
        from hongyan.core.message import decode

        values = self.message.get_all(name) or []
        hint = decode.message_charset(self.message)
        return fold("\n".join(decode.decode_header(str(v), fallback=hint) for v in values))

    @cached_property
    def body(self) -> str:
        from hongyan.core.message import decode

        return fold(decode.body_text(self.message, max_chars=MAX_BODY_CHARS))


def matches(rule: Rule, facts: MessageFacts, contacts: Contacts | None) -> bool:
    """Whether ``rule``'s conditions hold (all, or any with ``match_any``). The conditions
    that need the file are tested last: often the others decide alone."""
    if rule.match_any:
        return any(test(facts, contacts) for test in rule.tests)
    return all(test(facts, contacts) for test in rule.tests)


def holds(c: Condition, facts: MessageFacts, contacts: Contacts | None) -> bool:
    """One condition. Contact conditions never hold without an address book."""
    return c.test(facts, contacts)


Test = Callable[[MessageFacts, "Contacts | None"], bool]


def condition_test(c: Condition) -> Test:
    """The test of one condition, made once per condition (a rule is tried on every message
    of a fetch: no field dispatch per message)."""
    field, wanted = c.field, c.wanted
    if field == "from":
        return lambda facts, _contacts: wanted in facts.sender
    if field == "subject":
        return lambda facts, _contacts: wanted in facts.subject
    if field == "to":
        return lambda facts, _contacts: wanted in facts.recipients
    if field == "domain":
        suffix = "." + wanted
        return lambda facts, _contacts: facts.domain == wanted or facts.domain.endswith(suffix)
    if field == "account":
        return lambda facts, _contacts: facts.account == wanted
    if field == "larger":
        limit = int(c.value) * 1024
        return lambda facts, _contacts: facts.row.size > limit
    if field == "smaller":
        limit = int(c.value) * 1024
        return lambda facts, _contacts: facts.row.size < limit
    if field == "attachment":
        return lambda facts, _contacts: facts.row.has_attachments
    if field == "body":
        return lambda facts, _contacts: wanted in facts.body
    if field == "header":
        name = c.header
        return lambda facts, _contacts: wanted in facts.header(name)
    group = str(c.value)

    def in_address_book(facts: MessageFacts, contacts: Contacts | None) -> bool:
        address = facts.row.from_addr
        if contacts is None or not address:
            return False
        if field == "contact":
            return contacts.is_contact(address)
        return contacts.in_group(address, group)

    return in_address_book
