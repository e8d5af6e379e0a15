"""Small, readable test messages built by hand (bytes exactly as a server would send them)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime


def message(
    *,
    subject: str = "Hello",
    body: str = "Just a note.",
    sender: str = "Alice <alice@example.com>",
    to: str = "bob@example.com",
    date: datetime | None = None,
    message_id: str | None = None,
    charset: str = "utf-8",
    extra_headers: str = "",
) -> bytes:
    """A single-part text message; headers are RFC 2047-encoded when not ASCII."""
    from email.header import Header

    when = date or datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    subject_header = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    sender_header = sender
    if not sender.isascii():
        name, _, addr = sender.partition(" <")
        sender_header = f"{Header(name, 'utf-8').encode()} <{addr}"
    head = (
        f"From: {sender_header}\n"
        f"To: {to}\n"
        f"Subject: {subject_header}\n"
        f"Date: {format_datetime(when)}\n"
        f"Message-ID: {message_id or '<' + str(abs(hash((subject, body, when)))) + '@test>'}\n"
        "MIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"{extra_headers}"
        "\n"
    )
    return head.encode("ascii") + body.encode(charset)


def with_attachment(*, subject: str = "Report", filename: str = "report.pdf") -> bytes:
    """A multipart/mixed message with one text part and one binary attachment (RFC 2231 name)."""
    from urllib.parse import quote

    name_param = f'filename="{filename}"'
    if not filename.isascii():
        name_param = f"filename*=UTF-8''{quote(filename)}"
    return (
        "From: carol@example.org\n"
        "To: bob@example.com\n"
        f"Subject: {subject}\n"
        "Date: Tue, 3 Mar 2026 09:00:00 +0000\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="XX"\n'
        "\n"
        "--XX\n"
        "Content-Type: text/plain; charset=us-ascii\n"
        "\n"
        "See the attached quarterly figures.\n"
        "--XX\n"
        "Content-Type: application/pdf\n"
        f"Content-Disposition: attachment; {name_param}\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "JVBERi0xLjQKJcOkw7zDtsOfCg==\n"
        "--XX--\n"
    ).encode("ascii")
