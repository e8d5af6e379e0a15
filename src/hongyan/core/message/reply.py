"""Replies and forwards: a new :class:`~hongyan.core.message.compose.Draft` from a received message.

The original is hostile input: its decoded Subject may hold a line break (plan F52), its
addresses may be malformed, its Message-ID may carry junk. Every value taken from it goes
through :func:`~hongyan.core.message.compose.one_line`,
:func:`~hongyan.core.message.compose.clean_message_ids` or is dropped, so nothing from the
original can add a header or a recipient to the reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from hongyan.core.message import decode
from hongyan.core.message.compose import Attachment, Draft, Identity, clean_message_ids, one_line

_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|回复|答复)\s*[:：]\s*)+", re.IGNORECASE)
_FORWARD_PREFIX = re.compile(r"^\s*((fwd?|转发)\s*[:：]\s*)+", re.IGNORECASE)

_WORDS = {
    "en": {
        "wrote": "On {date}, {name} wrote:",
        "forwarded": "---------- Forwarded message ----------",
        "from": "From",
        "date": "Date",
        "subject": "Subject",
        "to": "To",
        "cc": "Cc",
        "date_format": "%a, %d %b %Y at %H:%M",
    },
    "zh": {
        "wrote": "在 {date}，{name} 写道：",
        "forwarded": "---------- 转发的邮件 ----------",
        "from": "发件人",
        "date": "日期",
        "subject": "主题",
        "to": "收件人",
        "cc": "抄送",
        "date_format": "%Y年%m月%d日 %H:%M",
    },
}


def _words(language: str) -> dict[str, str]:
    return _WORDS["zh" if language.lower().startswith("zh") else "en"]


def parse_original(data: bytes) -> EmailMessage:
    """Parse a received message for replying or forwarding (bounded, never raises)."""
    return decode.parse_message(data)


def _header(message: EmailMessage, name: str) -> str:
    """A decoded header (RFC 2047, legacy charsets) as one safe line; '' when absent."""
    return one_line(decode.decode_header(decode.header_value(message, name)))


def _addresses(message: EmailMessage, *names: str) -> list[tuple[str, str]]:
    """(display name, address) pairs from the given headers; unparsable entries are skipped."""
    pairs = []
    for name in names:
        for display, addr in decode.decode_addresses(decode.header_value(message, name)):
            if "@" in addr and one_line(addr) == addr:
                pairs.append((one_line(display), addr))
    return pairs


def addressed_to(data: bytes) -> list[str]:
    """The addresses a received message was sent to, in the order a reply looks them up.

    To and Cc first (what the sender wrote), then Delivered-To and X-Original-To (what the
    server recorded: an alias or a Bcc arrives without the address in To). The reply is then
    written from the identity the original reached, as Thunderbird and Foxmail do.
    """
    original = parse_original(data)
    found: list[str] = []
    for _name, addr in _addresses(original, "To", "Cc", "Delivered-To", "X-Original-To"):
        if addr.lower() not in (a.lower() for a in found):
            found.append(addr)
    return found


_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')  # RFC 5322 §3.2.3: names with these need quotes


def _format_pairs(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """``Name <addr>`` as the user would type it; quoted only where RFC 5322 needs it."""
    formatted = []
    for name, addr in pairs:
        if name and _SPECIALS.search(name):
            quoted = name.replace("\\", "\\\\").replace('"', '\\"')
            name = f'"{quoted}"'
        formatted.append(f"{name} <{addr}>" if name else addr)
    return formatted


def _date(message: EmailMessage, language: str) -> str:
    raw = _header(message, "Date")
    try:
        moment: datetime = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return raw
    return moment.strftime(_words(language)["date_format"])


def body_text(message: EmailMessage) -> str:
    """The text a reply quotes: the plain part, else the HTML part reduced to text."""
    return decode.body_text(message).replace("\r\n", "\n")


def quote(text: str) -> str:
    """Each line prefixed with ``> `` (``>`` alone on an empty line, as RFC 3676 quoting)."""
    lines = text.rstrip("\n").split("\n")
    return "\n".join(f"> {line}" if line else ">" for line in lines) + "\n"


def _strip_prefix(subject: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub("", subject, count=1)


def _own_addresses(identity: Identity, extra: Iterable[str]) -> set[str]:
    return {a.lower() for a in (identity.address, *extra) if a}


def reply(
    data: bytes,
    identity: Identity,
    *,
    to_all: bool = False,
    own_addresses: Iterable[str] = (),
    language: str = "en",
) -> Draft:
    """A reply (or reply-all) to the message ``data``, quoting it below an attribution line.

    Reply-all keeps the original To and Cc but never the user's own addresses (the identity's
    and ``own_addresses``, e.g. the account's other identities).
    """
    original = parse_original(data)
    mine = _own_addresses(identity, own_addresses)
    author = _addresses(original, "Reply-To") or _addresses(original, "From")
    to = [p for p in author if p[1].lower() not in mine] or author
    cc: list[tuple[str, str]] = []
    if to_all:
        taken = {a.lower() for _n, a in to}
        for pair in _addresses(original, "To", "Cc"):
            if pair[1].lower() not in mine and pair[1].lower() not in taken:
                taken.add(pair[1].lower())
                cc.append(pair)
    subject = _header(original, "Subject")
    parent = clean_message_ids([_header(original, "Message-ID")])
    references = clean_message_ids([_header(original, "References"), *parent])
    name = (_addresses(original, "From") or [("", "")])[0]
    attribution = _words(language)["wrote"].format(
        date=_date(original, language), name=name[0] or name[1]
    )
    return Draft(
        to=_format_pairs(to),
        cc=_format_pairs(cc),
        subject="Re: " + _strip_prefix(subject, _REPLY_PREFIX),
        body="\n\n" + attribution + "\n" + quote(body_text(original)),
        in_reply_to=parent[0] if parent else "",
        references=references[-20:],  # long threads: keep the newest (RFC 5322 §3.6.4)
    )


def _forward_header_block(original: EmailMessage, language: str) -> str:
    words = _words(language)
    lines = [words["forwarded"]]
    for key, header in (("from", "From"), ("date", "Date"), ("subject", "Subject"), ("to", "To")):
        value = _date(original, language) if header == "Date" else _header(original, header)
        if value:
            lines.append(f"{words[key]}: {value}")
    cc = _header(original, "Cc")
    if cc:
        lines.append(f"{words['cc']}: {cc}")
    return "\n".join(lines) + "\n\n"


def forward_inline(data: bytes, *, language: str = "en") -> Draft:
    """A forward with the original's text in the body and its attachments attached again."""
    original = parse_original(data)
    attachments = []
    for part in decode.attachment_parts(original):
        attachments.append(
            Attachment(
                filename=one_line(decode.attachment_filename(part) or "") or "attachment",
                content=decode.part_bytes(part),
                content_type=part.get_content_type(),
            )
        )
    subject = _strip_prefix(_header(original, "Subject"), _FORWARD_PREFIX)
    return Draft(
        subject="Fwd: " + subject,
        body="\n\n" + _forward_header_block(original, language) + body_text(original),
        attachments=attachments,
    )


def forward_as_attachment(data: bytes) -> Draft:
    """A forward carrying the original, byte for byte, as a message/rfc822 attachment."""
    original = parse_original(data)
    subject = _strip_prefix(_header(original, "Subject"), _FORWARD_PREFIX)
    filename = (subject or "message")[:60] + ".eml"
    return Draft(
        subject="Fwd: " + subject,
        attachments=[Attachment(filename=filename, content=data, content_type="message/rfc822")],
    )
