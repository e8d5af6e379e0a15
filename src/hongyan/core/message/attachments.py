"""Attachments: listed with honest names and types, saved only inside the folder the user chose.

The name an attachment asks for is an attacker's string: ``../../.bashrc``, ``C:\\x.dll``,
``CON``, ``invoice\u202efdp.exe`` (which shows as "invoiceexe.pdf"). :func:`sanitise_filename`
reduces it to one safe base name under Windows rules on every system (a file saved on Linux
may be copied to a USB stick for Windows), and :func:`save_attachments` writes without ever
following a path out of the folder or overwriting a file it was not allowed to.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from hongyan.core.errors import HongyanError
from hongyan.core.message.decode import (
    POLICY,
    attachment_filename,
    attachment_parts,
    decode_header,
    header_value,
    part_bytes,
)
from hongyan.core.message.large import CutPart, cut_of
from hongyan.core.message.text import BIDI_CONTROLS, INVISIBLE, clean_header_text
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from hongyan.core.message.view import MessageView

__all__ = [
    "Attachment",
    "is_executable_type",
    "list_attachments",
    "sanitise_filename",
    "save_attachments",
]

#: Bytes allowed in a file name on every common file system (ext4, NTFS, APFS).
MAX_NAME_BYTES = 255
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_CONTROLS = re.compile("[\x00-\x1f\x7f\u0080-\u009f]")
_EXECUTABLE = frozenset(
    {
        "exe", "bat", "cmd", "com", "scr", "pif", "cpl", "msi", "msp", "mst", "msc", "hta", "jar",
        "js", "jse", "vbs", "vbe", "wsf", "wsh", "ws", "ps1", "psm1", "psd1", "ps1xml", "lnk",
        "url", "scf", "inf", "reg", "sh", "bash", "zsh", "csh", "ksh", "command", "app", "desktop",
        "appimage", "run", "dmg", "pkg", "deb", "rpm", "apk", "py", "pyw", "pl", "rb", "php",
        "gadget", "chm", "vb", "shs", "sct",
    }
)  # fmt: skip


def _hidden(ch: str) -> bool:
    return ch in BIDI_CONTROLS or ch in INVISIBLE or ch in "\u200c\u200d\u00ad"


def sanitise_filename(name: str | None, *, default: str = "attachment") -> str:
    """Reduce an attachment's requested name to one safe base name (plan D33, D34, D35).

    Path components, drive letters and separators are dropped (only the last component is
    kept); control, bidirectional and invisible characters are removed; ``<>:"|?*`` become
    ``_``; trailing dots and spaces go; Windows reserved names (CON, NUL, COM1, CONIN$ ... in
    any case, with any extension) get a leading ``_``; the result is capped at 255 UTF-8
    bytes keeping the extension. Never returns an empty name, ``.`` or ``..``.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if not _hidden(ch))
    text = _CONTROLS.sub("", text)
    text = re.split(r"[/\\]", text)[-1]
    text = _FORBIDDEN.sub("_", text)
    text = text.strip().rstrip(". ").lstrip(". ")
    if not text:
        text = default
    stem = text.split(".", 1)[0].rstrip(" ").upper()
    if stem in _RESERVED:
        text = "_" + text
    return _cap_length(text)


def _cap_length(name: str) -> str:
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext.encode("utf-8")) > 32 or not stem:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip(". ")
    return (cut or "attachment") + suffix


def extension_of(name: str) -> str:
    """The real final extension (lower case, no dot) that decides the file's type."""
    _, dot, ext = sanitise_filename(name).rpartition(".")
    return ext.lower() if dot else ""


def is_executable_type(name: str) -> bool:
    """Whether opening a file of this name runs code, so the user is asked first (plan D35)."""
    return extension_of(name) in _EXECUTABLE


@dataclass
class Attachment:
    """One attachment as listed to the reader and saved on request."""

    index: int
    filename: str  # the name for display (decoded, controls shown); see ``safe_name``
    content_type: str
    size: int
    safe_name: str
    hidden_characters: bool = False
    is_message: bool = False
    is_tnef: bool = False
    content_id: str | None = None
    part: Message | None = field(default=None, repr=False, compare=False)
    cut: CutPart | None = field(default=None, repr=False, compare=False)
    """Where the whole content is when the part was too large to read (large.py)."""

    @property
    def extension(self) -> str:
        return extension_of(self.safe_name)

    @property
    def is_executable(self) -> bool:
        return is_executable_type(self.safe_name)

    def data(self) -> bytes:
        """The content to save: decoded bytes, or an attached message as an .eml file.

        A part cut for reading is read whole from its file here: save it with
        :meth:`write_to`, which never holds it whole.
        """
        if self.cut is not None:
            buffer = io.BytesIO()
            self.cut.write_decoded(buffer)
            return buffer.getvalue()
        if self.part is None:
            return b""
        if self.is_message:
            payload = self.part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message):
                return message_bytes(inner)
        return part_bytes(self.part)

    def write_to(self, out: BinaryIO) -> None:
        """Write the content to ``out`` (a part cut for reading, from its file in blocks)."""
        if self.cut is not None:
            self.cut.write_decoded(out)
        else:
            out.write(self.data())

    def open_message(self) -> MessageView:
        """An attached message (message/rfc822) as a view of its own."""
        from hongyan.core.message.view import MessageView

        if self.part is None or not self.is_message:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "{filename} is not an attached message."),
                    filename=self.filename,
                )
            )
        payload = self.part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            return MessageView.from_message(payload[0])
        return MessageView.from_bytes(self.data())


