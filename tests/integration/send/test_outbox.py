"""The Outbox against real aiosmtpd: queue, flush, Sent, retries, and never a silent resend.

Plan F47 (uncertain, including a sender killed while waiting for the final reply), F48, F49,
F50 (Sent keeps Bcc), and "server down → stays in Outbox and goes on the next flush".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import (
    FAILED,
    OUTBOX,
    RETRY,
    SENT,
    UNCERTAIN,
    Outbox,
    backoff_seconds,
)
from hongyan.core.smtp import Timeouts
from hongyan.core.store import Store
from hongyan.core.texts import Text
from support.certs import CertificateAuthorities
from support.sending import Clock, account_for, parse, route_to
from support.smtp_faults import FlakyHandler, VanishingHandler, smtp_server_with
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

FAST = Timeouts(command=5, data_termination=5)


def queue(outbox: Outbox, account: Account, **fields: object) -> int:
    draft = Draft(to=["bob@example.test"], subject="你好", body="正文\n", **fields)  # type: ignore[arg-type]
    return outbox.queue(build_message(draft, account), account.name)


def test_send_moves_to_sent_with_bcc_kept(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan F50: what goes out has no Bcc; the Sent copy keeps it."""
    account = account_for(smtp_server, pki)
    outbox = Outbox(store, timeouts=FAST)
    store_id = queue(outbox, account, bcc=["hidden@example.test"])
    assert store.get(store_id).folder == OUTBOX
    report = outbox.flush(route_to(account))
    assert [entry.id for entry, _ in report.sent] == [store_id]
    assert store.get(store_id).folder == SENT
    assert outbox.entries() == []
    [received] = smtp_server.messages
    assert set(received.rcpt_tos) == {"bob@example.test", "hidden@example.test"}
    assert b"hidden@example.test" not in received.data
    assert parse(store.read_bytes(store_id))["Bcc"] == "hidden@example.test"
    assert "Sent “你好”" in report.lines()[0]


