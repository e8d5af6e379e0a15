"""A rebuild is built beside the index in use and swapped in only when complete.

So it can be cancelled, survive a kill -9 (plan E41: kill -9 during an index transaction),
keep sync's state and the Outbox's, and not lose mail delivered while it ran.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from hongyan.core import syncstate
from hongyan.core.errors import HongyanError
from hongyan.core.store import Store, rebuild
from hongyan.core.store import index as idx
from hongyan.core.store.rebuild import RebuildCancelledError
from support.interrupt import interrupted, killed_when_done
from support.mail import message

COUNT = 260  # two write transactions of the rebuild (reconcile.CHUNK = 200)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A store of COUNT indexed messages, written as another tool would."""
    root = tmp_path / "Mail"
    Store.open(root, create=True).close()
    for i in range(COUNT):
        name = f"{1700000000 + i}.M{i}P1Q1R0.filler,S=0"
        words = "invoice 报价单" if i % 10 == 0 else "hello"
        (root / "new" / name).write_bytes(message(subject=f"m{i} {words}", body=f"body {i}"))
    Store.open(root).close()
    return root


def snapshot(store: Store) -> tuple[object, ...]:
    """What a user sees: rows (with their ids) and some searches."""
    rows = [(r.id, r.folder, r.subject, r.flags) for r in store.list("Inbox")]
    searches = [[r.id for r in store.search(q)] for q in ("invoice", "报价", "m12")]
    return rows, searches


