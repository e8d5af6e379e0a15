"""Reading a message file that another thread or program renames meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.core.store.maildir import read_message_file


def test_a_message_file_renamed_by_a_flag_change_is_still_read(tmp_path: Path) -> None:
    """Marking read moves new/X to cur/X:2,S at any moment; a reader holding the old path
    finds the file under its base name (the part that never changes)."""
    folder = tmp_path / "Inbox"
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True)
    old = folder / "new" / "1700000000.M1P2.host,S=5"
    old.write_bytes(b"hello")
    seen = folder / "cur" / "1700000000.M1P2.host,S=5:2,S"
    old.rename(seen)
    assert read_message_file(old) == b"hello"
    flagged = folder / "cur" / "1700000000.M1P2.host,S=5:2,FS"
    seen.rename(flagged)
    assert read_message_file(seen) == b"hello"


def test_a_removed_message_file_is_not_mistaken_for_another(tmp_path: Path) -> None:
    folder = tmp_path / "Inbox"
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True)
    (folder / "cur" / "1700000000.M1P2.host,S=5:2,S").write_bytes(b"other")
    with pytest.raises(FileNotFoundError):
        read_message_file(folder / "new" / "1700000000.M1P2.host")
    loose = tmp_path / "saved.eml"  # not in a Maildir: nothing is searched
    with pytest.raises(FileNotFoundError):
        read_message_file(loose)
