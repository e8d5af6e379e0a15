"""syncplan: the one decision of what a fetch downloads, leaves and deletes (plan G55-G62).

The table test runs every combination of the account's settings over every kind of message
a listing can hold, and names the expected action of each; the other tests pin down the
parts of the decision a table cannot show (the facts the plan asks for, records rebuilt,
healed or adopted, glitches, the clock).
"""

from __future__ import annotations

import itertools

import pytest

from hongyan.core import syncstate as st
from hongyan.core.syncplan import (
    CLOCK_CONFIRM,
    CLOCK_STEP,
    DAY,
    GONE_GRACE,
    Facts,
    Identity,
    Plan,
    Policy,
    ServerMessage,
    deletions,
    identity_of,
    plan_fetch,
    sane_now,
)
from hongyan.core.syncstate import ClockState, Record, Records, Skip, StoredCopy

NOW = 1_800_000_000
MAILBOX = "user@pop.example.test"
LIMIT = 100_000
HEADERS_OVER = 20_000


def key_of(name: str, previous: str = "") -> str:
    return st.fetch_key(MAILBOX, name, previous)


class Box:
    """A listing, its records and the store's copies, built message by message."""

    def __init__(self) -> None:
        self.listing: list[ServerMessage] = []
        self.records: list[Record] = []
        self.stored: dict[str, StoredCopy] = {}
        self.headers: dict[int, Identity | None] = {}

    def add(
        self,
        name: str,
        size: int = 1_000,
        *,
        state: str | None = None,
        age_days: float = 10,
        in_store: bool = True,
        list_size: int | None = -1,
        trusted: bool = True,
        message_id: str | None = None,
    ) -> int:
        """A message ``name`` on the server; with ``state``, also a record of it."""
        number = len(self.listing) + 1
        self.listing.append(ServerMessage(number, name, size, trusted))
        mid = message_id if message_id is not None else f"<{name}@example.test>"
        self.headers[number] = Identity(mid, NOW - 30 * DAY)
        if state is not None:
            recorded_size = size if list_size == -1 else list_size
            self.records.append(
                Record(
                    name, key_of(name), int(NOW - age_days * DAY), recorded_size, size, state,
                    message_id=f"<{name}@example.test>", date=NOW - 30 * DAY,
                )
            )  # fmt: skip
            if in_store:
                self.stored[key_of(name)] = StoredCopy(size, f"<{name}@example.test>", None, True)
        return number

    def plan(self, policy: Policy, **facts: object) -> Plan:
        given = {"stored": self.stored, "headers": self.headers, **facts}
        return plan_fetch(
            policy, MAILBOX, self.listing, Records.of(self.records), now=NOW, facts=Facts(**given)
        )  # type: ignore[arg-type]


# -- the table ------------------------------------------------------------------------------

SITUATIONS = {
    # name: how the message stands (see Box.add)
    "new": {},
    "known": {"state": st.FULL},
    "recent": {"state": st.FULL, "age_days": 1},
    "trashed": {"state": st.FULL, "in_store": False},
    "suspect": {"state": st.SUSPECT},
    "headers": {"state": st.HEADERS},
    "reused": {"state": st.FULL, "list_size": 777},
    "big": {"size": LIMIT + 1},
    "large": {"size": HEADERS_OVER + 1},
    "twin": {"trusted": False},  # a second message under one UIDL
}

