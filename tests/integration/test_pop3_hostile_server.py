"""Security plan group C: a hostile POP3 server (scripted), as the fetch engine meets it."""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from hongyan.core.pop3 import Limits, ProtocolError, ServerTimeoutError, open_session
from hongyan.core.secrets import Secret
from hongyan.core.store import Store
from hongyan.core.sync import AccountResult, FetchOptions, fetch_account
from support.certs import CertificateAuthorities
from support.fetching import account_at, make_message, message_ids, stored_messages
from support.pop3_script import FAST, MailboxState, mailbox
from support.scripted_server import Expect, Repeat, ScriptedServer, Send, Sleep, trickle

pytestmark = pytest.mark.integration

PASSWORD = "secret-Pa55"


def fetch(
    server: ScriptedServer,
    pki: CertificateAuthorities,
    store_dir: Path,
    *,
    limits: Limits = FAST,
    **policy: object,
) -> AccountResult:
    account = account_at(server.host, server.port, pki, **policy)  # type: ignore[arg-type]
    with Store.open(store_dir, create=True) as store:
        return fetch_account(account, store, Secret(PASSWORD), options=FetchOptions(limits=limits))


def serve(pki: CertificateAuthorities, *states: MailboxState) -> ScriptedServer:
    return ScriptedServer(scripts=[[mailbox(s)] for s in states], implicit_tls=pki.server_context())


def tmp_leftovers(store_dir: Path) -> list[str]:
    return os.listdir(store_dir / "tmp")


def head(*lines: bytes) -> list[object]:
    """Greeting, CAPA and login of a scripted session, before the hostile part."""
    return [
        Send(b"+OK hi\r\n"),
        Expect(b"CAPA"),
        Send(b"+OK\r\nUSER\r\nUIDL\r\n.\r\n"),
        Expect(b"USER"),
        Send(b"+OK\r\n"),
        Expect(b"PASS"),
        Send(b"+OK\r\n"),
        *lines,
    ]


# -- C18 overlong line -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["greeting", "user reply"])
def test_overlong_line_is_a_protocol_error_with_bounded_memory(
    pki: CertificateAuthorities, tmp_path: Path, where: str
) -> None:
    """plan C18: a 10 MB line with no CRLF."""
    blob = b"+OK " + b"A" * 10_000_000
    if where == "greeting":
        script: list[object] = [Send(blob)]
    else:
        script = [Send(b"+OK hi\r\n"), Expect(b"CAPA"), Send(b"+OK\r\nUSER\r\n.\r\n")]
        script += [Expect(b"USER"), Send(blob)]
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        tracemalloc.start()
        try:
            result = fetch(server, pki, tmp_path / "store")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(result.error, ProtocolError)
    assert "far too long" in str(result.error)
    assert peak < 20_000_000
    assert stored_messages(tmp_path / "store") == []


# -- C19 never-ending multiline replies ----------------------------------------------------------


@pytest.mark.parametrize("command", [b"RETR", b"UIDL", b"LIST"])
def test_never_ending_reply_trips_a_cap(
    pki: CertificateAuthorities, tmp_path: Path, command: bytes
) -> None:
    """plan C19: short lines forever, never '.'; the cap trips, tmp is cleaned, no DELE."""
    endless = [Send(b"+OK\r\n"), Repeat(b"this line never ends the reply\r\n" * 100)]
    script = head()
    if command == b"RETR":
        script += [Expect(b"UIDL"), Send(b"+OK\r\n1 a\r\n.\r\n"), Expect(b"LIST")]
        script += [Send(b"+OK\r\n1 100\r\n.\r\n"), Expect(b"RETR"), *endless]
    elif command == b"UIDL":
        script += [Expect(b"UIDL"), *endless]
    else:
        script += [Expect(b"UIDL"), Send(b"+OK\r\n1 a\r\n.\r\n"), Expect(b"LIST"), *endless]
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        tracemalloc.start()
        try:
            result = fetch(server, pki, tmp_path / "store", leave_on_server=False)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(result.error, ProtocolError), result.summary
    assert peak < 50_000_000
    assert tmp_leftovers(tmp_path / "store") == []
    assert b"DELE" not in server.received and b"QUIT" not in server.received


# -- C20 wrong byte counts -----------------------------------------------------------------------


