"""Automatic replies (RFC 3834): marked as such, threaded, to the Return-Path; never to list
mail, bounces, other automatic replies, Junk, one's own addresses, or the same sender twice
within N days (remembered durably in the store folder)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.accounts import Account, Identity, ServerSettings
from hongyan.core.autoreply import (
    DEFAULT_DAYS,
    MEMORY_FILE,
    AutoReplyOutcome,
    ReplyMemory,
    Skipped,
    after_fetch,
    answer_new_mail,
)
from hongyan.core.message.compose import Draft
from hongyan.core.outbox import OUTBOX
from hongyan.core.store import Store
from hongyan.core.templates import Templates
from support.sending import parse

DAY = 86400
NOW = 1_796_605_200.0  # Monday 2026-12-07, 09:00 in Beijing

ACCOUNT = Account(
    name="work",
    display_name="李雷",
    address="li@hongyan.example",
    pop3=ServerSettings.for_pop3("pop.hongyan.example"),
    smtp=ServerSettings.for_smtp("smtp.hongyan.example"),
    identities=[
        Identity(display_name="销售部", address="sales@hongyan.example", signature="销售部")
    ],
    auto_reply_template="休假",
)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "Mail", create=True) as opened:
        Templates(opened).save(
            "休假",
            Draft(body="您好，{{recipient_name}}：\n我 {{date}} 起休假，下周一回复您。\n"),
            None,
        )
        yield opened


def person(sender: str = "王小明 <wang@customer.example>", *extra: str, to: str = "") -> bytes:
    lines = [
        "Return-Path: <wang@customer.example>",
        f"From: {sender}",
        f"To: {to or 'li@hongyan.example'}",
        "Subject: 询价：LED 显示屏",
        "Date: Mon, 07 Dec 2026 08:30:00 +0800",
        "Message-ID: <q1@customer.example>",
        "References: <q0@customer.example>",
        *extra,
        "",
        "请报价 100 块。",
        "",
    ]
    return "\r\n".join(lines).encode()


def written(when: float) -> bytes:
    """The person's message, dated ``when``."""
    from email.utils import formatdate

    return person().replace(b"Mon, 07 Dec 2026 08:30:00 +0800", formatdate(when).encode())


def arrive(store: Store, data: bytes, folder: str = "Inbox") -> int:
    return store.add(folder, data, account=ACCOUNT.name)


def answer(
    store: Store,
    *ids: int,
    clock: Clock,
    account: Account = ACCOUNT,
    own_addresses: tuple[str, ...] | list[str] = (),
) -> tuple[list[AutoReplyOutcome], list[str]]:
    outcomes, problems = answer_new_mail(
        store, account, list(ids), clock=clock, own_addresses=own_addresses
    )
    return outcomes, list(problems)


def test_new_mail_gets_a_marked_threaded_reply_from_the_template(
    store: Store, clock: Clock
) -> None:
    [outcome], problems = answer(store, arrive(store, person()), clock=clock)
    assert problems == [] and outcome.queued is not None
    reply = parse(store.read_bytes(outcome.queued))
    assert store.get(outcome.queued).folder == OUTBOX
    assert reply["Auto-Submitted"] == "auto-replied"  # RFC 3834 §5
    assert reply["X-Auto-Response-Suppress"] == "All"
    assert reply["In-Reply-To"] == "<q1@customer.example>"
    assert reply["References"] == "<q0@customer.example> <q1@customer.example>"
    assert reply["To"] == "wang@customer.example"  # the Return-Path (RFC 3834 §4)
    assert reply["Subject"] == "Auto: 询价：LED 显示屏"  # the template has none (§3.1.5)
    text = reply.get_body(("plain",)).get_content()
    assert text.startswith("您好，王小明：\n我 2026年12月7日 起休假")  # the template's language
    assert "请报价" not in text  # the original is not sent back out (§3.2)


def test_the_reply_comes_from_the_identity_the_mail_reached(store: Store, clock: Clock) -> None:
    [outcome], _ = answer(store, arrive(store, person(to="sales@hongyan.example")), clock=clock)
    assert outcome.queued is not None
    reply = parse(store.read_bytes(outcome.queued))
    assert reply["From"].addresses[0].addr_spec == "sales@hongyan.example"


def test_a_template_subject_is_used(store: Store, clock: Clock) -> None:
    Templates(store).save(
        "休假", Draft(subject="不在办公室：{{original_subject}}", body="x"), None,
        replace_existing=True,
    )  # fmt: skip
    [outcome], _ = answer(store, arrive(store, person()), clock=clock)
    assert outcome.queued is not None
    assert parse(store.read_bytes(outcome.queued))["Subject"] == "不在办公室：询价：LED 显示屏"


