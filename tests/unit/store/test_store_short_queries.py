"""One- and two-character queries (报价, 报, in) read the trigram index, with a scan's results.

Every such query must give exactly the set a ``LIKE '%…%'`` scan of the indexed text gives,
including text at the very end of a column (``关于报价``, a subject that is just ``报``), in
one column (``from:``) and mixed with other terms.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from email.header import Header

import pytest

from hongyan.core.store import Store
from hongyan.core.store import index as idx
from hongyan.core.store.search import compile_query, split_terms
from support.mail import message, with_attachment

PIECES = ["报价", "报价单", "合同", "的", "确认", "周报", "价", "报", "invoice", "Ab", "xin", "IN"]
NAMES = ["张经理", "李报价", "王价", "Li", "Abby", "报"]
COLUMNS = {
    "from": ("sender",),
    "to": ("recipients",),
    "subject": ("subject",),
    "body": ("body",),
    "": ("subject", "sender", "recipients", "body"),
}
QUERIES = [
    *"报价单合同的确认周xaAbinI",
    "报价",
    "价单",
    "价报",
    "报报",
    "认的",
    "Ab",
    "ab",
    "in",
    "IN",
    "x",
    "zz",
    "冇",
    "subject:报价",
    "subject:价",
    "from:价",
    "from:报",
    "from:li",
    "to:报",
    "body:价",
    "body:in",
    "报价 from:张经理",
    "报 from:li",
    "价 invoice",
    "报价 合同",
    "的 subject:in",
    "报价 before:2026-01-20",
]


def text(rng: random.Random) -> str:
    return rng.choice(["", " "]).join(rng.choice(PIECES) for _ in range(rng.randint(1, 5)))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Sixty generated messages of Chinese and English, and the column-end cases by hand."""
    rng = random.Random(4)
    store = Store.open(tmp_path_factory.mktemp("short") / "Mail", create=True)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(60):
        store.add(
            "Inbox",
            message(
                subject=text(rng),
                sender=f"{rng.choice(NAMES)} <{rng.choice(['li', 'zhang', 'ab'])}@corp.cn>",
                to=f"{Header(rng.choice(NAMES), 'utf-8').encode()} <team{n}@x.example>",
                body=text(rng),
                charset=rng.choice(["utf-8", "gbk"]),
                date=start + timedelta(days=n),
            ),
        )
    for subject, body in [("报", "价"), ("关于报价", "请确认报价"), ("价", "报"), ("x", "in")]:
        store.add("Sent", message(subject=subject, body=body, sender="Zhao <z@y.example>"))
    store.add("Inbox", with_attachment(subject="Attached", filename="报价"))
    return store


def like_scan(store: Store, query: str) -> set[int]:
    """What a full scan finds: every text term is a LIKE over its columns, all must match."""
    ids = {row[0] for row in store.connection.execute("SELECT id FROM messages")}
    for term in split_terms(query):
        key, sep, value = term.partition(":")
        if sep and key == "before":
            compiled = compile_query(term)
            sql = f"SELECT id FROM messages m WHERE {compiled.where[0]}"
            ids &= {r[0] for r in store.connection.execute(sql, compiled.params)}
            continue
        columns = COLUMNS[key] if sep else COLUMNS[""]
        value = value if sep else term
        ors = " OR ".join(f"({c} || '') LIKE ?" for c in columns)
        rows = store.connection.execute(
            f"SELECT rowid FROM messages_fts WHERE {ors}", [f"%{value}%"] * len(columns)
        )
        ids &= {row[0] for row in rows}
    return ids


def found(store: Store, query: str) -> set[int]:
    return {row.id for row in store.search(query, limit=10**6)}


@pytest.mark.parametrize("query", QUERIES)
def test_short_queries_find_exactly_what_a_scan_finds(mixed: Store, query: str) -> None:
    assert found(mixed, query) == like_scan(mixed, query)


def test_column_ends_and_whole_columns_are_found(mixed: Store) -> None:
    def sent_subjects(query: str) -> list[str]:
        return sorted(r.subject for r in mixed.search(query) if r.folder == "Sent")

    assert sent_subjects("subject:报") == ["关于报价", "报"]
    assert sent_subjects("subject:价") == ["价", "关于报价"]
    assert sent_subjects("body:价") == ["关于报价", "报"]
    assert sent_subjects("subject:x") == ["x"]
    assert [r.subject for r in mixed.search("subject:报价") if r.has_attachments] == ["Attached"]


def test_short_queries_read_the_index_not_every_row(mixed: Store) -> None:
    sql, params = compile_query("报价 from:li").sql(mixed.connection, columns="id", limit=200)
    assert "LIKE" not in sql
    assert any("报价单" in str(p) for p in params)  # a trigram that starts with 报价


def test_cased_non_ascii_short_queries_still_scan(store: Store) -> None:
    store.add("Inbox", message(subject="Ёж и ёлка", body="x"))
    assert [r.subject for r in store.search("ёл")] == ["Ёж и ёлка"]
    assert [r.subject for r in store.search("ж")] == ["Ёж и ёлка"]


def test_an_index_from_before_short_queries_is_migrated(store: Store) -> None:
    """A version 1 index (no column terminator, no vocabulary) finds column ends after opening."""
    store.add("Inbox", message(subject="关于报价", body="none"))
    conn = store.connection
    with idx.write_transaction(conn):
        conn.execute("DROP TABLE messages_fts_terms")
        conn.execute(
            "UPDATE messages_fts SET subject = rtrim(subject), sender = rtrim(sender),"
            " recipients = rtrim(recipients), body = rtrim(body)"
        )
        conn.execute("PRAGMA user_version = 1")
    root = store.root
    store.close()
    with sqlite3.connect(root / idx.INDEX_NAME) as raw:
        assert raw.execute("SELECT subject FROM messages_fts").fetchone()[0] == "关于报价"
    with Store.open(root) as reopened:
        assert [r.subject for r in reopened.search("报价")] == ["关于报价"]
        assert [r.subject for r in reopened.search("价")] == ["关于报价"]