@pytest.mark.parametrize(("listed", "actual"), [(100, 10_000), (10_000, 100)])
def test_wrong_byte_counts_store_the_message_and_block_its_dele(
    pki: CertificateAuthorities, tmp_path: Path, listed: int, actual: int
) -> None:
    """plan C20: the complete message is stored whatever LIST said; >2x blocks DELE."""
    odd = make_message(1, size=actual)
    normal = make_message(2)
    state = MailboxState([odd, normal], [b"a", b"b"], list_sizes=[listed, len(normal)])
    with serve(pki, state) as server:
        result = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert result.ok and result.downloaded == 2
    assert sorted(stored_messages(tmp_path / "store")) == sorted([odd, normal])
    assert state.deleted_numbers == [2]
    assert any("announced" in w for w in result.warnings)


def test_wrong_byte_count_beyond_the_cap_leaves_that_message_and_fetches_the_rest(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C20, the mismatch beyond the cap (LIST 100, RETR 200 KB: over 2 x 100 + 64 KiB):
    that message is left on the server and named; the mailbox is not blocked, now or later."""
    odd, normal = make_message(1, size=200_000), make_message(2)
    both = [MailboxState([odd, normal], [b"a", b"b"], list_sizes=[100, len(normal)]) for _ in "12"]
    later = MailboxState([odd], [b"a"], list_sizes=[100])
    with serve(pki, *both, later) as server:
        result = fetch(server, pki, tmp_path / "store", leave_on_server=False)
        again = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert result.ok and result.downloaded == 1, result.summary
    assert stored_messages(tmp_path / "store") == [normal]
    assert [m.number for m in result.left_on_server] == [1]
    assert (both[0].deleted_numbers, both[1].deleted_numbers) == ([], [2])  # a new session
    assert again.ok and again.downloaded == 0 and len(again.left_on_server) == 1
    assert later.deleted_numbers == [] and b"RETR 1" not in later.commands


# -- C21 a message over the cap is left on the server, the rest is fetched -----------------------


def test_message_over_the_size_cap_is_skipped_and_does_not_block_the_rest(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C21 (the cap part; the long-line part runs against Dovecot)."""
    big, small = make_message(1, size=300_000), make_message(2)
    state = MailboxState([big, small], [b"a", b"b"])
    limits = Limits(command_timeout=5, max_message_bytes=200_000)
    with serve(pki, state) as server:
        result = fetch(server, pki, tmp_path / "store", limits=limits, leave_on_server=False)
    assert result.ok and (result.downloaded, result.skipped) == (1, 1)
    assert "1 left on the server" in result.summary
    (left,) = result.left_on_server
    assert (left.number, left.subject, left.size) == (1, "m 1", len(big))
    assert "size limit" in left.reason
    assert state.deleted_numbers == [2]
    assert not any(c.startswith(b"RETR 1") for c in state.commands)


# -- C22 garbage status lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [b"OK\r\n", b"+ok\r\n", b"+OKAY\r\n", b"\r\n", b"\x00\xff\r\n", b"-ERR no such message\r\n"],
    ids=["OK", "+ok", "+OKAY", "empty", "binary", "-ERR"],
)
def test_garbage_reply_to_retr_is_a_clean_protocol_error(
    pki: CertificateAuthorities, tmp_path: Path, reply: bytes
) -> None:
    """plan C22."""
    script = head(
        Expect(b"UIDL"),
        Send(b"+OK\r\n1 a\r\n.\r\n"),
        Expect(b"LIST"),
        Send(b"+OK\r\n1 100\r\n.\r\n"),
        Expect(b"RETR"),
        Send(reply),
        Sleep(2),
    )
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        result = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert isinstance(result.error, ProtocolError)
    assert b"DELE" not in server.received
    assert stored_messages(tmp_path / "store") == []