# leave on server, delete after days, delete when trashed, headers only → each situation's
# action: get (download), get+del (download, DELE once stored), head (headers only),
# skip (left on the server), del (checked, then DELE), - (nothing).
TABLE = """
leave days trash head | new     known   recent  trashed suspect headers reused  big  large   twin
yes   -    no    no   | get     -       -       -       get     -       get     skip get     get
yes   -    no    yes  | get     -       -       -       get     -       get     skip head    get
yes   -    yes   no   | get     -       -       del     get     -       get     skip get     get
yes   -    yes   yes  | get     -       -       del     get     -       get     skip head    get
yes   7    no    no   | get     del     -       del     get     -       get     skip get     get
yes   7    no    yes  | get     del     -       del     get     -       get     skip head    get
yes   7    yes   no   | get     del     -       del     get     -       get     skip get     get
yes   7    yes   yes  | get     del     -       del     get     -       get     skip head    get
no    -    no    no   | get+del del     del     del     get+del -       get+del skip get+del get
no    -    no    yes  | get+del del     del     del     get+del -       get+del skip head    get
no    -    yes   no   | get+del del     del     del     get+del -       get+del skip get+del get
no    -    yes   yes  | get+del del     del     del     get+del -       get+del skip head    get
no    7    no    no   | get+del del     del     del     get+del -       get+del skip get+del get
no    7    no    yes  | get+del del     del     del     get+del -       get+del skip head    get
no    7    yes   no   | get+del del     del     del     get+del -       get+del skip get+del get
no    7    yes   yes  | get+del del     del     del     get+del -       get+del skip head    get
"""


def _rows() -> list[tuple[Policy, dict[str, str]]]:
    lines = [line for line in TABLE.strip().splitlines()]
    columns = lines[0].split("|")[1].split()
    rows = []
    for line in lines[1:]:
        settings, actions = line.split("|")
        leave, days, trash, head = settings.split()
        policy = Policy(
            leave_on_server=leave == "yes",
            delete_after_days=None if days == "-" else int(days),
            delete_when_trashed=trash == "yes",
            headers_only_over=HEADERS_OVER if head == "yes" else None,
            size_limit=LIMIT,
        )
        rows.append((policy, dict(zip(columns, actions.split(), strict=True))))
    return rows


def test_the_table_covers_every_combination_of_the_settings() -> None:
    settings = {
        (p.leave_on_server, p.delete_after_days, p.delete_when_trashed, p.headers_only_over)
        for p, _ in _rows()
    }
    assert len(settings) == 16 == len(_rows())


def _action(plan: Plan, message: ServerMessage) -> str:
    downloaded = message in plan.download
    deleted = any(m == message for m, _ in [*plan.delete, *plan.delete_fresh])
    if message in plan.headers_only:
        return "head"
    if any(left.message == message for left in plan.left):
        return "skip"
    if downloaded:
        return "get+del" if deleted else "get"
    return "del" if deleted else "-"


@pytest.mark.parametrize(("policy", "expected"), _rows())
def test_every_setting_over_every_kind_of_message(policy: Policy, expected: dict[str, str]) -> None:
    """plan G62: one decision, one place; the table is the specification."""
    box = Box()
    numbers = {name: box.add(name, **how) for name, how in SITUATIONS.items()}  # type: ignore[arg-type]
    plan = box.plan(policy)
    assert plan.complete
    actual = {name: _action(plan, box.listing[n - 1]) for name, n in numbers.items()}
    assert actual == expected
    # Fresh downloads are deleted only once stored whole: the plan says which, deletions()
    # keeps those the session stored as "full".
    fresh = {m.key for m, _ in plan.delete_fresh}
    assert {m.key for m, _ in deletions(plan, dict.fromkeys(fresh, st.FULL))} >= fresh
    assert not {m.key for m, _ in deletions(plan, dict.fromkeys(fresh, st.SUSPECT))} & fresh


def test_a_downloaded_message_stored_as_suspect_is_never_deleted() -> None:
    box = Box()
    box.add("new")
    plan = box.plan(Policy(leave_on_server=False))
    assert deletions(plan, {"new": st.FULL}) == plan.delete_fresh
    assert deletions(plan, {"new": st.SUSPECT}) == []
    assert deletions(plan, {}) == []  # not stored at all (the session failed or was cancelled)


# -- G55 a reused UIDL ------------------------------------------------------------------------


