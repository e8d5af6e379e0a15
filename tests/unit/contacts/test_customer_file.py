"""A customer's file against a mailbox built by hand, whose counts and answer times were
worked out on paper (times UTC, hours):

thread A  A1 in  Zhang 03-02 09:00  询价
          A2 in  Zhang 03-02 11:00  Re: 询价 (a second mail before any answer)
          A3 out me    03-02 15:00  answers A2          → mine 6 h (Zhang waited since 09:00)
          A4 in  Zhang 03-03 15:00  from his 163 address → theirs 24 h, open question
thread B  B1 out me    03-05 10:00  合同
          B2 in  Zhang 03-05 10:01  auto-reply          → ignored
          B3 in  Zhang 03-06 12:00                      → theirs 26 h
          B4 out me    03-06 14:00                      → mine 2 h
          B5 in  Zhang 03-07 09:00                      → theirs 19 h, open question
thread C  C1 in  Zhang 03-10 08:00  样品
          C2 out me    03-10 12:00  回复: 样品, no In-Reply-To (webmail) → mine 4 h
          X  in  boss@partner.cn to me, Cc Zhang, 03-11 (neither side)
thread D  D1 in  Zhang 03-12 09:00  发票               → open question
not in the file: Li's mail, a draft to Zhang, Zhang's mail in Trash

in 9 (A1 A2 A4 B2 B3 B5 C1 X D1), out 4; first 03-02 09:00, last 03-12 09:00;
mine 6, 2, 4 h: average 4, median 4; theirs 24, 26, 19 h: average 23, median 24;
open questions D1, B5, A4 (each thread's mail from Zhang after the user's last answer).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hongyan.core.contacts import Contact, ContactBook
from hongyan.core.contacts.customer import customer_file, new_senders, resolve
from hongyan.core.store import Store
from support.mail import message

ME = "Me <me@hongyan.test>"
ZHANG = "张伟 <zhang@kehu.cn>"
HOUR = 3600


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def mail(mid: str, sender: str, to: str, when: datetime, subject: str, headers: str = "") -> bytes:
    return message(
        subject=subject,
        sender=sender,
        to=to,
        date=when,
        message_id=f"<{mid}@t>",
        extra_headers=headers,
    )


def reply_to(*mids: str) -> str:
    refs = " ".join(f"<{m}@t>" for m in mids)
    return f"In-Reply-To: <{mids[-1]}@t>\nReferences: {refs}\n"


@pytest.fixture
def mailbox(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "Mail", create=True)
    add = store.add
    ids = {}
    ids["A1"] = add("Inbox", mail("A1", ZHANG, "me@hongyan.test", at(2, 9), "询价"))
    ids["A2"] = add(
        "Inbox", mail("A2", ZHANG, "me@hongyan.test", at(2, 11), "Re: 询价", reply_to("A1"))
    )
    ids["A3"] = add(
        "Sent", mail("A3", ME, "zhang@kehu.cn", at(2, 15), "Re: 询价", reply_to("A1", "A2"))
    )
    ids["A4"] = add(
        "Inbox",
        mail("A4", "张伟 <zw@163.com>", "me@hongyan.test", at(3, 15), "Re: 询价", reply_to("A3")),
    )
    ids["B1"] = add("Sent", mail("B1", ME, "zhang@kehu.cn", at(5, 10), "合同"))
    ids["B2"] = add(
        "Inbox",
        mail(
            "B2",
            ZHANG,
            "me@hongyan.test",
            at(5, 10, 1),
            "自动回复: 合同",
            reply_to("B1") + "Auto-Submitted: auto-replied\n",
        ),
    )
    ids["B3"] = add(
        "Inbox", mail("B3", ZHANG, "me@hongyan.test", at(6, 12), "Re: 合同", reply_to("B1"))
    )
    ids["B4"] = add("Sent", mail("B4", ME, "zhang@kehu.cn", at(6, 14), "Re: 合同", reply_to("B3")))
    ids["B5"] = add(
        "Inbox", mail("B5", ZHANG, "me@hongyan.test", at(7, 9), "Re: 合同", reply_to("B4"))
    )
    store.create_folder("客户/张伟")
    ids["C1"] = add("客户/张伟", mail("C1", ZHANG, "me@hongyan.test", at(10, 8), "样品"))
    ids["C2"] = add("Sent", mail("C2", ME, "zhang@kehu.cn", at(10, 12), "回复: 样品"))
    ids["X"] = add(
        "Inbox",
        mail("X", "boss@partner.cn", "me@hongyan.test", at(11, 9), "合作", "Cc: zhang@kehu.cn\n"),
    )
    ids["D1"] = add("Inbox", mail("D1", ZHANG, "me@hongyan.test", at(12, 9), "发票"))
    add("Inbox", mail("L1", "li@other.cn", "me@hongyan.test", at(4, 9), "询价"))
    draft = add("Drafts", mail("DR", ME, "zhang@kehu.cn", at(13, 9), "草稿"))
    trashed = add("Inbox", mail("T1", ZHANG, "me@hongyan.test", at(9, 9), "广告"))
    store.delete([trashed])
    store.ids = ids
    store.elsewhere = {draft, trashed}  # type: ignore[attr-defined]  # type: ignore[attr-defined]
    ContactBook.open(store.root).add(
        Contact(display_name="张伟", company="客户公司", emails=["zhang@kehu.cn", "zw@163.com"])
    )
    yield store
    store.close()


def test_the_hand_checked_customer_file(mailbox: Store) -> None:
    ids = mailbox.ids  # type: ignore[attr-defined]
    book = ContactBook.open(mailbox.root)
    file = customer_file(mailbox.connection, resolve(book, "zhang@kehu.cn"))
    order = ["D1", "X", "C2", "C1", "B5", "B4", "B3", "B2", "B1", "A4", "A3", "A2", "A1"]
    assert [e.row.id for e in file.entries] == [ids[n] for n in order]
    assert [e.direction for e in file.entries] == [
        "in", "in", "out", "in", "in", "out", "in", "in", "out", "in", "out", "in", "in",
    ]  # fmt: skip
    assert (file.count_in, file.count_out) == (9, 4)
    assert file.first_contact == int(at(2, 9).timestamp())
    assert file.last_contact == int(at(12, 9).timestamp())
    assert sorted(file.mine.seconds) == [2 * HOUR, 4 * HOUR, 6 * HOUR]
    assert (file.mine.average, file.mine.median) == (4 * HOUR, 4 * HOUR)
    assert sorted(file.theirs.seconds) == [19 * HOUR, 24 * HOUR, 26 * HOUR]
    assert (file.theirs.average, file.theirs.median) == (23 * HOUR, 24 * HOUR)
    assert [r.id for r in file.open_questions] == [ids["D1"], ids["B5"], ids["A4"]]
    assert (file.mine.longest, file.theirs.longest) == (6 * HOUR, 26 * HOUR)
    recent = customer_file(
        mailbox.connection, resolve(book, "zhang@kehu.cn"), answers_since=int(at(5, 0).timestamp())
    )  # waits from 03-05 on: B1→B3 26 h, B3→B4 2 h, B4→B5 19 h, C1→C2 4 h
    assert (sorted(recent.mine.seconds), sorted(recent.theirs.seconds)) == (
        [2 * HOUR, 4 * HOUR],
        [19 * HOUR, 26 * HOUR],
    )
    assert len(recent.entries) == len(file.entries)


def test_a_contact_id_a_company_and_a_domain_open_the_same_file(mailbox: Store) -> None:
    book = ContactBook.open(mailbox.root)
    contact = book.contacts()[0]
    by_id = customer_file(mailbox.connection, resolve(book, contact.id))
    by_company = customer_file(mailbox.connection, resolve(book, "客户公司"))
    assert [e.row.id for e in by_id.entries] == [e.row.id for e in by_company.entries]
    by_domain = customer_file(mailbox.connection, resolve(book, "kehu.cn"))
    assert len(by_domain.entries) == 12  # all but A4, sent from his 163.com address


def test_new_senders_are_people_in_no_contact_the_user_never_wrote_to(mailbox: Store) -> None:
    book = ContactBook.open(mailbox.root)
    mailbox.add(
        "Inbox",
        mail("N1", "京东 <no-reply@jd.test>", "me@hongyan.test", at(14, 9), "订单", "List-Id: x\n"),
    )
    senders = [r.from_addr for r in new_senders(mailbox.connection, book)]
    assert senders == ["boss@partner.cn", "li@other.cn"]
    mailbox.add("Sent", mail("R1", ME, "li@other.cn", at(15, 9), "Re: 询价"))
    assert [r.from_addr for r in new_senders(mailbox.connection, book)] == ["boss@partner.cn"]
    book.add(Contact(display_name="Boss", emails=["boss@partner.cn"]))
    assert new_senders(mailbox.connection, book) == []


def test_contact_company_and_group_search_terms(mailbox: Store) -> None:
    ids = mailbox.ids  # type: ignore[attr-defined]
    book = ContactBook.open(mailbox.root)
    zhang = book.contacts()[0]
    zhang.groups = ["VIP"]
    book.update(zhang)
    everywhere = set(ids.values()) | mailbox.elsewhere  # type: ignore[attr-defined]
    assert {r.id for r in mailbox.search("contact:张伟")} == everywhere  # X by its Cc
    assert {r.id for r in mailbox.search("group:vip 发票")} == {ids["D1"]}
    assert {r.id for r in mailbox.search("company:客户 subject:样品")} == {ids["C1"], ids["C2"]}
    either = {r.id for r in mailbox.search("from:li@other.cn OR to:li@other.cn")}
    assert len(either) == 1
    assert {r.id for r in mailbox.search("from:boss@partner.cn OR subject:发票")} == {
        ids["X"],
        ids["D1"],
    }
    with pytest.raises(Exception, match="No contact with an address matches contact:王五"):
        mailbox.search("contact:王五")
