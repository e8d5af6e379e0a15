"""What the compose window asks of the engine: a reply or forward to start from, a draft
saved in Drafts, a message queued in the Outbox.

The message itself is always built by :mod:`hongyan.core.message.compose` (headers safe
against injection, a stable Message-ID); this module only picks the account and the folder.
"""

from __future__ import annotations

import dataclasses
from email.message import EmailMessage

from hongyan.core.accounts import Account
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import AddressError, Draft, build_message, message_bytes
from hongyan.core.message.reply import forward_inline, reply
from hongyan.gui.context import AppContext


def account_for(context: AppContext, name: str | None) -> Account | None:
    """The account called ``name``, else the default one (None when there is no account)."""
    if name and name in context.accounts:
        return context.accounts.get(name)
    return context.accounts.default()


def reply_draft(context: AppContext, message_id: int, kind: str) -> tuple[Account | None, Draft]:
    """The draft of a reply ("reply", "reply_all") or forward ("forward") to a stored message,
    and the account it was received with (the one to answer from)."""
    row = context.store.get(message_id)
    data = context.store.read_bytes(message_id)
    account = account_for(context, row.account)
    language = context.translators.language if context.translators is not None else "en"
    if kind == "forward":
        return account, forward_inline(data, language=language)
    if account is None:
        raise HongyanError("Add an account before replying: there is no address to reply from.")
    own = [a.address for a in context.accounts]
    draft = reply(data, account, to_all=kind == "reply_all", own_addresses=own, language=language)
    return account, draft


def _require_account(context: AppContext, name: str) -> Account:
    account = account_for(context, name)
    if account is None:
        raise HongyanError("Add an account first: Tools → Accounts → Add.")
    return account


def draft_message(draft: Draft, account: Account) -> EmailMessage:
    """The draft as a message for the Drafts folder, recipients or not."""
    try:
        return build_message(draft, account)
    except AddressError:
        if draft.to or draft.cc or draft.bcc:
            raise  # a real address problem: the user must see it
    # A draft may have no recipient yet; build it with one and take it out again.
    message = build_message(dataclasses.replace(draft, bcc=[account.address]), account)
    del message["Bcc"]
    draft.message_id = str(message["Message-ID"])
    return message


def save_draft(
    context: AppContext, account_name: str, draft: Draft, *, replaces: int | None
) -> int:
    """Store ``draft`` in Drafts (replacing the previous save); return its message id."""
    account = _require_account(context, account_name)
    data = message_bytes(draft_message(draft, account))
    new_id = context.store.add("Drafts", data, flags="DS", account=account.name)
    _discard(context, replaces)
    return new_id


def send_to_outbox(
    context: AppContext, account_name: str, draft: Draft, *, replaces: int | None
) -> int:
    """Queue ``draft`` in the Outbox; the draft it came from (if saved) is removed."""
    from hongyan.core.outbox import queue_message  # type: ignore[import-untyped,unused-ignore]

    account = _require_account(context, account_name)
    message_id = queue_message(context.store, account, build_message(draft, account))
    _discard(context, replaces)
    return message_id


def _discard(context: AppContext, message_id: int | None) -> None:
    """Remove an earlier save of a draft for good (it never goes through Trash)."""
    if message_id is None:
        return
    try:
        context.store.delete([message_id])  # to Trash
        context.store.delete([message_id])  # and out of Trash
    except HongyanError:
        pass  # already gone (sent or deleted by the user): nothing to clean up
