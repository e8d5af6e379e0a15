"""kill -9 at any point never loses or corrupts mail (plan E40, E41, and store move).

Each test runs the real code in a child process and kills it with SIGKILL, then checks the
store from the outside: files, index, and what the next open makes of them.
"""

from __future__ import annotations

import hashlib
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.maildir import scan_folder
from hongyan.core.store.relocate import MOVE_NOTE
from support.cli import hongyan
from support.mail import message

pytestmark = pytest.mark.slow


def fill(path: Path, n: int) -> list[str]:
    """A store with ``n`` messages in the Inbox; returns their Maildir base names.

    The files are written as another tool would and indexed by the next open (faster than
    ``n`` durable deliveries, and the same end state).
    """
    with Store.open(path, create=True) as store:
        store.create_folder("Archive")
    for i in range(n):
        name = f"{1700000000 + i}.M{i}P1Q1R0.filler,S=0"
        (path / "new" / name).write_bytes(message(subject=f"m{i}", body=f"body {i}"))
    Store.open(path).close()
    return sorted(f.name.base for f in scan_folder(path, "Inbox"))


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after_start(child: subprocess.Popen[str], delay: float) -> None:
    """Wait for the child's 'start' line, sleep ``delay``, then SIGKILL it."""
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "start", child.stderr.read() if child.stderr else ""
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)


def index_rows(path: Path) -> dict[str, tuple[str, str]]:
    conn = sqlite3.connect(path / "index.sqlite")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {n: (f, fl) for n, f, fl in conn.execute("SELECT name, folder, flags FROM messages")}
    finally:
        conn.close()


MOVE_CODE = """
import sys
from hongyan.core.store import Store
store = Store.open(sys.argv[1])
ids = [r.id for r in store.list("Inbox")]
print("start", flush=True)
store.move(ids, "Archive")
print("done", flush=True)
"""


@pytest.mark.parametrize("seed", range(3))
def test_kill_during_a_move_between_folders(tmp_path: Path, seed: int) -> None:
    """plan E40: every message in exactly one folder, never in neither; index reconciled."""
    root = tmp_path / "Mail"
    names = fill(root, 500)
    child = spawn(MOVE_CODE, str(root))
    kill_after_start(child, random.Random(seed).uniform(0.0, 0.08))
    inbox = {f.name.base for f in scan_folder(root, "Inbox")}
    archive = {f.name.base for f in scan_folder(root, "Archive")}
    assert inbox.isdisjoint(archive)
    assert sorted(inbox | archive) == names
    with Store.open(root) as store:
        assert store.count("Inbox") == len(inbox) and store.count("Archive") == len(archive)
    rows = index_rows(root)
    assert {n for n, (f, _) in rows.items() if f == "Archive"} == archive


FLAGS_CODE = """
import sys
from hongyan.core.store import Store
store = Store.open(sys.argv[1])
ids = [r.id for r in store.list("Inbox")]
print("start", flush=True)
store.set_flags(ids, add="S")
print("done", flush=True)
"""


@pytest.mark.parametrize("seed", range(2))
def test_kill_during_a_batch_of_flag_changes(tmp_path: Path, seed: int) -> None:
    """plan E41 (through the store): the index batch is all or nothing, files keep the truth."""
    root = tmp_path / "Mail"
    names = fill(root, 1000)
    child = spawn(FLAGS_CODE, str(root))
    kill_after_start(child, random.Random(seed).uniform(0.0, 0.2))
    flags_in_index = {fl for _, fl in index_rows(root).values()}
    assert flags_in_index in ({""}, {"S"})  # one transaction: never a mix
    with Store.open(root) as store:
        rows = store.list("Inbox")
        on_disk = {f.name.base: f.name.flags for f in scan_folder(root, "Inbox")}
        assert sorted(on_disk) == names  # no file lost
        assert {store.path(r.id).name.split(":")[0]: r.flags for r in rows} == on_disk


RAW_TXN_CODE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("BEGIN IMMEDIATE")
for i in range(10000):
    conn.execute("UPDATE messages SET flags = 'S' WHERE id = ?", (i % 1000 + 1,))
