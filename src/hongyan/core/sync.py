"""Fetching: what to download from each POP3 account, what to delete, exactly once.

Per account (:func:`fetch_account`), under a per-account lock (plan E45):

1. ``UIDL`` (plus ``LIST``) — with 50 000 messages kept on the server and nothing new, that is
   the whole conversation, followed by a set lookup against sync's state.
2. Download only keys not yet seen, pipelined (:meth:`Pop3Session.retrieve`), each message
   streamed into the store's ``tmp/`` by a delivery batch; every batch is made durable and
   indexed with its "seen" rows **in the same SQLite transaction** (``batch.commit(on_commit=)``).
   A kill at any moment leaves either nothing, tmp files (cleaned), or renamed files whose
   ``,K=`` fetch key makes the next run treat them as fetched (plan E39).
3. ``DELE`` only messages already durable and whose policy says so, each written to the
   account's DELE log first; then ``QUIT``. Any failure before that closes without QUIT, so the
   server deletes nothing (RFC 1939 §6; plan C24, C29).

The state (:mod:`hongyan.core.syncstate`) lives in the store; when it is missing (a store from
an old backup, an account re-added) it is rebuilt from fetch keys in file names and, for
messages without one, by matching ``TOP n 0`` headers (Message-ID, Date) against the store.

Public entry point for the CLI and the GUI worker: :func:`fetch_accounts`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hongyan.core import syncstate as st
from hongyan.core.errors import HongyanError
from hongyan.core.fetchlock import account_lock
from hongyan.core.pop3 import KIB, MIB, Limits, Pop3Session, ProtocolError, connect_account
from hongyan.core.rules import arrival as rules
from hongyan.core.syncplan import Plan, ServerMessage, keyed_listing, plan_fetch
from hongyan.core.syncstate import SeenRow
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.accounts import Account
    from hongyan.core.committer import Committer
    from hongyan.core.secrets import Secret
    from hongyan.core.store import Store
    from hongyan.core.store.delivery import DeliveryBatch

log = logging.getLogger(__name__)

INBOX = "Inbox"  # hongyan.core.store.INBOX, not imported: the store loads lazily
# Messages per delivery batch (one fsync round, one transaction). FTS5 writes a segment per
# transaction and merges them later: 256 a batch cost ~30% less index time than 64
# (measured on the bench maildrop). A batch waits on disk in tmp/ until it commits.
BATCH_MESSAGES = 256
BATCH_BYTES = 32 * MIB
WRITE_BLOCK = 1 * MIB  # bytes of a message gathered before they are hashed and written


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
    action: str  # "download", "headers only", "skip", "delete"
    reason: str


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
    new_ids: list[int] = field(default_factory=list)
    """Store ids of the messages this fetch committed into the Inbox (for what runs on
    arrival: automatic replies)."""

    @property
    def summary(self) -> str:
        if self.error is not None:
            return f"{self.account}: failed: {self.error}"
        plural = "s" if self.downloaded != 1 else ""
        parts = [
            f"{self.downloaded} new message{plural} ({_megabytes(self.bytes)})"
            if self.downloaded
            else "no new messages"
        ]
        if self.headers_only:
            parts.append(f"{self.headers_only} large message(s) as headers only")
        if self.deleted:
            parts.append(f"{self.deleted} removed from the server")
        if self.skipped:
            parts.append(f"{self.skipped} too large, left on the server")
        text = f"{self.account}: " + ", ".join(parts)
        if self.cancelled:
            text += " (cancelled; the rest comes next time)"
        return text


def _megabytes(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= 100 * KIB else f"{max(1, size // KIB)} KB"


# --------------------------------------------------------------------------------------------
# Options and hooks


@dataclass
class FetchOptions:
    """What callers may change; tests inject a clock, limits and a session factory."""

    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.time
    connect: Callable[[Account, Secret, Limits], Pop3Session] | None = None
    log_dir: Path | None = None
    """Where the per-account DELE logs go; the settings home's log dir when None."""
    batch_messages: int = BATCH_MESSAGES
    batch_bytes: int = BATCH_BYTES
    own_addresses: frozenset[str] = frozenset()
    """Every address of the user's accounts: automatic replies never go to them."""


