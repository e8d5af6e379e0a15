"""Threads: a reply is linked to what it answers in any folder, whatever order the files
are indexed in; machine mail is told from people's mail."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store import index as idx
from hongyan.core.store.threads import addresses_in, replies, roots, subject_key
from support.mail import message


def mail(
    msgid: str,
    *,
    sender: str = "Zhang Wei <zhang@kehu.cn>",
    to: str = "me@hongyan.test",
    subject: str = "报价单",
    day: int = 1,
    headers: str = "",
) -> bytes:
    return message(
        subject=subject,
        sender=sender,
        to=to,
        date=datetime(2026, 3, day, 9, 0, tzinfo=UTC),
        message_id=f"<{msgid}@test>",
        extra_headers=headers,
    )


def parent_of(store: Store, message_id: int) -> int | None:
    row = store.connection.execute(
        "SELECT parent_id FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    return None if row[0] is None else int(row[0])


def test_a_reply_in_sent_is_linked_to_the_message_in_the_inbox(store: Store) -> None:
    original = store.add("Inbox", mail("q1"))
    answer = store.add(
        "Sent",
        mail(
            "a1",
            sender="Me <me@hongyan.test>",
            to="zhang@kehu.cn",
            subject="回复: 报价单",
            day=2,
            headers="In-Reply-To: <q1@test>\nReferences: <q1@test>\n",
        ),
    )
    assert parent_of(store, answer) == original
    assert replies(store.connection, original) == [answer]
    assert roots(store.connection, [original, answer]) == {original: original, answer: original}


def test_the_last_reference_is_the_parent_when_in_reply_to_is_missing(store: Store) -> None:
    first = store.add("Inbox", mail("t1"))
    second = store.add("Sent", mail("t2", headers="References: <t1@test>\n", day=2))
    third = store.add("Inbox", mail("t3", headers="References: <t1@test> <t2@test>\n", day=3))
    assert parent_of(store, second) == first
    assert parent_of(store, third) == second


def test_a_reply_indexed_before_its_original_is_linked_when_the_original_arrives(
    store: Store,
) -> None:
    answer = store.add("Sent", mail("late2", headers="In-Reply-To: <late1@test>\n", day=2))
    assert parent_of(store, answer) is None
    store.create_folder("Projects/2026")
    original = store.add("Projects/2026", mail("late1"))
    assert parent_of(store, answer) == original


def test_the_subject_links_a_reply_without_headers_between_the_same_people(
    store: Store,
) -> None:
    original = store.add("Inbox", mail("s1", subject="Re: 样品寄送"))  # its own Re: is fine
    answer = store.add(
        "Sent",
        mail("s2", sender="me@hongyan.test", to="zhang@kehu.cn", subject="回复：样品寄送", day=2),
    )
    assert parent_of(store, answer) == original


def test_the_subject_never_joins_two_customers_writing_the_same_words(store: Store) -> None:
    store.add("Inbox", mail("c1", sender="li@other.cn", subject="报价"))
    to_zhang = store.add(
        "Sent", mail("c2", sender="me@hongyan.test", to="zhang@kehu.cn", subject="Re: 报价", day=2)
    )
    assert parent_of(store, to_zhang) is None


def test_a_subject_reply_indexed_first_is_adopted_by_its_original(store: Store) -> None:
    answer = store.add(
        "Sent", mail("o2", sender="me@hongyan.test", to="zhang@kehu.cn", subject="RE: 合同", day=5)
    )
    original = store.add("Inbox", mail("o1", subject="合同", day=4))
    assert parent_of(store, answer) == original


def test_a_plain_subject_is_never_taken_for_a_reply(store: Store) -> None:
    store.add("Inbox", mail("p1", subject="Weekly"))
    again = store.add("Inbox", mail("p2", subject="Weekly", day=8))
    assert parent_of(store, again) is None


def test_deleting_the_original_points_replies_at_another_copy_or_nothing(store: Store) -> None:
    original = store.add("Inbox", mail("d1"))
    store.create_folder("Archive")
    copy = store.add("Archive", mail("d1"))
    answer = store.add("Sent", mail("d2", headers="In-Reply-To: <d1@test>\n", day=2))
    assert parent_of(store, answer) == original
    store.delete([original])
    store.delete([original])  # from Trash: gone for good
    assert parent_of(store, answer) == copy
    store.delete([copy])
    store.delete([copy])
    assert parent_of(store, answer) is None


def test_threads_are_rebuilt_by_reindex(store: Store) -> None:
    store.add("Inbox", mail("r1"))
    store.add("Sent", mail("r2", headers="In-Reply-To: <r1@test>\n", day=2))
    store.reindex()
    rows = dict(
        store.connection.execute(
            "SELECT message_id, parent_id FROM messages ORDER BY message_id"
        ).fetchall()
    )
    ids = dict(store.connection.execute("SELECT message_id, id FROM messages").fetchall())
    assert rows == {"<r1@test>": None, "<r2@test>": ids["<r1@test>"]}


def test_machine_mail_is_told_from_a_person(store: Store) -> None:
    kinds = {
        "person": "",
        "list": "List-Id: <sales.kehu.cn>\n",
        "bulk": "Precedence: bulk\n",
        "auto-reply": "Auto-Submitted: auto-replied\n",
        "unsubscribe": "List-Unsubscribe: <mailto:leave@news.test>\n",
        "explicitly-not-auto": "Auto-Submitted: no\n",
    }
    ids = {name: store.add("Inbox", mail(name, headers=h)) for name, h in kinds.items()}
    ids["noreply"] = store.add("Inbox", mail("nr", sender="京东 <no-reply@jd.test>"))
    automated = dict(store.connection.execute("SELECT id, automated FROM messages").fetchall())
    assert {name for name, i in ids.items() if automated[i]} == {
        "list",
        "bulk",
        "auto-reply",
        "unsubscribe",
        "noreply",
    }


def test_every_sender_and_recipient_address_is_recorded(store: Store) -> None:
    message_id = store.add(
        "Inbox",
        mail("a", to='"Doe, John" <John@Example.com>, li@kehu.cn', headers="Cc: boss@kehu.cn\n"),
    )
    rows = store.connection.execute(
        "SELECT role, addr, domain FROM messages_addresses WHERE message_id = ?"
        " ORDER BY role, addr",
        (message_id,),
    ).fetchall()
    assert rows == [
        (0, "zhang@kehu.cn", "kehu.cn"),
        (1, "john@example.com", "example.com"),
        (1, "li@kehu.cn", "kehu.cn"),
        (2, "boss@kehu.cn", "kehu.cn"),
    ]


def test_an_index_of_version_3_gets_threads_from_its_rows(store_dir: Path) -> None:
    with Store.open(store_dir, create=True) as store:
        original = store.add("Inbox", mail("m1"))
        answer = store.add("Sent", mail("m2", headers="In-Reply-To: <m1@test>\n", day=2))
    conn = sqlite3.connect(store_dir / idx.INDEX_NAME, isolation_level=None)
    conn.execute("UPDATE messages SET parent_id = NULL, parent_msgid = '', subject_key = ''")
    conn.execute("DELETE FROM messages_addresses")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Store.open(store_dir) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == 4
        assert parent_of(store, answer) == original
        count = store.connection.execute("SELECT count(*) FROM messages_addresses").fetchone()
        assert count[0] == 4


def test_subject_keys_drop_reply_and_forward_prefixes_in_both_languages() -> None:
    assert subject_key("Re: RE: Fwd: Quote") == ("quote", True)
    assert subject_key("回复：答复: 报价单") == ("报价单", True)
    assert subject_key("转发: 报价单") == ("报价单", False)
    assert subject_key("[sales] Re[2]: Order  42") == ("order 42", True)
    assert subject_key("Regarding the order") == ("regarding the order", False)


@pytest.mark.timeout(20)
def test_hostile_address_and_subject_columns_are_read_in_linear_time() -> None:
    # plan D30: bounded work on hostile mail (a backtracking regex took 5 s on 32 KB of this)
    assert addresses_in("<" * 200_000 + "@" * 200_000) == []
    assert addresses_in("a@" * 100_000) == []  # no domain after the last @
    assert subject_key("Re: " * 50_000 + "报价") == ("报价", True)
    assert subject_key(" " * 200_000 + "x") == ("x", False)
