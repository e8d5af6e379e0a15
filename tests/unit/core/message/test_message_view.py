"""The message view: what a reader sees, built from bytes, with the reader's choices."""

from __future__ import annotations

from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.message.view import MessageView, format_addresses, view_for_reader
from hongyan.core.paths import AppPaths

RELATED = b"""From: =?utf-8?b?5byg5LiJ?= <zs@example.cn>
To: a@example.org, "B" <b@example.org>
Cc: c@example.org
Reply-To: r@example.org
Subject: =?gb2312?B?xOO6ww==?=
Date: Mon, 23 Nov 2026 10:00:00 +0800
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: multipart/alternative; boundary=a

--a
Content-Type: text/plain; charset=utf-8

plain body
--a
Content-Type: multipart/related; boundary=r

--r
Content-Type: text/html; charset=utf-8

<p>html body <img src="cid:logo"> <img src="cid:page"> <img src="cid:../../etc/passwd">
<img src="http://127.0.0.1:9/track.gif"></p>
--r
Content-Type: image/png
Content-ID: <logo>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--r
Content-Type: text/html
Content-ID: <page>

<script>alert(1)</script>
--r--
--a--
--b
Content-Type: application/pdf; name=report.pdf
Content-Disposition: attachment; filename=report.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b--
"""


def test_headers_are_decoded_for_display() -> None:
    view = MessageView.from_bytes(RELATED)
    assert view.subject == "你好"
    assert view.from_ == [("张三", "zs@example.cn")]
    assert format_addresses(view.to) == "a@example.org, B <b@example.org>"
    assert view.cc == [("", "c@example.org")]
    assert view.reply_to == [("", "r@example.org")]
    assert view.date is not None and view.date.utcoffset() is not None
    assert view.sender == "zs@example.cn"


def test_html_preferred_plain_on_request() -> None:
    view = MessageView.from_bytes(RELATED)
    assert view.html is not None and "html body" in view.html
    assert view.text.strip() == "plain body"
    plain = MessageView.from_bytes(RELATED, prefer_html=False)
    assert plain.html is None
    assert plain.remote_blocked == 0


def test_remote_images_blocked_and_counted() -> None:
    """plan D37: the view says how many remote images were blocked."""
    view = MessageView.from_bytes(RELATED)
    assert view.html is not None and "127.0.0.1" not in view.html
    assert view.remote_blocked == 1
    assert "1 remote images blocked." in view.notes
    loaded = MessageView.from_bytes(RELATED, allow_remote=True)
    assert loaded.html is not None and "http://127.0.0.1:9/track.gif" in loaded.html
    assert loaded.remote_blocked == 0


def test_cid_resolves_only_to_images_of_this_message() -> None:
    """plan D38b: cid: to an HTML part, a missing part or a path gives nothing."""
    view = MessageView.from_bytes(RELATED)
    logo = view.inline_image("logo")
    assert logo is not None and logo.content_type == "image/png"
    assert logo.data.startswith(b"\x89PNG")
    assert view.inline_image("page") is None
    assert view.inline_image("../../etc/passwd") is None
    assert view.inline_image("missing") is None


def test_attachment_list() -> None:
    [pdf] = MessageView.from_bytes(RELATED).attachments
    assert (pdf.filename, pdf.content_type, pdf.size) == ("report.pdf", "application/pdf", 9)
    assert pdf.data() == b"%PDF-1.4\n"


def test_spoofed_sender_is_noted() -> None:
    """plan D31: the display-name trick becomes a note and the real address is shown."""
    view = MessageView.from_bytes(
        b'From: "alice@bank.example" <evil@attacker.example>\nSubject: x\n\nhi'
    )
    assert view.from_ == [("", "evil@attacker.example")]
    assert any("attacker.example" in note for note in view.notes)


