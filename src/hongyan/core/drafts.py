"""Drafts: save, reopen and auto-save what the user is writing, in the store's Drafts folder.

A draft is stored as a complete message (flag ``D``), so other mail programs see it too. A
save writes the new version before removing the old one, so a crash in between leaves two
versions, never none. :class:`AutoSaver` is what the GUI calls on a timer: it writes only when
the draft changed since the last save.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import (
    Attachment,
    Draft,
    Identity,
    build_message,
    clean_message_ids,
    message_bytes,
)
from hongyan.core.store import Store

DRAFTS = "Drafts"


def _addresses(message: EmailMessage, name: str) -> list[str]:
    return [str(a) for header in message.get_all(name, []) for a in header.addresses]


def draft_from_message(data: bytes) -> Draft:
    """The draft a stored message was saved from (what :meth:`Drafts.open` returns)."""
    # Our own message, built by compose: parsed with the standard policy (header objects,
    # get_content), not the bounded reader used for received mail.
    message = message_from_bytes(data, policy=default_policy)
    assert isinstance(message, EmailMessage)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and isinstance(inner[0], EmailMessage):
                payload = inner[0].as_bytes()
        if isinstance(payload, bytes):
            attachments.append(
                Attachment(part.get_filename() or "attachment", payload, part.get_content_type())
            )
    return Draft(
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        bcc=_addresses(message, "Bcc"),
        subject=str(message.get("Subject", "")),
        body=str(text.get_content()) if text is not None else "",
        html=str(html.get_content()) if html is not None else None,
        attachments=attachments,
        from_addr=str(message.get("From", "")),
        reply_to=", ".join(_addresses(message, "Reply-To")),
        in_reply_to=str(message.get("In-Reply-To", "")),
        references=clean_message_ids([str(message.get("References", ""))]),
        message_id=str(message.get("Message-ID", "")),
    )


class Drafts:
    """The Drafts folder of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(
        self, draft: Draft, identity: Identity, *, account: str, replaces: int | None = None
    ) -> int:
        """Store ``draft`` (replacing the version ``replaces``); return the new id."""
        # Checked before the write: a version the user deleted meanwhile is not ours to remove,
        # and once deleted for good its row id may go to the message written next.
        superseded = replaces if replaces is not None and self.is_draft(replaces) else None
        message = build_message(draft, identity, for_sending=False)
        new_id = self.store.add(DRAFTS, message_bytes(message), flags="DS", account=account)
        if superseded is not None:
            self.discard(superseded)
        return new_id

    def is_draft(self, draft_id: int) -> bool:
        """Whether ``draft_id`` is (still) a message in Drafts."""
        try:
            return self.store.get(draft_id).folder == DRAFTS
        except HongyanError:
            return False

    def open(self, draft_id: int) -> Draft:
        return draft_from_message(self.store.read_bytes(draft_id))

    def discard(self, draft_id: int) -> None:
        """Delete a draft for good (a superseded version is no use in Trash)."""
        self.store.delete([draft_id])  # to Trash …
        self.store.delete([draft_id])  # … and out of it


def _fingerprint(draft: Draft) -> str:
    digest = hashlib.sha256()
    fields = (draft.to, draft.cc, draft.bcc, draft.subject, draft.body, draft.html)
    for value in (*fields, draft.from_addr, draft.reply_to, draft.in_reply_to, draft.references):
        digest.update(repr(value).encode("utf-8") + b"\0")
    for attachment in draft.attachments:
        digest.update(attachment.filename.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(attachment.read()).digest())
    return digest.hexdigest()


@dataclass
class AutoSaver:
    """Auto-save for one compose window: call :meth:`save_if_changed` on a timer."""

    drafts: Drafts
    identity: Identity
    account: str
    draft_id: int | None = None
    _saved: str = field(default="", repr=False)

    def save_if_changed(self, draft: Draft) -> bool:
        """Save when the draft differs from the last saved version; return whether it did."""
        fingerprint = _fingerprint(draft)
        if fingerprint == self._saved:
            return False
        self.draft_id = self.drafts.save(
            draft, self.identity, account=self.account, replaces=self.draft_id
        )
        self._saved = fingerprint
        return True

    def sent(self) -> None:
        """The draft was sent: its saved version goes."""
        if self.draft_id is not None:
            self.drafts.discard(self.draft_id)
            self.draft_id = None
