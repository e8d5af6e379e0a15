"""Two Hongyan processes on one store: a fetch writes while the GUI reads and changes flags."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.maildir import scan_folder

pytestmark = pytest.mark.slow

WRITER = """
import sys
from hongyan.core.store import Store
store = Store.open(sys.argv[1])
for b in range(30):
    with store.delivery("Inbox", account="w") as batch:
        for i in range(10):
            n = b * 10 + i
            batch.write([b"From: w@x\\nSubject: fetched %d\\n\\nbody %d\\n" % (n, n)],
                        fetch_key="%016x" % n)
        batch.commit()
store.close()
print("ok")
"""

READER = """
import sys
from hongyan.core.store import Store
seen = 0
for round in range(40):
    with Store.open(sys.argv[1]) as store:
        rows = store.list("Inbox", limit=50)
        assert len(store.search("fetched", limit=500)) >= seen
        seen = len(store.search("fetched", limit=500))
        unread = [r.id for r in rows if "S" not in r.flags][:5]
        store.set_flags(unread, add="S")
print("ok", seen)
"""


def test_a_reader_and_a_writer_in_two_processes_never_corrupt_the_store(tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    Store.open(root, create=True).close()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in (WRITER, READER, READER)
    ]
    for child in children:
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0, err[-3000:]
        assert out.startswith("ok")
    conn = sqlite3.connect(root / "index.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with Store.open(root) as store:
        rows = store.list("Inbox")
        assert len(rows) == 300
        assert len({r.fetch_key for r in rows}) == 300  # none indexed twice
        on_disk = {f.name.base: f.name.flags for f in scan_folder(root, "Inbox")}
        assert len(on_disk) == 300
        assert {store.path(r.id).name.split(":")[0]: r.flags for r in rows} == on_disk
