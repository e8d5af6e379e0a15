"""The GUI fetches in a daemonic child process (gui/fetch_process.py) that reads only the
headers of the new mail; then another child indexes their bodies for search in the store's
worker processes, which end with it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from hongyan.core.store import workers
from hongyan.core.sync import AccountResult
from hongyan.gui.fetch_process import fetch_in_child, index_in_child
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import account_for, make_message, open_store, secret_of

pytestmark = pytest.mark.integration


class _Control:
    """What gui.tasks gives a task's operation: a cancel flag and a progress sink."""

    cancelled = False

    def __init__(self) -> None:
        self.reports: list[tuple[object, ...]] = []

    def progress(self, *payload: object) -> None:
        self.reports.append(payload)


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _ours(pid: int) -> bool:
    """Whether ``pid`` descends from this test process (other test runs may share the box)."""
    while pid > 1:
        pid = _parent(pid)
        if pid == os.getpid():
            return True
    return False


def _extraction_workers() -> dict[int, int]:
    """pid → parent pid of every running extraction worker started under this process."""
    found: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        alive = stat.rsplit(")", 1)[1].split()[0] != "Z"
        if b"hongyan.core.store.workers" in command and alive and _ours(int(entry)):
            found[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def _running(pids: Iterable[int]) -> set[int]:
    """Those of ``pids`` still running as extraction workers, whoever their parent is now."""
    running = set()
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if b"hongyan.core.store.workers" in command and state != "Z":
            running.add(pid)
    return running


def _watching(target: object) -> tuple[object, dict[int, int]]:
    """Run ``target()`` in a thread; return its result and the workers seen meanwhile."""
    before = set(_extraction_workers())
    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(target()))  # type: ignore[operator]
    thread.start()
    seen: dict[int, int] = {}
    while thread.is_alive():
        seen.update({p: pp for p, pp in _extraction_workers().items() if p not in before})
        time.sleep(0.01)
    thread.join()
    [result] = results
    return result, seen


def test_the_gui_fetch_child_lists_mail_then_an_index_child_makes_it_searchable(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the workers")
    user = dovecot.add_user()
    count = workers.MIN_MESSAGES + 50
    for n in range(count):
        user.deliver(make_message(n, size=4000))
    account = account_for(dovecot, user, pki)
    open_store(tmp_path).close()
    root = tmp_path / "store"
    result, seen = _watching(
        lambda: fetch_in_child(account, root, secret_of(user), _Control())  # type: ignore[arg-type]
    )
    assert isinstance(result, AccountResult)
    assert result.ok and result.downloaded == count, result.summary
    assert not seen, "the fetch parsed bodies in workers; it reads headers only"
    with open_store(tmp_path) as store:
        assert store.count("Inbox") == count
        assert store.pending_count() == count
    control = _Control()
    indexed, seen = _watching(lambda: index_in_child(root, control))  # type: ignore[arg-type]
    assert indexed == count
    assert seen, "no extraction worker ran during the body pass"
    assert os.getpid() not in seen.values()  # started by the child, not by this process
    assert control.reports[-1] == (count, count)
    deadline = time.monotonic() + 10
    while _running(seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(seen)  # also not orphaned (an orphan is no longer a descendant)
    with open_store(tmp_path) as store:
        assert store.pending_count() == 0
        assert len(store.search("body line", limit=1000)) == count


def test_cancelling_the_index_child_keeps_what_it_indexed(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """Closing the app cancels the task: the child stops between batches; nothing is lost."""
    user = dovecot.add_user()
    for n in range(1000):
        user.deliver(make_message(n, size=2000))
    account = account_for(dovecot, user, pki)
    open_store(tmp_path).close()
    root = tmp_path / "store"
    fetch_in_child(account, root, secret_of(user), _Control())  # type: ignore[arg-type]

    class Cancelling(_Control):
        def progress(self, *payload: object) -> None:
            super().progress(*payload)
            if payload[0]:  # one batch is in: the user closes the app
                self.cancelled = True

    index_in_child(root, Cancelling())  # type: ignore[arg-type]
    with open_store(tmp_path) as store:
        left = store.pending_count()
        fts = store.connection.execute("SELECT count(*) FROM messages_fts").fetchone()[0]
        assert 0 < left < 1000 and fts + left == 1000
        assert store.index_pending() == left
        assert len(store.search("body line", limit=2000)) == 1000


def test_the_gui_fetch_child_names_the_messages_it_left_on_the_server(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G58 in the GUI: the report of a message over the size limit crosses the pipe."""
    user = dovecot.add_user()
    user.deliver(make_message(1))
    user.deliver(make_message(2, size=1_300_000, tag="大附件"))
    account = account_for(dovecot, user, pki, max_message_mb=1)
    open_store(tmp_path).close()
    result = fetch_in_child(account, tmp_path / "store", secret_of(user), _Control())  # type: ignore[arg-type]
    assert result.ok and (result.downloaded, result.skipped) == (1, 1), result.summary
    (left,) = result.left_on_server
    assert (left.subject, left.raise_limit_to_mb) == ("大附件 2", 2)
    assert "size limit" in left.reason
