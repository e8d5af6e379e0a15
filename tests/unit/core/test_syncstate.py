"""syncstate: the records of a mailbox, Hongyan 1.0's rows adopted, the clock's memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core import syncstate as st
from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.store import Store
from hongyan.core.syncstate import ClockState, Record, Skip

K1 = "0123456789abcdef"  # a fetch key as the store's file names carry them


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store", create=True) as opened:
        st.ensure_schema(opened.connection)
        yield opened


@pytest.fixture
def conn(store: Store) -> sqlite3.Connection:
    return store.connection


def account(host: str = "pop.example.test", user: str = "", port: int = 995) -> Account:
    return Account(
        name="work",
        address="li@example.test",
        pop3=ServerSettings(host, port, "ssl", user),
        smtp=ServerSettings("smtp.example.test", 465),
    )


def test_a_mailbox_is_its_server_and_user_not_the_account_name() -> None:
    """plan G56."""
    assert st.mailbox_of(account()) == "li@example.test@pop.example.test"
    assert st.mailbox_of(account("POP.Example.TEST.", port=110)) == st.mailbox_of(account())
    assert st.mailbox_of(account(user="li")) != st.mailbox_of(account())
    assert st.mailbox_of(account("pop2.example.test")) != st.mailbox_of(account())


def test_a_reused_uidl_gets_a_fetch_key_of_its_own() -> None:
    first = st.fetch_key("m", "1")
    assert len(first) == 16 and first == st.fetch_key("m", "1")
    assert st.fetch_key("m", "1", first) not in (first, st.fetch_key("other", "1"))


def _legacy(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    """The table and rows Hongyan 1.0 wrote (keyed by the account's name)."""
    conn.execute(
        """CREATE TABLE pop3_seen (account TEXT NOT NULL, key TEXT NOT NULL,
        fetch_key TEXT NOT NULL, fetched_at INTEGER NOT NULL, size INTEGER NOT NULL,
        state TEXT NOT NULL, sha256 TEXT NOT NULL DEFAULT '', PRIMARY KEY (account, key))"""
    )
    conn.executemany("INSERT INTO pop3_seen VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def test_rows_of_hongyan_1_0_are_read_before_and_moved_at_adoption(
    store: Store, conn: sqlite3.Connection
) -> None:
    """The upgrade path: nothing is downloaded again, nothing forgotten, and the stored
    message's Message-ID comes along for the check before a DELE."""
    _legacy(
        conn,
        [
            ("work", "U1", K1, 100, 1_000, "full", "aa"),
            ("work", "U2", "k2", 200, 2_000, "headers", ""),
            ("home", "U1", "k3", 300, 3_000, "full", ""),
        ],
    )
    with store.delivery("Inbox", account="work") as batch:
        batch.write([b"Message-ID: <u1@example.test>\r\n\r\nbody\r\n"], fetch_key=K1)
        batch.commit()
    records = st.load_records(conn, "box", "work")
    assert sorted(records) == ["U1", "U2"] and records.legacy == {"U1", "U2"}
    assert records.brief("U1") == st.Brief("full", None, None)
    assert records["U1"] == Record("U1", K1, 100, None, 1_000, "full", "aa", "<u1@example.test>")
    assert st.adopt(conn, "box", "work") == 2
    adopted = st.load_records(conn, "box", "work")
    assert adopted.legacy == set() and adopted["U1"] == records["U1"]
    assert adopted["U2"].state == "headers"
    left = conn.execute("SELECT account FROM pop3_seen").fetchall()
    assert left == [("home",)]  # another account's rows wait for that account


def test_records_read_their_full_rows_only_when_asked(conn: sqlite3.Connection) -> None:
    """The nothing-new check reads keys, states and LIST sizes only (issue 5)."""
    rows = [Record(f"U{n}", f"k{n}", 100, 1_000, 1_000, "full") for n in range(50)]
    st.record(conn, "box", rows)
    queries: list[str] = []
    conn.set_trace_callback(queries.append)
    records = st.load_records(conn, "box", "work")
    assert records.brief("U7") == st.Brief("full", 1_000, None) and "U7" in records
    assert not any("sha256" in q for q in queries)
    assert records["U7"] == rows[7]
    assert any("sha256" in q for q in queries)
    conn.set_trace_callback(None)


def test_gone_marks_clamps_and_forgetting(conn: sqlite3.Connection) -> None:
    st.record(conn, "box", [Record("U1", "k1", 500, 10, 10, "full")])
    st.set_gone(conn, "box", ["U1"], 1_000)
    st.set_first_seen(conn, "box", ["U1"], 400)
    assert st.load_records(conn, "box", "w")["U1"][2:] == (400, 10, 10, "full", "", "", None, 1_000)
    st.set_gone(conn, "box", ["U1"], None)
    assert st.load_records(conn, "box", "w").brief("U1") == st.Brief("full", 10, None)
    st.forget(conn, "box", ["U1"])
    assert len(st.load_records(conn, "box", "w")) == 0


def test_skipped_messages_are_remembered_per_mailbox(conn: sqlite3.Connection) -> None:
    st.record_skips(conn, "box", [Skip("U9", 5_000, "line", 1 << 20, "Li <li@x>", "报价")])
    assert st.load_skipped(conn, "box") == {
        "U9": Skip("U9", 5_000, "line", 1 << 20, "Li <li@x>", "报价")
    }
    assert st.load_skipped(conn, "other") == {}
    st.forget_skips(conn, "box", ["U9"])
    assert st.load_skipped(conn, "box") == {}


def test_the_clock_state_never_moves_back(conn: sqlite3.Connection) -> None:
    """plan G61: two fetches at once may save in any order; the later trusted time stays."""
    assert st.load_clock(conn, 1_000) == ClockState(None, None)
    st.save_clock(conn, ClockState(2_000, 9_000))
    st.save_clock(conn, ClockState(1_500, None))
    assert st.load_clock(conn, 1_000) == ClockState(2_000, None)


def test_before_any_clock_state_the_latest_first_seen_stands_in_but_not_past_the_clock(
    conn: sqlite3.Connection,
) -> None:
    """Hongyan 1.0 kept no clock: its latest first-seen time is the evidence, unless a clock
    running ahead wrote it (then the clock's reading is used, and ages come out smaller)."""
    st.record(conn, "box", [Record("U1", "k1", 5_000, 10, 10, "full")])
    assert st.load_clock(conn, 9_000) == ClockState(5_000, None)
    assert st.load_clock(conn, 3_000) == ClockState(3_000, None)
