"""The files of a store: Maildir++ folders, unique names, flags, crash-safe delivery.

The Maildir is the truth and the SQLite index only a cache, so everything a message needs to be
found again lives in its file name: the folder (the directory), the flags (``:2,`` info suffix,
as mutt, Dovecot and notmuch read them), the fetch key (``,K=``) and the account (``,A=``).

Layout (Maildir++, as Dovecot and Courier use it): ``cur/ new/ tmp/`` at the root are the Inbox;
every other folder is a dot directory at the root, ``.Sent``, nested ``.Projects.2026``. Folder
names are shown with ``/`` between levels (``Projects/2026``) and stored in IMAP's modified
UTF-7, as Dovecot stores them (``客户`` is ``.&W6JiNw-``; see folder_names.py).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import itertools
import os
import re
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from hongyan.core.atomic import fsync_dir
from hongyan.core.errors import HongyanError
from hongyan.core.store.folder_names import dirname_for, folder_for
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

INBOX = "Inbox"
TRASH = "Trash"
JUNK = "Junk"
STANDARD_FOLDERS = (INBOX, "Outbox", "Sent", "Drafts", TRASH, JUNK)
# Folders that cannot be renamed or deleted: the standard ones and Templates (message
# templates, core/templates; made when the first template is saved).
SPECIAL_FOLDERS = (*STANDARD_FOLDERS, "Templates")
SUBDIRS = ("cur", "new", "tmp")
# maildir(5) separates the info with ':'; Windows forbids ':' in names, so there (as mbsync and
# Dovecot for Windows do) it is ';'. Both are read everywhere, so a store can change OS.
INFO_SEP = ";2," if os.name == "nt" else ":2,"
FLAG_LETTERS = "DFPRST"  # Maildir info letters, kept in ASCII order as the spec asks.
STALE_TMP_SECONDS = 36 * 3600  # D. J. Bernstein's maildir(5): tmp files older than 36 h are junk.
_FORBIDDEN_IN_FOLDER = re.compile(r"[\x00-\x1f/\\.]")
_counter = itertools.count()


class FolderNameError(HongyanError):
    """A folder name that cannot be a Maildir++ directory."""


@dataclass(frozen=True, slots=True)
class MaildirName:
    """The parts of a Maildir file name that the index records.

    ``base`` (everything before ``:2,``) is unique in the whole store and never changes, so it
    identifies the message across flag changes and moves between folders.
    """

    base: str
    flags: str
    fetch_key: str | None
    account: str | None
    delivered: int | None

    @classmethod
    def parse(cls, filename: str) -> MaildirName:
        base, _, info = filename.partition(":2,")
        if not info and ";2," in filename:
            base, _, info = filename.partition(";2,")
        fields = dict(_name_fields(base))
        account = fields.get("A")
        head = base.split(".", 1)[0]
        return cls(
            base=base,
            flags=normalise_flags(info),
            fetch_key=fields.get("K"),
            account=unquote(account) if account else None,
            delivered=int(head) if head.isdigit() else None,
        )


def _name_fields(base: str) -> Iterator[tuple[str, str]]:
    """Yield the ``,X=value`` fields that follow the host part of a unique name."""
    for part in base.split(",")[1:]:
        key, sep, value = part.partition("=")
        if sep:
            yield key, value


def normalise_flags(flags: str) -> str:
    """Keep only known Maildir flag letters, once each, in ASCII order."""
    return "".join(sorted(set(flags) & set(FLAG_LETTERS)))


def filename_with_flags(base: str, flags: str) -> str:
    """The name a message has in ``cur/`` with ``flags``."""
    return f"{base}{INFO_SEP}{normalise_flags(flags)}"


def unique_base(*, size: int, fetch_key: str | None = None, account: str | None = None) -> str:
    """A new unique Maildir base name (time, microseconds, pid, counter, random, host).

    The shape follows maildir(5) and Dovecot (``,S=`` size); ``,K=`` carries sync's fetch key so
    a message renamed into place but not yet indexed is still known to be fetched.
    """
    now = time.time()
    seconds, micros = int(now), int((now % 1) * 1_000_000)
    unique = f"M{micros}P{os.getpid()}Q{next(_counter)}R{secrets.token_hex(4)}"
    base = f"{seconds}.{unique}.{_hostname()},S={size}"
    if fetch_key:
        if not re.fullmatch(r"[0-9a-f]{16}", fetch_key):
            raise ValueError(f"a fetch key is 16 lowercase hex digits, not {fetch_key!r}")
        base += f",K={fetch_key}"
    if account:
        base += f",A={quote(account, safe='@-_')}"
    return base


def copy_base(name: MaildirName, key: str | None, size: int) -> str:
    """The unique name of a copy of the message ``name``: new (``key`` None), or made from
    its name and ``key`` (so the same copy made again has the same name). A copy keeps the
    account but never the fetch key (``,K=``), which marks the fetched original only."""
    if key is None:
        return unique_base(size=size, account=name.account)
    digest = hashlib.sha256(f"{name.base}\0{key}".encode()).hexdigest()[:20]
    base = f"{name.delivered or int(time.time())}.C{digest}.copy,S={size}"
    if name.account:
        base += f",A={quote(name.account, safe='@-_')}"
    return base


# Why a hard link may fail where a byte copy works: another filesystem, none supported
# (FAT, some network shares), the link count at its maximum.
_NO_LINK = frozenset(
    {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
)


def copy_file(source: Path, target: Path, *, exist_ok: bool = False) -> None:
    """Put a copy of a message file at ``target`` (in a folder's ``new/`` or ``cur/``).

    A hard link where the filesystem has them, as Dovecot copies: a Maildir file is never
    changed in place (flags are renames), so the two names are two independent messages and
    the copy costs no space and no fsync of data. Elsewhere the bytes go through the
    folder's ``tmp/``, fsynced, and are renamed into place.

    Raises:
        FileExistsError: ``target`` exists (unless ``exist_ok``).
    """
    try:
        os.link(source, target)
        return
    except FileExistsError:
        if exist_ok:
            return
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
    tmp = target.parent.parent / "tmp" / f"{unique_base(size=0)}.part"
    try:
        shutil.copyfile(source, tmp)
        fsync_file(tmp)
        if target.exists():
            if exist_ok:
                return
            raise FileExistsError(errno.EEXIST, "a message file of that name exists", target)
        os.rename(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _hostname() -> str:
    """The host part of a unique name, with ``/`` and ``:`` escaped as maildir(5) asks."""
    host = socket.gethostname() or "localhost"
    return host.replace("/", r"\057").replace(":", r"\072").replace(",", r"\054")


@functools.lru_cache(maxsize=4096)  # pure, and asked for every message a batch moves
def validate_folder(name: str) -> str:
    """Return ``name`` cleaned of surrounding slashes, or raise a plain error."""
    name = name.strip().strip("/")
    if not name:
        raise FolderNameError(words(QT_TRANSLATE_NOOP("Core", "A folder needs a name.")))
    parts = name.split("/")
    for part in parts:
        if not part.strip() or _FORBIDDEN_IN_FOLDER.search(part):
            raise FolderNameError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "'{name}' cannot be a folder name: use '/' between levels and no '.' or "
                        "'\\'.",
                    ),
                    name=name,
                )
            )
    if parts[0].casefold() == INBOX.casefold():
        return INBOX if len(parts) == 1 else "/".join([INBOX, *parts[1:]])
    return name


def folder_dir(root: Path, folder: str) -> Path:
    """The directory of ``folder``: the root for the Inbox, ``.A.B`` for ``A/B`` (each level
    in modified UTF-7)."""
    folder = validate_folder(folder)
    if folder == INBOX:
        return root
    return root / folder_dirname(folder)


@functools.lru_cache(maxsize=4096)
def folder_dirname(folder: str) -> str:
    """The root entry of a validated folder other than the Inbox. The Inbox's subfolders are
    ``.INBOX.x``, as Dovecot writes them."""
    levels = folder.split("/")
    if levels[0] == INBOX:
        levels[0] = "INBOX"
    return dirname_for("/".join(levels))


def folder_from_dirname(dirname: str) -> str | None:
    """The folder name of a root entry (``.A.B`` → ``A/B``), or None if it is no folder."""
    folder = usable_folder(folder_for(dirname))
    # Only the spelling folder_dir gives back is this folder (``.inbox`` is not the Inbox).
    return folder if folder is not None and folder_dirname(folder) == dirname else None


def usable_folder(name: str | None) -> str | None:
    """``name`` (read from a directory name) validated, or None when it cannot be a folder
    other than the Inbox."""
    if name is None:
        return None
    try:
        folder = validate_folder(name)
    except FolderNameError:
        return None
    return folder if folder != INBOX else None


def is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new"))


def list_folders(root: Path) -> list[str]:
    """Every folder of the store: Inbox first, then the others by name."""
    folders = [INBOX] if is_maildir(root) else []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(root):
            folder = folder_from_dirname(entry.name)
            if folder and entry.is_dir() and is_maildir(Path(entry.path)):
                folders.append(folder)
    return sorted(folders, key=_folder_order)


def _folder_order(folder: str) -> tuple[int, str]:
    """Standard folders first in their usual order, then the user's by name."""
    top = folder.split("/", 1)[0]
    rank = STANDARD_FOLDERS.index(top) if top in STANDARD_FOLDERS else len(STANDARD_FOLDERS)
    return rank, folder.casefold()


def make_folder(root: Path, folder: str) -> Path:
    """Create ``folder`` (and its Maildir subdirectories) if missing; return its directory."""
    directory = folder_dir(root, folder)
    if all((directory / sub).is_dir() for sub in SUBDIRS):
        return directory
    for sub in SUBDIRS:
        (directory / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder != INBOX:
        fsync_dir(root)
    return directory


@dataclass(frozen=True, slots=True)
class FoundFile:
    """One message file as found on disk."""

    folder: str
    relpath: str  # relative to the store root, always with '/' so the index is portable
    name: MaildirName


def scan_folder(root: Path, folder: str) -> Iterator[FoundFile]:
    """Yield the messages of ``folder`` (``new/`` then ``cur/``), skipping dot files."""
    directory = folder_dir(root, folder)
    prefix = "" if directory == root else directory.name + "/"
    for sub in ("new", "cur"):
        try:
            entries = os.scandir(directory / sub)
        except FileNotFoundError:
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                    continue
                name = MaildirName.parse(entry.name)
                yield FoundFile(folder, f"{prefix}{sub}/{entry.name}", name)


def list_relpaths(root: Path) -> set[str]:
    """The relative paths of every message file, without parsing their names (fast)."""
    paths: set[str] = set()
    for folder in list_folders(root):
        directory = folder_dir(root, folder)
        prefix = "" if directory == root else directory.name + "/"
        for sub in ("new", "cur"):
            try:
                names = os.listdir(directory / sub)
            except FileNotFoundError:
                continue
            head = f"{prefix}{sub}/"
            paths.update(head + name for name in names if not name.startswith("."))
    return paths


def relpath_for(root: Path, folder: str, sub: str, filename: str) -> str:
    """A file's path relative to the store root, ``/``-separated (what the index holds)."""
    folder = validate_folder(folder)
    prefix = "" if folder == INBOX else folder_dirname(folder) + "/"
    return f"{prefix}{sub}/{filename}"


def write_tmp(root: Path, folder: str, chunks: Iterator[bytes] | list[bytes]) -> tuple[Path, int]:
    """Write a message into the folder's ``tmp/`` (no fsync yet); return its path and size.

    A failure (disk full, file too large) removes the partial file and raises
    :class:`StoreWriteError`; nothing half-written is ever left behind.
    """
    tmp = folder_dir(root, folder) / "tmp" / f"{unique_base(size=0)}.part"
    size = 0
    try:
        with open(tmp, "xb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise StoreWriteError.from_os_error(exc, root) from exc
        raise
    return tmp, size


def read_message_file(path: Path) -> bytes:
    """A message file's bytes, following a flag change that renamed it in the meantime.

    Marking a message read moves its file from ``new/`` to ``cur/`` or changes its ``:2,``
    suffix, by a worker of this program or by another one, at any moment: a reader that found
    the path an instant before must look again. The base name never changes (maildir(5)), so
    the file is looked for under it in the same folder's ``new/`` and ``cur/``.

    Raises:
        FileNotFoundError: the message is no longer in that folder.
    """
    for _attempt in range(3):
        try:
            return path.read_bytes()
        except FileNotFoundError:
            moved = _renamed(path)
            if moved is None:
                raise
            path = moved
    return path.read_bytes()


def locate_message_file(path: Path) -> Path:
    """Where the message file looked up at ``path`` is now: a flag change may have renamed
    it meanwhile (see :func:`read_message_file`), for readers that open it themselves.

    Raises:
        FileNotFoundError: the message is no longer in that folder.
    """
    if path.exists():
        return path
    moved = _renamed(path)
    if moved is None:
        raise FileNotFoundError(2, "No such file or directory", str(path))
    return moved


def _renamed(path: Path) -> Path | None:
    if path.parent.name not in ("cur", "new"):  # not in a Maildir (a file opened from disk)
        return None
    base = MaildirName.parse(path.name).base
    folder = path.parent.parent
    for sub in ("cur", "new"):
        with contextlib.suppress(OSError), os.scandir(folder / sub) as entries:
            for entry in entries:
                if (
                    entry.name.startswith(base)
                    and MaildirName.parse(entry.name).base == base
                    and entry.path != str(path)
                ):
                    return Path(entry.path)
    return None


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StoreWriteError(HongyanError):
    """Writing into the store failed; nothing partial was kept."""

    @classmethod
    def from_os_error(cls, exc: OSError, root: Path) -> StoreWriteError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return cls(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The disk holding the mail store ({root}) is full. Free some space."
                    ),
                    root=root,
                )
            )
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return cls(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The mail store ({root}) cannot be written: {reason}."
                    ),
                    root=root,
                    reason=exc.strerror,
                )
            )
        return cls(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "Could not write into the mail store ({root}): {reason}."
                ),
                root=root,
                reason=exc.strerror or exc,
            )
        )


def clean_stale_tmp(root: Path, folders: list[str]) -> int:
    """Remove tmp files left by dead Hongyan processes on this host, or older than 36 hours.

    Returns how many were removed. Files of live processes (another Hongyan writing now) and of
    other hosts (a store on a network drive) are left alone unless they are 36 hours old.
    """
    host, now, removed = _hostname(), time.time(), 0
    for folder in folders:
        tmp = folder_dir(root, folder) / "tmp"
        with contextlib.suppress(FileNotFoundError), os.scandir(tmp) as entries:
            for entry in entries:
                if _is_stale(entry, host, now):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
    return removed


def _is_stale(entry: os.DirEntry[str], host: str, now: float) -> bool:
    try:
        if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TMP_SECONDS:
            return True
    except OSError:
        return False
    match = re.match(r"\d+\.M\d+P(\d+)Q\d+R[0-9a-f]+\.([^,]+),", entry.name)
    return bool(match and match.group(2) == host and not _pid_alive(int(match.group(1))))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists but belongs to someone else
    return True