@pytest.mark.parametrize(
    ("extra", "sender"),
    [
        ("List-Id: <users.lists.example>", ""),  # list mail
        ("Precedence: bulk", ""),
        ("Auto-Submitted: auto-replied", ""),  # another automatic reply
        ("Return-Path: <>", ""),  # a bounce
        ("", "Mail Delivery System <MAILER-DAEMON@mx.customer.example>"),
        ("", "淘宝网 <no-reply@mail.taobao.example>"),
    ],
)
def test_machine_mail_is_never_answered(
    store: Store, clock: Clock, extra: str, sender: str
) -> None:
    data = person(sender or "王小明 <wang@customer.example>", *([extra] if extra else []))
    if extra.startswith("Return-Path"):
        data = data.replace(b"Return-Path: <wang@customer.example>\r\n", b"")
    [outcome], problems = answer(store, arrive(store, data), clock=clock)
    assert outcome.skipped is Skipped.AUTOMATED and problems == []
    assert store.count(OUTBOX) == 0


def test_junk_is_never_answered(store: Store, clock: Clock) -> None:
    [outcome], _ = answer(store, arrive(store, person(), folder="Junk"), clock=clock)
    assert outcome.skipped is Skipped.NOT_RECEIVED
    assert store.count(OUTBOX) == 0


def test_ones_own_addresses_are_never_answered(store: Store, clock: Clock) -> None:
    mine = person("Li <li@hongyan.example>").replace(
        b"wang@customer.example", b"li@hongyan.example"
    )
    [first], _ = answer(store, arrive(store, mine), clock=clock)
    other_account = person("Me at home <me@home.example>").replace(
        b"<wang@customer.example>", b"<me@home.example>"
    )
    [second], _ = answer(
        store, arrive(store, other_account), clock=clock, own_addresses=["ME@home.example"]
    )
    assert first.skipped is second.skipped is Skipped.OWN_ADDRESS
    assert store.count(OUTBOX) == 0


def test_old_mail_downloaded_now_is_not_answered(store: Store, clock: Clock) -> None:
    """The first fetch of a mailbox kept on the server brings years of mail: not news."""
    old = person().replace(b"Mon, 07 Dec 2026 08:30:00", b"Mon, 02 Nov 2026 08:30:00")
    [outcome], _ = answer(store, arrive(store, old), clock=clock)
    assert outcome.skipped is Skipped.OLD
    assert store.count(OUTBOX) == 0


def test_mail_not_addressed_to_me_is_not_answered(store: Store, clock: Clock) -> None:
    [outcome], _ = answer(store, arrive(store, person(to="everyone@customer.example")), clock=clock)
    assert outcome.skipped is Skipped.NOT_ADDRESSED


def test_a_sender_is_answered_once_within_n_days(store: Store, clock: Clock) -> None:
    first, second = arrive(store, person()), arrive(store, person())
    outcomes, _ = answer(store, first, second, clock=clock)
    assert [o.skipped for o in outcomes] == [None, Skipped.RECENT]
    clock.now += (DEFAULT_DAYS - 1) * DAY
    [again], _ = answer(store, arrive(store, written(clock.now)), clock=clock)
    assert again.skipped is Skipped.RECENT
    clock.now += 2 * DAY  # more than N days after the first reply
    [later], _ = answer(store, arrive(store, written(clock.now)), clock=clock)
    assert later.queued is not None
    assert store.count(OUTBOX) == 2


def test_the_memory_is_durable_readable_and_per_account(store: Store, clock: Clock) -> None:
    answer(store, arrive(store, person()), clock=clock)
    data = json.loads((store.root / MEMORY_FILE).read_text(encoding="utf-8"))
    assert data["replied"] == {"work": {"wang@customer.example": NOW}}
    assert ReplyMemory(store.root, clock=clock).last("work", "WANG@customer.example") == NOW
    home = dataclasses.replace(ACCOUNT, name="home")
    [outcome], _ = answer(store, arrive(store, person()), clock=clock, account=home)
    assert outcome.queued is not None  # another mailbox answers for itself


def test_a_template_with_an_unknown_placeholder_sends_nothing_and_says_so(
    store: Store, clock: Clock
) -> None:
    Templates(store).save("休假", Draft(body="{{recipent}}"), None, replace_existing=True)
    [outcome], [problem] = answer(store, arrive(store, person()), clock=clock)
    assert outcome.skipped is Skipped.UNKNOWN_PLACEHOLDER
    assert "{{recipent}}" in problem
    assert store.count(OUTBOX) == 0
    assert not (store.root / MEMORY_FILE).exists()  # nobody was answered


def test_a_missing_template_is_reported_once(store: Store, clock: Clock) -> None:
    gone = dataclasses.replace(ACCOUNT, auto_reply_template="vacation")
    outcomes, [problem] = answer(
        store, arrive(store, person()), arrive(store, person()), clock=clock, account=gone
    )
    assert outcomes == [] and "“vacation”" in problem and "no longer exists" in problem


def test_the_switch_off_does_nothing(store: Store, clock: Clock) -> None:
    off = dataclasses.replace(ACCOUNT, auto_reply_template="")
    assert answer(store, arrive(store, person()), clock=clock, account=off) == ([], [])


def test_after_fetch_uses_its_own_connection_and_never_raises(
    store: Store, clock: Clock, tmp_path: Path
) -> None:
    message_id = arrive(store, person())
    assert after_fetch(store.root, ACCOUNT, [message_id], clock=clock) == []
    assert store.count(OUTBOX) == 1
    [warning] = after_fetch(tmp_path / "no-store", ACCOUNT, [message_id], clock=clock)
    assert "automatic replies were not written" in warning
