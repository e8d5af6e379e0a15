"""Building messages: everything parses back intact, and nothing typed can add a header.

Plan F50 (Bcc only in the local copy), F51 (header injection from user input).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import (
    AddressError,
    Attachment,
    Draft,
    build_message,
    message_bytes,
    one_line,
    parse_addresses,
)
from support.sending import Identity, parse

ME = Identity("王小明", "xiaoming@example.cn", organisation="鸿雁工作室")
LONG_NAME = "二〇二六年第三季度财务报告（最终版，请勿外传）—— 附件说明与数据表格汇总.xlsx"
BINARY = bytes(range(256)) * 64
# The characters plan F51 lists, each followed by an injected header.
BREAKS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"]


def full_draft(tmp_path: Path) -> Draft:
    note = tmp_path / "说明.txt"
    note.write_bytes("第一行\n第二行\n".encode())
    return Draft(
        to=["张三 <zhang.san@example.cn>, Bob Smith <bob@example.org>"],
        cc=["“李四” <li.si@example.cn>"],
        bcc=["secret@example.org"],
        subject="关于下周会议的安排 — Meeting next week",
        body="各位好，\n\n会议改到周三。\n",
        html="<p>各位好，</p><p>会议改到<b>周三</b>。</p>",
        attachments=[
            Attachment(LONG_NAME, BINARY),
            Attachment.from_path(note),
            Attachment("data.bin", b"\x00\xff" * 10, "application/octet-stream"),
        ],
        in_reply_to="<parent@example.org>",
        references=["<root@example.org>", "<parent@example.org>"],
        signature="王小明\n鸿雁工作室",
    )


def test_every_header_body_and_attachment_parses_back(tmp_path: Path) -> None:
    draft = full_draft(tmp_path)
    when = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    data = message_bytes(build_message(draft, ME, now=when))
    assert data.isascii()  # 7-bit: travels through any server
    message = parse(data)
    assert message["Subject"] == draft.subject
    assert [(a.display_name, a.addr_spec) for a in message["From"].addresses] == [
        ("王小明", "xiaoming@example.cn")
    ]
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("张三", "zhang.san@example.cn"),
        ("Bob Smith", "bob@example.org"),
    ]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["li.si@example.cn"]
    assert message["Bcc"] == "secret@example.org"  # the local copy keeps it (plan F50)
    assert message["Organization"] == "鸿雁工作室"
    assert message["Date"].datetime == when
    assert message["Message-ID"].endswith("@example.cn>")
    assert message["Message-ID"] == draft.message_id
    assert message["In-Reply-To"] == "<parent@example.org>"
    assert message["References"] == "<root@example.org> <parent@example.org>"
    text = message.get_body(preferencelist=("plain",))
    assert text.get_content() == "各位好，\n\n会议改到周三。\n\n-- \n王小明\n鸿雁工作室\n"
    html = message.get_body(preferencelist=("html",))
    assert html.get_content().strip() == draft.html
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [LONG_NAME, "说明.txt", "data.bin"]
    assert [a.get_content_type() for a in attachments] == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/plain",
        "application/octet-stream",
    ]
    assert attachments[0].get_payload(decode=True) == BINARY
    # Older Outlook and Foxmail read only Content-Type name= (RFC 2047 words).
    assert attachments[0]["Content-Type"].params["name"] == LONG_NAME
    assert attachments[1]["Content-Type"].params["name"] == "说明.txt"
    assert "name" not in attachments[2]["Content-Type"].params
    assert attachments[1].get_payload(decode=True) == "第一行\n第二行\n".encode()
    assert attachments[2].get_payload(decode=True) == b"\x00\xff" * 10


def test_long_chinese_file_name_uses_rfc2231_continuations(tmp_path: Path) -> None:
    data = message_bytes(build_message(full_draft(tmp_path), ME))
    assert b"filename*0*=utf-8''" in data
    assert max(len(line) for line in data.split(b"\n")) <= 998


def test_rebuilding_keeps_the_message_id() -> None:
    draft = Draft(to=["bob@example.org"])
    first = build_message(draft, ME)["Message-ID"]
    assert build_message(draft, ME)["Message-ID"] == first


def test_international_domain_is_sent_in_ascii() -> None:
    message = build_message(Draft(to=["用户@例子.中国"]), Identity("", "me@例子.cn"))
    assert message["To"].addresses[0].domain == "xn--fsqu00a.xn--fiqs8s"
    assert message["Message-ID"].endswith("@xn--fsqu00a.cn>")


def test_only_bcc_gives_an_empty_to_group() -> None:
    message = parse(message_bytes(build_message(Draft(bcc=["a@example.org"]), ME)))
    assert message["To"] == "undisclosed-recipients:;"


def test_no_recipient_is_a_clear_error() -> None:
    with pytest.raises(AddressError, match="at least one recipient"):
        build_message(Draft(subject="hi"), ME)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("bob", "name@domain"),
        ("bob smith@example.org", "part before @"),
        ("bob@@example.org", "not a valid list"),
        ("bob@exa mple.org", "part after @"),
        ("Bob <bob@example.org", "not a valid"),
    ],
)
def test_bad_address_is_named_in_the_message(typed: str, why: str) -> None:
    with pytest.raises(AddressError) as caught:
        build_message(Draft(to=[typed]), ME)
    assert why in str(caught.value)
    assert typed.split("<")[-1].split("@")[0][:3] in str(caught.value)


def test_semicolons_and_duplicates_are_handled_like_commas() -> None:
    found = parse_addresses(["a@example.org; B <b@example.org>", "A@example.org"])
    assert [a.addr_spec for a in found] == ["a@example.org", "b@example.org"]


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_line_breaks_in_free_text_fold_to_a_space(brk: str) -> None:
    """plan F51: Subject, the account's display name and file names: no extra header."""
    evil = f"hello{brk}Bcc: evil@attacker.example"
    draft = Draft(
        to=["bob@example.org"], subject=evil, attachments=[Attachment(evil + ".txt", b"x")]
    )
    data = message_bytes(build_message(draft, Identity(evil, "me@example.cn")))
    message = parse(data)
    assert message["Subject"] == "hello Bcc: evil@attacker.example"
    assert message["From"].addresses[0].display_name == "hello Bcc: evil@attacker.example"
    assert "Bcc" not in message
    assert message.get_all("To") is not None and len(message.get_all("To")) == 1
    header = data.split(b"\n\n", 1)[0]
    assert not any(line.lower().startswith(b"bcc") for line in header.split(b"\n"))
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "hello Bcc: evil@attacker.example.txt"


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_line_breaks_in_addresses_are_refused(brk: str) -> None:
    """plan F51: a line break in To, Cc, Bcc or From (address or typed name): refused."""
    for field in ("to", "cc", "bcc", "from_addr"):
        for typed in (
            f"bob@example.org{brk}Bcc: evil@attacker.example",
            f'"Bob{brk}Bcc: evil@attacker.example" <bob@example.org>',
        ):
            draft = Draft(to=["ok@example.org"])
            setattr(draft, field, typed if field == "from_addr" else [typed])
            with pytest.raises(AddressError, match="line break") as caught:
                build_message(draft, ME)
            assert "bob@example.org" in str(caught.value)


