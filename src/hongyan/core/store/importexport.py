"""Import from mbox and .eml files, export to mbox and .eml: the ways mail enters and leaves.

Imported messages go through the same crash-safe delivery as fetched mail, in batches, and are
stored byte for byte (an mbox ``From `` line is a separator, not part of the message; see
mbox.py for where an mbox splits). Only mail is imported: a file that does not begin with
message headers (a photo, a document) is refused by name.

**An import never adds a message twice** (plan G66): each message's file name carries an
import key (``,K=``, the field a fetched message's fetch key uses), a hash of the message's
bytes and of how many identical messages came before it in the same source. Importing the
same mbox again, or again after a kill -9, skips what is already in the store, in whatever
folder the user has put it since; two identical entries of one mbox stay two messages. The
key lives in the mail files, so it survives ``store reindex`` and ``store move`` (the index
only caches it, in its ``fetch_key`` column).

Export files are written to a temporary sibling and renamed into place, so a failed export
never leaves a half-written file under the chosen name, and an existing file is replaced
only when the caller says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hongyan.core.atomic import atomic_write_bytes, fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store.index import ProgressCallback
from hongyan.core.store.maildir import INBOX, is_maildir, scan_folder
from hongyan.core.store.mailstore import Store
from hongyan.core.store.mbox import (
    SNIFF_BYTES,
    looks_like_mail,
    mbox_entry,
    read_mbox,
    starts_as_mbox,
)
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

BATCH = 1000  # messages per delivery commit: one transaction, one directory fsync
IMPORT_WORKERS = 2  # extraction is the import's bottleneck: the copying barely uses a core
MBOX_BYTES_PER_MESSAGE = 20_000  # a low guess, to decide whether worker processes pay


class ExportTargetExistsError(HongyanError):
    """The export's target file exists and the caller did not ask to replace it."""


@dataclass
class ImportReport:
    """What an import did: messages imported, messages skipped because an earlier import
    brought them already, files that were not mail (left out, named here)."""

    imported: int = 0
    skipped: int = 0
    sources: int = 0
    not_mail: list[Path] = field(default_factory=list)


@dataclass
class _Source:
    """One thing to import: its messages (bytes, Maildir flags) and how many to expect."""

    messages: Iterable[tuple[bytes, str]]
    expected: int
    report: ImportReport


def import_path(
    store: Store, path: Path, *, folder: str = "Inbox", progress: ProgressCallback | None = None
) -> ImportReport:
    """Import an mbox file, one ``.eml`` file, a directory of ``.eml`` files, or a Maildir
    (its ``cur/`` and ``new/``, with flags; mutt's or Dovecot's folders) into ``folder``.

    Messages an earlier import brought into the store are skipped (``report.skipped``);
    files in a directory that are not mail are left out (``report.not_mail``).
    ``progress(done, total)`` counts the messages imported.

    Raises:
        HongyanError: the path is missing, unreadable, is not mail, or holds no mail.
    """
    source = _open_source(path)
    if folder not in {f.name for f in store.folders()}:
        store.create_folder(folder)
    report = source.report
    report.imported = _deliver(store, folder, source.messages, report, progress, source.expected)
    if report.imported == 0 and report.skipped == 0:
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "{path} holds no messages to import."), path=path)
        )
    return report


def _open_source(path: Path) -> _Source:
    """What ``path`` holds, as messages to import (read lazily, as the import goes)."""
    if not path.exists():
        raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "{path} does not exist."), path=path))
    report = ImportReport()
    if path.is_dir() and is_maildir(path):
        found = [*scan_folder(path, INBOX)]
        report.sources = len(found)
        maildir = ((path / f.relpath, f.name.flags) for f in found)
        return _Source(_mail_files(maildir, report), len(found), report)
    if path.is_dir():
        sources = sorted(p for p in path.rglob("*.eml") if p.is_file())
        if not sources:
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "{path} holds no .eml files to import."), path=path)
            )
        report.sources = len(sources)
        return _Source(_mail_files(((p, "") for p in sources), report), len(sources), report)
    head = _head(path)
    report.sources = 1
    if path.suffix.lower() != ".eml" and starts_as_mbox(head):
        expected = path.stat().st_size // MBOX_BYTES_PER_MESSAGE  # a guess from its size
        return _Source(read_mbox(path), expected, report)
    if not looks_like_mail(head):
        raise _not_mail(path)
    return _Source([(_read(path), "")], 1, report)


