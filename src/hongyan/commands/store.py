"""``hongyan store|folders|list|search|import|export``: the mail store from the command line.

Output is a contract (scripts and tests read it): one item a line, tab-separated fields, no
header line, tabs and line breaks inside a field turned into spaces.

- ``folders``: name, total, unread
- ``list FOLDER``: id, date (``YYYY-MM-DD HH:MM``, local time), from, subject; newest first
- ``search QUERY``: id, date, from, subject, folder; newest first
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hongyan.commands import Context
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.store import MessageRow, Store

DEFAULT_LIST_LIMIT = 50
DEFAULT_SEARCH_LIMIT = 200


def register(subparsers: Any) -> None:
    """Add the store's subcommands."""
    store = subparsers.add_parser("store", help="where the mail store is; open, move, reindex")
    actions = store.add_subparsers(title="actions", metavar="ACTION", required=True)
    actions.add_parser("where", help="print the folder of the mail store").set_defaults(
        handler=cmd_where
    )
    opener = actions.add_parser("open", help="use an existing mail store (after a reinstall)")
    opener.add_argument("path", type=Path, help="the folder of the mail store")
    opener.set_defaults(handler=cmd_open)
    mover = actions.add_parser("move", help="move the mail store to another folder or disk")
    mover.add_argument("dest", type=Path, help="the new folder (created, or empty; on any disk)")
    mover.add_argument(
        "--keep-old", action="store_true", help="keep the old copy after the move is verified"
    )
    mover.set_defaults(handler=cmd_move)
    actions.add_parser("reindex", help="rebuild the index from the mail files").set_defaults(
        handler=cmd_reindex
    )

    subparsers.add_parser("folders", help="list folders: name, total, unread").set_defaults(
        handler=cmd_folders
    )
    lister = subparsers.add_parser("list", help="list messages of a folder, newest first")
    lister.add_argument("folder", help="the folder's name (see: hongyan folders)")
    amount = lister.add_mutually_exclusive_group()
    amount.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIST_LIMIT,
        metavar="N",
        help=f"the newest N messages (default {DEFAULT_LIST_LIMIT})",
    )
    amount.add_argument("--all", action="store_true", help="every message of the folder")
    lister.set_defaults(handler=cmd_list)

    searcher = subparsers.add_parser(
        "search",
        help='search: words, "phrases", from: to: ...',
        description="Search the mail store. Mail fetched since the last search is indexed "
        "for search first (with progress on stderr), so the results are always complete.",
    )
    searcher.add_argument(
        "query",
        nargs="+",
        help="what to find; quoting the whole query or not means the same. A phrase needs "
        """its own double quotes: hongyan search 'from:li "quarterly report"'""",
    )
    searcher.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_SEARCH_LIMIT,
        metavar="N",
        help=f"at most N results, newest first (default {DEFAULT_SEARCH_LIMIT})",
    )
    searcher.set_defaults(handler=cmd_search)

    importer = subparsers.add_parser("import", help="import an mbox, an .eml, or a folder of .eml")
    importer.add_argument("path", type=Path, help="an mbox file, an .eml file or a folder of .eml")
    importer.add_argument(
        "--folder",
        default="Inbox",
        metavar="NAME",
        help="the folder to import into (default: Inbox)",
    )
    importer.set_defaults(handler=cmd_import)

    exporter = subparsers.add_parser(
        "export", help="export a folder to mbox (FOLDER FILE) or a message to .eml"
    )
    exporter.add_argument("--message", type=int, metavar="ID", help="export one message as .eml")
    exporter.add_argument("--force", action="store_true", help="replace FILE if it exists")
    exporter.add_argument(
        "targets",
        nargs="+",
        metavar="FOLDER FILE | FILE",
        help="the folder and the mbox file to write; with --message, the .eml file",
    )
    exporter.set_defaults(handler=cmd_export)


# -- helpers --------------------------------------------------------------------------------
def open_store(ctx: Context) -> Store:
    """Open the configured store; the default one is created on first use, others must exist."""
    from hongyan.core.store import Store

    path = ctx.settings.store_path
    is_default = path == ctx.paths.default_store_dir
    if not path.exists() and not is_default:
        raise HongyanError(
            f"The mail store at {path} is missing. If it is on a removable drive, connect it;"
            " otherwise point Hongyan at your mail with: hongyan store open PATH"
        )
    store = Store.open(path, create=is_default, progress=_progress_printer(ctx))
    if store.damaged_index is not None:
        print(
            f"hongyan: the mail index was damaged; it was moved to {store.damaged_index}"
            " and rebuilt from your mail files.",
            file=ctx.err,
        )
    return store


def _progress_printer(ctx: Context, verb: str = "indexing") -> Any:
    """``progress(done, total)`` that prints at most once a second, and the last step."""
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] > 1:
            last[0] = now
            label = f"{done}/{total}" if total else str(done)
            print(f"hongyan: {verb} messages {label}", file=ctx.err)

    return progress


def _field(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines()).strip()


def _sender(row: MessageRow) -> str:
    if row.from_name and row.from_addr:
        return f"{row.from_name} <{row.from_addr}>"
    return row.from_name or row.from_addr


def message_line(row: MessageRow, *, with_folder: bool = False) -> str:
    """One message as ``id, date, from, subject[, folder]``, tab-separated."""
    date = time.strftime("%Y-%m-%d %H:%M", time.localtime(row.date))
    fields = [str(row.id), date, _field(_sender(row)), _field(row.subject)]
    if with_folder:
        fields.append(row.folder)
    return "\t".join(fields)


