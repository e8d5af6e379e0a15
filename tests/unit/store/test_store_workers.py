"""A rebuild extracts in worker processes: the same rows as in one process, and no worker
failure loses a message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hongyan.core.store import Store, reconcile
from hongyan.core.store.workers import Workers
from support.mail import message, with_attachment

COLUMNS = (
    "name, folder, path, account, fetch_key, message_id, date, from_name, from_addr, to_addrs,"
    " cc_addrs, subject, size, flags, has_attachments, in_reply_to, thread_key, malformed"
)


def rows(store: Store) -> list[tuple[object, ...]]:
    sql = f"SELECT {COLUMNS} FROM messages ORDER BY name"
    fts = "SELECT subject, sender, recipients, body FROM messages_fts ORDER BY rowid"
    return [*store.connection.execute(sql), *store.connection.execute(fts)]


@pytest.fixture
def filled(store_dir: Path) -> Path:
    with Store.open(store_dir, create=True) as store:
        for n in range(40):
            store.add("Inbox", message(subject=f"第{n}份报价", body=f"body {n} 请确认"))
        store.add("Sent", with_attachment(subject="with a file"), flags="S")
    return store_dir


def reindexed(root: Path) -> list[tuple[object, ...]]:
    with Store.open(root) as store:
        assert store.reindex() == 41
        return rows(store)


def test_workers_index_what_one_process_indexes(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = reindexed(filled)
    monkeypatch.setattr(reconcile, "PARALLEL_MIN", 10)
    monkeypatch.setattr(reconcile, "BATCH", 3)
    started: list[int] = []

    class Counted(Workers):
        def __init__(self, root: Path, count: int) -> None:
            super().__init__(root, count)
            started.append(self.started)

    monkeypatch.setattr(reconcile, "Workers", Counted)
    assert reindexed(filled) == alone
    assert started and started[0] >= 1


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "-c", "import sys; sys.stdin.buffer.read(4)"),  # dies mid-batch
        ("/nonexistent/python",),  # cannot start
    ],
)
def test_a_failing_worker_leaves_its_files_to_the_indexer(
    filled: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    alone = reindexed(filled)
    monkeypatch.setattr(reconcile, "PARALLEL_MIN", 10)
    monkeypatch.setattr(reconcile, "BATCH", 3)
    monkeypatch.setattr(Workers, "command", command)
    assert reindexed(filled) == alone


def test_workers_report_a_vanished_file_as_none(tmp_path: Path) -> None:
    (tmp_path / "there").write_bytes(message(subject="here"))
    with Workers(tmp_path, 1) as workers:
        there, gone = workers.extract(["there", "gone"])
    assert gone is None
    assert there is not None and there[2].subject == "here"
