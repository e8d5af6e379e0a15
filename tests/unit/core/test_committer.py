"""committer: batches made durable and indexed on two threads, in order, and a failure stops
everything after it (sync deletes nothing on the server unless ``close`` returned)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.committer import Committer
from hongyan.core.store import Store
from hongyan.core.store.delivery import DeliveryBatch
from support.mail import message


class FakeBatch:
    """A delivery batch that records which thread did what, and can fail on cue."""

    def __init__(self, name: str, log: list[tuple[str, str, str]], fail: str = "") -> None:
        self.name = name
        self.log = log
        self.fail = fail
        self.discarded = False

    def make_durable(self) -> None:
        self.log.append(("durable", self.name, threading.current_thread().name))
        if self.fail == "durable":
            raise OSError(28, "No space left on device")

    def index(self, on_commit: object = None) -> list[int]:
        self.log.append(("index", self.name, threading.current_thread().name))
        if self.fail == "index":
            raise sqlite3.OperationalError("database or disk is full")
        assert callable(on_commit)
        on_commit(None)
        return []

    def discard(self) -> None:
        self.discarded = True
        self.log.append(("discard", self.name, threading.current_thread().name))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    Store.open(tmp_path / "store", create=True).close()
    return tmp_path / "store"


@pytest.fixture
def committer(root: Path) -> Iterator[Committer]:
    started = Committer(root)
    yield started
    if started._thread.is_alive():
        started.close()


def _submit(
    committer: Committer, batch: FakeBatch, done: list[str], rows: list[str] | None = None
) -> None:
    committer.submit(
        batch,  # type: ignore[arg-type]
        lambda conn: (rows if rows is not None else []).append(batch.name),
        lambda ids: done.append(batch.name),
    )


def test_batches_are_made_durable_then_indexed_in_order_on_their_own_threads(
    committer: Committer,
) -> None:
    log: list[tuple[str, str, str]] = []
    done: list[str] = []
    rows: list[str] = []
    for n in range(5):
        _submit(committer, FakeBatch(f"b{n}", log), done, rows)
    committer.close()
    names = [f"b{n}" for n in range(5)]
    assert [name for kind, name, _ in log if kind == "durable"] == names
    assert [name for kind, name, _ in log if kind == "index"] == names
    assert rows == done == names  # each batch's records written, then its done() called
    for name in names:  # never indexed before it was durable
        assert log.index(("durable", name, "hongyan-durable")) < log.index(
            ("index", name, "hongyan-commit")
        )


@pytest.mark.parametrize("stage", ["durable", "index"])
def test_a_failed_batch_stops_every_later_one_and_close_raises_it(
    committer: Committer, stage: str
) -> None:
    """Nothing after a failure is committed (no records: nothing can be deleted for it)."""
    log: list[tuple[str, str, str]] = []
    done: list[str] = []
    batches = [FakeBatch("b0", log), FakeBatch("b1", log, fail=stage), FakeBatch("b2", log)]
    for batch in batches:
        try:
            _submit(committer, batch, done)
        except (OSError, sqlite3.Error):
            batch.discard()  # submit raises the earlier failure once it is known
    with pytest.raises((OSError, sqlite3.Error)):
        committer.close()
    assert done == ["b0"]
    assert batches[1].discarded and batches[2].discarded
    assert ("index", "b2", "hongyan-commit") not in log


def test_submit_after_a_failure_raises_it_and_discards_the_batch(committer: Committer) -> None:
    log: list[tuple[str, str, str]] = []
    _submit(committer, FakeBatch("bad", log, fail="durable"), [])
    with pytest.raises(OSError):
        committer.close()
    late = FakeBatch("late", log)
    with pytest.raises(OSError):
        _submit(committer, late, [])
    assert late.discarded


def test_a_store_that_cannot_be_opened_fails_at_once(tmp_path: Path) -> None:
    (tmp_path / "index.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(Exception, match=r"(?i)database|index"):
        Committer(tmp_path)


def test_real_batches_land_with_their_records_in_one_transaction(root: Path) -> None:
    """With the store's own DeliveryBatch: messages and the caller's rows, together."""
    committer = Committer(root)
    ids: list[int] = []
    for n in range(3):
        batch = DeliveryBatch(root, committer.connection, "Inbox", "work", defer_body=True)
        batch.write([message(subject=f"m{n}")], fetch_key=f"{n:016x}")

        def on_commit(conn: sqlite3.Connection, n: int = n) -> None:
            conn.execute("CREATE TABLE IF NOT EXISTS seen (n INTEGER)")
            conn.execute("INSERT INTO seen VALUES (?)", (n,))

        committer.submit(batch, on_commit, ids.extend)
    committer.close()
    with Store.open(root) as store:
        assert store.count("Inbox") == 3
        assert store.connection.execute("SELECT n FROM seen ORDER BY n").fetchall() == [
            (0,),
            (1,),
            (2,),
        ]
        keys = {r.fetch_key for r in store.list("Inbox")}
        assert sorted(ids) == sorted(r.id for r in store.list("Inbox"))  # done(ids) got them
    assert keys == {f"{n:016x}" for n in range(3)}
