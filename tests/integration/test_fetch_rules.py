"""Rules at arrival on a real Dovecot fetch, and kill -9 at random moments of a filtered fetch:
0 lost, 0 duplicated, each message where its rule put it (issue 17; plan E39's guarantee)."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from hongyan.core.rules.book import RuleBook
from hongyan.core.rules.model import COPY, DELETE, MARK_READ, MOVE, Action, Condition, Rule
from hongyan.core.store import Store
from hongyan.core.sync import fetch_account
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetch_child import run_child
from support.fetching import account_for, secret_of

pytestmark = pytest.mark.integration

DOMAINS = ("acme.example", "other.example", "spam.example")


def mail(n: int) -> bytes:
    """Message ``n``: from one of three domains; every third one asks to be copied."""
    domain = DOMAINS[n % 3]
    subject = f"copy me {n}" if n % 4 == 0 else f"note {n}"
    body = (b"Body line of a filtered message.\r\n" * (20 + n % 120)) + "报价\r\n".encode()
    return (
        f"From: Sender {n} <s{n}@mail.{domain}>\r\nTo: me@example.test\r\n"
        f"Subject: {subject}\r\nDate: Mon, 23 Nov 2026 10:{n % 60:02d}:00 +0000\r\n"
        f"Message-ID: <r{n}@example.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    ).encode() + body


def expected_places(n: int) -> Counter[tuple[str, bool]]:
    """(folder, is the fetched original) for each file of message ``n`` once all is filtered."""
    home = {"acme.example": "客户/ACME", "other.example": "Inbox", "spam.example": "Trash"}
    places = Counter({(home[DOMAINS[n % 3]], True): 1})
    if n % 4 == 0:
        places[("Copies", False)] += 1
    return places


def prepare(store_dir: Path) -> None:
    with Store.open(store_dir, create=True) as store:
        store.create_folder("客户/ACME")
        store.create_folder("Copies")
    book = RuleBook.load(store_dir)
    domain = Condition("domain", "ACME.example")
    book.add(Rule("ACME", (domain,), (Action(MOVE, folder="客户/ACME"), Action(MARK_READ))))
    book.add(Rule("Copies", (Condition("subject", "COPY ME"),), (Action(COPY, folder="Copies"),)))
    book.add(Rule("Spam", (Condition("domain", "spam.example"),), (Action(DELETE),)))
    book.save()


def placements(store_dir: Path) -> dict[str, Counter[tuple[str, bool]]]:
    """Message-ID → where its files are (read through a fresh open, which reconciles)."""
    found: dict[str, Counter[tuple[str, bool]]] = {}
    with Store.open(store_dir) as store:
        rows = store.connection.execute("SELECT id, message_id, folder, fetch_key FROM messages")
        for message_id_, message_id, folder, key in rows.fetchall():
            assert store.read_bytes(int(message_id_))  # a file behind every row
            found.setdefault(str(message_id), Counter())[(str(folder), key is not None)] += 1
    return found


def marks_left(store_dir: Path) -> int:
    """Messages noted as still to be filtered (none before the first batch was noted)."""
    with sqlite3.connect(store_dir / "index.sqlite") as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM rule_arrivals").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def test_rules_file_fetched_mail_where_they_say(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    user = dovecot.add_user()
    for n in range(24):
        user.deliver(mail(n))
    store_dir = tmp_path / "store"
    prepare(store_dir)
    account = account_for(dovecot, user, pki)
    with Store.open(store_dir) as store:
        result = fetch_account(account, store, secret_of(user))
        assert result.ok and result.downloaded == 24 and result.warnings == []
        acme = store.list("客户/ACME")
        assert len(acme) == 8 and all(r.flags == "S" and r.fetch_key for r in acme)
        assert all(r.fetch_key is None for r in store.list("Copies"))
        again = fetch_account(account, store, secret_of(user))  # moved mail counts as fetched
        assert again.ok and again.downloaded == 0
    assert placements(store_dir) == {f"<r{n}@example.test>": expected_places(n) for n in range(24)}
    assert marks_left(store_dir) == 0


@pytest.mark.slow
def test_kill_9_at_random_moments_of_a_filtered_fetch(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """SIGKILL at 30 seeded random moments (a recv, an fsync, a rename, a link, a commit, a
    DELE) of a 240-message fetch whose rules move, mark, copy and delete, with "remove from
    server" on; then a run to completion: every message exactly where its rules put it."""
    user = dovecot.add_user()
    messages = {n: mail(n) for n in range(240)}
    for data in messages.values():
        user.deliver(data)
    store = tmp_path / "store"
    prepare(store)
    rng = random.Random(17)
    kills = unfiltered = 0
    for _ in range(30):
        kill_at = rng.randint(1, 4 * user.message_count() + 40)
        run = run_child(
            dovecot, user, pki, store, leave_on_server=False, kill_at=kill_at, batch_messages=16
        )
        assert run.returncode in (0, -9), run.stdout + run.stderr
        kills += run.returncode == -9
        unfiltered += run.returncode == -9 and marks_left(store) > 0  # killed while filtering
    final = run_child(dovecot, user, pki, store, leave_on_server=False)
    assert final.returncode == 0, final.stdout + final.stderr
    assert kills >= 20 and unfiltered >= 2  # (test_rules_kill.py aims at that window alone)
    assert placements(store) == {f"<r{n}@example.test>": expected_places(n) for n in messages}
    with Store.open(store) as opened:  # no original truncated, none changed
        originals = {
            hashlib.sha256(opened.read_bytes(r.id)).hexdigest()
            for folder in ("Inbox", "客户/ACME", "Trash")
            for r in opened.list(folder)
        }
    assert originals == {hashlib.sha256(m).hexdigest() for m in messages.values()}
    assert user.message_count() == 0  # deleted from the server only once durable
    assert marks_left(store) == 0
    assert os.listdir(store / "tmp") == []
