"""New Message from Template and Reply with Template: filled for the first To address, the
original quoted below as in a normal reply, the signature placed once."""

from __future__ import annotations

from datetime import date

from hongyan.core.accounts import Identity
from hongyan.core.message.compose import Attachment, Draft, build_message
from hongyan.core.templates import ContactInfo, Template, new_message, reply_with
from support.sending import parse

ME = Identity(display_name="李雷", address="li@hongyan.example", signature="李雷 | 鸿雁贸易")
DAY = date(2026, 12, 8)

ORIGINAL = (
    "From: 王小明 <wang@customer.example>\r\n"
    "To: li@hongyan.example\r\n"
    "Subject: 询价：LED 显示屏\r\n"
    "Date: Mon, 07 Dec 2026 10:00:00 +0800\r\n"
    "Message-ID: <q1@customer.example>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "请报价 100 块。\r\n"
).encode()


class Book:
    def contact_for(self, address: str) -> ContactInfo | None:
        if address == "wang@customer.example":
            return ContactInfo(name="王小明", family_name="王", gender="M", company="长城电子")
        return None


def template(body: str, subject: str = "", **fields: object) -> Template:
    return Template(1, "t", Draft(subject=subject, body=body, **fields))  # type: ignore[arg-type]


def test_a_new_message_is_filled_for_the_first_to_address() -> None:
    use = new_message(
        template("{{recipient_courtesy}}，您好！\n", subject="致{{recipient_company}}"),
        ME, signature=ME.signature, to=["wang@customer.example", "other@x.example"],
        contacts=Book(), language="zh_CN", today=DAY,
    )  # fmt: skip
    assert use.draft.to == ["wang@customer.example", "other@x.example"]
    assert use.draft.subject == "致长城电子"
    assert use.draft.body == "王先生，您好！\n"
    assert use.unknown == [] and use.missing == []


def test_the_signature_goes_below_unless_the_template_places_it() -> None:
    plain = new_message(template("Hello\n"), ME, signature=ME.signature)
    assert plain.draft.signature == ME.signature  # compose appends it after "-- "
    placed = new_message(
        template("Hello\n{{my_signature}}\nP.S."), ME, signature=ME.signature, to=["a@b.example"]
    )
    assert placed.draft.signature == ""
    assert placed.draft.body == "Hello\n李雷 | 鸿雁贸易\nP.S."
    sent = parse(build_message(placed.draft, ME).as_bytes())
    assert sent.get_content().count("鸿雁贸易") == 1


def test_the_templates_own_recipients_stay_when_none_are_given() -> None:
    use = new_message(template("x", to=["sales@partner.example"]), ME)
    assert use.draft.to == ["sales@partner.example"]
    assert use.missing == []  # nothing asked for


def test_a_reply_with_template_quotes_the_original_below() -> None:
    use = reply_with(
        template("{{recipient_courtesy}}，您好！关于“{{original_subject}}”：报价见附件。",
                 attachments=[Attachment("报价.pdf", b"%PDF", "application/pdf")]),
        ORIGINAL, ME, signature=ME.signature, contacts=Book(), language="zh_CN", today=DAY,
    )  # fmt: skip
    draft = use.draft
    assert draft.to == ["王小明 <wang@customer.example>"]
    assert draft.subject == "Re: 询价：LED 显示屏"
    assert draft.in_reply_to == "<q1@customer.example>"
    assert draft.references == ["<q1@customer.example>"]
    assert draft.body.startswith("王先生，您好！关于“询价：LED 显示屏”：报价见附件。\n\n")
    assert "王小明 写道：\n> 请报价 100 块。\n" in draft.body
    assert [a.filename for a in draft.attachments] == ["报价.pdf"]
    assert draft.signature == ME.signature


def test_an_unknown_placeholder_in_a_reply_is_reported_not_dropped() -> None:
    use = reply_with(template("{{recipent}} 您好"), ORIGINAL, ME)
    assert use.unknown == ["{{recipent}}"]
    assert use.draft.body.startswith("{{recipent}} 您好")


def test_the_template_subject_is_taken_only_when_asked() -> None:
    tpl = template("我在休假。", subject="不在办公室：{{original_subject}}")
    assert reply_with(tpl, ORIGINAL, ME).draft.subject == "Re: 询价：LED 显示屏"
    asked = reply_with(tpl, ORIGINAL, ME, subject_from_template=True, quote=False)
    assert asked.draft.subject == "不在办公室：询价：LED 显示屏"
    assert asked.draft.body == "我在休假。\n"
