"""A fetch delivers with headers only; the body pass makes the bodies searchable later.

The fetch's delivery (``DeliveryBatch(defer_body=True)``, as sync uses it) lists each message
at once with the headers read from the bytes being written, and marks it in ``fts_pending``;
``Store.index_pending`` gives it the same full-text entry a full delivery writes.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from hongyan.core.store import BodyPassCancelledError, DeliveryBatch, Store, pending
from hongyan.core.store import index as idx
from hongyan.core.store.extract import MAX_HEADER_BYTES, Extracted, extract, extract_headers
from hongyan.core.store.workers import read_file
from support.interrupt import interrupted, killed_when_done
from support.mail import message, with_attachment
from support.shared import CORPUS_DIR, corpus_messages, require


def fetched(store: Store, messages: Iterable[bytes], *, chunk: int | None = None) -> list[int]:
    """Deliver as a fetch does (headers only, body pending); ``chunk`` splits the bytes."""
    with DeliveryBatch(store.root, store.connection, "Inbox", "work", defer_body=True) as batch:
        for data in messages:
            parts = (
                [data]
                if chunk is None
                else [data[i : i + chunk] for i in range(0, len(data), chunk)]
            )
            batch.write(parts)
        return batch.commit()


def fts_count(store: Store) -> int:
    return int(store.connection.execute("SELECT count(*) FROM messages_fts").fetchone()[0])


def message_count(store: Store) -> int:
    return int(store.connection.execute("SELECT count(*) FROM messages").fetchone()[0])


def body_message(n: int) -> bytes:
    return message(
        subject=f"Weekly {n}",
        body=f"the zebracorn{n} figures for 报价单 {n}",
        sender="王小明 <wang@example.cn>",
        to="Bob <bob@example.com>",
        extra_headers="Cc: carol@example.org\nIn-Reply-To: <root@example.test>\n",
    )


def test_fetched_mail_is_listed_with_its_headers_at_once_and_its_body_is_searchable_after_the_pass(
    store: Store,
) -> None:
    ids = fetched(store, [body_message(n) for n in range(5)])
    for message_id, n in zip(ids, range(5), strict=True):
        row = store.get(message_id)
        full = extract(body_message(n))
        assert (row.subject, row.from_name, row.from_addr) == (
            f"Weekly {n}",
            "王小明",
            "wang@example.cn",
        )
        assert (row.to_addrs, row.cc_addrs) == (full.to_addrs, full.cc_addrs)
        assert (row.message_id, row.date) == (full.message_id, full.date)
    threads = store.connection.execute("SELECT in_reply_to, thread_key FROM messages").fetchall()
    assert set(threads) == {("<root@example.test>", "<root@example.test>")}
    assert store.pending_count() == 5
    assert store.search("zebracorn3") == []  # the body is not indexed yet
    assert fts_count(store) == 0
    assert store.index_pending() == 5
    assert [r.id for r in store.search("zebracorn3")] == [ids[3]]
    assert len(store.search("报价")) == 5
    assert len(store.search("from:wang@example.cn")) == 5
    assert store.pending_count() == 0
    assert fts_count(store) == message_count(store) == 5


def test_the_pass_writes_exactly_the_entry_a_full_delivery_writes(store: Store) -> None:
    data = with_attachment(subject="Quarterly", filename="报价单.pdf")
    [deferred] = fetched(store, [data])
    store.index_pending()
    full = store.add("Inbox", data)
    entries = store.connection.execute(
        "SELECT subject, sender, recipients, body FROM messages_fts WHERE rowid IN (?, ?)"
        " ORDER BY rowid",
        (deferred, full),
    ).fetchall()
    assert entries[0] == entries[1]
    assert [r.id for r in store.search("报价单.pdf")] == [full, deferred]


def test_headers_split_over_many_small_blocks_are_read_whole(store: Store) -> None:
    data = body_message(7)
    [message_id] = fetched(store, [data], chunk=10)
    row = store.get(message_id)
    assert (row.subject, row.from_addr, row.to_addrs) == (
        "Weekly 7",
        "wang@example.cn",
        "Bob <bob@example.com>",
    )
    assert store.path(message_id).read_bytes() == data  # stored byte for byte


def test_has_attachments_is_a_guess_at_delivery_corrected_by_the_pass(store: Store) -> None:
    plain_mixed = (
        b"From: a@example.com\nSubject: only text\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
        b"no file here\n--B--\n"
    )
    attached, mixed_text = fetched(store, [with_attachment(), plain_mixed])
    assert store.get(attached).has_attachments and store.get(mixed_text).has_attachments
    store.index_pending()
    assert store.get(attached).has_attachments
    assert not store.get(mixed_text).has_attachments
    assert [r.id for r in store.search("has:attachment")] == [attached]


def test_deleting_a_pending_message_removes_its_mark_and_moving_keeps_it(store: Store) -> None:
    store.create_folder("Work")
    gone, moved, stays = fetched(store, [body_message(n) for n in range(3)])
    store.delete([gone])
    store.delete([gone])  # from Trash: for good
    store.move([moved], "Work")
    store.set_flags([stays], add="S")
    assert store.pending_count() == 2
    assert store.index_pending() == 2
    assert [r.folder for r in store.search("zebracorn1")] == ["Work"]
    assert [r.id for r in store.search("zebracorn2")] == [stays]
    assert fts_count(store) == message_count(store) == 2


def test_a_message_moved_while_the_pass_reads_it_is_read_again_at_its_new_place(
    store: Store,
) -> None:
    [first, _second] = fetched(store, [body_message(1), body_message(2)])
    marked: list[int] = []

    def cancel() -> bool:  # asked after the batch was read, before it is written
        if not marked:
            marked.append(first)
            store.set_flags([first], add="S")  # renamed: cur/...:2,S
        return False

    assert store.index_pending(cancel=cancel) == 2
    assert [r.id for r in store.search("zebracorn1")] == [first]
    assert store.get(first).seen
    assert fts_count(store) == 2


def test_a_vanished_file_is_left_to_reconcile(store: Store) -> None:
    [kept, lost] = fetched(store, [body_message(1), body_message(2)])
    store.path(lost).unlink()  # removed by another tool
    assert store.index_pending() == 1
    assert store.pending_count() == 1
    store.close()
    with Store.open(store.root) as again:  # reconcile forgets the row and its mark
        assert again.pending_count() == 0
        assert [r.id for r in again.search("zebracorn1")] == [kept]


def test_cancel_between_batches_keeps_what_was_indexed(store: Store) -> None:
    fetched(store, [body_message(n) for n in range(pending.BATCH + 10)])
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(BodyPassCancelledError):
        store.index_pending(cancel=cancel)
    assert store.pending_count() == 10
    assert fts_count(store) == pending.BATCH
    assert store.index_pending() == 10


def test_newest_first_with_progress(store: Store) -> None:
    fetched(store, [body_message(n) for n in range(3)])
    seen: list[tuple[int, int]] = []
    store.index_pending(progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_two_passes_at_once_index_each_message_once(store: Store) -> None:
    ids = fetched(store, [body_message(n) for n in range(40)])
    todo = pending._pending(store.connection)
    assert [message_id for message_id, _ in todo] == ids[::-1]  # same date: newest id first
    # Even without the lock, the check inside the transaction keeps a second writer out.
    read = [read_file(store.root / path) for _, path in todo]
    assert pending._write(store.connection, todo, read) == (40, [])
    assert pending._write(store.connection, todo, read) == (0, [])
    assert fts_count(store) == 40


PASS = """
import sys
from hongyan.core.store import Store
with Store.open(sys.argv[1]) as store:
    print(store.index_pending(), flush=True)
