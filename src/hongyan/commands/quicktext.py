"""``hongyan quicktext``: saved paragraphs (the compose window inserts them at the cursor).

hongyan quicktext list [WORDS...]        all, or those matching every word (any case)
hongyan quicktext add TITLE (--text TEXT | --text-file FILE) [--replace]
hongyan quicktext remove TITLE
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hongyan.commands import Context

if TYPE_CHECKING:
    from hongyan.core.quicktext import QuickTexts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "quicktext",
        help="saved paragraphs to insert while writing",
        description="Quick texts live in quicktext.json in the mail store folder.",
        allow_abbrev=False,
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="list quick texts, or find them by words", allow_abbrev=False
    )
    listing.add_argument(
        "words", nargs="*", metavar="WORD", help="only those holding every word (title or text)"
    )
    listing.set_defaults(handler=handle_list)
    add = actions.add_parser("add", help="save a quick text", allow_abbrev=False)
    add.add_argument("title", metavar="TITLE", help="a short title to find it by")
    text = add.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", metavar="TEXT", help="the paragraph")
    text.add_argument("--text-file", metavar="FILE", help="read it from FILE (UTF-8; - is stdin)")
    add.add_argument(
        "--replace", action="store_true", help="replace the quick text with this title"
    )
    add.set_defaults(handler=handle_add)
    remove = actions.add_parser("remove", help="delete a quick text", allow_abbrev=False)
    remove.add_argument("title", metavar="TITLE", help="its title (any case)")
    remove.set_defaults(handler=handle_remove)


def _texts(ctx: Context) -> QuickTexts:
    from hongyan.commands.send import _open_store
    from hongyan.core.quicktext import QuickTexts

    with _open_store(ctx) as store:  # made if missing, as every command that writes does
        return QuickTexts(store.root)


def handle_list(args: argparse.Namespace, ctx: Context) -> int:
    found = _texts(ctx).find(" ".join(args.words))
    if not found:
        print("No quick texts." if not args.words else "No quick text matches.", file=ctx.out)
    for quick in found:
        print(f"[{quick.title}]\n{quick.text.rstrip()}\n", file=ctx.out)
    return 0


def handle_add(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _read_body

    text = _read_body(argparse.Namespace(body=args.text, body_file=args.text_file))
    saved = _texts(ctx).add(args.title, text, replace=args.replace)
    print(f"Saved the quick text “{saved.title}”.", file=ctx.out)
    return 0


def handle_remove(args: argparse.Namespace, ctx: Context) -> int:
    _texts(ctx).remove(args.title)
    print(f"Removed the quick text “{args.title}”.", file=ctx.out)
    return 0
