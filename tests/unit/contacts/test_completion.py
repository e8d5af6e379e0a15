"""To/Cc/Bcc completion: contacts first, then addresses seen in mail; Chinese names by their
pinyin and its initials."""

from __future__ import annotations

from pathlib import Path

from hongyan.core.contacts import Contact
from hongyan.core.contacts.completion import Candidate, Completer, seen_addresses
from hongyan.core.store import Store
from support.mail import message

CONTACTS = [
    Contact(
        id="c1", display_name="张伟", family_name="张", given_name="伟", emails=["zhang@kehu.cn"]
    ),
    Contact(
        id="c2", display_name="曾志伟", family_name="曾", given_name="志伟", emails=["zeng@x.cn"]
    ),
    Contact(id="c3", display_name="Zoe Adams", emails=["zoe@adams.test"], company="Zeta Ltd"),
]
SEEN = [
    ("Zed Mail", "zed@mail.test", 40),
    ("", "zhang@kehu.cn", 12),
    ("Li Lei", "lilei@163.com", 3),
]


def texts(found: list[Candidate]) -> list[str]:
    return [c.text for c in found]


def test_contacts_come_before_addresses_seen_in_mail() -> None:
    completer = Completer(CONTACTS, SEEN)
    assert texts(completer.complete("z")) == [
        "张伟 <zhang@kehu.cn>",  # a contact written to 12 times
        "Zoe Adams <zoe@adams.test>",
        "曾志伟 <zeng@x.cn>",
        "Zed Mail <zed@mail.test>",  # seen 40 times, but no contact
    ]


def test_chinese_names_by_pinyin_initials_and_every_reading_of_the_surname() -> None:
    completer = Completer(CONTACTS, SEEN)
    assert texts(completer.complete("zw")) == ["张伟 <zhang@kehu.cn>"]
    assert texts(completer.complete("zhangw")) == ["张伟 <zhang@kehu.cn>"]
    assert texts(completer.complete("zzw")) == ["曾志伟 <zeng@x.cn>"]
    assert texts(completer.complete("czw")) == ["曾志伟 <zeng@x.cn>"]
    assert texts(completer.complete("张")) == ["张伟 <zhang@kehu.cn>"]
    assert texts(completer.complete("志伟")) == ["曾志伟 <zeng@x.cn>"]


def test_words_addresses_and_companies_match_at_their_start() -> None:
    completer = Completer(CONTACTS, SEEN)
    assert texts(completer.complete("adams")) == ["Zoe Adams <zoe@adams.test>"]
    assert texts(completer.complete("zeta")) == ["Zoe Adams <zoe@adams.test>"]
    assert texts(completer.complete("lilei@")) == ["Li Lei <lilei@163.com>"]
    assert completer.complete("dams") == []
    assert completer.complete("  ") == []


def test_addresses_seen_come_from_the_index(tmp_path: Path) -> None:
    with Store.open(tmp_path / "Mail", create=True) as store:
        store.add("Inbox", message(sender="Li Lei <lilei@163.com>", to="me@x.cn"))
        store.add("Inbox", message(sender="Li Lei <LiLei@163.com>", to="me@x.cn", subject="2"))
        seen = seen_addresses(store.connection)
    assert sorted(seen) == [("", "me@x.cn", 2), ("Li Lei", "lilei@163.com", 2)]