def _connect(options: FetchOptions, account: Account, secret: Secret) -> Pop3Session:
    if options.connect is not None:
        return options.connect(account, secret, options.limits)
    return connect_account(account, secret, limits=options.limits)


# --------------------------------------------------------------------------------------------
# Fetching one account


class _AccountFetch:
    """One account's run; see the module doc for the order of things."""

    def __init__(
        self,
        account: Account,
        store_root: Path,
        conn: sqlite3.Connection,
        result: AccountResult,
        options: FetchOptions,
        progress: Callable[[Progress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        self.account = account
        self.root = store_root
        self.conn = conn
        self.result = result
        self.options = options
        self.progress = progress
        self.cancel = cancel
        self.blocked: set[str] = set()
        self.count_lock = threading.Lock()
        self.done_messages = 0
        self.done_bytes = 0
        self.total_messages = 0
        self.total_bytes = 0

    def run(self, secret: Secret, *, dry_run: bool) -> None:
        session = _connect(self.options, self.account, secret)
        try:
            self._run(session, dry_run=dry_run)
        except BaseException:
            session.abort()  # no QUIT: nothing marked for deletion is deleted (RFC 1939 §6)
            raise

    def _run(self, session: Pop3Session, *, dry_run: bool) -> None:
        st.ensure_schema(self.conn)
        session.ask_uidl()  # the server lists while the state is read
        seen = st.load_seen(self.conn, self.account.name)
        uidls = session.read_uidl()
        sizes: dict[int, int] = {} if uidls is not None else session.list_all()
        listing = keyed_listing(session, sizes, uidls)
        if uidls is not None and any(_wanted(m, seen) for m in listing):
            # Sizes matter only for what will be downloaded: with nothing new the whole
            # conversation is one UIDL (issue 5, "leave-on-server growth").
            sizes = session.list_all()
            if set(uidls) != set(sizes):
                raise ProtocolError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "{endpoint} gave UIDL and LIST for different messages."
                        ),
                        endpoint=session.endpoint,
                    )
                )
            listing = keyed_listing(session, sizes, uidls)
        if uidls is None:
            self.result.warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "the server does not support UIDL: messages are recognised by "
                        "Message-ID, Date and size, and none is removed from the server",
                    )
                )
            )
        if any(not m.trusted_key for m in listing) and uidls is not None:
            self.result.warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "the server lists some messages under the same UIDL: all are downloaded, "
                        "none of them is removed from the server",
                    )
                )
            )
        self.result.on_server = len(listing)
        needs_store_keys = self.account.delete_when_trashed or any(
            _wanted(m, seen) for m in listing
        )
        stored = st.stored_fetch_keys(self.conn, self.account.name) if needs_store_keys else set()
        if not seen and stored == set() and self._store_has_mail():
            self._rebuild_from_headers(session, listing, seen)
        plan = plan_fetch(
            self.account,
            listing,
            seen,
            stored,
            now=int(self.options.clock()),
            max_bytes=self.options.limits.max_message_bytes,
        )
        if dry_run:
            self._describe(plan)
            session.finish()
            return
        if plan.healed:
            self._record_only(plan.healed)
        self.total_messages = len(plan.download) + len(plan.headers_only)
        self.total_bytes = sum(m.size for m in plan.download)
        self._report()
        self.result.warnings += rules.filter_left(self.root, self.conn, self.account)  # issue 17
        self._download(session, plan.download, seen)
        self._download_headers(session, plan.headers_only)
        self.result.skipped = len(plan.too_large)
        if self._cancelled():
            self.result.cancelled = True
            session.abort()
            return
        changed = self.result.downloaded or self.result.headers_only or plan.healed
        seen_now = st.load_seen(self.conn, self.account.name) if changed else seen
        self._delete(session, plan, seen_now)
        self._forget_gone(listing, seen_now)
        session.finish()

    # -- helpers -------------------------------------------------------------------------
    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(
                Progress(
                    self.account.name,
                    self.done_messages,
                    self.total_messages,
                    self.done_bytes,
                    self.total_bytes,
                )
            )

    def _store_has_mail(self) -> bool:
        row = self.conn.execute("SELECT 1 FROM messages WHERE folder = ? LIMIT 1", (INBOX,))
        return row.fetchone() is not None

    def _record_only(self, rows: list[SeenRow]) -> None:
        from hongyan.core.store.index import write_transaction

        with write_transaction(self.conn):
            st.record(self.conn, self.account.name, rows)

    def _describe(self, plan: Plan) -> None:
        actions = self.result.planned
        for m in plan.download:
            actions.append(PlannedAction(m.number, m.key, m.size, "download", "new"))
        for m in plan.headers_only:
            reason = f"larger than {self.account.headers_only_over_kb} KB"
            actions.append(PlannedAction(m.number, m.key, m.size, "headers only", reason))
        for m in plan.too_large:
            reason = "larger than the size limit; left on the server"
            actions.append(PlannedAction(m.number, m.key, m.size, "skip", reason))
        for m, why in plan.delete:
            actions.append(PlannedAction(m.number, m.key, m.size, "delete", why))

    def _rebuild_from_headers(
        self, session: Pop3Session, listing: Sequence[ServerMessage], seen: st.Seen
    ) -> None:
        """Lost state, mail in the store: match ``TOP n 0`` against it instead of downloading
        everything again (the lost-popstate.dat pain)."""
        from hongyan.core.store.extract import extract

        now = int(self.options.clock())
        rows = []
        for message in listing:
            info = extract(session.top_headers(message.number))
            match = st.match_by_headers(self.conn, info.message_id, info.date)
            if match is not None:
                key = st.fetch_key(self.account.name, message.key)
                rows.append(SeenRow(message.key, key, now, message.size, st.FULL, ""))
        if rows:
            self._record_only(rows)
            seen.add(rows)
            self.result.warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "rebuilt the record of {count} message(s) already in the store"
                    ),
                    count=len(rows),
                )
            )

    def _download(
        self, session: Pop3Session, messages: list[ServerMessage], seen: Mapping[str, SeenRow]
    ) -> None:
        """Stream each message into a batch; full batches are made durable by a
        :class:`~hongyan.core.committer.Committer` while the next one downloads. Each row is
        made from the message's header block as it is written; the bodies are indexed for
        search afterwards by the store's body pass (``Store.index_pending``), not here."""
        from hongyan.core.committer import Committer
        from hongyan.core.store.delivery import DeliveryBatch

        if not messages:
            return
        by_number = {m.number: m for m in messages}

        def new_batch() -> DeliveryBatch:
            name = self.account.name
            return DeliveryBatch(self.root, committer.connection, INBOX, name, defer_body=True)

        retrieval = session.retrieve([(m.number, m.size) for m in messages])
        committer = Committer(self.root)
        batch = new_batch()
        rows: list[SeenRow] = []
        batch_bytes = 0
        try:
            for item in retrieval:
                message = by_number[item.number]
                key = st.fetch_key(self.account.name, message.key)
                digest = hashlib.sha256()
                counted = _Counted(item.chunks, digest, self)
                previous = seen.get(message.key)
                if previous is not None and previous.state == st.SUSPECT:
                    self._refetch_suspect(message, key, counted, previous)
                    continue
                batch.write(counted, fetch_key=key)
                state = self._check_size(message, counted.size)
                now = int(self.options.clock())
                rows.append(SeenRow(message.key, key, now, counted.size, state, digest.hexdigest()))
                batch_bytes += counted.size
                full = len(rows) >= self.options.batch_messages
                if full or batch_bytes >= self.options.batch_bytes:
                    self._submit(committer, batch, rows)
                    batch = new_batch()
                    rows, batch_bytes = [], 0
                if self._cancelled():
                    break
            self._submit(committer, batch, rows)
            committer.close()
        except BaseException:
            # The connection or the disk failed on one message: the complete ones before it
            # are kept (plan C24, C29); the failed one left nothing behind.
            with contextlib.suppress(HongyanError, OSError, sqlite3.Error):
                self._submit(committer, batch, rows)
            with contextlib.suppress(HongyanError, OSError, sqlite3.Error):
                committer.close()
            raise
        finally:
            batch.discard()

    def _submit(self, committer: Committer, batch: DeliveryBatch, rows: list[SeenRow]) -> None:
        if not rows:
            batch.discard()
            return
        name, result, lock = self.account.name, self.result, self.count_lock
        keys = [r.fetch_key for r in rows]  # rules (issue 17): noted before the files land
        filtering = rules.expect(self.root, self.conn, name, keys)

        def done(ids: list[int]) -> None:  # on the committer's thread
            with lock:
                result.new_ids += ids
                result.downloaded += len(rows)
                result.bytes += sum(r.size for r in rows)
            if filtering:
                connection = committer.connection
                result.warnings += rules.apply_to_new(self.root, connection, keys, self.account)

        committer.submit(batch, lambda conn: st.record(conn, name, rows), done)

    def _check_size(self, message: ServerMessage, actual: int) -> str:
        """Plan C20/C25: a size far from LIST's blocks DELE and marks the message suspect."""
        listed = message.size
        if listed and (actual > 2 * listed + 1024 or 2 * actual + 1024 < listed):
            note = words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "message {number} was {actual} bytes, but the server announced {listed}: "
                    "kept, and not removed from the server",
                ),
                number=message.number,
                actual=actual,
                listed=listed,
            )
            log.warning("%s: %s", self.account.name, note)
            self.result.warnings.append(note)
            self.blocked.add(message.key)
            return st.SUSPECT
        return st.FULL

    def _refetch_suspect(
        self, message: ServerMessage, key: str, counted: _Counted, previous: SeenRow
    ) -> None:
        """A suspect message again: keep the new copy only if its content differs."""
        from hongyan.core.store.delivery import DeliveryBatch

        with DeliveryBatch(self.root, self.conn, INBOX, self.account.name) as single:
            single.write(counted, fetch_key=key)
            sha = counted.digest.hexdigest()
            row = SeenRow(message.key, key, int(self.options.clock()), counted.size, st.FULL, sha)
            if sha == previous.sha256:
                self._record_only([row])  # same bytes as stored: the server just miscounts
                return
            # Different bytes: this copy is kept too; it is right if its size now matches.
            state = self._check_size(message, counted.size)
            row = SeenRow(row.key, key, row.fetched_at, row.size, state, sha)
            single.commit(on_commit=lambda conn: st.record(conn, self.account.name, [row]))
            with self.count_lock:
                self.result.downloaded += 1
                self.result.bytes += counted.size

    def _download_headers(self, session: Pop3Session, messages: list[ServerMessage]) -> None:
        from hongyan.core.store.delivery import DeliveryBatch

        rows: list[SeenRow] = []
        with DeliveryBatch(self.root, self.conn, INBOX, self.account.name) as batch:
            for message in messages:
                if self._cancelled():
                    break
                head = session.top_headers(message.number)
                note = (
                    f"X-Hongyan-Partial: headers only; the whole message ({message.size} "
                    "bytes) is still on the server\r\n"
                ).encode()
                key = st.fetch_key(self.account.name, message.key)
                batch.write([note, head], fetch_key=key)
                rows.append(
                    SeenRow(
                        message.key, key, int(self.options.clock()), message.size, st.HEADERS, ""
                    )
                )
                self.done_messages += 1
                self._report()
            if rows:
                name = self.account.name
                keys = [r.fetch_key for r in rows]
                filtering = rules.expect(self.root, self.conn, name, keys)
                ids = batch.commit(on_commit=lambda conn: st.record(conn, name, rows))
                self.result.new_ids += ids
                if filtering:
                    self.result.warnings += rules.apply_to_new(
                        self.root, self.conn, keys, self.account
                    )
        self.result.headers_only += len(rows)

    def _delete(self, session: Pop3Session, plan: Plan, seen_now: Mapping[str, SeenRow]) -> None:
        targets = [
            (m, why)
            for m, why in plan.delete
            if m.key not in self.blocked and m.key in seen_now and seen_now[m.key].state == st.FULL
        ]
        if not self.account.leave_on_server:
            # Just downloaded and durable (committed above): they go too.
            fresh = {m.key for m in plan.download} - self.blocked
            for m in plan.download:
                row = seen_now.get(m.key)
                if m.key in fresh and m.trusted_key and row is not None and row.state == st.FULL:
                    targets.append(
                        (m, "downloaded, and the account does not leave messages on the server")
                    )
        if not targets:
            return
        log_dir = self.options.log_dir
        if log_dir is None:
            from hongyan.core.paths import app_paths

            log_dir = app_paths().log_dir
        with _DeleLog(log_dir, self.account.name) as dele_log:
            for message, why in targets:
                dele_log.write(message, why)
                session.delete(message.number)
                self.result.deleted += 1

    def _forget_gone(
        self, listing: Sequence[ServerMessage], seen_now: Mapping[str, SeenRow]
    ) -> None:
        """Forget state rows of messages that vanished from the server (only after a full
        listing; they cannot come back with the same UIDL)."""
        present = {m.key for m in listing}
        gone = [k for k in seen_now if k not in present]
        if gone:
            from hongyan.core.store.index import write_transaction

            with write_transaction(self.conn):
                st.forget(self.conn, self.account.name, gone)


