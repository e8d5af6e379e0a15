"""Running rules: order, stop, first move wins, delete means Trash; and running them again
changes nothing (no second copy, no second forward)."""

from __future__ import annotations

import pytest

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.errors import HongyanError
from hongyan.core.rules.engine import run_rules
from hongyan.core.rules.forward import OutboxForwarder
from hongyan.core.rules.model import (
    COPY,
    DELETE,
    FLAG,
    FORWARD,
    MARK_READ,
    MOVE,
    TAG,
    Action,
    Condition,
    Rule,
)
from hongyan.core.store import Store
from support.mail import message

ACME = Condition("domain", "acme.com")


def rule(name: str, *actions: Action, when: Condition = ACME, stop: bool = False) -> Rule:
    return Rule(name, (when,), actions, stop=stop)


def customer_mail(store: Store, subject: str = "报价") -> int:
    return store.add("Inbox", message(sender="Bob <bob@acme.com>", subject=subject))


def other_mail(store: Store) -> int:
    return store.add("Inbox", message(sender="Eve <eve@example.org>", subject="hello"))


def test_rules_file_mark_and_copy_and_leave_other_mail_alone(store: Store) -> None:
    mine, other = customer_mail(store), other_mail(store)
    actions = (Action(MOVE, folder="客户/ACME"), Action(MARK_READ), Action(COPY, folder="Copies"))
    rules = [rule("ACME", *actions)]
    report = run_rules(store, rules, [mine, other])
    assert (report.examined, report.moved, report.copied) == (2, 1, 1)
    assert (store.get(mine).folder, store.get(mine).flags) == ("客户/ACME", "S")
    assert store.get(other).folder == "Inbox"
    assert [r.subject for r in store.list("Copies")] == ["报价"]


def test_running_again_copies_nothing_twice(store: Store) -> None:
    mine = customer_mail(store)
    rules = [rule("ACME", Action(COPY, folder="Copies"), Action(FLAG))]
    for _ in range(3):
        run_rules(store, rules, [mine])
    assert store.count("Copies") == 1 and store.count("Inbox") == 1


def test_the_first_move_wins_and_later_rules_still_mark(store: Store) -> None:
    mine = customer_mail(store)
    rules = [
        rule("first", Action(MOVE, folder="客户/ACME")),
        rule("second", Action(MOVE, folder="Newsletters"), Action(FLAG)),
    ]
    [decision] = run_rules(store, rules, [mine]).decisions
    assert decision.rules == ["first", "second"]
    assert (store.get(mine).folder, store.get(mine).flags) == ("客户/ACME", "F")


def test_stop_keeps_the_later_rules_from_running(store: Store) -> None:
    mine = customer_mail(store)
    rules = [
        rule("keep", Action(MARK_READ), stop=True),
        rule("file", Action(MOVE, folder="Copies")),
    ]
    run_rules(store, rules, [mine])
    assert (store.get(mine).folder, store.get(mine).flags) == ("Inbox", "S")


def test_delete_moves_to_trash_and_never_deletes_for_good(store: Store) -> None:
    mine = customer_mail(store)
    rules = [rule("bin", Action(DELETE))]
    run_rules(store, rules, [mine])
    run_rules(store, rules, [mine])  # already in Trash: stays there
    assert store.get(mine).folder == "Trash"


def test_conditions_match_case_insensitively_in_chinese_too(store: Store) -> None:
    mine = customer_mail(store, subject="关于报价单的确认")
    rules = [rule("quote", Action(FLAG), when=Condition("subject", "报价单"))]
    assert len(run_rules(store, rules, [mine]).decisions) == 1


def test_a_dry_run_shows_what_would_happen_and_changes_nothing(store: Store) -> None:
    mine, other = customer_mail(store), other_mail(store)
    rules = [rule("ACME", Action(MOVE, folder="客户/ACME"))]
    report = run_rules(store, rules, [mine, other], dry_run=True)
    assert [(d.message_id, d.folder) for d in report.decisions] == [(mine, "客户/ACME")]
    assert store.get(mine).folder == "Inbox"


def test_a_rule_filing_into_a_deleted_folder_leaves_the_mail_and_says_so(store: Store) -> None:
    mine = customer_mail(store)
    rules = [rule("gone", Action(MOVE, folder="Old"), Action(MARK_READ))]
    report = run_rules(store, rules, [mine])
    assert (store.get(mine).folder, store.get(mine).flags) == ("Inbox", "S")
    assert report.problems == [
        "Rule “gone”: there is no folder 'Old'; the messages stay where they are."
    ]


def test_tags_are_accepted_and_reported_as_not_yet_supported(store: Store) -> None:
    mine = customer_mail(store)
    report = run_rules(store, [rule("tag", Action(TAG, tag="VIP"), Action(FLAG))], [mine])
    assert report.problems == ["Tag “VIP” not set: tags are not supported yet"]
    assert store.get(mine).flags == "F"


def work_account() -> Account:
    return Account(
        name="Work",
        display_name="我",
        address="me@example.cn",
        pop3=ServerSettings.for_pop3("pop.example.cn"),
        smtp=ServerSettings.for_smtp("smtp.example.cn"),
    )


def forwarder(store: Store) -> OutboxForwarder:
    account = work_account()
    return OutboxForwarder(store, lambda _name: (account.name, account))


def test_forward_queues_the_message_once_in_the_outbox(store: Store) -> None:
    mine = customer_mail(store)
    rules = [rule("boss", Action(FORWARD, to="boss@example.cn"))]
    for _ in range(2):
        report = run_rules(store, rules, [mine], forwarder=forwarder(store))
    assert report.forwarded == 0  # the second run found the first forward
    [queued] = store.list("Outbox")
    assert (queued.account, queued.to_addrs, queued.subject) == (
        "Work",
        "boss@example.cn",
        "Fwd: 报价",
    )
    data = store.read_bytes(queued.id)
    assert b"Auto-Submitted: auto-forwarded" in data and b"message/rfc822" in data
    assert store.read_bytes(mine) in data  # the original, byte for byte


def test_a_forwarded_message_is_never_forwarded_again(store: Store) -> None:
    looped = store.add(
        "Inbox",
        message(sender="Bob <bob@acme.com>", extra_headers="Auto-Submitted: auto-forwarded\n"),
    )
    rules = [rule("boss", Action(FORWARD, to="boss@example.cn"))]
    run_rules(store, rules, [looped], forwarder=forwarder(store))
    assert store.count("Outbox") == 0


def test_forward_without_an_account_is_a_problem_not_a_failure(store: Store) -> None:
    mine = customer_mail(store)
    rules = [rule("boss", Action(FORWARD, to="boss@example.cn"), Action(MARK_READ))]
    report = run_rules(store, rules, [mine])
    assert "no account to send from" in report.problems[0]
    assert store.get(mine).flags == "S"


def test_a_message_gone_meanwhile_is_skipped(store: Store) -> None:
    mine = customer_mail(store)
    store.path(mine).unlink()
    body_rule = [rule("b", Action(FLAG), when=Condition("body", "x"))]
    assert run_rules(store, body_rule, [mine, 999]).decisions == []


def test_bad_ids_are_not_an_error_of_the_engine(store: Store) -> None:
    with pytest.raises(HongyanError):
        store.get(999)
    assert run_rules(store, [rule("x", Action(FLAG))], [999]).examined == 0
