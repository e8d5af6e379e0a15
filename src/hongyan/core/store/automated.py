"""Is a message from a person, or sent by a machine (a list, a newsletter, an auto-reply)?

"Awaiting my reply", the customer's open questions and "New senders" are about people: a
newsletter never waits for an answer, and answering an out-of-office reply would start a loop
(RFC 3834 §2 asks responders never to answer automatic mail). The signs, read once per message
when it is indexed (the ``automated`` column):

- ``Auto-Submitted`` other than ``no`` (RFC 3834 §5: auto-generated, auto-replied);
- ``Precedence: bulk | list | junk | auto_reply`` (the de facto header RFC 3834 §3.1.8 cites);
- ``List-Id`` (RFC 2919) or ``List-Unsubscribe`` (RFC 2369): mail sent through a list;
- ``X-Autoreply`` / ``X-Autorespond`` (older responders, RFC 3834 §3.1.8 again);
- a sender whose mailbox says nobody reads the answers (``noreply@``, ``no-reply@``,
  ``donotreply@``, ``mailer-daemon@``, ``postmaster@``, ``bounce…@``, ``notification(s)@``).
"""

from __future__ import annotations

import re
from email.message import Message

_MACHINE_MAILBOX = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply[-_.].*|.*[-_.]no[-_.]?reply"
    r"|mailer[-_.]daemon|postmaster|bounces?(?:[-+_.].*)?|notifications?|notify)$",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}


def is_machine_address(address: str) -> bool:
    """True for a sender address nobody reads answers at (``noreply@…`` and the like)."""
    local = address.rpartition("@")[0] if "@" in address else address
    return bool(local) and bool(_MACHINE_MAILBOX.match(local.strip('"')))


def is_automated(message: Message, from_addr: str) -> bool:
    """True when the headers of ``message`` say a machine sent it (see the module docstring)."""
    auto_submitted = str(message.get("Auto-Submitted", "") or "").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return True
    precedence = str(message.get("Precedence", "") or "").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return True
    if any(message.get(name) is not None for name in _LIST_HEADERS):
        return True
    return is_machine_address(from_addr)


_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond")
