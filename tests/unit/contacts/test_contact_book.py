"""The address book keeps one vCard file per contact in the store folder: they survive a
reindex, a store move and a reinstall, and importing a file twice adds nobody twice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hongyan.core.contacts import Contact, ContactBook, ContactNotFoundError, Phone
from hongyan.core.contacts.transfer import export_file, import_file
from hongyan.core.contacts.vcard import read_vcards
from hongyan.core.store import Store
from hongyan.core.store.relocate import relocate

DATA = Path(__file__).resolve().parents[2] / "data" / "vcards"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "Mail", create=True)
    yield opened
    opened.close()


def zhang() -> Contact:
    return Contact(
        display_name="张伟",
        family_name="张",
        given_name="伟",
        company="鸿运贸易",
        emails=["zhang@hongyun.cn"],
        phones=[Phone("fax", "010-1")],
        groups=["VIP"],
    )


def test_a_contact_is_one_vcard_file_in_the_store_folder(store: Store) -> None:
    book = ContactBook.open(store.root)
    saved = book.add(zhang())
    path = store.root / "contacts" / f"{saved.id}.vcf"
    (on_disk,) = read_vcards(path.read_bytes())
    assert on_disk.emails == ["zhang@hongyun.cn"]
    assert on_disk.uid.startswith("urn:uuid:")
    assert on_disk.created.endswith("Z")
    assert path.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")


def test_edit_merge_and_remove(store: Store) -> None:
    book = ContactBook.open(store.root)
    first = book.add(zhang())
    second = book.add(Contact(display_name="Zhang Wei", emails=["zw@163.com"], groups=["供应商"]))
    first.title = "经理"
    book.update(first)
    merged = book.merge(first.id, [second.id])
    assert merged.emails == ["zhang@hongyun.cn", "zw@163.com"]
    assert merged.groups == ["VIP", "供应商"]
    assert merged.title == "经理"
    assert [c.id for c in ContactBook.open(store.root).contacts()] == [first.id]
    book.remove(first.id)
    assert len(ContactBook.open(store.root)) == 0
    with pytest.raises(ContactNotFoundError):
        book.get(first.id)


def test_lookups_for_rules_and_search(store: Store) -> None:
    book = ContactBook.open(store.root)
    saved = book.add(zhang())
    assert book.is_contact("ZHANG@hongyun.cn")
    assert not book.is_contact("li@hongyun.cn")
    assert book.in_group("zhang@hongyun.cn", "vip")
    assert not book.in_group("zhang@hongyun.cn", "供应商")
    assert book.get(saved.id[:4]).id == saved.id
    assert book.company_domains("鸿运贸易") == {"hongyun.cn"}
    book.add(Contact(display_name="Li", company="鸿运贸易", emails=["li.hy@163.com"]))
    assert book.company_domains("鸿运贸易") == {"hongyun.cn"}  # 163.com stands for nobody


def test_importing_the_same_file_twice_adds_nobody_twice(store: Store, tmp_path: Path) -> None:
    book = ContactBook.open(store.root)
    for name in ("thunderbird-export.vcf", "thunderbird-export.csv"):
        import_file(book, DATA / name)
    first = [(c.name, c.emails) for c in book.contacts()]
    assert first == [
        ("contact number one", ["contact1@invalid"]),
        ("contact number two", ["contact2@invalid"]),
    ]
    report = import_file(book, DATA / "thunderbird-export.vcf")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    assert [(c.name, c.emails) for c in ContactBook.open(store.root).contacts()] == first


def test_an_import_fills_in_what_the_book_lacks(store: Store, tmp_path: Path) -> None:
    book = ContactBook.open(store.root)
    book.add(Contact(display_name="张伟", emails=["zhang@hongyun.cn"]))
    card = tmp_path / "zhang.csv"
    card.write_bytes("姓名,电子邮件地址,手机\r\n张伟,zhang@hongyun.cn,138\r\n".encode("gbk"))
    report = import_file(book, card)
    assert (report.added, report.updated) == (0, 1)
    assert book.contacts()[0].phone("mobile") == "138"


def test_export_writes_vcard_3_of_one_group(store: Store, tmp_path: Path) -> None:
    book = ContactBook.open(store.root)
    book.add(zhang())
    book.add(Contact(display_name="Li", emails=["li@x.cn"]))
    target = tmp_path / "vip.vcf"
    assert export_file(book, target, group="VIP") == 1
    assert "VERSION:3.0" in target.read_text()
    assert [c.name for c in read_vcards(target.read_bytes())] == ["张伟"]


def test_contacts_survive_reindex_move_and_a_reinstall(tmp_path: Path) -> None:
    with Store.open(tmp_path / "Mail", create=True) as store:
        saved = ContactBook.open(store.root).add(zhang())
        store.reindex()
        assert ContactBook.open(store.root).get(saved.id).emails == saved.emails
    relocate(tmp_path / "Mail", tmp_path / "Elsewhere").finish()
    assert not (tmp_path / "Mail" / "contacts").exists()
    # a reinstall: a new profile opens the same store folder, and the contacts are there
    with Store.open(tmp_path / "Elsewhere") as reopened:
        assert ContactBook.open(reopened.root).get(saved.id).name == "张伟"


def test_a_file_changed_by_another_program_is_read_again(store: Store) -> None:
    book = ContactBook.open(store.root)
    saved = book.add(zhang())
    other = ContactBook.open(store.root)  # another process: the CLI while the window is open
    changed = other.get(saved.id)
    changed.title = "总经理"
    other.update(changed)
    assert book.get(saved.id).title == "总经理"
    (store.root / "contacts" / "handmade.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Khard\nEMAIL:k@x.cn\nEND:VCARD\n"
    )
    os.utime(store.root / "contacts", ns=(0, 1))  # a new mtime, whatever the clock does
    assert book.is_contact("k@x.cn")


def test_the_cache_is_only_a_cache(store: Store) -> None:
    book = ContactBook.open(store.root)
    saved = book.add(zhang())
    ContactBook.open(store.root)  # writes the cache
    cache = store.root / ".hongyan-contacts-cache.json"
    assert cache.exists()
    cache.write_text("{ damaged")
    assert ContactBook.open(store.root).get(saved.id).company == "鸿运贸易"
    (store.root / "contacts" / f"{saved.id}.vcf").unlink()
    assert len(ContactBook.open(store.root)) == 0


def test_a_file_that_is_no_vcard_is_left_alone(store: Store) -> None:
    folder = store.root / "contacts"
    folder.mkdir()
    (folder / "notes.vcf").write_text("shopping list")
    assert len(ContactBook.open(store.root)) == 0
    assert (folder / "notes.vcf").read_text() == "shopping list"


def test_duplicates_are_found_by_address_or_by_name_and_phone(store: Store) -> None:
    book = ContactBook.open(store.root)
    one = book.add(zhang())
    two = book.add(Contact(display_name="Zhang W.", emails=["ZHANG@hongyun.cn"]))
    three = book.add(Contact(display_name="张伟", phones=[Phone("mobile", "138 0000")]))
    four = book.add(Contact(display_name="张伟", phones=[Phone("mobile", "1380000")]))
    book.add(Contact(display_name="李雷", emails=["li@x.cn"]))
    groups = [sorted(c.id for c in group) for group in book.duplicates()]
    assert sorted(groups) == sorted([sorted([one.id, two.id]), sorted([three.id, four.id])])