def test_server_down_keeps_it_in_outbox_and_the_next_flush_sends_it(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """Offline: the message stays with its error and a back-off; it goes when due."""
    account = account_for(smtp_server, pki)
    down = account_for(smtp_server, pki, smtp=ServerSettings("127.0.0.1", 9, "ssl"))
    clock = Clock()
    outbox = Outbox(store, clock=clock, timeouts=FAST)
    store_id = queue(outbox, account)
    report = outbox.flush(route_to(down))
    [entry] = outbox.entries()
    assert (entry.state, entry.attempts) == (RETRY, 1)
    assert "server is down" in entry.last_error
    assert entry.next_attempt == clock.now + backoff_seconds(1)
    assert "will be tried again" in report.lines()[0]
    # Not due yet: the next flush leaves it alone.
    outbox.flush(route_to(account))
    assert smtp_server.messages == []
    clock.now += backoff_seconds(1)
    outbox.flush(route_to(account))
    assert len(smtp_server.messages) == 1
    assert store.get(store_id).folder == SENT


def test_back_off_grows_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff_seconds(50) == 3600


def test_temporary_refusal_is_retried_and_delivered_once(
    store: Store, pki: CertificateAuthorities
) -> None:
    """plan F48: 421 at MAIL, then the server recovers: exactly one copy, then Sent."""
    server = smtp_server_with(pki, FlakyHandler("MAIL", "421 4.3.2 Shutting down"))
    try:
        account = account_for(server, pki)
        outbox = Outbox(store, timeouts=FAST)
        store_id = queue(outbox, account)
        outbox.flush(route_to(account))
        assert outbox.entry(store_id).state == RETRY
        outbox.flush(route_to(account), force=True)
        assert len(server.messages) == 1
        assert store.get(store_id).folder == SENT
    finally:
        server.stop()


def test_permanent_refusal_waits_for_the_user(store: Store, pki: CertificateAuthorities) -> None:
    """plan F48: a 5xx stops retries; the message stays with the server's words."""
    server = smtp_server_with(pki, FlakyHandler("MAIL", "550 5.7.1 Not allowed", failures=9))
    try:
        account = account_for(server, pki)
        outbox = Outbox(store, timeouts=FAST)
        store_id = queue(outbox, account)
        outbox.flush(route_to(account))
        outbox.flush(route_to(account), force=True)
        entry = outbox.entry(store_id)
        assert (entry.state, entry.attempts) == (FAILED, 1)
        assert "Not allowed" in entry.last_error
        assert server.messages == []
    finally:
        server.stop()


def test_partial_refusal_is_reported_and_not_resent(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan F49: 1 of 3 refused: named in the report; the message is in Sent, sent once."""
    smtp_server.handler.refuse.add("gone@example.test")
    account = account_for(smtp_server, pki)
    outbox = Outbox(store, timeouts=FAST)
    queue(outbox, account, cc=["gone@example.test, third@example.test"])
    report = outbox.flush(route_to(account))
    assert "gone@example.test" in report.lines()[0]
    outbox.flush(route_to(account), force=True)
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("bob@example.test", "third@example.test")


def test_lost_after_final_dot_is_uncertain_and_resent_only_by_hand(
    store: Store, pki: CertificateAuthorities
) -> None:
    """plan F47: exactly one copy; no automatic retry; a manual resend keeps the Message-ID."""
    server = smtp_server_with(pki, VanishingHandler())
    try:
        account = account_for(server, pki)
        outbox = Outbox(store, timeouts=FAST)
        store_id = queue(outbox, account)
        report = outbox.flush(route_to(account))
        assert outbox.entry(store_id).state == UNCERTAIN
        assert "may have received it" in report.lines()[0]
        outbox.flush(route_to(account), force=True)
        assert len(server.messages) == 1
        outbox.resend(store_id)
        outbox.flush(route_to(account))
        assert len(server.messages) == 2
        first, second = (parse(m.data)["Message-ID"] for m in server.messages)
        assert first == second == store.get(store_id).message_id
    finally:
        server.stop()


def test_mark_sent_files_an_uncertain_message_without_sending(
    store: Store, pki: CertificateAuthorities
) -> None:
    server = smtp_server_with(pki, VanishingHandler())
    try:
        account = account_for(server, pki)
        outbox = Outbox(store, timeouts=FAST)
        store_id = queue(outbox, account)
        outbox.flush(route_to(account))
        outbox.mark_sent(store_id)
        assert store.get(store_id).folder == SENT
        assert len(server.messages) == 1
    finally:
        server.stop()


KILLED_SENDER = textwrap.dedent(
    """
    import sys
    from hongyan.core.accounts import ServerSettings
    from hongyan.core.outbox import Outbox
    from hongyan.core.secrets import Secret
    from hongyan.core.smtp import Timeouts
    from hongyan.core.store import Store

    store_path, port, pem = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
    server = ServerSettings("127.0.0.1", port, "ssl", "sender@example.test", trust_cert_pem=pem)
    with Store.open(store_path) as store:
        login = ("sender@example.test", Secret("smtp-Pa55"))
        Outbox(store, timeouts=Timeouts(10, 60)).flush(lambda name: (server, login))
    """
)


def test_sender_killed_while_waiting_for_the_final_reply_is_not_resent(
    tmp_path: Path, pki: CertificateAuthorities
) -> None:
    """plan F47 with kill -9: the server has the message; the next flush marks it uncertain."""
    server = smtp_server_with(pki, VanishingHandler(delay=30))
    try:
        account = account_for(server, pki)
        store_path = tmp_path / "Mail"
        with Store.open(store_path, create=True) as store:
            store_id = queue(Outbox(store), account)
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_SENDER, str(store_path), str(server.tls_port),
             str(pki.ca_pem)],
            env=dict(os.environ),
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while not server.messages and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(server.messages) == 1
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
        with Store.open(store_path) as store:
            outbox = Outbox(store, timeouts=FAST)
            report = outbox.flush(route_to(account))
            entry = outbox.entry(store_id)
            assert entry.state == UNCERTAIN
            assert "may have been delivered" in entry.last_error
            assert report.sent == []
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_sender_killed_before_the_final_dot_is_retried(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """A state left at "sending" (killed before the final dot): nothing arrived, so retry."""
    account = account_for(smtp_server, pki)
    outbox = Outbox(store, timeouts=FAST)
    store_id = queue(outbox, account)
    outbox._set(outbox.entry(store_id).message_id, "sending", attempts=1)
    outbox.flush(route_to(account))
    assert len(smtp_server.messages) == 1
    assert store.get(store_id).folder == SENT


def test_killed_after_acceptance_before_the_move_is_not_resent(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """State "sent" but still in Outbox: the next flush only files it in Sent."""
    account = account_for(smtp_server, pki)
    outbox = Outbox(store, timeouts=FAST)
    store_id = queue(outbox, account)
    outbox._set(outbox.entry(store_id).message_id, "sent")
    outbox.flush(route_to(account))
    assert smtp_server.messages == []
    assert store.get(store_id).folder == SENT


def test_a_message_without_state_row_is_queued(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """Killed between the store write and the state insert: the message still goes."""
    account = account_for(smtp_server, pki)
    from hongyan.core.message.compose import message_bytes

    data = message_bytes(build_message(Draft(to=["bob@example.test"]), account))
    store_id = store.add(OUTBOX, data, account=account.name)
    Outbox(store, timeouts=FAST).flush(route_to(account))
    assert len(smtp_server.messages) == 1
    assert store.get(store_id).folder == SENT


def test_two_senders_never_run_at_once(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    from hongyan.core.outbox import _exclusive

    account = account_for(smtp_server, pki)
    outbox = Outbox(store, timeouts=FAST)
    queue(outbox, account)
    with _exclusive(store.root / "outbox.lock") as held:
        assert held
        report = outbox.flush(route_to(account))
    assert report.busy
    assert smtp_server.messages == []


def test_the_last_error_is_kept_with_its_template_so_it_can_be_shown_translated(
    tmp_path: Path, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """The window shows the Outbox's last error in the user's language, also after a restart:
    the column keeps the message's template and values, the CLI reads the English."""
    account = account_for(smtp_server, pki)
    down = account_for(smtp_server, pki, smtp=ServerSettings("127.0.0.1", 9, "ssl"))
    with Store.open(tmp_path / "Mail", create=True) as store:
        outbox = Outbox(store, clock=Clock(), timeouts=FAST)
        queue(outbox, account)
        outbox.flush(route_to(down))
    with Store.open(tmp_path / "Mail") as reopened:
        [entry] = Outbox(reopened, timeouts=FAST).entries()
    error = entry.last_error
    assert isinstance(error, Text)
    assert error.source.startswith("Cannot reach {where} ({os_reason}).")
    assert isinstance(error.params["os_reason"], Text)  # "connection refused: ..." nested
    assert str(error) == (
        "Cannot reach 127.0.0.1:9 (connection refused: the server is down or the port is "
        "wrong). The message will be sent later."
    )
