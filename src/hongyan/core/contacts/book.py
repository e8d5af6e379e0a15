"""The address book: one vCard file per contact in the store folder's ``contacts/``.

Contacts are the user's own work, not a cache: they live in the store folder (so they move
with ``store move`` and come back with ``store open`` after a reinstall) as files other
programs read (a ``contacts/`` folder of ``.vcf`` files is what vdirsyncer, khard and
Evolution call a vdir), each written atomically (temporary file, fsync, rename). A file's
name is the contact's id (``3f9a0c1e.vcf``); the vCard ``UID`` inside stays what the
program that made the card gave it, so a card imported twice is recognised.

Reading 10 000 cards with vobject takes seconds, so the parsed contacts are kept in
``.hongyan-contacts-cache.json`` beside the folder, keyed by each file's name, size and
modification time: a cache in the strict sense, rebuilt from the files whenever it is
missing, damaged or stale for a file. The book notices files changed by another process
(the CLI while the window is open) by the folder's modification time, before every look-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from hongyan.core.atomic import atomic_write_text, fsync_dir
from hongyan.core.contacts.model import Contact, Phone, PostalAddress, compose_name
from hongyan.core.contacts.vcard import VCardError, read_vcards, to_vcard
from hongyan.core.errors import HongyanError
from hongyan.core.store.maildir import StoreWriteError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

FOLDER = "contacts"
CACHE = ".hongyan-contacts-cache.json"  # beside the folder: writing it changes no folder time
CACHE_VERSION = 1
STORED_VERSION = "4.0"  # the files are RFC 6350 vCards, as Thunderbird stores its own

# Public mail services: an address there says nothing about the company it belongs to.
FREE_MAIL_DOMAINS = frozenset(
    [
        "163.com",
        "126.com",
        "yeah.net",
        "qq.com",
        "foxmail.com",
        "vip.qq.com",
        "sina.com",
        "sina.cn",
        "vip.sina.com",
        "sohu.com",
        "vip.163.com",
        "vip.126.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "aliyun.com",
        "tom.com",
        "21cn.com",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.com.cn",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "proton.me",
        "protonmail.com",
        "zoho.com",
        "hey.com",
    ]
)


class ContactNotFoundError(HongyanError):
    """No contact has that id (or the prefix names several)."""


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int


class ContactBook:
    """The contacts of one store. Open with :meth:`open`; cheap to keep open."""

    def __init__(self, store_root: Path) -> None:
        self.folder = Path(store_root) / FOLDER
        self.cache = Path(store_root) / CACHE
        self._contacts: dict[str, Contact] = {}
        self._by_email: dict[str, list[str]] = {}  # lower-case address → ids
        self._by_uid: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}  # folded name → ids
        self._seen_mtime: int | None = None

    @classmethod
    def open(cls, store_root: Path) -> ContactBook:
        book = cls(store_root)
        book.refresh()
        return book

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the folder again if another process changed it since the last look."""
        try:
            mtime = self.folder.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = -1
        if mtime == self._seen_mtime:
            return
        self._seen_mtime = mtime
        self._contacts = _load(self.folder, self.cache) if mtime != -1 else {}
        self._reindex()

    def _reindex(self) -> None:
        self._by_email, self._by_uid, self._by_name = {}, {}, {}
        for contact in self._contacts.values():
            self._index(contact)

    def _index(self, contact: Contact) -> None:
        for address in contact.emails:
            self._by_email.setdefault(address.lower(), []).append(contact.id)
        if contact.uid:
            self._by_uid[contact.uid] = contact.id
        self._by_name.setdefault(contact.name.casefold(), []).append(contact.id)

    def _unindex(self, contact: Contact) -> None:
        for address in contact.emails:
            ids = self._by_email.get(address.lower(), [])
            if contact.id in ids:
                ids.remove(contact.id)
            if not ids:
                self._by_email.pop(address.lower(), None)
        if self._by_uid.get(contact.uid) == contact.id:
            del self._by_uid[contact.uid]
        named = self._by_name.get(contact.name.casefold(), [])
        if contact.id in named:
            named.remove(contact.id)

    def __iter__(self) -> Iterator[Contact]:
        return iter(self.contacts())

    def __len__(self) -> int:
        self.refresh()
        return len(self._contacts)

    def contacts(self) -> list[Contact]:
        """Every contact, by name."""
        self.refresh()
        return sorted(self._contacts.values(), key=lambda c: (c.name.casefold(), c.id))

    def get(self, contact_id: str) -> Contact:
        """The contact with this id (or the one id starting with it).

        Raises:
            ContactNotFoundError: none, or several, match.
        """
        self.refresh()
        if contact_id in self._contacts:
            return self._contacts[contact_id]
        matches = [c for i, c in self._contacts.items() if contact_id and i.startswith(contact_id)]
        if len(matches) == 1:
            return matches[0]
        raise ContactNotFoundError(
            words(
                QT_TRANSLATE_NOOP("Core", "There is no contact {id}. See: hongyan contact list")
                if not matches
                else QT_TRANSLATE_NOOP("Core", "Several contacts have an id starting with {id}."),
                id=contact_id,
            )
        )

    def find(self, address: str) -> list[Contact]:
        """The contacts holding ``address`` (any case)."""
        self.refresh()
        return [self._contacts[i] for i in self._by_email.get(address.strip().lower(), [])]

    def is_contact(self, address: str) -> bool:
        """True when ``address`` belongs to a contact (for rules: "sender is in the address
        book")."""
        self.refresh()
        return address.strip().lower() in self._by_email

    def in_group(self, address: str, group: str) -> bool:
        """True when a contact holding ``address`` is in ``group`` (for rules)."""
        return any(c.in_group(group) for c in self.find(address))

    def groups(self) -> dict[str, int]:
        """Every group with how many contacts are in it, by name."""
        counts: dict[str, int] = {}
        names: dict[str, str] = {}
        for contact in self.contacts():
            for group in contact.groups:
                key = group.casefold()
                names.setdefault(key, group)
                counts[key] = counts.get(key, 0) + 1
        return {names[k]: counts[k] for k in sorted(counts, key=lambda k: names[k])}

    def in_company(self, company: str) -> list[Contact]:
        folded = company.strip().casefold()
        return [c for c in self.contacts() if c.company and c.company.casefold() == folded]

    def companies(self) -> dict[str, list[Contact]]:
        """Each company with its people (a company groups its contacts)."""
        result: dict[str, list[Contact]] = {}
        for contact in self.contacts():
            if contact.company:
                result.setdefault(contact.company, []).append(contact)
        return result

    def company_domains(self, company: str) -> set[str]:
        """The mail domains that stand for ``company``: those of its people's addresses,
        except public mail services (163.com, qq.com, gmail.com …)."""
        return {
            address.rpartition("@")[2].lower()
            for contact in self.in_company(company)
            for address in contact.emails
            if address.rpartition("@")[2].lower() not in FREE_MAIL_DOMAINS
        }

    def matching(self, text: str) -> list[Contact]:
        """Contacts whose name, id or an address contains ``text`` (any case)."""
        folded = text.strip().casefold()
        return [
            c
            for c in self.contacts()
            if folded
            and (
                folded in c.name.casefold()
                or folded in compose_name(c.family_name, c.given_name).casefold()
                or c.id == folded
                or any(folded in e.lower() for e in c.emails)
            )
        ]

    # -- changing --------------------------------------------------------------------------
    def add(self, contact: Contact) -> Contact:
        """Save a new contact; it gets an id, a UID and today's creation date."""
        self.refresh()
        saved = self._new(contact)
        self._write(saved)
        return saved

    def _new(self, contact: Contact) -> Contact:
        saved = contact.copy()
        saved.id = self._new_id()
        saved.uid = saved.uid or f"urn:uuid:{_uuid()}"
        saved.created = saved.created or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        return saved

    def update(self, contact: Contact) -> Contact:
        """Save the changed fields of an existing contact (same id)."""
        self.get(contact.id)  # raises when it is gone
        saved = contact.copy()
        self._write(saved)
        return saved

    def remove(self, contact_id: str) -> Contact:
        """Delete a contact's file; return what it held."""
        contact = self.get(contact_id)
        try:
            os.unlink(self.folder / f"{contact.id}.vcf")
            fsync_dir(self.folder)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreWriteError.from_os_error(exc, self.folder) from exc
        self._unindex(self._contacts.pop(contact.id, contact))
        self._note_own_change()
        return contact

    def merge(self, keep_id: str, other_ids: Iterable[str]) -> Contact:
        """Merge duplicates into ``keep_id`` (its fields win, lists are joined) and delete
        the others. The merged contact is written before any other is removed."""
        kept = self.get(keep_id).copy()
        others = [self.get(i) for i in other_ids]
        for other in others:
            if other.id != kept.id:
                kept = merged(kept, other)
        self.update(kept)
        for other in others:
            if other.id != kept.id:
                self.remove(other.id)
        return kept

    def import_contacts(self, incoming: Iterable[Contact]) -> ImportReport:
        """Add contacts from a file, merging each into the contact it duplicates (same UID,
        a shared address, or the same name and phone), so importing a file twice adds
        nobody twice."""
        added = updated = unchanged = 0
        self.refresh()
        changed: dict[str, Contact] = {}
        for contact in incoming:
            existing = self._duplicate_of(contact)
            if existing is None:
                result = self._new(contact)
                added += 1
            else:
                result = merged(existing.copy(), contact)
                if result == existing:
                    unchanged += 1
                    continue
                updated += 1
            changed[result.id] = result
            self._remember(result)  # a later card of the same file finds it
        try:
            self._write_all(list(changed.values()))
        except BaseException:
            self._seen_mtime = None  # what is on disk is the truth: read it again
            raise
        return ImportReport(added, updated, unchanged)

    def duplicates(self) -> list[list[Contact]]:
        """Groups of contacts that look like one person (a shared address, or the same
        name with the same phone or no address at all): candidates to merge."""
        self.refresh()
        leader = {i: i for i in self._contacts}

        def root(i: str) -> str:
            while leader[i] != i:
                leader[i] = leader[leader[i]]
                i = leader[i]
            return i

        def join(ids: list[str]) -> None:
            for other in ids[1:]:
                leader[root(other)] = root(ids[0])

        for ids in self._by_email.values():
            join(ids)
        for ids in self._by_name.values():
            for n, one in enumerate(ids):
                join(
                    [
                        one,
                        *(o for o in ids[n + 1 :] if _same(self._contacts[one], self._contacts[o])),
                    ]
                )
        groups: dict[str, list[Contact]] = {}
        for contact in self.contacts():
            groups.setdefault(root(contact.id), []).append(contact)
        return [group for group in groups.values() if len(group) > 1]

    def _duplicate_of(self, contact: Contact) -> Contact | None:
        self.refresh()
        if contact.uid in self._by_uid:
            return self._contacts[self._by_uid[contact.uid]]
        for address in contact.emails:
            found = self.find(address)
            if found:
                return found[0]
        named = (self._contacts[i] for i in self._by_name.get(contact.name.casefold(), []))
        return next((c for c in named if _same(c, contact)), None)

    def _new_id(self) -> str:
        while True:
            candidate = secrets.token_hex(4)
            if candidate not in self._contacts and not (self.folder / f"{candidate}.vcf").exists():
                return candidate

    def _write(self, contact: Contact) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write_text(self.folder / f"{contact.id}.vcf", to_vcard(contact, STORED_VERSION))
        except OSError as exc:
            raise StoreWriteError.from_os_error(exc, self.folder) from exc
        self._remember(contact)
        self._note_own_change()

    def _remember(self, contact: Contact) -> None:
        old = self._contacts.get(contact.id)
        if old is not None:
            self._unindex(old)
        self._contacts[contact.id] = contact
        self._index(contact)

    def _write_all(self, contacts: list[Contact]) -> None:
        """Write many files as :func:`atomic_write_text` writes one, with the fsyncs of the
        temporary files in threads (the filesystem groups them: an import of thousands of
        cards is not thousands of disk flushes in a row) and one of the folder."""
        if not contacts:
            return
        staged: list[tuple[str, Contact]] = []
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for contact in contacts:
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{contact.id}.vcf.", suffix=".tmp", dir=self.folder
                )
                staged.append((tmp, contact))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(to_vcard(contact, STORED_VERSION).encode("utf-8"))
            with ThreadPoolExecutor(max_workers=16) as pool:
                list(pool.map(_fsync_path, [tmp for tmp, _ in staged]))
            for tmp, contact in staged:
                os.replace(tmp, self.folder / f"{contact.id}.vcf")
            fsync_dir(self.folder)
        except OSError as exc:
            for tmp, _ in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise StoreWriteError.from_os_error(exc, self.folder) from exc
        self._note_own_change()

    def _note_own_change(self) -> None:
        """Our own write is known already: the folder need not be read again for it (the
        cache learns of it at the next load, by any process)."""
        with contextlib.suppress(OSError):
            self._seen_mtime = self.folder.stat().st_mtime_ns


