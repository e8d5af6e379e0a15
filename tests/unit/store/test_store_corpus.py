"""Every message of the shared corpus imports, lists, and is found by a word of its subject.

The corpus is real-world mail nobody here wrote (../shared/corpus): broken MIME, legacy
charsets, hostile headers. The search word is chosen from each message's decoded subject, so
the test checks decoding, indexing and search together, with no hand-picked answers.
"""

from __future__ import annotations

import hashlib
import mailbox
import re

import pytest

from hongyan.core.store import MessageRow, Store
from hongyan.core.store.importexport import import_path
from support.shared import CORPUS_DIR, corpus_messages, require

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def subject_word(subject: str) -> str | None:
    """The longest word of the subject, cut to 3-12 characters; None if it has no word.

    A run of CJK characters is one \\w+ match, so any 3 characters of it are a valid query.
    """
    words = sorted(_WORD.findall(subject.replace("_", " ")), key=len, reverse=True)
    if not words:
        return None
    word = words[0]
    return word[:3] if _CJK.search(word[:3]) else word[:12]


def assert_found_by_subject(store: Store, rows: list[MessageRow]) -> int:
    """Check each row is found by a word of its subject; return how many had a usable word."""
    checked = 0
    for row in rows:
        word = subject_word(row.subject)
        if word is None:
            continue  # no usable subject word: it was checked by listing
        found = {r.id for r in store.search(f'subject:"{word}"', limit=100_000)}
        assert row.id in found, f"{row.subject!r} not found by {word!r}"
        checked += 1
    return checked


@pytest.mark.slow
def test_every_corpus_eml_imports_lists_and_is_found_by_its_subject(store: Store) -> None:
    sources = corpus_messages()
    if not sources:
        require(CORPUS_DIR)
        pytest.skip("the corpus has no .eml files")
    report = import_path(store, CORPUS_DIR, folder="Corpus")
    # Two files of mime4j's tests are text with no header at all: not mail (plan G66).
    assert sorted(p.name for p in report.not_mail) == [
        "malformedHeader-noheader.eml",
        "malformedHeaderStartsBody-noheader.eml",
    ]
    sources = [p for p in sources if p not in report.not_mail]
    assert report.imported == len(sources)
    rows = store.list("Corpus")
    assert len(rows) == len(sources)
    stored = sorted(hashlib.sha256(store.read_bytes(r.id)).hexdigest() for r in rows)
    expected = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in sources)
    assert stored == expected  # every file kept byte for byte
    checked = assert_found_by_subject(store, rows)
    assert checked > len(rows) * 0.9


@pytest.mark.parametrize(
    "name",
    ["spamassassin-mbox/nice.mbox", "mimekit-mbox/simple.mbox", "mimekit-mbox/content-length.mbox"],
)
def test_every_corpus_mbox_imports_lists_and_is_found(store: Store, name: str) -> None:
    path = require(CORPUS_DIR / name)
    expected = len(mailbox.mbox(path, create=False))
    report = import_path(store, path, folder="Mbox")
    assert report.imported == expected
    rows = store.list("Mbox")
    assert len(rows) == expected
    assert_found_by_subject(store, rows)


def test_subject_words_are_chosen_sensibly() -> None:
    assert subject_word("Re: 关于报价单的确认") == "关于报"
    assert subject_word("Weekly invoice 7") == "invoice"
    assert subject_word("!!! ???") is None
