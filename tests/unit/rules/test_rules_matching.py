"""Conditions: case-insensitive (Chinese and full-width letters included), domains with their
subdomains, all or any, the file read only when a body or header condition needs it."""

from __future__ import annotations

import pytest

from hongyan.core.rules.matcher import MessageFacts, matches
from hongyan.core.rules.model import Action, Condition, Rule
from hongyan.core.store.records import MessageRow
from support.mail import message


def row(**values: object) -> MessageRow:
    base: dict[str, object] = {
        "id": 1,
        "folder": "Inbox",
        "account": "Work",
        "message_id": "<a@b>",
        "date": 0,
        "from_name": "张三",
        "from_addr": "zhang@sales.ACME.com",
        "to_addrs": "Li Si <li@example.cn>",
        "cc_addrs": "王五 <wang@example.cn>",
        "subject": "关于报价单的确认 Ｑ1",
        "size": 200 * 1024,
        "flags": "",
        "has_attachments": True,
        "fetch_key": None,
    }
    base.update(values)
    return MessageRow(**base)  # type: ignore[arg-type]


def facts(data: bytes = b"", **values: object) -> MessageFacts:
    return MessageFacts(row(**values), lambda: data)


def rule(*conditions: Condition, any_: bool = False) -> Rule:
    return Rule("r", conditions, (Action("flag"),), match_any=any_)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Condition("from", "张三"), True),
        (Condition("from", "ZHANG@"), True),
        (Condition("from", "li@"), False),
        (Condition("to", "LI SI"), True),
        (Condition("to", "王五"), True),  # Cc counts as a recipient
        (Condition("subject", "报价"), True),
        (Condition("subject", "q1"), True),  # full-width Ｑ１ is Q1
        (Condition("subject", "合同"), False),
        (Condition("domain", "acme.com"), True),  # a subdomain matches
        (Condition("domain", "@ACME.COM"), True),
        (Condition("domain", "sales.acme.com"), True),
        (Condition("domain", "me.com"), False),  # not a suffix of a label
        (Condition("account", "work"), True),
        (Condition("account", "home"), False),
        (Condition("larger", 100), True),
        (Condition("larger", 300), False),
        (Condition("smaller", 300), True),
        (Condition("attachment"), True),
    ],
)
def test_one_condition(condition: Condition, expected: bool) -> None:
    assert matches(rule(condition), facts(), None) is expected


def test_international_domains_match_in_either_form() -> None:
    chinese = facts(from_addr="info@例子.中国")
    assert matches(rule(Condition("domain", "xn--fsqu00a.xn--fiqs8s")), chinese, None)
    ascii_form = facts(from_addr="info@mail.xn--fsqu00a.xn--fiqs8s")
    assert matches(rule(Condition("domain", "例子.中国")), ascii_form, None)


def test_body_and_header_conditions_read_the_message() -> None:
    data = message(
        body="请查收附件中的报价单。", charset="gbk", extra_headers="X-Mailer: Foxmail 7.2\n"
    )
    assert matches(rule(Condition("body", "报价单")), facts(data), None)
    assert not matches(rule(Condition("body", "合同")), facts(data), None)
    assert matches(rule(Condition("header", "foxmail", header="X-Mailer")), facts(data), None)
    assert not matches(rule(Condition("header", "foxmail", header="User-Agent")), facts(data), None)


def test_all_and_any() -> None:
    yes, no = Condition("subject", "报价"), Condition("from", "nobody")
    assert not matches(rule(yes, no), facts(), None)
    assert matches(rule(yes, no, any_=True), facts(), None)


def test_the_file_is_read_only_when_the_cheap_conditions_leave_the_question_open() -> None:
    def no_reading() -> bytes:
        raise AssertionError("the file was read")

    unread = MessageFacts(row(), no_reading)
    body_last = rule(Condition("body", "x"), Condition("from", "nobody"))  # body listed first
    assert not matches(body_last, unread, None)
    assert matches(rule(Condition("from", "张三"), Condition("body", "x"), any_=True), unread, None)


class Book:
    """An address book as core/contacts will answer (issue 18)."""

    def is_contact(self, address: str) -> bool:
        return address.lower() == "zhang@sales.acme.com"

    def in_group(self, address: str, group: str) -> bool:
        return self.is_contact(address) and group == "客户"


def test_contact_conditions_ask_the_address_book_and_fail_without_one() -> None:
    known, group = Condition("contact"), Condition("group", "客户")
    assert matches(rule(known), facts(), Book()) and matches(rule(group), facts(), Book())
    assert not matches(rule(Condition("group", "家人")), facts(), Book())
    assert not matches(rule(known), facts(from_addr="x@y.z"), Book())
    assert not matches(rule(known), facts(), None)


def test_trying_only_the_rules_a_message_can_match_decides_as_trying_them_all() -> None:
    """The engine skips rules by the sender's domain and by texts (RuleSet); the rules that
    match, in order, with stop, must be those trying every rule gives."""
    import random

    from hongyan.core.rules.engine import RuleSet, decide

    rng = random.Random(17)
    texts = ["acme", "报价", "news", "Ｑ1", "li@", "cust1.example.cn", "example.cn", "zz"]
    fields = ["from", "subject", "to", "domain", "account"]
    rules = []
    for n in range(60):
        conditions = tuple(
            Condition(rng.choice(fields), rng.choice(texts)) for _ in range(rng.randint(1, 3))
        )
        rules.append(
            Rule(
                f"r{n}",
                conditions,
                (Action("flag"),),
                match_any=rng.random() < 0.3,
                stop=n % 20 == 19,
            )
        )
    ruleset = RuleSet(rules)
    matched = 0
    for n in range(400):
        message = facts(
            from_name=rng.choice(["ACME News", "张三", "Li"]),
            from_addr=f"x@{rng.choice(['mail.cust1.example.cn', 'acme.com', 'example.cn'])}",
            subject=rng.choice(["关于报价 q1", "hello", "ACME news"]),
            to_addrs=rng.choice(["li@example.cn", "bob@x.org"]),
            account=rng.choice(["acme", "a", "报价"]),
        )
        expected = []
        for rule in rules:
            if matches(rule, message, None):
                expected.append(rule.name)
                if rule.stop:
                    break
        assert decide(ruleset, message, None).rules == expected, n
        matched += len(expected) > 1
    assert matched > 100  # the rules do match, often several at once
