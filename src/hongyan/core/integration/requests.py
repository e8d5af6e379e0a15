"""What a launch asks for: show the window, fetch mail, or compose a message.

``hongyan compose --to A --attach F ...`` (what Send To runs) and ``hongyan mailto:...``
(what the browser runs) become a :class:`ComposeRequest`; the single-instance handoff sends a
:class:`LaunchRequest` as JSON to the Hongyan that is already running.

A mailto link comes from any web page, so it is hostile input (RFC 6068 §7): line breaks in a
header field are refused (they would smuggle extra headers), and keys that would attach local
files (``attach=``, ``attachment=``) are ignored with a warning, since they would let a page
mail the user's files away. Only to, cc, bcc, subject and body are taken.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from email.utils import getaddresses
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, joined, words

LARGE_TOTAL_BYTES = 20 * 1024 * 1024
"""Above this many bytes of attachments, warn: many servers refuse messages over 20–25 MB,
and base64 makes attachments a third bigger on the wire."""

ATTACHING_KEYS = frozenset({"attach", "attachment", "attachments", "file"})
_HEADER_FIELDS = ("to", "cc", "bcc")


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _check_header_text(what: str, text: str) -> None:
    # Control characters (C0, DEL, C1 such as NEL) and the Unicode line and paragraph
    # separators: everything some part of a mail system may take for a line break.
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "The {what} contains a line break or control character, which is refused: it "
                    "could add hidden headers to the message.",
                ),
                what=what,
            )
        )


def _format_address(name: str, addr: str) -> str:
    if not name:
        return addr
    if any(ch in name for ch in ',;:<>"@()[]\\'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{addr}>"


def parse_addresses(what: str, values: Iterable[str]) -> tuple[str, ...]:
    """Split comma-separated address lists; ``what`` names the field in error messages."""
    texts = [v for v in values if v.strip()]
    for text in texts:
        _check_header_text(what, text)
    result = []
    for name, addr in getaddresses(texts):
        local, at, domain = addr.rpartition("@")
        if not (local and at and domain) or any(ch.isspace() for ch in addr):
            shown = ", ".join(texts)
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The {what} {shown!r} has an address that is not valid."
                    ),
                    what=what,
                    shown=shown,
                )
            )
        result.append(_format_address(name, addr))
    return tuple(result)


@dataclass(frozen=True)
class Attachment:
    path: str
    """Absolute, so the running Hongyan (in another folder) finds it."""
    size: int

    @property
    def name(self) -> str:
        return os.path.basename(self.path)


@dataclass(frozen=True)
class ComposeRequest:
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""
    attachments: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def total_size(self) -> int:
        return sum(a.size for a in self.attachments)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["warnings"]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> ComposeRequest:
        """Rebuild a request received from another process, checking it like fresh input."""
        if not isinstance(data, dict):
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "The compose request is not an object."))
            )
        try:
            attachments = tuple(
                Attachment(str(a["path"]), int(a["size"])) for a in data.get("attachments", [])
            )
            request = cls(
                to=parse_addresses(
                    words(QT_TRANSLATE_NOOP("Core", "To field")), data.get("to", [])
                ),
                cc=parse_addresses(
                    words(QT_TRANSLATE_NOOP("Core", "Cc field")), data.get("cc", [])
                ),
                bcc=parse_addresses(
                    words(QT_TRANSLATE_NOOP("Core", "Bcc field")), data.get("bcc", [])
                ),
                subject=str(data.get("subject", "")),
                body=str(data.get("body", "")),
                attachments=attachments,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "The compose request is malformed ({error})."),
                    error=exc,
                )
            ) from None
        _check_header_text(words(QT_TRANSLATE_NOOP("Core", "subject")), request.subject)
        if any(not os.path.isabs(a.path) for a in attachments):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The compose request names an attachment by a relative path."
                    )
                )
            )
        return request


def attachments_from(files: Sequence[str], cwd: str | None = None) -> tuple[Attachment, ...]:
    """Check every file, then return them with absolute paths and sizes (duplicates once).

    Raises:
        HongyanError: naming every file that is missing, a folder, or unreadable.
    """
    base = cwd or os.getcwd()
    found: dict[str, Attachment] = {}
    problems = []
    for given in files:
        text = unquote(urlsplit(given).path) if given.startswith("file://") else given
        path = os.path.abspath(os.path.join(base, text))
        if not os.path.exists(path):
            problems.append(words(QT_TRANSLATE_NOOP("Core", "{given} does not exist"), given=given))
        elif os.path.isdir(path):
            problems.append(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "{given} is a folder (attach files, or zip the folder first)"
                    ),
                    given=given,
                )
            )
        elif not os.access(path, os.R_OK):
            problems.append(
                words(
                    QT_TRANSLATE_NOOP("Core", "{given} cannot be read (no permission)"), given=given
                )
            )
        else:
            found.setdefault(path, Attachment(path, os.stat(path).st_size))
    if problems:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Cannot attach: {problems}."), problems=joined(problems)
            )
        )
    return tuple(found.values())


def _size_warnings(attachments: tuple[Attachment, ...]) -> tuple[str, ...]:
    total = sum(a.size for a in attachments)
    if total <= LARGE_TOTAL_BYTES:
        return ()
    return (
        f"The attachments add up to {human_size(total)}. Many mail servers refuse messages "
        f"over {human_size(LARGE_TOTAL_BYTES)}, and attachments grow by a third when sent.",
    )


def compose_request(
    *,
    to: Sequence[str] = (),
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    subject: str = "",
    body: str = "",
    files: Sequence[str] = (),
    cwd: str | None = None,
) -> ComposeRequest:
    """The request of ``hongyan compose``: recipients checked, files found and measured."""
    _check_header_text(words(QT_TRANSLATE_NOOP("Core", "subject")), subject)
    attachments = attachments_from(files, cwd)
    return ComposeRequest(
        to=parse_addresses(words(QT_TRANSLATE_NOOP("Core", "To address")), to),
        cc=parse_addresses(words(QT_TRANSLATE_NOOP("Core", "Cc address")), cc),
        bcc=parse_addresses(words(QT_TRANSLATE_NOOP("Core", "Bcc address")), bcc),
        subject=subject,
        body=body,
        attachments=attachments,
        warnings=_size_warnings(attachments),
    )


def _decode(text: str) -> str:
    try:
        # RFC 6068 §5: percent-encoded UTF-8; "+" is a plus sign, not a space.
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The mailto link is not valid UTF-8 after percent-decoding."
                )
            )
        ) from None


def is_mailto(arg: str) -> bool:
    return arg[:7].lower() == "mailto:"


def parse_mailto(url: str) -> ComposeRequest:
    """Parse a ``mailto:`` URL (RFC 6068) into a compose request.

    Raises:
        HongyanError: for a line break in a header field, invalid UTF-8 or a bad address.
    """
    if not is_mailto(url):
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "{url!r} is not a mailto: link."), url=url)
        )
    rest = url[7:].split("#", 1)[0]
    to_part, _, query = rest.partition("?")
    lists: dict[str, list[str]] = {name: [] for name in _HEADER_FIELDS}
    if to_part:
        lists["to"].append(_decode(to_part))
    texts: dict[str, str] = {}
    warnings = []
    for pair in query.split("&"):
        if not pair:
            continue
        raw_key, _, raw_value = pair.partition("=")
        key, value = _decode(raw_key).strip().lower(), _decode(raw_value)
        if key in lists:
            lists[key].append(value)
        elif key in ("subject", "body"):
            texts.setdefault(key, value)  # RFC 6068 gives no meaning to repeats: first wins
        elif key in ATTACHING_KEYS:
            warnings.append(
                f"The link asked to attach {value!r}; links may not attach files, "
                "so it was ignored."
            )
    subject = texts.get("subject", "")
    _check_header_text(words(QT_TRANSLATE_NOOP("Core", "subject of the mailto link")), subject)
    body = texts.get("body", "").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in body:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "The body of the mailto link contains a NUL character; refused."
                )
            )
        )
    return ComposeRequest(
        to=parse_addresses(
            words(QT_TRANSLATE_NOOP("Core", "address in the mailto link")), lists["to"]
        ),
        cc=parse_addresses("Cc address in the mailto link", lists["cc"]),
        bcc=parse_addresses("Bcc address in the mailto link", lists["bcc"]),
        subject=subject,
        body=body,
        warnings=tuple(warnings),
    )


LaunchKind = Literal["show", "compose", "fetch"]


@dataclass(frozen=True)
class LaunchRequest:
    """One launch's wish, handed to the running Hongyan or served by a new one.

    ``background`` asks a newly started Hongyan to stay in the notification area.
    """

    kind: LaunchKind
    compose: ComposeRequest | None = None
    background: bool = False

    @classmethod
    def show(cls) -> LaunchRequest:
        return cls("show")

    @classmethod
    def compose_with(cls, request: ComposeRequest) -> LaunchRequest:
        return cls("compose", request)

    @classmethod
    def fetch(cls, *, background: bool) -> LaunchRequest:
        return cls("fetch", background=background)

    def to_json(self) -> str:
        data: dict[str, Any] = {"kind": self.kind, "background": self.background}
        if self.compose is not None:
            data["compose"] = self.compose.to_dict()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LaunchRequest:
        try:
            data = json.loads(text)
        except ValueError:
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "The launch request is not JSON."))
            ) from None
        if not isinstance(data, dict) or data.get("kind") not in ("show", "compose", "fetch"):
            raise HongyanError(
                words(QT_TRANSLATE_NOOP("Core", "The launch request has no known kind."))
            )
        compose = ComposeRequest.from_dict(data["compose"]) if data["kind"] == "compose" else None
        return cls(data["kind"], compose, bool(data.get("background", False)))
