"""Downloading for a fetch: messages streamed into the store with their records, exactly once.

Each message is streamed (:meth:`Pop3Session.retrieve`) into a delivery batch's ``tmp/``
file; full batches are made durable and indexed, **with their records in the same SQLite
transaction**, by a :class:`~hongyan.core.committer.Committer` while the next batch
downloads (plan E39, E46: a kill at any moment leaves nothing, tmp files, or renamed files
whose ``,K=`` fetch key heals them). What is downloaded, under which fetch key, and what may
be deleted after, was decided by :mod:`hongyan.core.syncplan`; a message whose size is far
from LIST's is stored as "suspect" and so never deleted (plan C20, C25). Each record carries
the LIST size and the Message-ID and Date read from the message's first bytes as they pass
(plan G55).

:class:`Downloading` holds these steps for :class:`hongyan.core.sync._AccountFetch`, which
plans, keeps the books and deletes; :func:`download_full` replaces a headers-only message.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from hongyan.core import syncstate as st
from hongyan.core.errors import HongyanError
from hongyan.core.pop3 import MIB, Limits, Pop3Session, connect_account
from hongyan.core.rules import arrival as rules
from hongyan.core.syncplan import Identity, Plan, Policy, ServerMessage, identity_of, keyed_listing
from hongyan.core.syncresult import AccountResult, Progress
from hongyan.core.syncstate import Record
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.accounts import Account
    from hongyan.core.committer import Committer
    from hongyan.core.secrets import Secret
    from hongyan.core.store import Store
    from hongyan.core.store.delivery import DeliveryBatch

log = logging.getLogger("hongyan.core.sync")

INBOX = "Inbox"  # hongyan.core.store.INBOX, not imported: the store loads lazily
# Messages per delivery batch (one fsync round, one transaction). FTS5 writes a segment per
# transaction and merges them later: 256 a batch cost ~30% less index time than 64
# (measured on the bench maildrop). A batch waits on disk in tmp/ until it commits.
BATCH_MESSAGES = 256
BATCH_BYTES = 32 * MIB
WRITE_BLOCK = 1 * MIB  # bytes of a message gathered before they are hashed and written
HEAD_BYTES = 64 * 1024  # the start of a message kept while it is written, for its identity


class Downloading:
    """The download steps of one account's fetch (see the module doc); the fetch sets these
    attributes before calling them."""

    account: Account
    mailbox: str
    policy: Policy
    root: Path
    conn: sqlite3.Connection
    result: AccountResult
    batch_messages: int
    batch_bytes: int
    progress: Callable[[Progress], None] | None
    cancel: threading.Event | None
    now: int
    stored_as: dict[str, str]
    count_lock: threading.Lock
    done_messages: int
    done_bytes: int
    total_messages: int
    total_bytes: int

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

    # -- downloading ----------------------------------------------------------------------
    def _download(self, session: Pop3Session, plan: Plan, records: st.Records) -> None:
        """Stream each message into a batch; full batches are made durable by a
        :class:`~hongyan.core.committer.Committer` while the next one downloads. Each record
        is made as the message is written; the bodies are indexed for search afterwards by
        the store's body pass (``Store.index_pending``), not here."""
        from hongyan.core.committer import Committer
        from hongyan.core.store.delivery import DeliveryBatch

        messages = plan.download
        if not messages:
            return
        by_number = {m.number: m for m in messages}
        renewed = set(plan.renewed)

        def new_batch() -> DeliveryBatch:
            name = self.account.name
            return DeliveryBatch(self.root, committer.connection, INBOX, name, defer_body=True)

        retrieval = session.retrieve(
            [(m.number, m.size) for m in messages],
            size_limit=self.policy.size_limit,
            line_limit=self.policy.line_limit,
        )
        committer = Committer(self.root)
        batch = new_batch()
        rows: list[Record] = []
        batch_bytes = 0
        try:
            for item in retrieval:
                message = by_number[item.number]
                key = plan.fetch_keys[message.key]
                counted = Counted(item.chunks, self)
                brief = records.brief(message.key)
                if brief is not None and brief.state == st.SUSPECT and message.key not in renewed:
                    self._refetch_suspect(message, key, counted, records[message.key])
                    continue
                batch.write(counted, fetch_key=key)
                rows.append(self._row(message, key, counted, self.now))
                batch_bytes += counted.size
                full = len(rows) >= self.batch_messages
                if full or batch_bytes >= self.batch_bytes:
                    self._submit(committer, batch, rows)
                    batch = new_batch()
                    rows, batch_bytes = [], 0
                if self._cancelled():
                    break
            self._submit(committer, batch, rows)
            committer.close()
        except BaseException:
            # The connection or the disk failed on one message, or it broke a cap: the
            # complete ones before it are kept (plan C24, C29, G59); the failed one left
            # nothing behind.
            with contextlib.suppress(HongyanError, OSError, sqlite3.Error):
                self._submit(committer, batch, rows)
            with contextlib.suppress(HongyanError, OSError, sqlite3.Error):
                committer.close()
            raise
        finally:
            batch.discard()

    def _row(self, message: ServerMessage, key: str, counted: Counted, first_seen: int) -> Record:
        """The record of a message just written; a size far from LIST's makes it suspect."""
        identity = identity_of(counted.head)
        return Record(
            message.key,
            key,
            first_seen,
            message.size,
            counted.size,
            self._check_size(message, counted.size),
            counted.digest.hexdigest(),
            identity.message_id,
            identity.date,
        )

    def _submit(self, committer: Committer, batch: DeliveryBatch, rows: list[Record]) -> None:
        if not rows:
            batch.discard()
            return
        mailbox, result, lock = self.mailbox, self.result, self.count_lock
        stored_as = self.stored_as
        keys = [r.fetch_key for r in rows]  # rules (issue 17): noted before the files land
        filtering = rules.expect(self.root, self.conn, self.account.name, keys)

        def done(ids: list[int]) -> None:  # on the committer's thread
            with lock:
                result.new_ids += ids
                result.downloaded += len(rows)
                result.bytes += sum(r.size for r in rows)
                stored_as.update((r.key, r.state) for r in rows)
            if filtering:
                connection = committer.connection
                result.warnings += rules.apply_to_new(self.root, connection, keys, self.account)

        committer.submit(batch, lambda conn: st.record(conn, mailbox, rows), done)

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
            return st.SUSPECT
        return st.FULL

    def _refetch_suspect(
        self, message: ServerMessage, key: str, counted: Counted, previous: Record
    ) -> None:
        """A suspect message again: keep the new copy only if its content differs."""
        from hongyan.core.store.delivery import DeliveryBatch
        from hongyan.core.store.index import write_transaction

        with DeliveryBatch(self.root, self.conn, INBOX, self.account.name) as single:
            single.write(counted, fetch_key=key)
            row = self._row(message, key, counted, previous.first_seen)
            if row.sha256 == previous.sha256:  # same bytes as stored: the server miscounts
                row = row._replace(state=st.FULL)
                with write_transaction(self.conn):
                    st.record(self.conn, self.mailbox, [row])
                self.stored_as[message.key] = row.state
                return
            # Different bytes: this copy is kept too; it is right if its size now matches.
            single.commit(on_commit=lambda conn: st.record(conn, self.mailbox, [row]))
            self.stored_as[message.key] = row.state
            with self.count_lock:
                self.result.downloaded += 1
                self.result.bytes += counted.size

    def _download_headers(self, session: Pop3Session, plan: Plan) -> None:
        from hongyan.core.store.delivery import DeliveryBatch

        rows: list[Record] = []
        with DeliveryBatch(self.root, self.conn, INBOX, self.account.name) as batch:
            for message in plan.headers_only:
                if self._cancelled():
                    break
                head = session.top_headers(message.number, message.size)
                note = (
                    f"X-Hongyan-Partial: headers only; the whole message ({message.size} "
                    "bytes) is still on the server\r\n"
                ).encode()
                key = plan.fetch_keys[message.key]
                batch.write([note, head], fetch_key=key)
                identity = identity_of(head)
                row = Record(
                    message.key, key, self.now, message.size, message.size, st.HEADERS,
                    message_id=identity.message_id, date=identity.date,
                )  # fmt: skip
                rows.append(row)
                self.done_messages += 1
                self._report()
            if rows:
                mailbox = self.mailbox
                keys = [r.fetch_key for r in rows]
                filtering = rules.expect(self.root, self.conn, self.account.name, keys)
                ids = batch.commit(on_commit=lambda conn: st.record(conn, mailbox, rows))
                self.result.new_ids += ids
                if filtering:
                    self.result.warnings += rules.apply_to_new(
                        self.root, self.conn, keys, self.account
                    )
        self.result.headers_only += len(rows)


