"""Import from mbox and .eml files, export to mbox and .eml: the ways mail enters and leaves.

Imported messages go through the same crash-safe delivery as fetched mail, in batches, and are
stored byte for byte (an mbox ``From `` line is a separator, not part of the message). Export
files are written to a temporary sibling and renamed into place, so a failed export never
leaves a half-written file under the chosen name.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from hongyan.core.atomic import atomic_write_bytes, fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store.index import ProgressCallback
from hongyan.core.store.maildir import INBOX, is_maildir, scan_folder
from hongyan.core.store.mailstore import Store
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

BATCH = 1000  # messages per delivery commit: one transaction, one directory fsync
IMPORT_WORKERS = 2  # extraction is the import's bottleneck: the copying barely uses a core
MBOX_BYTES_PER_MESSAGE = 20_000  # a low guess, to decide whether worker processes pay
_QUOTED_FROM = re.compile(rb"^(>*From )", re.MULTILINE)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


@dataclass
class ImportReport:
    imported: int = 0
    sources: int = 0


def import_path(
    store: Store, path: Path, *, folder: str = "Inbox", progress: ProgressCallback | None = None
) -> ImportReport:
    """Import an mbox file, one ``.eml`` file, a directory of ``.eml`` files, or a Maildir
    (its ``cur/`` and ``new/``, with flags; mutt's or Dovecot's folders) into ``folder``.

    Raises:
        HongyanError: the path is missing, unreadable, or holds no mail.
    """
    if not path.exists():
        raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "{path} does not exist."), path=path))
    if path.is_dir() and is_maildir(path):
        found = [*scan_folder(path, INBOX)]
        messages: Iterable[tuple[bytes, str]] = (
            (_read(path / f.relpath), f.name.flags) for f in found
        )
        report = ImportReport(sources=len(found))
    elif path.is_dir():
        sources = sorted(p for p in path.rglob("*.eml") if p.is_file())
        if not sources:
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "{path} holds no .eml files to import."), path=path)
            )
        messages = ((_read(p), "") for p in sources)
        report = ImportReport(sources=len(sources))
    elif _is_mbox(path):
        messages = read_mbox(path)
        report = ImportReport(sources=1)
    else:
        messages = [(_read(path), "")]
        report = ImportReport(sources=1)
    if folder not in {f.name for f in store.folders()}:
        store.create_folder(folder)
    expected = report.sources
    if path.is_file() and report.sources == 1:  # an mbox: guess from its size
        expected = path.stat().st_size // MBOX_BYTES_PER_MESSAGE
    report.imported = _deliver(store, folder, messages, progress, expected)
    if report.imported == 0:
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "{path} holds no messages to import."), path=path)
        )
    return report


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


def _is_mbox(path: Path) -> bool:
    """An mbox starts with a ``From `` separator line (a single message never does)."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(4096)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return first.startswith(b"From ") and path.suffix.lower() != ".eml"


def _deliver(
    store: Store,
    folder: str,
    messages: Iterable[tuple[bytes, str]],
    progress: ProgressCallback | None,
    expected: int,
) -> int:
    """Write messages in batches; each is extracted in a worker process as soon as it is
    written, so parsing runs on another core while the next files are copied. One pool
    serves the whole import (not one start-up per batch)."""
    from hongyan.core.store import workers

    done = 0
    with workers.for_delivery(store.root, expected, count=IMPORT_WORKERS) as extractor:
        batch = store.delivery(folder, extractor=extractor)
        try:
            for data, flags in messages:
                batch.write([data], flags=flags)
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


def read_mbox(path: Path) -> Iterator[tuple[bytes, str]]:
    """Yield ``(message bytes, Maildir flags)`` for each message of an mbox, streaming.

    Messages are split at every line that starts with ``From `` (as Python's ``mailbox`` and
    mutt do: writers quote such lines inside messages, and some omit the blank line); quoted
    ``>From `` lines lose one ``>`` (mboxrd, what :func:`export_folder` writes, so export and
    import round-trip the quoting); the flags come from the ``Status``/``X-Status`` headers that
    mutt and Thunderbird write.
    """
    with open(path, "rb") as handle:
        yield from _split_mbox(handle)


def _split_mbox(handle: BinaryIO) -> Iterator[tuple[bytes, str]]:
    lines: list[bytes] = []
    started = False
    for line in handle:
        if line.startswith(b"From "):
            if started:
                yield _finish(lines)
            lines, started = [], True
        elif started:
            lines.append(line)
    if started:
        yield _finish(lines)


def _finish(lines: list[bytes]) -> tuple[bytes, str]:
    """Drop the blank line that separates messages; read the mbox flags."""
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    data = _ESCAPED_FROM.sub(rb"\1", b"".join(lines))
    return data, _mbox_flags(data)


def _mbox_flags(data: bytes) -> str:
    head = data[: data.find(b"\n\n") if b"\n\n" in data else 8192][:65536]
    flags = ""
    status = re.search(rb"^Status:\s*([A-Za-z]*)", head, re.MULTILINE | re.IGNORECASE)
    if status and b"R" in status.group(1):
        flags += "S"
    xstatus = re.search(rb"^X-Status:\s*([A-Za-z]*)", head, re.MULTILINE | re.IGNORECASE)
    if xstatus:
        letters = xstatus.group(1)
        flags += ("R" if b"A" in letters else "") + ("F" if b"F" in letters else "")
    return flags


def export_folder(store: Store, folder: str, target: Path) -> int:
    """Write every message of ``folder`` (oldest first) to an mbox file; return the count."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with open(tmp, "wb") as out:
            for message_id in store.all_ids(folder):
                out.write(_mbox_entry(store, message_id))
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _unwritable(target, exc) from exc
    fsync_dir(target.parent)
    return count


def _mbox_entry(store: Store, message_id: int) -> bytes:
    """One mbox entry: ``From`` line, Status header, body with ``From `` lines quoted (mboxrd)."""
    row = store.get(message_id)
    data = store.read_bytes(message_id).replace(b"\r\n", b"\n")
    sender = (row.from_addr or "MAILER-DAEMON").replace(" ", "_")
    stamp = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(row.date))
    status = b"Status: RO\n" if row.seen else b"Status: O\n"
    xstatus = ("A" if "R" in row.flags else "") + ("F" if "F" in row.flags else "")
    if xstatus:
        status += f"X-Status: {xstatus}\n".encode()
    body = _QUOTED_FROM.sub(rb">\1", data)
    if not body.endswith(b"\n"):
        body += b"\n"
    return f"From {sender} {stamp}\n".encode("utf-8", "replace") + status + body + b"\n"


def export_message(store: Store, message_id: int, target: Path) -> None:
    """Write one message exactly as stored to ``target`` (an .eml file)."""
    try:
        atomic_write_bytes(target, store.read_bytes(message_id), mode=0o644)
    except OSError as exc:
        raise _unwritable(target, exc) from exc
