"""Decoding headers, addresses and bodies as they arrive in the wild, broken and hostile."""

from __future__ import annotations

import time

import pytest

from hongyan.core.message.charset import codec_for, decode_bytes
from hongyan.core.message.decode import (
    MAX_HEADER_CHARS,
    address_warnings,
    attachment_filename,
    attachment_parts,
    body_text,
    decode_addresses,
    decode_header,
    has_attachments,
    header_value,
    parse_message,
    part_text,
)


def msg(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


class TestEncodedWords:
    def test_plain_and_encoded_words(self) -> None:
        assert decode_header("=?utf-8?b?5L2g5aW9?= world") == "你好 world"
        assert decode_header("=?iso-8859-1?q?caf=E9_au_lait?=") == "café au lait"

    def test_word_split_mid_character_is_joined(self) -> None:
        # 你 is E4 BD A0 in UTF-8; the sender split it across two encoded words.
        assert decode_header("=?utf-8?q?=E4=BD?= =?utf-8?q?=A0?=") == "你"
        assert decode_header("=?UTF-8?B?5L2g5Q==?=\r\n =?UTF-8?B?pb0=?=") == "你好"

    def test_gb2312_label_is_read_as_gb18030(self) -> None:
        # 镕 (U+9555) is GBK, not GB2312: Chinese clients label such text GB2312 anyway.
        word = "镕".encode("gb18030")
        encoded = "=?gb2312?B?" + __import__("base64").b64encode(word).decode() + "?="
        assert decode_header(encoded) == "镕"
        assert codec_for("GB2312") == "gb18030"
        assert codec_for("big5") == "big5hkscs"

    def test_raw_8bit_headers_are_decoded(self) -> None:
        assert decode_header("你好".encode("gb18030")) == "你好"
        assert decode_header("日本".encode()) == "日本"
        assert decode_header("caf\xe9".encode("latin-1")) == "café"

    def test_bogus_charset_gives_replacement_characters(self) -> None:
        """plan D32: an encoded word with a bogus charset."""
        assert decode_header("=?x-bogus?q?abc=FF?=") == "abc\ufffd"

    def test_lenient_base64_and_stray_equals(self) -> None:
        assert decode_header("=?utf-8?b?5L2g5aW9?=") == decode_header("=?utf-8?b?5L2g5aW9==?=")
        assert decode_header("=?utf-8?q?100=?=") == "100="

    def test_none_and_empty(self) -> None:
        assert decode_header(None) == ""
        assert decode_header("") == ""

    def test_a_folded_line_of_only_white_space_is_no_text(self) -> None:
        """Obsolete folding (RFC 5322 §4.2): the blank line after the last word adds nothing."""
        raw = "=?utf-8?q?survey?=\r\n =?utf-8?q?_waiting?=\r\n =?utf-8?b??=\r\n \r\n"
        assert decode_header(raw) == "survey waiting"
        assert decode_header("Re: TEST\r\n \r\n\t=?utf-8?q?x?=") == "Re: TEST x"
        assert decode_header("kept trailing space ") == "kept trailing space "


class TestControlCharacters:
    def test_nul_in_subject_is_made_visible(self) -> None:
        """plan D32: NUL in Subject never truncates the display."""
        shown = decode_header("Invoice\x00 ignore this")
        assert "\x00" not in shown
        assert shown.endswith("ignore this")

    @pytest.mark.parametrize(
        "control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200f"]
    )
    def test_bidi_controls_are_escaped(self, control: str) -> None:
        """plan D35: direction controls in names are shown as <U+XXXX>."""
        shown = decode_header(f"PayPal{control}")
        assert control not in shown
        assert f"<U+{ord(control):04X}>" in shown

    def test_zero_width_characters_are_removed(self) -> None:
        """plan D35: U+200B and friends make two names look alike; they are dropped."""
        assert decode_header("Pay\u200bPal\ufeff") == "PayPal"


class TestAddresses:
    def test_display_name_showing_another_address_is_dropped(self) -> None:
        """plan D31: the real address wins over a display-name trick."""
        header = '"alice@bank.example" <evil@attacker.example>'
        assert decode_addresses(header) == [("", "evil@attacker.example")]
        assert "evil@attacker.example" in address_warnings(header)[0]

    def test_a_huge_address_list_is_read_and_checked_to_a_bound(self) -> None:
        """plan D30: a million spoofed recipients cost what 500 do; ten warnings say enough."""
        header = '"a@bank.example" <e@attacker.example>, ' * 1_000_000
        start = time.monotonic()
        assert len(decode_addresses(header)) == 500
        assert len(address_warnings(header)) == 10
        assert time.monotonic() - start < 2

    def test_several_at_signs_deliver_to_the_last_domain(self) -> None:
        """plan D31: alice@bank.example@attacker.example goes to attacker.example."""
        [(_, addr)] = decode_addresses("alice@bank.example@attacker.example")
        assert addr.endswith("@attacker.example")
        assert addr.startswith('"')
        assert address_warnings("alice@bank.example@attacker.example")

    def test_unbalanced_quotes_do_not_hide_the_address(self) -> None:
        """plan D31: CVE-2019-16056 / CVE-2023-27043 style inputs."""
        for header in ['"unbalanced <a@b.example>', "alice@example.org)<bob@example.org>"]:
            result = decode_addresses(header)
            assert result, header
            assert all("@" in addr for _, addr in result)

    def test_lists_groups_comments_and_encoded_names(self) -> None:
        header = (
            '=?utf-8?q?=E5=BC=A0=E4=B8=89?= <zs@example.cn>, "Doe, J" <j@d.example>,'
            " b@x.example (Bob)"
        )
        assert decode_addresses(header) == [
            ("张三", "zs@example.cn"),
            ("Doe, J", "j@d.example"),
            ("Bob", "b@x.example"),
        ]
        assert decode_addresses("Undisclosed recipients:;") == []
        assert decode_addresses("team: a@x.example, b@y.example;") == [
            ("", "a@x.example"),
            ("", "b@y.example"),
        ]

    def test_bidi_in_display_name(self) -> None:
        """plan D35: From display name PayPal<U+202E>."""
        [(name, _)] = decode_addresses("PayPal\u202e <x@evil.example>")
        assert name == "PayPal<U+202E>"