def _mail_files(
    files: Iterable[tuple[Path, str]], report: ImportReport
) -> Iterator[tuple[bytes, str]]:
    """The messages of files that are mail; the others are noted in ``report.not_mail``."""
    for path, flags in files:
        data = _read(path)
        if looks_like_mail(data[:SNIFF_BYTES]):
            yield data, flags
        else:
            report.not_mail.append(path)


def _not_mail(path: Path) -> HongyanError:
    return HongyanError(
        words(
            QT_TRANSLATE_NOOP(
                "Core",
                "{path} is not an email message or an mbox file: it does not begin with "
                "message headers. Hongyan imports .eml and mbox files and Maildir folders.",
            ),
            path=path,
        )
    )


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: OSError) -> HongyanError:
    return HongyanError(
        words(
            QT_TRANSLATE_NOOP("Core", "Could not read {path}: {reason}."),
            path=path,
            reason=exc.strerror or exc,
        )
    )


def _unwritable(target: Path, exc: OSError) -> HongyanError:
    return HongyanError(
        words(
            QT_TRANSLATE_NOOP("Core", "Could not write {target}: {reason}."),
            target=target,
            reason=exc.strerror or exc,
        )
    )


def import_keys(messages: Iterable[tuple[bytes, str]]) -> Iterator[tuple[bytes, str, str]]:
    """Each message with its import key: 16 hex digits of a hash of its bytes and of how many
    identical messages came before it in this source (so a second copy gets its own key)."""
    copies: Counter[bytes] = Counter()
    for data, flags in messages:
        digest = hashlib.sha256(data).digest()
        earlier = copies[digest]
        copies[digest] += 1
        key = hashlib.sha256(b"hongyan-import\0" + digest + earlier.to_bytes(8, "big"))
        yield data, flags, key.hexdigest()[:16]


def _already_imported(store: Store, key: str) -> bool:
    row = store.connection.execute(
        "SELECT 1 FROM messages WHERE fetch_key = ? LIMIT 1", (key,)
    ).fetchone()
    return row is not None


def _deliver(
    store: Store,
    folder: str,
    messages: Iterable[tuple[bytes, str]],
    report: ImportReport,
    progress: ProgressCallback | None,
    expected: int,
) -> int:
    """Write messages in batches, skipping those already imported (counted in ``report``);
    each is extracted in a worker process as soon as it is written, so parsing runs on
    another core while the next files are copied. One pool serves the whole import (not one
    start-up per batch)."""
    from hongyan.core.store import workers

    done = 0
    with workers.for_delivery(store.root, expected, count=IMPORT_WORKERS) as extractor:
        batch = store.delivery(folder, extractor=extractor)
        try:
            for data, flags, key in import_keys(messages):
                if _already_imported(store, key):
                    report.skipped += 1
                    continue
                batch.write([data], flags=flags, fetch_key=key)
                if batch.pending_count >= BATCH:
                    done += len(batch.commit())
                    if progress:
                        progress(done, 0)
            done += len(batch.commit())
        finally:
            batch.discard()
    if progress:
        progress(done, done)
    return done


def export_folder(store: Store, folder: str, target: Path, *, overwrite: bool = False) -> int:
    """Write every message of ``folder`` (oldest first) to an mbox file; return the count.

    Raises:
        ExportTargetExistsError: ``target`` exists and ``overwrite`` is false.
        HongyanError: the file could not be written.
    """
    _check_target(target, overwrite)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with open(tmp, "wb") as out:
            for message_id in store.all_ids(folder):
                row = store.get(message_id)
                data = store.read_bytes(message_id)
                out.write(mbox_entry(data, sender=row.from_addr, date=row.date, flags=row.flags))
                count += 1
            out.flush()
            os.fsync(out.fileno())
        _check_target(target, overwrite)  # made meanwhile: still not ours to replace
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _unwritable(target, exc) from exc
        raise
    fsync_dir(target.parent)
    return count


def export_message(store: Store, message_id: int, target: Path, *, overwrite: bool = False) -> None:
    """Write one message exactly as stored to ``target`` (an .eml file).

    Raises:
        ExportTargetExistsError: ``target`` exists and ``overwrite`` is false.
        HongyanError: there is no such message, or the file could not be written.
    """
    _check_target(target, overwrite)
    try:
        atomic_write_bytes(target, store.read_bytes(message_id), mode=0o644)
    except OSError as exc:
        raise _unwritable(target, exc) from exc


def _check_target(target: Path, overwrite: bool) -> None:
    if not overwrite and (target.exists() or target.is_symlink()):
        raise ExportTargetExistsError(
            words(
                QT_TRANSLATE_NOOP("Core", "{target} already exists; it was left as it is."),
                target=target,
            )
        )
