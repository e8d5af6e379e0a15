"""Security plan group G, cases 55-57 and 60-62: what a POP3 message is, and when it may go.

A UIDL names a message only as long as the server keeps its UID list; records belong to one
mailbox; a record rebuilt from headers is trusted only so far; a glitch or a clock jump must
not make Hongyan forget, resurrect or delete; the dry run shows exactly what a real run does.
Scripted servers play what a real server does only after a crash or a migration; G55 also runs
against a real Dovecot whose UID list is lost (``pop3_uidl_format = %u``).
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.sync import AccountResult, fetch_account
from support.certs import CertificateAuthorities
from support.dovecot import DOVECOT, DovecotServer
from support.fetching import (
    account_for,
    make_message,
    message_ids,
    secret_of,
    stored_messages,
)
from support.pop3_script import MailboxState, fetch_from

pytestmark = pytest.mark.integration

DAY = 86_400
T0 = 1_800_000_000.0


class Clock:
    """A clock the test moves (the fetch reads it through FetchOptions)."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def run(
    state: MailboxState,
    pki: CertificateAuthorities,
    store_dir: Path,
    *,
    clock: Clock | None = None,
    **options: object,
) -> AccountResult:
    """One fetch session against a scripted server serving ``state``."""
    return fetch_from(pki, store_dir, state, clock=clock or Clock(), **options)  # type: ignore[arg-type]


def deleted_ids(state: MailboxState) -> list[str]:
    """Message-IDs of the messages a session deleted from the server."""
    return sorted(_message_id(state.messages[n - 1]) for n in state.deleted_numbers)


def _message_id(message: bytes) -> str:
    for line in message.split(b"\r\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    return ""


def same_size(message: bytes, size: int) -> bytes:
    """``message`` padded (in its body) to exactly ``size`` bytes."""
    assert len(message) <= size
    return message[:-2] + b"z" * (size - len(message)) + b"\r\n"


def forget_records(store_dir: Path) -> None:
    """Lose sync's records (a store from an old backup, a lost index): every pop3 table."""
    with sqlite3.connect(store_dir / "index.sqlite") as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'pop3%'"
            )
        ]
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')


# -- G55 a reused UIDL is new mail -------------------------------------------------------------