class TestBodies:
    def test_declared_charset_checked_utf8_under_latin1_label(self) -> None:
        data = msg("Content-Type: text/plain; charset=iso-8859-1\n\nnaïve café 你好\n")
        decoded = part_text(parse_message(data))
        assert decoded.text.strip() == "naïve café 你好"
        assert decoded.charset_used == "utf-8"
        assert decoded.notices

    def test_big5_labelled_gb2312_is_detected(self) -> None:
        text = "這是一封來自台灣的電子郵件，內容使用繁體中文書寫。我們週末見面吧。" * 3
        data = b"Content-Type: text/plain; charset=gb2312\n\n" + text.encode("big5")
        decoded = part_text(parse_message(data))
        assert decoded.text.strip() == text
        assert decoded.charset_used == "big5hkscs"

    @pytest.mark.parametrize(
        ("label", "codec", "text"),
        [
            ("gb2312", "gb18030", "简体中文邮件"),
            ("big5", "big5", "繁體中文郵件"),
            ("shift_jis", "shift_jis", "日本語のメール"),
            ("euc-kr", "euc-kr", "한국어 메일"),
            ("koi8-r", "koi8-r", "Русское письмо"),
            ("windows-1251", "cp1251", "Русское письмо"),
            ("windows-1250", "cp1250", "Příliš žluťoučký kůň"),
            ("utf-7", "utf-7", "Hello 世界"),
        ],
    )
    def test_legacy_charsets(self, label: str, codec: str, text: str) -> None:
        data = f"Content-Type: text/plain; charset={label}\n\n".encode() + text.encode(codec)
        assert part_text(parse_message(data)).text == text

    def test_no_charset_is_detected(self) -> None:
        text = (
            "这是一封没有声明字符集的邮件。我们下周一在北京开会，请准时参加。谢谢大家的支持！" * 4
        )
        data = b"Content-Type: text/plain\n\n" + text.encode("gb18030")
        assert part_text(parse_message(data)).text == text

    def test_unknown_charset_and_invalid_utf8(self) -> None:
        """plan D32: x-unknown charset and invalid UTF-8 give replacement characters."""
        data = b"Content-Type: text/plain; charset=utf-8\n\nGr\xc3\xbc\xc3\x9fe \xff\xfe end"
        decoded = part_text(parse_message(data))
        assert decoded.text.startswith("Grüße \ufffd")
        assert decoded.notices
        data = b"Content-Type: text/plain; charset=x-unknown\n\nabc \xff end"
        decoded = part_text(parse_message(data))
        assert decoded.text.startswith("abc ") and decoded.text.rstrip().endswith("end")
        assert decoded.notices

    def test_nul_in_body(self) -> None:
        """plan D32: NUL bytes in a body are shown, never truncate the text."""
        decoded = part_text(parse_message(b"Content-Type: text/plain\n\nbefore\x00after"))
        assert decoded.text == "before\ufffdafter"

    def test_override_wins(self) -> None:
        data = b"Content-Type: text/plain; charset=utf-8\n\n" + "中文".encode("gb18030")
        assert part_text(parse_message(data), override="gbk").text == "中文"

    def test_broken_base64_and_qp(self) -> None:
        data = (
            b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            b"5L2g5aW9!!\n"
        )
        assert part_text(parse_message(data)).text.startswith("你好")
        data = (
            b"Content-Type: text/plain; charset=utf-8\n"
            b"Content-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9 =ZZ soft=\nbreak"
        )
        assert part_text(parse_message(data)).text == "café =ZZ softbreak"

    def test_body_text_prefers_plain_and_reduces_html(self) -> None:
        alternative = (
            b"Content-Type: multipart/alternative; boundary=b\n\n--b\n"
            b"Content-Type: text/plain\n\nplain words\n--b\nContent-Type: text/html\n\n"
            b"<p>html</p>\n--b--\n"
        )
        assert body_text(parse_message(alternative)).strip() == "plain words"
        html_only = b"Content-Type: text/html\n\n<p>Hi<br>there</p><script>evil()</script>&amp;"
        assert body_text(parse_message(html_only)) == "Hi\nthere\n&"

    def test_a_bounce_reason_under_a_status_label_is_shown(self) -> None:
        """RFC 6522: a report's first part is for people, whatever its label says."""
        data = (
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=r\n\n"
            b"--r\nContent-Type: message/delivery-status\n\n"
            b"Undeliverable for this reason:\n\n<u@example.org> is full\n"
            b"--r\nContent-Type: message/delivery-status\n\n"
            b"Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; u@example.org\n"
            b"Status: 5.2.2\n"
            b"--r\nContent-Type: text/rfc822-headers\n\nSubject: hi\n--r--\n"
        )
        text = body_text(parse_message(data))
        assert "Undeliverable for this reason:" in text and "<u@example.org> is full" in text
        assert "Status: 5.2.2" not in text  # the machine-readable report stays out
        assert not has_attachments(parse_message(data))

    def test_utf7_html_is_not_html(self) -> None:
        """plan D32: UTF-7 HTML (+ADw-script+AD4-) is never decoded as HTML."""
        data = b"Content-Type: text/html; charset=utf-7\n\n+ADw-b+AD4-bold+ADw-/b+AD4-"
        assert body_text(parse_message(data)) == "+ADw-b+AD4-bold+ADw-/b+AD4-"


