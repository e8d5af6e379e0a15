"""What a fetch tells its caller: progress, the outcome of each account, the dry run's plan.

Plain data (dataclasses of ints and :class:`~hongyan.core.texts.Text`), so it crosses threads
and the GUI's fetch process pipe as it is. ``summary`` is the line the CLI prints; the GUI
builds its own from the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hongyan.core.errors import HongyanError
from hongyan.core.pop3 import KIB, MIB
from hongyan.core.texts import QT_TRANSLATE_NOOP, words


@dataclass(frozen=True)
class Progress:
    """What ``progress`` callbacks get (plain data, safe to pass to any thread)."""

    account: str
    messages_done: int
    messages_total: int
    bytes_done: int
    bytes_total: int


@dataclass(frozen=True)
class PlannedAction:
    """One line of a dry run: what the next fetch would do with one server message."""

    number: int
    key: str
    size: int
    action: str  # "download", "headers only", "skip", "delete", "keep"
    reason: str


@dataclass(frozen=True)
class LeftOnServer:
    """A message the fetch left on the server on purpose, named for the user (plan G58).

    Attributes:
        sender, subject: from its header block (``TOP n 0``), decoded.
        reason: why, in plain words (a core Text).
        raise_limit_to_mb: the account size limit (MB) that would let it through, when
            raising the limit is what the user can do; None when it is not (a line over
            the cap, a server sending more than it announced).
    """

    number: int
    size: int
    sender: str
    subject: str
    reason: str
    raise_limit_to_mb: int | None = None


@dataclass
class AccountResult:
    """How one account's fetch went; ``summary`` is the line the user reads."""

    account: str
    ok: bool = True
    downloaded: int = 0
    headers_only: int = 0
    bytes: int = 0
    deleted: int = 0
    skipped: int = 0
    on_server: int = 0
    cancelled: bool = False
    error: HongyanError | None = None
    warnings: list[str] = field(default_factory=list)
    planned: list[PlannedAction] = field(default_factory=list)
    left_on_server: list[LeftOnServer] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    """Store ids of the messages this fetch committed into the Inbox (for what runs on
    arrival: automatic replies)."""

    @property
    def summary(self) -> str:
        if self.error is not None:
            return f"{self.account}: failed: {self.error}"
        plural = "s" if self.downloaded != 1 else ""
        parts = [
            f"{self.downloaded} new message{plural} ({megabytes(self.bytes)})"
            if self.downloaded
            else "no new messages"
        ]
        if self.headers_only:
            parts.append(f"{self.headers_only} large message(s) as headers only")
        if self.deleted:
            parts.append(f"{self.deleted} removed from the server")
        if self.skipped:
            parts.append(f"{self.skipped} left on the server")
        text = f"{self.account}: " + ", ".join(parts)
        if self.cancelled:
            text += " (cancelled; the rest comes next time)"
        return text


def megabytes(size: int) -> str:
    """``2.1 MB`` or ``12 KB``: how sizes are shown."""
    return f"{size / MIB:.1f} MB" if size >= 100 * KIB else f"{max(1, size // KIB)} KB"


def left_reason(reason: str, cap: int, listed: int) -> str:
    """Why a message was left on the server, in the words the user reads."""
    if reason == "line":
        return words(
            QT_TRANSLATE_NOOP(
                "Core",
                "it has a line longer than {limit}, which Hongyan does not accept (damaged or "
                "unusual mail); read it in your provider's webmail",
            ),
            limit=megabytes(cap),
        )
    if reason == "overrun":
        return words(
            QT_TRANSLATE_NOOP(
                "Core",
                "the server sent much more than the {listed} bytes it announced; the copy on "
                "the server may be damaged",
            ),
            listed=listed,
        )
    return words(
        QT_TRANSLATE_NOOP("Core", "larger than this account's size limit ({limit})"),
        limit=megabytes(cap),
    )
