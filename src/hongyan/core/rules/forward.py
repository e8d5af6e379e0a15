"""The "forward to" action: the message, as an attachment, queued in the Outbox.

The forward is built with the ordinary compose code (``forward_as_attachment`` keeps the
original byte for byte) from the account that received the message, and queued with
``Outbox.queue``: it leaves with the next send, like any message the user writes, and a
failure to send it is shown in the Outbox.

Two properties make it safe to run again after a kill: its Message-ID is made from the
message's file name and the address, and it is queued only when no message with that
Message-ID is in the store (Outbox, or Sent once gone). And it is marked ``Auto-Submitted:
auto-forwarded`` (RFC 3834 §5): a message carrying that mark is never forwarded again by a
rule, so two mailboxes forwarding to each other do not loop.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.accounts import AccountBook
    from hongyan.core.message.compose import Identity
    from hongyan.core.store import Store

Sender = Callable[[str | None], "tuple[str, Identity] | None"]
"""Account name of the message (None: unknown) → (account to send from, identity), or None
when there is no account at all."""


class OutboxForwarder:
    """Forwards messages of ``store`` through its Outbox (see the module)."""

    def __init__(self, store: Store, sender: Sender) -> None:
        self.store = store
        self.sender = sender

    def __call__(self, message_id: int, to: str) -> bool:
        from hongyan.core.message.compose import build_message
        from hongyan.core.message.reply import forward_as_attachment
        from hongyan.core.outbox import Outbox

        row = self.store.get(message_id)
        name = self.store.path(message_id).name.split(":", 1)[0].split(";", 1)[0]
        data = self.store.read_bytes(message_id)
        if _auto_forwarded(data):
            return False
        chosen = self.sender(row.account)
        if chosen is None:
            raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "no account to send from")))
        account, identity = chosen
        domain = identity.address.rpartition("@")[2] or "hongyan.invalid"
        digest = hashlib.sha256(f"{name}\0{to.casefold()}".encode()).hexdigest()[:32]
        message_id_header = f"<{digest}.forward@{domain}>"
        known = self.store.connection.execute(
            "SELECT 1 FROM messages WHERE message_id = ? LIMIT 1", (message_id_header,)
        ).fetchone()
        if known is not None:
            return False
        draft = forward_as_attachment(data)
        draft.to = [to]
        draft.message_id = message_id_header
        message = build_message(draft, identity)
        message["Auto-Submitted"] = "auto-forwarded"
        Outbox(self.store).queue(message, account)
        return True


def _auto_forwarded(data: bytes) -> bool:
    from hongyan.core.message import decode

    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    value = decode.header_value(decode.parse_message(head + b"\n\n"), "Auto-Submitted")
    return (value or "").strip().casefold().startswith("auto-forwarded")


def account_sender(book: AccountBook) -> Sender:
    """A :data:`Sender` over an :class:`~hongyan.core.accounts.AccountBook`: the account that
    received the message, else the default account."""

    def sender(account: str | None) -> tuple[str, Identity] | None:
        names = set(book.names())
        chosen = book.get(account) if account in names else book.default()
        return None if chosen is None else (chosen.name, chosen)

    return sender
