"""vCard files written by other programs are read as they meant them, and what Hongyan
writes reads back the same, in vCard 3.0 and 4.0 (files and sources: tests/data/vcards)."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from hongyan.core.contacts.model import Contact, Phone, PostalAddress
from hongyan.core.contacts.vcard import VCardError, read_vcards, to_vcard, write_vcards

DATA = Path(__file__).resolve().parents[2] / "data" / "vcards"


def read(name: str) -> list[Contact]:
    return read_vcards((DATA / name).read_bytes(), source=name)


def test_thunderbirds_own_export_in_vcard_4() -> None:
    one, two = read("thunderbird-export.vcf")
    assert (one.display_name, one.family_name, one.given_name) == (
        "contact number one",
        "one",
        "contact",
    )
    assert one.emails == ["contact1@invalid"]
    assert one.uid == "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
    assert two.notes == "here's some unicode text…"
    assert two.title == '"worker"'
    assert "X-CUSTOM1;VALUE=TEXT:custom\\, 1" in two.extra  # kept for the way back


def test_vcard_2_1_3_0_and_dos_line_ends_from_thunderbirds_import_tests() -> None:
    assert [c.emails for c in read("thunderbird-basic_vcard_addressbook.vcf")] == [
        ["john.doe@genericemail.invalid"],
        ["jane.doe@genericemail.invalid"],
    ]
    assert [c.name for c in read("thunderbird-emptylines_vcard_addressbook.vcf")] == [
        "John Doe",
        "Jane Doe",
    ]
    (dos,) = read("thunderbird-dos_vcard_addressbook.vcf")
    assert (dos.name, dos.emails) == ("Name Surname", ["example@gmail.com"])


@pytest.mark.parametrize("name", ["thunderbird-v3-binary-png.vcf", "thunderbird-v4-uri-png.vcf"])
def test_a_photo_travels_along_unchanged(name: str) -> None:
    (card,) = read(name)
    assert "PHOTO" in card.extra
    (again,) = read_vcards(to_vcard(card, "4.0").encode())
    original = vobject.readOne((DATA / name).read_text()).photo.value
    assert vobject.readOne(to_vcard(again)).photo.value == original


def test_name_parts_and_unknown_properties_of_vobjects_test_card() -> None:
    (card,) = read("vobject-radicale-1587.vcf")
    assert (card.family_name, card.given_name, card.name_rest) == (
        "Family",
        "Given",
        ("Additional", "Prefix", "Suffix"),
    )
    assert "GEO:37.386013;-122.082932" in read_vcards(to_vcard(card, "3.0").encode())[0].extra


CHINESE = Contact(
    uid="urn:uuid:7c1a9e4e-0000-4000-8000-000000000001",
    display_name="欧阳娜娜",
    family_name="欧阳",
    given_name="娜娜",
    company="鸿运贸易有限公司",
    department="华东销售部",
    title="采购经理",
    emails=["nana@hongyun.cn", "ouyang.nana@163.com"],
    phones=[
        Phone("work", "+86 21 6234 5678"),
        Phone("fax", "+86 21 6234 5679"),
        Phone("mobile", "138 0013 8000"),
    ],
    addresses=[
        PostalAddress(street="南京西路 1266 号", city="上海", code="200040", country="中国")
    ],
    website="https://hongyun.cn",
    notes="只用中文沟通；报价请抄送财务。\n第二行",
    groups=["VIP", "成交客户", "供应商, 华东"],
    created="2026-03-01T09:00:00Z",
)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_a_chinese_business_card_round_trips(version: str) -> None:
    text = to_vcard(CHINESE, version)
    assert f"VERSION:{version}" in text
    assert "ORG:鸿运贸易有限公司;华东销售部" in text
    assert "TEL;TYPE=work,fax:+86 21 6234 5679" in text
    assert "CATEGORIES:VIP,成交客户,供应商\\, 华东" in text
    (back,) = read_vcards(text.encode("utf-8"))
    assert back == CHINESE


def test_the_preferred_address_is_first_however_it_is_marked() -> None:
    def card(version: str, *lines: str) -> bytes:
        body = "\r\n".join(("BEGIN:VCARD", f"VERSION:{version}", "FN:A", *lines, "END:VCARD"))
        return (body + "\r\n").encode()

    v4 = card("4.0", "EMAIL:second@x.cn", "EMAIL;PREF=1:first@x.cn")
    v3 = card("3.0", "EMAIL;TYPE=INTERNET:second@x.cn", "EMAIL;TYPE=INTERNET,PREF:first@x.cn")
    v21 = card(
        "2.1", "EMAIL;INTERNET:second@x.cn", "EMAIL;PREF;INTERNET:first@x.cn", "TEL;WORK;FAX:1"
    )
    for data in (v4, v3, v21):
        assert read_vcards(data)[0].emails == ["first@x.cn", "second@x.cn"]
    assert read_vcards(v21)[0].phones == [Phone("fax", "1")]


def test_a_gbk_vcard_from_an_old_chinese_program_is_read() -> None:
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:张;伟\r\nFN:张伟\r\nORG:鸿运\r\nEND:VCARD\r\n"
    (card,) = read_vcards(text.encode("gbk"))
    assert (card.name, card.company) == ("张伟", "鸿运")


def test_quoted_printable_utf8_names_of_vcard_2_1() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F\r\nEND:VCARD\r\n"
    )
    assert read_vcards(data)[0].name == "张伟"


def test_a_file_without_cards_is_refused_in_plain_words() -> None:
    with pytest.raises(VCardError, match="holds no contact"):
        read_vcards(b"Name,Email\nA,a@b.c\n", source="list.vcf")


def test_many_contacts_make_one_file() -> None:
    text = write_vcards([CHINESE, Contact(display_name="Li Lei", emails=["li@x.cn"])], "3.0")
    assert [c.name for c in read_vcards(text.encode())] == ["欧阳娜娜", "Li Lei"]


def test_a_contact_prefilled_from_a_sender_splits_chinese_and_western_names() -> None:
    from hongyan.core.contacts.model import from_address

    chinese = from_address("欧阳娜娜", "nana@hongyun.cn")
    assert (chinese.family_name, chinese.given_name, chinese.emails) == (
        "欧阳",
        "娜娜",
        ["nana@hongyun.cn"],
    )
    western = from_address("Wei Zhang", "wz@x.cn")
    assert (western.family_name, western.given_name, western.name) == ("Zhang", "Wei", "Wei Zhang")
    assert from_address("Zhang, Wei", "wz@x.cn").family_name == "Zhang"
