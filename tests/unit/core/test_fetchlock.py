"""fetchlock: one fetch per mailbox and store, across threads and processes (plan E45)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from hongyan.core.fetchlock import account_lock

HOLDER = (
    "import sys, time; from pathlib import Path; from hongyan.core.fetchlock import account_lock\n"
    "with account_lock(Path(sys.argv[1]), sys.argv[2]) as ok:\n"
    "    print(ok, flush=True); time.sleep(60)"
)


def test_a_second_holder_in_the_process_is_refused_until_the_first_lets_go(
    tmp_path: Path,
) -> None:
    with account_lock(tmp_path, "li@pop.example.test") as first:
        with account_lock(tmp_path, "li@pop.example.test") as second:
            assert (first, second) == (True, False)
        with account_lock(tmp_path, "wang@pop.example.test") as other:
            assert other  # another mailbox is not held up
    with account_lock(tmp_path, "li@pop.example.test") as again:
        assert again


def test_threads_racing_for_one_mailbox_get_it_once(tmp_path: Path) -> None:
    start, tried = threading.Barrier(8), threading.Barrier(8)
    results: list[bool] = []

    def race() -> None:
        start.wait()
        with account_lock(tmp_path, "box") as got:
            results.append(got)
            tried.wait(10)  # the winner holds the lock until every thread has tried

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == [False] * 7 + [True]


def test_another_process_holding_the_lock_refuses_this_one_until_it_is_killed(
    tmp_path: Path,
) -> None:
    """The lock is the kernel's (lockf): a holder killed with -9 leaves nothing held."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path), "box"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        with account_lock(tmp_path, "box") as here:
            assert not here
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
        with account_lock(tmp_path, "box") as after:
            assert after
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)


def test_the_lock_file_lives_in_the_store_and_does_not_name_the_mailbox(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    with account_lock(store, "li@pop.example.test"):
        names = os.listdir(store)
    assert len(names) == 1 and names[0].startswith(".fetch-") and "li@" not in names[0]
