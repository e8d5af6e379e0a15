"""Is a received message written by a machine? Mail that must never get an automatic reply.

RFC 3834 §2 and Sieve's vacation (RFC 5230 §4.5) agree on what an automatic responder leaves
alone: mail marked ``Auto-Submitted`` (anything but ``no``), bulk and list mail
(``Precedence: bulk/list/junk``, any ``List-*`` field), bounces and receipts (an empty
``Return-Path``, a ``multipart/report``), and mail from robot mailboxes (MAILER-DAEMON,
postmaster, ``owner-*``, ``*-request``, no-reply addresses). Microsoft's
``X-Auto-Response-Suppress`` asks for the same in so many words.

One classifier for the whole program: automatic replies use it, and so may any view that
sets machine mail apart (what awaits an answer is a person's mail).
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from enum import Enum

from hongyan.core.message import decode


class Automated(Enum):
    """Why a message counts as written by a machine (the first reason found)."""

    AUTO_SUBMITTED = "auto-submitted"
    """``Auto-Submitted`` other than ``no``: an auto-reply, a notification (RFC 3834 §5)."""
    SUPPRESS = "suppress"
    """``X-Auto-Response-Suppress`` names all, OOF or AutoReply (Microsoft Exchange)."""
    BULK = "bulk"
    """``Precedence: bulk``, ``list``, ``junk`` or ``auto_reply``."""
    LIST = "list"
    """A mailing list: ``List-Id`` or another ``List-*`` field (RFC 2369, 2919)."""
    BOUNCE = "bounce"
    """A bounce or receipt: ``Return-Path: <>`` or a report (RFC 6522, 3464, 8098)."""
    ROBOT = "robot"
    """From a robot mailbox: MAILER-DAEMON, postmaster, a list's owner, no-reply."""


_LIST_FIELDS = (
    "List-Id",
    "List-Help",
    "List-Subscribe",
    "List-Unsubscribe",
    "List-Post",
    "List-Owner",
    "List-Archive",
)
_BULK = {"bulk", "list", "junk", "auto_reply"}
_REPORTS = {"multipart/report", "message/delivery-status", "message/disposition-notification"}
_SUPPRESSED = {"all", "oof", "autoreply"}
_ROBOT_NAMES = {"mailer-daemon", "postmaster", "listserv", "majordomo", "mailman"}
_NO_REPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?)([-_.].*)?$")


def is_robot_address(address: str) -> bool:
    """Whether ``address`` is a mailbox no person reads answers at (RFC 5230 §4.6's list,
    plus the no-reply senders of shops and services)."""
    local = address.strip().strip("<>").rpartition("@")[0].lower()
    base = local.split("+", 1)[0]  # a sub-address (mailer-daemon+tag) is the same mailbox
    return bool(base) and (
        base in _ROBOT_NAMES
        or base.startswith("owner-")
        or base.endswith(("-request", "-owner", "-bounces"))
        or _NO_REPLY.match(base) is not None
    )


def automated_reason(message: EmailMessage) -> Automated | None:
    """The reason ``message`` (parsed by :func:`decode.parse_message`) is machine mail, or
    None when it looks like a person's."""
    auto_submitted = _first_word(message, "Auto-Submitted")
    if auto_submitted and auto_submitted != "no":
        return Automated.AUTO_SUBMITTED
    suppress = (decode.header_value(message, "X-Auto-Response-Suppress") or "").lower()
    if _SUPPRESSED & {w.strip() for w in suppress.split(",")}:
        return Automated.SUPPRESS
    if _first_word(message, "Precedence") in _BULK:
        return Automated.BULK
    if any(decode.header_value(message, name) for name in _LIST_FIELDS):
        return Automated.LIST
    return_path = (decode.header_value(message, "Return-Path") or "").strip()
    if re.fullmatch(r"<\s*>", return_path) or message.get_content_type() in _REPORTS:
        return Automated.BOUNCE
    senders = [addr for _n, addr in decode.decode_addresses(decode.header_value(message, "From"))]
    senders.append(return_path.strip("<> "))
    if any(s and is_robot_address(s) for s in senders):
        return Automated.ROBOT
    return None


def is_automated(message: EmailMessage) -> bool:
    """True for mail a machine wrote (see :func:`automated_reason`)."""
    return automated_reason(message) is not None


def _first_word(message: EmailMessage, name: str) -> str:
    """A field's value up to the first ``;`` or space, lower case (``auto-replied; x=y``)."""
    value = (decode.header_value(message, name) or "").strip().lower()
    return re.split(r"[;\s]", value, maxsplit=1)[0] if value else ""
