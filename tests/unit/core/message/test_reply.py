"""Replies and forwards: who gets them, what they quote, and nothing injected (plan F52)."""

from __future__ import annotations

import pytest

from hongyan.core.message.compose import Draft, build_message, message_bytes
from hongyan.core.message.reply import forward_as_attachment, forward_inline, reply
from support.sending import Identity, parse

ME = Identity("Me", "me@example.cn")

ORIGINAL = (
    b"From: =?utf-8?b?5byg5LiJ?= <zhang@example.cn>\r\n"
    b"To: me@example.cn, Other <other@example.org>\r\n"
    b"Cc: ME@EXAMPLE.CN, Third <third@example.org>, other@example.org\r\n"
    b"Subject: Re: =?utf-8?b?5ZGo5Lya?=\r\n"
    b"Date: Mon, 23 Nov 2026 10:00:00 +0800\r\n"
    b"Message-ID: <abc@example.cn>\r\n"
    b"References: <root@example.cn>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
    b"--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "第一行\r\n\r\n第二行\r\n".encode()
    + b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;"
    b" filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    b"JVBERi0xLjQ=\r\n--b--\r\n"
)

# plan F52: decodes to "hi\r\nBcc: evil@attacker.example"
INJECTED = (
    b"From: a@example.org\r\nTo: me@example.cn\r\n"
    b"Subject: =?utf-8?q?hi=0D=0ABcc:_evil@attacker.example?=\r\n"
    b"Message-ID: <x@example.org>\r\n\r\nbody\r\n"
)


def test_reply_goes_to_the_author_quoting_with_an_attribution() -> None:
    draft = reply(ORIGINAL, ME)
    assert draft.to == ["张三 <zhang@example.cn>"]
    assert draft.cc == []
    assert draft.subject == "Re: 周会"  # no "Re: Re:"
    assert draft.in_reply_to == "<abc@example.cn>"
    assert draft.references == ["<root@example.cn>", "<abc@example.cn>"]
    assert "On Mon, 23 Nov 2026 at 10:00, 张三 wrote:\n> 第一行\n>\n> 第二行\n" in draft.body


def test_reply_attribution_in_chinese() -> None:
    assert "在 2026年11月23日 10:00，张三 写道：" in reply(ORIGINAL, ME, language="zh_CN").body


def test_reply_all_leaves_out_my_own_addresses_and_duplicates() -> None:
    draft = reply(ORIGINAL, ME, to_all=True, own_addresses=["alias@example.cn"])
    assert draft.to == ["张三 <zhang@example.cn>"]
    assert draft.cc == ["Other <other@example.org>", "Third <third@example.org>"]


def test_reply_prefers_reply_to() -> None:
    data = b"Reply-To: list@example.org\r\n" + ORIGINAL
    assert reply(data, ME).to == ["list@example.org"]


def test_reply_to_an_injected_subject_stays_one_line() -> None:
    """plan F52: the reply Subject is "Re: hi Bcc: evil@attacker.example" on one line."""
    draft = reply(INJECTED, ME)
    assert draft.subject == "Re: hi Bcc: evil@attacker.example"
    message = parse(message_bytes(build_message(draft, ME)))
    assert message["Subject"] == "Re: hi Bcc: evil@attacker.example"
    assert "Bcc" not in message
    assert [a.addr_spec for a in message["To"].addresses] == ["a@example.org"]


@pytest.mark.parametrize("forward", [forward_inline, forward_as_attachment])
def test_forwarding_an_injected_subject_stays_one_line(forward: object) -> None:
    """plan F52, forward path."""
    draft = forward(INJECTED)  # type: ignore[operator]
    draft.to = ["b@example.org"]
    message = parse(message_bytes(build_message(draft, ME)))
    assert message["Subject"] == "Fwd: hi Bcc: evil@attacker.example"
    assert "Bcc" not in message


def test_forward_inline_carries_text_headers_and_attachments() -> None:
    draft = forward_inline(ORIGINAL, language="zh")
    assert draft.subject == "Fwd: Re: 周会"
    assert "---------- 转发的邮件 ----------" in draft.body
    assert "发件人: 张三 <zhang@example.cn>" in draft.body
    assert "第一行" in draft.body
    [attachment] = draft.attachments
    assert (attachment.filename, attachment.read()) == ("报告.pdf", b"%PDF-1.4")


def test_forward_as_attachment_keeps_the_original() -> None:
    draft = forward_as_attachment(ORIGINAL)
    draft.to = ["b@example.org"]
    message = parse(message_bytes(build_message(draft, ME)))
    [part] = message.iter_attachments()
    assert part.get_content_type() == "message/rfc822"
    inner = part.get_content()
    assert inner["Message-ID"] == "<abc@example.cn>"
    assert inner.get_body(preferencelist=("plain",)).get_content() == "第一行\n\n第二行"


def test_reply_to_a_message_with_only_html_quotes_its_text() -> None:
    data = (
        b"From: a@example.org\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Hello<script>alert(1)</script></p><p>World</p>"
    )
    body = reply(data, ME).body
    assert "> Hello" in body and "> World" in body
    assert "alert" not in body


def test_reply_draft_builds() -> None:
    message = build_message(reply(ORIGINAL, ME, to_all=True), ME)
    assert message["In-Reply-To"] == "<abc@example.cn>"
    assert isinstance(reply(ORIGINAL, ME), Draft)


def test_reply_to_legacy_gbk_mail_reads_it_right() -> None:
    """Old Chinese mail: GBK body, and a raw 8-bit GBK subject with no RFC 2047 label."""
    data = (
        b"From: " + "老王".encode("gbk") + b" <wang@example.cn>\r\n"
        b"Subject: " + "会议通知".encode("gbk") + b"\r\n"
        b"Content-Type: text/plain; charset=gb2312\r\n\r\n" + "明天上午九点开会。\r\n".encode("gbk")
    )
    draft = reply(data, ME, language="zh")
    assert draft.subject == "Re: 会议通知"
    assert "> 明天上午九点开会。" in draft.body


def test_reply_addresses_are_quoted_only_where_rfc_5322_needs_it() -> None:
    original = (
        b'From: "Smith, John" <john@example.org>\r\nCc: =?utf-8?b?5p2O5Zub?= <li@example.cn>\r\n'
        b"Subject: x\r\n\r\nbody\r\n"
    )
    draft = reply(original, ME, to_all=True)
    assert draft.to == ['"Smith, John" <john@example.org>']
    assert draft.cc == ["李四 <li@example.cn>"]