print("start", flush=True)
conn.execute("COMMIT")
print("done", flush=True)
"""


@pytest.mark.parametrize("delay", [0.0, 0.002])
def test_kill_mid_commit_of_a_large_index_transaction(tmp_path: Path, delay: float) -> None:
    """plan E41: 10 000 updates in one WAL transaction, SIGKILL at commit: all or nothing,
    integrity ok, and the flags are rebuilt from the Maildir info suffixes at open."""
    root = tmp_path / "Mail"
    fill(root, 1000)
    child = spawn(RAW_TXN_CODE, str(root / "index.sqlite"))
    kill_after_start(child, delay)
    assert {fl for _, fl in index_rows(root).values()} in ({""}, {"S"})
    with Store.open(root) as store:
        assert store.reindex() == 1000
        assert {r.flags for r in store.list("Inbox")} == {""}  # the files say unread


def fingerprint(root: Path) -> dict[str, str]:
    """The mail files and their hashes (not the index, nor a killed move's note, which
    the next open removes)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("index.") and p.name != MOVE_NOTE
    }


@pytest.mark.parametrize("after", [1, 7, 60, 117])
def test_kill_during_store_move_after_n_files(tmp_path: Path, after: int) -> None:
    """store move killed after N files: the old store is intact and still the one in use."""
    old = Path(hongyan("store", "where").stdout.strip())
    fill(old, 117)  # 117 messages + their files; the index is copied last
    before = fingerprint(old)
    dest = tmp_path / "Elsewhere" / "Mail"
    result = hongyan(
        "store", "move", str(dest), env={"HONGYAN_TEST_RELOCATE_KILL_AFTER": str(after)}
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert hongyan("store", "where").stdout.strip() == str(old)
    assert fingerprint(old) == before
    assert not dest.exists()
    listed = hongyan("list", "Inbox", "--all")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 117
    again = hongyan("store", "move", str(dest))  # the next attempt cleans up and succeeds
    assert again.returncode == 0, again.stderr
    assert hongyan("store", "where").stdout.strip() == str(dest)
    assert fingerprint(dest) == before and not old.exists()
    assert len(hongyan("list", "Inbox", "--all").stdout.splitlines()) == 117


def test_a_killed_store_move_leaves_no_staging_copy_after_the_next_start(tmp_path: Path) -> None:
    """The staging folder of a killed move is removed at the next start, not kept for ever
    (issue 14): the user may never try that destination again."""
    old = Path(hongyan("store", "where").stdout.strip())
    fill(old, 40)
    dest = tmp_path / "Elsewhere" / "Mail"
    staging = dest.with_name(".Mail.hongyan-partial")
    result = hongyan("store", "move", str(dest), env={"HONGYAN_TEST_RELOCATE_KILL_AFTER": "9"})
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert staging.is_dir()  # the copy the kill interrupted
    listed = hongyan("list", "Inbox", "--all")  # the next start opens the store
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 40
    assert not staging.exists()
    assert sorted(p.name for p in old.iterdir() if p.is_file()) == [
        "index.sqlite",
        "index.state",
    ]  # nothing of the move is left in the store either


def test_kill_during_an_mbox_import_then_the_same_import_adds_no_duplicates(
    tmp_path: Path,
) -> None:
    """Plan G66: kill -9 once the first batch of a 3 000-message import is in, import the
    same mbox again: every message once, none twice."""
    mbox = tmp_path / "archive.mbox"
    with open(mbox, "wb") as out:
        for n in range(3000):
            out.write(b"From archive@example.org Mon Mar  2 10:00:00 2026\n")
            out.write(message(subject=f"archived {n}", message_id=f"<a{n}@example.org>"))
            out.write(b"\n\n")
    child = subprocess.Popen(
        [sys.executable, "-m", "hongyan", "import", str(mbox)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    while not (line := child.stderr.readline()).startswith("hongyan: importing messages 1000"):
        assert line, "the import ended before its first batch was in"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    again = hongyan("import", str(mbox))
    assert again.returncode == 0, again.stderr
    imported, skipped = (int(w) for w in re.findall(r"\d+", again.stdout))
    assert imported + skipped == 3000 and skipped >= 1000, again.stdout
    store_dir = Path(hongyan("store", "where").stdout.strip())
    with Store.open(store_dir) as store:
        ids = [r.message_id for r in store.list("Inbox")]
    assert sorted(ids) == sorted(f"<a{n}@example.org>" for n in range(3000))
    assert hongyan("import", str(mbox)).stdout == (
        "Imported 0 messages into Inbox. Skipped 3000 already imported.\n"
    )
