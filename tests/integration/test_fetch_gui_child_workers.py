"""The GUI's fetch runs in a daemonic child process (gui/fetch_process.py); its messages are
still extracted in the store's worker processes, which end with the fetch."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from hongyan.core.store import workers
from hongyan.core.sync import AccountResult
from hongyan.gui.fetch_process import fetch_in_child
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import account_for, make_message, open_store, secret_of

pytestmark = pytest.mark.integration


class _Control:
    """What gui.tasks gives a task's operation: a cancel flag and a progress sink."""

    cancelled = False

    def progress(self, payload: object) -> None:
        pass


def _extraction_workers() -> dict[int, int]:
    """pid → parent pid of every running extraction worker."""
    found: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if b"hongyan.core.store.workers" in command and stat.rsplit(")", 1)[1].split()[0] != "Z":
            found[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def test_the_gui_fetch_child_extracts_in_workers_that_end_with_it(
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
    before = set(_extraction_workers())
    results: list[AccountResult] = []
    fetch = threading.Thread(
        target=lambda: results.append(
            fetch_in_child(account, tmp_path / "store", secret_of(user), _Control())  # type: ignore[arg-type]
        )
    )
    fetch.start()
    seen: dict[int, int] = {}
    while fetch.is_alive():
        seen.update({p: pp for p, pp in _extraction_workers().items() if p not in before})
        time.sleep(0.01)
    fetch.join()
    [result] = results
    assert result.ok and result.downloaded == count, result.summary
    assert seen, "no extraction worker ran during the fetch"
    assert os.getpid() not in seen.values()  # started by the fetch child, not by this process
    deadline = time.monotonic() + 10
    while set(_extraction_workers()) & set(seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not set(_extraction_workers()) & set(seen)
    with open_store(tmp_path) as store:
        assert store.count("Inbox") == count
        assert len(store.search("body line", limit=1000)) == count  # extracted and indexed
