"""``hongyan show`` and ``hongyan save-attachments``: read a message without the window.

A message is named by its id in the mail store (as ``hongyan list`` prints it) or by the path
of an ``.eml`` file. What is printed is the same :class:`MessageView` the window shows, as
text: terminal control sequences in a hostile message are shown escaped, never executed.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.commands import Context
    from hongyan.core.message.view import MessageView

# C0 controls except tab and newline, DEL, C1 controls: ESC [ 2 J would clear the screen.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    show = subparsers.add_parser("show", help="print a message: headers, text and attachment list")
    show.add_argument("message", help="message id in the mail store, or path of an .eml file")
    show.add_argument("--charset", help="read the text in this encoding (e.g. gbk, big5)")
    show.set_defaults(handler=show_command)
    save = subparsers.add_parser(
        "save-attachments", help="save the attachments of a message into a folder"
    )
    save.add_argument("message", help="message id in the mail store, or path of an .eml file")
    save.add_argument("directory", type=Path, help="existing folder to save into")
    save.set_defaults(handler=save_command)


def _terminal_safe(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TERMINAL_CONTROLS.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)


def _message_bytes(name: str, ctx: Context) -> bytes:
    """The message for a store id or a file path, as read for reading: a huge one with its
    large parts cut (core/message/large.py, plan G67)."""
    from hongyan.core.message.large import read_for_reading
    from hongyan.core.store.maildir import locate_message_file

    path = Path(name).expanduser()
    if not path.is_file():
        if not name.isdigit():
            raise HongyanError(f"{name} is neither a message id nor a file.")
        from hongyan.core.store import Store

        with Store.open(ctx.settings.store_path) as store:
            path = store.path(int(name))
    try:
        return read_for_reading(path, locate=locate_message_file)
    except OSError as exc:
        raise HongyanError(f"Could not read {path}: {exc.strerror or exc}.") from exc


def _view(args: argparse.Namespace, ctx: Context) -> MessageView:
    from hongyan.core.message.preferences import SenderPreferences
    from hongyan.core.message.view import view_for_reader

    data = _message_bytes(args.message, ctx)
    charset = getattr(args, "charset", None)
    if charset:
        from hongyan.core.message.charset import codec_for

        if codec_for(charset) is None:
            raise HongyanError(f"{charset!r} is not an encoding Hongyan knows (try gbk or big5).")
    preferences = SenderPreferences.load(ctx.paths)
    return view_for_reader(data, preferences, prefer_html=False, charset_override=charset)


def show_command(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.message.view import format_addresses

    view = _view(args, ctx)
    rows = [
        ("From", format_addresses(view.from_)),
        ("To", format_addresses(view.to)),
        ("Cc", format_addresses(view.cc)),
        ("Reply-To", format_addresses(view.reply_to)),
        ("Date", view.date_text),
        ("Subject", view.subject),
    ]
    out = ctx.out
    for label, value in rows:
        if value:
            print(f"{label}: {_terminal_safe(value)}", file=out)
    for note in view.notes:
        print(f"Note: {_terminal_safe(note)}", file=out)
    print(file=out)
    print(_terminal_safe(view.text).rstrip("\n"), file=out)
    if view.attachments:
        print(file=out)
        print("Attachments:", file=out)
        for a in view.attachments:
            warning = "  (a program: opening it can harm your computer)" if a.is_executable else ""
            line = f"  {a.index}. {a.filename}  {a.content_type}  {a.size} bytes{warning}"
            print(_terminal_safe(line), file=out)
    return 0


def save_command(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.message.attachments import save_attachments

    view = _view(args, ctx)
    if not view.attachments:
        print("This message has no attachments.", file=ctx.out)
        return 0
    written = save_attachments(view, args.directory)  # never overwrites: "name (1).ext"
    for attachment, path in zip(view.attachments, written, strict=True):
        note = "  (a program: check it before opening)" if attachment.is_executable else ""
        print(_terminal_safe(f"{path}{note}"), file=ctx.out)
    return 0
