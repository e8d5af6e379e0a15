"""Folders: create, rename with subfolders, delete to Trash, empty, move and copy, counts."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.store import Store
from hongyan.core.store.folders import RENAME_JOURNAL, unread_with_subfolders
from hongyan.core.store.maildir import folder_dir, scan_folder
from hongyan.core.store.records import FolderInfo
from support.mail import message

KEY = "0123456789abcdef"


def fetched(store: Store, folder: str = "Inbox", **kwargs: str) -> int:
    """A message delivered as a fetch delivers it: its file name carries a fetch key."""
    with store.delivery(folder, account="work") as batch:
        batch.write([message(**kwargs)], fetch_key=KEY)
        return batch.commit()[0]


def names(store: Store) -> list[str]:
    return [f.name for f in store.folders()]


def files_in(store: Store, folder: str) -> set[str]:
    return {f.name.base for f in scan_folder(store.root, folder)}


def test_nested_folders_are_made_with_their_parents(store: Store) -> None:
    assert store.create_folder("客户/华东/上海某公司") == "客户/华东/上海某公司"
    assert {"客户", "客户/华东", "客户/华东/上海某公司"} <= set(names(store))
    assert store.subfolders("客户") == ["客户/华东", "客户/华东/上海某公司"]


def test_a_special_folder_typed_in_another_case_is_that_folder(store: Store) -> None:
    assert store.create_folder("sent/2025") == "Sent/2025"
    assert store.create_folder("templates") == "Templates"


def test_rename_takes_subfolders_and_their_mail_along(store: Store) -> None:
    store.create_folder("客户/华东")
    top = store.add("客户", message(subject="top"))
    deep = store.add("客户/华东", message(subject="deep"))
    renamed = store.rename_folder("客户", "Customers")
    assert renamed == [("客户", "Customers"), ("客户/华东", "Customers/华东")]
    assert "客户" not in names(store) and "Customers/华东" in names(store)
    assert (store.get(top).folder, store.get(deep).folder) == ("Customers", "Customers/华东")
    assert store.read_bytes(deep).startswith(b"From:")  # the index path follows
    assert not (store.root / RENAME_JOURNAL).exists()
    with Store.open(store.root) as again:  # and a fresh open agrees with the files
        assert again.get(deep).folder == "Customers/华东"


def test_rename_to_another_parent_moves_the_folder_there(store: Store) -> None:
    store.create_folder("华东")
    store.rename_folder("华东", "客户/华东")
    assert "客户" in names(store) and "客户/华东" in names(store) and "华东" not in names(store)


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("Inbox", "Post", "special folder"),
        ("Sent", "Sent2", "special folder"),
        ("Templates", "T", "special folder"),
        ("A", "A/B/C", "its own subfolder"),
        ("A", "B", "already"),
        ("A", "trash", "already"),
        ("Nothing", "X", "no folder"),
    ],
)
def test_renames_that_are_refused(store: Store, old: str, new: str, says: str) -> None:
    store.create_folder("A/B")
    store.create_folder("B")
    with pytest.raises(HongyanError, match=says):
        store.rename_folder(old, new)


def test_a_rename_a_kill_interrupted_is_finished_at_the_next_open(store_dir: Path) -> None:
    with Store.open(store_dir, create=True) as store:
        store.create_folder("A/B")
        kept = store.add("A/B", message(subject="deep"))
    # The journal was written and the parent renamed, then the process died.
    (store_dir / RENAME_JOURNAL).write_text(json.dumps({"version": 1, "old": "A", "new": "Z"}))
    os.rename(folder_dir(store_dir, "A"), folder_dir(store_dir, "Z"))
    with Store.open(store_dir) as store:
        assert "A/B" not in names(store) and "Z/B" in names(store)
        assert store.get(kept).folder == "Z/B"
    assert not (store_dir / RENAME_JOURNAL).exists()


def test_delete_sends_the_mail_of_the_folder_and_its_subfolders_to_trash(store: Store) -> None:
    store.create_folder("Old/2019")
    ids = [store.add("Old", message(subject="a")), store.add("Old/2019", message(subject="b"))]
    # a file another program put there, not yet in the index
    (folder_dir(store.root, "Old/2019") / "new" / "1700000000.M1P1Q1R0.mutt,S=10").write_bytes(
        message(subject="c")
    )
    assert store.delete_folder("Old") == 3
    assert "Old" not in names(store) and "Old/2019" not in names(store)
    assert {store.get(i).folder for i in ids} == {"Trash"}
    assert sorted(r.subject for r in store.list("Trash")) == ["a", "b", "c"]
    assert not [p for p in store.root.iterdir() if p.name.endswith(".hongyan-deleted")]


def test_a_deletion_a_kill_interrupted_is_finished_at_the_next_open(store_dir: Path) -> None:
    with Store.open(store_dir, create=True) as store:
        store.create_folder("Old")
        store.add("Old", message(subject="late"))
    os.rename(folder_dir(store_dir, "Old"), store_dir / "0123.hongyan-deleted")
    with Store.open(store_dir) as store:
        assert [r.subject for r in store.list("Trash")] == ["late"]
        assert "Old" not in names(store)
    assert not (store_dir / "0123.hongyan-deleted").exists()


@pytest.mark.parametrize("special", ["Inbox", "Outbox", "Sent", "Drafts", "Trash", "Junk"])
def test_special_folders_cannot_be_deleted(store: Store, special: str) -> None:
    with pytest.raises(HongyanError, match="special folder"):
        store.delete_folder(special)


def test_empty_junk_and_trash_delete_for_good_and_nothing_else_can_be_emptied(
    store: Store,
) -> None:
    store.add("Junk", message(subject="spam"))
    store.add("Trash", message(subject="old"))
    store.add("Inbox", message(subject="keep"))
    assert store.empty_folder("Junk") == 1 and store.empty_trash() == 1
    assert store.count("Junk") == store.count("Trash") == 0
    assert not files_in(store, "Junk") and not files_in(store, "Trash")
    with pytest.raises(HongyanError, match="Only Trash and Junk"):
        store.empty_folder("Inbox")
    assert store.count("Inbox") == 1


def test_a_move_keeps_the_fetch_key_a_copy_does_not(store: Store) -> None:
    store.create_folder("Kept")
    store.create_folder("Copies")
    original = fetched(store, subject="报价单 March")
    store.move([original], "Kept")
    assert store.get(original).fetch_key == KEY
    assert store.path(original).name.count(f",K={KEY}") == 1
    [copy] = store.copy([original], "Copies")
    row = store.get(copy)
    assert (row.folder, row.fetch_key, row.account, row.subject) == (
        "Copies",
        None,
        "work",
        "报价单 March",
    )
    assert ",K=" not in store.path(copy).name and ",A=work" in store.path(copy).name
    assert store.read_bytes(copy) == store.read_bytes(original)
    keys = store.connection.execute("SELECT count(*) FROM messages WHERE fetch_key = ?", (KEY,))
    assert keys.fetchone()[0] == 1  # sync sees one fetched message, not two


def test_a_copy_is_searchable_and_independent_of_the_original(store: Store) -> None:
    store.create_folder("Copies")
    original = store.add("Inbox", message(subject="zebracorn minutes"))
    [copy] = store.copy([original], "Copies")
    assert {r.id for r in store.search("zebracorn")} == {original, copy}
    assert os.stat(store.path(copy)).st_nlink == 2  # a hard link: no bytes copied
    store.set_flags([copy], add="S")
    assert store.get(original).flags == "" and store.get(copy).flags == "S"
    store.delete([original])
    store.delete([original])  # for good, from Trash
    assert store.read_bytes(copy).startswith(b"From:")


def test_a_copy_has_the_originals_correspondents_for_the_customer_file(store: Store) -> None:
    store.create_folder("Copies")
    original = store.add("Inbox", message(sender="王芳 <wang@acme.example>", to="me@x.example"))
    [copy] = store.copy([original], "Copies")
    rows = store.connection.execute(
        "SELECT message_id, role, addr FROM messages_addresses WHERE message_id IN (?, ?)"
        " ORDER BY message_id, role",
        (original, copy),
    ).fetchall()
    assert [r[1:] for r in rows if r[0] == copy] == [r[1:] for r in rows if r[0] == original]
    assert (0, "wang@acme.example") in [r[1:] for r in rows if r[0] == copy]


def test_a_copy_of_mail_whose_body_is_not_indexed_yet_is_indexed_with_it(
    store: Store,
) -> None:
    from hongyan.core.store import DeliveryBatch

    store.create_folder("Copies")
    deferring = DeliveryBatch(store.root, store.connection, "Inbox", "work", defer_body=True)
    with deferring as batch:  # as a fetch delivers
        batch.write([message(subject="later", body="quokka")], fetch_key=KEY)
        [original] = batch.commit()
    [copy] = store.copy([original], "Copies")
    assert store.pending_count() == 2
    store.index_pending()
    assert {r.id for r in store.search("quokka")} == {original, copy}


def test_copy_once_makes_one_copy_however_often_it_is_asked(store: Store) -> None:
    store.create_folder("Copies")
    original = store.add("Inbox", message())
    first = store.copy_once([original], "Copies", "rule:Customers")
    assert store.copy_once([original], "Copies", "rule:Customers") == first
    store.move(first, "Inbox")  # wherever the copy went since, it is found
    assert store.copy_once([original], "Copies", "rule:Customers") == first
    assert store.count("Copies") == 0 and store.count("Inbox") == 2


def test_move_and_copy_to_a_missing_folder_are_refused(store: Store) -> None:
    original = store.add("Inbox", message())
    for change in (store.move, store.copy):
        with pytest.raises(HongyanError, match="no folder 'Nowhere'"):
            change([original], "Nowhere")


def test_refile_moves_and_flags_each_message_its_own_way(store: Store) -> None:
    from hongyan.core.store.changes import Refile

    store.create_folder("A")
    one, two = store.add("Inbox", message(subject="1")), store.add("Inbox", message(subject="2"))
    store.refile({one: Refile("A", add="S"), two: Refile(add="F")})
    assert (store.get(one).folder, store.get(one).flags) == ("A", "S")
    assert (store.get(two).folder, store.get(two).flags) == ("Inbox", "F")
    assert store.path(one).name.endswith(":2,S")


def test_unread_counts_include_subfolders_and_parents_made_elsewhere() -> None:
    folders = [
        FolderInfo("Inbox", 10, 2),
        FolderInfo("客户", 3, 1),
        FolderInfo("客户/华东", 5, 4),
        FolderInfo("客户/华东/上海某公司", 2, 2),
        FolderInfo("Lone/Child", 1, 1),
    ]
    totals = unread_with_subfolders(folders)
    assert totals["客户"] == 7 and totals["客户/华东"] == 6 and totals["Inbox"] == 2
    assert totals["Lone"] == 1  # no folder of its own, but shown as a parent


def test_a_folder_another_program_made_appears_after_a_refresh(store: Store) -> None:
    made = store.root / ".&W6JiNw-.&U05OHA-"  # 客户/华东, as Dovecot names it
    for sub in ("cur", "new", "tmp"):
        (made / sub).mkdir(parents=True)
    (made / "cur" / "1700000000.M1P1Q1R0.dovecot,S=10:2,S").write_bytes(message(subject="对方"))
    report = store.refresh()
    assert report.added == 1
    assert "客户/华东" in names(store)
    [row] = store.list("客户/华东")
    assert (row.subject, row.flags) == ("对方", "S")


def old_store(root: Path, layout: dict[str, list[str]]) -> None:
    """A store as Hongyan wrote it before issue 17: folder directories named in UTF-8 and
    the index pointing at them."""
    with Store.open(root, create=True) as store:
        for folder, subjects in layout.items():
            store.create_folder(folder)
            for subject in subjects:
                store.add(folder, message(subject=subject))
    conn = sqlite3.connect(root / "index.sqlite")
    for folder in layout:
        new = folder_dir(root, folder).name
        old = "." + folder.replace("/", ".")
        if folder.startswith("Inbox/"):
            old = ".Inbox." + folder.split("/", 1)[1]
        os.rename(root / new, root / old)
        conn.execute(
            "UPDATE messages SET path = ? || substr(path, ?) WHERE folder = ?",
            (old + "/", len(new) + 2, folder),
        )
    conn.commit()
    conn.close()


def test_folders_an_earlier_version_wrote_in_utf8_are_renamed_once_at_open(
    store_dir: Path,
) -> None:
    layout = {"客户": ["a"], "客户/华东": ["b", "c"], "R&D": ["d"], "Inbox/归档": ["e"]}
    old_store(store_dir, layout)
    assert (store_dir / ".客户.华东").is_dir() and (store_dir / ".Inbox.归档").is_dir()
    with Store.open(store_dir) as store:
        for folder, subjects in layout.items():
            assert sorted(r.subject for r in store.list(folder)) == subjects
            assert all(store.read_bytes(r.id) for r in store.list(folder))
    entries = sorted(p.name for p in store_dir.iterdir() if p.name.startswith("."))
    assert ".&W6JiNw-.&U05OHA-" in entries and ".R&-D" in entries and ".INBOX.&X1JoYw-" in entries
    assert not any(not name.isascii() for name in entries)
    before = sorted(entries)
    Store.open(store_dir).close()  # once: the next open renames nothing
    assert sorted(p.name for p in store_dir.iterdir() if p.name.startswith(".")) == before


def test_old_and_new_spellings_of_one_folder_are_merged(store_dir: Path) -> None:
    old_store(store_dir, {"客户": ["old"]})
    with Store.open(store_dir) as store:  # renamed; now an old copy appears again
        store.add("客户", message(subject="new"))
    stray = store_dir / ".客户"
    for sub in ("cur", "new", "tmp"):
        (stray / sub).mkdir(parents=True)
    (stray / "new" / "1700000000.M9P9Q9R0.old,S=1").write_bytes(message(subject="stray"))
    with Store.open(store_dir) as store:
        assert sorted(r.subject for r in store.list("客户")) == ["new", "old", "stray"]
    assert not stray.exists()
