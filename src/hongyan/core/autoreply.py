"""Automatic replies: answer new mail with a template, as RFC 3834 asks, and never in a loop.

An account's "Automatic reply" switch (``Account.auto_reply_template``: the template's name,
empty when off) answers the mail each fetch brings (:func:`after_fetch`, called by sync with
the ids it committed); a rule may answer one message (:func:`auto_reply`). Out of office, or
"we received your enquiry and will answer within 48 hours".

A reply is never sent to (RFC 3834 §2, Sieve vacation RFC 5230 §4.5):

* mail a machine wrote (message/automated.py: ``Auto-Submitted``, ``Precedence:
  bulk/list/junk``, ``List-*``, an empty ``Return-Path``, MAILER-DAEMON, no-reply …);
* mail in Junk (or Trash), or not addressed to one of the user's addresses (a list or a
  Bcc'd mass mailing whose headers hide it), or dated more than ``days`` ago (the first
  fetch of a mailbox that kept years of mail on the server is not news to answer);
* the user's own addresses;
* the same sender twice within ``days`` (7 by default, RFC 3834's suggestion), per account,
  remembered in ``autoreply.json`` in the store folder (durable, written before the reply is
  queued: a kill in between loses a reply rather than sends two).

The reply carries ``Auto-Submitted: auto-replied`` (and Exchange's ``X-Auto-Response-Suppress:
All``), In-Reply-To and References; it goes to the ``Return-Path`` address when there is one
(RFC 3834 §4), else Reply-To, else From; its subject is the template's, or ``Auto:`` and the
original subject when the template has none. It does not quote the original (RFC 3834 §3.2:
an automatic reply must not carry a spammer's payload back out). It waits in the Outbox and
leaves with the next flush (the app sends after each Get Mail).

One deviation: RFC 3834 §3.3 suggests an empty envelope sender (``MAIL FROM:<>``); submission
servers of mail providers refuse or rewrite that for a logged-in user, so the reply is sent
from the account's address like any message. The header and the memory keep loops away.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from enum import Enum
from pathlib import Path
from typing import Any

from hongyan.core.accounts import Account, Identity
from hongyan.core.errors import HongyanError
from hongyan.core.jsonstate import JsonStateFile
from hongyan.core.message import decode
from hongyan.core.message.automated import automated_reason
from hongyan.core.message.compose import build_message
from hongyan.core.message.reply import addressed_to
from hongyan.core.outbox import Outbox
from hongyan.core.store import Store
from hongyan.core.templates import (
    ContactLookup,
    Template,
    Templates,
    language_of_text,
    reply_with,
    unknown_placeholders,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, words

DEFAULT_DAYS = 7
MEMORY_FILE = "autoreply.json"
NOT_RECEIVED = frozenset({"Junk", "Trash", "Sent", "Drafts", "Outbox", "Templates"})


class Skipped(Enum):
    """Why a message got no automatic reply."""

    NOT_RECEIVED = "not-received"  # in Junk or Trash, or a folder of one's own mail
    OLD = "old"  # dated more than N days ago: old mail downloaded again, not news
    AUTOMATED = "automated"  # written by a machine (list, bounce, auto-reply, no-reply)
    OWN_ADDRESS = "own-address"  # from or to be sent to one of the user's addresses
    NOT_ADDRESSED = "not-addressed"  # none of the user's addresses is among its recipients
    NO_SENDER = "no-sender"  # no address to answer
    RECENT = "recent"  # this sender had an automatic reply within the last N days
    UNKNOWN_PLACEHOLDER = "unknown-placeholder"  # the template has a {{typo}}: not sent


@dataclass(frozen=True)
class AutoReplyOutcome:
    """What happened to one received message."""

    message_id: int
    queued: int | None = None
    """The store id of the reply in the Outbox, when one was written."""
    skipped: Skipped | None = None
    detail: str = ""


class ReplyMemory:
    """Who got an automatic reply when, per account (``autoreply.json`` in the store)."""

    def __init__(self, store_root: Path, *, clock: Callable[[], float] = time.time) -> None:
        self._file = JsonStateFile(store_root / MEMORY_FILE, lambda: {"version": 1, "replied": {}})
        self.clock = clock

    def last(self, account: str, address: str) -> float | None:
        """When ``address`` last got an automatic reply from ``account`` (Unix seconds)."""
        when = self._replied(self._file.read()).get(account, {}).get(address.lower())
        return float(when) if isinstance(when, int | float) else None

    def claim(self, account: str, address: str, *, days: int = DEFAULT_DAYS) -> bool:
        """Record a reply to ``address`` now and return True, unless one was recorded within
        ``days`` (then False). Entries older than that are forgotten on the way."""
        now, window = self.clock(), days * 86400
        with self._file.changing() as data:
            replied = self._replied(data)
            mine = {
                a: t
                for a, t in replied.get(account, {}).items()
                if isinstance(t, int | float) and now - t < window
            }
            if address.lower() in mine:
                replied[account] = mine
                return False
            mine[address.lower()] = now
            replied[account] = mine
            data["replied"] = replied
        return True

    @staticmethod
    def _replied(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        replied = data.get("replied")
        if not isinstance(replied, dict):
            return {}
        return {k: v for k, v in replied.items() if isinstance(v, dict)}


def auto_reply(
    store: Store,
    message_id: int,
    template: Template,
    account: Account,
    *,
    own_addresses: Iterable[str] = (),
    days: int = DEFAULT_DAYS,
    contacts: ContactLookup | None = None,
    clock: Callable[[], float] = time.time,
) -> AutoReplyOutcome:
    """Answer the received message ``message_id`` with ``template`` from ``account``, unless
    one of the rules in the module docstring says not to. What a rule's "reply with
    template" action calls.

    Raises:
        HongyanError: the reply cannot be written or queued.
        OSError: the message's file cannot be read.
    """
    mine = {a.lower() for a in own_addresses} | {
        i.address.lower() for i in account.identities_all()
    }
    row = store.get(message_id)
    if row.folder.split("/", 1)[0] in NOT_RECEIVED:
        return AutoReplyOutcome(message_id, skipped=Skipped.NOT_RECEIVED, detail=row.folder)
    if clock() - row.date > days * 86400:  # a first fetch of a mailbox kept on the server
        return AutoReplyOutcome(message_id, skipped=Skipped.OLD)
    data = store.read_bytes(message_id)
    original = decode.parse_message(data)
    refused = _refusal(message_id, original, template, mine)
    if refused is not None:
        return refused
    recipient = _answer_to(original)
    identity = _identity_reached(account, addressed_to(data), mine)
    if identity is None:
        return AutoReplyOutcome(message_id, skipped=Skipped.NOT_ADDRESSED)
    if not ReplyMemory(store.root, clock=clock).claim(account.name, recipient, days=days):
        return AutoReplyOutcome(message_id, skipped=Skipped.RECENT, detail=recipient)
    message = _reply_message(template, data, identity, recipient, mine, contacts, clock)
    queued = Outbox(store, clock=clock).queue(message, account.name)
    return AutoReplyOutcome(message_id, queued=queued, detail=recipient)


def _refusal(
    message_id: int, original: Any, template: Template, mine: set[str]
) -> AutoReplyOutcome | None:
    """Why this message must get no reply (machine mail, one's own, nobody to answer, a
    template with a typo), or None."""
    machine = automated_reason(original)
    if machine is not None:
        return AutoReplyOutcome(message_id, skipped=Skipped.AUTOMATED, detail=machine.value)
    recipient = _answer_to(original)
    if not recipient:
        return AutoReplyOutcome(message_id, skipped=Skipped.NO_SENDER)
    from_field = decode.header_value(original, "From")
    authors = {a.lower() for _n, a in decode.decode_addresses(from_field)}
    if recipient.lower() in mine or authors & mine:
        return AutoReplyOutcome(message_id, skipped=Skipped.OWN_ADDRESS, detail=recipient)
    unknown = unknown_placeholders(template.draft.subject + "\n" + template.draft.body)
    if unknown:
        return AutoReplyOutcome(
            message_id, skipped=Skipped.UNKNOWN_PLACEHOLDER, detail=", ".join(unknown)
        )
    return None


def _reply_message(
    template: Template,
    data: bytes,
    identity: Identity,
    recipient: str,
    mine: set[str],
    contacts: ContactLookup | None,
    clock: Callable[[], float],
) -> EmailMessage:
    """The automatic reply: the template alone (no quote), to ``recipient`` only, marked."""
    language = language_of_text(template.draft.subject + template.draft.body)
    use = reply_with(
        template, data, identity, signature=identity.signature, own_addresses=mine,
        contacts=contacts, language=language, today=date.fromtimestamp(clock()),
        quote=False, subject_from_template=True,
    )  # fmt: skip
    draft = use.draft
    draft.to, draft.cc, draft.bcc = [recipient], [], []
    if not template.draft.subject.strip():
        draft.subject = "Auto: " + draft.subject.removeprefix("Re: ")  # RFC 3834 §3.1.5
    message = build_message(draft, identity)
    message["Auto-Submitted"] = "auto-replied"  # RFC 3834 §5
    message["X-Auto-Response-Suppress"] = "All"  # so Exchange's out-of-office stays quiet
    return message


def answer_new_mail(
    store: Store,
    account: Account,
    ids: Sequence[int],
    *,
    own_addresses: Iterable[str] = (),
    days: int = DEFAULT_DAYS,
    contacts: ContactLookup | None = None,
    clock: Callable[[], float] = time.time,
) -> tuple[list[AutoReplyOutcome], list[Text]]:
    """Run ``account``'s automatic reply over the new messages ``ids``; return what happened
    to each and the problems to tell the user (never raises for one message)."""
    if not account.auto_reply_template or not ids:
        return [], []
    templates = Templates(store)
    if templates.find(account.auto_reply_template) is None:
        return [], [
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "no automatic replies: the template “{template}” chosen for them no longer "
                    "exists",
                ),
                template=account.auto_reply_template,
            )
        ]
    template = templates.get(account.auto_reply_template)
    own = list(own_addresses)
    outcomes: list[AutoReplyOutcome] = []
    problems: list[Text] = []
    for message_id in ids:
        try:
            outcome = auto_reply(
                store, message_id, template, account, own_addresses=own, days=days,
                contacts=contacts, clock=clock,
            )  # fmt: skip
        except (HongyanError, OSError) as exc:
            error = exc if isinstance(exc, HongyanError) else str(exc)
            problems.append(
                words(
                    QT_TRANSLATE_NOOP("Core", "an automatic reply could not be written: {error}"),
                    error=error,
                )
            )
            continue
        outcomes.append(outcome)
    typo = next((o for o in outcomes if o.skipped is Skipped.UNKNOWN_PLACEHOLDER), None)
    if typo is not None:
        problems.append(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "no automatic replies: the template “{template}” has placeholders Hongyan "
                    "does not know ({tokens})",
                ),
                template=template.name,
                tokens=typo.detail,
            )
        )
    return outcomes, problems


def after_fetch(
    root: Path,
    account: Account,
    ids: Sequence[int],
    *,
    own_addresses: Iterable[str] = (),
    clock: Callable[[], float] = time.time,
) -> list[Text]:
    """What sync calls once a fetch of ``account`` has committed the new messages ``ids``
    into the store at ``root``: the automatic replies, when the account's switch is on.
    Returns warnings for the fetch's result; never raises (a reply must not fail a fetch)."""
    if not account.auto_reply_template or not ids:
        return []
    import sqlite3

    from hongyan.core.store import index as idx

    try:
        conn = idx.connect(root / idx.INDEX_NAME)
        try:
            store = Store(root, conn)  # this thread's own connection, no repair pass
            _outcomes, problems = answer_new_mail(
                store, account, ids, own_addresses=own_addresses, clock=clock
            )
            return problems
        finally:
            conn.close()
    except (HongyanError, OSError, sqlite3.Error) as exc:
        return [
            words(
                QT_TRANSLATE_NOOP("Core", "automatic replies were not written: {error}"),
                error=exc if isinstance(exc, HongyanError) else str(exc),
            )
        ]


def _answer_to(original: Any) -> str:
    """Where an automatic reply goes: Return-Path (RFC 3834 §4), else Reply-To, else From;
    '' when none holds a usable address."""
    for name in ("Return-Path", "Reply-To", "From"):
        for _display, addr in decode.decode_addresses(decode.header_value(original, name)):
            if "@" in addr:
                return addr
    return ""


def _identity_reached(account: Account, recipients: list[str], mine: set[str]) -> Identity | None:
    """The account's identity the message was addressed to (else the account's own when
    another of the user's addresses was); None when it was addressed to none of them."""
    wanted = [r.lower() for r in recipients]
    for address in wanted:
        for identity in account.identities_all():
            if identity.address.lower() == address:
                return identity
    if any(address in mine for address in wanted):
        return account.primary_identity
    return None
