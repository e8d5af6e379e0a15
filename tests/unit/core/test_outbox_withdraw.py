"""Taking a waiting message back out of the Outbox to change it (what opening it in the GUI
does): never while it is being sent, never a message that has left already."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.drafts import DRAFTS, Drafts
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import OUTBOX, SENT, SENT_STATE, Outbox, _exclusive
from hongyan.core.store import Store

ACCOUNT = Account(
    name="li",
    address="li@example.test",
    pop3=ServerSettings.for_pop3("pop.example.test"),
    smtp=ServerSettings.for_smtp("smtp.example.test"),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "Mail", create=True) as opened:
        yield opened


def _queue(store: Store) -> int:
    draft = Draft(to=["bob@example.test"], bcc=["boss@example.test"], subject="报价", body="见附件")
    return Outbox(store).queue(build_message(draft, ACCOUNT), ACCOUNT.name)


def test_a_waiting_message_goes_back_to_drafts_with_its_state_forgotten(store: Store) -> None:
    store_id = _queue(store)
    outbox = Outbox(store)
    outbox.withdraw(store_id)
    assert store.count(OUTBOX) == 0 and outbox.entries() == []
    row = store.get(store_id)
    assert row.folder == DRAFTS and "D" in row.flags
    reopened = Drafts(store).open(store_id)
    assert (reopened.subject, reopened.bcc) == ("报价", ["boss@example.test"])
    # queued again later under the same Message-ID, it starts as a fresh message
    assert Outbox(store).queue(build_message(reopened, ACCOUNT), ACCOUNT.name)
    assert [e.state for e in outbox.entries()] == ["queued"]


def test_a_message_being_sent_cannot_be_withdrawn(store: Store) -> None:
    store_id = _queue(store)
    with _exclusive(store.root / "outbox.lock") as held:
        assert held
        with pytest.raises(HongyanError, match="sending the Outbox right now"):
            Outbox(store).withdraw(store_id)
    assert store.get(store_id).folder == OUTBOX


def test_a_message_accepted_by_the_server_goes_to_sent_not_to_drafts(store: Store) -> None:
    """plan F47's neighbour: accepted but not yet moved (killed before the move)."""
    store_id = _queue(store)
    outbox = Outbox(store)
    outbox._set(store.get(store_id).message_id, SENT_STATE)
    with pytest.raises(HongyanError, match="sent already"):
        outbox.withdraw(store_id)
    assert store.get(store_id).folder == SENT


def test_a_message_no_longer_in_the_outbox_is_named(store: Store) -> None:
    store_id = _queue(store)
    store.move([store_id], SENT)
    with pytest.raises(HongyanError, match="no message"):
        Outbox(store).withdraw(store_id)
