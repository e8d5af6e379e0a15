"""Maildir++ layout, unique names, flags in the info suffix, stale tmp cleanup."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.maildir import (
    FolderNameError,
    MaildirName,
    clean_stale_tmp,
    folder_dir,
    unique_base,
)
from support.mail import message


def test_inbox_is_the_root_and_other_folders_are_dot_directories(store: Store) -> None:
    assert (store.root / "cur").is_dir() and (store.root / "new").is_dir()
    for name in ("Sent", "Drafts", "Outbox", "Trash", "Junk"):
        assert (store.root / f".{name}" / "tmp").is_dir()
    store.create_folder("Projects/2026")
    assert (store.root / ".Projects.2026" / "cur").is_dir()
    names = [f.name for f in store.folders()]
    assert names[:6] == ["Inbox", "Outbox", "Sent", "Drafts", "Trash", "Junk"]
    assert "Projects" in names and "Projects/2026" in names


def test_folder_names_that_cannot_be_directories_are_refused(store: Store) -> None:
    for bad in ("", "a.b", "../x", "a\\b", "x\x00"):
        with pytest.raises(FolderNameError):
            store.create_folder(bad)
    assert store.create_folder("工作/客户") == "工作/客户"
    # Maildir++ as Dovecot writes it: each level in modified UTF-7 (RFC 3501 §5.1.3)
    assert folder_dir(store.root, "工作/客户") == store.root / ".&XeVPXA-.&W6JiNw-"


def test_unique_names_differ_and_carry_size_fetch_key_and_account() -> None:
    names = {unique_base(size=10) for _ in range(1000)}
    assert len(names) == 1000
    base = unique_base(size=42, fetch_key="0123456789abcdef", account="工作 mail")
    parsed = MaildirName.parse(base + ":2,SF")
    assert parsed.fetch_key == "0123456789abcdef"
    assert parsed.account == "工作 mail"
    assert parsed.flags == "FS"
    assert parsed.base == base
    assert "/" not in base and ":" not in base
    with pytest.raises(ValueError):
        unique_base(size=1, fetch_key="not-hex")


def test_a_new_message_lands_in_new_and_flags_move_it_to_cur(store: Store) -> None:
    message_id = store.add("Inbox", message())
    assert store.path(message_id).parent == store.root / "new"
    store.set_flags([message_id], add="S")
    assert store.path(message_id).parent == store.root / "cur"
    assert store.path(message_id).name.endswith(":2,S")
    store.set_flags([message_id], add="FR", remove="S")
    assert store.path(message_id).name.endswith(":2,FR")
    assert store.get(message_id).flags == "FR"


def test_the_stored_file_is_the_message_byte_for_byte(store: Store) -> None:
    raw = message(subject="Bytes", body="line one\r\nline two\r\n").replace(b"\n", b"\r\n")
    message_id = store.add("Inbox", raw)
    assert store.read_bytes(message_id) == raw
    assert store.get(message_id).size == len(raw)


def test_stale_tmp_files_of_dead_processes_and_old_ones_are_removed(store_dir: Path) -> None:
    """plan E39 (store side): leftovers in tmp/ are cleaned at open, live writers' are not."""
    Store.open(store_dir, create=True).close()
    tmp = store_dir / "tmp"
    dead_pid = 2**22 + 12345  # above pid_max on Linux: never alive
    dead = tmp / unique_base(size=0).replace(f"P{os.getpid()}Q", f"P{dead_pid}Q")
    dead.write_bytes(b"half a message")
    mine = tmp / unique_base(size=0)
    mine.write_bytes(b"being written right now")
    foreign = tmp / "1.M1P1Q1R00.otherhost,S=1"
    foreign.write_bytes(b"another host's file")
    ancient = tmp / "something-old"
    ancient.write_bytes(b"x")
    old = time.time() - 40 * 3600
    os.utime(ancient, (old, old))
    assert clean_stale_tmp(store_dir, ["Inbox"]) == 2
    assert not dead.exists() and not ancient.exists()
    assert mine.exists() and foreign.exists()