def test_a_known_uidl_with_another_size_is_new_mail_with_a_chained_fetch_key() -> None:
    """plan G55."""
    box = Box()
    box.add("u1", 2_000, state=st.FULL, list_size=1_000)
    plan = box.plan(Policy(leave_on_server=False))
    assert [m.key for m in plan.download] == ["u1"] and plan.renewed == ["u1"]
    assert plan.fetch_keys["u1"] == key_of("u1", key_of("u1")) != key_of("u1")
    assert plan.delete == []


def test_a_known_uidl_of_the_same_size_is_checked_by_its_headers_before_dele() -> None:
    """plan G55: the DELE of a message recorded earlier waits for its headers (TOP n 0)."""
    box = Box()
    number = box.add("u1", state=st.FULL)
    first = box.plan(Policy(leave_on_server=False), headers={})
    assert first.wants_headers == {number} and first.delete == []
    same = box.plan(Policy(leave_on_server=False))
    assert [m.key for m, _ in same.delete] == ["u1"]
    box.headers[number] = Identity("<another@example.test>", NOW)
    other = box.plan(Policy(leave_on_server=False))
    assert other.delete == [] and [m.key for m in other.download] == ["u1"]
    assert [m.key for m, _ in other.delete_fresh] == ["u1"]  # deleted once it is stored


def test_headers_are_asked_only_where_a_check_needs_them() -> None:
    """The common path (new mail, a copy left on the server) asks no TOP at all."""
    box = Box()
    for n in range(5):
        box.add(f"k{n}", state=st.FULL)
    box.add("new")
    plan = box.plan(Policy(), headers={})
    assert plan.complete and plan.wants_headers == set()
    assert [m.key for m in plan.download] == ["new"]


def test_a_refused_top_keeps_the_message_on_the_server() -> None:
    box = Box()
    number = box.add("u1", state=st.FULL)
    box.headers[number] = None
    plan = box.plan(Policy(leave_on_server=False))
    assert plan.delete == [] and plan.download == []
    assert [m.key for m, _ in plan.kept] == ["u1"]


def test_the_store_is_read_only_when_the_plan_needs_it() -> None:
    box = Box()
    box.add("k1", state=st.FULL)
    assert not box.plan(Policy(), stored=None).wants_store  # nothing new: no store lookup
    assert box.plan(Policy(delete_when_trashed=True), stored=None).wants_store
    box.add("new")
    assert box.plan(Policy(), stored=None).wants_store  # healing needs the fetch keys


# -- G57 rebuilt, healed, adopted ---------------------------------------------------------------


def _lost(box: Box) -> Box:
    """The same server and store, with the records lost."""
    lost = Box()
    lost.listing, lost.stored, lost.headers = box.listing, box.stored, box.headers
    return lost


def test_lost_records_are_rebuilt_from_this_accounts_own_mail_and_never_deleted_at_once() -> None:
    """plan G57: Message-ID + Date + size of the account's own stored mail; a copy held by
    another account, or one of another size, is new mail."""
    box = Box()
    own = box.add("n1", 1_500)
    other = box.add("n2", 1_600)
    resized = box.add("n3", 1_700)
    for number, name, size, mine in ((own, "a", 1_500, True), (other, "b", 1_600, False)):
        box.headers[number] = Identity(f"<{name}@example.test>", NOW - DAY)
        box.stored[f"k-{name}"] = StoredCopy(size, f"<{name}@example.test>", NOW - DAY, mine)
    box.headers[resized] = Identity("<a@example.test>", NOW - DAY)  # a's Message-ID, other size
    box.stored["k-c"] = StoredCopy(1_700, "<c@example.test>", NOW - DAY, True)
    plan = box.plan(Policy(leave_on_server=False))
    assert plan.rebuilt == 1 and [r.fetch_key for r in plan.records] == ["k-a"]
    assert [m.key for m in plan.download] == ["n2", "n3"]
    assert [m.key for m, _ in plan.delete] == []  # the rebuilt one stays this time
    asked = box.plan(Policy(leave_on_server=False), headers={})
    assert asked.wants_headers == {own, resized}  # only sizes the own mail has


