"""New mail is extracted in the store's worker processes while it is written: the same index
as extracting in process, never required, one pool per store for a whole fetch or import,
workers that read only the store's files, work from a daemonic process, and do not outlive a
killed fetch."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from hongyan.core.store import Store, delivery, importexport, workers
from hongyan.core.store.delivery import PendingMessage
from hongyan.core.store.extract import MAX_PARSE_BYTES, extract
from hongyan.core.store.workers import Workers, for_delivery, inside
from support.mail import message

MESSAGES = [
    message(subject="报价单", body="请查收本季度的报价。", charset="gb18030"),
    message(subject="Quarterly report", body="The numbers are attached."),
    message(subject="Hello", body="Just a note.", sender="Zoë <zoe@example.com>"),
]
# More than one group of files per worker request, and a part-filled last group.
MANY = [*MESSAGES, *(message(subject=f"第{n}份", body=f"body {n}") for n in range(17))]
SAME = ("subject", "from_name", "from_addr", "date", "message_id", "size", "has_attachments")


def _deliver(store: Store, pool: Workers | None) -> tuple[list[int], list[PendingMessage]]:
    with store.delivery("Inbox", extractor=pool) as batch:
        written = [batch.write([data]) for data in MANY]
        return batch.commit(), written


def test_a_batch_extracted_by_workers_indexes_what_in_process_extraction_does(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "a", create=True) as plain:
        ids, _ = _deliver(plain, None)
        plain_rows = [plain.get(i) for i in ids]
        plain_hits = [r.subject for r in plain.search("报价", limit=10)]
    with Store.open(tmp_path / "b", create=True) as pooled, Workers(pooled.root, 1) as pool:
        ids, written = _deliver(pooled, pool)
        pooled_rows = [pooled.get(i) for i in ids]
        pooled_hits = [r.subject for r in pooled.search("报价", limit=10)]
    assert [r.subject for r in pooled_rows[:3]] == ["报价单", "Quarterly report", "Hello"]
    assert len(pooled_rows) == len(MANY)
    for a, b in zip(plain_rows, pooled_rows, strict=True):
        assert {k: getattr(a, k) for k in SAME} == {k: getattr(b, k) for k in SAME}
    assert pooled_hits == plain_hits == ["报价单"]
    replies = {id(p.extracting[0]): p.extracting[0] for p in written if p.extracting}
    assert len(replies) == 2  # 16 files, then the last 4 when the batch was committed
    assert not any(reply.in_process for reply in replies.values())  # a worker answered


def test_a_dying_worker_means_extracting_in_process_not_a_lost_message(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real worker process that dies in the middle of its first request.
    monkeypatch.setattr(Workers, "command", (sys.executable, "-c", "import sys; sys.stdin.read(4)"))
    with Workers(store.root, 1) as pool:
        assert pool.started == 1
        ids, written = _deliver(store, pool)
    assert len(ids) == len(MANY)
    assert store.get(ids[1]).subject == "Quarterly report"
    assert [r.id for r in store.search("numbers", limit=5)] == [ids[1]]
    assert all(p.extracting and p.extracting[0].in_process for p in written)
    assert os.listdir(store.root / "tmp") == []


def test_a_worker_that_cannot_start_means_extracting_in_process(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Workers, "command", ("/nonexistent/python",))
    with for_delivery(store.root, 1000) as pool:
        assert pool is None
        ids, _ = _deliver(store, pool)
    assert [store.get(i).subject for i in ids[:2]] == ["报价单", "Quarterly report"]


def test_a_worker_reads_only_what_extraction_looks_at(tmp_path: Path) -> None:
    big = message(subject="Big") + b"x" * (40 * 1024 * 1024)
    (tmp_path / "big.eml").write_bytes(big)
    (tmp_path / "small.eml").write_bytes(MESSAGES[1])
    with Workers(tmp_path, 1) as pool:
        [pid] = pool.pids()
        io = Path(f"/proc/{pid}/io")
        pool.extract(["small.eml"])  # started and warmed up
        before = _read_chars(io)
        [result] = pool.extract(["big.eml"])
        after = _read_chars(io)
    assert result is not None
    size, _, info = result
    assert size == len(big)  # the file's size, not what was read
    assert info == extract(big)
    assert info.malformed  # cut, as in process
    if before is not None and after is not None:
        assert after - before < MAX_PARSE_BYTES + 1024 * 1024


def _read_chars(io: Path) -> int | None:
    try:
        return int(dict(line.split(": ") for line in io.read_text().splitlines())["rchar"])
    except OSError:
        return None


def test_a_worker_reads_only_files_inside_the_store(tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    (root / "tmp").mkdir(parents=True)
    (root / "tmp" / "new.eml").write_bytes(MESSAGES[1])
    (tmp_path / "secret.eml").write_bytes(MESSAGES[2])
    outside = ["../secret.eml", str(tmp_path / "secret.eml"), "tmp/../../secret.eml", ""]
    with Workers(root, 1) as pool:
        there, *refused = pool.extract(["tmp/new.eml", *outside])
        assert pool.alive == 1
    assert there is not None and there[2].subject == "Quarterly report"
    assert refused == [None] * len(outside)
    assert [inside(root, p) for p in outside] == [None] * len(outside)
    assert inside(root, ".Sent/cur/x") == root / ".Sent" / "cur" / "x"


def test_no_pool_for_a_few_messages(store: Store) -> None:
    with for_delivery(store.root, workers.MIN_MESSAGES - 1) as pool:
        assert pool is None


def test_one_pool_per_store_while_any_fetch_or_import_uses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Workers] = []

    class Counted(Workers):
        def __init__(self, root: Path, count: int) -> None:
            super().__init__(root, count)
            started.append(self)

    monkeypatch.setattr(workers, "Workers", Counted)
    a, b = tmp_path / "a", tmp_path / "b"
    with for_delivery(a, 500) as first, for_delivery(a, 500) as second:
        with for_delivery(b, 500) as other:
            assert first is second is started[0]
            assert other is started[1] and other is not first
        assert other.alive == 0  # closed with its last user
        assert first.alive == 1
    assert first.alive == 0
    with for_delivery(a, 500) as again:
        assert again is started[2]


def test_an_import_starts_one_pool_for_all_its_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "eml"
    sources.mkdir()
    for n in range(workers.MIN_MESSAGES + 20):
        (sources / f"{n:04}.eml").write_bytes(message(subject=f"import {n}", body="被导入的信"))
    started: list[Workers] = []

    class Counted(Workers):
        def __init__(self, root: Path, count: int) -> None:
            super().__init__(root, count)
            started.append(self)

    monkeypatch.setattr(workers, "Workers", Counted)
    monkeypatch.setattr(importexport, "BATCH", 40)
    answered = []
    original = delivery.DeliveryBatch._extracted

    def counting(pending: PendingMessage) -> object:
        info = original(pending)
        answered.append(pending.extracting is not None and not pending.extracting[0].in_process)
        return info

    monkeypatch.setattr(delivery.DeliveryBatch, "_extracted", staticmethod(counting))
    report = importexport.import_path(store, sources)
    assert report.imported == workers.MIN_MESSAGES + 20
    assert len(started) == 1  # not one per batch of 40
    assert answered == [True] * report.imported
    assert len(store.search("被导入", limit=500)) == report.imported


def _in_a_daemonic_child(root: str, conn: Connection) -> None:
    with for_delivery(Path(root), 1000) as pool:
        assert pool is not None
        reply = pool.submit(["tmp/new.eml"])
        [result] = reply.result()
        conn.send((multiprocessing.current_process().daemon, reply.in_process, result))


def test_workers_start_from_a_daemonic_process_like_the_gui_fetch_child(tmp_path: Path) -> None:
    """The GUI fetches in a daemonic spawn child (gui/fetch_process.py), which may not start
    multiprocessing children; plain subprocess workers work there."""
    (tmp_path / "tmp").mkdir()
    (tmp_path / "tmp" / "new.eml").write_bytes(MESSAGES[0])
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_in_a_daemonic_child, args=(str(tmp_path), theirs), daemon=True)
    child.start()
    try:
        assert ours.poll(60)
        daemon, in_process, result = ours.recv()
    finally:
        child.join(timeout=30)
    assert child.exitcode == 0
    assert daemon and not in_process
    assert result is not None and result[2].subject == "报价单"


_CHILD = """
import sys, time
from pathlib import Path
from hongyan.core.store.workers import for_delivery
root = Path(sys.argv[1])
with for_delivery(root, 1000, count=2) as pool:
    assert pool is not None and pool.extract(["tmp/m.eml"])[0] is not None
    print("ready", flush=True)
    time.sleep(60)
"""


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_exit_when_the_fetch_is_killed(tmp_path: Path) -> None:
    """plan E39 (side effect): a fetch killed with SIGKILL leaves no worker process behind."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the workers")
    (tmp_path / "tmp").mkdir()
    (tmp_path / "tmp" / "m.eml").write_bytes(MESSAGES[1])
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path)], stdout=subprocess.PIPE, env=dict(os.environ)
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        helpers = _descendants(child.pid)
        assert len(helpers) == 2  # the two workers
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in helpers)
    finally:
        child.kill()
        child.wait(timeout=10)