def test_junk_in_reply_ids_is_dropped() -> None:
    draft = Draft(
        to=["b@example.org"],
        in_reply_to="<ok@example.org>\r\nBcc: evil@attacker.example",
        references=["<a@x> junk\nX-Evil: 1", "<b@y>"],
    )
    message = parse(message_bytes(build_message(draft, ME)))
    assert message["In-Reply-To"] == "<ok@example.org>"
    assert message["References"] == "<a@x> <b@y>"
    assert "X-Evil" not in message and "Bcc" not in message


def test_missing_attachment_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HongyanError, match="no such file"):
        Attachment.from_path(tmp_path / "gone.pdf")
    vanished = tmp_path / "later.pdf"
    vanished.write_bytes(b"x")
    attachment = Attachment.from_path(vanished)
    vanished.unlink()
    with pytest.raises(HongyanError, match="Cannot attach"):
        build_message(Draft(to=["b@example.org"], attachments=[attachment]), ME)


def test_mime_type_is_guessed_from_the_name() -> None:
    assert Attachment("a.PDF", b"").mime_type() == ("application", "pdf")
    assert Attachment("photo.jpg", b"").mime_type() == ("image", "jpeg")
    assert Attachment("no-extension", b"").mime_type() == ("application", "octet-stream")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_subject_survives_as_one_line(subject: str) -> None:
    """plan F51, fuzzed: whatever is typed, the Subject parses back as its one-line form."""
    message = parse(message_bytes(build_message(Draft(to=["b@example.org"], subject=subject), ME)))
    assert message["Subject"] == one_line(subject)
    assert "Bcc" not in message
