"""kill -9 while rules file mail and while a folder is deleted: nothing lost, nothing twice.

The fetch's own kill test (test_fetch_rules.py) kills a whole fetch at random, so few of its
kills land in the few milliseconds the rules take; here the child does nothing but filter
(or delete a folder), so every kill lands there.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.rules import arrival
from hongyan.core.rules.book import RuleBook
from hongyan.core.rules.model import (
    COPY,
    DELETE,
    FORWARD,
    MARK_READ,
    MOVE,
    Action,
    Condition,
    Rule,
)
from hongyan.core.store import DeliveryBatch, Store
from hongyan.core.store.maildir import scan_folder
from support.mail import message

pytestmark = pytest.mark.slow

ACCOUNT = Account(
    name="Work",
    address="me@example.cn",
    pop3=ServerSettings.for_pop3("pop.example.cn"),
    smtp=ServerSettings.for_smtp("smtp.example.cn"),
)
DOMAINS = ("acme.example", "other.example", "spam.example")

FILTER_CODE = """
import os, signal, sys
kill_at, events = int(sys.argv[2]), [0]

def hooked(original):
    def call(*args, **kwargs):
        events[0] += 1
        if events[0] >= kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    return call

for name in ("rename", "link", "fsync", "unlink"):
    setattr(os, name, hooked(getattr(os, name)))
from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.rules import arrival
from hongyan.core.store import Store
account = Account(name="Work", address="me@example.cn",
                  pop3=ServerSettings.for_pop3("pop.example.cn"),
                  smtp=ServerSettings.for_smtp("smtp.example.cn"))
with Store.open(sys.argv[1]) as store:
    arrival.filter_left(store.root, store.connection, account)
print(events[0])
"""


def fetched_inbox(root: Path, count: int) -> None:
    """A store whose Inbox holds ``count`` fetched messages, noted and not yet filtered (as a
    kill right after the fetch's commits leaves it), and rules for them."""
    with Store.open(root, create=True) as store:
        store.create_folder("客户/ACME")
        store.create_folder("Copies")
        book = RuleBook.load(root)
        acme = (Action(MOVE, folder="客户/ACME"), Action(MARK_READ))
        book.add(Rule("ACME", (Condition("domain", "acme.example"),), acme))
        book.add(Rule("Copy", (Condition("subject", "copy"),), (Action(COPY, folder="Copies"),)))
        book.add(Rule("Boss", (Condition("subject", "urgent"),), (Action(FORWARD, to="b@x.cn"),)))
        book.add(Rule("Spam", (Condition("domain", "spam.example"),), (Action(DELETE),)))
        book.save()
        keys = [f"{n:016x}" for n in range(count)]
        assert arrival.expect(root, store.connection, "Work", keys)
        with DeliveryBatch(root, store.connection, "Inbox", "Work", defer_body=True) as batch:
            for n, key in enumerate(keys):
                batch.write([mail(n)], fetch_key=key)
            batch.commit()


def mail(n: int) -> bytes:
    subject = " ".join(w for w, every in (("copy", 4), ("urgent", 5)) if n % every == 0)
    return message(
        sender=f"S{n} <s{n}@{DOMAINS[n % 3]}>",
        subject=f"{subject} {n}",
        message_id=f"<k{n}@example.test>",
    )


def expected(n: int) -> Counter[str]:
    home = {"acme.example": "客户/ACME", "other.example": "Inbox", "spam.example": "Trash"}
    places = Counter([home[DOMAINS[n % 3]]])
    if n % 4 == 0:
        places["Copies"] += 1
    return places


def filter_in_child(root: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FILTER_CODE, str(root), str(kill_at)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_filtered(root: Path, count: int) -> None:
    """Each message exactly where its rules put it, each forward queued once."""
    with Store.open(root) as store:  # the next fetch filters what the kill left
        assert arrival.filter_left(root, store.connection, ACCOUNT) == []
        found: dict[str, Counter[str]] = {}
        for row in store.connection.execute("SELECT message_id, folder FROM messages"):
            if row[1] != "Outbox":
                found.setdefault(row[0], Counter())[row[1]] += 1
        outbox = Counter(r.subject.split()[-1] for r in store.list("Outbox"))
        acme_flags = {r.flags for r in store.list("客户/ACME")}
    assert found == {f"<k{n}@example.test>": expected(n) for n in range(count)}
    assert outbox == Counter({str(n): 1 for n in range(0, count, 5)})
    assert acme_flags == {"S"}
    files = sum(1 for f in ("Inbox", "客户/ACME", "Copies", "Trash") for _ in scan_folder(root, f))
    assert files == sum(sum(expected(n).values()) for n in range(count))


def test_kill_9_while_rules_file_a_batch(tmp_path: Path) -> None:
    """Killed at a random file operation (rename, link, fsync, unlink) of the filtering of
    300 fetched messages (moves, copies, marks, forwards, deletes), 8 times from the same
    start; each time the next fetch finishes it: nothing lost, nothing copied or forwarded
    twice."""
    count = 300
    pristine = tmp_path / "pristine"
    fetched_inbox(pristine, count)
    whole = tmp_path / "whole"
    shutil.copytree(pristine, whole)
    events = int(filter_in_child(whole, 10**9).stdout.split()[-1])
    check_filtered(whole, count)
    rng = random.Random(1717)
    for trial in range(8):
        root = tmp_path / f"killed-{trial}"
        shutil.copytree(pristine, root)
        child = filter_in_child(root, rng.randint(1, events))
        assert child.returncode == -signal.SIGKILL, child.stderr
        check_filtered(root, count)


DELETE_CODE = """
import sys
from hongyan.core.store import Store
store = Store.open(sys.argv[1])
print("start", flush=True)
store.delete_folder("Old")
print("done", flush=True)
"""


@pytest.mark.parametrize("seed", range(3))
def test_kill_9_while_a_folder_of_500_messages_is_deleted(tmp_path: Path, seed: int) -> None:
    """plan E40 for a folder deletion: every message in the folder or in Trash, never in
    neither and never in both; the next open finishes nothing by itself, a second delete
    finishes the job."""
    root = tmp_path / "Mail"
    with Store.open(root, create=True) as store:
        store.create_folder("Old/2019")
    for n in range(500):
        folder = ".Old" if n % 2 else ".Old.2019"
        (root / folder / "new" / f"{1700000000 + n}.M{n}P1Q1R0.filler,S=0").write_bytes(
            message(subject=f"m{n}", message_id=f"<d{n}@example.test>")
        )
    Store.open(root).close()
    child = subprocess.Popen(
        [sys.executable, "-c", DELETE_CODE, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "start"
    time.sleep(random.Random(seed).uniform(0.0, 0.15))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    with Store.open(root) as store:
        places = Counter(
            row[0] for row in store.connection.execute("SELECT message_id FROM messages")
        )
        assert places == Counter({f"<d{n}@example.test>": 1 for n in range(500)})
        if store.folder_exists("Old") or store.folder_exists("Old/2019"):
            store.delete_folder("Old")
        assert store.count("Trash") == 500
        assert not store.folder_exists("Old") and not store.folder_exists("Old/2019")
    assert not [p for p in root.iterdir() if p.name.endswith(".hongyan-deleted")]
