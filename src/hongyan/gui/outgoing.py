"""What the compose window asks of the engine: a reply or forward to start from, a draft
saved in Drafts, a message queued in the Outbox.

The message itself is always built by :mod:`hongyan.core.message.compose` (headers safe
against injection, a stable Message-ID); this module only picks the account and the folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from hongyan.core.accounts import Account, Identity, ServerSettings
from hongyan.core.drafts import Drafts
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.message.reply import addressed_to, forward_inline, reply
from hongyan.core.outbox import FlushReport, Outbox
from hongyan.core.secrets import Secret
from hongyan.core.smtp import Login, login_for
from hongyan.core.store import Store, index
from hongyan.core.texts import QT_TRANSLATE_NOOP, words
from hongyan.gui.context import AppContext


def account_for(context: AppContext, name: str | None) -> Account | None:
    """The account called ``name``, else the default one (None when there is no account)."""
    if name and name in context.accounts:
        return context.accounts.get(name)
    return context.accounts.default()


def reply_draft(
    context: AppContext, data: bytes, kind: str, *, received_with: str | None = None
) -> tuple[Account | None, Identity | None, Draft]:
    """The draft of a reply ("reply", "reply_all") or forward ("forward") to raw message
    ``data``, with the account and identity to write it from: the identity the original was
    addressed to (an alias, a shared address), else the account that received it
    (``received_with``), else the default account."""
    chosen = context.accounts.sender_for_reply(addressed_to(data), received_with)
    account, identity = chosen if chosen is not None else (None, None)
    language = context.translators.language if context.translators is not None else "en"
    if kind == "forward":
        return account, identity, forward_inline(data, language=language)
    if identity is None:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "Add an account before replying: there is no address to reply from."
                )
            )
        )
    own = [i.address for _account, i in context.accounts.senders()]
    draft = reply(data, identity, to_all=kind == "reply_all", own_addresses=own, language=language)
    return account, identity, draft


def _require_account(context: AppContext, name: str) -> Account:
    account = account_for(context, name)
    if account is None:
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "Add an account first: Tools → Accounts → Add."))
        )
    return account


def save_draft(
    context: AppContext,
    account_name: str,
    draft: Draft,
    *,
    replaces: int | None,
    identity: Identity | None = None,
) -> int:
    """Store ``draft`` in Drafts (replacing the previous save); return its message id."""
    account = _require_account(context, account_name)
    sender = identity or account.primary_identity
    return Drafts(context.store).save(draft, sender, account=account.name, replaces=replaces)


def send_to_outbox(
    context: AppContext,
    account_name: str,
    draft: Draft,
    *,
    replaces: int | None,
    identity: Identity | None = None,
    send_at: float | None = None,
) -> int:
    """Queue ``draft`` in the Outbox (durably), From ``identity`` (default: the account's own)
    through the account's server, to go at once or at ``send_at`` (Send Later, Undo Send);
    the saved draft it came from goes."""
    account = _require_account(context, account_name)
    sender = identity or account.primary_identity
    drafts = Drafts(context.store)
    # Checked before queueing: a draft the user deleted for good meanwhile frees its row id,
    # which the queued message could get, and must then not be discarded as the draft.
    superseded = replaces if replaces is not None and drafts.is_draft(replaces) else None
    outbox = Outbox(context.store, clock=context.clock)
    store_id = outbox.queue(build_message(draft, sender), account.name, send_at=send_at)
    if superseded is not None:
        with suppress(HongyanError):  # the message is queued; a leftover draft is harmless
            drafts.discard(superseded)
    return store_id


@contextmanager
def worker_store(root: Path) -> Iterator[Store]:
    """The store at ``root`` for a worker thread: its own index connection, no repair pass.

    SQLite connections belong to the thread that made them, so a worker cannot use the GUI's
    :class:`Store`; the GUI's open already checked and repaired the index.
    """
    conn = index.connect(root / index.INDEX_NAME)
    try:
        yield Store(root, conn)
    finally:
        conn.close()


def smtp_secrets(context: AppContext) -> dict[str, Secret | HongyanError | None]:
    """The SMTP password of each account with mail waiting, read on the GUI thread for a send
    worker: from its password command or the keyring; why not, when its command failed."""
    waiting = {entry.account for entry in Outbox(context.store).entries()}
    secrets: dict[str, Secret | HongyanError | None] = {}
    for account in context.accounts:
        if account.name not in waiting or not account.smtp_auth:
            continue
        try:
            secrets[account.name] = context.passwords.lookup(account, "smtp")
        except HongyanError as exc:
            secrets[account.name] = exc
    return secrets


def flush_outbox(
    root: Path,
    accounts: dict[str, Account],
    secrets: dict[str, Secret | HongyanError | None],
    clock: Callable[[], float] = time.time,
) -> FlushReport:
    """Send what is due in the Outbox (worker thread); sent messages move to Sent."""

    def route(name: str) -> tuple[ServerSettings, Login | None]:
        account = accounts.get(name)
        if account is None:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The account '{name}' of this message no longer exists."
                    ),
                    name=name,
                )
            )
        secret = secrets.get(name)
        if isinstance(secret, HongyanError):
            raise secret
        return account.smtp, login_for(account, secret)

    with worker_store(root) as store:
        return Outbox(store, clock=clock).flush(route)
