"""Moving a store: copy, verify, switch, remove; any failure leaves the old store in use."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.store import Store
from hongyan.core.store.relocate import relocate
from support.mail import message, with_attachment
from support.mounts import tmpfs


def make_store(path: Path, n: int = 12) -> Path:
    with Store.open(path, create=True) as store:
        store.create_folder("Projects/2026")
        for i in range(n):
            folder = "Projects/2026" if i % 3 == 0 else "Inbox"
            store.add(folder, message(subject=f"message {i}", body="x" * (i * 100)))
        store.add("Inbox", with_attachment())
        store.connection.execute("CREATE TABLE IF NOT EXISTS pop3_seen (uidl TEXT)")
        store.connection.execute("INSERT INTO pop3_seen VALUES ('U1')")
    return path


def fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("index.")
    }


def test_move_copies_verifies_and_removes_the_old_copy(tmp_path: Path) -> None:
    source = make_store(tmp_path / "old")
    before = fingerprint(source)
    result = relocate(source, tmp_path / "new" / "Mail")
    assert result.files == len(before)
    assert fingerprint(result.dest) == before
    assert result.finish() == []
    assert not source.exists()
    with Store.open(result.dest) as store:
        assert store.count("Inbox") == 9 and store.count("Projects/2026") == 4
        assert store.connection.execute("SELECT uidl FROM pop3_seen").fetchall() == [("U1",)]
        assert store.search("message")


def test_keep_old_leaves_the_old_copy(tmp_path: Path) -> None:
    source = make_store(tmp_path / "old")
    before = fingerprint(source)
    relocate(source, tmp_path / "new").finish(keep_old=True)
    assert fingerprint(source) == before


def test_a_destination_holding_a_store_is_refused_with_a_pointer(tmp_path: Path) -> None:
    source = make_store(tmp_path / "old")
    other = make_store(tmp_path / "other", n=1)
    with pytest.raises(HongyanError, match=f"hongyan store open {other}"):
        relocate(source, other)


@pytest.mark.parametrize("where", ["inside", "non-empty"])
def test_bad_destinations_are_refused(tmp_path: Path, where: str) -> None:
    source = make_store(tmp_path / "old")
    dest = source / "sub" if where == "inside" else tmp_path / "docs"
    if where == "non-empty":
        dest.mkdir()
        (dest / "thesis.odt").write_bytes(b"x")
    with pytest.raises(HongyanError):
        relocate(source, dest)
    assert Store.open(source).count("Inbox") == 9


def test_disk_full_at_the_destination_leaves_the_old_store_intact(
    tmp_path: Path, small_tmpfs: Path
) -> None:
    source = make_store(tmp_path / "old", n=40)
    for i in range(30):  # about 3 MB of mail, for a 2 MB disk
        (source / "cur" / f"big{i}:2,S").write_bytes(message(body="y" * 100_000))
    before = fingerprint(source)
    with pytest.raises(HongyanError, match=r"space|full") as info:
        relocate(source, small_tmpfs / "Mail")
    assert str(source) in str(info.value)
    assert fingerprint(source) == before
    assert list(small_tmpfs.iterdir()) == []


def test_disk_full_during_the_copy_is_caught_too(
    tmp_path: Path, small_tmpfs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The free-space check can be wrong (another writer); ENOSPC mid-copy is handled."""
    source = make_store(tmp_path / "old", n=40)
    for i in range(30):
        (source / "cur" / f"big{i}:2,S").write_bytes(message(body="y" * 100_000))
    before = fingerprint(source)
    monkeypatch.setattr("hongyan.core.store.relocate._free_space", lambda dest: None)
    with pytest.raises(HongyanError, match="disk is full") as info:
        relocate(source, small_tmpfs / "Mail")
    assert "still at" in str(info.value)
    assert fingerprint(source) == before
    assert list(small_tmpfs.iterdir()) == []


def test_a_read_only_destination_leaves_the_old_store_intact(tmp_path: Path) -> None:
    source = make_store(tmp_path / "old")
    before = fingerprint(source)
    with (
        tmpfs(tmp_path / "ro", size="8m", read_only=True) as read_only,
        pytest.raises(HongyanError, match="read-only"),
    ):
        relocate(source, read_only / "Mail")
    assert fingerprint(source) == before


def test_opening_the_store_during_a_move_leaves_its_staging_copy(tmp_path: Path) -> None:
    """Only a dead move's staging folder is removed at open: the GUI opens the store for a
    fetch while its own move copies, another process may open it too."""
    source = make_store(tmp_path / "old")
    dest = tmp_path / "new" / "Mail"
    staging = dest.with_name(".Mail.hongyan-partial")
    seen: list[bool] = []

    def open_meanwhile() -> bool:
        if not seen:
            Store.open(source).close()  # in this process
            other = subprocess.run(
                [sys.executable, "-c", "import sys; from hongyan.core.store import Store;"
                 " Store.open(sys.argv[1]).close()", str(source)],
                check=True,
            )  # fmt: skip
            seen.append(other.returncode == 0 and staging.is_dir())
        return False

    relocate(source, dest, cancel=open_meanwhile).finish()
    assert seen == [True]
    assert not staging.exists() and dest.is_dir()