# -- handlers -------------------------------------------------------------------------------
def cmd_where(args: argparse.Namespace, ctx: Context) -> int:
    print(ctx.settings.store_path, file=ctx.out)
    return 0


def cmd_open(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.store import Store, is_store

    path = args.path.expanduser().absolute()
    if not is_store(path):
        raise HongyanError(f"{path} is not a Hongyan mail store (no Maildir folders in it).")
    with Store.open(path, progress=_progress_printer(ctx)) as store:
        total = sum(f.total for f in store.folders())
    ctx.settings.set("store_path", str(path))
    ctx.settings.save()
    print(f"Using the mail store at {path} ({total} messages).", file=ctx.out)
    return 0


def cmd_move(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.store.relocate import relocate

    source = ctx.settings.store_path
    dest = args.dest.expanduser().absolute()
    result = relocate(source, dest, progress=_progress_printer(ctx, "copying"))
    ctx.settings.set("store_path", str(result.dest))
    ctx.settings.save()
    left = result.finish(keep_old=args.keep_old)
    kept = f" The old copy is still at {source}." if args.keep_old else ""
    if left:
        kept = f" {len(left)} files that arrived during the move were left at {source}."
    print(f"Moved {result.files} files to {result.dest}.{kept}", file=ctx.out)
    return 0


def cmd_reindex(args: argparse.Namespace, ctx: Context) -> int:
    """Rebuild beside the index in use; Ctrl-C stops it and leaves the old index (rebuild.py)."""
    with open_store(ctx) as store:
        try:
            count = store.reindex(progress=_progress_printer(ctx))
        except KeyboardInterrupt:
            print(
                "hongyan: the rebuild was cancelled; the old index is still in use.",
                file=ctx.err,
            )
            return 130
    print(f"Reindexed {count} messages.", file=ctx.out)
    return 0


def cmd_folders(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        for folder in store.folders():
            print(f"{folder.name}\t{folder.total}\t{folder.unread}", file=ctx.out)
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    if not args.all and args.limit < 0:
        raise HongyanError("--limit must be 0 or more.")
    with open_store(ctx) as store:
        _require_folder(store, args.folder)
        for row in store.list(args.folder, limit=None if args.all else args.limit):
            print(message_line(row), file=ctx.out)
    return 0


def _require_folder(store: Store, folder: str) -> None:
    from hongyan.core.store.maildir import validate_folder

    if validate_folder(folder) not in {f.name for f in store.folders()}:
        raise HongyanError(f"There is no folder '{folder}'. See: hongyan folders")


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    """Index what a fetch left pending first: a script always gets complete results."""
    query = " ".join(args.query)  # one query, as typed in the search box (see the help)
    with open_store(ctx) as store:
        if store.pending_count():
            try:
                store.index_pending(progress=_pending_printer(ctx))
            except KeyboardInterrupt:
                print(
                    "hongyan: indexing was stopped; what was indexed is kept, the rest is"
                    " indexed by the next search.",
                    file=ctx.err,
                )
                return 130
        for row in store.search(query, limit=args.limit):
            print(message_line(row, with_folder=True), file=ctx.out)
    return 0


def _pending_printer(ctx: Context) -> Any:
    """``progress(done, total)`` for the body pass: one line rewritten on a terminal, plain
    lines (at most one a second, and the last) otherwise."""
    if not ctx.err.isatty():
        return _progress_printer(ctx, "indexing new")
    first = [True]

    def progress(done: int, total: int) -> None:
        if first[0]:
            first[0] = False
            print(f"Indexing {total} new messages for search…", file=ctx.err)
        end = "\n" if done >= total else ""
        print(f"\r  {done}/{total}", end=end, file=ctx.err, flush=True)

    return progress


def _count(n: int, noun: str) -> str:
    """``1 message``, ``2 messages``: the CLI speaks English (the GUI has Qt's plural forms)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


#: Files left out of an import that are named one by one; the rest are counted.
NAMED_NOT_MAIL = 10


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.store.importexport import import_path

    with open_store(ctx) as store:
        report = import_path(
            store,
            args.path.expanduser(),
            folder=args.folder,
            progress=_progress_printer(ctx, "importing"),
        )
    for path in report.not_mail[:NAMED_NOT_MAIL]:
        print(f"hongyan: skipped {path}: not an email message.", file=ctx.err)
    if len(report.not_mail) > NAMED_NOT_MAIL:
        more = len(report.not_mail) - NAMED_NOT_MAIL
        print(f"hongyan: skipped {more} more files that are not email messages.", file=ctx.err)
    line = f"Imported {_count(report.imported, 'message')} into {args.folder}."
    if report.skipped:
        line += f" Skipped {report.skipped} already imported."
    print(line, file=ctx.out)
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.store.importexport import ExportTargetExistsError

    try:
        return _export(args, ctx)
    except ExportTargetExistsError as exc:
        raise HongyanError(f"{exc} Add --force to replace it.") from exc


def _export(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.store.importexport import export_folder, export_message

    with open_store(ctx) as store:
        if args.message is not None:
            if len(args.targets) != 1:
                raise HongyanError("Give one file: hongyan export --message ID FILE.eml")
            export_message(store, args.message, Path(args.targets[0]), overwrite=args.force)
            print(f"Exported message {args.message} to {args.targets[0]}.", file=ctx.out)
            return 0
        if len(args.targets) != 2:
            raise HongyanError("Give a folder and a file: hongyan export FOLDER FILE.mbox")
        folder, target = args.targets
        _require_folder(store, folder)
        count = export_folder(store, folder, Path(target), overwrite=args.force)
    print(f"Exported {_count(count, 'message')} from {folder} to {target}.", file=ctx.out)
    return 0
