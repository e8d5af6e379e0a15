"""A fresh store per test, inside the test's own directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.store import Store


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "Mail"


@pytest.fixture
def store(store_dir: Path) -> Iterator[Store]:
    with Store.open(store_dir, create=True) as opened:
        yield opened


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs: writing more fails with ENOSPC like a full disk."""
    from support.mounts import tmpfs

    with tmpfs(tmp_path / "small", size="2m") as mounted:
        yield mounted
