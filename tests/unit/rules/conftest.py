"""A fresh store per test, with a few folders to file into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "Mail", create=True) as opened:
        for folder in ("客户/ACME", "Copies", "Newsletters"):
            opened.create_folder(folder)
        yield opened