def test_a_file_renamed_before_its_commit_heals_its_record() -> None:
    """plan E39: the fetch key in a stored file's name stands for the lost record."""
    box = Box()
    box.add("u1")
    box.stored[key_of("u1")] = StoredCopy(1_000, "<u1@example.test>", None, True)
    box.add("u2", state=st.FULL)  # records exist: not a rebuild
    plan = box.plan(Policy(leave_on_server=False))
    assert [r.key for r in plan.records] == ["u1"] and plan.download == []
    assert sorted(m.key for m, _ in plan.delete) == ["u1", "u2"]


def test_records_of_an_older_hongyan_are_compared_by_stored_size_and_not_deleted_at_once() -> None:
    """The upgrade: rows without a LIST size. A size close to the stored one is the same
    message (its LIST size is recorded now); a far one is new mail."""
    box = Box()
    box.add("old", 1_000, state=st.FULL)
    box.add("other", 1_000, state=st.FULL)
    box.records = [r._replace(list_size=None) for r in box.records]
    box.listing[0] = box.listing[0]._replace(size=1_030)  # counted a little differently
    box.listing[1] = box.listing[1]._replace(size=5_000)
    plan = box.plan(Policy(leave_on_server=False))
    assert plan.list_sizes == [("old", 1_030)]
    assert [m.key for m, _ in plan.kept] == ["old"] and plan.delete == []
    assert [m.key for m in plan.download] == ["other"] and plan.renewed == ["other"]


# -- G58 left on the server --------------------------------------------------------------------


def test_a_message_left_for_a_broken_cap_stays_left_until_the_cap_is_raised() -> None:
    """plan G58: remembered skips are not fetched again (no RETR of a known bad message)."""
    box = Box()
    box.add("long", 5_000)
    skip = {"long": Skip("long", 5_000, "line", 1 << 20)}
    plan = box.plan(Policy(line_limit=1 << 20), skipped=skip)
    assert [(left.message.key, left.reason) for left in plan.left] == [("long", "line")]
    raised = box.plan(Policy(line_limit=2 << 20), skipped=skip)
    assert [m.key for m in raised.download] == ["long"] and raised.left == []
    resized = {"long": Skip("long", 4_000, "line", 1 << 20)}  # another message under that UIDL
    other = box.plan(Policy(line_limit=1 << 20), skipped=resized)
    assert [m.key for m in other.download] == ["long"] and other.skips_gone == ["long"]


def test_a_message_over_the_size_limit_is_left_with_the_limit_it_broke() -> None:
    box = Box()
    box.add("big", 3_000_000)
    plan = box.plan(Policy(size_limit=2_000_000))
    assert plan.left[0].reason == "size" and plan.left[0].cap == 2_000_000
    assert box.plan(Policy(size_limit=4_000_000)).left == []


# -- G60 glitches -------------------------------------------------------------------------------


def test_an_empty_listing_marks_nothing_gone() -> None:
    """plan G60."""
    box = Box()
    box.add("k1", state=st.FULL)
    box.listing = []
    plan = box.plan(Policy())
    assert (plan.gone, plan.forget) == ([], [])


def test_records_missing_from_a_listing_are_forgotten_only_after_the_grace_period() -> None:
    """plan G60: a short listing marks; a mark older than GONE_GRACE forgets; back clears."""
    box = Box()
    box.add("here", state=st.FULL)
    box.add("missing", state=st.FULL)
    box.add("long-gone", state=st.FULL)
    box.add("back", state=st.FULL)
    box.records = [
        r._replace(gone_since=NOW - GONE_GRACE - 1) if r.key == "long-gone" else r
        for r in box.records
    ]
    box.records = [r._replace(gone_since=NOW - DAY) if r.key == "back" else r for r in box.records]
    box.listing = [m for m in box.listing if m.key in ("here", "back")]
    plan = box.plan(Policy())
    assert (plan.gone, plan.forget, plan.back) == (["missing"], ["long-gone"], ["back"])