class Counted:
    """Wraps a message's chunks: counts and hashes them, keeps their start (for the record's
    Message-ID and Date), and reports progress."""

    def __init__(self, chunks: Iterator[bytes], owner: Downloading | None = None):
        self.chunks = chunks
        self.digest = hashlib.sha256()
        self.owner = owner
        self.size = 0
        self.head = b""

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
        if self.owner is not None:
            self.owner.done_messages += 1
            self.owner._report()

    def _block(self, parts: list[bytes], size: int) -> bytes:
        block = parts[0] if len(parts) == 1 else b"".join(parts)
        if len(self.head) < HEAD_BYTES:
            self.head += block[: HEAD_BYTES - len(self.head)]
        self.size += size
        self.digest.update(block)
        if self.owner is not None:
            self.owner.done_bytes += size
        return block


def download_full(account: Account, store: Store, secret: Secret, message_id: int) -> int:
    """Replace a headers-only message by the whole message from the server; return its id.

    The full message is written durably first (same fetch key, same flags), the record
    becomes "full" in the same transaction, and only then is the placeholder removed. The
    server's message must still be the one recorded (same LIST size and Message-ID).

    Raises:
        HongyanError: the message is not a headers-only one, or the server no longer has it.
    """
    conn = store.connection
    st.ensure_schema(conn)
    row = store.get(message_id)
    mailbox = st.mailbox_of(account)
    records = st.load_records(conn, mailbox, account.name)
    recorded = next(
        (
            records[k]
            for k in records
            if records[k].fetch_key == row.fetch_key and records[k].state == st.HEADERS
        ),
        None,
    )
    if recorded is None:
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "This message was downloaded completely already."))
        )
    policy = Policy.of(account, Limits())
    session = connect_account(account, secret)
    try:
        session.ask_listing()
        uidls, sizes = session.read_listing()
        listing = {m.key: m for m in keyed_listing(session, sizes, uidls)}
        message = listing.get(recorded.key)
        if message is not None and recorded.list_size not in (None, message.size):
            message = None  # another message took its UIDL (plan G55)
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
            counted = Counted(iter(()))
            for item in session.retrieve(
                [(message.number, message.size)],
                size_limit=policy.size_limit,
                line_limit=policy.line_limit,
            ):
                counted = Counted(item.chunks)
                batch.write(counted, fetch_key=recorded.fetch_key, flags=flags)
            identity: Identity = identity_of(counted.head)
            full = recorded._replace(
                size=counted.size,
                state=st.FULL,
                sha256=counted.digest.hexdigest(),
                message_id=identity.message_id,
                date=identity.date,
            )
            [new_id] = batch.commit(on_commit=lambda c: st.record(c, mailbox, [full]))
        session.finish()
    except BaseException:
        session.abort()
        raise
    store.delete([message_id])  # to Trash, then for good: it was only a placeholder
    store.delete([message_id])
    return new_id
