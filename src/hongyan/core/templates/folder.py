"""The Templates folder: each template is one message in the store's ``Templates`` folder.

Kept as messages (as Thunderbird keeps its Templates folder), templates move with the store,
survive a reindex (the file is the truth), and other mail programs see them as what they
are. A template's name lives in its own header, ``X-Hongyan-Template`` (RFC 2047 for a
Chinese name), because the name a user picks ("thanks") is seldom the subject the recipient
reads ("感谢您的购买"); a message put into the folder by another program is named by its
subject. Names are unique regardless of case.

Saving writes the new version before removing the old one (as Drafts do), so a crash leaves
two versions, never none; removing moves the template to Trash, from where it can be
recovered.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from email.header import Header

from hongyan.core.drafts import draft_from_message
from hongyan.core.errors import HongyanError
from hongyan.core.message import decode
from hongyan.core.message.compose import Draft, Identity, build_message, message_bytes
from hongyan.core.store import Store
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

TEMPLATES = "Templates"
NAME_HEADER = "X-Hongyan-Template"
MAX_NAME = 100


@dataclass(frozen=True)
class TemplateInfo:
    """One template as a list shows it."""

    id: int
    name: str
    subject: str


@dataclass(frozen=True)
class Template:
    """A template ready to use: its name and the draft it holds (subject, text, HTML,
    recipients and attachments it was saved with; Message-ID and threading cleared)."""

    id: int
    name: str
    draft: Draft


@dataclass(frozen=True)
class _NoSender:
    """The From of a template saved without an account (the CLI before any account exists);
    a template's From is never used: the sender is chosen when it is used."""

    display_name: str = ""
    address: str = "templates@hongyan.invalid"
    reply_to: str | None = None
    organisation: str | None = None


NO_SENDER = _NoSender()


def check_name(name: str) -> str:
    """The name as it will be stored (surrounding spaces dropped), or a plain error."""
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "A template needs a name.")))
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in cleaned):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "A template name cannot hold line breaks or control characters."
                )
            )
        )
    if len(cleaned) > MAX_NAME:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "A template name can have at most {limit} characters."),
                limit=MAX_NAME,
            )
        )
    return cleaned


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


class Templates:
    """The templates of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def list(self) -> list[TemplateInfo]:
        """Every template, by name."""
        found = [self._info(row.id, row.subject) for row in self.store.list(TEMPLATES)]
        return sorted(found, key=lambda t: (_key(t.name), t.id))

    def find(self, name: str) -> TemplateInfo | None:
        """The template called ``name`` (any case), or None."""
        wanted = _key(name)
        return next((t for t in self.list() if _key(t.name) == wanted), None)

    def get(self, name: str) -> Template:
        """The template called ``name``, ready to use.

        Raises:
            HongyanError: there is none (the message lists the names there are), or its
                file cannot be read.
        """
        info = self._require(name)
        data = self.store.read_bytes(info.id)
        try:
            draft = draft_from_message(data)
        except (LookupError, ValueError, TypeError, AttributeError) as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "The template “{name}” cannot be read: {error}"),
                    name=info.name,
                    error=str(exc),
                )
            ) from exc
        draft = replace(draft, from_addr="", message_id="", in_reply_to="", references=[])
        return Template(info.id, info.name, draft)

    def _require(self, name: str) -> TemplateInfo:
        info = self.find(name)
        if info is None:
            known = ", ".join(t.name for t in self.list())
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "There is no template named “{name}”."), name=name)
                if not known
                else words(
                    QT_TRANSLATE_NOOP(
                        "Core", "There is no template named “{name}” (templates: {known})."
                    ),
                    name=name,
                    known=known,
                )
            )
        return info

    def save(
        self,
        name: str,
        draft: Draft,
        identity: Identity | None = None,
        *,
        account: str | None = None,
        replace_existing: bool = False,
    ) -> int:
        """Save ``draft`` as the template ``name`` (Save as Template); return its id.

        Raises:
            HongyanError: the name is not usable, or a template of that name exists and
                ``replace_existing`` is not set.
        """
        name = check_name(name)
        existing = self.find(name)
        if existing is not None and not replace_existing:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "A template named “{name}” exists already."),
                    name=existing.name,
                )
            )
        kept = replace(draft, message_id="", in_reply_to="", references=[])
        message = build_message(kept, identity or NO_SENDER, for_sending=False)
        if name.isascii():
            message[NAME_HEADER] = name
        else:
            message.set_raw(
                NAME_HEADER, Header(name, "utf-8", header_name=NAME_HEADER).encode(linesep="\n")
            )
        self.store.create_folder(TEMPLATES)  # made when first used
        new_id = self.store.add(TEMPLATES, message_bytes(message), flags="S", account=account)
        if existing is not None:
            self.store.delete([existing.id])  # to Trash …
            self.store.delete([existing.id])  # … and out of it: an old version is no use
        return new_id

    def remove(self, name: str) -> None:
        """Move the template ``name`` to Trash.

        Raises:
            HongyanError: there is no such template.
        """
        self.store.delete([self._require(name).id])

    def _info(self, store_id: int, subject: str) -> TemplateInfo:
        data = self.store.read_bytes(store_id)
        end = re.search(rb"\r?\n\r?\n", data)
        head = decode.parse_message(data[: end.end()] if end else data)
        name = decode.decode_header(decode.header_value(head, NAME_HEADER)).strip()
        return TemplateInfo(store_id, name or subject, subject)
