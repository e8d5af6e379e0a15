"""Where the project's shared material lives: ``../shared`` beside the repository.

It holds sample mail nobody here wrote (``corpus/``, with SOURCES.md and MANIFEST.tsv), the
Thunderbird ISP database (``data/ispdb/``) and the security test plan. It is never copied into
the repository; tests that need it skip with a clear reason where it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = Path(os.environ.get("HONGYAN_SHARED", REPO_ROOT.parent / "shared"))
CORPUS_DIR = SHARED_DIR / "corpus"
ISPDB_DIR = SHARED_DIR / "data" / "ispdb"


def require(path: Path) -> Path:
    """Return ``path``, or skip the test when the shared material is not beside the repo."""
    if not path.exists():
        pytest.skip(f"shared material not found at {path} (set HONGYAN_SHARED)")
    return path


def corpus_messages() -> list[Path]:
    """Every sample message of the corpus (``.eml`` and mbox files are listed in MANIFEST.tsv)."""
    if not CORPUS_DIR.is_dir():
        return []
    return sorted(p for p in CORPUS_DIR.rglob("*.eml") if p.is_file())
