"""Deciding what a fetch does: stable keys for the server's messages, the sane clock, the plan.

:func:`plan_fetch` is **the one place** where Hongyan decides to download a message, leave it
on the server, or delete it there, including the messages downloaded in the same session
when the account does not leave a copy. It is a pure function of the listing, the records,
the account's policy, the time and the facts gathered so far; when it needs more facts (the
store's fetch keys, a message's header block) it says so (:attr:`Plan.wants_store`,
:attr:`Plan.wants_headers`) and the caller asks again with them. The dry run stops where the
real run starts downloading, so it shows exactly what the real run does (plan G62).

A UIDL names a message only while the server keeps its UID list (plan G55): a record
matches a listed message only when the LIST size matches too, and before a message recorded
in an earlier session is deleted its Message-ID and Date (``TOP n 0``) must match as well.
Anything that does not match is new mail.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from hongyan.core import syncstate as st
from hongyan.core.pop3 import KIB, MIB, Pop3Session
from hongyan.core.syncstate import ClockState, Record, Skip, StoredCopy

if TYPE_CHECKING:
    from hongyan.core.accounts import Account
    from hongyan.core.pop3 import Limits

DAY = 86_400
HOUR = 3_600
GONE_GRACE = 7 * DAY
"""A record is forgotten only after its message has been missing from listings this long:
one empty or short listing (a glitch) must not bring back mail deleted for good (plan G60)."""
CLOCK_STEP = 36 * HOUR
"""A forward step of the clock up to this since the last fetch is believed at once."""
CLOCK_CONFIRM = DAY
"""A larger one is believed once a fetch this much later still finds the clock past it."""
LEAVE_OFF = "downloaded, and the account does not leave messages on the server"


class ServerMessage(NamedTuple):
    """One message in the server's listing (a tuple: tens of thousands per check)."""

    number: int
    key: str
    size: int
    trusted_key: bool  # False for duplicate UIDLs and the no-UIDL fallback: never DELE


def keyed_listing(
    session: Pop3Session, sizes: Mapping[int, int], uidls: Mapping[int, str] | None
) -> list[ServerMessage]:
    """Give every server message a stable key (plan C26, C28); see :mod:`syncstate`."""
    if uidls is None:
        return [_fallback_key(session, number, size) for number, size in sorted(sizes.items())]
    counts: dict[str, int] = {}
    for uidl in uidls.values():
        counts[uidl] = counts.get(uidl, 0) + 1
    seen_so_far: dict[str, int] = {}
    listing = []
    for number in sorted(uidls):
        uidl = uidls[number]
        n = seen_so_far[uidl] = seen_so_far.get(uidl, 0) + 1
        key = uidl if n == 1 else f"{uidl}\0#{n}"
        listing.append(ServerMessage(number, key, sizes.get(number, 0), counts[uidl] == 1))
    return listing


def _fallback_key(session: Pop3Session, number: int, size: int) -> ServerMessage:
    """No UIDL (plan C28): Message-ID + Date + size from ``TOP n 0``, documented in
    architecture.md. Such keys are never used to delete anything."""
    from hongyan.core.store.extract import extract

    info = extract(session.top_headers(number, size))
    digest = hashlib.sha256(f"{info.message_id}\0{info.date}\0{size}".encode()).hexdigest()
    return ServerMessage(number, f"#nouidl:{digest[:32]}", size, False)


# --------------------------------------------------------------------------------------------
# What tells one message from another


class Identity(NamedTuple):
    """Message-ID and Date of a header block, as the index stores them."""

    message_id: str
    date: int | None


_MSGID = re.compile(r"<[^<>\s]+>")
_FOLD = re.compile(rb"\r?\n[ \t]")


