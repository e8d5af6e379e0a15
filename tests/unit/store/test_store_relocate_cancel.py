"""Cancelling a store move: the partial copy goes, the old store stays in use and intact."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.relocate import MoveCancelledError, relocate
from support.mail import message


def make_store(path: Path) -> Path:
    with Store.open(path, create=True) as store:
        store.create_folder("Projects/2026")
        for i in range(12):
            store.add("Projects/2026" if i % 3 == 0 else "Inbox", message(subject=f"m {i}"))
    return path


def fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("index.")
    }


def cancel_on_call(n: int) -> tuple[list[int], Callable[[], bool]]:
    """A cancel check that says yes from its ``n``-th call on; records how often it was asked."""
    calls: list[int] = []
    counter = itertools.count(1)

    def cancel() -> bool:
        calls.append(next(counter))
        return calls[-1] >= n

    return calls, cancel


@pytest.mark.parametrize("when", ["while copying", "while verifying"])
def test_cancel_removes_the_partial_copy_and_keeps_the_old_store(tmp_path: Path, when: str) -> None:
    source = make_store(tmp_path / "old")
    before = fingerprint(source)
    files = len(before)
    _calls, cancel = cancel_on_call(3 if when == "while copying" else files + 3)
    with pytest.raises(MoveCancelledError, match="cancelled") as info:
        relocate(source, tmp_path / "new" / "Mail", cancel=cancel)
    assert str(source) in str(info.value)
    assert list((tmp_path / "new").iterdir()) == []  # neither Mail nor the staging folder
    assert fingerprint(source) == before
    with Store.open(source) as store:
        assert store.count("Inbox") == 8 and store.count("Projects/2026") == 4


def test_cancel_is_asked_between_every_file_copied_and_verified(tmp_path: Path) -> None:
    source = make_store(tmp_path / "old")
    calls, cancel = cancel_on_call(10_000)
    relocation = relocate(source, tmp_path / "new", cancel=cancel)
    assert len(calls) == 2 * relocation.files + 1  # copy, verify, and once before the rename


def test_abandon_after_a_late_cancel_keeps_only_the_old_store(tmp_path: Path) -> None:
    source = make_store(tmp_path / "old")
    before = fingerprint(source)
    relocation = relocate(source, tmp_path / "new" / "Mail")
    relocation.abandon()
    assert not (tmp_path / "new" / "Mail").exists()
    assert fingerprint(source) == before
