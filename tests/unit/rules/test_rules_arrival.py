"""Rules at arrival, step by step as the fetch calls them, and what a kill between the steps
leaves: marks noted before the files land, filtering after the commit, the rest next time."""

from __future__ import annotations

import sqlite3
import time

import pytest

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.rules import arrival
from hongyan.core.rules.book import RuleBook
from hongyan.core.rules.model import COPY, MOVE, Action, Condition, Rule
from hongyan.core.store import DeliveryBatch, Store
from support.mail import message

ACCOUNT = Account(
    name="Work",
    address="me@example.cn",
    pop3=ServerSettings.for_pop3("pop.example.cn"),
    smtp=ServerSettings.for_smtp("smtp.example.cn"),
)


def with_rules(store: Store) -> None:
    book = RuleBook.load(store.root)
    book.add(
        Rule(
            "ACME",
            (Condition("domain", "acme.com"),),
            (Action(MOVE, folder="客户/ACME"), Action(COPY, folder="Copies")),
        )
    )
    book.save()


def deliver(store: Store, keys: list[str], *, noted: bool = True) -> list[int]:
    """What the fetch does for one batch, up to its commit (the rules not yet run)."""
    if noted:
        assert arrival.expect(store.root, store.connection, "Work", keys)
    with DeliveryBatch(store.root, store.connection, "Inbox", "Work", defer_body=True) as batch:
        for n, key in enumerate(keys):
            sender = "Bob <bob@acme.com>" if n % 2 == 0 else "Eve <eve@example.org>"
            batch.write([message(sender=sender, subject=f"m{n}")], fetch_key=key)
        return batch.commit()


def marks(store: Store) -> set[str]:
    try:
        rows = store.connection.execute("SELECT fetch_key FROM rule_arrivals")
    except sqlite3.OperationalError:
        return set()
    return {r[0] for r in rows}


KEYS = [f"{n:016x}" for n in range(4)]


def test_without_rules_nothing_is_noted_and_nothing_is_created(store: Store) -> None:
    assert not arrival.expect(store.root, store.connection, "Work", KEYS)
    deliver(store, KEYS, noted=False)
    assert arrival.filter_left(store.root, store.connection, ACCOUNT) == []
    assert marks(store) == set() and not (store.root / arrival.LOCK_NAME).exists()


def test_a_batch_is_filtered_after_its_commit_and_its_marks_go(store: Store) -> None:
    with_rules(store)
    ids = deliver(store, KEYS)
    assert marks(store) == set(KEYS)
    problems = arrival.apply_to_new(store.root, store.connection, KEYS, ACCOUNT)
    assert problems == [] and marks(store) == set()
    assert [store.get(i).folder for i in ids] == ["客户/ACME", "Inbox", "客户/ACME", "Inbox"]
    assert store.count("Copies") == 2
    assert {store.get(i).fetch_key for i in ids} == set(KEYS)  # moved: still known as fetched


def test_a_batch_a_kill_left_unfiltered_is_filtered_at_the_next_fetch(store: Store) -> None:
    with_rules(store)
    ids = deliver(store, KEYS)  # killed before the rules ran
    assert arrival.filter_left(store.root, store.connection, ACCOUNT) == []
    assert [store.get(i).folder for i in ids] == ["客户/ACME", "Inbox", "客户/ACME", "Inbox"]
    assert marks(store) == set()


def test_a_half_filtered_batch_is_finished_without_a_second_copy(store: Store) -> None:
    with_rules(store)
    ids = deliver(store, KEYS)
    store.copy_once(ids[:1], "Copies", "rule-copy\0Copies")  # killed after the first copy
    arrival.filter_left(store.root, store.connection, ACCOUNT)
    assert store.count("Copies") == 2 and store.count("客户/ACME") == 2


def test_a_mark_whose_message_has_not_come_stays_until_it_is_stale(store: Store) -> None:
    with_rules(store)
    arrival.expect(store.root, store.connection, "Work", ["feedfacefeedface"])  # killed here
    arrival.filter_left(store.root, store.connection, ACCOUNT)
    assert marks(store) == {"feedfacefeedface"}  # the next download brings it
    old = int(time.time()) - arrival.STALE_MARK_SECONDS - 1
    store.connection.execute("UPDATE rule_arrivals SET noted = ?", (old,))
    arrival.filter_left(store.root, store.connection, ACCOUNT)
    assert marks(store) == set()


def test_another_accounts_marks_wait_for_that_account(store: Store) -> None:
    with_rules(store)
    ids = deliver(store, KEYS)
    other = Account(
        name="Home",
        address="me@home.cn",
        pop3=ServerSettings.for_pop3("pop.home.cn"),
        smtp=ServerSettings.for_smtp("smtp.home.cn"),
    )
    arrival.filter_left(store.root, store.connection, other)
    assert store.get(ids[0]).folder == "Inbox" and marks(store) == set(KEYS)


def test_a_failure_is_a_warning_and_the_marks_stay(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hongyan.core.store import StoreWriteError

    def full(*_args: object) -> None:
        raise StoreWriteError("The disk holding the mail store is full. Free some space.")

    with_rules(store)
    deliver(store, KEYS)
    monkeypatch.setattr(Store, "refile", full)
    [problem] = arrival.apply_to_new(store.root, store.connection, KEYS, ACCOUNT)
    assert "the rules could not run (The disk holding the mail store is full" in problem
    assert "they run again at the next fetch" in problem
    assert marks(store) == set(KEYS)


def test_marks_are_not_a_cache_a_reindex_keeps_them(store: Store) -> None:
    with_rules(store)
    deliver(store, KEYS)  # killed before the rules ran, then the user rebuilt the index
    store.reindex()
    assert marks(store) == set(KEYS)
    arrival.filter_left(store.root, store.connection, ACCOUNT)
    assert store.count("客户/ACME") == 2 and marks(store) == set()
