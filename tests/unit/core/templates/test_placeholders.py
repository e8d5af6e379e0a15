"""Placeholders: filled at use from the address book, the sender and the day; an unknown one is
left visible and reported, a missing value is reported, nothing is expanded twice."""

from __future__ import annotations

from datetime import date

import pytest

from hongyan.core.accounts import Identity
from hongyan.core.templates import (
    PLACEHOLDERS,
    ContactInfo,
    date_text,
    fill,
    language_of_text,
    unknown_placeholders,
    values_for,
)
from hongyan.core.templates.placeholders import language_for

ME = Identity(
    display_name="李雷",
    address="li@hongyan.example",
    organisation="鸿雁贸易",
    signature="李雷\n销售部",
)
DAY = date(2026, 12, 8)


class Book:
    """An address book as the contacts part will offer it: contact_for(address)."""

    def __init__(self, **known: ContactInfo) -> None:
        self.known = {k.replace("_", "@", 1): v for k, v in known.items()}

    def contact_for(self, address: str) -> ContactInfo | None:
        return self.known.get(address.lower())


WANG = ContactInfo(
    name="王小明", family_name="王", given_name="小明", gender="M", company="长城电子"
)
LI = ContactInfo(name="李娜", family_name="李", given_name="娜", gender="F")
BOOK = Book(wang_cc=WANG, lina_cc=LI, smith_example=ContactInfo(family_name="Smith", gender="M"))


def values(recipient: str, language: str = "zh_CN", **extra: object) -> dict[str, str]:
    return values_for(
        recipient=recipient, identity=ME, signature=ME.signature, contacts=BOOK,
        language=language, today=DAY, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_chinese_contact_gets_the_courtesy_form_the_contact_says() -> None:
    text = "{{recipient_courtesy}}，您好！{{recipient_company}}的订单已发出。"
    assert fill(text, values("小明 <wang@cc>")).text == "王先生，您好！长城电子的订单已发出。"
    assert fill("{{recipient_courtesy}}", values("lina@cc")).text == "李女士"


def test_the_address_book_name_wins_over_the_name_typed_in_to() -> None:
    assert fill("{{recipient_name}}", values("小明 <wang@cc>")).text == "王小明"


def test_without_gender_or_contact_the_courtesy_form_is_the_display_name() -> None:
    book = Book(zhao_cc=ContactInfo(name="赵敏", family_name="赵"))  # no gender said
    no_gender = values_for(recipient="zhao@cc", contacts=book, language="zh_CN")
    assert fill("{{recipient_courtesy}}", no_gender).text == "赵敏"
    unknown_person = fill("{{recipient_courtesy}}：", values("张三丰 <zhang@nowhere.cn>"))
    assert unknown_person.text == "张三丰："
    assert unknown_person.missing == []


def test_missing_contact_data_is_left_empty_and_reported() -> None:
    filled = fill("{{recipient_name}}/{{recipient_company}}/", values("zhang@nowhere.cn"))
    assert filled.text == "//"
    assert filled.missing == ["recipient_name", "recipient_company"]
    assert filled.unknown == []


def test_english_courtesy_form_and_date() -> None:
    filled = fill("Dear {{recipient_courtesy}}, {{date}}", values("smith@example", "en"))
    assert filled.text == "Dear Mr Smith, December 8, 2026"


def test_today_in_the_interface_language() -> None:
    assert date_text(DAY, "zh_CN") == "2026年12月8日"
    assert date_text(DAY, "en") == "December 8, 2026"
    assert date_text(date(2027, 1, 31), "zh") == "2027年1月31日"


def test_the_senders_name_company_signature_and_the_original_subject() -> None:
    filled = fill(
        "{{my_name}} <{{my_address}}> {{my_company}}\n{{my_signature}}\n{{original_subject}}",
        values("wang@cc", original_subject="询价：LED 屏"),
    )
    assert filled.text == "李雷 <li@hongyan.example> 鸿雁贸易\n李雷\n销售部\n询价：LED 屏"


def test_an_unknown_placeholder_stays_visible_and_is_reported() -> None:
    filled = fill("{{recipent_name}}，{{ Recipient_Name }}", values("小明 <wang@cc>"))
    assert filled.text == "{{recipent_name}}，王小明"  # spaces and case are forgiven
    assert filled.unknown == ["{{recipent_name}}"]
    assert unknown_placeholders("a {{x}} b {{date}} {{x}}") == ["{{x}}"]


def test_values_are_never_expanded_again() -> None:
    sneaky = Book(odd_cc=ContactInfo(name="{{my_signature}}"))
    given = values_for(recipient="odd@cc", contacts=sneaky, signature="SECRET")
    assert fill("{{recipient_name}}", given).text == "{{my_signature}}"


def test_html_values_are_escaped() -> None:
    given = values_for(recipient='"A <b>" <a@b.cn>', signature="x\ny")
    assert fill("<p>{{recipient_name}}</p>{{my_signature}}", given, as_html=True).text == (
        "<p>A &lt;b&gt;</p>x<br>\ny"
    )


def test_a_half_typed_recipient_gives_no_values_rather_than_an_error() -> None:
    assert values_for(recipient="wang@")["recipient_address"] == ""


def test_every_placeholder_has_a_label_for_the_menu() -> None:
    names = [p.name for p in PLACEHOLDERS]
    assert len(names) == len(set(names))
    assert all(p.label and p.token == "{{" + p.name + "}}" for p in PLACEHOLDERS)
    assert set(values("wang@cc")) == set(names)


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        ("zh_CN", {}, "zh_CN"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("system", {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ("system", {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ("system", {}, "en"),
    ],
)
def test_the_cli_language_follows_the_setting_then_the_environment(
    setting: str, env: dict[str, str], expected: str
) -> None:
    assert language_for(setting, env) == expected


def test_the_language_of_a_template_text() -> None:
    assert language_of_text("您好，我正在休假。") == "zh_CN"
    assert language_of_text("I am out of the office.") == "en"
