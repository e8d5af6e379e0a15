"""Sending later against real aiosmtpd with a controllable clock: a message waits for its
time, goes once, says when it went late, keeps its time through reindex, store move and a
lost index, and a kill -9 at the due time sends nothing twice (plan F47)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from hongyan.core.accounts import Account
from hongyan.core.drafts import DRAFTS
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import OUTBOX, SENT, UNCERTAIN, Outbox
from hongyan.core.sendlater import local_time_text, read_send_at
from hongyan.core.smtp import Timeouts
from hongyan.core.store import Store
from hongyan.core.store.relocate import relocate
from support.certs import CertificateAuthorities
from support.interrupt import killed_when_done
from support.sending import Clock, account_for, parse, route_to
from support.smtp_faults import VanishingHandler, smtp_server_with
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

FAST = Timeouts(command=5, data_termination=5)
DUE = 1_796_605_200.0  # Monday 2026-12-07, 09:00 in Beijing


def queue_for_monday(outbox: Outbox, account: Account) -> int:
    draft = Draft(to=["wang@customer.example"], subject="周一见", body="周一上午九点开会。\n")
    return outbox.queue(build_message(draft, account), account.name, send_at=DUE)


def test_a_message_waits_in_the_outbox_until_its_time(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki)
    clock = Clock(DUE - 3 * 86400)  # written on Friday
    outbox = Outbox(store, clock=clock, timeouts=FAST)
    store_id = queue_for_monday(outbox, account)
    assert outbox.entry(store_id).send_at == DUE
    report = outbox.flush(route_to(account), force=True)  # even "send everything now" waits
    assert [e.id for e in report.scheduled] == [store_id]
    assert report.lines()[0].startswith("“周一见” waits until ")
    clock.now = DUE - 1
    outbox.flush(route_to(account))
    assert smtp_server.messages == [] and store.get(store_id).folder == OUTBOX
    clock.now = DUE + 30
    report = outbox.flush(route_to(account))
    assert [e.id for e, _r in report.sent] == [store_id] and report.late == {}
    [received] = smtp_server.messages
    assert b"X-Hongyan-Send-At" not in received.data  # the time stays on this machine
    assert parsedate_to_datetime(parse(received.data)["Date"]).timestamp() == DUE
    assert store.get(store_id).folder == SENT
    assert outbox.flush(route_to(account)).sent == []
    assert len(smtp_server.messages) == 1


def test_a_message_sent_after_the_machine_was_off_says_how_late(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """The autostart fetch at login sends what fell due while the machine was off."""
    account = account_for(smtp_server, pki)
    clock = Clock(DUE - 3600)
    outbox = Outbox(store, clock=clock, timeouts=FAST)
    store_id = queue_for_monday(outbox, account)
    clock.now = DUE + 3 * 3600
    report = outbox.flush(route_to(account))
    assert report.late == {store_id: 3 * 3600}
    due = local_time_text(DUE)
    assert report.lines()[0].startswith(f"Sent “周一见” 3 hours late (it was due at {due}).")


def test_the_time_survives_reindex_move_and_a_lost_index(
    tmp_path: Path, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki)
    clock = Clock(DUE - 86400)
    with Store.open(tmp_path / "Mail", create=True) as store:
        queue_for_monday(Outbox(store, clock=clock), account)
        store.reindex()
        assert [e.send_at for e in Outbox(store, clock=clock).entries()] == [DUE]
    moved = relocate(tmp_path / "Mail", tmp_path / "usb" / "Mail")
    moved.finish()
    (moved.dest / "index.sqlite").unlink()  # the index is a cache; the state table goes too
    with Store.open(moved.dest) as store:
        outbox = Outbox(store, clock=clock, timeouts=FAST)
        [entry] = outbox.entries()
        assert entry.send_at == DUE
        assert outbox.flush(route_to(account)).scheduled == [entry]
    assert smtp_server.messages == []


def test_taken_back_into_drafts_it_keeps_its_time(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """As Outlook keeps "Do not deliver before" on a message opened from the Outbox."""
    account = account_for(smtp_server, pki)
    outbox = Outbox(store, clock=Clock(DUE - 3600), timeouts=FAST)
    store_id = queue_for_monday(outbox, account)
    outbox.withdraw(store_id)
    assert store.get(store_id).folder == DRAFTS
    assert read_send_at(store, store_id) == DUE


def test_undo_send_is_a_short_delay_taken_back(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki)
    clock = Clock(DUE)
    outbox = Outbox(store, clock=clock, timeouts=FAST)
    draft = Draft(to=["wang@customer.example"], subject="oops", body="wrong file\n")
    store_id = outbox.queue(build_message(draft, account), account.name, send_at=DUE + 10)
    assert outbox.next_due() == DUE + 10  # the window's timer
    clock.now = DUE + 5
    assert outbox.flush(route_to(account)).sent == []
    outbox.withdraw(store_id)  # Undo
    clock.now = DUE + 60
    outbox.flush(route_to(account))
    assert smtp_server.messages == [] and store.get(store_id).folder == DRAFTS


def test_send_now_and_reschedule_keep_the_message_id(
    store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki)
    clock = Clock(DUE - 86400)
    outbox = Outbox(store, clock=clock, timeouts=FAST)
    first = queue_for_monday(outbox, account)
    message_id = store.get(first).message_id
    later = outbox.reschedule(first, DUE + 3600)
    assert outbox.entry(later).send_at == DUE + 3600
    assert outbox.next_due() == DUE + 3600
    now = outbox.send_now(later)
    assert store.count(OUTBOX) == 1 and store.count(DRAFTS) == 0 and store.count("Trash") == 0
    assert outbox.entry(now).send_at is None
    outbox.flush(route_to(account))
    [received] = smtp_server.messages
    sent = parse(received.data)
    assert sent["Message-ID"] == message_id
    assert parsedate_to_datetime(sent["Date"]).timestamp() == DUE - 86400  # dated when it went


def test_a_message_waiting_for_the_user_cannot_be_rescheduled(
    store: Store, pki: CertificateAuthorities
) -> None:
    server = smtp_server_with(pki, VanishingHandler())
    try:
        account = account_for(server, pki)
        clock = Clock(DUE + 1)
        outbox = Outbox(store, clock=clock, timeouts=FAST)
        clock.now = DUE - 60
        store_id = queue_for_monday(outbox, account)
        clock.now = DUE + 1
        outbox.flush(route_to(account))
        assert outbox.entry(store_id).state == UNCERTAIN
        with pytest.raises(Exception, match="resend it or mark it as sent"):
            outbox.send_now(store_id)
        assert len(server.messages) == 1
    finally:
        server.stop()


KILLED_AT_DUE_TIME = textwrap.dedent(
    """
    import sys
    from hongyan.core.accounts import ServerSettings
    from hongyan.core.outbox import Outbox
    from hongyan.core.secrets import Secret
    from hongyan.core.smtp import Timeouts
    from hongyan.core.store import Store

    store_path, port, now = sys.argv[1], int(sys.argv[2]), float(sys.argv[4])
    pem = open(sys.argv[3]).read()
    server = ServerSettings("127.0.0.1", port, "ssl", "sender@example.test", trust_cert_pem=pem)
    with Store.open(store_path) as store:
        login = ("sender@example.test", Secret("smtp-Pa55"))
        outbox = Outbox(store, clock=lambda: now, timeouts=Timeouts(10, 60))
        outbox.flush(lambda name: (server, login))
    """
)


def test_killed_at_the_due_time_it_is_delivered_once_or_marked_uncertain(
    tmp_path: Path, pki: CertificateAuthorities
) -> None:
    """plan F47 for a scheduled message: the running app's flush at 9:00 is killed -9 while
    the server confirms; the next flush (the autostart fetch) never sends it again."""
    server = smtp_server_with(pki, VanishingHandler(delay=30))
    try:
        account = account_for(server, pki)
        store_path = tmp_path / "Mail"
        with Store.open(store_path, create=True) as store:
            store_id = queue_for_monday(Outbox(store, clock=Clock(DUE - 3600)), account)
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_AT_DUE_TIME, str(store_path), str(server.tls_port),
             str(pki.ca_pem), str(DUE + 1)],
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
            outbox = Outbox(store, clock=Clock(DUE + 7200), timeouts=FAST)
            report = outbox.flush(route_to(account), force=True)
            assert report.sent == []
            assert outbox.entry(store_id).state == UNCERTAIN
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_killed_before_its_time_nothing_was_sent_and_it_goes_once_later(
    tmp_path: Path, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """A flush killed -9 while the message is still waiting loses nothing."""
    account = account_for(smtp_server, pki)
    store_path = tmp_path / "Mail"
    with Store.open(store_path, create=True) as store:
        store_id = queue_for_monday(Outbox(store, clock=Clock(DUE - 3600)), account)
    waiting = KILLED_AT_DUE_TIME + "\nprint('flushed', flush=True)\nimport time; time.sleep(60)\n"
    args = (str(store_path), str(smtp_server.tls_port), str(pki.ca_pem), str(DUE - 60))
    with (
        killed_when_done(waiting, *args, once_it_says="flushed"),
        Store.open(store_path) as store,  # what the killed flush left
    ):
        assert Outbox(store).entry(store_id).state == "queued"
    assert smtp_server.messages == []
    with Store.open(store_path) as store:
        outbox = Outbox(store, clock=Clock(DUE + 5), timeouts=FAST)
        assert [e.id for e, _r in outbox.flush(route_to(account)).sent] == [store_id]
        assert outbox.flush(route_to(account)).sent == []
    assert len(smtp_server.messages) == 1
