"""The Outbox: Send stores the message first, a sender drains the folder, nothing is lost.

"Send" only writes the message into the store's Outbox folder (durable: tmp → fsync → rename).
:meth:`Outbox.flush` then submits each queued message and moves it to Sent after the server's
``250`` to the final ".". The state of each queued message lives in the table
``outbox_state`` of the store's index (created here; reindex keeps it), keyed by the
Message-ID header, which Hongyan generated and which survives a reindex, unlike row ids.

States (docs/sending.md has the full story of how a double send is avoided or bounded):

* ``queued`` — waiting (also every Outbox message with no state row, e.g. after a kill
  between the store write and the state insert).
* ``sending`` — a sender is before the final "."; if found at the start of a flush, the sender
  died there, nothing was delivered, and it is retried.
* ``committing`` — the final "." was about to go out; if found at the start of a flush, the
  sender died in the gap of RFC 1047, so it becomes ``uncertain``.
* ``retry`` — a temporary failure; tried again after ``next_attempt`` (exponential back-off).
* ``uncertain`` — lost after the final "." (plan F47): never retried automatically; the user
  resends it (same bytes, same Message-ID) or marks it as sent.
* ``failed`` — refused for good or needs the user (wrong password, bad certificate).
* ``sent`` — accepted; moved to Sent (a kill just before the move is finished next flush).

Only one sender runs at a time (a lock file next to the index), so the GUI's timer and a
``hongyan outbox --flush`` never send the same message twice.

Sending later (sendlater.py): a message queued with ``send_at`` carries its time in its own
header and waits, whatever its state says, until a flush finds the time has come (the clock
is injectable); one sent more than a few minutes after its time is reported as sent late.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path
from typing import IO

from hongyan.core.accounts import ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import clean_message_ids, message_bytes, one_line
from hongyan.core.sendlater import (
    LATE_AFTER_SECONDS,
    lateness,
    local_time_text,
    read_send_at,
    scheduled,
)
from hongyan.core.smtp import (
    DeliveryUncertainError,
    Login,
    SmtpError,
    SubmitResult,
    Timeouts,
    submit,
    transmission,
)
from hongyan.core.store import Store
from hongyan.core.store.index import write_transaction
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, from_json, text_of, to_json, words

OUTBOX = "Outbox"
SENT = "Sent"

QUEUED, SENDING, COMMITTING = "queued", "sending", "committing"
RETRY, UNCERTAIN, FAILED, SENT_STATE = "retry", "uncertain", "failed", "sent"

FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox_state (
    message_id   TEXT PRIMARY KEY,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    updated      REAL NOT NULL DEFAULT 0
)
"""

Route = Callable[[str], tuple[ServerSettings, Login | None]]
"""Account name → (SMTP server, login or None); raises HongyanError for an unknown account."""


@dataclass(frozen=True)
class OutboxEntry:
    """One queued message as the user sees it in ``hongyan outbox`` or the Outbox folder."""

    id: int
    message_id: str
    account: str | None
    subject: str
    to: str
    state: str
    attempts: int
    next_attempt: float
    last_error: str
    send_at: float | None = None
    """When the message is to go (Unix seconds), or None: as soon as possible."""


@dataclass
class FlushReport:
    """What one flush did, in plain lines for the user."""

    sent: list[tuple[OutboxEntry, SubmitResult]] = field(default_factory=list)
    waiting: list[OutboxEntry] = field(default_factory=list)
    problems: list[OutboxEntry] = field(default_factory=list)
    busy: bool = False
    scheduled: list[OutboxEntry] = field(default_factory=list)
    """Messages whose time has not come yet (left in the Outbox)."""
    late: dict[int, float] = field(default_factory=dict)
    """Store id → seconds after its time that a scheduled message was sent, when it went
    more than ``LATE_AFTER_SECONDS`` late (Hongyan was not running then)."""

    def lines(self) -> list[str]:
        if self.busy:
            return [
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "Another Hongyan is sending the Outbox right now; try again in a moment.",
                    )
                )
            ]
        out: list[str] = [
            words(
                QT_TRANSLATE_NOOP("Core", "“{subject}” waits until {time}."),
                subject=e.subject,
                time=local_time_text(e.send_at or 0),
            )
            for e in self.scheduled
        ]
        out += [self._sent_line(e, result) for e, result in self.sent]
        out += [
            words(
                QT_TRANSLATE_NOOP("Core", "“{subject}” will be tried again: {error}"),
                subject=e.subject,
                error=e.last_error,
            )
            for e in self.waiting
        ]
        out += [
            words(
                QT_TRANSLATE_NOOP("Core", "“{subject}” needs you: {error}"),
                subject=e.subject,
                error=e.last_error,
            )
            for e in self.problems
        ]
        return out

    def _sent_line(self, entry: OutboxEntry, result: SubmitResult) -> str:
        late = self.late.get(entry.id)
        if late is None:
            return words(
                QT_TRANSLATE_NOOP("Core", "Sent “{subject}”. {summary}"),
                subject=entry.subject,
                summary=result.summary(),
            )
        return words(
            QT_TRANSLATE_NOOP(
                "Core", "Sent “{subject}” {lateness} late (it was due at {time}). {summary}"
            ),
            subject=entry.subject,
            lateness=lateness(late),
            time=local_time_text(entry.send_at or 0),
            summary=result.summary(),
        )