def test_unsolicited_reply_before_a_command_is_a_protocol_error(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C22: an extra '+OK' arrives before UIDL was sent."""
    script = [
        Send(b"+OK hi\r\n"),
        Expect(b"CAPA"),
        Send(b"+OK\r\nUSER\r\n.\r\n"),
        Expect(b"USER"),
        Send(b"+OK\r\n"),
        Expect(b"PASS"),
        Send(b"+OK\r\n+OK 1 100\r\n"),
        Sleep(2),
    ]
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        result = fetch(server, pki, tmp_path / "store")
    assert isinstance(result.error, ProtocolError)
    assert "before it was asked" in str(result.error)


def test_crlf_split_across_segments_works(pki: CertificateAuthorities, tmp_path: Path) -> None:
    """plan C22 control case: a reply cut into many TCP segments, even inside CRLF."""
    message = make_message(1)
    body = b"+OK\r\n" + message + b".\r\n"
    script = head(
        Expect(b"UIDL"),
        *trickle(b"+OK\r\n1 a\r", every=0.01),
        Send(b"\n.\r\n"),
        Expect(b"LIST"),
        Send(f"+OK\r\n1 {len(message)}\r\n.\r".encode()),
        Sleep(0.05),
        Send(b"\n"),
        Expect(b"RETR"),
        *trickle(body, every=0.0, chunk=7),
        Expect(b"QUIT"),
        Send(b"+OK\r\n"),
    )
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        result = fetch(server, pki, tmp_path / "store")
    assert result.ok, result.summary
    assert stored_messages(tmp_path / "store") == [message]


# -- C23 slowloris and silent servers --------------------------------------------------------------


def test_silent_server_times_out(pki: CertificateAuthorities, tmp_path: Path) -> None:
    """plan C23a: TCP accept, no greeting."""
    with ScriptedServer([Sleep(10)], implicit_tls=pki.server_context()) as server:
        started = time.monotonic()
        result = fetch(server, pki, tmp_path / "store")
    assert isinstance(result.error, ServerTimeoutError) or "timed out" in str(result.error)
    assert time.monotonic() - started < 8


def test_trickled_body_is_stopped_by_the_overall_deadline(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C23b: one byte every 0.5 s resets a socket timeout each time; the per-command
    deadline (2 s here, 5 s in the plan) stops it anyway."""
    limits = Limits(connect_timeout=3, idle_timeout=3, command_timeout=2, min_rate=1 << 30)
    script = head(
        Expect(b"UIDL"),
        Send(b"+OK\r\n1 a\r\n.\r\n"),
        Expect(b"LIST"),
        Send(b"+OK\r\n1 100\r\n.\r\n"),
        Expect(b"RETR"),
        Send(b"+OK\r\n"),
        *trickle(b"Subject: slow\r\n" * 10, every=0.5),
    )
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        started = time.monotonic()
        result = fetch(server, pki, tmp_path / "store", limits=limits)
        elapsed = time.monotonic() - started
    assert isinstance(result.error, ServerTimeoutError), result.summary
    assert elapsed < 5
    assert tmp_leftovers(tmp_path / "store") == []


# -- C24 connection drop mid-RETR ---------------------------------------------------------------


def test_drop_mid_retr_keeps_earlier_messages_and_the_next_run_completes(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C24: close halfway through message 2 of 3."""
    messages = [make_message(n, size=5_000) for n in (1, 2, 3)]
    broken = MailboxState(messages, [b"a", b"b", b"c"], drop_in_retr=2)
    healthy = MailboxState(messages, [b"a", b"b", b"c"])
    with serve(pki, broken, healthy) as server:
        first = fetch(server, pki, tmp_path / "store", leave_on_server=False)
        assert not first.ok and first.downloaded == 1
        assert stored_messages(tmp_path / "store") == [messages[0]]
        assert tmp_leftovers(tmp_path / "store") == []
        assert not any(c.startswith((b"DELE", b"QUIT")) for c in broken.commands)
        second = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert second.ok and second.downloaded == 2
    assert message_ids(tmp_path / "store") == [f"<m-{n}@example.test>" for n in (1, 2, 3)]
    assert healthy.deleted_numbers == [1, 2, 3]


# -- C25 RETR returns another message ------------------------------------------------------------


def test_retr_returning_another_message_blocks_dele_and_loses_nothing(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C25: UIDL 1 AAA, 2 BBB; RETR 1 sends BBB's (much larger) content."""
    aaa, bbb = make_message(1), make_message(2, size=20_000)
    lying = MailboxState([aaa, bbb], [b"AAA", b"BBB"], retr_content={1: bbb})
    honest = MailboxState([aaa, bbb], [b"AAA", b"BBB"])
    with serve(pki, lying, honest) as server:
        first = fetch(server, pki, tmp_path / "store", leave_on_server=False)
        assert first.ok and lying.deleted_numbers == [2]  # DELE of 1 blocked
        second = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert second.ok and second.downloaded == 1
    assert aaa in stored_messages(tmp_path / "store")
    assert honest.deleted_numbers == [1, 2]  # the right AAA is now stored: both may go


# -- C26 duplicate UIDLs ---------------------------------------------------------------------------


def test_duplicate_uidls_download_both_and_delete_neither(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C26."""
    messages = [make_message(1), make_message(2), make_message(3)]
    states = [MailboxState(messages, [b"X", b"X", b"Y"]) for _ in range(2)]
    with serve(pki, *states) as server:
        first = fetch(server, pki, tmp_path / "store", leave_on_server=False)
        second = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert first.downloaded == 3 and second.downloaded == 0
    assert states[0].deleted_numbers == [3]
    assert any("same UIDL" in w for w in first.warnings)
    assert len(stored_messages(tmp_path / "store")) == 3


# -- C27 UIDLs with path or SQL characters --


def test_hostile_uidls_are_never_paths_and_sql_is_bound(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C27."""
    uidls = [
        b"../../x",
        b"a/b",
        b"C:\\x",
        b"CON",
        b"x'); DROP TABLE messages;--",
        b"y');DROP/**/TABLE/**/messages;--",
        b"u" * 71,
        b"with\x00nul",
    ]
    messages = [make_message(n) for n in range(len(uidls))]
    state = MailboxState(messages, uidls)
    state_again = MailboxState(messages, uidls)
    before = set(os.listdir(tmp_path))
    with serve(pki, state, state_again) as server:
        result = fetch(server, pki, tmp_path / "store")
        again = fetch(server, pki, tmp_path / "store")
    assert result.ok and result.downloaded == len(uidls)
    assert again.ok and again.downloaded == 0
    assert set(os.listdir(tmp_path)) - before == {"store"}
    with Store.open(tmp_path / "store") as store:
        assert store.count("Inbox") == len(uidls)  # the messages table is still there
        keys = [r[0] for r in store.connection.execute("SELECT key FROM pop3_records")]
    assert all(len(k) <= 70 and all(0x21 <= ord(c) <= 0x7E for c in k) for k in keys)
    assert "y');DROP/**/TABLE/**/messages;--" in keys  # in spec: kept as is, bound in SQL


# -- C28 no UIDL with keep on server --


def test_no_uidl_falls_back_to_a_content_key_and_never_deletes(
    pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan C28: UIDL -> -ERR; fallback key Message-ID + Date + size; never DELE."""
    messages = [make_message(1), make_message(2)]
    states = [MailboxState(messages, None) for _ in range(2)]
    with serve(pki, *states) as server:
        first = fetch(server, pki, tmp_path / "store", leave_on_server=False)
        second = fetch(server, pki, tmp_path / "store", leave_on_server=False)
    assert first.ok and first.downloaded == 2 and second.downloaded == 0
    assert states[0].deleted_numbers == states[1].deleted_numbers == []
    assert any("does not support UIDL" in w for w in first.warnings)


def test_retrieve_streams_without_holding_the_message(pki: CertificateAuthorities) -> None:
    """plan C19/C21 mechanics: a 5 MB message arrives in chunks, not one buffer."""
    message = make_message(1, size=5_000_000)
    reply = b"+OK\r\n" + message + b".\r\n"  # prepared before tracing (same process)
    script = head(
        Expect(b"LIST"),
        Send(f"+OK\r\n1 {len(message)}\r\n.\r\n".encode()),
        Expect(b"RETR"),
        Send(reply),
        Expect(b"QUIT"),
        Send(b"+OK\r\n"),
    )
    with ScriptedServer(script, implicit_tls=pki.server_context()) as server:  # type: ignore[arg-type]
        session = open_session(server.host, server.port, "ssl", pki.client_context())
        session.login("user", Secret(PASSWORD))
        sizes = session.list_all()
        tracemalloc.start()
        try:
            total = 0
            for item in session.retrieve(sorted(sizes.items())):
                for chunk in item.chunks:
                    total += len(chunk)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        session.finish()
    assert total == len(message)
    assert peak < 2_000_000


def test_nothing_new_is_one_uidl_exchange(pki: CertificateAuthorities, tmp_path: Path) -> None:
    """Issue 5, leave-on-server growth: with nothing new, UIDL and LIST (sent in one write, the
    server pipelines) are the whole conversation; the sizes tell a reused UIDL (plan G55)."""
    messages = [make_message(n) for n in range(200)]
    uidls = [f"u{n}".encode() for n in range(200)]
    first, second = MailboxState(messages, uidls), MailboxState(messages, uidls)
    with serve(pki, first, second) as server:
        assert fetch(server, pki, tmp_path / "store").downloaded == 200
        again = fetch(server, pki, tmp_path / "store")
    assert again.ok and again.downloaded == 0 and again.on_server == 200
    assert [c.split()[0] for c in second.commands] == [b"CAPA", b"AUTH", b"UIDL", b"LIST", b"QUIT"]
