"""Drafts: a saved draft reopens as it was; auto-save writes only changes, one version kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.drafts import DRAFTS, AutoSaver, Drafts
from hongyan.core.message.compose import Attachment, Draft
from hongyan.core.store import Store
from support.sending import Identity

ME = Identity("王小明", "me@example.cn")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "Mail", create=True) as opened:
        yield opened


def test_a_draft_reopens_as_it_was_saved(store: Store) -> None:
    drafts = Drafts(store)
    draft = Draft(
        to=["张三 <zhang@example.cn>"],
        bcc=["hidden@example.org"],
        subject="草稿",
        body="还没写完\n",
        html="<p>还没写完</p>",
        attachments=[Attachment("图.png", b"\x89PNG\r\n\x1a\n")],
        in_reply_to="<p@example.org>",
        references=["<r@example.org>", "<p@example.org>"],
    )
    draft_id = drafts.save(draft, ME, account="work")
    row = store.get(draft_id)
    assert (row.folder, "D" in row.flags) == (DRAFTS, True)
    again = drafts.open(draft_id)
    assert again.to == ["张三 <zhang@example.cn>"]
    assert again.bcc == ["hidden@example.org"]
    assert (again.subject, again.body) == ("草稿", "还没写完\n")
    assert again.html is not None and again.html.strip() == "<p>还没写完</p>"
    assert [(a.filename, a.read()) for a in again.attachments] == [("图.png", b"\x89PNG\r\n\x1a\n")]
    assert again.in_reply_to == "<p@example.org>"
    assert again.references == ["<r@example.org>", "<p@example.org>"]
    assert again.message_id == draft.message_id


def test_a_draft_without_recipients_can_be_saved(store: Store) -> None:
    draft_id = Drafts(store).save(Draft(subject="idea"), ME, account="work")
    assert Drafts(store).open(draft_id).to == []


def test_auto_save_writes_only_changes_and_keeps_one_version(store: Store) -> None:
    saver = AutoSaver(Drafts(store), ME, "work")
    draft = Draft(to=["a@example.org"], body="one")
    assert saver.save_if_changed(draft)
    assert not saver.save_if_changed(draft)
    draft.body = "one two"
    assert saver.save_if_changed(draft)
    assert store.count(DRAFTS) == 1
    assert store.count("Trash") == 0
    assert Drafts(store).open(saver.draft_id or 0).body == "one two\n"  # text ends in a newline
    saver.sent()
    assert store.count(DRAFTS) == 0


def test_saving_after_the_user_deleted_the_draft_loses_nothing(store: Store) -> None:
    """A draft open in a window was deleted meanwhile (to Trash, or for good, which frees its
    row id for the next message): the new save is kept, only the old version is forgotten."""
    drafts = Drafts(store)
    first = drafts.save(Draft(subject="v1"), ME, account="work")
    store.delete([first])  # to Trash: the user's decision stands
    second = drafts.save(Draft(subject="v2"), ME, account="work", replaces=first)
    assert [m.subject for m in store.list(DRAFTS)] == ["v2"]
    assert [m.subject for m in store.list("Trash")] == ["v1"]
    store.delete([second])
    store.delete([second])  # for good: its row id may be given to the next message
    third = drafts.save(Draft(subject="v3"), ME, account="work", replaces=second)
    assert store.get(third).subject == "v3"
    assert [m.subject for m in store.list(DRAFTS)] == ["v3"]