def _same(one: Contact, other: Contact) -> bool:
    """Two cards for one person (see :meth:`ContactBook.duplicates`)."""
    if {e.lower() for e in one.emails} & {e.lower() for e in other.emails}:
        return True
    if one.name.casefold() != other.name.casefold() or not one.name:
        return False
    numbers = {_digits(p.number) for p in one.phones} & {_digits(p.number) for p in other.phones}
    if numbers - {""}:
        return True
    return not one.emails and not other.emails and not one.phones and not other.phones


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


def merged(kept: Contact, other: Contact) -> Contact:
    """``kept`` with what only ``other`` has: empty fields filled, lists joined."""
    result = kept.copy()
    for name in ("display_name", "family_name", "given_name", "company", "department", "title"):
        if not getattr(result, name):
            setattr(result, name, getattr(other, name))
    for name in ("website", "uid"):
        if not getattr(result, name):
            setattr(result, name, getattr(other, name))
    if result.name_rest == ("", "", ""):
        result.name_rest = other.name_rest
    result.emails += [e for e in other.emails if not result.has_email(e)]
    known = {_digits(p.number) for p in result.phones}
    result.phones += [p for p in other.phones if _digits(p.number) not in known]
    result.addresses += [a for a in other.addresses if a not in result.addresses]
    result.groups += [g for g in other.groups if not result.in_group(g)]
    if other.notes and other.notes not in result.notes:
        result.notes = "\n".join(n for n in (result.notes, other.notes) if n)
    if other.created and (not result.created or other.created < result.created):
        result.created = other.created
    if other.extra and not result.extra:
        result.extra = other.extra
    return result


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())