class TestAttachments:
    def test_rfc2231_and_encoded_word_names(self) -> None:
        data = (
            b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n"
            b"--b\nContent-Type: application/pdf\n"
            b"Content-Disposition: attachment; filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf\n\nx\n"
            b"--b\nContent-Type: application/octet-stream; name==?gb2312?B?sai45g==?=.doc\n\ny\n"
            b"--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n--b--\n"
        )
        message = parse_message(data)
        names = [attachment_filename(p) for p in attachment_parts(message)]
        assert names == ["报告.pdf", "报告.doc", None]
        assert has_attachments(message)
        assert body_text(message).strip() == "hi\ninner body"  # the attached message follows

    def test_plain_message_has_none(self) -> None:
        assert not has_attachments(parse_message(b"Subject: x\n\nbody"))

    def test_an_attached_message_sent_in_base64_is_decoded(self) -> None:
        """RFC 2046 forbids it, Yandex does it: the attached message is a message, not noise."""
        import base64

        inner = b"From: a@example.org\nSubject: =?utf-8?b?5L2g5aW9?=\n\ninner text =\n"
        data = (
            b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n"
            b"--b\nContent-Type: message/rfc822\nContent-Disposition: attachment\n"
            b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(inner) + b"--b--\n"
        )
        message = parse_message(data)
        (part,) = attachment_parts(message)
        attached = part.get_payload()[0]
        assert decode_header(header_value(attached, "subject")) == "你好"
        assert body_text(message).strip() == "hi\ninner text ="

    def test_encoded_attached_messages_are_decoded_a_bounded_number_of_levels(self) -> None:
        """plan D30: base64 inside base64 inside ... is decoded three levels deep, no more."""
        import base64

        data = b"Subject: core\n\ncore text\n"
        for level in range(6):
            data = (
                b"Subject: level %d\nContent-Type: message/rfc822\n"
                b"Content-Transfer-Encoding: base64\n\n" % level
            ) + base64.encodebytes(data)
        message = parse_message(data)
        depth = 0
        while isinstance(message.get_payload(), list) and len(message) and depth < 10:
            message = message.get_payload()[0]
            depth += 1
        assert depth == 4  # three levels decoded; the fourth holds base64 still


class TestBombs:
    """plan D30: MIME bombs cost bounded time and never raise."""

    def check(self, data: bytes) -> None:
        start = time.monotonic()
        message = parse_message(data)
        body_text(message)
        has_attachments(message)
        decode_header(header_value(message, "subject"))
        assert time.monotonic() - start < 5

    def test_deep_nesting(self) -> None:
        data = b"".join(
            b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(5000)
        )
        self.check(data + b"Content-Type: text/plain\n\nhi\n")
        assert parse_message(data).defects

    def test_many_siblings(self) -> None:
        part = b"--x\nContent-Type: text/plain\n\nhi\n"
        self.check(b"Content-Type: multipart/mixed; boundary=x\n\n" + part * 100_000 + b"--x--\n")

    def test_many_headers_and_a_huge_one(self) -> None:
        self.check(b"X-A: b\n" * 100_000 + b"Subject: " + b"a(" * 500_000 + b"\n\nbody")
        huge = parse_message(b"Subject: " + b"=?utf-8?q?a?= " * 200_000 + b"\n\nbody")
        assert len(decode_header(header_value(huge, "subject"))) <= MAX_HEADER_CHARS

    def test_garbage_never_raises(self) -> None:
        for data in [b"", b"\x00" * 100, b"\xff\xfe" * 50, b"Content-Type: multipart/mixed\n\n"]:
            message = parse_message(data)
            body_text(message)
            attachment_parts(message)
        assert decode_bytes(b"\x80\x81", "base64").text