def _wanted(message: ServerMessage, seen: st.Seen) -> bool:
    """Not fetched yet, or fetched with a size that disagreed (fetched again)."""
    state = seen.state(message.key)
    return state is None or state == st.SUSPECT


class _Counted:
    """Wraps a message's chunks: counts and hashes them, and reports progress."""

    def __init__(self, chunks: Iterator[bytes], digest: hashlib._Hash, owner: _AccountFetch):
        self.chunks = chunks
        self.digest = digest
        self.owner = owner
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        """The message in blocks of up to :data:`WRITE_BLOCK`: TLS hands over 16 KB records,
        and hashing and writing each one gave up the GIL twice per record (profile); a
        block is hashed and written once. Memory stays bounded by the block size."""
        parts: list[bytes] = []
        held = 0
        for chunk in self.chunks:
            parts.append(chunk)
            held += len(chunk)
            if held >= WRITE_BLOCK:
                yield self._block(parts, held)
                parts, held = [], 0
        if parts:
            yield self._block(parts, held)
        self.owner.done_messages += 1
        self.owner._report()

    def _block(self, parts: list[bytes], size: int) -> bytes:
        block = parts[0] if len(parts) == 1 else b"".join(parts)
        self.size += size
        self.digest.update(block)
        self.owner.done_bytes += size
        return block