"""


@pytest.mark.slow
def test_two_processes_running_the_pass_share_the_work_without_duplicates(store: Store) -> None:
    fetched(store, [body_message(n) for n in range(600)])
    children = [
        subprocess.Popen(
            [sys.executable, "-c", PASS, str(store.root)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    counts = [int(child.communicate(timeout=120)[0]) for child in children]
    assert sorted(counts) == [0, 600]  # the second waited for the lock, then found nothing
    assert store.pending_count() == 0
    assert fts_count(store) == message_count(store) == 600


KILLED_PASS = """
import sys
from hongyan.core.store import Store
with Store.open(sys.argv[1]) as store:
    def progress(done, total):
        if done:
            print("indexed", done, flush=True)
    store.index_pending(progress=progress)
"""


@pytest.mark.slow
def test_kill_9_during_the_pass_loses_nothing_and_the_next_pass_finishes(store: Store) -> None:
    """plan E41: kill -9 during an index transaction (here: the body pass's)."""
    ids = fetched(store, [body_message(n) for n in range(800)])
    with killed_when_done(KILLED_PASS, str(store.root), once_it_says="indexed"):
        pass  # killed as soon as the first batch is in
    store.close()
    with Store.open(store.root) as again:
        conn = again.connection
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        left = again.pending_count()
        assert 0 <= left < 800
        assert fts_count(again) + left == message_count(again) == 800
        assert again.index_pending() == left
        assert fts_count(again) == 800
        assert [r.id for r in again.search("zebracorn799")] == [ids[799]]
        found = conn.execute("SELECT count(DISTINCT rowid) FROM messages_fts").fetchone()[0]
        assert found == 800


def test_a_rebuild_indexes_every_body_and_leaves_nothing_pending(store: Store) -> None:
    fetched(store, [body_message(n) for n in range(3)])
    assert store.reindex() == 3
    assert store.pending_count() == 0
    assert len(store.search("zebracorn")) == 3


def test_mail_another_tool_adds_is_indexed_whole_by_reconcile(store: Store) -> None:
    (store.root / "new" / "1700000000.M1P1Q1R0.other,S=0").write_bytes(body_message(9))
    store.close()
    with Store.open(store.root) as again:
        assert again.pending_count() == 0
        assert len(again.search("zebracorn9")) == 1


def test_pending_survives_closing_and_opening_the_store(store: Store) -> None:
    fetched(store, [body_message(1)])
    store.close()
    with Store.open(store.root) as again:
        assert again.pending_count() == 1
        again.index_pending()
        assert len(again.search("zebracorn1")) == 1


def test_a_version_2_index_is_migrated_to_version_3_with_nothing_pending(store_dir: Path) -> None:
    with Store.open(store_dir, create=True) as store:
        kept = store.add("Inbox", body_message(4))
    conn = sqlite3.connect(store_dir / idx.INDEX_NAME, isolation_level=None)
    conn.execute("DROP TABLE fts_pending")  # the index as Hongyan before the body pass left it
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    with Store.open(store_dir) as store:
        version = store.connection.execute("PRAGMA user_version").fetchone()[0]
        assert version == idx.SCHEMA_VERSION
        assert store.pending_count() == 0
        assert [r.id for r in store.search("zebracorn4")] == [kept]
        fetched(store, [body_message(5)])
        assert store.pending_count() == 1
        store.delete([kept])
        store.delete([kept])
        assert message_count(store) == 1


HEADER_COLUMNS = (
    "subject",
    "from_name",
    "from_addr",
    "to_addrs",
    "cc_addrs",
    "date",
    "message_id",
    "in_reply_to",
    "thread_key",
)


def _columns(info: Extracted) -> tuple[object, ...]:
    return tuple(getattr(info, name) for name in HEADER_COLUMNS)


def test_a_raw_gbk_subject_is_read_in_the_charset_of_its_text_part_at_delivery(
    store: Store,
) -> None:
    data = (
        b"From: =?gbk?b?1cW3vA==?= <zhang@example.cn>\r\nSubject: "
        + "关于报价单的确认".encode("gbk")
        + b"\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        b"Content-Type: text/plain; charset=gbk\r\n\r\n"
        + "请查收。".encode("gbk")
        + b"\r\n--B--\r\n"
    )
    [message_id] = fetched(store, [data])
    assert store.get(message_id).subject == "关于报价单的确认" == extract(data).subject


def test_every_corpus_message_gets_the_header_columns_of_a_full_extraction() -> None:
    """Sample mail nobody here wrote: delivery's header-only read agrees with the body pass's
    full read on every displayed column (only has_attachments and malformed may differ)."""
    sources = corpus_messages()
    require(CORPUS_DIR)
    differ = []
    for path in sources:
        data = path.read_bytes()
        if _columns(extract_headers(data[:MAX_HEADER_BYTES])) != _columns(extract(data)):
            differ.append(path.name)
    assert differ == []


@pytest.mark.slow
def test_ctrl_c_while_hongyan_search_indexes_stops_with_a_plain_line_and_keeps_the_work() -> None:
    """The real command, a real SIGINT while its worker processes parse the bodies."""
    from hongyan.core.paths import app_paths

    root = app_paths().default_store_dir
    with Store.open(root, create=True) as store:
        fetched(store, [body_message(n) for n in range(900)])
    status, out, err = interrupted(
        "search", "zebracorn5", once_it_says="hongyan: indexing new messages 0/900"
    )
    assert status == 130, err
    assert out == ""
    assert err.strip().splitlines()[-1] == (
        "hongyan: indexing was stopped; what was indexed is kept, the rest is indexed by the"
        " next search."
    )
    assert "Traceback" not in err
    with Store.open(root) as store:
        assert fts_count(store) + store.pending_count() == message_count(store) == 900


def test_pending_moves_with_the_store_and_the_pass_finishes_there(store: Store) -> None:
    from hongyan.core.store.relocate import relocate

    fetched(store, [body_message(n) for n in range(3)])
    (store.root / pending.LOCK_NAME).touch()  # left by an earlier pass: copied like any file
    store.close()
    result = relocate(store.root, store.root.parent / "moved")
    result.finish()
    with Store.open(result.dest) as moved:
        assert moved.pending_count() == 3
        assert moved.index_pending() == 3
        assert len(moved.search("zebracorn")) == 3
