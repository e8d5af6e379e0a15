"""Adding, listing, counting, flags, moves, Trash: file and index always agree."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.store import Store
from hongyan.core.store.maildir import scan_folder
from support.mail import message


def files_of(store: Store, folder: str) -> set[str]:
    return {f.name.base for f in scan_folder(store.root, folder)}


def indexed_in(store: Store, folder: str) -> set[str]:
    rows = store.connection.execute("SELECT name FROM messages WHERE folder = ?", (folder,))
    return {r[0] for r in rows}


def test_open_without_create_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(HongyanError, match="no mail store"):
        Store.open(tmp_path / "nowhere")


def test_open_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Documents" / "thesis.odt").write_bytes(b"...")
    with pytest.raises(HongyanError, match="not a mail store"):
        Store.open(tmp_path / "Documents", create=True)


def test_list_is_newest_first_with_limit_and_offset(store: Store) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids = [
        store.add("Inbox", message(subject=f"n{i}", date=start + timedelta(days=i)))
        for i in range(5)
    ]
    assert [m.id for m in store.list("Inbox")] == ids[::-1]
    assert [m.subject for m in store.list("Inbox", limit=2)] == ["n4", "n3"]
    assert [m.subject for m in store.list("Inbox", limit=2, offset=2)] == ["n2", "n1"]
    assert store.count("Inbox") == 5


def test_add_accepts_a_stream_and_records_account_and_flags(store: Store) -> None:
    message_id = store.add("Sent", io.BytesIO(message()), flags="S", account="work")
    row = store.get(message_id)
    assert (row.folder, row.account, row.flags) == ("Sent", "work", "S")


def test_folders_count_total_and_unread(store: Store) -> None:
    a = store.add("Inbox", message(subject="a"))
    store.add("Inbox", message(subject="b"))
    store.set_flags([a], add="S")
    info = {f.name: f for f in store.folders()}
    assert (info["Inbox"].total, info["Inbox"].unread) == (2, 1)
    assert (info["Sent"].total, info["Sent"].unread) == (0, 0)


def test_move_keeps_file_and_index_together(store: Store) -> None:
    store.create_folder("Archive")
    ids = [store.add("Inbox", message(subject=f"m{i}")) for i in range(3)]
    store.set_flags(ids[:1], add="S")
    store.move(ids[:2], "Archive")
    assert files_of(store, "Archive") == indexed_in(store, "Archive")
    assert files_of(store, "Inbox") == indexed_in(store, "Inbox")
    assert len(files_of(store, "Archive")) == 2
    assert store.get(ids[0]).flags == "S"
    with pytest.raises(HongyanError, match="no folder"):
        store.move(ids, "Nowhere")


def test_delete_goes_to_trash_then_for_good(store: Store) -> None:
    message_id = store.add("Inbox", message())
    store.delete([message_id])
    assert store.get(message_id).folder == "Trash"
    path = store.path(message_id)
    store.delete([message_id])
    assert not path.exists()
    with pytest.raises(HongyanError, match="no message"):
        store.get(message_id)


def test_empty_trash_removes_indexed_and_stray_files(store: Store) -> None:
    for i in range(3):
        store.delete([store.add("Inbox", message(subject=f"t{i}"))])
    (store.root / ".Trash" / "cur" / "stray:2,S").write_bytes(message())
    assert store.empty_trash() == 4
    assert store.count("Trash") == 0
    assert files_of(store, "Trash") == set()


def test_a_message_moved_by_another_program_is_still_found(store: Store) -> None:
    message_id = store.add("Inbox", message(subject="moved by mutt"))
    old = store.path(message_id)
    new = store.root / ".Junk" / "cur" / (old.name + ":2,S")
    old.rename(new)
    assert store.path(message_id) == new
    assert store.get(message_id).folder == "Junk"
    assert store.get(message_id).flags == "S"


def test_unknown_ids_and_folders_give_plain_errors(store: Store) -> None:
    with pytest.raises(HongyanError, match="no message 99"):
        store.get(99)
    with pytest.raises(HongyanError):
        store.list("a.b")