def identity_of(data: bytes) -> Identity:
    """Read Message-ID and Date from the start of a message (``TOP n 0``, or what RETR
    streamed): what :mod:`hongyan.core.store.extract` stores for the same header block (the
    first ``<...>`` of the first Message-ID, the first Date in unix seconds).

    It runs for every message downloaded, so it looks the two headers up by ``find`` in the
    lower-cased header block instead of parsing it (a few microseconds a message).
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        end = data.find(b"\n\n")
    head = b"\n" + (data if end < 0 else data[:end])
    lower = head.lower()
    message_id = ""
    value = _header_value(head, lower, b"\nmessage-id:")
    if value is not None:
        found = _MSGID.search(value)
        message_id = found.group(0) if found else value.strip()[:500]
    value = _header_value(head, lower, b"\ndate:")
    return Identity(message_id, _parse_date(value) if value is not None else None)


def _header_value(head: bytes, lower: bytes, name: bytes) -> str | None:
    """The (unfolded) value of the first header ``name`` (``b"\\nname:"``), or None."""
    start = lower.find(name)
    if start < 0:
        return None
    start += len(name)
    end = start
    while True:
        end = head.find(b"\n", end)
        if end < 0 or end + 1 >= len(head) or head[end + 1] not in b" \t":
            break
        end += 1
    raw = head[start:] if end < 0 else head[start:end]
    return _FOLD.sub(b" ", raw).decode("utf-8", "replace").strip()


def _parse_date(value: str) -> int | None:
    """Unix seconds of a Date value, as ``parsedate_to_datetime(value).timestamp()`` gives
    them (the store's reading), by the cheaper ``parsedate_tz``/``mktime_tz`` pair."""
    try:
        parsed = email.utils.parsedate_tz(value)
        return int(email.utils.mktime_tz(parsed)) if parsed is not None else None
    except (TypeError, ValueError, OverflowError, OSError, IndexError):
        return None


def _same_identity(record: Record | StoredCopy, seen: Identity) -> bool:
    """What the record knows must match what the server shows now."""
    if record.message_id and record.message_id != seen.message_id:
        return False
    return record.date is None or record.date == seen.date


def _close_sizes(listed: int, stored: int) -> bool:
    """A LIST size compared with a stored size (records of Hongyan 1.0 kept only the latter):
    servers count a little differently (LF or CRLF), another message differs more."""
    return abs(listed - stored) <= max(256, stored // 16)


# --------------------------------------------------------------------------------------------
# The clock


def sane_now(reading: float, state: ClockState) -> tuple[int, ClockState]:
    """The time a fetch works with, and the clock's state to keep (plan G61).

    "Delete after N days" counts from first-seen times; a clock that jumps must neither date
    them wrongly nor age them wrongly. The time never goes back below the latest trusted
    time (a jump back: the last trusted time is used). A step forward of more than
    :data:`CLOCK_STEP` since then is not believed until a fetch :data:`CLOCK_CONFIRM` later
    still finds the clock past it (a clock set five years ahead and corrected within a day
    deletes nothing); meanwhile the last trusted time is used. Waiting can only make a
    deletion later, never earlier.
    """
    clock = int(reading)
    trusted, candidate = state
    if trusted is None or trusted <= clock <= trusted + CLOCK_STEP:
        return clock, ClockState(clock, None)
    if clock < trusted:
        return trusted, ClockState(trusted, None)
    if candidate is not None and candidate <= clock:
        if clock - candidate < CLOCK_CONFIRM:
            return trusted, state
        if clock - candidate <= CLOCK_STEP:
            return clock, ClockState(clock, None)
        return candidate, ClockState(candidate, clock)
    return trusted, ClockState(trusted, clock)


# --------------------------------------------------------------------------------------------
# The account's policy


@dataclass(frozen=True)
class Policy:
    """What an account says about the server's copies, and the limits of one message."""

    leave_on_server: bool = True
    delete_after_days: int | None = None
    delete_when_trashed: bool = False
    headers_only_over: int | None = None  # bytes
    size_limit: int = 512 * MIB
    line_limit: int = 1 * MIB

    @classmethod
    def of(cls, account: Account, limits: Limits) -> Policy:
        """The account's settings; its size limit when it sets one, else the session's."""
        over = account.headers_only_over_kb
        return cls(
            leave_on_server=account.leave_on_server,
            delete_after_days=account.delete_after_days,
            delete_when_trashed=account.delete_when_trashed,
            headers_only_over=over * KIB if over is not None else None,
            size_limit=(
                account.max_message_mb * MIB
                if account.max_message_mb is not None
                else limits.max_message_bytes
            ),
            line_limit=limits.line_limit,
        )

    @property
    def may_delete(self) -> bool:
        """Whether any setting removes messages from the server (the default, "leave a copy
        on the server", never does: the plan then needs no dates)."""
        return (
            not self.leave_on_server
            or self.delete_after_days is not None
            or self.delete_when_trashed
        )

    def cap(self, reason: str, listed: int) -> int:
        """The limit a message left for ``reason`` broke (it is tried again above it)."""
        if reason == "line":
            return self.line_limit
        if reason == "overrun":
            return listed * 2 + 64 * KIB
        return self.size_limit


# --------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class Facts:
    """What the plan was given beyond the listing and the records."""

    stored: Mapping[str, StoredCopy] | None = None
    """Fetch key → stored message, for every fetched message in the store (None: not read)."""
    headers: Mapping[int, Identity | None] = field(default_factory=dict)
    """Message number → its header block's identity (``TOP n 0``); None: TOP was refused."""
    skipped: Mapping[str, Skip] = field(default_factory=dict)
    """Messages left on the server earlier (:mod:`syncstate`)."""


class Left(NamedTuple):
    """A message left on the server, why, and the limit it broke."""

    message: ServerMessage
    reason: str  # "size", "line", "overrun"
    cap: int


@dataclass
class Plan:
    """What one fetch does; see :func:`plan_fetch`."""

    download: list[ServerMessage] = field(default_factory=list)
    headers_only: list[ServerMessage] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    fetch_keys: dict[str, str] = field(default_factory=dict)
    """Fetch key of each message to download (new, chained, or a suspect one's own)."""
    delete: list[tuple[ServerMessage, str]] = field(default_factory=list)
    """Messages recorded in an earlier session, checked: DELE, with the reason."""
    delete_fresh: list[tuple[ServerMessage, str]] = field(default_factory=list)
    """Messages to DELE once this session has stored them whole (see :func:`deletions`)."""
    kept: list[tuple[ServerMessage, str]] = field(default_factory=list)
    """Messages the policy would delete that stay this time, and why."""
    records: list[Record] = field(default_factory=list)
    """Records made without downloading: a stored file's fetch key (a kill between rename and
    commit, plan E39) or the account's own stored mail matched by headers (plan G57)."""
    rebuilt: int = 0
    renewed: list[str] = field(default_factory=list)
    """Keys whose record turned out to be another message (plan G55)."""
    list_sizes: list[tuple[str, int]] = field(default_factory=list)
    """Adopted records (Hongyan 1.0) whose LIST size is now known."""
    clamp: list[str] = field(default_factory=list)
    """Records whose first-seen time lies in the future (plan G61)."""
    gone: list[str] = field(default_factory=list)
    back: list[str] = field(default_factory=list)
    forget: list[str] = field(default_factory=list)
    skips_gone: list[str] = field(default_factory=list)
    wants_store: bool = False
    wants_headers: set[int] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        """True when no fact is missing: this plan is the one to carry out."""
        return not self.wants_store and not self.wants_headers


def plan_fetch(
    policy: Policy,
    mailbox: str,
    listing: Sequence[ServerMessage],
    records: st.Records,
    *,
    now: int,
    facts: Facts,
) -> Plan:
    """Decide, for every message listed, download / headers only / leave / delete, and why.

    Args:
        policy: the account's settings (:meth:`Policy.of`).
        mailbox: whose records these are (:func:`syncstate.mailbox_of`).
        listing: the server's messages with their keys and LIST sizes.
        records: what was recorded of this mailbox (:class:`syncstate.Records`; tests make
            one with :meth:`~syncstate.Records.of`).
        now: the sane time (:func:`sane_now`).
        facts: what was gathered so far; see :attr:`Plan.wants_store`, ``wants_headers``.
    """
    planner = _Planner(policy, mailbox, records, now, facts)
    for message in listing:
        planner.add(message)
    planner.absent(listing)
    return planner.plan


def deletions(plan: Plan, stored_as: Mapping[str, str]) -> list[tuple[ServerMessage, str]]:
    """The DELEs of a session: the checked known messages, and the fresh downloads that
    ``stored_as`` (key → state recorded) shows were stored whole (never a suspect one)."""
    fresh = [(m, why) for m, why in plan.delete_fresh if stored_as.get(m.key) == st.FULL]
    return [*plan.delete, *fresh]


class _Planner:
    """One :func:`plan_fetch` run (state shared by the per-message steps)."""

    def __init__(
        self,
        policy: Policy,
        mailbox: str,
        records: st.Records,
        now: int,
        facts: Facts,
    ) -> None:
        self.policy = policy
        self.mailbox = mailbox
        self.records = records
        self.now = now
        self.facts = facts
        self.plan = Plan()
        # No record at all: a lost state, or a mailbox new to this store. Before downloading,
        # the account's own stored mail is matched by headers (plan G57).
        self.rebuilding = len(records) == 0
        self._own: dict[tuple[str, int | None, int], str] | None = None

    # -- a message with a record -------------------------------------------------------------
    def add(self, message: ServerMessage) -> None:
        brief = self.records.brief(message.key)
        if brief is None:
            self._new(message, previous="")
        elif not self._same_message(message, brief):
            self.plan.renewed.append(message.key)
            self._new(message, previous=self.records[message.key].fetch_key)
        else:
            self._known(message, brief)

    def _same_message(self, message: ServerMessage, brief: st.Brief) -> bool:
        """LIST size (and, when known, the headers) still those recorded (plan G55)."""
        if brief.list_size is None:
            if not _close_sizes(message.size, self.records[message.key].size):
                return False
        elif message.size != brief.list_size:
            return False
        seen = self.facts.headers.get(message.number)
        return seen is None or _same_identity(self.records[message.key], seen)

    def _known(self, message: ServerMessage, brief: st.Brief) -> None:
        plan = self.plan
        if brief.gone_since is not None:
            plan.back.append(message.key)
        if brief.list_size is None:
            plan.list_sizes.append((message.key, message.size))
        if brief.state == st.SUSPECT:  # size disagreed: fetched again (plan C25)
            plan.fetch_keys[message.key] = self.records[message.key].fetch_key
            self._download(message)
            return
        if brief.state != st.FULL or not message.trusted_key or not self.policy.may_delete:
            return
        record = self.records[message.key]
        first_seen = record.first_seen
        if first_seen > self.now:
            plan.clamp.append(message.key)
            first_seen = self.now
        reason = self._reason(record.fetch_key, first_seen)
        if not reason:
            return
        if brief.list_size is None:
            plan.kept.append((message, "recorded by an older Hongyan: checked first"))
            return
        self._delete_checked(message, record, reason)

    def _reason(self, fetch_key: str, first_seen: int) -> str:
        policy = self.policy
        if not policy.leave_on_server:
            return LEAVE_OFF
        days = policy.delete_after_days
        if days is not None and self.now - first_seen >= days * DAY:
            return f"kept on the server for {days} days"
        if policy.delete_when_trashed:
            if self.facts.stored is None:
                self.plan.wants_store = True
                return ""
            if fetch_key not in self.facts.stored:
                return "deleted from Trash"
        return ""

    def _delete_checked(self, message: ServerMessage, record: Record, reason: str) -> None:
        """DELE a message recorded earlier only once its headers match the record."""
        if not record.message_id and record.date is None:
            self.plan.delete.append((message, reason))  # nothing to compare but the size
            return
        if message.number not in self.facts.headers:
            self.plan.wants_headers.add(message.number)
            return
        if self.facts.headers[message.number] is None:
            why = "its headers (TOP) could not be read to check it is the message recorded"
            self.plan.kept.append((message, why))
            return
        self.plan.delete.append((message, reason))  # _same_message compared the headers

    # -- a message without one -----------------------------------------------------------------
    def _new(self, message: ServerMessage, previous: str) -> None:
        plan, policy = self.plan, self.policy
        stored = self.facts.stored
        if stored is None:
            plan.wants_store = True  # healing and matching need the store's fetch keys
            return
        key = st.fetch_key(self.mailbox, message.key, previous)
        copy = stored.get(key)
        if copy is not None:  # renamed into place, its commit lost (plan E39)
            self._healed(message, key, copy)
            return
        if (self.rebuilding or previous) and self._matched(message):
            return
        skip = self.facts.skipped.get(message.key)
        if (
            skip is not None
            and skip.list_size == message.size
            and skip.cap >= policy.cap(skip.reason, message.size)
        ):
            plan.left.append(Left(message, skip.reason, skip.cap))
            return
        if message.size > policy.size_limit:
            plan.left.append(Left(message, "size", policy.size_limit))
            return
        plan.fetch_keys[message.key] = key
        over = policy.headers_only_over
        if over is not None and message.size > over:
            plan.headers_only.append(message)
            return
        self._download(message)

    def _download(self, message: ServerMessage) -> None:
        """Download; without a copy left on the server, DELE once stored whole."""
        self.plan.download.append(message)
        if not self.policy.leave_on_server and message.trusted_key:
            self.plan.delete_fresh.append((message, LEAVE_OFF))

    def _healed(self, message: ServerMessage, key: str, copy: StoredCopy) -> None:
        record = Record(
            message.key, key, self.now, message.size, copy.size, st.FULL,
            message_id=copy.message_id, date=copy.date,
        )  # fmt: skip
        self.plan.records.append(record)
        seen = self.facts.headers.get(message.number)
        if seen is not None and not _same_identity(record, seen):
            self.plan.kept.append((message, "its headers differ from the stored copy"))
            return
        if message.trusted_key and self.policy.may_delete:
            reason = self._reason(key, self.now)
            if reason:
                self._delete_checked(message, record, reason)

    def _matched(self, message: ServerMessage) -> bool:
        """The account's own stored mail, on Message-ID + Date + size (plan G57). A record
        made so never leads to a DELE in this session: a later one checks it again."""
        own = self._own_copies()
        if not any(size == message.size for _mid, _date, size in own):
            return False
        if message.number not in self.facts.headers:
            self.plan.wants_headers.add(message.number)
            return True  # undecided until the headers are read
        seen = self.facts.headers[message.number]
        if seen is None or not seen.message_id:
            return False
        key = own.get((seen.message_id, seen.date, message.size))
        if key is None:
            return False
        copy = self.facts.stored[key] if self.facts.stored is not None else None
        size = copy.size if copy is not None else message.size
        record = Record(
            message.key, key, self.now, message.size, size, st.FULL,
            message_id=seen.message_id, date=seen.date,
        )  # fmt: skip
        self.plan.records.append(record)
        self.plan.rebuilt += 1
        return True

    def _own_copies(self) -> dict[tuple[str, int | None, int], str]:
        if self._own is None:
            stored = self.facts.stored or {}
            self._own = {
                (c.message_id, c.date, c.size): key
                for key, c in stored.items()
                if c.own and c.message_id
            }
        return self._own

    # -- what the listing no longer has ----------------------------------------------------------
    def absent(self, listing: Sequence[ServerMessage]) -> None:
        """Records of messages missing from the listing are marked, and forgotten only after
        :data:`GONE_GRACE`; an empty listing marks nothing (plan G60)."""
        present = {m.key: m.size for m in listing}
        if listing:
            for key in self.records:
                if key in present:
                    continue
                brief = self.records.brief(key)
                gone_since = brief.gone_since if brief is not None else None
                if gone_since is None:
                    self.plan.gone.append(key)
                elif gone_since <= self.now - GONE_GRACE:
                    self.plan.forget.append(key)
        for key, skip in self.facts.skipped.items():
            if present.get(key) != skip.list_size:
                self.plan.skips_gone.append(key)
