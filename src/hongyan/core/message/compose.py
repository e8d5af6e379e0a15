"""Building outgoing messages: the :class:`Draft` model and :func:`build_message`.

Everything the user types or a file supplies passes through here before it becomes a header,
so this is where header injection is stopped (plan F51, F52): line breaks and other control
characters in free text (subject, display names, file names) are folded to one space, and an
address that contains one is refused with a message naming it. Messages are built with the
stdlib ``email`` package under a 7-bit policy, so every body and attachment is base64 or
quoted-printable and the result travels through any SMTP server unchanged.

The Bcc header stays in the built message on purpose: it is the local copy (Outbox, Sent) that
remembers who was blind-copied. What goes over the wire has it removed by
:func:`hongyan.core.smtp.transmission` (plan F50).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email import policy as email_policy
from email.header import Header
from email.headerregistry import Address, Group
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from typing import Protocol

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

#: How outgoing messages are built and stored: modern header handling, 7-bit bodies, and
#: lines ending in LF as in any Maildir file (the SMTP layer sends them as CRLF). Headers set
#: here already folded, and those of a forwarded original, are written as they are: the
#: stdlib's refolding of such raw values can split a token (a long MIME type) in two.
OUTGOING_POLICY = email_policy.default.clone(cte_type="7bit", refold_source="none")

# Every character str.splitlines() breaks on (plan F51 lists \r \n \x0b \x0c \x1c \x85 \u2028),
# plus the rest of C0 and DEL: none of them belongs in a one-line header value.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff"
_LOCAL_PART = re.compile(rf"[{_ATEXT}]+(\.[{_ATEXT}]+)*")
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9\u0080-\U0010ffff]([A-Za-z0-9\-\u0080-\U0010ffff]*)")
_MSGID = re.compile(r"<[^<>\s]+@[^<>\s]+>")


class AddressError(HongyanError):
    """An address the user typed cannot be used; the message names it."""


class Identity(Protocol):
    """Who a message is from: an account (or one of its identities)."""

    @property
    def display_name(self) -> str: ...

    @property
    def address(self) -> str: ...

    @property
    def reply_to(self) -> str | None: ...

    @property
    def organisation(self) -> str | None: ...


@dataclass
class Attachment:
    """A file to attach: its name as the recipient will see it, and its bytes or a path.

    ``content_type`` is guessed from the file name when empty. A path is read when the
    message is built, so a draft holding a 50 MB file stays small until then.
    """

    filename: str
    content: bytes | Path
    content_type: str = ""

    @classmethod
    def from_path(cls, path: Path | str) -> Attachment:
        path = Path(path)
        if not path.is_file():
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Cannot attach {path}: there is no such file."),
                    path=path,
                )
            )
        return cls(filename=path.name, content=path)

    def read(self) -> bytes:
        if isinstance(self.content, bytes):
            return self.content
        try:
            return self.content.read_bytes()
        except OSError as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Cannot attach {content}: {reason}."),
                    content=self.content,
                    reason=exc.strerror or words(QT_TRANSLATE_NOOP("Core", "it cannot be read")),
                )
            ) from exc

    def mime_type(self) -> tuple[str, str]:
        """``(maintype, subtype)``, from ``content_type`` or guessed from the file name."""
        guessed = self.content_type or mimetypes.guess_type(self.filename, strict=False)[0]
        if not guessed or "/" not in guessed:
            return "application", "octet-stream"
        maintype, subtype = guessed.lower().split("/", 1)
        return maintype, subtype


@dataclass
class Draft:
    """What the user is writing. Every field is plain text as typed; nothing is encoded yet.

    Address fields hold what the user typed, one entry per line or field, and each entry may
    hold several comma-separated addresses (``"张三 <zhang@example.cn>, bob@example.org"``).
    ``from_addr`` empty means the account's own name and address. ``message_id`` is kept once
    a message has been built, so that a resend carries the same Message-ID (plan F47).
    """

    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    subject: str = ""
    body: str = ""
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    from_addr: str = ""
    reply_to: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    signature: str = ""
    message_id: str = ""


def one_line(text: str) -> str:
    """``text`` with every line break and control character folded to one space (plan F51)."""
    return _CONTROL.sub(" ", text).strip()


def _idna_domain(domain: str, original: str) -> str:
    labels = domain.rstrip(".").split(".")
    if not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise AddressError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "“{original}” is not a valid email address: check the part after @."
                ),
                original=original,
            )
        )
    try:
        return ".".join(label.encode("idna").decode("ascii") for label in labels)
    except UnicodeError as exc:
        raise AddressError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "“{original}” is not a valid email address: the domain cannot be encoded.",
                ),
                original=original,
            )
        ) from exc


def make_address(display_name: str, addr_spec: str, *, original: str | None = None) -> Address:
    """One validated :class:`Address`; the domain is converted to its ASCII (IDNA) form.

    Raises:
        AddressError: naming the address, when it is not a usable ``local@domain``.
    """
    shown = original if original is not None else addr_spec
    if _CONTROL.search(shown) or _CONTROL.search(addr_spec):
        printable = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), shown)
        raise AddressError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "“{printable}” is not a valid email address: it contains a line break."
                ),
                printable=printable,
            )
        )
    local, at, domain = addr_spec.rpartition("@")
    if not at or not local or not domain:
        raise AddressError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "“{shown}” is not a valid email address: it needs a name@domain form."
                ),
                shown=shown,
            )
        )
    if not _LOCAL_PART.fullmatch(local):
        raise AddressError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "“{shown}” is not a valid email address: check the part before @ (spaces, "
                    "quotes, brackets and commas are not allowed there).",
                ),
                shown=shown,
            )
        )
    return Address(one_line(display_name), local, _idna_domain(domain, shown))


def parse_addresses(entries: str | Iterable[str]) -> list[Address]:
    """Parse what the user typed into validated addresses, in order, without duplicates.

    Raises:
        AddressError: naming the first address that cannot be used.
    """
    if isinstance(entries, str):
        entries = [entries]
    found: list[Address] = []
    seen: set[str] = set()
    for entry in entries:
        if not entry.strip():
            continue
        if _CONTROL.search(entry):
            # Checked before parsing: getaddresses() would quietly split or drop the rest.
            make_address("", entry, original=entry)
        # Outlook habit: ";" between addresses. Empty pairs come from stray separators.
        pairs = [p for p in getaddresses([entry.replace(";", ",")]) if p != ("", "")]
        parsed_ats = sum(name.count("@") + addr.count("@") for name, addr in pairs)
        unbalanced = entry.count("<") != entry.count(">")
        if parsed_ats != entry.count("@") or not pairs or unbalanced:
            raise AddressError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "“{entry}” is not a valid list of email addresses: separate addresses "
                        "with commas, and write names as Name <name@example.com> (with both "
                        "angle brackets).",
                    ),
                    entry=entry.strip(),
                )
            )
        for name, addr in pairs:
            if addr not in entry:  # getaddresses() joined or repaired something
                raise AddressError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "“{entry}” is not a valid email address: check the part after @ and "
                            "the angle brackets.",
                        ),
                        entry=entry.strip(),
                    )
                )
            address = make_address(name, addr, original=f"{name} <{addr}>" if name else addr)
            key = address.addr_spec.lower()
            if key not in seen:
                seen.add(key)
                found.append(address)
    return found


def clean_message_ids(values: Iterable[str]) -> list[str]:
    """The ``<id@host>`` tokens in ``values``, in order; anything else (including injected
    header text from a hostile original, plan F52) is dropped."""
    ids: list[str] = []
    for value in values:
        ids.extend(token for token in _MSGID.findall(value) if token not in ids)
    return ids


def sender_address(draft: Draft, identity: Identity) -> Address:
    """The From address: the draft's own when given, else the identity's."""
    if draft.from_addr.strip():
        found = parse_addresses(draft.from_addr)
        if len(found) != 1:
            raise AddressError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "“{from_addr}”: the From field takes exactly one address."
                    ),
                    from_addr=draft.from_addr,
                )
            )
        return found[0]
    return make_address(identity.display_name, identity.address)


def _body_text(draft: Draft) -> str:
    body = draft.body
    if draft.signature.strip():
        # RFC 3676 §4.3: "-- " alone on a line separates the signature.
        body = body.rstrip("\n") + "\n\n-- \n" + draft.signature.strip("\n")
    return body if body.endswith("\n") else body + "\n"


def _add_attachment(message: EmailMessage, attachment: Attachment) -> None:
    filename = one_line(attachment.filename) or "attachment"
    data = attachment.read()
    maintype, subtype = attachment.mime_type()
    if (maintype, subtype) == ("message", "rfc822"):
        # Stored files end lines in LF; an original fetched with CRLF would mix the two.
        inner = message_from_bytes(re.sub(rb"\r\n?", b"\n", data), policy=OUTGOING_POLICY)
        message.add_attachment(inner, filename=filename)
    else:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    parts = message.get_payload()
    part = parts[-1] if isinstance(parts, list) else None
    if not isinstance(part, EmailMessage):
        return
    if "MIME-Version" in part:
        del part["MIME-Version"]  # only the top level carries it (RFC 2045 §4)
    if not filename.isascii() and part.get_content_maintype() != "message":
        _add_legacy_name(part, filename)


def _add_legacy_name(part: EmailMessage, filename: str) -> None:
    """Also name the file in Content-Type as RFC 2047 words, as Thunderbird does.

    RFC 2231 (``filename*=``) is the standard, but older Outlook and Foxmail read only
    ``name=``; a Chinese file name must arrive intact in those too. Lines stay under 78.
    """
    encoded = Header(filename, "utf-8").encode(maxlinelen=68, linesep="\n")
    content_type = part.get_content_type()
    del part["Content-Type"]
    part.set_raw("Content-Type", f'{content_type};\n name="{encoded}"')


def _set_text_header(message: EmailMessage, name: str, value: str) -> None:
    """Set a free-text header so that it parses back to exactly ``value``.

    The stdlib refolds long mixed-script values lossily (it adds and drops spaces between
    encoded words), so non-ASCII text is encoded here as RFC 2047 words that carry every
    character, spaces included, and stored as is.
    """
    if value.isascii():
        message[name] = value
    else:
        encoded = Header(value, "utf-8", header_name=name).encode(linesep="\n")
        message.set_raw(name, encoded)


def _set_addresses(message: EmailMessage, name: str, addresses: Sequence[Address]) -> None:
    if addresses:
        message[name] = list(addresses)


def build_message(
    draft: Draft, identity: Identity, *, now: datetime | None = None, for_sending: bool = True
) -> EmailMessage:
    """Turn a draft into a complete message, ready for the Outbox (or Drafts).

    The draft's ``message_id`` is filled in when empty, so building twice from one draft (a
    resend) keeps the same Message-ID. ``for_sending=False`` (a saved draft) allows a message
    without recipients and leaves the signature out (it is added when the draft is sent).

    Raises:
        AddressError: an address cannot be used (the message names it), or there is no
            recipient at all.
        HongyanError: an attachment cannot be read.
    """
    sender = sender_address(draft, identity)
    to, cc, bcc = (parse_addresses(f) for f in (draft.to, draft.cc, draft.bcc))
    if for_sending and not (to or cc or bcc):
        raise AddressError(
            words(QT_TRANSLATE_NOOP("Core", "Add at least one recipient in To, Cc or Bcc."))
        )
    everyone = [sender, *to, *cc, *bcc]
    # RFC 6532: a non-ASCII local part can only be written as raw UTF-8 (it needs SMTPUTF8).
    utf8 = not all(a.username.isascii() for a in everyone)
    message = EmailMessage(policy=OUTGOING_POLICY.clone(utf8=True) if utf8 else OUTGOING_POLICY)
    message["From"] = sender
    if to:
        _set_addresses(message, "To", to)
    elif bcc and not cc:
        # Only blind copies: an empty group keeps servers from disclosing them (as Thunderbird).
        message["To"] = Group("undisclosed-recipients")
    _set_addresses(message, "Cc", cc)
    _set_addresses(message, "Bcc", bcc)
    reply_to = parse_addresses(draft.reply_to or identity.reply_to or "")
    _set_addresses(message, "Reply-To", reply_to)
    _set_text_header(message, "Subject", one_line(draft.subject))
    moment = now or datetime.now().astimezone()
    message["Date"] = format_datetime(moment)
    if not clean_message_ids([draft.message_id]):
        draft.message_id = make_msgid(domain=sender.domain)
    message["Message-ID"] = clean_message_ids([draft.message_id])[0]
    parent = clean_message_ids([draft.in_reply_to])
    if parent:
        message["In-Reply-To"] = parent[0]
    references = clean_message_ids(draft.references)
    if references:
        message["References"] = " ".join(references)
    if identity.organisation and one_line(identity.organisation):
        _set_text_header(message, "Organization", one_line(identity.organisation))
    message["User-Agent"] = "Hongyan"
    text = _body_text(draft) if for_sending else draft.body
    message.set_content(text, subtype="plain", charset="utf-8")
    if draft.html is not None:
        message.add_alternative(draft.html, subtype="html", charset="utf-8")
    for attachment in draft.attachments:
        _add_attachment(message, attachment)
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The bytes stored in the Outbox, Sent and Drafts folders (LF line ends)."""
    return message.as_bytes(policy=message.policy)