# -- G61 the clock ----------------------------------------------------------------------------


def test_a_first_seen_time_in_the_future_is_clamped_and_ages_from_now() -> None:
    """plan G61."""
    box = Box()
    box.add("future", state=st.FULL, age_days=-5 * 365)
    plan = box.plan(Policy(delete_after_days=7))
    assert plan.clamp == ["future"] and plan.delete == []


@pytest.mark.parametrize(
    ("reading", "state", "expected"),
    [
        # first run: the clock is all there is
        (NOW, ClockState(None, None), (NOW, ClockState(NOW, None))),
        # an hour on: believed
        (NOW + 3600, ClockState(NOW, None), (NOW + 3600, ClockState(NOW + 3600, None))),
        # five years back: the last trusted time stands
        (NOW - 5 * 365 * DAY, ClockState(NOW, None), (NOW, ClockState(NOW, None))),
        # five years ahead: not believed; remembered as a candidate
        (NOW + 5 * 365 * DAY, ClockState(NOW, None), (NOW, ClockState(NOW, NOW + 5 * 365 * DAY))),
        # the candidate an hour later: still waiting
        (
            NOW + 3 * DAY + 3600,
            ClockState(NOW, NOW + 3 * DAY),
            (NOW, ClockState(NOW, NOW + 3 * DAY)),
        ),
        # a day after the candidate, still past it: believed
        (
            NOW + 3 * DAY + CLOCK_CONFIRM,
            ClockState(NOW, NOW + 3 * DAY),
            (NOW + 3 * DAY + CLOCK_CONFIRM, ClockState(NOW + 3 * DAY + CLOCK_CONFIRM, None)),
        ),
        # corrected back before it was believed: the candidate is dropped
        (NOW + DAY, ClockState(NOW, NOW + 5 * 365 * DAY), (NOW + DAY, ClockState(NOW + DAY, None))),
        # a second jump far past the candidate confirms the candidate only
        (
            NOW + 3 * DAY + CLOCK_STEP + CLOCK_CONFIRM,
            ClockState(NOW, NOW + 3 * DAY),
            (NOW + 3 * DAY, ClockState(NOW + 3 * DAY, NOW + 3 * DAY + CLOCK_STEP + CLOCK_CONFIRM)),
        ),
    ],
    ids=["first", "hour", "back", "ahead", "waiting", "confirmed", "corrected", "second-jump"],
)
def test_the_sane_clock(reading: int, state: ClockState, expected: tuple[int, ClockState]) -> None:
    """plan G61: never back, never a big step forward until a later fetch confirms it."""
    assert sane_now(reading, state) == expected


def test_the_sane_clock_never_runs_ahead_of_the_reading_it_was_given() -> None:
    """Whatever the state, the time used is never later than both the clock and the last
    trusted time: ages can come out too small (a deletion late), never too large."""
    readings = [NOW - 5 * 365 * DAY, NOW - DAY, NOW, NOW + 3600, NOW + 2 * DAY, NOW + 5 * 365 * DAY]
    states = [ClockState(None, None), ClockState(NOW, None), ClockState(NOW, NOW + 2 * DAY)]
    for reading, state in itertools.product(readings, states):
        now, _ = sane_now(reading, state)
        assert now <= max(reading, state.trusted or reading)


# -- identities ------------------------------------------------------------------------------


def test_identity_of_a_header_block() -> None:
    head = (
        b"Received: from x\r\nMESSAGE-id:\r\n <abc@example.test> (comment)\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <second@example.test>\r\n"
        b"\r\nMessage-ID: <in-the-body@example.test>\r\n"
    )
    assert identity_of(head) == Identity("<abc@example.test>", 1_795_428_000)
    assert identity_of(b"Subject: none\r\n\r\n") == Identity("", None)
    assert identity_of(b"Date: not a date\r\n") == Identity("", None)
    assert identity_of(b"Message-ID: bare-id\n\nbody") == Identity("bare-id", None)
