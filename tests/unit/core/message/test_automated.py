"""Machine mail (RFC 3834, Sieve vacation): lists, bounces, auto-replies, robots — and a
person's mail, which is none of these."""

from __future__ import annotations

import pytest

from hongyan.core.message.automated import Automated, automated_reason, is_robot_address
from hongyan.core.message.decode import parse_message
from support.shared import CORPUS_DIR, require

PERSON = b"From: Wang <wang@customer.example>\r\nTo: li@hongyan.example\r\nSubject: hi\r\n"


def reason(extra: bytes, base: bytes = PERSON) -> Automated | None:
    return automated_reason(parse_message(extra + base + b"\r\nbody\r\n"))


def test_a_persons_mail_is_not_automated() -> None:
    assert reason(b"Return-Path: <wang@customer.example>\r\nAuto-Submitted: no\r\n") is None
    assert reason(b"Precedence: first-class\r\nX-Auto-Response-Suppress: DR, RN\r\n") is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"Auto-Submitted: auto-replied\r\n", Automated.AUTO_SUBMITTED),
        (b"Auto-Submitted: Auto-Generated; owner-email=x@y\r\n", Automated.AUTO_SUBMITTED),
        (b"Auto-Submitted: auto-notified\r\n", Automated.AUTO_SUBMITTED),
        (b"X-Auto-Response-Suppress: All\r\n", Automated.SUPPRESS),
        (b"X-Auto-Response-Suppress: DR, OOF, AutoReply\r\n", Automated.SUPPRESS),
        (b"Precedence: bulk\r\n", Automated.BULK),
        (b"Precedence: LIST\r\n", Automated.BULK),
        (b"Precedence: junk\r\n", Automated.BULK),
        (b"List-Id: Users <users.lists.example>\r\n", Automated.LIST),
        (b"List-Unsubscribe: <mailto:leave@lists.example>\r\n", Automated.LIST),
        (b"Return-Path: <>\r\n", Automated.BOUNCE),
        (b"Return-Path: < >\r\n", Automated.BOUNCE),
        (b"Return-Path: <bounce-12345@mailer.example>\r\n", Automated.ROBOT),
    ],
)
def test_machine_mail_is_recognised_by_its_headers(header: bytes, expected: Automated) -> None:
    assert reason(header) == expected


def test_a_delivery_report_is_a_bounce() -> None:
    report = b"Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n"
    assert reason(report) == Automated.BOUNCE


@pytest.mark.parametrize(
    "sender",
    [
        "MAILER-DAEMON@mx.example",
        "postmaster@example.cn",
        "noreply@shop.example",
        "no-reply@accounts.example",
        "no_reply+123@x.example",
        "donotreply@bank.example",
        "do-not-reply@bank.example",
        "owner-users@lists.example",
        "users-request@lists.example",
        "users-bounces@lists.example",
        "LISTSERV@list.example",
        "majordomo@list.example",
    ],
)
def test_robot_senders(sender: str) -> None:
    assert is_robot_address(sender)
    assert reason(b"", f"From: {sender}\r\nTo: li@hongyan.example\r\n".encode()) == Automated.ROBOT


@pytest.mark.parametrize(
    "person", ["norah@x.example", "reply@x.example", "request@x.example", "owner@x.example"]
)
def test_people_with_similar_names_are_not_robots(person: str) -> None:
    assert not is_robot_address(person)


def test_every_bounce_and_report_in_the_corpus_is_automated() -> None:
    require(CORPUS_DIR)
    samples = [
        p
        for p in CORPUS_DIR.rglob("*.eml")
        if any(
            word in p.name
            for word in ("bounce", "delivery-status", "disposition-notification", "report")
        )
    ]
    assert len(samples) >= 10
    for path in samples:
        assert automated_reason(parse_message(path.read_bytes())) is not None, path


def test_personal_mail_in_the_corpus_is_not_automated() -> None:
    require(CORPUS_DIR)
    samples = sorted((CORPUS_DIR / "alot").glob("*.eml"))
    assert samples
    for path in samples:
        assert automated_reason(parse_message(path.read_bytes())) is None, path