def seen_rows(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    query = "SELECT mailbox, key, fetch_key FROM pop3_records ORDER BY key"
    return conn.execute(query).fetchall()


def record_seen(conn: sqlite3.Connection, key: str) -> None:
    syncstate.ensure_schema(conn)
    fetch_key = syncstate.fetch_key("work", key)
    syncstate.record(conn, "work", [syncstate.Record(key, fetch_key, 1, 10, 10, "full")])


def test_a_rebuild_gives_the_same_index_and_leaves_no_file_beside_it(filled: Path) -> None:
    with Store.open(filled) as store:
        rows_before = [(r.folder, r.subject) for r in store.list("Inbox")]
        assert store.reindex() == COUNT
        assert sorted((r.folder, r.subject) for r in store.list("Inbox")) == sorted(rows_before)
        assert len(store.search("报价")) == COUNT // 10
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not rebuild.rebuild_path(filled).exists()
    assert sorted(p.name for p in filled.glob("index.sqlite*")) == ["index.sqlite"]


def test_cancel_mid_way_keeps_the_old_index_and_removes_the_partial_one(filled: Path) -> None:
    progress: list[int] = []
    with Store.open(filled) as store:
        before = snapshot(store)
        with pytest.raises(RebuildCancelledError):
            store.reindex(
                progress=lambda done, total: progress.append(done),
                cancel=lambda: bool(progress) and progress[-1] >= 200,
            )
        assert progress[-1] == 200  # stopped between the two batches
        assert snapshot(store) == before
    assert not rebuild.rebuild_path(filled).exists()
    with Store.open(filled) as store:
        assert snapshot(store) == before


def test_sync_state_and_the_outbox_state_are_carried_over(filled: Path) -> None:
    with Store.open(filled) as store:
        for n in range(50):
            record_seen(store.connection, f"UID{n}")
        store.connection.execute(
            "CREATE TABLE IF NOT EXISTS outbox_state (message_id TEXT PRIMARY KEY, state TEXT)"
        )
        store.connection.execute("INSERT INTO outbox_state VALUES ('<a@b>', 'queued')")
        seen = seen_rows(store.connection)
        store.reindex()
        assert seen_rows(store.connection) == seen
        assert store.connection.execute("SELECT * FROM outbox_state").fetchall() == [
            ("<a@b>", "queued")
        ]
        indexes = store.connection.execute(
            "SELECT name FROM sqlite_master WHERE tbl_name = 'pop3_records' AND type = 'index'"
        ).fetchall()
        assert ("pop3_records_fetch_key",) in indexes


def test_mail_delivered_during_the_rebuild_is_in_the_new_index(filled: Path) -> None:
    """A fetch (another connection) adds a message and its sync state while the rebuild runs."""
    delivered: list[int] = []

    def deliver_once(done: int, total: int) -> None:
        if done and not delivered:
            with Store.open(filled) as fetch:
                key = syncstate.fetch_key("work", "NEW1")
                with fetch.delivery("Inbox", account="work") as batch:
                    batch.write([message(subject="arrived meanwhile")], fetch_key=key)
                    batch.commit(lambda conn: record_seen(conn, "NEW1"))
                delivered.append(done)

    with Store.open(filled) as store:
        assert store.reindex(progress=deliver_once) == COUNT + 1
        assert [r.subject for r in store.search("arrived meanwhile")] == ["arrived meanwhile"]
        assert ("work", "NEW1", syncstate.fetch_key("work", "NEW1")) in seen_rows(store.connection)


def test_the_swap_waits_for_no_one_and_refuses_while_another_program_has_the_store(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rebuild, "SWAP_WAIT_SECONDS", 0.3)
    with Store.open(filled) as other, Store.open(filled) as store:
        before = snapshot(other)
        with pytest.raises(HongyanError, match="using the mail store"):
            store.reindex()
        assert snapshot(store) == before and snapshot(other) == before
    assert not rebuild.rebuild_path(filled).exists()


def test_a_connection_opened_during_the_swap_ends_up_on_the_new_index(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It waits for the swap, finds the old file retired, and opens the path again."""
    late: list[str] = []
    copy = rebuild._copy_kept_tables

    def open_late() -> None:
        conn = idx.connect(filled / idx.INDEX_NAME)
        record_seen(conn, "LATE")  # written after the swap: must land in the live index
        late.append(conn.execute("PRAGMA journal_mode").fetchone()[0])
        conn.close()

    opener = threading.Thread(target=open_late)

    def copy_and_let_someone_in(old: sqlite3.Connection, fresh: sqlite3.Connection) -> None:
        copy(old, fresh)
        opener.start()  # blocks on the old file's lock until the swap is done
        opener.join(0.5)
        assert opener.is_alive()

    monkeypatch.setattr(rebuild, "_copy_kept_tables", copy_and_let_someone_in)
    with Store.open(filled) as store:
        record_seen(store.connection, "EARLY")
        store.reindex()
        opener.join(20)
        assert late == ["wal"] and not opener.is_alive()
        keys = [row[1] for row in seen_rows(store.connection)]
        assert keys == ["EARLY", "LATE"]


def test_a_kill_between_the_retire_mark_and_the_rename_leaves_the_old_index(
    filled: Path,
) -> None:
    with Store.open(filled) as store:
        before = snapshot(store)
    conn = sqlite3.connect(filled / idx.INDEX_NAME)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"CREATE TABLE {idx.RETIRED_TABLE} (at INTEGER)")
    conn.commit()
    conn.close()
    with Store.open(filled) as store:
        assert snapshot(store) == before
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.connection.execute("SELECT name FROM sqlite_master")}
        assert idx.RETIRED_TABLE not in tables


KILLED_REBUILD = """
import sys, time
from hongyan.core.store import Store

def progress(done, total):
    if done >= 200:
        print("indexed", done, flush=True)
        time.sleep(60)

with Store.open(sys.argv[1]) as store:
    store.reindex(progress=progress)
"""


@pytest.mark.slow
def test_kill_9_mid_rebuild_keeps_the_old_index_and_the_next_open_removes_the_partial(
    filled: Path,
) -> None:
    """plan E41: kill -9 during an index transaction (here: a rebuild's)."""
    with Store.open(filled) as store:
        record_seen(store.connection, "UID1")
        before = snapshot(store)
    with killed_when_done(KILLED_REBUILD, str(filled), once_it_says="indexed"):
        assert rebuild.rebuild_path(filled).exists()
    with Store.open(filled) as store:
        assert snapshot(store) == before
        assert [r[1] for r in seen_rows(store.connection)] == ["UID1"]
        assert not rebuild.rebuild_path(filled).exists()
        assert store.reindex() == COUNT


def test_a_partial_file_in_use_by_another_rebuild_is_not_removed(filled: Path) -> None:
    building = idx.connect(rebuild.rebuild_path(filled))
    try:
        assert rebuild.remove_partial(filled) is False
        with pytest.raises(HongyanError, match="already being rebuilt"):
            rebuild.build(filled)
    finally:
        building.close()
    assert rebuild.remove_partial(filled) is True
    assert not rebuild.rebuild_path(filled).exists()


@pytest.mark.slow
def test_ctrl_c_during_store_reindex_stops_it_with_a_plain_message(tmp_path: Path) -> None:
    """The real command, a real SIGINT while its worker processes extract."""
    from hongyan.core.paths import app_paths

    root = app_paths().default_store_dir
    Store.open(root, create=True).close()
    for i in range(900):
        name = f"{1700000000 + i}.M{i}P1Q1R0.filler,S=0"
        body = "报价 " * 2000 if i % 3 == 0 else f"body {i}"
        (root / "new" / name).write_bytes(message(subject=f"m{i}", body=body))
    with Store.open(root) as store:
        before = snapshot(store)
    status, out, err = interrupted(
        "store", "reindex", once_it_says="hongyan: indexing messages 0/900"
    )
    assert status == 130, err
    assert out == ""
    assert err.strip().splitlines()[-1] == (
        "hongyan: the rebuild was cancelled; the old index is still in use."
    )
    assert "Traceback" not in err
    assert not rebuild.rebuild_path(root).exists()
    with Store.open(root) as store:
        assert snapshot(store) == before
