"""The acceptance message, end to end through the Outbox and real aiosmtpd, both TLS modes.

A Chinese subject, Chinese display names, a Chinese-named attachment and a 5 MB binary
attachment arrive equal in every header, body and attachment byte; Bcc is absent from what
arrived (plan F50) and present in the Sent copy; injection attempts add nothing (plan F51).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.message.compose import AddressError, Attachment, Draft, build_message
from hongyan.core.outbox import SENT, Outbox
from hongyan.core.smtp import Timeouts
from hongyan.core.store import Store
from support.certs import CertificateAuthorities
from support.sending import account_for, login, parse
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

BIG = os.urandom(5 * 1024 * 1024)
SUBJECT = "【重要】二〇二六年度预算审批 — 请于周五前回复"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "Mail", create=True) as opened:
        yield opened


def acceptance_draft() -> Draft:
    return Draft(
        to=["张三 <zhang.san@example.test>", "欧阳 娜娜 <nana@example.test>"],
        cc=["李四 <li.si@example.test>"],
        bcc=["秘密 <hidden@example.test>"],
        subject=SUBJECT,
        body="各位同事：\n\n附件是预算表和原始数据，请查收。\n.\n..以点开头的行\n",
        html="<p>各位同事：</p><p>附件是<b>预算表</b>。</p>",
        attachments=[
            Attachment("二〇二六年度预算（定稿）.xlsx", "表格".encode() * 1000),
            Attachment("原始数据.bin", BIG),
        ],
    )


@pytest.mark.slow
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_acceptance_message_arrives_identical(
    security: str, store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    account = account_for(smtp_server, pki, security)
    draft = acceptance_draft()
    store_id = Outbox(store).queue(build_message(draft, account), account.name)
    report = Outbox(store, timeouts=Timeouts(30, 120)).flush(lambda name: (account.smtp, login()))
    assert report.sent and not report.problems and not report.waiting
    [received] = smtp_server.messages
    assert set(received.rcpt_tos) == {
        "zhang.san@example.test", "nana@example.test", "li.si@example.test", "hidden@example.test"
    }  # fmt: skip
    arrived = parse(received.data)
    kept = parse(store.read_bytes(store_id))
    assert store.get(store_id).folder == SENT

    # Every header of the Sent copy arrived unchanged, except Bcc, which did not arrive.
    assert "Bcc" not in arrived
    assert b"hidden@example.test" not in received.data
    assert kept["Bcc"] == "秘密 <hidden@example.test>"
    assert [k for k in kept if k != "Bcc"] == list(arrived.keys())
    for name in arrived:
        assert str(arrived[name]) == str(kept[name]), name

    assert arrived["Subject"] == SUBJECT
    assert [(a.display_name, a.addr_spec) for a in arrived["To"].addresses] == [
        ("张三", "zhang.san@example.test"),
        ("欧阳 娜娜", "nana@example.test"),
    ]
    assert arrived["Cc"].addresses[0].display_name == "李四"
    assert arrived["From"].addresses[0].display_name == "王小明"
    assert arrived["Message-ID"] == kept["Message-ID"] == draft.message_id

    plain = arrived.get_body(preferencelist=("plain",))
    assert plain.get_content() == draft.body
    assert arrived.get_body(preferencelist=("html",)).get_content().strip() == draft.html
    attachments = list(arrived.iter_attachments())
    assert [a.get_filename() for a in attachments] == [a.filename for a in draft.attachments]
    assert [a.get_payload(decode=True) for a in attachments] == [
        a.read() for a in draft.attachments
    ]


@pytest.mark.parametrize("brk", ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"])
def test_injection_attempts_reach_the_server_as_nothing(
    brk: str, store: Store, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    """plan F51 through the real path: no Bcc header, no extra recipient at the server."""
    evil = f"hi{brk}Bcc: evil@attacker.example"
    account = account_for(smtp_server, pki)
    for field in ("to", "cc"):
        with pytest.raises(AddressError, match="line break"):
            build_message(Draft(**{field: [f'"{evil}" <bob@example.test>']}), account)
    draft = Draft(
        to=["bob@example.test"],
        subject=evil,
        attachments=[Attachment(f"{evil}.txt", b"x")],
    )
    Outbox(store).queue(build_message(draft, account), account.name)
    Outbox(store, timeouts=Timeouts(10, 10)).flush(lambda name: (account.smtp, login()))
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("bob@example.test",)
    header = received.data.split(b"\r\n\r\n", 1)[0]
    assert not any(line.lower().startswith(b"bcc") for line in header.split(b"\r\n"))
    assert parse(received.data)["Subject"] == "hi Bcc: evil@attacker.example"