def backoff_seconds(attempts: int) -> float:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return float(min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def message_id_of(data: bytes) -> str:
    """The ``<id@host>`` of a stored message, or '' when it has none."""
    header = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    parsed = BytesHeaderParser(policy=default_policy).parsebytes(header + b"\n\n")
    ids = clean_message_ids([str(parsed.get("Message-ID", ""))])
    return ids[0] if ids else ""


class Outbox:
    """The Outbox folder of ``store`` and the state of each message in it."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], float] = time.time,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.timeouts = timeouts or Timeouts()
        self._conn: sqlite3.Connection = store.connection
        self._conn.execute(_SCHEMA)

    # -- queueing ------------------------------------------------------------------------
    def queue(
        self, message: EmailMessage | bytes, account: str, *, send_at: float | None = None
    ) -> int:
        """Put a message into the Outbox durably; return its store id.

        With ``send_at`` (Unix seconds) it waits until then: its ``Date`` becomes that time
        and the time is written into it (sendlater.py). Undo Send is a ``send_at`` a few
        seconds ahead, taken back with :meth:`withdraw`.

        Raises:
            HongyanError: the message has no Message-ID, or the store cannot be written.
        """
        data = message if isinstance(message, bytes) else message_bytes(message)
        if send_at is not None:
            data = scheduled(data, send_at, now=self.clock())
        message_id = message_id_of(data)
        if not message_id:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "A message without a Message-ID cannot be queued for sending."
                    )
                )
            )
        return self._store(data, account)

    def _store(self, data: bytes, account: str) -> int:
        """Write ``data`` into the Outbox and record it as queued (its Message-ID known)."""
        transmission(data)  # refuse now what could never be sent (bad address, no recipient)
        store_id = self.store.add(OUTBOX, data, flags="S", account=account)
        self._set(message_id_of(data), QUEUED, attempts=0, next_attempt=0.0, error="")
        return store_id

    # -- looking -------------------------------------------------------------------------
    def entries(self) -> list[OutboxEntry]:
        """Every message in the Outbox with its state, oldest first."""
        states = {
            str(r[0]): r[1:]
            for r in self._conn.execute(
                "SELECT message_id, state, attempts, next_attempt, last_error FROM outbox_state"
            )
        }
        found = []
        for row in reversed(self.store.list(OUTBOX)):
            state, attempts, next_attempt, error = states.get(row.message_id, (QUEUED, 0, 0, ""))
            found.append(
                OutboxEntry(
                    row.id, row.message_id, row.account, row.subject, row.to_addrs,
                    str(state), int(attempts), float(next_attempt), from_json(str(error)),
                    read_send_at(self.store, row.id),
                )
            )  # fmt: skip
        return found

    def entry(self, store_id: int) -> OutboxEntry:
        for found in self.entries():
            if found.id == store_id:
                return found
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "There is no message {store_id} in the Outbox."),
                store_id=store_id,
            )
        )

    # -- the user's decisions ------------------------------------------------------------
    def resend(self, store_id: int) -> None:
        """Queue an uncertain or failed message again, same bytes and Message-ID (plan F47)."""
        entry = self.entry(store_id)
        self._set(entry.message_id, QUEUED, attempts=0, next_attempt=0.0, error="")

    def mark_sent(self, store_id: int) -> None:
        """The user knows an uncertain message arrived: file it in Sent without sending."""
        entry = self.entry(store_id)
        self._set(entry.message_id, SENT_STATE)
        self._file_in_sent(store_id, entry.message_id)

    def withdraw(self, store_id: int, *, to_folder: str = "Drafts") -> None:
        """Take a waiting message back out of the Outbox (into Drafts) to change it.

        Done under the sender's lock, so the message is either sent already or never will be
        from the Outbox: the user never edits a copy that leaves meanwhile. A scheduled
        message keeps its time in the Drafts copy (sendlater.read_send_at tells the compose
        window); Undo Send is this call before the short delay has passed.

        Raises:
            HongyanError: it is being sent this moment, or it is no longer in the Outbox.
        """
        with self._sender_lock():
            self._withdraw(self.entry(store_id), to_folder)

    def reschedule(self, store_id: int, send_at: float | None) -> int:
        """Change when a waiting message goes (None: now); return its new store id.

        The message is rewritten (its Date and its time, sendlater.scheduled) with the same
        Message-ID. Order, under the sender's lock: the old file goes to Drafts, the new one
        is queued, the Drafts copy is deleted. A kill in between leaves at worst a copy in
        Drafts beside the one in the Outbox, never two in the Outbox, so it is sent once.

        Raises:
            HongyanError: it is being sent this moment, or it waits for the user (uncertain,
                failed: resend it instead), or it is no longer in the Outbox.
        """
        with self._sender_lock():
            entry = self.entry(store_id)
            if entry.state not in (QUEUED, RETRY):
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "“{subject}” cannot be rescheduled now: it waits for you to resend "
                            "it or mark it as sent.",
                        ),
                        subject=entry.subject,
                    )
                )
            data = scheduled(self.store.read_bytes(store_id), send_at, now=self.clock())
            self._withdraw(entry, "Drafts")
            new_id = self._store(data, entry.account or "")
            self.store.delete([store_id])  # the Drafts copy: to Trash …
            self.store.delete([store_id])  # … and out of it
            return new_id

    def send_now(self, store_id: int) -> int:
        """Make a scheduled message due at once (Send Now in its window); return its id,
        new when it had a time. The caller then flushes."""
        if self.entry(store_id).send_at is None:
            return store_id
        return self.reschedule(store_id, None)

    @contextlib.contextmanager
    def _sender_lock(self) -> Iterator[None]:
        """The sender's lock, for a change made by the user; busy is a plain error."""
        with _exclusive(self.store.root / "outbox.lock") as acquired:
            if not acquired:
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "Hongyan is sending the Outbox right now; try again in a moment.",
                        )
                    )
                )
            yield

    def _withdraw(self, entry: OutboxEntry, to_folder: str) -> None:
        if entry.state == SENT_STATE:  # accepted by the server; only the move was left
            self._file_in_sent(entry.id, entry.message_id)
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "This message was sent already; it is in Sent now.")
                )
            )
        self.store.move([entry.id], to_folder)
        self.store.set_flags([entry.id], add="DS")
        with write_transaction(self._conn):
            self._conn.execute("DELETE FROM outbox_state WHERE message_id = ?", (entry.message_id,))

    # -- sending -------------------------------------------------------------------------
    def flush(self, route: Route, *, force: bool = False) -> FlushReport:
        """Send every message that is due (all queued and retry ones with ``force``).

        Never raises for one message's failure: each outcome is recorded in its state and
        reported. Uncertain and failed messages wait for the user.
        """
        report = FlushReport()
        with _exclusive(self.store.root / "outbox.lock") as acquired:
            if not acquired:
                report.busy = True
                return report
            self._recover()
            for entry in self.entries():
                if entry.state in (UNCERTAIN, FAILED):
                    report.problems.append(entry)
                elif entry.send_at is not None and entry.send_at > self.clock():
                    report.scheduled.append(entry)  # even with force: its time has not come
                elif entry.state == RETRY and entry.next_attempt > self.clock() and not force:
                    report.waiting.append(entry)
                else:
                    self._send_one(entry, route, report)
        return report

    def next_due(self) -> float | None:
        """When the next waiting message becomes due (a scheduled time, or a retry's), for
        the window's timer; None when nothing waits for a time."""
        times = []
        for entry in self.entries():
            if entry.state in (QUEUED, RETRY):
                retry_at = entry.next_attempt if entry.state == RETRY else 0.0
                due = max(entry.send_at or 0.0, retry_at)
                if due:
                    times.append(due)
        return min(times, default=None)

    def _send_one(self, entry: OutboxEntry, route: Route, report: FlushReport) -> None:
        attempts = entry.attempts + 1
        message_id = entry.message_id
        try:
            if entry.account is None:
                raise HongyanError(
                    words(QT_TRANSLATE_NOOP("Core", "This message has no account to send it with."))
                )
            server, login = route(entry.account)
        except HongyanError as exc:
            # Nothing was tried (unknown account, no password yet): the state stays, so the
            # message goes on the next flush once the user has fixed the cause.
            self._set(message_id, entry.state, error=text_of(exc))
            report.problems.append(self.entry(entry.id))
            return
        self._set(message_id, SENDING, attempts=attempts)
        try:
            envelope, payload = transmission(self.store.read_bytes(entry.id))
            result = submit(
                server, login, envelope, payload, timeouts=self.timeouts,
                data_will_commit=lambda: self._set(message_id, COMMITTING),
            )  # fmt: skip
        except DeliveryUncertainError as exc:
            self._set(message_id, UNCERTAIN, error=text_of(exc))
            report.problems.append(self.entry(entry.id))
            return
        except SmtpError as exc:
            if not exc.retryable:
                self._set(message_id, FAILED, error=text_of(exc))
                report.problems.append(self.entry(entry.id))
                return
            wait = backoff_seconds(attempts)
            self._set(message_id, RETRY, next_attempt=self.clock() + wait, error=text_of(exc))
            report.waiting.append(self.entry(entry.id))
            return
        except HongyanError as exc:
            self._set(message_id, FAILED, error=text_of(exc))
            report.problems.append(self.entry(entry.id))
            return
        self._set(message_id, SENT_STATE, error="")
        self._file_in_sent(entry.id, message_id)
        report.sent.append((entry, result))
        if entry.send_at is not None and self.clock() - entry.send_at > LATE_AFTER_SECONDS:
            report.late[entry.id] = self.clock() - entry.send_at

    def _recover(self) -> None:
        """Settle what a sender killed mid-way left behind (we hold the lock: it is dead)."""
        with write_transaction(self._conn):
            self._conn.execute(
                "UPDATE outbox_state SET state = ? WHERE state = ?", (RETRY, SENDING)
            )
            self._conn.execute(
                "UPDATE outbox_state SET state = ?, last_error = ? WHERE state = ?",
                (UNCERTAIN, to_json(_KILLED_AFTER_DOT), COMMITTING),
            )
        done = {str(r[0]) for r in self._conn.execute(
            "SELECT message_id FROM outbox_state WHERE state = ?", (SENT_STATE,)
        )}  # fmt: skip
        for row in self.store.list(OUTBOX):
            if row.message_id in done:
                self._file_in_sent(row.id, row.message_id)

    def _file_in_sent(self, store_id: int, message_id: str) -> None:
        """Move to Sent (Bcc kept, plan F50), then forget the state."""
        self.store.move([store_id], SENT)
        with write_transaction(self._conn):
            self._conn.execute("DELETE FROM outbox_state WHERE message_id = ?", (message_id,))

    def _set(
        self,
        message_id: str,
        state: str,
        *,
        attempts: int | None = None,
        next_attempt: float | None = None,
        error: str | None = None,
    ) -> None:
        """Record a state durably (one transaction; WAL survives a killed process)."""
        with write_transaction(self._conn):
            self._conn.execute(
                "INSERT INTO outbox_state (message_id, state, updated) VALUES (?, ?, ?)"
                " ON CONFLICT(message_id) DO UPDATE SET state = excluded.state,"
                " updated = excluded.updated",
                (message_id, state, self.clock()),
            )
            for column, value in (
                ("attempts", attempts),
                ("next_attempt", next_attempt),
                ("last_error", None if error is None else to_json(_one_line(error))),
            ):
                if value is not None:
                    self._conn.execute(
                        f"UPDATE outbox_state SET {column} = ? WHERE message_id = ?",
                        (value, message_id),
                    )


_KILLED_AFTER_DOT = words(
    QT_TRANSLATE_NOOP(
        "Core",
        "Hongyan was stopped while the server was confirming this message: it may have been "
        "delivered. Check with a recipient, then resend it or mark it as sent.",
    )
)


def _one_line(error: str) -> str:
    """The error folded to one line (plan F51), a :class:`Text` kept translatable: the last
    error is stored as its template and values (``texts.to_json``), so the window shows it
    in the user's language also after a restart."""
    if not isinstance(error, Text):
        return one_line(error)
    return Text(
        error.source,
        {k: _one_line(v) if isinstance(v, str) else v for k, v in error.params.items()},
    )


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[bool]:
    """A non-blocking exclusive lock on ``path``; yields whether it was obtained."""
    handle: IO[bytes] = open(path, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        try:
            _lock(handle)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            _unlock(handle)
    finally:
        handle.close()


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        # flock, not lockf: it belongs to this open file, so two threads of one process
        # (the GUI's timer and its "Send now") exclude each other too.
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
