"""Deciding what a fetch does: stable keys for the server's messages, and the plan.

Pure functions over the server's listing and sync's state (no I/O except ``TOP`` for servers
without UIDL), so the dry run shows exactly what a real run would do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from hongyan.core import syncstate as st
from hongyan.core.pop3 import KIB, Pop3Session
from hongyan.core.syncstate import Seen, SeenRow

if TYPE_CHECKING:
    from hongyan.core.accounts import Account

DAY = 86_400


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

    info = extract(session.top_headers(number))
    digest = hashlib.sha256(f"{info.message_id}\0{info.date}\0{size}".encode()).hexdigest()
    return ServerMessage(number, f"#nouidl:{digest[:32]}", size, False)


# --------------------------------------------------------------------------------------------
# Deciding


@dataclass
class Plan:
    download: list[ServerMessage] = field(default_factory=list)
    headers_only: list[ServerMessage] = field(default_factory=list)
    too_large: list[ServerMessage] = field(default_factory=list)
    healed: list[SeenRow] = field(default_factory=list)
    delete: list[tuple[ServerMessage, str]] = field(default_factory=list)


def plan_fetch(
    account: Account,
    listing: Sequence[ServerMessage],
    seen: Seen,
    stored_keys: set[str],
    *,
    now: int,
    max_bytes: int,
) -> Plan:
    """Pure decision: what to download and what (already durable) to delete, and why."""
    plan = Plan()
    over = account.headers_only_over_kb
    deletes = _may_delete(account)
    for message in listing:
        state = seen.state(message.key)
        if state is None or state == st.SUSPECT:
            key = st.fetch_key(account.name, message.key)
            if state is None and key in stored_keys:  # renamed into place, commit lost (E39)
                plan.healed.append(SeenRow(message.key, key, now, message.size, st.FULL, ""))
            elif message.size > max_bytes:
                plan.too_large.append(message)
            elif over is not None and message.size > over * KIB and state is None:
                plan.headers_only.append(message)
            else:
                plan.download.append(message)
            continue
        if not deletes or not message.trusted_key or state != st.FULL:
            continue
        reason = _delete_reason(account, seen[message.key], stored_keys, now)
        if reason:
            plan.delete.append((message, reason))
    return plan


def _may_delete(account: Account) -> bool:
    """Whether any policy of ``account`` removes messages from the server (the default,
    "leave a copy on the server", never does: the plan then needs no dates)."""
    return (
        not account.leave_on_server
        or account.delete_after_days is not None
        or account.delete_when_trashed
    )


def _delete_reason(account: Account, row: SeenRow, stored: set[str], now: int) -> str:
    if not account.leave_on_server:
        return "downloaded, and the account does not leave messages on the server"
    if account.delete_after_days is not None and now - row.fetched_at >= (
        account.delete_after_days * DAY
    ):
        return f"kept on the server for {account.delete_after_days} days"
    if account.delete_when_trashed and row.fetch_key not in stored:
        return "deleted from Trash"
    return ""
