"""Fetching: what to download from each POP3 mailbox, what to delete, exactly once.

Per account (:func:`fetch_account`), under a per-mailbox lock (plan E45):

1. ``UIDL`` and ``LIST`` (one write when the server pipelines): a UIDL names a message only
   together with its size (plan G55). With 50 000 messages kept on the server and nothing
   new, that is the whole conversation, and a set lookup and a size comparison per message.
2. :func:`hongyan.core.syncplan.plan_fetch` decides everything: what to download, what to
   leave on the server (and why), what to delete, including the messages this session
   downloads when the account keeps no copy. When it needs more facts it says so and is
   asked again: the store's fetch keys, or ``TOP n 0`` of the few messages a check needs
   (a DELE of a message recorded earlier, records lost and rebuilt from the account's own
   mail, plan G57). The dry run ends here, so it shows exactly what the real run does.
3. Download, pipelined (:meth:`Pop3Session.retrieve`), each message streamed into the
   store's ``tmp/`` by a delivery batch; every batch is made durable and indexed with its
   records **in the same SQLite transaction** (``batch.commit(on_commit=)``). A kill at any
   moment leaves either nothing, tmp files (cleaned), or renamed files whose ``,K=`` fetch
   key makes the next run treat them as fetched (plan E39). A message that breaks a cap
   (size limit, line cap, more than announced) stores nothing, is remembered as left on the
   server, and the fetch goes on in a new session without it (plan G58, G59).
4. ``DELE`` what the plan says, of the fresh downloads only those stored whole, each written
   to the account's DELE log first; then ``QUIT``. Any failure before that closes without
   QUIT, so the server deletes nothing (RFC 1939 §6; plan C24, C29).

The records (:mod:`hongyan.core.syncstate`) live in the store, keyed by the mailbox; the
download steps are in :mod:`hongyan.core.syncdownload`, what callers get back in
:mod:`hongyan.core.syncresult`.

Public entry point for the CLI and the GUI worker: :func:`fetch_accounts`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hongyan.core import syncstate as st
from hongyan.core.errors import HongyanError
from hongyan.core.fetchlock import account_lock
from hongyan.core.pop3 import MIB, Limits, MessageRejected, Pop3Session, connect_account
from hongyan.core.rules import arrival as rules
from hongyan.core.syncdownload import (
    BATCH_BYTES,
    BATCH_MESSAGES,
    Downloading,
    download_full,
)
from hongyan.core.syncplan import (
    HOUR,
    Facts,
    Plan,
    Policy,
    ServerMessage,
    deletions,
    identity_of,
    keyed_listing,
    plan_fetch,
    sane_now,
)
from hongyan.core.syncresult import (
    AccountResult,
    LeftOnServer,
    PlannedAction,
    Progress,
    left_reason,
)
from hongyan.core.syncstate import ClockState, Skip
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.accounts import Account
    from hongyan.core.secrets import Secret
    from hongyan.core.store import Store

__all__ = [
    "AccountResult",
    "FetchOptions",
    "LeftOnServer",
    "PlannedAction",
    "Progress",
    "account_lock",
    "download_full",
    "ensure_writable",
    "fetch_account",
    "fetch_accounts",
]

log = logging.getLogger(__name__)

MAX_SESSIONS = 20  # sessions of one fetch: each new one leaves one more bad message behind


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


class _AccountFetch(Downloading):
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
        self.mailbox = st.mailbox_of(account)
        self.policy = Policy.of(account, options.limits)
        self.root = store_root
        self.conn = conn
        self.result = result
        self.options = options
        self.progress = progress
        self.cancel = cancel
        self.batch_messages = options.batch_messages
        self.batch_bytes = options.batch_bytes
        self.now = 0
        self.listing: dict[int, ServerMessage] = {}
        self.stored_as: dict[str, str] = {}  # key → state recorded by this session's downloads
        self.count_lock = threading.Lock()
        self.done_messages = 0
        self.done_bytes = 0
        self.total_messages = 0
        self.total_bytes = 0

    def run(self, secret: Secret, *, dry_run: bool) -> None:
        """One session, or several when a message breaks a cap: it is left on the server and
        a new session goes on without it (the old one is out of step: closed, no QUIT)."""
        st.ensure_schema(self.conn)
        for _session in range(MAX_SESSIONS):
            session = _connect(self.options, self.account, secret)
            try:
                self._run(session, dry_run=dry_run)
                break
            except MessageRejected as exc:
                session.abort()  # no QUIT: nothing marked for deletion is deleted (RFC 1939 §6)
                self._remember_rejected(exc)
                if self._cancelled():
                    self.result.cancelled = True
                    return
            except BaseException:
                session.abort()
                raise
        else:
            self.result.warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "stopped after {count} damaged messages; the rest comes next time",
                    ),
                    count=MAX_SESSIONS,
                )
            )
        self.result.warnings = list(dict.fromkeys(self.result.warnings))  # once per session

    def _run(self, session: Pop3Session, *, dry_run: bool) -> None:
        session.ask_listing()  # the server lists while the state is read
        records = st.load_records(self.conn, self.mailbox, self.account.name)
        reading = self.options.clock()
        clock = st.load_clock(self.conn, reading)
        skipped = st.load_skipped(self.conn, self.mailbox)
        uidls, sizes = session.read_listing()
        listing = keyed_listing(session, sizes, uidls)
        self.listing = {m.number: m for m in listing}
        self._listing_warnings(listing, uidl=uidls is not None)
        self.result.on_server = len(listing)
        self.now, clock_after = sane_now(reading, clock)
        plan = self._plan(session, listing, records, skipped)
        skips = self._report_left(session, plan, skipped)
        self._plan_warnings(plan)
        if dry_run:
            self._describe(plan)
            session.finish()
            return
        self._keep_books(plan, records, skips, (clock, clock_after))
        self.total_messages = self.done_messages + len(plan.download) + len(plan.headers_only)
        self.total_bytes = self.done_bytes + sum(m.size for m in plan.download)
        self._report()
        self.result.warnings += rules.filter_left(self.root, self.conn, self.account)  # issue 17
        self._download(session, plan, records)
        self._download_headers(session, plan)
        if self._cancelled():
            self.result.cancelled = True
            session.abort()
            return
        self._delete(session, deletions(plan, self.stored_as))
        session.finish()

    # -- planning -------------------------------------------------------------------------
    def _plan(
        self,
        session: Pop3Session,
        listing: Sequence[ServerMessage],
        records: st.Records,
        skipped: Mapping[str, Skip],
    ) -> Plan:
        """Ask the plan, and again with each fact it wants, until it wants nothing more."""
        facts = Facts(skipped=skipped)
        while True:
            plan = plan_fetch(
                self.policy, self.mailbox, listing, records, now=self.now, facts=facts
            )
            if plan.wants_store and facts.stored is None:
                stored = st.stored_copies(self.conn, self.account.name)
                facts = dataclasses.replace(facts, stored=stored)
            elif plan.wants_headers - facts.headers.keys():
                wanted = sorted(plan.wants_headers - facts.headers.keys())
                headers = dict(facts.headers)
                asked = [(n, self.listing[n].size) for n in wanted]
                for number, head in session.headers(asked):
                    headers[number] = identity_of(head) if head is not None else None
                facts = dataclasses.replace(facts, headers=headers)
            else:
                return plan

    def _report_left(
        self, session: Pop3Session, plan: Plan, skipped: Mapping[str, Skip]
    ) -> list[Skip]:
        """Name each message left on the server (sender and subject from ``TOP n 0``, read
        once and remembered); return the rows to remember."""
        from hongyan.core.store.extract import extract_headers

        rows: list[Skip] = []
        self.result.left_on_server = []  # this session's listing is the one that counts
        unknown = [
            left.message.number
            for left in plan.left
            if not _described(skipped.get(left.message.key), left.message.size)
        ]
        asked = [(n, self.listing[n].size) for n in unknown]
        heads = dict(session.headers(asked)) if asked else {}
        for left in plan.left:
            message = left.message
            known = skipped.get(message.key)
            if _described(known, message.size):
                assert known is not None
                sender, subject = known.sender, known.subject
            else:
                info = extract_headers(heads.get(message.number) or b"")
                sender = info.from_addr
                if info.from_name:
                    sender = f"{info.from_name} <{info.from_addr}>"
                subject = info.subject
            row = Skip(message.key, message.size, left.reason, left.cap, sender, subject)
            if row != known:
                rows.append(row)
            raise_to = None  # a line over the cap, more than announced: no limit to raise
            if left.reason == "size":
                raise_to = max(-(-message.size // MIB), left.cap // MIB + 1)
            self.result.left_on_server.append(
                LeftOnServer(
                    message.number,
                    message.size,
                    sender,
                    subject,
                    left_reason(left.reason, left.cap, message.size),
                    raise_to,
                )
            )
        self.result.skipped = len(plan.left)
        return rows

    def _keep_books(
        self,
        plan: Plan,
        records: st.Records,
        skips: list[Skip],
        clock: tuple[ClockState, ClockState],
    ) -> None:
        """Write what the plan learnt before anything is downloaded (one transaction): rows
        of Hongyan 1.0 adopted, records healed or rebuilt, LIST sizes, clamped first-seen
        times, records missing from the listing, messages left on the server, the clock."""
        from hongyan.core.store.index import write_transaction

        before, after = clock
        clock_moved = before.trusted is None or (after.trusted or 0) - before.trusted >= HOUR
        changes = [
            records.legacy,
            plan.records,
            plan.list_sizes,
            plan.clamp,
            plan.gone,
            plan.back,
            plan.forget,
            skips,
            plan.skips_gone,
        ]
        if not any(changes) and not clock_moved and after.candidate == before.candidate:
            return  # the nothing-new check writes nothing
        mailbox, now = self.mailbox, self.now
        conn = self.conn
        with write_transaction(conn):
            if records.legacy:
                st.adopt(conn, mailbox, self.account.name)
            if plan.records:
                st.record(conn, mailbox, plan.records)
            if plan.list_sizes:
                st.set_list_sizes(conn, mailbox, plan.list_sizes)
            if plan.clamp:
                st.set_first_seen(conn, mailbox, plan.clamp, now)
            if plan.gone or plan.back:
                st.set_gone(conn, mailbox, plan.gone, now)
                st.set_gone(conn, mailbox, plan.back, None)
            if plan.forget:
                st.forget(conn, mailbox, plan.forget)
            if skips or plan.skips_gone:
                st.forget_skips(conn, mailbox, plan.skips_gone)
                st.record_skips(conn, mailbox, skips)  # after: a key may be left anew
            st.save_clock(conn, after)

    def _remember_rejected(self, exc: MessageRejected) -> None:
        """A message broke a cap mid-RETR: left on the server from now on (until the limit
        it broke is raised, or the server lists it with another size)."""
        from hongyan.core.store.index import write_transaction

        message = self.listing.get(exc.number)
        if message is None:
            raise exc
        log.warning("%s: message %d left on the server: %s", self.account.name, exc.number, exc)
        with write_transaction(self.conn):
            st.record_skips(
                self.conn, self.mailbox, [Skip(message.key, message.size, exc.reason, exc.cap)]
            )

    def _describe(self, plan: Plan) -> None:
        actions = self.result.planned
        for m in plan.download:
            actions.append(PlannedAction(m.number, m.key, m.size, "download", "new"))
        for m in plan.headers_only:
            reason = f"larger than {self.account.headers_only_over_kb} KB"
            actions.append(PlannedAction(m.number, m.key, m.size, "headers only", reason))
        for left, shown in zip(plan.left, self.result.left_on_server, strict=True):
            m = left.message
            actions.append(PlannedAction(m.number, m.key, m.size, "skip", shown.reason))
        for m, why in [*plan.delete, *plan.delete_fresh]:
            actions.append(PlannedAction(m.number, m.key, m.size, "delete", why))
        for m, why in plan.kept:
            actions.append(PlannedAction(m.number, m.key, m.size, "keep", why))

    # -- warnings ------------------------------------------------------------------------
    def _listing_warnings(self, listing: Sequence[ServerMessage], *, uidl: bool) -> None:
        if not uidl:
            self.result.warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "the server does not support UIDL: messages are recognised by "
                        "Message-ID, Date and size, and none is removed from the server",
                    )
                )
            )
        elif any(not m.trusted_key for m in listing):
            self.result.warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "the server lists some messages under the same UIDL: all are downloaded, "
                        "none of them is removed from the server",
                    )
                )
            )

    def _plan_warnings(self, plan: Plan) -> None:
        warnings = self.result.warnings
        if plan.renewed:
            warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "{count} message(s) on the server carry the UIDL of another message "
                        "recorded earlier (the server's UIDL list was reset): taken as new mail",
                    ),
                    count=len(plan.renewed),
                )
            )
        if plan.rebuilt:
            warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "rebuilt the record of {count} message(s) already in the store"
                    ),
                    count=plan.rebuilt,
                )
            )
        unread = [m for m, why in plan.kept if "TOP" in why]
        if unread:
            warnings.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "the server would not show the headers of {count} message(s), so they "
                        "could not be checked and stay on the server",
                    ),
                    count=len(unread),
                )
            )

    def _delete(self, session: Pop3Session, targets: list[tuple[ServerMessage, str]]) -> None:
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


def _described(skip: Skip | None, size: int) -> bool:
    """Whether a remembered left message's sender and subject are known (same message)."""
    return skip is not None and skip.list_size == size and bool(skip.sender or skip.subject)


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
    so accounts can run in parallel threads. Two accounts for one mailbox (the same server
    and user) never fetch at once: the lock is the mailbox's.
    """
    from hongyan.core.store import index as idx

    options = options or FetchOptions()
    root = store if isinstance(store, Path) else store.root
    result = AccountResult(account.name)
    try:
        ensure_writable(root)
        with account_lock(root, st.mailbox_of(account)) as locked:
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
        result.ok = False
        result.error = _index_error(exc, root)
    if result.new_ids:  # also after a failure: what was committed has arrived
        from hongyan.core.autoreply import after_fetch

        result.warnings += after_fetch(
            root, account, result.new_ids, own_addresses=options.own_addresses,
            clock=options.clock,
        )  # fmt: skip
    return result


def ensure_writable(root: Path) -> None:
    """Refuse to fetch into a store that cannot be written (a read-only disk or snapshot,
    plan E43) before any server is asked anything: then nothing is deleted there either.

    Raises:
        StoreWriteError: the store's folder is read-only.
    """
    if root.exists() and not os.access(root, os.W_OK):
        from hongyan.core.store import StoreWriteError

        raise StoreWriteError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The mail store {root} is read-only (a read-only disk or folder): no mail "
                    "was fetched, and nothing was removed from the server.",
                ),
                root=root,
            )
        )


def _index_error(exc: sqlite3.Error, root: Path) -> HongyanError:
    from hongyan.core.store import StoreWriteError

    if "full" in str(exc).lower():
        return StoreWriteError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The disk holding the mail store ({root}) is full. Free some space."
                ),
                root=root,
            )
        )
    return StoreWriteError(
        words(
            QT_TRANSLATE_NOOP("Core", "The mail index in {root} cannot be written ({error})."),
            root=root,
            error=exc,
        )
    )


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
