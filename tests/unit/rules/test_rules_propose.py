""" "Create Rule from Message": sender's domain → a folder named after the company."""

from __future__ import annotations

import pytest

from hongyan.core.rules.model import MOVE, Action, Condition
from hongyan.core.rules.propose import company_name, propose_rule, registrable_domain
from hongyan.core.store.records import MessageRow


def sender(name: str, address: str) -> MessageRow:
    return MessageRow(
        id=1, folder="Inbox", account="Work", message_id="", date=0, from_name=name,
        from_addr=address, to_addrs="", cc_addrs="", subject="", size=1, flags="",
        has_attachments=False, fetch_key=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "address", "company"),
    [
        ("张三（上海某某贸易有限公司）", "zhang@sh-trade.com.cn", "上海某某贸易有限公司"),
        ("上海某某科技 - 李四", "li@x.cn", "上海某某科技"),
        ("Jane Roe | ACME Corp", "jane@acme.com", "ACME Corp"),
        ("Jane Roe (Widgets Ltd.)", "jane@widgets.co.uk", "Widgets Ltd."),
        ("Jane Roe", "jane@sales.acme-tech.com.cn", "Acme-Tech"),
        ("", "info@mail.example.com", "Example"),
    ],
)
def test_the_company_comes_from_the_display_name_else_the_domain(
    name: str, address: str, company: str
) -> None:
    assert company_name(name, address.rpartition("@")[2]) == company


@pytest.mark.parametrize(
    ("domain", "registrable"),
    [
        ("acme.com", "acme.com"),
        ("mail.acme.com", "acme.com"),
        ("sales.acme.com.cn", "acme.com.cn"),
        ("a.b.widgets.co.uk", "widgets.co.uk"),
        ("mail.example.de", "example.de"),
    ],
)
def test_the_domain_condition_covers_the_whole_company(domain: str, registrable: str) -> None:
    assert registrable_domain(domain) == registrable


def test_a_company_sender_gives_a_domain_rule_into_a_folder_named_after_it() -> None:
    rule = propose_rule(sender("Jane Roe (Widgets Ltd.)", "jane@mail.widgets.co.uk"), public=False)
    assert rule.conditions == (Condition("domain", "widgets.co.uk"),)
    assert rule.actions == (Action(MOVE, folder="Widgets Ltd"),)  # no '.' in a folder name
    assert rule.name == "Widgets Ltd"


def test_a_public_mailbox_gives_a_rule_for_that_sender_only() -> None:
    rule = propose_rule(sender("王五", "wangwu@qq.com"))  # qq.com: a provider Hongyan knows
    assert rule.conditions == (Condition("from", "wangwu@qq.com"),)
    assert rule.actions == (Action(MOVE, folder="王五"),)
    company = propose_rule(sender("王五（上海某某贸易有限公司）", "wangwu@163.com"))
    assert company.actions == (Action(MOVE, folder="上海某某贸易有限公司"),)
    assert company.conditions == (Condition("from", "wangwu@163.com"),)


def test_the_proposed_name_avoids_rules_that_exist() -> None:
    rule = propose_rule(sender("", "a@acme.com"), taken=["Acme", "acme 2"], public=False)
    assert rule.name == "Acme 3"
