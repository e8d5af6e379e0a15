"""Using a template: New Message from Template, Reply with Template.

Both return a :class:`TemplateUse`: the draft to open in the compose window (or to send from
the CLI) and what its placeholders lacked. The recipient placeholders are filled for the
first To address; the sender's for the identity writing it. The signature goes where the
template says ``{{my_signature}}``, or, when it does not, below the text as in any message
(never twice).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hongyan.core.message.compose import Draft, Identity
from hongyan.core.message.reply import reply
from hongyan.core.templates.folder import Template
from hongyan.core.templates.placeholders import ContactLookup, fill, names_in, values_for

SIGNATURE_TOKEN = "my_signature"


@dataclass
class TemplateUse:
    """A draft made from a template, and what its placeholders could not say."""

    draft: Draft
    unknown: list[str] = field(default_factory=list)
    """Tokens naming no placeholder, left in the text: warn before sending."""
    missing: list[str] = field(default_factory=list)
    """Placeholders with no value (no company known), left empty."""


def new_message(
    template: Template,
    identity: Identity,
    *,
    signature: str = "",
    to: Iterable[str] = (),
    contacts: ContactLookup | None = None,
    language: str = "en",
    today: date | None = None,
) -> TemplateUse:
    """A new message from ``template``; ``to`` (when given) replaces its recipients."""
    draft = copy.deepcopy(template.draft)
    recipients = [t for t in to if t.strip()]
    if recipients:
        draft.to = recipients
    return _filled(draft, identity, signature, contacts, language, today)


def reply_with(
    template: Template,
    data: bytes,
    identity: Identity,
    *,
    signature: str = "",
    to_all: bool = False,
    own_addresses: Iterable[str] = (),
    contacts: ContactLookup | None = None,
    language: str = "en",
    today: date | None = None,
    quote: bool = True,
    subject_from_template: bool = False,
) -> TemplateUse:
    """A reply to the message ``data`` whose text is the template, with the original quoted
    below as in any reply (``quote=False``: the template alone, as an automatic reply is
    written). The subject stays "Re: original" (``subject_from_template``: the template's,
    when it has one); the template's attachments come along."""
    draft = reply(data, identity, to_all=to_all, own_addresses=own_addresses, language=language)
    original_subject = draft.subject.removeprefix("Re: ")
    if subject_from_template and template.draft.subject.strip():
        draft.subject = template.draft.subject
    quoted = draft.body if quote else ""
    draft.body = template.draft.body.rstrip("\n") + "\n" + quoted
    draft.attachments = copy.deepcopy(template.draft.attachments)
    return _filled(draft, identity, signature, contacts, language, today, original_subject)


def _filled(
    draft: Draft,
    identity: Identity,
    signature: str,
    contacts: ContactLookup | None,
    language: str,
    today: date | None,
    original_subject: str = "",
) -> TemplateUse:
    """``draft`` with its placeholders filled for its first To address."""
    values = values_for(
        recipient=draft.to[0] if draft.to else "", identity=identity, signature=signature,
        contacts=contacts, language=language, today=today, original_subject=original_subject,
    )  # fmt: skip
    has_token = SIGNATURE_TOKEN in names_in(draft.body) | names_in(draft.html or "")
    parts = [fill(draft.subject, values), fill(draft.body, values)]
    draft.subject, draft.body = parts[0].text, parts[1].text
    if draft.html is not None:
        parts.append(fill(draft.html, values, as_html=True))
        draft.html = parts[2].text
    draft.signature = "" if has_token else signature
    return TemplateUse(
        draft,
        unknown=_merged(p.unknown for p in parts),
        missing=_merged(p.missing for p in parts),
    )


def _merged(lists: Iterable[list[str]]) -> list[str]:
    merged: list[str] = []
    for items in lists:
        merged += [i for i in items if i not in merged]
    return merged
