"""What a reader sees of a message: headers, the best body, inline images, attachments, notes.

A :class:`MessageView` is built from the raw bytes alone and holds only safe, decoded values:
header text cleaned of controls, HTML already sanitised with remote content blocked unless
asked for, inline images limited to ``image/*`` parts of the same message. The GUI and the
``hongyan show`` command render it; neither parses mail itself.
"""

from __future__ import annotations

import contextlib
import email.utils
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from urllib.parse import urljoin

from hongyan.core.message.attachments import Attachment, cut_text_attachment, list_attachments
from hongyan.core.message.decode import MalformedDefect, parse_message
from hongyan.core.message.headers import (
    address_warnings,
    decode_addresses,
    decode_header,
    header_value,
)
from hongyan.core.message.html import sanitise_html
from hongyan.core.message.large import cut_of
from hongyan.core.message.parts import (
    body_parts,
    is_html_part,
    join_sections,
    message_charset,
    part_bytes,
    part_text,
    section_text,
    walk,
)
from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

__all__ = [
    "InlineImage",
    "MessageView",
    "format_address",
    "format_addresses",
    "view_for_reader",
]

#: An inline ``cid:`` image larger than this is not shown (a decompression bomb starts small,
#: so the widget also caps pixels when it decodes).
MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024


#: Image types shown inline: raster only. SVG can carry script and external references.
INLINE_IMAGE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/gif", "image/bmp",
     "image/webp", "image/x-icon"}
)  # fmt: skip


@dataclass(frozen=True)
class InlineImage:
    """An ``image/*`` part referenced by ``cid:`` from the HTML body."""

    content_type: str
    data: bytes


