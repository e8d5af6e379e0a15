"""Import contacts from a ``.vcf`` or ``.csv`` file, export them to a ``.vcf`` file."""

from __future__ import annotations

from pathlib import Path

from hongyan.core.atomic import atomic_write_text
from hongyan.core.contacts.book import ContactBook, ImportReport
from hongyan.core.contacts.csvfile import read_csv
from hongyan.core.contacts.model import Contact
from hongyan.core.contacts.vcard import read_vcards, write_vcards
from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

MAX_FILE_BYTES = 64 * 1024 * 1024  # a whole company's address book with photos fits


def read_contacts_file(path: Path) -> list[Contact]:
    """The contacts of a vCard or CSV file (told apart by content, then by name).

    Raises:
        HongyanError: the file cannot be read, or is neither vCard nor a known CSV.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Could not read {path}: {reason}."),
                path=path,
                reason=exc.strerror or exc,
            )
        ) from exc
    if len(data) > MAX_FILE_BYTES:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "{path} is larger than {size} MB; is it a contacts file?"
                ),
                path=path,
                size=MAX_FILE_BYTES // 2**20,
            )
        )
    if b"BEGIN:VCARD" in data[:4096].upper() or path.suffix.lower() in (".vcf", ".vcard"):
        return read_vcards(data, source=str(path))
    return read_csv(data, source=str(path))


def import_file(book: ContactBook, path: Path) -> ImportReport:
    """Add the contacts of a file to ``book`` (see :meth:`ContactBook.import_contacts`)."""
    return book.import_contacts(read_contacts_file(path))


def export_file(
    book: ContactBook, path: Path, *, group: str | None = None, version: str = "3.0"
) -> int:
    """Write the contacts (of ``group``, when given) to one ``.vcf`` file; return how many.

    vCard 3.0 by default: Outlook, Foxmail, phones and every address book read it; 4.0 on
    request (Thunderbird, CardDAV servers).
    """
    contacts = [c for c in book.contacts() if group is None or c.in_group(group)]
    try:
        atomic_write_text(path, write_vcards(contacts, version), mode=0o644)
    except OSError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Could not write {path}: {reason}."),
                path=path,
                reason=exc.strerror or exc,
            )
        ) from exc
    return len(contacts)