class _DeleLog:
    """Every DELE, with its reason, appended to the account's log before it is sent."""

    def __init__(self, log_dir: Path | None, account: str) -> None:
        self.path: Path | None = None
        if log_dir is not None:
            safe = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in account)
            self.path = log_dir / f"pop3-deletions-{safe}.log"
        self.handle: TextIO | None = None

    def __enter__(self) -> _DeleLog:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.handle = open(self.path, "a", encoding="utf-8")
        return self

    def write(self, message: ServerMessage, why: str) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
        key = message.key.replace("\0", " ")
        size = f" size={message.size}" if message.size else ""
        line = f"{stamp} DELE {message.number} uidl={key}{size}: {why}\n"
        log.info("%s", line.strip())
        if self.handle is not None:
            self.handle.write(line)
            self.handle.flush()

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


# --------------------------------------------------------------------------------------------
# Public entry points


def fetch_account(
    account: Account,
    store: Store | Path,
    secret: Secret,
    *,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    dry_run: bool = False,
    options: FetchOptions | None = None,
) -> AccountResult:
    """Fetch one account into ``store``'s Inbox; never raises a :class:`HongyanError`.

    Opens its own connection to the store's index (SQLite connections belong to one thread),
    so accounts can run in parallel threads.
    """
    from hongyan.core.store import index as idx

    options = options or FetchOptions()
    root = store if isinstance(store, Path) else store.root
    result = AccountResult(account.name)
    try:
        with account_lock(root, account.name) as locked:
            if not locked:
                result.warnings.append(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "another Hongyan is fetching this account right now"
                        )
                    )
                )
                return result
            conn = idx.connect(root / idx.INDEX_NAME)
            try:
                _AccountFetch(account, root, conn, result, options, progress, cancel).run(
                    secret, dry_run=dry_run
                )
            finally:
                conn.close()
    except HongyanError as exc:
        result.ok = False
        result.error = exc
    except OSError as exc:
        from hongyan.core.store import StoreWriteError

        result.ok = False
        result.error = StoreWriteError.from_os_error(exc, root)
    except sqlite3.Error as exc:  # SQLITE_FULL, a read-only index: the transaction rolled back
        from hongyan.core.store import StoreWriteError

        result.ok = False
        full = "full" in str(exc).lower()
        result.error = StoreWriteError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The disk holding the mail store ({root}) is full. Free some space."
                ),
                root=root,
            )
            if full
            else words(
                QT_TRANSLATE_NOOP("Core", "The mail index in {root} cannot be written ({error})."),
                root=root,
                error=exc,
            )
        )
    if result.new_ids:  # also after a failure: what was committed has arrived
        from hongyan.core.autoreply import after_fetch

        result.warnings += after_fetch(
            root, account, result.new_ids, own_addresses=options.own_addresses,
            clock=options.clock,
        )  # fmt: skip
    return result