def test_reused_uidl_with_another_size_is_downloaded_not_deleted_unread(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G55: UIDL 1 was message A (fetched, deleted); now UIDL 1 is message B."""
    a, b = make_message(1, tag="a"), make_message(2, size=3_000, tag="b")
    first, second = MailboxState([a], [b"1"]), MailboxState([b], [b"1"])
    store = tmp_path / "store"
    assert run(first, pki, store, leave_on_server=False).downloaded == 1
    again = run(second, pki, store, leave_on_server=False)
    assert again.ok and again.downloaded == 1, again.summary
    assert message_ids(store) == ["<a-1@example.test>", "<b-2@example.test>"]
    assert deleted_ids(second) == ["<b-2@example.test>"]  # deleted only once it was stored


@pytest.mark.parametrize(
    ("policy", "deleted"),
    [
        ({"leave_on_server": False}, ["<b-2@example.test>"]),  # B stored first, then deleted
        ({"delete_after_days": 7}, []),
        ({"delete_when_trashed": True}, []),
    ],
    ids=["leave-off", "after-7-days", "when-trashed"],
)
def test_reused_uidl_with_the_same_size_is_caught_by_its_headers_before_dele(
    pki: CertificateAuthorities, tmp_path: Path, policy: dict[str, object], deleted: list[str]
) -> None:
    """plan G55: same UIDL, same LIST size, another Message-ID (TOP n 0): new mail. A was
    fetched 30 days ago (and, for the trash policy, deleted from Trash since)."""
    a = make_message(1, tag="a", size=2_000)
    b = same_size(make_message(2, tag="b"), len(a))
    store = tmp_path / "store"
    clock = Clock()
    assert run(MailboxState([a], [b"1"]), pki, store, clock=clock).downloaded == 1
    with Store.open(store) as opened:
        (row,) = opened.list("Inbox")
        opened.delete([row.id])
        opened.delete([row.id])  # deleted from Trash for good: A's server copy may go
    for days in (30, 31):  # a fetch a day after the first one past a long gap confirms the clock
        clock.now = T0 + days * DAY
        run(MailboxState([a], [b"1"]), pki, store, clock=clock)
    second = MailboxState([b], [b"1"])
    result = run(second, pki, store, clock=clock, **policy)
    assert result.ok and result.downloaded == 1, result.summary
    assert message_ids(store) == ["<b-2@example.test>"]
    assert deleted_ids(second) == deleted
    assert any(c.startswith(b"TOP 1") for c in second.commands)


def test_reused_uidl_is_new_mail_when_the_copy_is_kept_too(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G55, leave on server: a server that lost its UID list hands UIDL 2 (once
    message y, since deleted in webmail) to a new message; it is downloaded."""
    x, y, z = make_message(1, tag="x"), make_message(2, tag="y"), make_message(3, tag="z")
    z = same_size(z, len(z) + 500)
    store = tmp_path / "store"
    assert run(MailboxState([x, y], [b"1", b"2"]), pki, store).downloaded == 2
    after_reset = MailboxState([x, z], [b"1", b"2"])
    result = run(after_reset, pki, store)
    assert result.ok and result.downloaded == 1, result.summary
    assert message_ids(store) == sorted(f"<{t}@example.test>" for t in ("x-1", "y-2", "z-3"))


@pytest.fixture(scope="module")
def dovecot_u(pki: CertificateAuthorities) -> Iterator[DovecotServer]:
    """A Dovecot whose UIDLs are the bare IMAP UIDs (``%u``), as many installations have."""
    if DOVECOT is None:
        pytest.skip("Dovecot is not installed (Debian: apt-get install dovecot-pop3d)")
    server = DovecotServer(pki, uidl_format="%u")
    yield server
    server.stop()


def test_dovecot_that_lost_its_uid_list_reuses_uidls_and_nothing_is_lost(
    dovecot_u: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G55 against a real Dovecot: ``pop3_uidl_format = %u``, dovecot-uidlist and
    dovecot.index* removed; the next messages get UIDLs 1, 2 again."""
    user = dovecot_u.add_user()
    first = [make_message(n, tag="before") for n in (1, 2)]
    for m in first:
        user.deliver(m)
    account = account_for(dovecot_u, user, pki, leave_on_server=False)
    store = tmp_path / "store"
    with Store.open(store, create=True) as opened:
        assert fetch_account(account, opened, secret_of(user)).deleted == 2
    user.forget_uids()
    later = [make_message(n, size=4_000 + n, tag="after") for n in (1, 2)]
    for m in later:
        user.deliver(m)
    with Store.open(store) as opened:
        result = fetch_account(account, opened, secret_of(user))
    assert result.ok and result.downloaded == 2, result.summary
    assert user.message_count() == 0  # deleted, but only after they were stored
    assert len(stored_messages(store)) == 4
    assert sorted(stored_messages(store)) == sorted(first + later)


def test_dovecot_reset_with_copies_kept_downloads_the_new_and_not_the_old_again(
    dovecot_u: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G55, leave on server, real Dovecot: after a message is deleted in webmail and the
    UID list is lost, old messages move to other UIDLs and new mail takes known ones."""
    user = dovecot_u.add_user()
    old = [make_message(n, size=1_000 * n, tag="old") for n in (1, 2, 3)]
    for m in old:
        user.deliver(m)
    account = account_for(dovecot_u, user, pki)
    store = tmp_path / "store"
    with Store.open(store, create=True) as opened:
        assert fetch_account(account, opened, secret_of(user)).downloaded == 3
    user.remove_message(b"<old-1@example.test>")
    user.forget_uids()
    new = make_message(9, size=5_000, tag="new")
    user.deliver(new)
    with Store.open(store) as opened:
        result = fetch_account(account, opened, secret_of(user))
    assert result.ok and result.downloaded == 1, result.summary
    assert sorted(stored_messages(store)) == sorted([*old, new])  # no duplicate, none lost


# -- G56 records belong to the mailbox -------------------------------------------------------


def test_an_account_re_added_under_its_name_for_another_mailbox_starts_afresh(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G56: account 'a' fetched user1's mail (leave off); removed; 'a' added again for
    user2, whose messages have the same UIDLs."""
    store = tmp_path / "store"
    old = MailboxState([make_message(n, tag="user1") for n in (1, 2)], [b"1", b"2"])
    assert run(old, pki, store, name="a", username="user1", leave_on_server=False).deleted == 2
    new_messages = [make_message(n, tag="user2") for n in (1, 2, 3)]
    new = MailboxState(new_messages, [b"1", b"2", b"3"])
    result = run(new, pki, store, name="a", username="user2", leave_on_server=False)
    assert result.ok and result.downloaded == 3, result.summary
    assert sorted(new.deleted_numbers) == [1, 2, 3]
    for m in new_messages:
        assert m in stored_messages(store)  # every message deleted was stored first


def test_records_follow_the_mailbox_when_the_account_is_re_added_under_another_name(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G56, the other way round: the same server and user under a new account name is
    the same mailbox; nothing is downloaded twice."""
    store = tmp_path / "store"
    messages = [make_message(n) for n in (1, 2)]
    assert run(MailboxState(messages, [b"1", b"2"]), pki, store, name="old").downloaded == 2
    again = run(MailboxState(messages, [b"1", b"2"]), pki, store, name="new")
    assert again.ok and again.downloaded == 0, again.summary
    assert len(stored_messages(store)) == 2


# -- G57 rebuilding records from headers -------------------------------------------------------


def test_another_accounts_copy_never_stands_for_this_accounts_message(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G57: A fetched m; B (leave off, no records) holds a copy of m with the same
    Message-ID and Date but another body (a Cc copy). B's copy is downloaded."""
    m = make_message(1, tag="cc")
    copy = m.replace(b"Body line.", b"Body line, Bcc copy for B, with more text in it.")
    store = tmp_path / "store"
    assert run(MailboxState([m], [b"1"]), pki, store, name="A", username="alice").ok
    b_state = MailboxState([copy], [b"X1"])
    result = run(b_state, pki, store, name="B", username="bob", leave_on_server=False)
    assert result.ok and result.downloaded == 1, result.summary
    assert copy in stored_messages(store)
    assert b_state.deleted_numbers == [1]


def test_a_record_rebuilt_from_headers_never_deletes_in_that_session(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G57: the records are lost and the provider's migration gave every message a new
    UIDL. The account's own stored mail is matched on Message-ID + Date + size; a message of
    the same Message-ID and Date but another size is new mail; nothing matched is deleted
    until a later session has checked it again."""
    store = tmp_path / "store"
    own = [make_message(n, tag="own") for n in (1, 2)]
    assert run(MailboxState(own, [b"1", b"2"]), pki, store).downloaded == 2
    forget_records(store)
    lookalike = own[0].replace(b"Body line.", b"Body line, but a different copy.")
    listing = [*own, lookalike]
    rebuilding = MailboxState(listing, [b"n1", b"n2", b"n3"])
    result = run(rebuilding, pki, store, leave_on_server=False)
    assert result.ok and result.downloaded == 1, result.summary
    assert lookalike in stored_messages(store)
    assert rebuilding.deleted_numbers == [3]  # only the one just stored
    later = MailboxState(listing[:2], [b"n1", b"n2"])
    assert run(later, pki, store, leave_on_server=False).downloaded == 0
    assert later.deleted_numbers == [1, 2]  # checked again (TOP), then deleted
    assert len(stored_messages(store)) == 3


# -- G60 an empty listing does not resurrect deleted mail ----------------------------------------


@pytest.mark.parametrize("glitch", ["empty", "partial"])
def test_a_listing_glitch_does_not_bring_deleted_mail_back(
    pki: CertificateAuthorities, tmp_path: Path, glitch: str
) -> None:
    """plan G60: the server lists nothing (or one of three) once, then everything again."""
    messages = [make_message(n) for n in (1, 2, 3)]
    uidls = [b"1", b"2", b"3"]
    store = tmp_path / "store"
    clock = Clock()
    assert run(MailboxState(messages, uidls), pki, store, clock=clock).downloaded == 3
    with Store.open(store) as opened:
        first = next(r for r in opened.list("Inbox") if r.message_id == "<m-1@example.test>")
        opened.delete([first.id])
        opened.delete([first.id])  # deleted for good by the user
    clock.now += 3600
    shown = ([], []) if glitch == "empty" else ([messages[2]], [b"3"])
    assert run(MailboxState(*shown), pki, store, clock=clock).ok
    clock.now += 3600
    result = run(MailboxState(messages, uidls), pki, store, clock=clock)
    assert result.ok and result.downloaded == 0, result.summary
    assert message_ids(store) == ["<m-2@example.test>", "<m-3@example.test>"]


# -- G61 clock jumps never delete ------------------------------------------------------------------


def _daily_until_deleted(
    pki: CertificateAuthorities, store: Path, clock: Clock, messages: list[bytes]
) -> int:
    """Fetch once a day from T0 + 1 day on; return the day the server copies were deleted."""
    uidls = [str(n).encode() for n in range(1, len(messages) + 1)]
    for day in range(1, 30):
        clock.now = T0 + day * DAY
        state = MailboxState(messages, uidls)
        assert run(state, pki, store, clock=clock, delete_after_days=7).ok
        if state.deleted_numbers:
            assert state.deleted_numbers == list(range(1, len(messages) + 1))
            return day
    raise AssertionError("never deleted")


def test_a_clock_jump_back_during_a_fetch_deletes_nothing_early(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G61: "delete after 7 days"; a fetch runs while the clock is five years behind,
    then the clock is corrected: what that fetch saw first is not five years old."""
    store = tmp_path / "store"
    clock = Clock()
    older = make_message(1)
    assert run(MailboxState([older], [b"1"]), pki, store, clock=clock, delete_after_days=7).ok
    clock.now = T0 - 5 * 365 * DAY  # jump back
    newer = make_message(2)
    during = MailboxState([older, newer], [b"1", b"2"])
    assert run(during, pki, store, clock=clock, delete_after_days=7).downloaded == 1
    assert during.deleted_numbers == []
    assert _daily_until_deleted(pki, store, clock, [older, newer]) == 7


def test_a_clock_jump_forward_deletes_nothing_early(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G61: the clock runs five years ahead for a few hours of fetches, then is
    corrected: nothing looks five years old, and what those fetches saw first does not
    date from the future."""
    store = tmp_path / "store"
    clock = Clock()
    older = make_message(1)
    assert run(MailboxState([older], [b"1"]), pki, store, clock=clock, delete_after_days=7).ok
    newer = make_message(2)
    for hours in (0, 1, 3):  # jump forward, and the app checks again every so often
        clock.now = T0 + 5 * 365 * DAY + hours * 3600
        during = MailboxState([older, newer], [b"1", b"2"])
        assert run(during, pki, store, clock=clock, delete_after_days=7).ok
        assert during.deleted_numbers == []
    assert _daily_until_deleted(pki, store, clock, [older, newer]) == 7


# -- G62 the dry run is the real run -------------------------------------------------------------


def _combinations() -> Iterator[dict[str, object]]:
    for leave, days, trashed, headers, fresh in itertools.product(
        (True, False), (None, 7), (False, True), (None, 2), (False, True)
    ):
        yield {
            "leave_on_server": leave,
            "delete_after_days": days,
            "delete_when_trashed": trashed,
            "headers_only_over_kb": headers,
            "fresh": fresh,
        }


KNOWN = [make_message(1), make_message(2), make_message(3, size=4_000)]
KNOWN_UIDLS = [b"k1", b"k2", b"k3"]
LATER = T0 + 11 * DAY


@pytest.fixture(scope="module")
def known_store(pki: CertificateAuthorities, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three messages fetched (a copy kept) at T0; the second deleted from Trash since; the
    clock ten days on, and confirmed by a fetch a day later."""
    store = tmp_path_factory.mktemp("known") / "store"
    clock = Clock()
    assert run(MailboxState(KNOWN, KNOWN_UIDLS), pki, store, clock=clock).ok
    with Store.open(store) as opened:
        trashed = next(r for r in opened.list("Inbox") if r.message_id == "<m-2@example.test>")
        opened.delete([trashed.id])
        opened.delete([trashed.id])
    for when in (T0 + 10 * DAY, LATER):
        clock.now = when
        assert run(MailboxState(KNOWN, KNOWN_UIDLS), pki, store, clock=clock).ok
    return store


@pytest.mark.parametrize(
    "combination", list(_combinations()), ids=lambda c: "-".join(f"{v}" for v in c.values())
)
def test_the_dry_run_lists_exactly_the_deletions_of_the_real_run(
    pki: CertificateAuthorities, tmp_path: Path, known_store: Path, combination: dict[str, object]
) -> None:
    """plan G62: for every combination of the policies, with known messages (one of them
    deleted from Trash, all eleven days old) and with or without fresh ones."""
    policy = dict(combination)
    fresh = bool(policy.pop("fresh"))
    store = tmp_path / "store"
    shutil.copytree(known_store, store)
    clock = Clock(LATER)
    messages, uidls = list(KNOWN), list(KNOWN_UIDLS)
    if fresh:
        messages += [make_message(4), make_message(5, size=4_000)]
        uidls += [b"f4", b"f5"]
    dry = run(MailboxState(messages, uidls), pki, store, clock=clock, dry_run=True, **policy)
    assert dry.ok, dry.summary
    planned = sorted(p.number for p in dry.planned if p.action == "delete")
    real_state = MailboxState(messages, uidls)
    real = run(real_state, pki, store, clock=clock, **policy)
    assert real.ok, real.summary
    assert sorted(real_state.deleted_numbers) == planned
    assert real.deleted == len(planned)
    planned_downloads = sorted(p.number for p in dry.planned if p.action == "download")
    fetched = sorted(
        int(c.split()[1]) for c in real_state.commands if c.upper().startswith(b"RETR")
    )
    assert fetched == planned_downloads
    # and the plan is not empty where the settings delete (the table is in test_syncplan)
    if not policy["leave_on_server"] or policy["delete_after_days"]:
        assert planned[:3] == [1, 2, 3]
    elif policy["delete_when_trashed"]:
        assert planned == [2]
