"""The search language: words, phrases, fields, dates, attachments; Chinese inside sentences."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.store import Store
from hongyan.core.store.search import split_terms
from support.mail import message, with_attachment


@pytest.fixture
def mailbox(store: Store) -> Store:
    store.add(
        "Inbox",
        message(
            subject="关于报价单的确认",
            sender="张经理 <zhang@supplier.cn>",
            body="请查收。",
            date=datetime(2026, 2, 10, tzinfo=UTC),
        ),
    )
    store.add(
        "Inbox",
        message(
            subject="周报",
            sender="Li <li@corp.cn>",
            to="team@corp.cn",
            body="本周报价已发出，请确认。",
            charset="gbk",
            date=datetime(2026, 3, 5, tzinfo=UTC),
        ),
    )
    store.add(
        "Sent",
        message(
            subject="Invoice 2026-017 overdue",
            sender="Bob <bob@example.com>",
            to="Accounts <accounts@shop.example>",
            body="The quarterly invoice is attached as discussed.",
            date=datetime(2026, 4, 1, tzinfo=UTC),
        ),
    )
    store.add("Inbox", with_attachment(subject="Quarterly figures"))
    return store


def subjects(store: Store, query: str) -> list[str]:
    return [row.subject for row in store.search(query)]


def test_chinese_words_inside_sentences_are_found_in_subject_and_gbk_body(mailbox: Store) -> None:
    assert subjects(mailbox, "报价") == ["周报", "关于报价单的确认"]
    assert subjects(mailbox, "报价单") == ["关于报价单的确认"]
    assert subjects(mailbox, "报") == ["周报", "关于报价单的确认"]  # one character: LIKE scan
    assert subjects(mailbox, "subject:报价") == ["关于报价单的确认"]  # two, in one column
    assert subjects(mailbox, "body:报价") == ["周报"]


def test_words_are_all_required_and_ignore_ascii_case(mailbox: Store) -> None:
    assert subjects(mailbox, "INVOICE overdue") == ["Invoice 2026-017 overdue"]
    assert subjects(mailbox, "invoice 报价") == []


def test_phrases_keep_their_words_together(mailbox: Store) -> None:
    assert subjects(mailbox, '"quarterly invoice"') == ["Invoice 2026-017 overdue"]
    assert subjects(mailbox, '"invoice quarterly"') == []


def test_field_terms(mailbox: Store) -> None:
    assert subjects(mailbox, "from:zhang@supplier.cn") == ["关于报价单的确认"]
    assert subjects(mailbox, "from:张经理") == ["关于报价单的确认"]
    assert subjects(mailbox, "to:accounts") == ["Invoice 2026-017 overdue"]
    assert subjects(mailbox, "subject:报价") == ["关于报价单的确认"]
    assert subjects(mailbox, 'from:"Bob" subject:invoice') == ["Invoice 2026-017 overdue"]
    assert subjects(mailbox, "folder:Sent") == ["Invoice 2026-017 overdue"]
    assert subjects(mailbox, "has:attachment") == ["Quarterly figures"]


def test_dates(mailbox: Store) -> None:
    assert subjects(mailbox, "报价 before:2026-03-01") == ["关于报价单的确认"]
    assert subjects(mailbox, "报价 after:2026-02") == ["周报"]
    assert subjects(mailbox, "after:2026-03-31 before:2027") == ["Invoice 2026-017 overdue"]


def test_bad_queries_get_plain_errors(mailbox: Store) -> None:
    for bad, words in [
        ("before:yesterday", "not a date"),
        ("before:2026-13-01", "not a date"),
        ("has:children", "has:attachment"),
        ('"unclosed', "unclosed quote"),
        ("   ", "something to search"),
    ]:
        with pytest.raises(HongyanError, match=words):
            mailbox.search(bad)


def test_fts_syntax_in_user_text_is_just_text(mailbox: Store) -> None:
    for text in ["AND OR NOT", "a*b", "NEAR(x y)", "col:", '""', "subject:"]:
        mailbox.search(text)


def test_split_terms_keeps_quoted_phrases_after_a_field() -> None:
    assert split_terms('from:"Li Wei" 报价 "a b"') == ["from:Li Wei", "报价", "a b"]