def fetch_accounts(
    accounts: Sequence[Account],
    store: Store | Path,
    passwords: Mapping[str, Secret],
    *,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    dry_run: bool = False,
    options: FetchOptions | None = None,
) -> list[AccountResult]:
    """Fetch several accounts at once, one thread each; one failing never stops the others.

    Args:
        passwords: account name → password (the caller asks or reads the keyring).
        progress: called from the worker threads with a :class:`Progress`.
        cancel: set it to stop after the message being written (what is done stays done).
    Returns:
        One :class:`AccountResult` per account, in the order given.
    """

    def one(account: Account) -> AccountResult:
        secret = passwords.get(account.name)
        if secret is None:
            return AccountResult(
                account.name,
                ok=False,
                error=HongyanError(words(QT_TRANSLATE_NOOP("Core", "no password was given"))),
            )
        return fetch_account(
            account,
            store,
            secret,
            progress=progress,
            cancel=cancel,
            dry_run=dry_run,
            options=options,
        )

    if len(accounts) <= 1:
        return [one(a) for a in accounts]
    with ThreadPoolExecutor(max_workers=min(8, len(accounts))) as pool:
        return list(pool.map(one, accounts))


def download_full(account: Account, store: Store, secret: Secret, message_id: int) -> int:
    """Replace a headers-only message by the whole message from the server; return its id.

    The full message is written durably first (same fetch key, same flags), the state row
    becomes "full" in the same transaction, and only then is the placeholder removed.

    Raises:
        HongyanError: the message is not a headers-only one, or the server no longer has it.
    """
    conn = store.connection
    st.ensure_schema(conn)
    row = store.get(message_id)
    found = conn.execute(
        "SELECT key, fetch_key FROM pop3_seen WHERE account = ? AND fetch_key = ? AND state = ?",
        (account.name, row.fetch_key, st.HEADERS),
    ).fetchone()
    if found is None:
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "This message was downloaded completely already."))
        )
    key, fkey = str(found[0]), str(found[1])
    session = connect_account(account, secret)
    try:
        uidls = session.uidl_all() or {}
        sizes = session.list_all()
        listing = {m.key: m for m in keyed_listing(session, sizes, uidls)}
        message = listing.get(key)
        if message is None:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The server {endpoint} no longer has this message; only its headers are "
                        "kept.",
                    ),
                    endpoint=session.endpoint,
                )
            )
        flags = row.flags.replace("T", "")
        with store.delivery(row.folder, account=account.name) as batch:
            counted = _CountedSimple(iter(()))
            for item in session.retrieve([(message.number, message.size)]):
                counted = _CountedSimple(item.chunks)
                batch.write(counted, fetch_key=fkey, flags=flags)
            full = SeenRow(key, fkey, int(time.time()), counted.size, st.FULL, "")
            [new_id] = batch.commit(on_commit=lambda c: st.record(c, account.name, [full]))
        session.finish()
    except BaseException:
        session.abort()
        raise
    store.delete([message_id])  # to Trash, then for good: it was only a placeholder
    store.delete([message_id])
    return new_id


class _CountedSimple:
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.size += len(chunk)
            yield chunk
