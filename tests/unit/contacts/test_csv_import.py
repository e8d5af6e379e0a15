"""CSV address books as Outlook, Foxmail and Thunderbird export them, in UTF-8, UTF-8 with a
BOM and GBK (header sources: tests/data/vcards/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.core.contacts.csvfile import CsvContactsError, read_csv
from hongyan.core.contacts.model import Phone

DATA = Path(__file__).resolve().parents[2] / "data" / "vcards"
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "gbk": lambda text: text.encode("gbk"),
}

OUTLOOK_EN = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Business State,Business Postal Code,"
    "Business Country/Region,Business Fax,Business Phone,Mobile Phone,Categories,"
    "E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,Notes,Web Page\r\n"
    ",伟,,张,,鸿运贸易有限公司,销售部,经理,长安街1号,北京,北京,100000,中国,"
    "010-6000 0001,010-6000 0000,13800138000,VIP;成交客户,zhang@hongyun.cn,SMTP,"
    '张伟 (zhang@hongyun.cn),zw@163.com,"老客户，\r\n付款准时",https://hongyun.cn\r\n'
)
OUTLOOK_ZH = (
    "名,姓,公司,部门,职务,商务电话,商务传真,移动电话,电子邮件地址,类别,附注\r\n"
    "伟,张,鸿运贸易有限公司,销售部,经理,010-6000 0000,010-6000 0001,13800138000,"
    "zhang@hongyun.cn,VIP;成交客户,老客户\r\n"
)
FOXMAIL = (
    "姓名,电子邮件地址,手机,办公电话,传真,公司,部门,职位,备注\r\n"
    "张伟,zhang@hongyun.cn,13800138000,010-6000 0000,010-6000 0001,鸿运贸易有限公司,"
    "销售部,经理,老客户\r\n"
)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(
    "text", [OUTLOOK_EN, OUTLOOK_ZH, FOXMAIL], ids=["outlook", "outlook-zh", "foxmail"]
)
def test_the_same_card_from_each_program_in_each_encoding(text: str, encoding: str) -> None:
    (card,) = read_csv(ENCODINGS[encoding](text))
    assert (card.family_name, card.given_name, card.name) == ("张", "伟", "张伟")
    assert (card.company, card.department, card.title) == ("鸿运贸易有限公司", "销售部", "经理")
    assert card.emails[0] == "zhang@hongyun.cn"
    assert card.phone("work") == "010-6000 0000"
    assert card.phone("fax") == "010-6000 0001"
    assert card.phone("mobile") == "13800138000"
    assert card.notes.startswith("老客户")


def test_outlook_categories_addresses_and_multiline_notes() -> None:
    (card,) = read_csv(OUTLOOK_EN.encode("utf-8"))
    assert card.groups == ["VIP", "成交客户"]
    assert card.emails == ["zhang@hongyun.cn", "zw@163.com"]
    assert card.notes == "老客户，\r\n付款准时"
    assert card.addresses[0].one_line() == "长安街1号, 北京, 北京, 100000, 中国"
    assert card.website == "https://hongyun.cn"


def test_thunderbirds_own_csv_export() -> None:
    one, two = read_csv((DATA / "thunderbird-export.csv").read_bytes())
    assert (one.name, one.given_name, one.family_name, one.emails) == (
        "contact number one",
        "contact",
        "one",
        ["contact1@invalid"],
    )
    assert two.title == '"worker"'
    assert two.notes == "here's some unicode text…"


def test_thunderbirds_import_tests_semicolons_and_utf16() -> None:
    assert [
        c.emails[0] for c in read_csv((DATA / "thunderbird-csv_semicolon.csv").read_bytes())
    ] == [
        "john@doe.invalid",
        "jane@doe.invalid",
    ]
    (john,) = read_csv((DATA / "thunderbird-utf16_addressbook.csv").read_bytes())
    assert john.name == "John Doe"
    assert len(read_csv((DATA / "thunderbird-basic_csv_addressbook.csv").read_bytes())) == 2


def test_a_gbk_name_only_list_splits_chinese_names() -> None:
    (card,) = read_csv("姓名,邮箱,手机\r\n欧阳娜娜,nana@x.cn,139\r\n".encode("gbk"))
    assert (card.family_name, card.given_name) == ("欧阳", "娜娜")
    assert card.phones == [Phone("mobile", "139")]


def test_a_csv_without_known_columns_is_refused_with_its_first_line() -> None:
    with pytest.raises(CsvContactsError, match="a,b,c"):
        read_csv(b"a,b,c\n1,2,3\n", source="odd.csv")