# -- the files and their cache ---------------------------------------------------------------
def _load(folder: Path, cache: Path) -> dict[str, Contact]:
    cached = _read_cache(cache)
    contacts: dict[str, Contact] = {}
    fresh: dict[str, list[object]] = {}
    changed = False
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.lower().endswith(".vcf"):
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            key = [stat.st_mtime_ns, stat.st_size]
            hit = cached.get(entry.name)
            contact = _from_cache(hit[2]) if hit and hit[:2] == key else None
            if contact is None:
                contact = _read_file(Path(entry.path))
                changed = True
                if contact is None:
                    continue
            contact.id = entry.name[:-4]
            contacts[contact.id] = contact
            fresh[entry.name] = [*key, _to_cache(contact)]
    if changed or set(fresh) != set(cached):
        _write_cache(cache, fresh)
    return contacts


def _read_file(path: Path) -> Contact | None:
    """The contact of one file; a file that is not a vCard is left alone (and unlisted)."""
    try:
        cards = read_vcards(path.read_bytes(), source=str(path))
    except (OSError, VCardError):
        return None
    return cards[0]


def _to_cache(contact: Contact) -> dict[str, object]:
    return asdict(contact)


def _from_cache(data: object) -> Contact | None:
    try:
        values = dict(data)  # type: ignore[call-overload]
        values["phones"] = [Phone(**p) for p in values["phones"]]
        values["addresses"] = [PostalAddress(**a) for a in values["addresses"]]
        values["name_rest"] = tuple(values["name_rest"])
        return Contact(**values)
    except (TypeError, KeyError, ValueError):
        return None


def _read_cache(cache: Path) -> dict[str, list]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_cache(cache: Path, files: dict[str, list[object]]) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        atomic_write_text(
            cache,
            json.dumps({"version": CACHE_VERSION, "files": files}, ensure_ascii=False),
        )