def human_size(size: int) -> str:
    """``200 MB``, ``4 KB``, ``100 bytes``: a size as a reader reads it."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{round(size / scale)} {unit}"
    return f"{size} bytes"


def format_address(name: str, addr: str) -> str:
    """``Name <addr>``, or the bare address when there is no name."""
    return f"{name} <{addr}>" if name and addr else name or addr


def format_addresses(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(format_address(n, a) for n, a in pairs)


def _image_parts(msg: Message) -> Iterator[Message]:
    """The raster image parts of ``msg`` (not of messages attached to it)."""
    for part in walk(msg, into_messages=False):
        if not part.is_multipart() and part.get_content_type() in INLINE_IMAGE_TYPES:
            yield part


def _base_url(msg: Message, part: Message, *, own: bool = True) -> str:
    """The URL relative references in ``part`` resolve against (RFC 2557 §4): its
    Content-Location or Content-Base, else the message's. With ``own`` false the part's
    Content-Location is left out (it is what is being resolved)."""
    sources = [(part, ("content-location", "content-base") if own else ("content-base",))]
    if part is not msg:
        sources.append((msg, ("content-location", "content-base")))
    for source, names in sources:
        for name in names:
            value = (header_value(source, name) or "").strip()
            if value:
                return value
    return ""


def _content_id(part: Message) -> str | None:
    raw = header_value(part, "content-id")
    if not raw:
        return None
    return raw.strip().strip("<>").strip() or None


def _date(msg: Message) -> tuple[datetime | None, str]:
    raw = header_value(msg, "date")
    text = decode_header(raw)
    if not raw:
        return None, ""
    try:
        return email.utils.parsedate_to_datetime(text), text
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, text


@dataclass
class MessageView:
    """A message ready to show. Build it with :meth:`from_bytes`.

    ``html`` is sanitised HTML or ``None`` (then show ``text``); ``text`` is always the best
    plain text. ``notes`` are plain-language security and decoding notes for the reader.
    """

    subject: str = ""
    from_: list[tuple[str, str]] = field(default_factory=list)
    to: list[tuple[str, str]] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    reply_to: list[tuple[str, str]] = field(default_factory=list)
    date: datetime | None = None
    date_text: str = ""
    text: str = ""
    html: str | None = None
    charset: str = ""
    remote_blocked: int = 0
    remote_images: list[str] = field(default_factory=list)
    spoofed_links: list[tuple[str, str]] = field(default_factory=list)
    inline_images: dict[str, InlineImage] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sender(self) -> str:
        """The sender's address (lower case), the key for per-sender choices."""
        return self.from_[0][1].lower() if self.from_ else ""

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        prefer_html: bool = True,
        allow_remote: bool = False,
        charset_override: str | None = None,
    ) -> MessageView:
        """Decode ``data`` into a view; never raises.

        Args:
            prefer_html: show the HTML alternative when there is one (else the plain text).
            allow_remote: keep remote images (the user chose "load" for this message/sender).
            charset_override: the encoding the user chose for this message's text.
        """
        return cls.from_message(
            parse_message(data),
            prefer_html=prefer_html,
            allow_remote=allow_remote,
            charset_override=charset_override,
            data=data,
        )

    @classmethod
    def from_message(
        cls,
        msg: Message,
        *,
        prefer_html: bool = True,
        allow_remote: bool = False,
        charset_override: str | None = None,
        data: bytes | None = None,
    ) -> MessageView:
        """Like :meth:`from_bytes` for a parsed message (an attached message/rfc822);
        ``data`` is what it was parsed from (it tells which parts were cut: large.py)."""
        view = cls()
        view._read_headers(msg)
        view._read_body(msg, prefer_html, allow_remote, charset_override)
        cut_texts = view._read_cut_texts(msg, data)
        view.attachments = [*cut_texts, *list_attachments(msg, data)]
        for number, attachment in enumerate(view.attachments, start=1):
            attachment.index = number
        view._read_inline_images(msg)
        view._add_notes(msg)
        return view

    def _read_headers(self, msg: Message) -> None:
        hint = message_charset(msg)
        self.subject = decode_header(header_value(msg, "subject"), fallback=hint)
        self.from_ = decode_addresses(header_value(msg, "from"), fallback=hint)
        self.to = decode_addresses(header_value(msg, "to"), fallback=hint)
        self.cc = decode_addresses(header_value(msg, "cc"), fallback=hint)
        self.reply_to = decode_addresses(header_value(msg, "reply-to"), fallback=hint)
        self.date, self.date_text = _date(msg)

    def _read_body(
        self, msg: Message, prefer_html: bool, allow_remote: bool, override: str | None
    ) -> None:
        texts, html_part = body_parts(msg)
        sections = [section_text(part, override=override) for part in texts]
        self.text = join_sections([section.text for section in sections])
        self.charset = sections[0].charset_used if sections else ""
        for section in sections:
            self.notes.extend(n for n in section.notices if n not in self.notes)
        if html_part is None:
            return
        decoded = part_text(html_part, override=override)
        if not is_html_part(html_part, decoded):
            return  # UTF-7 HTML: never rendered; section_text showed it undecoded (plan D32)
        located = self._read_located_images(msg)
        safe = sanitise_html(
            decoded.text,
            allow_remote=allow_remote,
            local_images=located,
            base=_base_url(msg, html_part),
        )
        self.spoofed_links = safe.spoofed_links  # read as text too, the links are a risk
        if not (prefer_html or not self.text.strip()):
            return
        self.html = safe.html
        self.remote_blocked = 0 if allow_remote else safe.remote_blocked
        self.remote_images = safe.remote_images
        self.charset = decoded.charset_used
        self.notes.extend(n for n in decoded.notices if n not in self.notes)

    def _read_cut_texts(self, msg: Message, data: bytes | None) -> list[Attachment]:
        """Body texts too long to show whole (large.py): a note each, and each listed as an
        attachment so the whole text can be saved or opened."""
        texts, html_part = body_parts(msg)
        listed: list[Attachment] = []
        for part in [*texts, *([html_part] if html_part is not None else [])]:
            cut = cut_of(part, data)
            if cut is None or any(a.part is part for a in listed):
                continue
            listed.append(cut_text_attachment(part, cut))
            self.notes.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "This text is too long to show whole ({size}); its first {shown} are "
                        "shown. The whole text is in the attachment list.",
                    ),
                    size=human_size(cut.size),
                    shown=human_size(cut.kept),
                )
            )
        return listed

    def _read_inline_images(self, msg: Message) -> None:
        for part in _image_parts(msg):
            cid = _content_id(part)
            if cid is None or cid in self.inline_images:
                continue
            data = part_bytes(part)
            if len(data) <= MAX_INLINE_IMAGE_BYTES:
                self.inline_images[cid] = InlineImage(part.get_content_type(), data)

    def _read_located_images(self, msg: Message) -> dict[str, str]:
        """The images the message carries under a Content-Location (MHTML, RFC 2557): kept
        like ``cid:`` images under a Content-ID of our own; returns URL -> that id (the URL
        as written and resolved against the part's base)."""
        located: dict[str, str] = {}
        for part in _image_parts(msg):
            location = (header_value(part, "content-location") or "").strip()
            if not location:
                continue
            data = part_bytes(part)
            if len(data) > MAX_INLINE_IMAGE_BYTES:
                continue
            key = f"content-location-{len(self.inline_images)}@hongyan.invalid"
            self.inline_images[key] = InlineImage(part.get_content_type(), data)
            located.setdefault(location, key)
            with contextlib.suppress(ValueError):
                located.setdefault(urljoin(_base_url(msg, part, own=False), location), key)
        return located

    def _add_notes(self, msg: Message) -> None:
        self.notes.extend(d.note for d in msg.defects if isinstance(d, MalformedDefect))
        self.notes.extend(address_warnings(header_value(msg, "from")))
        for shown, target in self.spoofed_links:
            self.notes.append(
                words(
                    QT_TRANSLATE_NOOP("Core", "A link shows “{shown}” but goes to {target}."),
                    shown=shown,
                    target=target,
                )
            )
        if self.remote_blocked:
            self.notes.append(
                words(
                    QT_TRANSLATE_NOOP("Core", "{remote_blocked} remote images blocked."),
                    remote_blocked=self.remote_blocked,
                )
            )
        for attachment in self.attachments:
            if attachment.hidden_characters:
                self.notes.append(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "The attachment name {filename!r} hides characters that change how "
                            "it looks; its real type is .{extension}",
                        ),
                        filename=attachment.filename,
                        extension=attachment.extension,
                    )
                )

    def inline_image(self, cid: str) -> InlineImage | None:
        """The image for ``cid:`` reference ``cid``, only if it is an image part here."""
        return self.inline_images.get(cid.strip().strip("<>"))


def view_for_reader(
    data: bytes,
    preferences: SenderPreferences | None = None,
    *,
    prefer_html: bool = True,
    load_remote: bool = False,
    charset_override: str | None = None,
) -> MessageView:
    """A view with the reader's remembered choices for the sender applied.

    ``load_remote`` is "load once" for this message; a sender marked "always" loads too.
    ``charset_override`` (this message) wins over the encoding remembered for the sender.
    """
    msg = parse_message(data)
    senders = decode_addresses(header_value(msg, "from"))
    sender = senders[0][1].lower() if senders else ""
    if preferences is not None and sender:
        charset_override = charset_override or preferences.charset_for(sender)
        load_remote = load_remote or preferences.allows_remote(sender)
    return MessageView.from_message(
        msg,
        prefer_html=prefer_html,
        allow_remote=load_remote,
        charset_override=charset_override,
        data=data,
    )
