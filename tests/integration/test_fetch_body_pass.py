"""A fetch from the real Dovecot lists mail at once; bodies become searchable by the body pass.

``hongyan fetch`` ends when the mail is durable and listed; ``hongyan search`` indexes what is
pending first, so a script always gets complete results.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.core.paths import app_paths
from hongyan.core.store import Store
from hongyan.core.sync import fetch_account
from support.certs import CertificateAuthorities
from support.cli import hongyan
from support.dovecot import DovecotServer
from support.fetching import account_for, secret_of
from support.mail import message, with_attachment

pytestmark = pytest.mark.integration


def news(n: int) -> bytes:
    return message(
        subject=f"关于报价单的确认 {n}",
        body=f"The quokka{n} numbers are attached.\n",
        sender="Li Lei <lilei@example.cn>",
        to="Han Meimei <han@example.test>",
        message_id=f"<news-{n}@example.cn>",
    )


def test_fetched_mail_is_listed_at_once_and_found_by_hongyan_search(
    dovecot: DovecotServer, pki: CertificateAuthorities, isolated_profile: Path
) -> None:
    user = dovecot.add_user()
    for n in range(30):
        user.deliver(news(n))
    user.deliver(with_attachment(subject="Invoice", filename="quarter.pdf"))
    account = account_for(dovecot, user, pki)
    with Store.open(app_paths().default_store_dir, create=True) as store:
        result = fetch_account(account, store, secret_of(user))
        assert result.ok and result.downloaded == 31, result.summary
        rows = {r.message_id: r for r in store.list("Inbox")}
        assert rows["<news-7@example.cn>"].subject == "关于报价单的确认 7"
        assert rows["<news-7@example.cn>"].from_addr == "lilei@example.cn"
        assert rows["<news-7@example.cn>"].to_addrs == "Han Meimei <han@example.test>"
        assert store.search("quokka7") == []  # listed, but the body is not indexed yet
        assert store.pending_count() == 31
    searched = hongyan("search", "quokka7")
    assert searched.returncode == 0, searched.stderr
    [line] = searched.stdout.splitlines()
    assert "关于报价单的确认 7" in line
    assert "indexing new messages 31/31" in searched.stderr  # not a terminal: plain lines
    with Store.open(app_paths().default_store_dir) as store:
        assert store.pending_count() == 0
        conn = store.connection
        fts = conn.execute("SELECT count(*) FROM messages_fts").fetchone()[0]
        assert fts == store.count("Inbox") == 31
        assert [r.subject for r in store.search("quarter.pdf")] == ["Invoice"]
        assert len(store.search("报价")) == 30
    again = hongyan("search", "quokka1")
    assert again.returncode == 0 and again.stderr == ""  # nothing pending: no indexing line


def test_hongyan_fetch_does_not_wait_for_the_body_pass(
    dovecot: DovecotServer, pki: CertificateAuthorities, isolated_profile: Path
) -> None:
    from hongyan.core.accounts import AccountBook
    from support.test_keyring import FileKeyring

    user = dovecot.add_user()
    for n in range(5):
        user.deliver(news(n))
    book = AccountBook.load(app_paths())
    account = account_for(dovecot, user, pki, name="work")
    book.add(account)
    book.save()
    FileKeyring().set_password("hongyan", "work:pop3", user.password)
    fetched = hongyan("fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("work: 5 new messages")
    listed = hongyan("list", "Inbox")
    assert len(listed.stdout.splitlines()) == 5
    with Store.open(app_paths().default_store_dir) as store:
        assert store.pending_count() == 5
    assert "bodies are indexed for search" in " ".join(hongyan("fetch", "--help").stdout.split())