def message_bytes(msg: Message) -> bytes:
    """An attached message as .eml bytes; a damaged one gives what can be written of it.

    The parser keeps the structure, not the bytes, so the message is written out again
    (8-bit bytes kept as they came); if the generator fails on a broken tree, the headers and
    the raw body text are written instead. Never raises.
    """
    buffer = io.BytesIO()
    try:
        BytesGenerator(buffer, mangle_from_=False, policy=POLICY).flatten(msg)
        return buffer.getvalue()
    except Exception:  # damaged beyond what the generator accepts
        head = "".join(f"{name}: {value}\n" for name, value in msg.raw_items())
        body = msg.get_payload()
        text = body if isinstance(body, str) else ""
        data = head + "\n" + text
        try:
            return data.encode("utf-8", errors="surrogateescape")
        except UnicodeEncodeError:
            return data.encode("utf-8", errors="replace")


def _default_name(index: int, part: Message, ctype: str) -> str:
    if ctype == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        subject = (
            decode_header(header_value(inner, "subject")) if isinstance(inner, Message) else ""
        )
        return f"{subject or f'message-{index}'}.eml"
    if ctype == "application/ms-tnef":
        return "winmail.dat"
    ext = mimetypes.guess_extension(ctype, strict=False) or ".bin"
    return f"attachment-{index}{ext}"


def list_attachments(msg: Message, data: bytes | None = None) -> list[Attachment]:
    """The attachments of ``msg`` with display names, types and decoded sizes.

    ``data`` is what ``msg`` was parsed from: a part cut when it was read (large.py) is
    listed with its whole size and saved from the file.
    """
    result = []
    for index, part in enumerate(attachment_parts(msg), start=1):
        try:
            ctype = part.get_content_type()
        except Exception:
            ctype = "application/octet-stream"
        raw = attachment_filename(part, raw=True) or ""
        fallback = _default_name(index, part, ctype)
        attachment = Attachment(
            index=index,
            filename=clean_header_text(raw) or fallback,
            content_type=ctype,
            size=0,
            safe_name=sanitise_filename(raw, default=sanitise_filename(fallback)),
            hidden_characters=any(_hidden(ch) for ch in raw),
            is_message=ctype == "message/rfc822",
            is_tnef=ctype == "application/ms-tnef" or raw.lower() == "winmail.dat",
            content_id=(header_value(part, "content-id") or "").strip().strip("<>") or None,
            part=part,
            cut=cut_of(part, data),
        )
        attachment.size = attachment.cut.size if attachment.cut else len(attachment.data())
        result.append(attachment)
    return result


def cut_text_attachment(part: Message, cut: CutPart) -> Attachment:
    """A body text too long to show whole, as an attachment to save or open whole."""
    html = part.get_content_type() == "text/html"
    raw = attachment_filename(part, raw=True) or ""
    fallback = "message text.html" if html else "message text.txt"
    return Attachment(
        index=0,
        filename=clean_header_text(raw) or fallback,
        content_type="text/html" if html else "text/plain",
        size=cut.size,
        safe_name=sanitise_filename(raw, default=fallback),
        part=part,
        cut=cut,
    )


def _numbered(name: str, n: int) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    return _cap_length(f"{stem} ({n})" + (f".{ext}" if ext else ""))


def _write_new(directory: Path, name: str, tmp: str) -> Path | None:
    """Give ``tmp`` the name ``name`` unless that exists; never follows a link out."""
    target = directory / name
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        return None
    except OSError:  # no hard links here (FAT, some network shares): exclusive create
        try:
            with open(target, "xb") as out, open(tmp, "rb") as src:
                out.write(src.read())
        except FileExistsError:
            return None
    return target


def _inside(directory: Path, target: Path) -> bool:
    real_dir = os.path.realpath(directory)
    real_parent = os.path.realpath(target.parent)
    return os.path.commonpath([real_dir, real_parent]) == real_dir and real_parent == real_dir


def save_attachment(
    attachment: Attachment,
    directory: Path,
    *,
    overwrite: Callable[[Path], bool] | None = None,
) -> Path:
    """Save one attachment in ``directory`` and return where it went (plan D33).

    An existing file is replaced only if ``overwrite(path)`` says so; otherwise the new file
    gets a free name ``name (1).ext``. The file is written to a temporary file in the same
    folder first, so a failure leaves no half-written attachment.
    """
    name = attachment.safe_name
    if not _inside(directory, directory / name):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Refusing to save {filename!r} outside {directory}."),
                filename=attachment.filename,
                directory=directory,
            )
        )
    fd, tmp = tempfile.mkstemp(prefix=".hongyan-", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            attachment.write_to(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        existing = directory / name
        if (existing.exists() or existing.is_symlink()) and overwrite and overwrite(existing):
            os.replace(tmp, existing)  # replaces a symlink itself, never its target
            return existing
        for n in range(0, 10_000):
            written = _write_new(directory, name if n == 0 else _numbered(name, n), tmp)
            if written is not None:
                return written
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Could not find a free name for {name} in {directory}."),
                name=name,
                directory=directory,
            )
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def save_attachments(
    view: MessageView | Iterable[Attachment],
    directory: Path | str,
    *,
    overwrite: Callable[[Path], bool] | None = None,
) -> list[Path]:
    """Save every attachment of ``view`` into ``directory``; return the files written.

    Raises:
        HongyanError: the folder does not exist or cannot be written.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The folder {folder} does not exist; choose an existing folder."
                ),
                folder=folder,
            )
        )
    from hongyan.core.message.view import MessageView

    attachments = view.attachments if isinstance(view, MessageView) else list(view)
    try:
        return [save_attachment(a, folder, overwrite=overwrite) for a in attachments]
    except OSError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "Could not save attachments in {folder}: {reason}. Check that the folder is "
                    "writable and the disk is not full.",
                ),
                folder=folder,
                reason=exc.strerror or exc,
            )
        ) from exc
