"""Security plan G58 and G59: one bad message never blocks the mailbox, and stores nothing.

A message over the line cap, over the size limit, or whose RETR sends more than its cap (or
never ends) is left on the server and named to the user (sender, subject, size, why, and how
to raise the limit where one can); the rest of the mailbox is fetched, now and at every later
run. Against the real Dovecot where a real server can hold the message (a 2 MB line), against
scripted servers for what only a broken or hostile server sends.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.sync import fetch_account
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import (
    account_for,
    make_message,
    message_ids,
    secret_of,
    stored_messages,
)
from support.pop3_script import MailboxState, fetch_from

pytestmark = pytest.mark.integration


def long_line_message(n: int, line_bytes: int, *, in_header: bool = False) -> bytes:
    """A message with one base64-looking line of ``line_bytes`` (a broken mailer), in its
    body or in a header of its own."""
    head = make_message(n).split(b"\r\n\r\n", 1)[0]
    line = b"QUJD" * (line_bytes // 4)
    if in_header:
        return head + b"\r\nX-Blob: " + line + b"\r\n\r\nBody line.\r\n"
    return head + b"\r\n\r\n" + line + b"\r\n"


# -- G58 one bad message never blocks the mailbox --------------------------------------------


@pytest.mark.parametrize("where", ["body", "header"])
def test_a_message_with_a_2_mb_line_is_left_on_the_server_and_the_rest_arrives(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path, where: str
) -> None:
    """plan G58 against Dovecot: three messages, the second with one 2 MB line (in its body,
    or in its header: then reading its headers to name it must not fail either)."""
    user = dovecot.add_user()
    bad = long_line_message(2, 2_000_000, in_header=where == "header")
    for m in (make_message(1), bad, make_message(3)):
        user.deliver(m)
    account = account_for(dovecot, user, pki, leave_on_server=False)
    store = tmp_path / "store"
    with Store.open(store, create=True) as opened:
        first = fetch_account(account, opened, secret_of(user))
    assert first.ok and first.downloaded == 2, first.summary
    assert message_ids(store) == ["<m-1@example.test>", "<m-3@example.test>"]
    assert user.messages() == [bad]  # left on the server, and only it
    (left,) = first.left_on_server
    assert (left.subject, left.sender, left.size) == (
        "m 2",
        "Sender <sender@example.test>",
        len(bad),
    )
    assert "line" in left.reason and left.raise_limit_to_mb is None
    assert "1 left on the server" in first.summary
    user.deliver(make_message(4))
    with Store.open(store) as opened:
        later = fetch_account(account, opened, secret_of(user))
    assert later.ok and later.downloaded == 1, later.summary
    assert [m.subject for m in later.left_on_server] == ["m 2"]
    assert user.messages() == [bad]


def test_a_message_over_the_size_limit_is_named_and_arrives_once_the_limit_is_raised(
    dovecot: DovecotServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    """plan G58: the account's size limit (1 MB here) keeps a 1.5 MB message on the server;
    the report says how to raise it; raised, the message arrives."""
    user = dovecot.add_user()
    big = make_message(2, size=1_500_000)
    for m in (make_message(1), big, make_message(3)):
        user.deliver(m)
    account = account_for(dovecot, user, pki, max_message_mb=1)
    store = tmp_path / "store"
    with Store.open(store, create=True) as opened:
        first = fetch_account(account, opened, secret_of(user))
    assert first.ok and first.downloaded == 2, first.summary
    (left,) = first.left_on_server
    assert left.subject == "m 2" and left.size == len(big)
    assert "size limit" in left.reason and left.raise_limit_to_mb == 2
    raised = dataclasses.replace(account, max_message_mb=2)
    with Store.open(store) as opened:
        again = fetch_account(raised, opened, secret_of(user))
    assert again.ok and again.downloaded == 1 and again.left_on_server == []
    assert big in stored_messages(store)


@pytest.mark.parametrize("leave_on_server", [True, False])
def test_a_retr_over_its_cap_skips_that_message_only(
    pki: CertificateAuthorities, tmp_path: Path, leave_on_server: bool
) -> None:
    """plan G58, scripted: LIST says 1 000 bytes for message 2, RETR sends 200 KB (over
    2 x LIST + 64 KiB). Messages 1 and 3 are stored; 2 stays; the next run does not stop."""
    messages = [make_message(1), make_message(2, size=200_000), make_message(3)]
    sizes = [len(messages[0]), 1_000, len(messages[2])]
    uidls = [b"a", b"b", b"c"]
    sessions = [MailboxState(messages, uidls, list_sizes=sizes) for _ in range(2)]
    store = tmp_path / "store"
    policy = {"leave_on_server": leave_on_server}
    result = fetch_from(pki, store, *sessions, **policy)
    assert result.ok and result.downloaded == 2, result.summary
    assert message_ids(store) == ["<m-1@example.test>", "<m-3@example.test>"]
    assert [m.subject for m in result.left_on_server] == ["m 2"]
    assert "more" in result.left_on_server[0].reason
    deleted = [n for s in sessions for n in s.deleted_numbers]
    assert sorted(deleted) == ([] if leave_on_server else [1, 3])
    again = [MailboxState(messages, uidls, list_sizes=sizes)]
    later = fetch_from(pki, store, *again, **policy)
    assert later.ok and later.downloaded == 0, later.summary
    assert not any(c.startswith(b"RETR 2") for c in again[0].commands)  # not fetched again


# -- G59 a capped or endless RETR stores nothing ---------------------------------------------


@pytest.mark.parametrize("fault", ["endless", "over the cap"])
def test_a_capped_or_endless_retr_stores_nothing_of_that_message(
    pki: CertificateAuthorities, tmp_path: Path, fault: str
) -> None:
    """plan G59 (completes C19): nothing of message 2 in new/ or cur/, no tmp file, no DELE
    of it; messages 1 and 3 arrive (the session is given up and a new one continues)."""
    messages = [make_message(1), make_message(2, size=300_000), make_message(3)]
    uidls = [b"a", b"b", b"c"]
    sizes = [len(messages[0]), 5_000, len(messages[2])]
    if fault == "endless":
        first = MailboxState(messages, uidls, list_sizes=sizes, endless_retr=2)
    else:
        first = MailboxState(messages, uidls, list_sizes=sizes)
    second = MailboxState(messages, uidls, list_sizes=sizes)
    store = tmp_path / "store"
    result = fetch_from(pki, store, first, second, leave_on_server=False)
    assert result.ok, result.summary
    assert message_ids(store) == ["<m-1@example.test>", "<m-3@example.test>"]
    assert not any(b"<m-2@example.test>" in m for m in stored_messages(store))
    assert os.listdir(store / "tmp") == []
    assert 2 not in first.deleted_numbers + second.deleted_numbers
    assert sorted(first.deleted_numbers + second.deleted_numbers) == [1, 3]
    with Store.open(store) as opened:
        assert opened.count("Inbox") == 2