def test_utf7_html_shown_as_text() -> None:
    """plan D32: UTF-7 HTML is never rendered as HTML."""
    view = MessageView.from_bytes(
        b"Content-Type: text/html; charset=utf-7\n\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-"
    )
    assert view.html is None
    assert view.text == "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"
    assert any("UTF-7" in note for note in view.notes)


def test_efail_parts_are_separate_documents() -> None:
    """plan D38a: the secret in part 2 never joins the URL opened in part 1."""
    data = (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n"
        b'<img src="http://127.0.0.1:9/?\n--b\nContent-Type: text/plain\n\nSECRET-CANARY\n'
        b'--b\nContent-Type: text/html\n\n">\n--b--\n'
    )
    for allow in (False, True):
        view = MessageView.from_bytes(data, allow_remote=allow)
        assert "SECRET-CANARY" not in (view.html or "")
        assert all("SECRET" not in url for url in view.remote_images)


def test_attached_message_opens_as_a_message() -> None:
    data = (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee\n"
        b"--b\nContent-Type: message/rfc822\n\nSubject: =?utf-8?q?inner_=E2=9C=93?=\n"
        b"From: i@example.org\n\ninner body\n--b--\n"
    )
    [attached] = MessageView.from_bytes(data).attachments
    assert attached.is_message and attached.filename == "inner ✓.eml"
    inner = attached.open_message()
    assert inner.subject == "inner ✓"
    assert inner.text.strip() == "inner body"


def test_tnef_is_listed() -> None:
    data = (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n"
        b"--b\nContent-Type: application/ms-tnef\nContent-Transfer-Encoding: base64\n\n"
        b"eJ8+IgAAAA==\n--b--\n"
    )
    [tnef] = MessageView.from_bytes(data).attachments
    assert tnef.is_tnef and tnef.filename == "winmail.dat"


def test_charset_override_per_message_and_per_sender(tmp_path: object) -> None:
    data = b"From: Lao Wang <w@example.cn>\nContent-Type: text/plain; charset=utf-8\n\n" + (
        "中文邮件".encode("gb18030")
    )
    assert "中文邮件" not in MessageView.from_bytes(data).text
    assert MessageView.from_bytes(data, charset_override="gbk").text == "中文邮件"
    paths = AppPaths(*(tmp_path / name for name in ("c", "d", "s", "k", "l")))  # type: ignore[operator]
    prefs = SenderPreferences.load(paths)
    prefs.set_charset("W@Example.cn", "gbk")
    prefs.set_allow_remote("w@example.cn", True)
    again = SenderPreferences.load(paths)
    assert again.charset_for("w@example.cn") == "gbk"
    assert again.allows_remote("W@EXAMPLE.CN")
    assert view_for_reader(data, again).text == "中文邮件"
    again.set_charset("w@example.cn", None)
    assert SenderPreferences.load(paths).charset_for("w@example.cn") is None


def test_broken_preferences_file_is_ignored(tmp_path: object) -> None:
    paths = AppPaths(*(tmp_path / name for name in ("c", "d", "s", "k", "l")))  # type: ignore[operator]
    paths.state_dir.mkdir(parents=True)
    (paths.state_dir / "senders.json").write_text("{not json")
    assert SenderPreferences.load(paths).charset_for("x@y") is None


def test_malformed_header_block_is_read_best_effort() -> None:
    """plan D31: mbox From line, a line without colon, bare CR, two From:, bad Date."""
    raw = (
        b"From alice@x Mon Nov 23 2026\nReceived: by x\nthis line has no colon\n"
        b'From: "alice@bank.example" <evil@attacker.example>\nFrom: second@x.example\n'
        b"Subject: bare\rCR fold\nDate: not a date\nContent-Type: text/plain\n\nbody\n"
    )
    view = MessageView.from_bytes(raw)
    assert view.from_ == [("", "evil@attacker.example")]
    assert view.subject == "bare CR fold"
    assert view.date is None and view.date_text == "not a date"
    assert view.text == "body\n"
    assert "was left out: “this line has no colon”." in view.notes[0]  # the envelope was not
