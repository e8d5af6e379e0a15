"""Extraction in worker processes: the same index as extracting in process, never required,
and no worker outlives a killed fetch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.extract import extract
from hongyan.core.store.extractpool import ExtractPool, _Group, extract_file
from support.mail import message

MESSAGES = [
    message(subject="报价单", body="请查收本季度的报价。", charset="gb18030"),
    message(subject="Quarterly report", body="The numbers are attached."),
    message(subject="Hello", body="Just a note.", sender="Zoë <zoe@example.com>"),
]


def test_a_batch_extracted_by_workers_indexes_what_in_process_extraction_does(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "a", create=True) as plain:
        with plain.delivery("Inbox") as batch:
            for data in MESSAGES:
                batch.write([data])
            plain_rows = [plain.get(i) for i in batch.commit()]
        plain_hits = [r.subject for r in plain.search("报价", limit=10)]
    with ExtractPool(workers=1) as pool, Store.open(tmp_path / "b", create=True) as pooled:
        with pooled.delivery("Inbox", extractor=pool) as batch:
            for data in MESSAGES:
                batch.write([data])
            pooled_rows = [pooled.get(i) for i in batch.commit()]
        pooled_hits = [r.subject for r in pooled.search("报价", limit=10)]
    assert [r.subject for r in pooled_rows] == ["报价单", "Quarterly report", "Hello"]
    same = ("subject", "from_name", "from_addr", "date", "message_id", "size", "has_attachments")
    for a, b in zip(plain_rows, pooled_rows, strict=True):
        assert {k: getattr(a, k) for k in same} == {k: getattr(b, k) for k in same}
    assert pooled_hits == plain_hits == ["报价单"]


def test_a_worker_reads_only_what_extraction_looks_at(tmp_path: Path) -> None:
    big = message(subject="Big") + b"x" * (9 * 1024 * 1024)
    path = tmp_path / "big.eml"
    path.write_bytes(big)
    from_file = extract_file(str(path))
    assert from_file == extract(big)
    assert from_file is not None and from_file.malformed  # cut, as in process
    assert extract_file(str(tmp_path / "gone.eml")) is None


class _DyingPool(ExtractPool):
    """A pool whose worker dies on every group (fault injection: a real worker cannot be
    made to die on demand between submit and result)."""

    def _send(self, group: _Group) -> None:
        if group is self._group:
            self._group = _Group()
        group.future = Future()
        group.future.set_exception(BrokenProcessPool("a worker died"))


def test_a_failed_worker_means_extracting_in_process_not_a_lost_message(store: Store) -> None:
    with _DyingPool(workers=1) as pool, store.delivery("Inbox", extractor=pool) as batch:
        batch.write([MESSAGES[1]])
        [new_id] = batch.commit()
    assert store.get(new_id).subject == "Quarterly report"
    assert [r.id for r in store.search("numbers", limit=5)] == [new_id]


def test_no_pool_in_a_daemonic_process_or_for_a_few_messages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ExtractPool.for_messages(3) is None
    import multiprocessing

    class Daemonic:
        daemon = True

    monkeypatch.setattr(multiprocessing, "current_process", Daemonic)
    assert ExtractPool.for_messages(10_000) is None


_CHILD = """
import sys, time
from pathlib import Path
from hongyan.core.store.extractpool import ExtractPool
path = Path(sys.argv[1])
pool = ExtractPool(workers=2)
assert pool.result(pool.submit(path)) is not None
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
    path = tmp_path / "m.eml"
    path.write_bytes(MESSAGES[1])
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, env=dict(os.environ)
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        helpers = _descendants(child.pid)
        assert len(helpers) >= 2  # the forkserver and its workers
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in helpers)
    finally:
        child.kill()
        child.wait(timeout=10)
