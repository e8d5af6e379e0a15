"""``hongyan folder create|rename|delete|empty``, ``hongyan move``, ``hongyan copy``.

A contract for scripts (issue 17)::

    hongyan folder create NAME          levels separated by '/': 客户/华东/上海某公司
    hongyan folder rename NAME NEW      with its subfolders; the rules follow
    hongyan folder delete NAME [--yes]  with its subfolders; their mail goes to Trash
    hongyan folder empty Trash|Junk [--yes]
    hongyan move ID... --to FOLDER
    hongyan copy ID... --to FOLDER      prints "ID<TAB>COPY-ID" for each message

``delete`` asks first on a terminal (not with ``--yes``); a script's delete is not asked, since
nothing is lost (the mail is in Trash). ``empty`` deletes for good: a script must say ``--yes``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from hongyan.commands import Context
from hongyan.commands.store import open_store
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.store import Store


def register(subparsers: Any) -> None:
    folder = subparsers.add_parser(
        "folder",
        help="create, rename, delete or empty a folder",
        description="Folders are written with '/' between levels (客户/华东).",
        allow_abbrev=False,
    )
    actions = folder.add_subparsers(title="actions", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a folder", allow_abbrev=False)
    create.add_argument("name", metavar="NAME", help="the new folder; missing parents are made")
    create.set_defaults(handler=cmd_create)
    rename = actions.add_parser(
        "rename", help="rename a folder with its subfolders", allow_abbrev=False
    )
    rename.add_argument("name", metavar="NAME", help="the folder")
    rename.add_argument("new", metavar="NEW", help="its new name (another parent moves it there)")
    rename.set_defaults(handler=cmd_rename)
    delete = actions.add_parser(
        "delete",
        help="delete a folder and its subfolders; their mail goes to Trash",
        allow_abbrev=False,
    )
    delete.add_argument("name", metavar="NAME", help="the folder")
    delete.add_argument("--yes", action="store_true", help="do not ask first")
    delete.set_defaults(handler=cmd_delete)
    empty = actions.add_parser(
        "empty", help="delete everything in Trash or Junk for good", allow_abbrev=False
    )
    empty.add_argument("name", metavar="FOLDER", help="Trash or Junk")
    empty.add_argument("--yes", action="store_true", help="do not ask first (needed in a script)")
    empty.set_defaults(handler=cmd_empty)

    for verb, handler, what in (
        ("move", cmd_move, "move messages to a folder"),
        ("copy", cmd_copy, "copy messages to a folder (prints each id and its copy's id)"),
    ):
        parser = subparsers.add_parser(verb, help=what, allow_abbrev=False)
        parser.add_argument(
            "ids", nargs="+", type=int, metavar="ID", help="message ids (hongyan list, search)"
        )
        parser.add_argument("--to", required=True, metavar="FOLDER", help="the folder")
        parser.set_defaults(handler=handler)


def _ask(ctx: Context, question: str) -> bool:
    print(f"{question} [y/N] ", end="", file=ctx.err, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def cmd_create(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        from hongyan.core.store.folders import user_folder_name

        name = user_folder_name(args.name)
        if store.folder_exists(name):
            raise HongyanError(f"There is a folder '{name}' already.")
        store.create_folder(name)
    print(f"Created the folder {name}.", file=ctx.out)
    return 0


def cmd_rename(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.rules.folders import rename_folder

    with open_store(ctx) as store:
        pairs, rules = rename_folder(store, args.name, args.new)
    if not pairs:
        print(f"The folder is called {args.new} already.", file=ctx.out)
        return 0
    (old, new), rest = pairs[0], len(pairs) - 1
    also = f" (and {_plural(rest, 'subfolder')})" if rest else ""
    print(f"Renamed {old} to {new}{also}.", file=ctx.out)
    if rules:
        print(f"Rules now filing into {new}: {', '.join(rules)}.", file=ctx.out)
    return 0


def cmd_delete(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.rules.folders import rules_filing_into
    from hongyan.core.store.maildir import validate_folder

    with open_store(ctx) as store:
        name = validate_folder(args.name)
        if not args.yes and _interactive() and store.folder_exists(name):
            count = _messages_in(store, name)
            subfolders = len(store.subfolders(name))
            also = f" and its {_plural(subfolders, 'subfolder')}" if subfolders else ""
            question = f"Delete the folder {name}{also}? {_plural(count, 'message')} go to Trash."
            if not _ask(ctx, question):
                print("Nothing was deleted.", file=ctx.out)
                return 1
        moved = store.delete_folder(name)
        rules = rules_filing_into(store, name)
    print(f"Deleted the folder {name}; {_plural(moved, 'message')} went to Trash.", file=ctx.out)
    for rule in rules:
        print(
            f"hongyan: warning: the rule '{rule}' files into {name}, which is gone; its mail"
            " stays in the Inbox until you change the rule.",
            file=ctx.err,
        )
    return 0


def _messages_in(store: Store, name: str) -> int:
    folders = [name, *store.subfolders(name)]
    return sum(store.count(f) for f in folders)


def cmd_empty(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.store.folders import EMPTIABLE, user_folder_name

    name = user_folder_name(args.name)
    if name not in EMPTIABLE:
        raise HongyanError(f"Only Trash and Junk can be emptied, not '{args.name}'.")
    with open_store(ctx) as store:
        count = store.count(name)
        if not args.yes:
            if not _interactive():
                raise HongyanError(
                    f"Emptying {name} deletes its mail for good; add --yes to do it from a script."
                )
            if not _ask(ctx, f"Delete the {_plural(count, 'message')} in {name} for good?"):
                print("Nothing was deleted.", file=ctx.out)
                return 1
        removed = store.empty_folder(name)
    print(f"Deleted {_plural(removed, 'message')} from {name} for good.", file=ctx.out)
    return 0


def _checked(store: Store, ids: list[int], folder: str) -> str:
    """The target folder; every id must exist before anything moves."""
    target = store.existing_folder(folder)
    for message_id in dict.fromkeys(ids):
        store.get(message_id)
    return target


def cmd_move(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        folder = _checked(store, args.ids, args.to)
        store.move(dict.fromkeys(args.ids), folder)
    print(f"Moved {_plural(len(set(args.ids)), 'message')} to {folder}.", file=ctx.out)
    return 0


def cmd_copy(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        folder = _checked(store, args.ids, args.to)
        copies = store.copy(args.ids, folder)
    for original, copy in zip(args.ids, copies, strict=True):
        print(f"{original}\t{copy}", file=ctx.out)
    return 0
